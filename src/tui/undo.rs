//! Undo and redo for the session: the changes of the candidate's own work
//! on the open certification, as differences (`portfolio::Change`), newest
//! last. Forgotten when another certification opens or the portfolio is
//! replaced from disk (another process's changes merged in).

use crate::portfolio::{Change, Checkpoint, Portfolio};

/// How many changes can be taken back.
const DEPTH: usize = 200;

#[derive(Debug, Default)]
pub struct Undo {
    /// The doc the checkpoint is for, and the portfolio as of its last change.
    checkpoint: Option<(usize, Checkpoint)>,
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl Undo {
    /// Starts from `portfolio` when nothing is kept for `doc` yet (another
    /// certification was open, or the portfolio was replaced).
    pub fn follow(&mut self, doc: usize, portfolio: &Portfolio) {
        if self.checkpoint.as_ref().is_none_or(|(d, _)| *d != doc) {
            *self = Undo {
                checkpoint: Some((doc, Checkpoint::new(portfolio))),
                ..Undo::default()
            };
        }
    }

    /// Forgets everything (the portfolio was replaced from disk).
    pub fn forget(&mut self) {
        *self = Undo::default();
    }

    /// Records what changed since the last change, if anything did: it can
    /// be taken back, and what was taken back can no longer be done again.
    pub fn record(&mut self, doc: usize, portfolio: &Portfolio) {
        let Some((d, checkpoint)) = &mut self.checkpoint else {
            return;
        };
        if *d != doc {
            return;
        }
        if let Some(change) = checkpoint.take(portfolio) {
            self.undo.push(change);
            if self.undo.len() > DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    /// Takes back the last change (or, `redo`, does again the last one taken
    /// back) in `portfolio`; the ids it touched, or `None` when there is none.
    pub fn step(&mut self, doc: usize, portfolio: &mut Portfolio, redo: bool) -> Option<Done> {
        let (d, checkpoint) = self.checkpoint.as_mut()?;
        if *d != doc {
            return None;
        }
        let (from, to) = if redo {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        let change = from.pop()?;
        let done = Done {
            ids: change.ids().map(str::to_string).collect(),
            rest: change.fields().to_vec(),
        };
        to.push(change.apply(portfolio));
        // The checkpoint moves to where the portfolio is now.
        checkpoint.take(portfolio);
        Some(done)
    }
}

/// What an undo or a redo touched, to say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub ids: Vec<String>,
    /// What it touched beside the critères, in words.
    pub rest: Vec<&'static str>,
}

impl Done {
    /// « C2.1.CR5 », « C2.1.CR5, C2.1.CR6 et 2 autres », « expériences »,
    /// « C2.1.CR5, nom »… (ids made safe to show).
    pub fn what(&self) -> String {
        let ids: Vec<String> = self
            .ids
            .iter()
            .map(|id| crate::text::visible(id).into_owned())
            .collect();
        let mut parts = match ids.as_slice() {
            [] => Vec::new(),
            [one] => vec![one.clone()],
            [a, b] => vec![format!("{a} et {b}")],
            [a, b, more @ ..] => vec![format!("{a}, {b} et {} autres", more.len())],
        };
        parts.extend(self.rest.iter().map(|s| s.to_string()));
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;

    #[test]
    fn undo_then_redo_then_a_new_change_forgets_the_redo() {
        let mut p = Portfolio::new("x");
        let mut undo = Undo::default();
        undo.follow(0, &p);
        p.add_note("CR1", "Une", Timestamp::UNIX_EPOCH);
        undo.record(0, &p);
        p.add_note("CR1", "Deux", Timestamp::UNIX_EPOCH);
        undo.record(0, &p);
        let done = undo.step(0, &mut p, false).unwrap();
        assert_eq!(done.what(), "CR1");
        assert_eq!(p.notes("CR1").len(), 1);
        assert!(undo.step(0, &mut p, true).is_some());
        assert_eq!(p.notes("CR1").len(), 2);
        undo.step(0, &mut p, false).unwrap();
        p.set_level("CR2", Some(2));
        undo.record(0, &p);
        assert_eq!(undo.step(0, &mut p, true), None, "the redo is gone");
        undo.step(0, &mut p, false).unwrap();
        undo.step(0, &mut p, false).unwrap();
        assert!(p.criteres.is_empty());
        assert_eq!(undo.step(0, &mut p, false), None);
    }

    #[test]
    fn another_certification_starts_afresh() {
        let mut p = Portfolio::new("x");
        let mut undo = Undo::default();
        undo.follow(0, &p);
        p.set_level("CR1", Some(1));
        undo.record(0, &p);
        let mut q = Portfolio::new("y");
        undo.follow(1, &q);
        assert_eq!(undo.step(1, &mut q, false), None);
        // A change recorded for another doc than the checkpoint's is ignored.
        undo.record(0, &p);
        assert_eq!(undo.step(0, &mut p, false), None);
    }

    #[test]
    fn it_says_what_it_touched() {
        let done = |ids: &[&str], rest: &[&'static str]| Done {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            rest: rest.to_vec(),
        };
        assert_eq!(done(&["A", "B"], &[]).what(), "A et B");
        assert_eq!(done(&["A", "B", "C", "D"], &[]).what(), "A, B et 2 autres");
        assert_eq!(done(&[], &["nom"]).what(), "nom");
        assert_eq!(done(&["A"], &["expériences"]).what(), "A, expériences");
    }
}
