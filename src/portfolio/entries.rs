//! The lists whose ids are never given twice, experiences and pieces: what
//! they share (new ids, updates, the notes that point to an entry).

use super::{Note, Portfolio};

/// An entry of a list whose ids are never given twice: experiences, pieces.
pub(super) trait Entry: Clone + PartialEq + std::fmt::Debug {
    fn id(&self) -> &str;
    fn set_id(&mut self, id: &str);
}

impl Entry for crate::experience::Experience {
    fn id(&self) -> &str {
        &self.id
    }

    fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }
}

impl Entry for super::Piece {
    fn id(&self) -> &str {
        &self.id
    }

    fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }
}

/// The next `prefix-N` id: past the counter `last` and past every id in
/// `taken` (a hand-edited file may hold ids beyond the counter); at the
/// counter's end, the smallest number not taken. Returns (N, id).
pub(super) fn fresh_id<'a>(
    prefix: &str,
    last: u32,
    taken: impl Iterator<Item = &'a str> + Clone,
) -> (u32, String) {
    let number = |id: &str| {
        id.strip_prefix(prefix)?
            .strip_prefix('-')?
            .parse::<u32>()
            .ok()
    };
    let highest = taken.clone().filter_map(number).max().unwrap_or(0);
    let next = last.max(highest).checked_add(1).unwrap_or_else(|| {
        (1..=u32::MAX)
            .find(|n| !taken.clone().any(|id| number(id) == Some(*n)))
            .expect("fewer ids than numbers")
    });
    (next, format!("{prefix}-{next}"))
}

/// Replaces the fields of the entry `id` of `list`, keeping its id.
/// Returns whether anything changed.
pub(super) fn update<T: Entry>(list: &mut [T], id: &str, mut entry: T) -> bool {
    let Some(existing) = list.iter_mut().find(|e| e.id() == id) else {
        return false;
    };
    entry.set_id(id);
    if *existing == entry {
        return false;
    }
    *existing = entry;
    true
}

impl Portfolio {
    /// The notes `keep` says yes to: (critère, index), drafts included.
    pub(super) fn notes_where(&self, keep: impl Fn(&Note) -> bool) -> Vec<(&str, usize)> {
        self.criteres
            .iter()
            .flat_map(|(critere, work)| {
                work.notes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| keep(n))
                    .map(move |(i, _)| (critere.as_str(), i))
            })
            .collect()
    }
}
