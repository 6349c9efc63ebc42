//! Two versions of one portfolio put together when the file changed on disk
//! under a process that was about to save (a second writer whose lock file
//! was deleted, a copy put back by hand): nothing either side wrote is lost.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use jiff::Timestamp;

use super::entries::Entry;
use super::{Identity, Note, Portfolio, Status};

/// What [`Portfolio::merge_from`] took from the other version.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub notes: usize,
    pub experiences: usize,
    pub pieces: usize,
}

impl Merged {
    pub fn is_empty(&self) -> bool {
        self.notes == 0 && self.experiences == 0 && self.pieces == 0
    }

    /// « 1 note ajoutée », « 2 notes et 1 expérience ajoutées »; `None`
    /// when nothing came.
    pub fn describe(&self) -> Option<String> {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let parts: Vec<String> = [
            count(self.notes, "note", "notes"),
            count(self.experiences, "expérience", "expériences"),
            count(self.pieces, "pièce justificative", "pièces justificatives"),
        ]
        .into_iter()
        .flatten()
        .collect();
        // Notes, experiences and pieces are all feminine: one agreement.
        let plural = if self.notes + self.experiences + self.pieces > 1 {
            "s"
        } else {
            ""
        };
        (!parts.is_empty()).then(|| format!("{} ajoutée{plural}", parts.join(" et ")))
    }
}

/// What a process last wrote of a portfolio, kept small (hashes, not
/// texts): the common version of a later merge, so that what this side
/// deleted or changed is not brought back by the other's older copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Base {
    notes: BTreeSet<(String, Timestamp, u64)>,
    /// Per note (as in `notes`), its links to experiences and pieces.
    links: BTreeMap<(String, Timestamp, u64), u64>,
    marks: BTreeMap<String, (Status, Option<u8>)>,
    experiences: BTreeMap<String, u64>,
    pieces: BTreeMap<String, u64>,
    targeted: BTreeSet<String>,
    due: Option<jiff::civil::Date>,
    positioning: BTreeMap<String, super::Positioning>,
    identity: Identity,
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn entry_hash(entry: &impl std::fmt::Debug) -> u64 {
    // Through its debug form: every field, whatever its type.
    hash_of(&format!("{entry:?}"))
}

/// Takes into `portfolio`'s list (`list`) each entry of `theirs` not here,
/// or changed there and not here; changed on both sides, theirs is kept
/// too under a new id (`add`). Returns how many came, and the ids renamed.
fn merge_entries<T: Entry>(
    portfolio: &mut Portfolio,
    list: fn(&mut Portfolio) -> &mut Vec<T>,
    add: fn(&mut Portfolio, T) -> String,
    theirs: &[T],
    base: Option<&BTreeMap<String, u64>>,
) -> (usize, BTreeMap<String, String>) {
    let mut came = 0;
    let mut renamed = BTreeMap::new();
    for entry in theirs {
        let hash = entry_hash(entry);
        let in_base = base.and_then(|b| b.get(entry.id())).copied();
        let ours = list(portfolio);
        match ours.iter().position(|e| e.id() == entry.id()) {
            Some(i) if ours[i] == *entry => {}
            // Changed here only: ours stands.
            Some(_) if in_base == Some(hash) => {}
            // Changed there only: theirs replaces ours.
            Some(i) if in_base == Some(entry_hash(&ours[i])) => {
                ours[i] = entry.clone();
                came += 1;
            }
            Some(_) => {
                let id = add(portfolio, entry.clone());
                renamed.insert(entry.id().to_string(), id);
                came += 1;
            }
            // Deleted here, unchanged there.
            None if in_base == Some(hash) => {}
            None => {
                ours.push(entry.clone());
                came += 1;
            }
        }
    }
    (came, renamed)
}

/// Ids to their entries' hashes, for a [`Base`].
fn hashes<T: Entry>(entries: &[T]) -> BTreeMap<String, u64> {
    entries
        .iter()
        .map(|e| (e.id().to_string(), entry_hash(e)))
        .collect()
}

impl Base {
    pub fn of(portfolio: &Portfolio) -> Base {
        let mut base = Base::default();
        for (id, work) in &portfolio.criteres {
            base.marks.insert(id.clone(), (work.status, work.level));
            for note in &work.notes {
                let key = (id.clone(), note.created, hash_of(&note.text));
                base.links.insert(key.clone(), links_hash(note));
                base.notes.insert(key);
            }
        }
        base.experiences = hashes(&portfolio.experiences);
        base.pieces = hashes(&portfolio.pieces);
        base.targeted = portfolio.targeted.clone();
        base.due = portfolio.due;
        base.positioning = portfolio.positioning.clone();
        base.identity = portfolio.identity.clone();
        base
    }

    /// The links `note` had when this side last wrote it.
    fn links_of(&self, critere: &str, note: &Note) -> Option<u64> {
        let key = (critere.to_string(), note.created, hash_of(&note.text));
        self.links.get(&key).copied()
    }

    fn has_note(&self, critere: &str, note: &Note) -> bool {
        self.notes
            .contains(&(critere.to_string(), note.created, hash_of(&note.text)))
    }
}

/// Which side's statuses and levels win where both differ from the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Newer {
    /// This side (the one in memory): a file changed under it.
    Ours,
    /// The other (a recovery copy of changes that could not be saved).
    Theirs,
}

impl Portfolio {
    /// Takes into this version (the one in memory) what `other` (the one on
    /// disk, or a recovery copy) has and this one lacks, knowing `base`,
    /// what this process last wrote (if it wrote anything yet):
    /// - each note of `other` not here (same creation time and text), unless
    ///   `base` had it (this side deleted or changed it since): a note edited
    ///   on both sides is kept in both versions, never one lost; a note
    ///   unchanged here since `base` and edited there is replaced by their
    ///   version;
    /// - each experience or piece not here, or changed there and not here; changed
    ///   on both sides, theirs is kept too under a new id;
    /// - statuses and levels changed there and not here (without `base`:
    ///   where this side has none); both changed: `newer` wins;
    /// - targeted blocs added there; the newest comment seen;
    /// - the jury date and the identity (the name), each field: theirs
    ///   where ours did not change since `base` (without `base`: where ours
    ///   has none); both changed: `newer` wins.
    ///
    /// This side's place in the tree stays.
    pub fn merge_from(&mut self, other: &Portfolio, base: Option<&Base>, newer: Newer) -> Merged {
        let mut merged = Merged::default();
        // The counters first: an id the other side gave out is not given
        // again to a copy kept under a new id.
        self.last_experience = self.last_experience.max(other.last_experience);
        self.last_piece = self.last_piece.max(other.last_piece);
        // Experiences and pieces next: the other side's notes may link to
        // a renamed one.
        let (came, renamed) = merge_entries(
            self,
            |p| &mut p.experiences,
            Portfolio::add_experience,
            &other.experiences,
            base.map(|b| &b.experiences),
        );
        merged.experiences = came;
        let (came, renamed_pieces) = merge_entries(
            self,
            |p| &mut p.pieces,
            Portfolio::add_piece,
            &other.pieces,
            base.map(|b| &b.pieces),
        );
        merged.pieces = came;
        let order = Order {
            experiences: self.experiences.iter().map(|e| e.id.clone()).collect(),
            pieces: self.pieces.iter().map(|p| p.id.clone()).collect(),
            renamed: &renamed,
            renamed_pieces: &renamed_pieces,
        };
        for (id, theirs) in &other.criteres {
            let ours = std::sync::Arc::make_mut(self.criteres.entry(id.clone()).or_default());
            let mark = (ours.status, ours.level);
            let their_mark = (theirs.status, theirs.level);
            let take = match base.map(|b| b.marks.get(id).copied().unwrap_or_default()) {
                _ if newer == Newer::Theirs => true,
                Some(was) => mark == was,
                None => mark == (Status::Todo, None),
            };
            if take && mark != their_mark {
                (ours.status, ours.level) = their_mark;
            }
            for note in &theirs.notes {
                // Hints dismissed there stay dismissed here.
                for mine in ours.notes.iter_mut().filter(|n| same_note(n, note)) {
                    for hint in &note.dismissed {
                        if !mine.dismissed.contains(hint) {
                            mine.dismissed.push(*hint);
                            mine.dismissed.sort();
                        }
                    }
                    // Links changed there (the text as it was): theirs where
                    // ours did not change, both where both did.
                    let was = base.and_then(|b| b.links_of(id, note));
                    let take = match (newer, was) {
                        (Newer::Theirs, _) => Take::Theirs,
                        (_, Some(was)) if links_hash(note) == was => Take::Nothing,
                        (_, Some(was)) if links_hash(mine) == was => Take::Theirs,
                        _ => Take::Both,
                    };
                    order.links(mine, note, take);
                }
                let here = ours.notes.iter().any(|n| same_note(n, note));
                if here || base.is_some_and(|b| b.has_note(id, note)) {
                    continue;
                }
                let mut note = note.clone();
                for link in &mut note.experiences {
                    if let Some(id) = renamed.get(link.as_str()) {
                        *link = id.clone();
                    }
                }
                for link in &mut note.pieces {
                    if let Some(id) = renamed_pieces.get(link.as_str()) {
                        *link = id.clone();
                    }
                }
                ours.notes.push(note);
                merged.notes += 1;
            }
            // A note unchanged here since `base` that they edited gives way
            // to their version (brought in above): edited on one side only,
            // a note is not kept twice. Deleted there, it stays here.
            if let Some(base) = base {
                ours.notes.retain(|n| {
                    let same_time = |t: &&Note| t.created == n.created;
                    let edited_there = theirs
                        .notes
                        .iter()
                        .filter(same_time)
                        .any(|t| t.text != n.text);
                    let kept_there = theirs.notes.iter().any(|t| same_note(t, n));
                    !(base.has_note(id, n) && edited_there && !kept_there)
                });
            }
        }
        self.criteres.retain(|_, work| *work != Default::default());
        for bloc in &other.targeted {
            if !base.is_some_and(|b| b.targeted.contains(bloc)) {
                self.targeted.insert(bloc.clone());
            }
        }
        for (id, seen) in &other.seen {
            let ours = self.seen.entry(id.clone()).or_insert(*seen);
            *ours = (*ours).max(*seen);
        }
        self.merge_cycle(other);
        self.merge_writing(other, base, newer);
        let base_identity = base.map(|b| &b.identity);
        self.identity
            .merge(&other.identity, base_identity, newer == Newer::Theirs);
        merged
    }

    /// The coaching's part. The jury date and each self-positioning: theirs
    /// where ours did not change since `base` (without `base`: where ours
    /// has none), or where theirs is the newer side. Each hour of writing:
    /// theirs where ours has none; both: the newer side's, else the larger.
    fn merge_writing(&mut self, other: &Portfolio, base: Option<&Base>, newer: Newer) {
        let theirs_wins = newer == Newer::Theirs;
        let due_unchanged = base.map_or(self.due.is_none(), |b| b.due == self.due);
        if other.due != self.due && (theirs_wins || due_unchanged) {
            self.due = other.due;
        }
        let ids: BTreeSet<String> = self
            .positioning
            .keys()
            .chain(other.positioning.keys())
            .cloned()
            .collect();
        for id in ids {
            let ours = self.positioning.get(&id).copied();
            let theirs = other.positioning.get(&id).copied();
            let unchanged =
                base.map_or(ours.is_none(), |b| b.positioning.get(&id).copied() == ours);
            let changed_there = base.is_none_or(|b| b.positioning.get(&id).copied() != theirs);
            if theirs != ours && (theirs_wins || (unchanged && changed_there)) {
                match theirs {
                    Some(p) => self.positioning.insert(id, p),
                    None => self.positioning.remove(&id),
                };
            }
        }
        for hour in &other.written {
            match self.written.iter_mut().find(|w| w.at == hour.at) {
                Some(ours) if theirs_wins => ours.words = hour.words,
                Some(ours) => ours.words = ours.words.max(hour.words),
                None => self.written.push(*hour),
            }
        }
        self.written.sort_by_key(|w| w.at);
    }
}

impl Portfolio {
    /// What this version has that `saved` lacks, as a portfolio: each
    /// critère whose work differs (with its notes not in `saved`), the
    /// experiences not in `saved`. Small where the whole would not fit (a
    /// recovery copy under `ulimit -f`); [`Portfolio::merge_from`] puts it
    /// back.
    pub fn changes_since(&self, saved: &Portfolio) -> Portfolio {
        let mut changes = Portfolio::new(&self.referentiel);
        for (id, work) in &self.criteres {
            let before = saved.criteres.get(id);
            if before == Some(work) {
                continue;
            }
            let mut work = work.clone();
            if let Some(before) = before {
                // A note whose hints were dismissed since comes too.
                std::sync::Arc::make_mut(&mut work)
                    .notes
                    .retain(|n| !before.notes.contains(n));
            }
            changes.criteres.insert(id.clone(), work);
        }
        changes.experiences = self
            .experiences
            .iter()
            .filter(|e| !saved.experiences.contains(e))
            .cloned()
            .collect();
        changes.last_experience = self.last_experience;
        changes.pieces = self
            .pieces
            .iter()
            .filter(|p| !saved.pieces.contains(p))
            .cloned()
            .collect();
        changes.last_piece = self.last_piece;
        changes.targeted = self.targeted.clone();
        changes.due = self.due;
        changes.identity = self.identity.clone();
        changes.positioning = self.positioning.clone();
        changes.written = self
            .written
            .iter()
            .filter(|w| !saved.written.contains(w))
            .copied()
            .collect();
        // The review cycle's part too: requests, replies, statuses' history.
        changes.requests = self
            .requests
            .iter()
            .filter(|r| !saved.requests.contains(r))
            .cloned()
            .collect();
        changes.history = self
            .history
            .iter()
            .filter(|c| !saved.history.contains(c))
            .cloned()
            .collect();
        for (id, replies) in &self.replies {
            let new: Vec<_> = replies
                .iter()
                .filter(|r| !saved.replies(id).contains(r))
                .cloned()
                .collect();
            if !new.is_empty() {
                changes.replies.insert(id.clone(), new);
            }
        }
        changes
    }
}

/// The same note: same creation time, same text.
fn same_note(a: &Note, b: &Note) -> bool {
    a.created == b.created && a.text == b.text
}

/// A note's links to experiences and pieces, hashed.
fn links_hash(note: &Note) -> u64 {
    hash_of(&(&note.experiences, &note.pieces))
}

/// What of the other side's links a note found on both sides takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Take {
    /// They did not change since the base: ours stand.
    Nothing,
    /// Only they changed, or they are the newer side.
    Theirs,
    /// Both changed: together, none lost.
    Both,
}

/// The lists' orders after a merge, and the ids the other side's entries
/// were kept under: how the links of a note found on both sides are put
/// together.
struct Order<'a> {
    experiences: Vec<String>,
    pieces: Vec<String>,
    renamed: &'a BTreeMap<String, String>,
    renamed_pieces: &'a BTreeMap<String, String>,
}

impl Order<'_> {
    /// Puts the links of `theirs` (the same note, from the other side) into
    /// `mine` as `take` says; in the lists' order.
    fn links(&self, mine: &mut Note, theirs: &Note, take: Take) {
        if take == Take::Nothing {
            return;
        }
        let join = |ours: &mut Vec<String>,
                    their: &[String],
                    renamed: &BTreeMap<String, String>,
                    order: &[String]| {
            let their = their.iter().map(|id| renamed.get(id).unwrap_or(id).clone());
            if take == Take::Theirs {
                ours.clear();
            }
            for id in their {
                if !ours.contains(&id) {
                    ours.push(id);
                }
            }
            ours.sort_by_key(|id| order.iter().position(|o| o == id));
        };
        let before = (mine.experiences.clone(), mine.pieces.clone());
        join(
            &mut mine.experiences,
            &theirs.experiences,
            self.renamed,
            &self.experiences,
        );
        join(
            &mut mine.pieces,
            &theirs.pieces,
            self.renamed_pieces,
            &self.pieces,
        );
        if (mine.experiences.clone(), mine.pieces.clone()) != before {
            mine.updated = mine.updated.max(theirs.updated);
        }
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
