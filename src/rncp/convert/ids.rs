//! The ids of compétences and critères across imports of one fiche: an
//! id never silently changes meaning, since notes are keyed by it.

use std::collections::{HashMap, HashSet};

use crate::referentiel::Certification;
use crate::search::fold;

/// The ids given so far, and those of the previous import of the same fiche.
/// Notes are keyed by id, so an id must never silently change meaning:
/// - an item whose text is unchanged keeps the id it had, whatever its code
///   or position now (claimed first, before any other item of its parent);
/// - an item with a code takes `{parent}.{code}`, the source's own id, and a
///   warning says so when that id named another text before;
/// - an item without a code takes the first `{parent}.C{n}` that no previous
///   version and no note ever used.
#[derive(Default)]
pub(super) struct Ids {
    given: HashSet<String>,
    /// Every id of the previous version, its former ids, and every id the
    /// portfolio holds work under.
    reserved: HashSet<String>,
    /// (parent id, folded text) → id, in the previous version.
    previous: HashMap<(String, String), String>,
    /// id → (its text, its former ids) in the previous version.
    old: HashMap<String, (String, Vec<String>)>,
    /// What the candidate should check: ids whose text changed.
    pub(super) changed: Vec<String>,
}

impl Ids {
    pub(super) fn new(previous: Option<&Certification>, worked: &[String]) -> Self {
        let mut ids = Ids::default();
        ids.reserved.extend(worked.iter().cloned());
        let Some(old) = previous else { return ids };
        for bloc in &old.blocs {
            for c in bloc.competences() {
                ids.remember(&bloc.id, &c.id, &c.title, &c.former_ids);
                for k in &c.criteres {
                    ids.remember(&c.id, &k.id, &k.text, &k.former_ids);
                }
            }
        }
        ids
    }

    fn remember(&mut self, parent: &str, id: &str, text: &str, former: &[String]) {
        self.reserved.insert(id.to_string());
        self.reserved.extend(former.iter().cloned());
        self.previous
            .entry((parent.to_string(), fold(text).text))
            .or_insert_with(|| id.to_string());
        self.old
            .insert(id.to_string(), (fold(text).text, former.to_vec()));
    }

    /// `wanted`, or `wanted-2`, `wanted-3`… when taken. Whitespace never
    /// reaches an id.
    pub(super) fn take(&mut self, wanted: &str) -> String {
        let base: String = wanted.chars().filter(|c| !c.is_whitespace()).collect();
        let mut id = base.clone();
        let mut n = 2;
        while !self.given.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// The id `text` had under `parent` in the previous version, if no one
    /// took it yet: claimed now.
    pub(super) fn unchanged(&mut self, parent: &str, text: &str) -> Option<String> {
        let old = self.previous.get(&(parent.to_string(), fold(text).text))?;
        if self.given.contains(old) {
            return None;
        }
        let old = old.clone();
        Some(self.take(&old))
    }

    /// The id of an item under `parent` whose text changed or is new (see
    /// [`Ids`]). `prefix` is where a code hangs (`parent`, or the bloc for a
    /// code that already says its parent's, `1.1.1` under `1.1`).
    pub(super) fn item(
        &mut self,
        prefix: &str,
        parent: &str,
        code: Option<&str>,
        text: &str,
        letter: &str,
        n: usize,
    ) -> String {
        if let Some(code) = code {
            let id = self.take(&format!("{prefix}.{code}"));
            if let Some((old, _)) = self.old.get(&id)
                && *old != fold(text).text
            {
                self.changed.push(id.clone());
            }
            return id;
        }
        let mut n = n;
        loop {
            let id = format!("{parent}.{letter}{n}");
            if !self.reserved.contains(&id) && !self.given.contains(&id) {
                return self.take(&id);
            }
            n += 1;
        }
    }

    /// The former ids the previous version gave this id.
    pub(super) fn former(&self, id: &str) -> Vec<String> {
        self.old
            .get(id)
            .map(|(_, former)| former.clone())
            .unwrap_or_default()
    }
}
