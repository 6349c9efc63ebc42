//! The dossier as a document: Markdown, or one self-contained printable HTML
//! page. Pure: the caller gives the date and writes the result.
//!
//! Both formats render the same [`Plan`], so what is exported (which blocs,
//! which critères, which figures) is decided once.

pub mod escape;
mod experiences;
mod html;
mod markdown;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::portfolio::Portfolio;
use crate::progress::{self, Tally};
use crate::referentiel::{Activite, Bloc, Certification, Competence, Critere, Modalite};

pub use html::html;
pub use markdown::markdown;

/// What to leave out of the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Detail only the critères marked prêt (the summary still counts all).
    pub only_ready: bool,
    /// Leave out tutor comments. Reviews do not exist yet, so this changes
    /// nothing today; it is accepted so that scripts can already pass it.
    pub no_comments: bool,
    /// Only these blocs (by id), in référentiel order; all targeted blocs when
    /// empty. A bloc named here is exported even if optional and not targeted.
    pub blocs: Vec<String>,
}

impl Options {
    /// A French message naming the `blocs` that the certification does not have.
    pub fn check(&self, certification: &Certification) -> Result<(), String> {
        let unknown: Vec<&str> = self
            .blocs
            .iter()
            .filter(|id| !certification.blocs.iter().any(|b| &b.id == *id))
            .map(String::as_str)
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let known: Vec<&str> = certification.blocs.iter().map(|b| b.id.as_str()).collect();
        Err(format!(
            "{} « {} » inconnu{} dans « {} » ; blocs disponibles : {}",
            if unknown.len() > 1 { "blocs" } else { "bloc" },
            unknown.join(" », « "),
            if unknown.len() > 1 { "s" } else { "" },
            certification.id,
            known.join(", ")
        ))
    }
}

/// Who the dossier is for and when it was exported.
#[derive(Debug, Clone)]
pub struct ExportContext {
    /// The candidate's name, when known; the header omits it otherwise.
    pub candidate: Option<String>,
    pub date: Timestamp,
    /// Time zone the dates are shown in.
    pub tz: TimeZone,
    /// Every tutor's review: verdicts and comments go under each critère and
    /// compétence (comments left out with `--no-comments`).
    pub reviews: Vec<crate::review::Review>,
}

/// What the tutors said about one critère or compétence, as exported.
pub(crate) struct Said<'a> {
    pub verdicts: Vec<(&'a str, crate::review::Verdict)>,
    pub comments: Vec<&'a crate::review::Comment>,
}

impl ExportContext {
    /// The tutors' verdicts and (unless `--no-comments`) comments on `id`.
    pub(crate) fn said(&self, id: &str, options: &Options) -> Said<'_> {
        Said {
            verdicts: crate::review::verdicts(&self.reviews, id).collect(),
            comments: if options.no_comments {
                Vec::new()
            } else {
                crate::review::comments(&self.reviews, id)
            },
        }
    }

    /// `23/11/2026 10:00`, for a comment.
    pub(crate) fn short_date(&self, at: Timestamp) -> String {
        at.to_zoned(self.tz.clone())
            .strftime("%d/%m/%Y %H:%M")
            .to_string()
    }

    /// No name, now, in the system's time zone.
    pub fn now() -> Self {
        ExportContext {
            candidate: None,
            date: Timestamp::now(),
            tz: TimeZone::system(),
            reviews: Vec::new(),
        }
    }

    /// `23 novembre 2026`.
    fn long_date(&self) -> String {
        use crate::experience::MONTHS;
        let date = self.date.to_zoned(self.tz.clone()).date();
        format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month() as usize - 1],
            date.year()
        )
    }

    /// `05/01/2026 à 10:00`.
    fn date_time(&self, timestamp: Timestamp) -> String {
        timestamp
            .to_zoned(self.tz.clone())
            .strftime("%d/%m/%Y à %H:%M")
            .to_string()
    }
}

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    pub fn render(
        self,
        certification: &Certification,
        portfolio: &Portfolio,
        options: &Options,
        context: &ExportContext,
    ) -> String {
        match self {
            Format::Markdown => markdown(certification, portfolio, options, context),
            Format::Html => html(certification, portfolio, options, context),
        }
    }
}

/// What the export shows, decided once for both formats.
struct Plan<'a> {
    blocs: Vec<BlocPlan<'a>>,
    /// Optional blocs left out because the candidate does not aim for them.
    not_targeted: Vec<&'a Bloc>,
    /// Figures over the targeted blocs, when the export covers all of them.
    overall: Option<Tally>,
}

struct BlocPlan<'a> {
    bloc: &'a Bloc,
    tally: Tally,
    targeted: bool,
    /// Activités, then the compétences directly under the bloc (`activite: None`).
    groups: Vec<Group<'a>>,
    /// The bloc's evaluations that carry critères, with the critères to show.
    evaluations: Vec<EvaluationPlan<'a>>,
}

struct EvaluationPlan<'a> {
    modalite: &'a Modalite,
    criteres: Vec<&'a Critere>,
}

struct Group<'a> {
    activite: Option<&'a Activite>,
    competences: Vec<CompetencePlan<'a>>,
}

struct CompetencePlan<'a> {
    competence: &'a Competence,
    criteres: Vec<&'a Critere>,
    /// The compétence has no critère: its own status and notes are shown.
    own_evidence: bool,
    /// The evaluations whose critères cover it, shown after the compétences.
    covered_by: Vec<&'a Modalite>,
}

impl<'a> Plan<'a> {
    fn new(certification: &'a Certification, portfolio: &Portfolio, options: &Options) -> Self {
        let wanted = |bloc: &Bloc| {
            if options.blocs.is_empty() {
                progress::is_targeted(bloc, portfolio)
            } else {
                options.blocs.contains(&bloc.id)
            }
        };
        let blocs = certification
            .blocs
            .iter()
            .filter(|b| wanted(b))
            .map(|bloc| BlocPlan {
                bloc,
                tally: progress::bloc(bloc, portfolio),
                targeted: progress::is_targeted(bloc, portfolio),
                groups: groups(bloc, portfolio, options),
                evaluations: evaluations(bloc, portfolio, options),
            })
            .collect();
        let not_targeted = certification
            .blocs
            .iter()
            .filter(|b| !progress::is_targeted(b, portfolio) && !wanted(b))
            .collect();
        Plan {
            blocs,
            not_targeted,
            overall: options
                .blocs
                .is_empty()
                .then(|| progress::overall(certification, portfolio)),
        }
    }
}

/// The bloc's activités and direct compétences with the critères to show;
/// with `only_ready`, compétences and activités left empty are dropped.
fn groups<'a>(bloc: &'a Bloc, portfolio: &Portfolio, options: &Options) -> Vec<Group<'a>> {
    let shown =
        |id: &str| !options.only_ready || portfolio.status(id) == crate::portfolio::Status::Ready;
    let competences = |list: &'a [Competence]| -> Vec<CompetencePlan<'a>> {
        list.iter()
            .map(|competence| CompetencePlan {
                competence,
                criteres: competence
                    .criteres
                    .iter()
                    .filter(|c| shown(&c.id))
                    .collect(),
                own_evidence: competence.is_leaf() && shown(&competence.id),
                covered_by: bloc.evaluations_of(&competence.id).collect(),
            })
            .filter(|c| !options.only_ready || !c.criteres.is_empty() || c.own_evidence)
            .collect()
    };
    bloc.activites
        .iter()
        .map(|activite| Group {
            activite: Some(activite),
            competences: competences(&activite.competences),
        })
        .chain(std::iter::once(Group {
            activite: None,
            competences: competences(&bloc.competences),
        }))
        .filter(|g| !g.competences.is_empty())
        .collect()
}

/// The evaluations of the bloc that carry critères, with those to show.
fn evaluations<'a>(
    bloc: &'a Bloc,
    portfolio: &Portfolio,
    options: &Options,
) -> Vec<EvaluationPlan<'a>> {
    bloc.modalites
        .iter()
        .filter(|m| !m.criteres.is_empty())
        .map(|modalite| EvaluationPlan {
            modalite,
            criteres: modalite
                .criteres
                .iter()
                .filter(|c| {
                    !options.only_ready
                        || portfolio.status(&c.id) == crate::portfolio::Status::Ready
                })
                .collect(),
        })
        .filter(|e| !e.criteres.is_empty())
        .collect()
}

/// `BC4.E1 — Étude de cas`: how an evaluation is named in the dossier.
fn evaluation_name(modalite: &Modalite) -> String {
    match &modalite.id {
        Some(id) => format!("{id} — {}", modalite.title),
        None => modalite.title.clone(),
    }
}

/// Units à faire in a tally.
fn todo(tally: Tally) -> usize {
    tally.units - tally.ready - tally.in_progress
}

/// `optionnel, visé` for optional blocs, nothing for mandatory ones.
fn optional_mark(plan: &BlocPlan) -> Option<&'static str> {
    match (plan.bloc.optional, plan.targeted) {
        (false, _) => None,
        (true, true) => Some("optionnel, visé"),
        (true, false) => Some("optionnel, non visé"),
    }
}

/// `3 / 4`, or `non renseignée`.
fn level_label(level: Option<u8>) -> String {
    match level {
        Some(level) => format!("{level} / {}", crate::portfolio::MAX_LEVEL),
        None => "non renseignée".to_string(),
    }
}

/// `Créée le 05/01/2026 à 10:00`, and when it was modified later.
fn note_dates(note: &crate::portfolio::Note, context: &ExportContext) -> String {
    let created = context.date_time(note.created);
    if note.updated == note.created {
        format!("Créée le {created}")
    } else {
        format!(
            "Créée le {created}, modifiée le {}",
            context.date_time(note.updated)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn unknown_blocs_are_named_with_the_known_ones() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut options = Options {
            blocs: vec!["BC01".into()],
            ..Options::default()
        };
        assert_eq!(options.check(&c), Ok(()));
        options.blocs.push("BC9".into());
        assert_eq!(
            options.check(&c).unwrap_err(),
            "bloc « BC9 » inconnu dans « exemple-minimal » ; blocs disponibles : BC01, BC02"
        );
    }

    #[test]
    fn dates_are_french_in_the_given_time_zone() {
        let context = ExportContext {
            candidate: None,
            date: "2026-03-01T23:30:00Z".parse().unwrap(),
            tz: TimeZone::fixed(jiff::tz::offset(1)),
            reviews: Vec::new(),
        };
        assert_eq!(context.long_date(), "2 mars 2026");
        assert_eq!(context.date_time(context.date), "02/03/2026 à 00:30");
    }

    #[test]
    fn the_summary_covers_targeted_blocs_unless_some_are_named() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut p = Portfolio::new(&c.id);
        let ids =
            |plan: &Plan| -> Vec<String> { plan.blocs.iter().map(|b| b.bloc.id.clone()).collect() };
        let plan = Plan::new(&c, &p, &Options::default());
        assert_eq!(ids(&plan), ["BC01"]);
        assert_eq!(plan.not_targeted.len(), 1);
        assert!(plan.overall.is_some());
        p.toggle_target("BC02");
        let plan = Plan::new(&c, &p, &Options::default());
        assert_eq!(ids(&plan), ["BC01", "BC02"]);
        assert!(plan.not_targeted.is_empty());
        let named = Options {
            blocs: vec!["BC02".into()],
            ..Options::default()
        };
        let plan = Plan::new(&c, &Portfolio::new(&c.id), &named);
        assert_eq!(
            ids(&plan),
            ["BC02"],
            "a bloc named is exported even if not targeted"
        );
        assert!(plan.overall.is_none());
    }
}
