//! What a sync sent or received, counted the way a candidate or a tutor
//! thinks of it: « 3 notes, 1 statut, BC2 ».

use std::collections::{BTreeMap, BTreeSet};

use crate::portfolio::{CritereWork, Portfolio};
use crate::referentiel::Certification;
use crate::review::Review;

/// Changes between two versions of the files of a data directory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Notes added or edited.
    pub notes: usize,
    /// Notes deleted.
    pub notes_removed: usize,
    pub statuses: usize,
    /// Self-assessments (levels 1 to 4) changed.
    pub levels: usize,
    pub experiences: usize,
    pub pieces: usize,
    /// Tutors' verdicts given, changed or taken back.
    pub verdicts: usize,
    pub comments: usize,
    /// Anything else (the identity, the jury date, a référentiel, a
    /// signature…), one per file.
    pub other: usize,
    /// The blocs these changes touch, by id.
    pub blocs: BTreeSet<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    pub fn add(&mut self, other: Changes) {
        self.notes += other.notes;
        self.notes_removed += other.notes_removed;
        self.statuses += other.statuses;
        self.levels += other.levels;
        self.experiences += other.experiences;
        self.pieces += other.pieces;
        self.verdicts += other.verdicts;
        self.comments += other.comments;
        self.other += other.other;
        self.blocs.extend(other.blocs);
    }

    /// « 3 notes, 1 statut, BC2 »; « aucun changement » when empty.
    pub fn describe(&self) -> String {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let mut parts: Vec<String> = [
            count(self.notes, "note", "notes"),
            count(self.notes_removed, "note retirée", "notes retirées"),
            count(self.statuses, "statut", "statuts"),
            count(self.levels, "auto-évaluation", "auto-évaluations"),
            count(self.experiences, "expérience", "expériences"),
            count(self.pieces, "pièce justificative", "pièces justificatives"),
            count(self.verdicts, "avis", "avis"),
            count(self.comments, "commentaire", "commentaires"),
            count(self.other, "autre changement", "autres changements"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            return "aucun changement".to_string();
        }
        // A few blocs are named; many are counted.
        match self.blocs.len() {
            0 => {}
            n @ 1..=3 => parts.extend(self.blocs.iter().take(n).cloned()),
            n => parts.push(format!("{n} blocs")),
        }
        parts.join(", ")
    }
}

fn bloc(certification: Option<&Certification>, id: &str) -> Option<String> {
    certification
        .and_then(|c| c.bloc_of(id))
        .map(|b| b.id.clone())
}

/// The changes from `old` to `new` (either absent: a file added or removed).
pub fn portfolio_changes(
    old: Option<&Portfolio>,
    new: Option<&Portfolio>,
    certification: Option<&Certification>,
) -> Changes {
    let mut changes = Changes::default();
    let none = BTreeMap::new();
    let olds = old.map_or(&none, |p| &p.criteres);
    let news = new.map_or(&none, |p| &p.criteres);
    let ids: BTreeSet<&String> = olds.keys().chain(news.keys()).collect();
    let empty = std::sync::Arc::new(CritereWork::default());
    for id in ids {
        let was = olds.get(id).unwrap_or(&empty);
        let now = news.get(id).unwrap_or(&empty);
        if was == now {
            continue;
        }
        let before = changes.clone();
        if was.status != now.status {
            changes.statuses += 1;
        }
        if was.level != now.level {
            changes.levels += 1;
        }
        for note in &now.notes {
            let same = |n: &&crate::portfolio::Note| n.created == note.created;
            let unchanged = |n: &&crate::portfolio::Note| {
                n.text == note.text && n.experiences == note.experiences && n.pieces == note.pieces
            };
            if !was.notes.iter().filter(same).any(|n| unchanged(&n)) {
                changes.notes += 1;
            }
        }
        changes.notes_removed += was
            .notes
            .iter()
            .filter(|n| !now.notes.iter().any(|m| m.created == n.created))
            .count();
        if changes != before {
            changes.blocs.extend(bloc(certification, id));
        }
    }
    let (old_experiences, new_experiences) = (
        old.map_or(&[][..], |p| &p.experiences),
        new.map_or(&[][..], |p| &p.experiences),
    );
    changes.experiences = differing(old_experiences, new_experiences, |e| &e.id);
    let (old_pieces, new_pieces) = (
        old.map_or(&[][..], |p| &p.pieces),
        new.map_or(&[][..], |p| &p.pieces),
    );
    changes.pieces = differing(old_pieces, new_pieces, |p| &p.id);
    // The rest, without what the counts above cover and what changes with
    // them (the words per hour, the statuses' history) or means nothing to
    // the other side (the comments seen; the place in the tree, which has
    // its own file now but is still read from older portfolio files).
    let rest = |p: Option<&Portfolio>| {
        p.map(|p| {
            let mut p = p.clone();
            p.criteres.clear();
            p.experiences.clear();
            p.pieces.clear();
            p.written.clear();
            p.history.clear();
            p.seen.clear();
            p.view = Default::default();
            p.last_experience = 0;
            p.last_piece = 0;
            p
        })
    };
    if rest(old) != rest(new) && changes.is_empty() {
        changes.other += 1;
    } else if rest(old) != rest(new) {
        changes.other += usize::from(old.is_some() && new.is_some());
    }
    changes
}

/// How many entries differ between two lists, by id.
fn differing<T: PartialEq>(old: &[T], new: &[T], id: fn(&T) -> &String) -> usize {
    let ids: BTreeSet<&String> = old.iter().chain(new).map(id).collect();
    ids.into_iter()
        .filter(|key| {
            let was = old.iter().find(|e| id(e) == *key);
            was != new.iter().find(|e| id(e) == *key)
        })
        .count()
}

/// The changes from `old` to `new` of one tutor's review.
pub fn review_changes(
    old: Option<&Review>,
    new: Option<&Review>,
    certification: Option<&Certification>,
) -> Changes {
    let mut changes = Changes::default();
    let none = BTreeMap::new();
    let olds = old.map_or(&none, |r| &r.items);
    let news = new.map_or(&none, |r| &r.items);
    let ids: BTreeSet<&String> = olds.keys().chain(news.keys()).collect();
    for id in ids {
        let was = olds.get(id).cloned().unwrap_or_default();
        let now = news.get(id).cloned().unwrap_or_default();
        if was == now {
            continue;
        }
        let before = changes.clone();
        if was.verdict != now.verdict {
            changes.verdicts += 1;
        }
        changes.comments += now
            .comments
            .iter()
            .filter(|c| !was.comments.contains(c))
            .count();
        if changes != before {
            changes.blocs.extend(bloc(certification, id));
        }
    }
    if changes.is_empty() && old != new {
        changes.other += 1;
    }
    changes
}
