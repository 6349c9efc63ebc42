//! Progress figures from a référentiel and a portfolio. Pure.

use serde::Serialize;

use crate::portfolio::{Portfolio, Status};
use crate::referentiel::{Bloc, Certification, Competence};
use crate::review::{self, Review, Verdict};

/// How many critères there are, how many are prêt or en cours (the
/// candidate's word), and how many a tutor validated or sent back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub criteres: usize,
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
        self.criteres += other.criteres;
        self.ready += other.ready;
        self.in_progress += other.in_progress;
        self.validated += other.validated;
        self.rework += other.rework;
    }

    /// Share of critères prêt, rounded down, 0 when there are none.
    pub fn percent(&self) -> u8 {
        (self.ready * 100).checked_div(self.criteres).unwrap_or(0) as u8
    }

    pub fn ratio(&self) -> f64 {
        if self.criteres == 0 {
            0.0
        } else {
            self.ready as f64 / self.criteres as f64
        }
    }
}

pub fn competence(competence: &Competence, portfolio: &Portfolio) -> Tally {
    competence_reviewed(competence, portfolio, &[])
}

/// [`competence`] with the tutors' verdicts counted.
pub fn competence_reviewed(
    competence: &Competence,
    portfolio: &Portfolio,
    reviews: &[Review],
) -> Tally {
    let mut tally = Tally::default();
    for critere in &competence.criteres {
        tally.criteres += 1;
        match portfolio.status(&critere.id) {
            Status::Ready => tally.ready += 1,
            Status::InProgress => tally.in_progress += 1,
            Status::Todo => {}
        }
        match review::combined_verdict(reviews, &critere.id) {
            Some(Verdict::Validated) => tally.validated += 1,
            Some(Verdict::Rework) => tally.rework += 1,
            None => {}
        }
    }
    tally
}

pub fn bloc(bloc: &Bloc, portfolio: &Portfolio) -> Tally {
    bloc_reviewed(bloc, portfolio, &[])
}

/// [`bloc`] with the tutors' verdicts counted.
pub fn bloc_reviewed(bloc: &Bloc, portfolio: &Portfolio, reviews: &[Review]) -> Tally {
    let mut tally = Tally::default();
    for c in bloc.competences() {
        tally.add(competence_reviewed(c, portfolio, reviews));
    }
    tally
}

/// Critères prêt that a tutor has not judged yet: what waits for review.
pub fn awaiting_review(
    certification: &Certification,
    portfolio: &Portfolio,
    review: &Review,
) -> usize {
    certification
        .criteres()
        .filter(|c| portfolio.status(&c.id) == Status::Ready && review.verdict(&c.id).is_none())
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
    pub criteres: usize,
    pub ready: usize,
    pub in_progress: usize,
    pub percent: u8,
    /// Critères a tutor validated / sent back (0 without reviews).
    pub validated: usize,
    pub rework: usize,
}

/// The whole of `livret status --json` for one certification.
#[derive(Debug, Serialize)]
pub struct StatusReport<'a> {
    pub referentiel: &'a str,
    pub blocs: Vec<BlocStatus<'a>>,
}

pub fn status<'a>(
    certification: &'a Certification,
    portfolio: &Portfolio,
    reviews: &[Review],
) -> StatusReport<'a> {
    StatusReport {
        referentiel: &certification.id,
        blocs: certification
            .blocs
            .iter()
            .map(|b| {
                let tally = bloc_reviewed(b, portfolio, reviews);
                BlocStatus {
                    id: &b.id,
                    title: &b.title,
                    optional: b.optional,
                    targeted: is_targeted(b, portfolio),
                    criteres: tally.criteres,
                    ready: tally.ready,
                    in_progress: tally.in_progress,
                    percent: tally.percent(),
                    validated: tally.validated,
                    rework: tally.rework,
                }
            })
            .collect(),
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
        p.cycle_status("A1.C1.CR2");
        p.cycle_status("A1.C1.CR2");
        let bc1 = bloc(&c.blocs[0], &p);
        assert_eq!(
            bc1,
            Tally {
                criteres: 2,
                ready: 1,
                in_progress: 1,
                validated: 0,
                rework: 0,
            }
        );
        let mut marie = Review::new(&c.id, "marie");
        marie.cycle_verdict("A1.C1.CR1");
        marie.cycle_verdict("A1.C1.CR2");
        marie.cycle_verdict("A1.C1.CR2");
        let reviewed = bloc_reviewed(&c.blocs[0], &p, std::slice::from_ref(&marie));
        assert_eq!((reviewed.validated, reviewed.rework), (1, 1));
        assert_eq!(awaiting_review(&c, &p, &marie), 0);
        assert_eq!(awaiting_review(&c, &p, &Review::new(&c.id, "jean")), 1);
        assert_eq!(bc1.percent(), 50);
        assert_eq!(overall(&c, &p).criteres, 2, "optional BC02 not targeted");
        p.toggle_target("BC02");
        assert_eq!(overall(&c, &p).criteres, 3);
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
        let s = status(&c, &p, &[]);
        assert_eq!(s.blocs.len(), 2);
        assert!(s.blocs[0].targeted && !s.blocs[1].targeted);
    }
}
