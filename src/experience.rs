//! The candidate's experiences (jobs, missions), described once and linked
//! from many evidence notes, and the operations on them.
//!
//! Pure: no IO, no terminal. An experience has a stable id (`exp-1`,
//! `exp-2`…) that is never given out twice in a portfolio, so a link written
//! in a note can never come to mean another experience.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::portfolio::Portfolio;

/// A job or a mission the candidate draws evidence from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    /// `exp-N`, given by [`Portfolio::add_experience`].
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub role: String,
    /// First month, when known.
    #[serde(default)]
    pub from: Option<Month>,
    /// Last month; none after a start means the experience is ongoing.
    #[serde(default)]
    pub to: Option<Month>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub description: String,
}

/// A month of a year: periods are given at month precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    /// 1 to 12.
    pub month: u8,
}

/// French month names, January first.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Month {
    pub fn new(year: i16, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// `03/2021`, as typed in the form.
    pub fn numeric(self) -> String {
        format!("{:02}/{}", self.month, self.year)
    }

    /// `mars 2021`.
    pub fn long(self) -> String {
        format!("{} {}", MONTHS[usize::from(self.month - 1)], self.year)
    }
}

/// As written in the portfolio file: `2021-03`.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;

    /// `03/2021`, `3/2021`, `03-2021`, `2021-03`, `2021/3`.
    fn from_str(text: &str) -> Result<Month, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
        let number = |s: &str| s.parse::<i32>().ok();
        let (year, month) = match parts.as_slice() {
            [a, b] if a.len() == 4 => (number(a), number(b)),
            [a, b] => (number(b), number(a)),
            _ => (None, None),
        };
        year.zip(month)
            .and_then(|(y, m)| Month::new(i16::try_from(y).ok()?, u8::try_from(m).ok()?))
            .ok_or_else(|| {
                format!("« {text} » n’est pas un mois : écrivez MM/AAAA, par exemple 03/2021")
            })
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Experience {
    /// `mars 2021 – juin 2023`, `depuis mars 2021 (en cours)`, or empty
    /// when no date is known.
    pub fn period(&self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from == to => from.long(),
            (Some(from), Some(to)) => format!("{} – {}", from.long(), to.long()),
            (Some(from), None) => format!("depuis {} (en cours)", from.long()),
            (None, Some(to)) => format!("jusqu’en {}", to.long()),
            (None, None) => String::new(),
        }
    }

    /// `2019–2021`, `2021–…`, `2022`: the years, for a narrow column.
    pub fn years(&self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from.year == to.year => from.year.to_string(),
            (Some(from), Some(to)) => format!("{}–{}", from.year, to.year % 100),
            (Some(from), None) => format!("{}–…", from.year),
            (None, Some(to)) => format!("…{}", to.year),
            (None, None) => String::new(),
        }
    }

    /// `Poste · Employeur · Lieu`, the parts that are filled in.
    pub fn context(&self) -> String {
        [&self.role, &self.employer, &self.place]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Where a note sat when a link to a deleted experience was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub critere: String,
    pub index: usize,
    /// The note's creation time: finds it again if notes moved since.
    pub created: Timestamp,
}

/// An experience taken out of a portfolio, with what it takes to put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub experience: Experience,
    pub position: usize,
    pub links: Vec<LinkRef>,
}

impl Portfolio {
    pub fn experience(&self, id: &str) -> Option<&Experience> {
        self.experiences.iter().find(|e| e.id == id)
    }

    /// Adds an experience under a new id (never one given before); returns it.
    pub fn add_experience(&mut self, mut experience: Experience) -> String {
        // A hand-edited file may hold ids past the counter: skip them too.
        let highest = self
            .experiences
            .iter()
            .filter_map(|e| e.id.strip_prefix("exp-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        self.last_experience = self.last_experience.max(highest) + 1;
        experience.id = format!("exp-{}", self.last_experience);
        let id = experience.id.clone();
        self.experiences.push(experience);
        id
    }

    /// Replaces the fields of an experience, keeping its id. Returns whether
    /// anything changed.
    pub fn update_experience(&mut self, id: &str, mut experience: Experience) -> bool {
        let Some(existing) = self.experiences.iter_mut().find(|e| e.id == id) else {
            return false;
        };
        experience.id = id.to_string();
        if *existing == experience {
            return false;
        }
        *existing = experience;
        true
    }

    /// The notes that link to an experience: (critère, index), drafts included.
    pub fn notes_linking(&self, id: &str) -> Vec<(&str, usize)> {
        self.criteres
            .iter()
            .flat_map(|(critere, work)| {
                work.notes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.experiences.iter().any(|e| e == id))
                    .map(move |(i, _)| (critere.as_str(), i))
            })
            .collect()
    }

    /// Deletes an experience and every link to it; the notes stay. The
    /// result puts it all back with [`Portfolio::restore_experience`].
    pub fn delete_experience(&mut self, id: &str) -> Option<Removed> {
        let position = self.experiences.iter().position(|e| e.id == id)?;
        let experience = self.experiences.remove(position);
        let mut links = Vec::new();
        for (critere, work) in &mut self.criteres {
            for (index, note) in work.notes.iter_mut().enumerate() {
                let before = note.experiences.len();
                note.experiences.retain(|e| e != id);
                if note.experiences.len() != before {
                    links.push(LinkRef {
                        critere: critere.clone(),
                        index,
                        created: note.created,
                    });
                }
            }
        }
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
            let Some(work) = self.criteres.get_mut(&link.critere) else {
                continue;
            };
            let same = |n: &crate::portfolio::Note| n.created == link.created;
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
        for work in self.criteres.values_mut() {
            for note in &mut work.notes {
                note.experiences.sort_by_key(|e| order(e));
            }
        }
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
        let Some(note) = self
            .criteres
            .get_mut(critere)
            .and_then(|w| w.notes.get_mut(index))
        else {
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
    fn months_are_read_as_typed_and_written_as_year_month() {
        let m = |s: &str| s.parse::<Month>();
        assert_eq!(
            m("03/2021"),
            Ok(Month {
                year: 2021,
                month: 3
            })
        );
        assert_eq!(
            m(" 3/2021 "),
            Ok(Month {
                year: 2021,
                month: 3
            })
        );
        assert_eq!(
            m("2021-03"),
            Ok(Month {
                year: 2021,
                month: 3
            })
        );
        assert!(m("13/2021").unwrap_err().contains("MM/AAAA"));
        assert!(m("2021").is_err());
        assert!(m("mars").is_err());
        let month = Month::new(2021, 3).unwrap();
        assert_eq!(month.to_string(), "2021-03");
        assert_eq!(month.numeric(), "03/2021");
        assert_eq!(month.long(), "mars 2021");
    }

    #[test]
    fn periods_read_in_french() {
        let mut e = named("Export");
        assert_eq!(e.period(), "");
        e.from = Month::new(2019, 3);
        assert_eq!(e.period(), "depuis mars 2019 (en cours)");
        assert_eq!(e.years(), "2019–…");
        e.to = Month::new(2022, 6);
        assert_eq!(e.period(), "mars 2019 – juin 2022");
        assert_eq!(e.years(), "2019–22");
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

        p.delete_note("CR1", 1);
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
