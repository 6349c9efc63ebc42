//! The tutor's list of candidates: its selection and sort order (the rows
//! are the session's).

use crate::cycle::{RequestView, State};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::session::Session;

/// One line of the cohort screen: a candidate on one certification.
pub type CohortRow = crate::store::CandidateOverview;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CohortSort {
    /// Most critères waiting for review first.
    #[default]
    Awaiting,
    /// Most recent change first.
    LastChange,
}

#[derive(Debug, Clone, Default)]
pub struct Cohort {
    pub selected: usize,
    pub sort: CohortSort,
    /// Showing the review requests waiting instead of the candidates.
    pub queue: bool,
    /// The selected line of the queue.
    pub request: usize,
}

/// One review request waiting (demandée or en relecture): the row of its
/// candidate and certification, and the request.
pub struct Waiting<'a> {
    pub row: usize,
    pub candidate: &'a CohortRow,
    pub request: &'a RequestView,
}

/// Every request not yet returned, oldest first: the tutor's queue.
pub fn queue(rows: &[CohortRow]) -> Vec<Waiting<'_>> {
    let mut waiting: Vec<Waiting> = rows
        .iter()
        .enumerate()
        .flat_map(|(row, candidate)| {
            candidate
                .requests
                .iter()
                .filter(|r| matches!(r.state, State::Requested | State::InReview))
                .map(move |request| Waiting {
                    row,
                    candidate,
                    request,
                })
        })
        .collect();
    waiting.sort_by_key(|w| w.request.since);
    waiting
}

impl Cohort {
    /// Puts `rows` in this screen's order.
    pub fn sort(&self, rows: &mut [CohortRow]) {
        match self.sort {
            CohortSort::Awaiting => rows.sort_by(|a, b| {
                b.awaiting
                    .cmp(&a.awaiting)
                    .then(b.last_change.cmp(&a.last_change))
            }),
            CohortSort::LastChange => rows.sort_by(|a, b| {
                b.last_change
                    .cmp(&a.last_change)
                    .then(b.awaiting.cmp(&a.awaiting))
            }),
        }
    }
}

impl Cohort {
    /// The rows read afresh, in this screen's order, the selection kept in them.
    pub fn show(&mut self, session: &mut Session, rows: Vec<CohortRow>) {
        session.cohort = rows;
        self.sort(&mut session.cohort);
        self.selected = self.selected.min(session.cohort.len().saturating_sub(1));
    }

    pub fn update(&mut self, session: &mut Session, action: Action) -> Vec<Effect> {
        if action == Action::ToggleQueue {
            self.queue = !self.queue;
            return Vec::new();
        }
        if self.queue {
            return self.update_queue(session, action);
        }
        let last = session.cohort.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::CycleStatus | Action::ToggleFilter => {
                self.sort = match self.sort {
                    CohortSort::Awaiting => CohortSort::LastChange,
                    CohortSort::LastChange => CohortSort::Awaiting,
                };
                self.sort(&mut session.cohort);
                self.selected = 0;
            }
            Action::Activate if !session.cohort.is_empty() => {
                session.request = None;
                return vec![Effect::OpenCandidate(self.selected)];
            }
            _ => {}
        }
        Vec::new()
    }

    /// The queue: Enter opens the candidate on the request's first item
    /// without an answer (see `MainScreen::start_request`).
    fn update_queue(&mut self, session: &mut Session, action: Action) -> Vec<Effect> {
        let waiting = queue(&session.cohort);
        let last = waiting.len().saturating_sub(1);
        match action {
            Action::Down => self.request = (self.request + 1).min(last),
            Action::Up => self.request = self.request.saturating_sub(1),
            Action::Top => self.request = 0,
            Action::Bottom => self.request = last,
            Action::Activate => {
                if let Some(w) = waiting.get(self.request.min(last)) {
                    let row = w.row;
                    session.request = Some(w.request.since);
                    return vec![Effect::OpenCandidate(row)];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn row(candidate: &str, awaiting: usize, last: i64) -> CohortRow {
        CohortRow {
            candidate: candidate.into(),
            dir: candidate.into(),
            referentiel: "x".into(),
            title: "X".into(),
            blocs: Vec::new(),
            awaiting,
            last_change: Some(Timestamp::from_second(last).unwrap()),
            problem: None,
            requests: Vec::new(),
        }
    }

    #[test]
    fn the_cohort_sorts_by_waiting_work_or_by_last_change() {
        let mut rows = vec![row("a", 1, 30), row("b", 5, 10), row("c", 0, 20)];
        let mut cohort = Cohort::default();
        cohort.sort(&mut rows);
        let order =
            |rows: &[CohortRow]| rows.iter().map(|r| r.candidate.clone()).collect::<Vec<_>>();
        assert_eq!(order(&rows), ["b", "a", "c"]);
        cohort.sort = CohortSort::LastChange;
        cohort.sort(&mut rows);
        assert_eq!(order(&rows), ["a", "c", "b"]);
    }
}
