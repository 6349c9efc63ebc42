//! The tutor's list of candidates: its selection and sort order (the rows
//! are the session's).

use crate::cycle::RequestView;
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
    /// The oldest review request first (none last).
    Waiting,
    /// The least advanced first (share of units prêt or validé).
    Progress,
    /// By name.
    Name,
}

impl CohortSort {
    pub fn label(self) -> &'static str {
        match self {
            CohortSort::Awaiting => "en attente d’avis d’abord",
            CohortSort::LastChange => "dernière modification d’abord",
            CohortSort::Waiting => "demande la plus ancienne",
            CohortSort::Progress => "moins avancés d’abord",
            CohortSort::Name => "nom",
        }
    }

    fn next(self) -> CohortSort {
        match self {
            CohortSort::Awaiting => CohortSort::LastChange,
            CohortSort::LastChange => CohortSort::Waiting,
            CohortSort::Waiting => CohortSort::Progress,
            CohortSort::Progress => CohortSort::Name,
            CohortSort::Name => CohortSort::Awaiting,
        }
    }
}

/// The oldest request of a row still waiting, if any.
fn oldest_request(row: &CohortRow) -> Option<jiff::Timestamp> {
    row.requests
        .iter()
        .filter(|r| r.state.is_waiting())
        .map(|r| r.since)
        .min()
}

/// Share of a row's units prêt (or validé), in thousandths.
fn progress(row: &CohortRow) -> usize {
    let (done, units) = row.blocs.iter().fold((0, 0), |(d, u), (_, t)| {
        (d + t.ready.max(t.validated), u + t.units)
    });
    (done * 1000).checked_div(units).unwrap_or(0)
}

/// Whether a row has something for the tutor: critères prêts without their
/// verdict, a request waiting, an unread reply.
pub fn has_news(row: &CohortRow) -> bool {
    row.awaiting > 0 || row.unread > 0 || oldest_request(row).is_some()
}

#[derive(Debug, Clone, Default)]
pub struct Cohort {
    pub selected: usize,
    pub sort: CohortSort,
    /// Showing the review requests waiting instead of the candidates.
    pub queue: bool,
    /// The selected line of the queue.
    pub request: usize,
    /// Only the candidates with something for the tutor (`f`).
    pub filter: bool,
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
                .filter(|r| r.state.is_waiting())
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
            CohortSort::Waiting => rows.sort_by_key(|r| {
                let oldest = oldest_request(r);
                (oldest.is_none(), oldest)
            }),
            CohortSort::Progress => rows.sort_by_key(progress),
            // As a reader orders names: « bruno » between « Alice » and « Chloé ».
            CohortSort::Name => rows.sort_by_cached_key(|r| {
                (crate::search::fold(&r.candidate).text, r.candidate.clone())
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

    /// Rows read again because their candidate changed something: each
    /// replaces its old self (a new one is added), in this screen's order,
    /// the selection staying on the same candidate.
    pub fn refresh(&mut self, session: &mut Session, rows: Vec<CohortRow>) {
        let key = |r: &CohortRow| (r.dir.clone(), r.referentiel.clone());
        let selected = session.cohort.get(self.selected).map(key);
        for row in rows {
            match session.cohort.iter().position(|r| key(r) == key(&row)) {
                Some(at) => session.cohort[at] = row,
                None => session.cohort.push(row),
            }
        }
        self.sort(&mut session.cohort);
        let at = selected.and_then(|s| session.cohort.iter().position(|r| key(r) == s));
        self.selected = at.unwrap_or(self.selected.min(session.cohort.len().saturating_sub(1)));
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
            Action::Down => self.selected = self.step(session, self.selected, 1).min(last),
            Action::Up => self.selected = self.step(session, self.selected, -1),
            Action::Top => self.selected = self.first_shown(session).unwrap_or(0),
            Action::Bottom => {
                self.selected = session
                    .cohort
                    .iter()
                    .rposition(|r| self.shows(r))
                    .unwrap_or(0)
            }
            Action::CycleStatus => {
                self.sort = self.sort.next();
                self.sort(&mut session.cohort);
                self.selected = self.first_shown(session).unwrap_or(0);
            }
            Action::ToggleFilter => {
                self.filter = !self.filter;
                self.selected = self.first_shown(session).unwrap_or(0);
            }
            Action::Activate
                if session
                    .cohort
                    .get(self.selected)
                    .is_some_and(|r| self.shows(r)) =>
            {
                session.request = None;
                return vec![Effect::OpenCandidate(self.selected)];
            }
            _ => {}
        }
        Vec::new()
    }

    /// Whether a row is on screen (the filter).
    pub fn shows(&self, row: &CohortRow) -> bool {
        !self.filter || has_news(row)
    }

    fn first_shown(&self, session: &Session) -> Option<usize> {
        session.cohort.iter().position(|r| self.shows(r))
    }

    /// The next row shown from `from` in direction `by` (or `from`).
    fn step(&self, session: &Session, from: usize, by: isize) -> usize {
        let mut at = from;
        loop {
            let Some(next) = at.checked_add_signed(by) else {
                return from;
            };
            match session.cohort.get(next) {
                Some(row) if self.shows(row) => return next,
                Some(_) => at = next,
                None => return from,
            }
        }
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
            folder: candidate.into(),
            dir: candidate.into(),
            referentiel: "x".into(),
            title: "X".into(),
            blocs: Vec::new(),
            awaiting,
            last_change: Some(Timestamp::from_second(last).unwrap()),
            problem: None,
            requests: Vec::new(),
            unread: 0,
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

    #[test]
    fn a_changed_row_replaces_its_old_self_and_the_selection_follows_its_candidate() {
        let mut session = Session::new(Vec::new());
        let mut cohort = Cohort::default();
        cohort.show(
            &mut session,
            vec![row("a", 1, 30), row("b", 5, 10), row("c", 0, 20)],
        );
        let names = |s: &Session| {
            s.cohort
                .iter()
                .map(|r| r.candidate.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&session), ["b", "a", "c"]);
        cohort.selected = 1;
        // « c » now has the most to review: it moves up, « a » stays selected.
        cohort.refresh(&mut session, vec![row("c", 9, 40)]);
        assert_eq!(names(&session), ["c", "b", "a"]);
        assert_eq!(session.cohort[cohort.selected].candidate, "a");
        assert_eq!(session.cohort.len(), 3, "replaced, not added");
        // A candidate who was not there yet is added.
        cohort.refresh(&mut session, vec![row("d", 0, 1)]);
        assert_eq!(names(&session), ["c", "b", "a", "d"]);
        assert_eq!(session.cohort[cohort.selected].candidate, "a");
    }
}
