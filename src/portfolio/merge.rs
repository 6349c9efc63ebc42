//! Two versions of one portfolio put together when the file changed on disk
//! under a process that was about to save (a second writer whose lock file
//! was deleted, a copy put back by hand): nothing either side wrote is lost.

use std::collections::BTreeMap;

use super::{Note, Portfolio, Status};

/// What [`Portfolio::merge_from`] took from the other version.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub notes: usize,
    pub experiences: usize,
}

impl Merged {
    pub fn is_empty(&self) -> bool {
        self.notes == 0 && self.experiences == 0
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
        ]
        .into_iter()
        .flatten()
        .collect();
        // Notes and experiences are both feminine: one agreement.
        let plural = if self.notes + self.experiences > 1 {
            "s"
        } else {
            ""
        };
        (!parts.is_empty()).then(|| format!("{} ajoutée{plural}", parts.join(" et ")))
    }
}

impl Portfolio {
    /// Takes into this version (the one in memory) what `other` (the one on
    /// disk) has and this one lacks: each note not here (a note is known by
    /// its creation time; the same note edited on both sides is kept twice
    /// when the other edit is the newer), each experience (under a new id
    /// if the id is taken by another), statuses and levels this side never
    /// set, targeted blocs, the newest comment seen. This side's view stays.
    pub fn merge_from(&mut self, other: &Portfolio) -> Merged {
        let mut merged = Merged::default();
        // Experiences first: the other side's notes may link to a renamed one.
        let mut renamed: BTreeMap<&str, String> = BTreeMap::new();
        for experience in &other.experiences {
            match self.experience(&experience.id) {
                Some(same) if same == experience => {}
                Some(_) => {
                    let id = self.add_experience(experience.clone());
                    renamed.insert(&experience.id, id);
                    merged.experiences += 1;
                }
                None => {
                    self.experiences.push(experience.clone());
                    merged.experiences += 1;
                }
            }
        }
        self.last_experience = self.last_experience.max(other.last_experience);
        for (id, theirs) in &other.criteres {
            let ours = self.criteres.entry(id.clone()).or_default();
            if ours.status == Status::Todo {
                ours.status = theirs.status;
            }
            if ours.level.is_none() {
                ours.level = theirs.level;
            }
            for note in &theirs.notes {
                if !known(&ours.notes, note) {
                    let mut note = note.clone();
                    for link in &mut note.experiences {
                        if let Some(id) = renamed.get(link.as_str()) {
                            *link = id.clone();
                        }
                    }
                    ours.notes.push(note);
                    merged.notes += 1;
                }
            }
        }
        self.criteres.retain(|_, work| *work != Default::default());
        self.targeted.extend(other.targeted.iter().cloned());
        for (id, seen) in &other.seen {
            let ours = self.seen.entry(id.clone()).or_insert(*seen);
            *ours = (*ours).max(*seen);
        }
        merged
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
                work.notes.retain(|n| !known(&before.notes, n));
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
        changes.targeted = self.targeted.clone();
        changes
    }
}

/// Whether `note` is already among `notes`: the same note (same creation
/// time) with the same text, or with an edit here at least as recent.
fn known(notes: &[Note], note: &Note) -> bool {
    notes
        .iter()
        .filter(|n| n.created == note.created)
        .any(|n| n.text == note.text || n.updated >= note.updated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experience::Experience;
    use jiff::Timestamp;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    #[test]
    fn notes_written_on_both_sides_are_all_kept_once() {
        let mut base = Portfolio::new("x");
        base.add_note("CR1", "commune", at(1));
        let mut disk = base.clone();
        let mut memory = base.clone();
        disk.add_note("CR1", "écrite par l’autre processus", at(2));
        disk.cycle_status("CR2");
        memory.add_note("CR1", "écrite ici", at(3));
        let merged = memory.merge_from(&disk);
        assert_eq!(
            merged,
            Merged {
                notes: 1,
                experiences: 0
            }
        );
        assert_eq!(merged.describe().as_deref(), Some("1 note ajoutée"));
        let texts: Vec<&str> = memory
            .notes("CR1")
            .iter()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(
            texts,
            ["commune", "écrite ici", "écrite par l’autre processus"]
        );
        assert_eq!(memory.status("CR2"), Status::InProgress);
        // Merging again takes nothing more.
        assert!(memory.merge_from(&disk).is_empty());
    }

    #[test]
    fn a_note_edited_on_both_sides_keeps_the_newer_other_edit_beside_ours() {
        let mut base = Portfolio::new("x");
        base.add_note("CR1", "v1", at(1));
        let mut disk = base.clone();
        let mut memory = base.clone();
        memory.update_note("CR1", 0, "v2 ici", at(5));
        disk.update_note("CR1", 0, "v2 ailleurs, plus tard", at(9));
        assert_eq!(memory.merge_from(&disk).notes, 1);
        assert_eq!(memory.notes("CR1").len(), 2);
        // An older edit over there is the version ours replaced: not taken.
        let mut memory = base.clone();
        memory.update_note("CR1", 0, "v3 ici, la plus récente", at(20));
        assert!(memory.merge_from(&disk).is_empty());
    }

    #[test]
    fn the_changes_since_a_saved_version_merge_back_into_it() {
        let mut saved = Portfolio::new("x");
        saved.add_note("CR1", &"long texte déjà enregistré ".repeat(50), at(1));
        let mut memory = saved.clone();
        memory.add_note("CR1", "nouvelle", at(2));
        memory.cycle_status("CR2");
        let changes = memory.changes_since(&saved);
        assert_eq!(changes.notes("CR1").len(), 1, "only the new note");
        assert_eq!(changes.status("CR2"), Status::InProgress);
        let mut back = saved.clone();
        back.merge_from(&changes);
        assert_eq!(back.notes("CR1"), memory.notes("CR1"));
        assert_eq!(back.status("CR2"), Status::InProgress);
    }

    #[test]
    fn an_experience_under_a_taken_id_gets_a_new_one_and_its_links_follow() {
        let experience = |title: &str| Experience {
            title: title.to_string(),
            ..Default::default()
        };
        let mut disk = Portfolio::new("x");
        let mut memory = Portfolio::new("x");
        let theirs = disk.add_experience(experience("Export Maghreb"));
        memory.add_experience(experience("Achats Asie"));
        disk.add_note("CR1", "preuve", at(2));
        disk.criteres.get_mut("CR1").unwrap().notes[0].experiences = vec![theirs.clone()];
        let merged = memory.merge_from(&disk);
        assert_eq!(
            merged,
            Merged {
                notes: 1,
                experiences: 1
            }
        );
        assert_eq!(
            merged.describe().as_deref(),
            Some("1 note et 1 expérience ajoutées")
        );
        let titles: Vec<&str> = memory
            .experiences
            .iter()
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(titles, ["Achats Asie", "Export Maghreb"]);
        let link = &memory.notes("CR1")[0].experiences[0];
        assert_eq!(memory.experience(link).unwrap().title, "Export Maghreb");
    }
}
