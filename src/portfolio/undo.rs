//! Undo and redo of the candidate's changes, as differences: a change
//! keeps the work of the critères it touched and, when they changed, the
//! portfolio's other fields, never a copy of the whole portfolio. The
//! checkpoint shares each critère's work with the portfolio until the
//! portfolio changes it (copy on write, `Portfolio::work`).
//!
//! Where the candidate is in the tree (`view`) and which comments they have
//! read (`seen`) are not changes of their work: undo leaves them alone.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{CritereWork, Portfolio, ViewState};

/// What one change took away: for each critère it touched, its work before
/// (`None`: it had none), and the other fields before, when they changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    criteres: Vec<(String, Option<Arc<CritereWork>>)>,
    rest: Option<Box<Portfolio>>,
    /// The statuses' history and the words written per hour grow at their
    /// end: only what differs from a common start is kept.
    history: Log<super::StatusChange>,
    written: Log<super::Written>,
    /// What of the rest changed beyond bookkeeping (the statuses' history,
    /// the words written per hour), in words: « expériences », « nom »…
    fields: Vec<&'static str>,
}

impl Change {
    /// Puts the work this change keeps back into `portfolio`, and returns
    /// the change that takes that back in turn (an undo gives its redo).
    pub fn apply(self, portfolio: &mut Portfolio) -> Change {
        let criteres = self
            .criteres
            .into_iter()
            .map(|(id, work)| {
                let current = match work {
                    Some(work) => portfolio.criteres.insert(id.clone(), work),
                    None => portfolio.criteres.remove(&id),
                };
                (id, current)
            })
            .collect();
        let rest = self.rest.map(|mut rest| {
            swap_rest(portfolio, &mut rest);
            rest
        });
        Change {
            criteres,
            rest,
            history: self.history.apply(&mut portfolio.history),
            written: self.written.apply(&mut portfolio.written),
            fields: self.fields,
        }
    }

    /// The ids of the critères (or compétences) it touches, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.criteres.iter().map(|(id, _)| id.as_str())
    }

    /// What it touches beside the critères, in words: « expériences »,
    /// « blocs visés », « date du dossier », « positionnement », « nom »…
    pub fn fields(&self) -> &[&'static str] {
        &self.fields
    }
}

/// How to take a log (a list that grows at its end) back to an earlier
/// state: cut it to `len` and put `tail` after.
#[derive(Debug, Clone, PartialEq)]
enum Log<T> {
    Same,
    Cut { len: usize, tail: Vec<T> },
}

impl<T: Clone + PartialEq> Log<T> {
    /// The way from `now` back to `base`; `base` becomes `now`, copying only
    /// what follows their common start.
    fn take(base: &mut Vec<T>, now: &[T]) -> Log<T> {
        if base.as_slice() == now {
            return Log::Same;
        }
        let len = base.iter().zip(now).take_while(|(a, b)| a == b).count();
        let tail = base.split_off(len);
        base.extend_from_slice(&now[len..]);
        Log::Cut { len, tail }
    }

    /// Puts it back in `log`; returns the way back again.
    fn apply(self, log: &mut Vec<T>) -> Log<T> {
        match self {
            Log::Same => Log::Same,
            Log::Cut { len, tail } => {
                let len = len.min(log.len());
                let undone = log.split_off(len);
                log.extend(tail);
                Log::Cut { len, tail: undone }
            }
        }
    }
}

/// The portfolio as of the last change recorded, to tell what the next
/// one changed.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    base: Portfolio,
}

impl Checkpoint {
    pub fn new(portfolio: &Portfolio) -> Self {
        Checkpoint {
            base: portfolio.clone(),
        }
    }

    /// What changed from the checkpoint to `portfolio`, as the change that
    /// takes it back; the checkpoint moves to `portfolio`. `None` when only
    /// the view or the comments read changed.
    pub fn take(&mut self, portfolio: &Portfolio) -> Option<Change> {
        let changed = changed_ids(&mut self.base.criteres, &portfolio.criteres);
        let criteres: Vec<(String, Option<Arc<CritereWork>>)> = changed
            .into_iter()
            .map(|id| {
                let before = match portfolio.criteres.get(&id) {
                    Some(work) => self.base.criteres.insert(id.clone(), work.clone()),
                    None => self.base.criteres.remove(&id),
                };
                (id, before)
            })
            .collect();
        let fields = changed_fields(&self.base, portfolio);
        let rest = (!same_rest(&self.base, portfolio)).then(|| {
            let mut rest = rest_of(portfolio);
            swap_rest(&mut self.base, &mut rest);
            Box::new(rest)
        });
        let history = Log::take(&mut self.base.history, &portfolio.history);
        let written = Log::take(&mut self.base.written, &portfolio.written);
        let any =
            !criteres.is_empty() || rest.is_some() || history != Log::Same || written != Log::Same;
        any.then_some(Change {
            criteres,
            rest,
            history,
            written,
            fields,
        })
    }
}

/// The ids whose work differs between two maps, walking both in order
/// (no sorting, no copy of what is equal). A work of `a` equal to its
/// counterpart in `b` without being shared with it (copied by a change that
/// changed nothing, or by a merge) is replaced by `b`'s: shared again, it is
/// neither kept twice nor compared again.
fn changed_ids(
    a: &mut BTreeMap<String, Arc<CritereWork>>,
    b: &BTreeMap<String, Arc<CritereWork>>,
) -> Vec<String> {
    let mut changed = Vec::new();
    let (mut a, mut b) = (a.iter_mut().peekable(), b.iter().peekable());
    loop {
        match (a.peek_mut(), b.peek()) {
            (Some((ka, va)), Some((kb, vb))) => match (*ka).cmp(kb) {
                std::cmp::Ordering::Equal => {
                    // Shared since the checkpoint: not changed, not compared.
                    if !Arc::ptr_eq(va, vb) {
                        if **va == **vb {
                            **va = Arc::clone(vb);
                        } else {
                            changed.push((*ka).clone());
                        }
                    }
                    a.next();
                    b.next();
                }
                std::cmp::Ordering::Less => {
                    changed.push((*ka).clone());
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    changed.push((*kb).clone());
                    b.next();
                }
            },
            (Some((ka, _)), None) => {
                changed.push((*ka).clone());
                a.next();
            }
            (None, Some((kb, _))) => {
                changed.push((*kb).clone());
                b.next();
            }
            (None, None) => return changed,
        }
    }
}

/// Whether the fields beside the critères, the logs, the view and the
/// comments read are the same. Destructured so that a new field must be placed here.
fn same_rest(a: &Portfolio, b: &Portfolio) -> bool {
    let Portfolio {
        format_version: _,
        referentiel: _,
        criteres: _,
        targeted,
        experiences,
        // Ids are never given twice, undo or not: the counter stays.
        last_experience: _,
        pieces,
        last_piece: _,
        view: _,
        seen: _,
        requests,
        history: _,
        replies,
        due,
        positioning,
        written: _,
        identity,
    } = a;
    *targeted == b.targeted
        && *identity == b.identity
        && *experiences == b.experiences
        && *pieces == b.pieces
        && *requests == b.requests
        && *replies == b.replies
        && *due == b.due
        && *positioning == b.positioning
}

/// The fields the candidate sees beside the critères that differ, in words.
fn changed_fields(a: &Portfolio, b: &Portfolio) -> Vec<&'static str> {
    [
        (a.experiences != b.experiences, "expériences"),
        (a.pieces != b.pieces, "pièces justificatives"),
        (a.targeted != b.targeted, "blocs visés"),
        (a.due != b.due, "date du dossier"),
        (a.positioning != b.positioning, "positionnement"),
        (a.requests != b.requests, "demandes de relecture"),
        (a.replies != b.replies, "réponses aux tuteurs"),
        (a.identity != b.identity, "identité"),
    ]
    .into_iter()
    .filter_map(|(changed, what)| changed.then_some(what))
    .collect()
}

/// A copy of those fields, the critères, logs, view and comments read left
/// empty.
fn rest_of(p: &Portfolio) -> Portfolio {
    Portfolio {
        format_version: p.format_version,
        referentiel: p.referentiel.clone(),
        criteres: BTreeMap::new(),
        targeted: p.targeted.clone(),
        experiences: p.experiences.clone(),
        last_experience: p.last_experience,
        pieces: p.pieces.clone(),
        last_piece: p.last_piece,
        view: ViewState::default(),
        seen: BTreeMap::new(),
        requests: p.requests.clone(),
        history: Vec::new(),
        replies: p.replies.clone(),
        due: p.due,
        positioning: p.positioning.clone(),
        written: Vec::new(),
        identity: p.identity.clone(),
    }
}

/// Exchanges those fields between two portfolios.
fn swap_rest(a: &mut Portfolio, b: &mut Portfolio) {
    std::mem::swap(&mut a.targeted, &mut b.targeted);
    std::mem::swap(&mut a.experiences, &mut b.experiences);
    std::mem::swap(&mut a.pieces, &mut b.pieces);
    std::mem::swap(&mut a.requests, &mut b.requests);
    std::mem::swap(&mut a.replies, &mut b.replies);
    std::mem::swap(&mut a.due, &mut b.due);
    std::mem::swap(&mut a.positioning, &mut b.positioning);
    std::mem::swap(&mut a.identity, &mut b.identity);
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::portfolio::Status;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + seconds).unwrap()
    }

    #[test]
    fn a_change_taken_back_and_done_again_restores_each_state() {
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Première note", at(0));
        let mut checkpoint = Checkpoint::new(&p);
        let first = p.clone();

        p.add_note("CR1", "Deuxième note", at(1));
        p.cycle_status("CR2", at(2));
        p.toggle_target("BC2");
        p.view.selected = Some("CR2".into());
        let second = p.clone();
        let change = checkpoint.take(&p).unwrap();
        assert_eq!(change.ids().collect::<Vec<_>>(), ["CR1", "CR2"]);
        assert_eq!(change.fields(), ["blocs visés"]);

        let redo = change.apply(&mut p);
        assert_eq!(p.criteres, first.criteres);
        assert_eq!(p.targeted, first.targeted);
        assert_eq!(p.history, first.history);
        // Where the candidate is stays.
        assert_eq!(p.view.selected.as_deref(), Some("CR2"));
        let undo = redo.apply(&mut p);
        assert_eq!(p.criteres, second.criteres);
        assert_eq!(p.targeted, second.targeted);
        assert_eq!(p.status("CR2"), Status::InProgress);
        undo.apply(&mut p);
        assert_eq!(p.notes("CR1").len(), 1);
    }

    #[test]
    fn the_checkpoint_shares_the_work_the_portfolio_has_not_changed_since() {
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Une", at(0));
        p.add_note("CR2", "Deux", at(0));
        let id = p.add_experience(crate::experience::Experience {
            title: "Stage".into(),
            ..Default::default()
        });
        p.set_links("CR2", 0, std::slice::from_ref(&id), at(0));
        let mut checkpoint = Checkpoint::new(&p);
        let shared = |c: &Checkpoint, p: &Portfolio, id: &str| {
            Arc::ptr_eq(&c.base.criteres[id], &p.criteres[id])
        };
        assert!(shared(&checkpoint, &p, "CR1") && shared(&checkpoint, &p, "CR2"));
        p.add_note("CR1", "Une autre", at(1));
        assert!(!shared(&checkpoint, &p, "CR1"), "copied when changed");
        assert!(shared(&checkpoint, &p, "CR2"));
        assert_eq!(
            checkpoint.base.notes("CR1").len(),
            1,
            "the checkpoint kept its own"
        );
        let change = checkpoint.take(&p).unwrap();
        assert_eq!(change.ids().collect::<Vec<_>>(), ["CR1"]);
        // Deleting the experience changes only the work of the notes linked to it.
        p.delete_experience(&id);
        assert!(shared(&checkpoint, &p, "CR1"));
        assert!(!shared(&checkpoint, &p, "CR2"));
        let change = checkpoint.take(&p).unwrap();
        assert_eq!(change.ids().collect::<Vec<_>>(), ["CR2"]);
        change.apply(&mut p);
        assert_eq!(p.notes("CR2")[0].experiences, [id]);
        checkpoint.take(&p);
        // A work copied without being changed (a change that changed
        // nothing, a merge) is no change, and is shared again.
        Arc::make_mut(p.criteres.get_mut("CR1").unwrap());
        assert!(!shared(&checkpoint, &p, "CR1"));
        assert_eq!(checkpoint.take(&p), None);
        assert!(shared(&checkpoint, &p, "CR1"));
    }

    #[test]
    fn moving_in_the_tree_or_reading_comments_is_not_a_change() {
        let mut p = Portfolio::new("x");
        let mut checkpoint = Checkpoint::new(&p);
        p.view.expanded.insert("BC1".into());
        p.seen.insert("CR1".into(), at(0));
        assert_eq!(checkpoint.take(&p), None);
        p.set_level("CR1", Some(3));
        p.cycle_status("CR1", at(1));
        let change = checkpoint.take(&p).unwrap();
        assert!(change.fields().is_empty(), "the history is bookkeeping");
        assert_eq!(checkpoint.take(&p), None, "the checkpoint moved on");
    }

    #[test]
    fn a_critere_that_had_no_work_is_removed_again() {
        let mut p = Portfolio::new("x");
        let mut checkpoint = Checkpoint::new(&p);
        p.set_level("CR9", Some(2));
        let change = checkpoint.take(&p).unwrap();
        change.apply(&mut p);
        assert!(!p.criteres.contains_key("CR9"));
    }

    #[test]
    fn a_note_moved_off_an_orphan_keeps_its_dates_and_undo_brings_it_back() {
        let mut p = Portfolio::new("x");
        p.add_note("OLD.CR1", "Gardée hors référentiel", at(0));
        p.add_note("OLD.CR1", "Une autre", at(1));
        let mut checkpoint = Checkpoint::new(&p);
        assert_eq!(p.move_note("OLD.CR1", 0, "CR2", at(5)), Some(0));
        let moved = &p.notes("CR2")[0];
        assert_eq!((moved.created, moved.updated), (at(0), at(0)));
        assert_eq!(p.status("CR2"), Status::InProgress);
        assert_eq!(p.notes("OLD.CR1").len(), 1);
        // Nowhere to move to, or nothing to move: nothing happens.
        assert_eq!(p.move_note("CR2", 0, "CR2", at(6)), None);
        assert_eq!(p.move_note("CR2", 4, "CR3", at(6)), None);
        let change = checkpoint.take(&p).unwrap();
        change.apply(&mut p);
        assert_eq!(p.notes("OLD.CR1").len(), 2);
        assert!(p.notes("CR2").is_empty());
    }

    #[test]
    fn a_log_keeps_only_what_follows_the_common_start() {
        let mut base = vec![1, 2, 3];
        let back = Log::take(&mut base, &[1, 2, 4, 5]);
        assert_eq!(
            back,
            Log::Cut {
                len: 2,
                tail: vec![3]
            }
        );
        assert_eq!(base, [1, 2, 4, 5]);
        let mut log = vec![1, 2, 4, 5];
        let again = back.apply(&mut log);
        assert_eq!(log, [1, 2, 3]);
        again.apply(&mut log);
        assert_eq!(log, [1, 2, 4, 5]);
        assert_eq!(Log::take(&mut base, &[1, 2, 4, 5]), Log::Same);
    }
}
