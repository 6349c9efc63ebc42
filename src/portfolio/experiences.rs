//! The operations on a portfolio's experiences: adding, updating and
//! deleting (and restoring) them, and linking notes to them.

use jiff::Timestamp;

use super::{Note, Portfolio};
use crate::experience::{Experience, LinkRef, Removed};

impl Portfolio {
    pub fn experience(&self, id: &str) -> Option<&Experience> {
        self.experiences.iter().find(|e| e.id == id)
    }

    /// Adds an experience under a new id (never one given before); returns it.
    pub fn add_experience(&mut self, mut experience: Experience) -> String {
        let (next, id) = super::entries::fresh_id(
            "exp",
            self.last_experience,
            self.experiences.iter().map(|e| e.id.as_str()),
        );
        self.last_experience = self.last_experience.max(next);
        experience.id = id.clone();
        self.experiences.push(experience);
        id
    }

    /// Replaces the fields of an experience, keeping its id. Returns whether
    /// anything changed.
    pub fn update_experience(&mut self, id: &str, experience: Experience) -> bool {
        super::entries::update(&mut self.experiences, id, experience)
    }

    /// The notes that link to an experience: (critère, index), drafts included.
    pub fn notes_linking(&self, id: &str) -> Vec<(&str, usize)> {
        self.notes_where(|n| n.experiences.iter().any(|e| e == id))
    }

    /// Deletes an experience and every link to it; the notes stay. The
    /// result puts it all back with [`Portfolio::restore_experience`].
    pub fn delete_experience(&mut self, id: &str) -> Option<Removed> {
        let position = self.experiences.iter().position(|e| e.id == id)?;
        let experience = self.experiences.remove(position);
        let mut links = Vec::new();
        let linked = |note: &Note| note.experiences.iter().any(|e| e == id);
        self.change_notes(linked, |critere, index, note| {
            note.experiences.retain(|e| e != id);
            links.push(LinkRef {
                critere: critere.to_string(),
                index,
                created: note.created,
            });
        });
        Some(Removed {
            experience,
            position,
            links,
        })
    }

    /// Undoes [`Portfolio::delete_experience`]: the experience at its place,
    /// and its links on the notes that are still there. Returns how many
    /// links came back.
    pub fn restore_experience(&mut self, removed: Removed) -> usize {
        let id = removed.experience.id.clone();
        if self.experience(&id).is_some() {
            return 0;
        }
        let position = removed.position.min(self.experiences.len());
        self.experiences.insert(position, removed.experience);
        let mut restored = 0;
        for link in removed.links {
            let Some(work) = self.work_mut(&link.critere) else {
                continue;
            };
            let same = |n: &Note| n.created == link.created;
            let index = match work.notes.get(link.index) {
                Some(note) if same(note) => Some(link.index),
                _ => work.notes.iter().position(same),
            };
            if let Some(note) = index.and_then(|i| work.notes.get_mut(i))
                && !note.experiences.contains(&id)
            {
                note.experiences.push(id.clone());
                restored += 1;
            }
        }
        let order = self.experience_order();
        let unordered = |note: &Note| !note.experiences.is_sorted_by_key(&order);
        self.change_notes(unordered, |_, _, note| {
            note.experiences.sort_by_key(|e| order(e));
        });
        restored
    }

    /// Sets the experiences a note links to, in the order of the
    /// experiences list, unknown ids dropped. Returns whether they changed;
    /// `now` is the note's new modification time when they did.
    pub fn set_links(
        &mut self,
        critere: &str,
        index: usize,
        ids: &[String],
        now: Timestamp,
    ) -> bool {
        let order = self.experience_order();
        let mut links: Vec<String> = ids
            .iter()
            .filter(|id| self.experience(id).is_some())
            .cloned()
            .collect();
        links.sort_by_key(|e| order(e));
        links.dedup();
        let Some(note) = self.work_mut(critere).and_then(|w| w.notes.get_mut(index)) else {
            return false;
        };
        if note.experiences == links {
            return false;
        }
        note.experiences = links;
        if !note.draft {
            note.updated = now;
        }
        true
    }

    /// The position of each experience id, for sorting links.
    fn experience_order(&self) -> impl Fn(&String) -> usize + use<> {
        let ids: Vec<String> = self.experiences.iter().map(|e| e.id.clone()).collect();
        move |id: &String| ids.iter().position(|e| e == id).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + seconds).unwrap()
    }

    fn named(title: &str) -> Experience {
        Experience {
            title: title.to_string(),
            ..Experience::default()
        }
    }

    #[test]
    fn a_counter_at_its_end_still_gives_an_unused_id() {
        let mut portfolio = Portfolio::new("x");
        portfolio.last_experience = u32::MAX;
        let first = portfolio.add_experience(named("A"));
        let second = portfolio.add_experience(named("B"));
        assert_ne!(first, second, "two experiences, two ids");
        assert_eq!([first.as_str(), second.as_str()], ["exp-1", "exp-2"]);
        assert_eq!(portfolio.last_experience, u32::MAX);
    }

    #[test]
    fn ids_are_never_given_twice() {
        let mut p = Portfolio::new("x");
        assert_eq!(p.add_experience(named("A")), "exp-1");
        assert_eq!(p.add_experience(named("B")), "exp-2");
        p.delete_experience("exp-2");
        assert_eq!(p.add_experience(named("C")), "exp-3");
        p.experiences[0].id = "exp-9".into();
        assert_eq!(p.add_experience(named("D")), "exp-10");
    }

    #[test]
    fn deleting_an_experience_removes_its_links_and_keeps_the_notes() {
        let mut p = Portfolio::new("x");
        let a = p.add_experience(named("A"));
        let b = p.add_experience(named("B"));
        p.add_note("CR1", "Un", t(0));
        p.add_note("CR1", "Deux", t(1));
        p.add_note("CR2", "Trois", t(2));
        assert!(p.set_links("CR1", 0, &[b.clone(), a.clone()], t(5)));
        assert_eq!(p.notes("CR1")[0].experiences, [a.clone(), b.clone()]);
        p.set_links("CR2", 0, std::slice::from_ref(&a), t(5));
        assert_eq!(p.notes_linking(&a).len(), 2);

        let removed = p.delete_experience(&a).unwrap();
        assert_eq!(removed.links.len(), 2);
        assert_eq!(p.note_count(), 3, "notes are kept");
        assert_eq!(p.notes("CR1")[0].experiences, std::slice::from_ref(&b));
        assert!(p.notes("CR2")[0].experiences.is_empty());

        p.delete_note("CR1", 1, jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(p.restore_experience(removed), 2);
        assert_eq!(p.experiences[0].id, a);
        assert_eq!(p.notes("CR1")[0].experiences, [a.clone(), b]);
        assert_eq!(p.notes("CR2")[0].experiences, [a]);
    }

    #[test]
    fn links_to_unknown_experiences_are_dropped_and_unchanged_links_do_nothing() {
        let mut p = Portfolio::new("x");
        let a = p.add_experience(named("A"));
        p.add_note("CR1", "Un", t(0));
        assert!(p.set_links("CR1", 0, &[a.clone(), "exp-7".into()], t(3)));
        assert_eq!(p.notes("CR1")[0].experiences, std::slice::from_ref(&a));
        assert_eq!(p.notes("CR1")[0].updated, t(3));
        assert!(!p.set_links("CR1", 0, &[a], t(4)));
        assert!(!p.set_links("CR9", 0, &[], t(4)), "no such note");
    }

    #[test]
    fn updating_an_experience_keeps_its_id() {
        let mut p = Portfolio::new("x");
        let a = p.add_experience(named("A"));
        let mut changed = named("A2");
        changed.id = "ignored".into();
        assert!(p.update_experience(&a, changed.clone()));
        assert_eq!(p.experience(&a).unwrap().title, "A2");
        assert!(!p.update_experience(&a, changed));
    }
}
