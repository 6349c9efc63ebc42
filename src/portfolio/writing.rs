//! What the coaching keeps in the portfolio: the words written per hour
//! (the pace so far is drawn from it), the jury date, France VAE's
//! self-positioning per compétence and the hints dismissed per note.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Portfolio;
use crate::text::words;

/// Words added to the notes (less words taken out) during one hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    /// The start of the hour.
    pub at: Timestamp,
    pub words: i64,
}

/// France VAE's self-positioning on a compétence: « oui / partiellement /
/// non », the words the official platform uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Positioning {
    Oui,
    Partiellement,
    Non,
}

impl Positioning {
    pub fn label(self) -> &'static str {
        match self {
            Positioning::Oui => "oui",
            Positioning::Partiellement => "partiellement",
            Positioning::Non => "non",
        }
    }

    /// Oui → partiellement → non → (derived again: `None`) → oui.
    pub fn next(current: Option<Positioning>) -> Option<Positioning> {
        match current {
            None => Some(Positioning::Oui),
            Some(Positioning::Oui) => Some(Positioning::Partiellement),
            Some(Positioning::Partiellement) => Some(Positioning::Non),
            Some(Positioning::Non) => None,
        }
    }
}

/// A writing hint on a note (`coach::hints` says when each applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Hint {
    /// No experience linked.
    NoExperience,
    /// No date or period.
    NoDate,
    /// A result claimed without a figure.
    NoFigure,
    /// More « nous » than « je ».
    Nous,
    /// Its item's notes together under a third of the target.
    TooShort,
}

impl Hint {
    pub const ALL: [Hint; 5] = [
        Hint::NoExperience,
        Hint::NoDate,
        Hint::NoFigure,
        Hint::Nous,
        Hint::TooShort,
    ];

    /// What the check found, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Hint::NoExperience => "aucune expérience liée",
            Hint::NoDate => "ni date ni durée",
            Hint::NoFigure => "un résultat sans chiffre",
            Hint::Nous => "plus de « nous » que de « je »",
            Hint::TooShort => "encore court",
        }
    }

    /// Why it matters and what to do, for the detail pane.
    pub fn advice(self) -> &'static str {
        match self {
            Hint::NoExperience => "dites dans quel emploi ou quelle mission c’était (Ctrl-L)",
            Hint::NoDate => "situez les faits : quand, pendant combien de temps",
            Hint::NoFigure => "mesurez le résultat : un chiffre, un délai, un pourcentage",
            Hint::Nous => "le jury évalue ce que vous avez fait vous-même : écrivez « je »",
            Hint::TooShort => {
                "le critère n’a pas le tiers de la longueur visée : détaillez les étapes"
            }
        }
    }

    /// The name used in `status --json` and in the file.
    pub fn key(self) -> &'static str {
        match self {
            Hint::NoExperience => "no_experience",
            Hint::NoDate => "no_date",
            Hint::NoFigure => "no_figure",
            Hint::Nous => "nous",
            Hint::TooShort => "too_short",
        }
    }
}

/// One hour, for [`Written::at`].
fn hour_of(now: Timestamp) -> Timestamp {
    let second = now.as_second();
    Timestamp::from_second(second - second.rem_euclid(3600)).unwrap_or(now)
}

impl Portfolio {
    /// Records that a note went from `before` words to `text` at `now`.
    pub(super) fn wrote(&mut self, now: Timestamp, before: usize, text: &str) {
        let delta = words::count(text) as i64 - before as i64;
        self.add_written(hour_of(now), delta);
    }

    fn add_written(&mut self, at: Timestamp, words: i64) {
        if words == 0 {
            return;
        }
        match self.written.iter_mut().rev().find(|w| w.at == at) {
            Some(entry) => entry.words += words,
            None => {
                self.written.push(Written { at, words });
                self.written.sort_by_key(|w| w.at);
            }
        }
    }

    /// For a portfolio written before the log existed: each note's words,
    /// at the hour it was created.
    pub fn seed_written(&mut self) {
        if !self.written.is_empty() {
            return;
        }
        let notes: Vec<(Timestamp, usize)> = self
            .criteres
            .values()
            .flat_map(|w| &w.notes)
            .filter(|n| !n.draft)
            .map(|n| (hour_of(n.created), words::count(&n.text)))
            .collect();
        for (at, count) in notes {
            self.add_written(at, count as i64);
        }
    }

    /// The words of the evidence on a unit (drafts are not evidence).
    pub fn words(&self, id: &str) -> usize {
        self.notes(id)
            .iter()
            .filter(|n| !n.draft)
            .map(|n| words::count(&n.text))
            .sum()
    }

    /// Sets (or clears) the date the dossier is due.
    pub fn set_due(&mut self, due: Option<jiff::civil::Date>) -> bool {
        let changed = self.due != due;
        self.due = due;
        changed
    }

    /// Oui → partiellement → non → derived on a compétence; returns the new
    /// setting (`None`: derived from its critères again).
    pub fn cycle_positioning(&mut self, competence: &str) -> Option<Positioning> {
        let next = Positioning::next(self.positioning.get(competence).copied());
        match next {
            Some(p) => self.positioning.insert(competence.to_string(), p),
            None => self.positioning.remove(competence),
        };
        next
    }

    /// Dismisses a hint on one note; false if it was already.
    pub fn dismiss_hint(&mut self, id: &str, index: usize, hint: Hint) -> bool {
        let Some(note) = self.work_mut(id).and_then(|w| w.notes.get_mut(index)) else {
            return false;
        };
        if note.dismissed.contains(&hint) {
            return false;
        }
        note.dismissed.push(hint);
        note.dismissed.sort();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + seconds).unwrap()
    }

    #[test]
    fn words_written_are_kept_per_hour() {
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Un deux trois", t(0));
        p.update_note("CR1", 0, "Un deux trois quatre", t(60));
        p.add_note("CR2", "l’équipe", t(4000));
        let hours: Vec<i64> = p.written.iter().map(|w| w.words).collect();
        assert_eq!(hours, [4, 2]);
        p.update_note("CR1", 0, "Un", t(4100));
        assert_eq!(p.written.last().unwrap().words, -1);
        assert_eq!(p.words("CR1"), 1);
    }

    #[test]
    fn a_deleted_note_counts_as_words_taken_out() {
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Un deux trois", t(0));
        p.delete_note("CR1", 0, t(7200));
        let hours: Vec<i64> = p.written.iter().map(|w| w.words).collect();
        assert_eq!(hours, [3, -3]);
    }

    #[test]
    fn drafts_count_once_finished() {
        let mut p = Portfolio::new("x");
        let d = p
            .put_draft("CR1", None, "Brouillon de trois", t(0))
            .unwrap();
        assert!(p.written.is_empty());
        assert_eq!(p.words("CR1"), 0);
        p.finish_draft("CR1", d, "Preuve en quatre mots", t(10));
        assert_eq!(p.written[0].words, 4);
    }

    #[test]
    fn a_log_is_seeded_from_the_notes_once() {
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Un deux", t(0));
        p.add_note("CR2", "Trois", t(7200));
        p.written.clear();
        p.seed_written();
        assert_eq!(p.written.len(), 2);
        p.seed_written();
        assert_eq!(p.written.len(), 2);
    }

    #[test]
    fn positioning_cycles_back_to_derived() {
        let mut p = Portfolio::new("x");
        let seen: Vec<Option<Positioning>> = (0..4).map(|_| p.cycle_positioning("C1")).collect();
        assert_eq!(
            seen,
            [
                Some(Positioning::Oui),
                Some(Positioning::Partiellement),
                Some(Positioning::Non),
                None
            ]
        );
        assert!(p.positioning.is_empty());
    }

    #[test]
    fn a_hint_is_dismissed_once_per_note() {
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Un", t(0));
        p.add_note("CR1", "Deux", t(1));
        assert!(p.dismiss_hint("CR1", 1, Hint::Nous));
        assert!(!p.dismiss_hint("CR1", 1, Hint::Nous));
        assert!(p.notes("CR1")[0].dismissed.is_empty());
        assert!(!p.dismiss_hint("CR1", 5, Hint::Nous));
    }
}
