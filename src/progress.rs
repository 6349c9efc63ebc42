//! Progress figures from a référentiel and a portfolio. Pure.

use serde::Serialize;

use crate::portfolio::{Portfolio, Status};
use crate::referentiel::{Bloc, Certification, Competence, Modalite, Unit, UnitKind};
use crate::review::{self, Review, Verdict};

/// How many units of evidence there are (critères, and compétences without
/// critère; a critère shared by an evaluation counts once), how many are prêt
/// or en cours (the candidate's word), and how many a tutor validated or sent
/// back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub units: usize,
    pub ready: usize,
    pub in_progress: usize,
    pub validated: usize,
    pub rework: usize,
}

impl std::ops::Add for Tally {
    type Output = Tally;

    fn add(mut self, other: Tally) -> Tally {
        Tally::add(&mut self, other);
        self
    }
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.units += other.units;
        self.ready += other.ready;
        self.in_progress += other.in_progress;
        self.validated += other.validated;
        self.rework += other.rework;
    }

    /// Share of units prêt, rounded down, 0 when there are none.
    pub fn percent(&self) -> u8 {
        (self.ready * 100).checked_div(self.units).unwrap_or(0) as u8
    }

    pub fn ratio(&self) -> f64 {
        if self.units == 0 {
            0.0
        } else {
            self.ready as f64 / self.units as f64
        }
    }
}

/// The tally of these units, each counted once.
pub fn units<'a>(
    units: impl IntoIterator<Item = Unit<'a>>,
    portfolio: &Portfolio,
    reviews: &[Review],
) -> Tally {
    let mut tally = Tally::default();
    for unit in units {
        tally.units += 1;
        match portfolio.status(unit.id) {
            Status::Ready => tally.ready += 1,
            Status::InProgress => tally.in_progress += 1,
            Status::Todo => {}
        }
        match review::combined_verdict(reviews, unit.id) {
            Some(Verdict::Validated) => tally.validated += 1,
            Some(Verdict::Rework) => tally.rework += 1,
            None => {}
        }
    }
    tally
}

/// A compétence's figures: its own units and the shared critères of the
/// evaluations of `bloc` that cover it.
pub fn competence(bloc: &Bloc, competence: &Competence, portfolio: &Portfolio) -> Tally {
    competence_reviewed(bloc, competence, portfolio, &[])
}

/// [`competence`] with the tutors' verdicts counted.
pub fn competence_reviewed(
    bloc: &Bloc,
    competence: &Competence,
    portfolio: &Portfolio,
    reviews: &[Review],
) -> Tally {
    units(bloc.units_of(competence), portfolio, reviews)
}

/// The figures of an evaluation's own critères.
pub fn modalite_reviewed(modalite: &Modalite, portfolio: &Portfolio, reviews: &[Review]) -> Tally {
    units(modalite.units(), portfolio, reviews)
}

pub fn bloc(bloc: &Bloc, portfolio: &Portfolio) -> Tally {
    bloc_reviewed(bloc, portfolio, &[])
}

/// [`bloc`] with the tutors' verdicts counted: every unit of the bloc once.
pub fn bloc_reviewed(bloc: &Bloc, portfolio: &Portfolio, reviews: &[Review]) -> Tally {
    units(bloc.units(), portfolio, reviews)
}

/// Units prêt that a tutor has not judged yet: what waits for review.
pub fn awaiting_review(
    certification: &Certification,
    portfolio: &Portfolio,
    review: &Review,
) -> usize {
    certification
        .units()
        .filter(|u| portfolio.status(u.id) == Status::Ready && review.verdict(u.id).is_none())
        .count()
}

/// Whether the bloc counts towards the candidate's goal: every mandatory bloc,
/// and the optional ones they chose.
pub fn is_targeted(bloc: &Bloc, portfolio: &Portfolio) -> bool {
    !bloc.optional || portfolio.targeted.contains(&bloc.id)
}

/// Progress over the targeted blocs only.
pub fn overall(certification: &Certification, portfolio: &Portfolio) -> Tally {
    let mut tally = Tally::default();
    for b in certification
        .blocs
        .iter()
        .filter(|b| is_targeted(b, portfolio))
    {
        tally.add(bloc(b, portfolio));
    }
    tally
}

/// One bloc in `livret status --json`.
#[derive(Debug, Serialize)]
pub struct BlocStatus<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub optional: bool,
    pub targeted: bool,
    /// Units of evidence: critères (a shared one once) and compétences
    /// without critère. `ready`, `in_progress`, `percent`… count these.
    pub units: usize,
    /// Critères of the bloc, each once (own and the evaluations').
    pub criteres: usize,
    pub ready: usize,
    pub in_progress: usize,
    pub percent: u8,
    /// Critères a tutor validated / sent back (0 without reviews).
    pub validated: usize,
    pub rework: usize,
    /// Words of the bloc's evidence (drafts and frame headings left out),
    /// and the words expected: the target per unit times its units.
    pub words: usize,
    pub target_words: usize,
    /// Every unit of the bloc with the candidate's and the tutors' state.
    pub items: Vec<ItemStatus<'a>>,
}

/// One unit of evidence in `livret status --json`.
#[derive(Debug, Serialize)]
pub struct ItemStatus<'a> {
    pub id: &'a str,
    /// `critere`, `shared_critere` (carried by an evaluation) or `competence`
    /// (a compétence the source gives no critère).
    pub kind: &'static str,
    /// For a shared critère: the evaluation's id; for a critère: its compétence.
    pub parent: Option<&'a str>,
    pub status: Status,
    pub level: Option<u8>,
    pub notes: usize,
    pub drafts: usize,
    /// Words of its notes (drafts and frame headings left out).
    pub words: usize,
    pub verdict: Option<Verdict>,
}

/// The whole of `livret status --json` for one certification.
#[derive(Debug, Serialize)]
pub struct StatusReport<'a> {
    pub referentiel: &'a str,
    pub blocs: Vec<BlocStatus<'a>>,
}

/// `target` is the words expected per unit.
pub fn status<'a>(
    certification: &'a Certification,
    portfolio: &Portfolio,
    reviews: &[Review],
    target: u32,
) -> StatusReport<'a> {
    StatusReport {
        referentiel: &certification.id,
        blocs: certification
            .blocs
            .iter()
            .map(|b| {
                let tally = bloc_reviewed(b, portfolio, reviews);
                let items: Vec<ItemStatus> = b
                    .units()
                    .map(|u| item_status(u, portfolio, reviews))
                    .collect();
                BlocStatus {
                    id: &b.id,
                    title: &b.title,
                    optional: b.optional,
                    targeted: is_targeted(b, portfolio),
                    units: tally.units,
                    criteres: b.criteres().count(),
                    ready: tally.ready,
                    in_progress: tally.in_progress,
                    percent: tally.percent(),
                    validated: tally.validated,
                    rework: tally.rework,
                    words: items.iter().map(|i| i.words).sum(),
                    target_words: tally.units * target as usize,
                    items,
                }
            })
            .collect(),
    }
}

fn item_status<'a>(unit: Unit<'a>, portfolio: &Portfolio, reviews: &[Review]) -> ItemStatus<'a> {
    let (kind, parent) = match unit.kind {
        UnitKind::Critere(c) => ("critere", Some(c.id.as_str())),
        UnitKind::Shared(m) => ("shared_critere", m.id.as_deref()),
        UnitKind::Competence => ("competence", None),
    };
    let work = portfolio.critere(unit.id);
    let notes = work.map_or(&[][..], |w| &w.notes[..]);
    ItemStatus {
        id: unit.id,
        kind,
        parent,
        status: portfolio.status(unit.id),
        level: work.and_then(|w| w.level),
        notes: notes.iter().filter(|n| !n.draft).count(),
        drafts: notes.iter().filter(|n| n.draft).count(),
        words: portfolio.words(unit.id),
        verdict: review::combined_verdict(reviews, unit.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;
    use jiff::Timestamp;

    const EXAMPLE: &str = include_str!("../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn figures_follow_statuses_and_targets() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut p = Portfolio::new(&c.id);
        p.add_note("A1.C1.CR1", "Preuve", Timestamp::UNIX_EPOCH);
        p.cycle_status("A1.C1.CR2", jiff::Timestamp::UNIX_EPOCH);
        p.cycle_status("A1.C1.CR2", jiff::Timestamp::UNIX_EPOCH);
        let bc1 = bloc(&c.blocs[0], &p);
        assert_eq!(
            bc1,
            Tally {
                units: 2,
                ready: 1,
                in_progress: 1,
                validated: 0,
                rework: 0,
            }
        );
        let mut marie = Review::new(&c.id, "marie");
        marie.cycle_verdict("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
        marie.cycle_verdict("A1.C1.CR2", jiff::Timestamp::UNIX_EPOCH);
        marie.cycle_verdict("A1.C1.CR2", jiff::Timestamp::UNIX_EPOCH);
        let reviewed = bloc_reviewed(&c.blocs[0], &p, std::slice::from_ref(&marie));
        assert_eq!((reviewed.validated, reviewed.rework), (1, 1));
        assert_eq!(awaiting_review(&c, &p, &marie), 0);
        assert_eq!(awaiting_review(&c, &p, &Review::new(&c.id, "jean")), 1);
        assert_eq!(bc1.percent(), 50);
        assert_eq!(overall(&c, &p).units, 2, "optional BC02 not targeted");
        p.toggle_target("BC02");
        assert_eq!(overall(&c, &p).units, 3);
        assert_eq!(overall(&c, &p).percent(), 33);
    }

    #[test]
    fn an_empty_tally_is_zero_percent() {
        assert_eq!(Tally::default().percent(), 0);
        assert_eq!(Tally::default().ratio(), 0.0);
    }

    #[test]
    fn status_lists_every_bloc_with_its_target_state() {
        let c = parse(EXAMPLE, None).unwrap();
        let p = Portfolio::new(&c.id);
        let s = status(&c, &p, &[], 300);
        assert_eq!(s.blocs.len(), 2);
        assert!(s.blocs[0].targeted && !s.blocs[1].targeted);
    }
}
