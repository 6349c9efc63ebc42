//! What the exported dossier says, resolved once for every format: which
//! blocs, critères and notes, with their statuses, the tutors' verdicts, the
//! figures and the dates as they read in French. The printers only lay it out.

use super::context::{ExportContext, Options};
use crate::coverage::{CritereRow, coverage};
use crate::portfolio::Portfolio;
use crate::progress;
use crate::referentiel::{self as r, Certification};
use crate::review::Verdict;
use crate::text::count;

mod lookup;
mod pieces;

use lookup::Lookup;

pub use crate::portfolio::Status;
pub use crate::progress::Tally;

/// The dossier, in the order it is printed: header, summary, experiences
/// and coverage table, then bloc → group → compétence → critère → notes.
/// Texts are as written: each printer escapes them for its format.
#[derive(Debug)]
pub struct Dossier<'a> {
    /// The certification's title.
    pub title: &'a str,
    /// Code, Niveau, Certificateur, Candidat and the candidate's identity
    /// (n° de recevabilité, its date, contact) as (label, value), those known.
    pub fields: Vec<(&'static str, String)>,
    /// The day of the export: `23 novembre 2026`.
    pub date: String,
    /// Only the critères prêts are detailed.
    pub only_ready: bool,
    /// The follow-up for the candidate and the tutor (statuses, items
    /// without evidence, verdicts), rather than the dossier for the jury.
    pub suivi: bool,
    /// The blocs exported, in référentiel order: a row of the summary each,
    /// then a section each.
    pub blocs: Vec<Bloc<'a>>,
    /// Figures over the targeted blocs, when the export covers all of them.
    pub overall: Option<Tally>,
    /// Optional blocs left out because the candidate does not aim for them.
    pub not_targeted: Vec<Named<'a>>,
    /// The experiences and the coverage table; `None` without experiences.
    pub experiences: Option<Experiences<'a>>,
    /// The pièces justificatives (annexes): all of them, or for some blocs
    /// those their notes cite.
    pub pieces: Vec<Piece<'a>>,
    /// The declaration a livret 2 ends with, to sign: in the jury's
    /// dossier only.
    pub declaration: Option<String>,
}

/// Where the candidate dates and signs the declaration.
pub const SIGNATURE: [&str; 2] = ["Fait à ……………………………, le ……………………………", "Signature :"];

/// « Je soussigné(e) … déclare sur l’honneur … ».
fn declaration(candidate: Option<&str>) -> String {
    format!(
        "Je soussigné(e) {} déclare sur l’honneur que les informations contenues dans ce \
         dossier sont exactes et que les activités décrites ont été exercées par moi-même.",
        candidate.unwrap_or("……………………………………")
    )
}

/// An id and a title, as in `BC01 — Piloter`.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Debug)]
pub struct Bloc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// `optionnel, visé` for optional blocs, nothing for mandatory ones.
    pub mark: Option<&'static str>,
    pub tally: Tally,
    /// Words written in the bloc's notes, against the words expected.
    pub words: crate::coach::tally::Words,
    /// Every compétence of the bloc with the candidate's self-positioning
    /// (set, or derived from the critères), for the summary table.
    pub positioning: Vec<(Named<'a>, crate::coach::positioning::Stance)>,
    /// Activités, then the compétences directly under the bloc.
    pub groups: Vec<Group<'a>>,
    /// The bloc's evaluations that carry critères, with the critères to show.
    pub evaluations: Vec<Evaluation<'a>>,
}

/// The compétences of an activité, or those directly under the bloc
/// (`activite: None`).
#[derive(Debug)]
pub struct Group<'a> {
    pub activite: Option<Named<'a>>,
    pub competences: Vec<Competence<'a>>,
}

#[derive(Debug)]
pub struct Competence<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Conditions de réalisation, possibly blank.
    pub conditions: &'a str,
    /// Résultats attendus, possibly blank.
    pub results: &'a str,
    /// The names of the evaluations whose critères cover it.
    pub evaluated_by: Vec<String>,
    /// Its own status and notes, when it has no critère (and is shown).
    pub evidence: Option<Evidence<'a>>,
    pub said: Said<'a>,
    /// France VAE's self-positioning: « oui », « partiellement (estimé) »…
    pub positioning: String,
    pub criteres: Vec<Critere<'a>>,
}

#[derive(Debug)]
pub struct Critere<'a> {
    pub id: &'a str,
    pub group: Option<&'a str>,
    pub text: &'a str,
    pub evidence: Evidence<'a>,
    pub said: Said<'a>,
}

/// An evaluation that carries critères shared by the compétences it covers.
#[derive(Debug)]
pub struct Evaluation<'a> {
    /// `BC4.E1 — Étude de cas`.
    pub name: String,
    /// The ids of the compétences it evaluates.
    pub covers: &'a [String],
    pub criteres: Vec<Critere<'a>>,
}

/// The candidate's work on a unit of evidence.
#[derive(Debug)]
pub struct Evidence<'a> {
    pub status: Status,
    /// The self-assessment: `3 / 4`, or `non renseignée`.
    pub level: String,
    pub notes: Vec<Note<'a>>,
}

#[derive(Debug)]
pub struct Note<'a> {
    pub title: &'a str,
    /// The lines after the title.
    pub body: String,
    /// The titles of the experiences it links to.
    pub experiences: Vec<&'a str>,
    /// `Pièce 2 — Attestation d’emploi` for each piece it cites.
    pub pieces: Vec<String>,
    /// The ids of the pieces it cites.
    pub cites: &'a [String],
    /// `Créée le 05/01/2026 à 10:00`, and when it was modified later.
    pub dates: String,
}

/// A pièce justificative, as the dossier lists it.
#[derive(Debug)]
pub struct Piece<'a> {
    /// `Pièce 3`: its place in the candidate's list, the number notes cite.
    pub number: String,
    pub title: &'a str,
    /// Its file name, or where the jury finds it; possibly blank.
    pub file: &'a str,
    /// Possibly blank.
    pub description: &'a str,
    /// Where this dossier cites it: `C1.1.CR1 — Analyse de la zone Maghreb`.
    pub cited: Vec<String>,
}

impl Piece<'_> {
    /// `C1.1.CR1 — Analyse ; C2.1.CR3 — Salon`; `aucune note de ce document` in the
    /// follow-up where none cites it (the jury's dossier says nothing).
    pub fn citations(&self, suivi: bool) -> Option<String> {
        match (self.cited.is_empty(), suivi) {
            (false, _) => Some(self.cited.join(" ; ")),
            (true, true) => Some("aucune note de ce document".to_string()),
            (true, false) => None,
        }
    }
}

/// What the tutors said about one critère or compétence, as exported.
#[derive(Debug)]
pub struct Said<'a> {
    /// (tutor, verdict).
    pub verdicts: Vec<(&'a str, Verdict)>,
    /// All tutors', oldest first; none with `--no-comments`.
    pub comments: Vec<Comment<'a>>,
}

impl Said<'_> {
    pub fn is_empty(&self) -> bool {
        self.verdicts.is_empty() && self.comments.is_empty()
    }
}

#[derive(Debug)]
pub struct Comment<'a> {
    /// The tutor, marked « non vérifié » when their review is not verified.
    pub author: std::borrow::Cow<'a, str>,
    /// `23/11/2026 10:00`.
    pub date: String,
    pub text: &'a str,
}

/// The experiences section and the critères × experiences coverage table,
/// from [`crate::coverage`]: the same figures as the matrix view and
/// `livret status --json`.
#[derive(Debug)]
pub struct Experiences<'a> {
    /// In the candidate's order, which is also the order of the columns.
    pub list: Vec<Experience<'a>>,
    /// One row per critère detailed in the dossier, in référentiel order.
    pub rows: Vec<CoverageRow<'a>>,
    /// Per column, the notes linked among the rows shown.
    pub column_totals: Vec<usize>,
    /// Every cell shown, added up.
    pub total: usize,
}

#[derive(Debug)]
pub struct Experience<'a> {
    pub title: &'a str,
    /// Employer, role, period and place, as (label, value), those filled in.
    pub fields: Vec<(&'static str, String)>,
    pub description: &'a str,
    /// `3 notes liées, 2 critères couverts`.
    pub figures: String,
}

#[derive(Debug)]
pub struct CoverageRow<'a> {
    pub id: &'a str,
    /// Per experience: the number of notes, `–` for none.
    pub cells: Vec<String>,
    /// The row's cells added up, the same way.
    pub total: String,
    /// No evidence note at all: what the table makes stand out.
    pub bare: bool,
}

impl<'a> Dossier<'a> {
    /// Everything the export shows, looked up once.
    pub fn build(
        certification: &'a Certification,
        portfolio: &'a Portfolio,
        options: &Options,
        context: &'a ExportContext,
    ) -> Self {
        let look = Lookup {
            certification,
            portfolio,
            context,
            options,
        };
        // The référentiel's target, else the default (the export does not
        // read the user's config).
        let target = crate::coach::Guide::new(certification, &Default::default()).target();
        let wanted = |bloc: &r::Bloc| {
            if options.blocs.is_empty() {
                progress::is_targeted(bloc, portfolio)
            } else {
                options.blocs.contains(&bloc.id)
            }
        };
        let blocs: Vec<Bloc> = certification
            .blocs
            .iter()
            .filter(|b| wanted(b))
            .map(|bloc| Bloc {
                id: &bloc.id,
                title: &bloc.title,
                mark: optional_mark(bloc, progress::is_targeted(bloc, portfolio)),
                tally: progress::bloc(bloc, portfolio),
                words: crate::coach::tally::units(bloc.units(), portfolio, target),
                positioning: bloc
                    .competences()
                    .map(|c| {
                        let named = Named {
                            id: &c.id,
                            title: &c.title,
                        };
                        (named, crate::coach::positioning::stance(bloc, c, portfolio))
                    })
                    .collect(),
                groups: look.groups(bloc),
                evaluations: look.evaluations(bloc),
            })
            .collect();
        let not_targeted = certification
            .blocs
            .iter()
            .filter(|b| !progress::is_targeted(b, portfolio) && !wanted(b))
            .map(|b| Named {
                id: &b.id,
                title: &b.title,
            })
            .collect();
        let c = certification;
        // Cleaned when the file is read (store::portfolio) and when typed.
        let candidate = portfolio.name().or(context.candidate.as_deref());
        let fields = [
            ("Code", c.code.as_deref()),
            ("Niveau", c.level.as_deref()),
            ("Certificateur", c.certifier.as_deref()),
            ("Candidat", candidate),
        ];
        let mut fields: Vec<(&'static str, String)> = fields
            .into_iter()
            .filter_map(|(label, value)| Some((label, value?.to_string())))
            .collect();
        fields.extend(portfolio.identity.block());
        Dossier {
            title: &c.title,
            fields,
            date: context.long_date(),
            only_ready: options.only_ready,
            suivi: options.suivi,
            declaration: (!options.suivi).then(|| declaration(candidate)),
            experiences: experiences(certification, portfolio, &blocs),
            pieces: pieces::pieces(portfolio, &blocs, !options.blocs.is_empty()),
            blocs,
            not_targeted,
            overall: options
                .blocs
                .is_empty()
                .then(|| progress::overall(certification, portfolio)),
        }
    }
}

/// The experiences and the coverage of the critères detailed in `blocs`;
/// `None` without experiences.
fn experiences<'a>(
    certification: &'a Certification,
    portfolio: &'a Portfolio,
    blocs: &[Bloc],
) -> Option<Experiences<'a>> {
    if portfolio.experiences.is_empty() {
        return None;
    }
    let coverage = coverage(certification, portfolio);
    let list = coverage
        .experiences
        .iter()
        .copied()
        .enumerate()
        .map(|(column, experience)| Experience {
            title: &experience.title,
            fields: fields(experience),
            description: &experience.description,
            figures: format!(
                "{}, {}",
                count(coverage.column_total(column), "note liée", "notes liées"),
                count(
                    coverage.criteres_covered(column),
                    "critère couvert",
                    "critères couverts"
                )
            ),
        })
        .collect();
    let rows = exported_rows(blocs, &coverage.rows);
    let columns = coverage.experiences.len();
    Some(Experiences {
        list,
        column_totals: (0..columns)
            .map(|column| rows.iter().map(|r| r.count(column)).sum())
            .collect(),
        total: rows.iter().map(|r| r.total()).sum(),
        rows: rows
            .iter()
            .map(|row| CoverageRow {
                id: row.unit.id,
                cells: (0..columns).map(|column| cell(row.count(column))).collect(),
                total: cell(row.total()),
                bare: row.is_bare(),
            })
            .collect(),
    })
}

/// The rows of the critères the export details, in référentiel order.
fn exported_rows<'r, 'c>(blocs: &[Bloc], rows: &'r [CritereRow<'c>]) -> Vec<&'r CritereRow<'c>> {
    let shown = |id: &str| {
        blocs.iter().any(|b| {
            b.groups.iter().any(|g| {
                g.competences.iter().any(|c| {
                    (c.evidence.is_some() && c.id == id) || c.criteres.iter().any(|k| k.id == id)
                })
            }) || b
                .evaluations
                .iter()
                .any(|e| e.criteres.iter().any(|k| k.id == id))
        })
    };
    rows.iter().filter(|r| shown(r.unit.id)).collect()
}

/// Employer, role, period and place, as (label, value), those filled in.
fn fields(experience: &crate::experience::Experience) -> Vec<(&'static str, String)> {
    [
        ("Employeur", experience.employer.clone()),
        ("Poste", experience.role.clone()),
        ("Période", experience.period()),
        ("Lieu", experience.place.clone()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .collect()
}

/// A count in the coverage table: `–` for none.
fn cell(n: usize) -> String {
    if n == 0 {
        "–".to_string()
    } else {
        n.to_string()
    }
}

/// `BC4.E1 — Étude de cas`: how an evaluation is named in the dossier.
fn evaluation_name(modalite: &r::Modalite) -> String {
    match &modalite.id {
        Some(id) => format!("{id} — {}", modalite.title),
        None => modalite.title.clone(),
    }
}

/// The cells of a compétence's row in the self-positioning table: ✔ under
/// « oui », « partiellement » or « non », « ✔ (estimé) » when derived (the
/// jury's dossier leaves those blank: only what the candidate declared).
pub fn position_marks(
    stance: &crate::coach::positioning::Stance,
    suivi: bool,
) -> [&'static str; 3] {
    use crate::portfolio::Positioning;
    if !stance.set && !suivi {
        return ["", "", ""];
    }
    let mark = if stance.set { "✔" } else { "✔ (estimé)" };
    match stance.positioning {
        Positioning::Oui => [mark, "", ""],
        Positioning::Partiellement => ["", mark, ""],
        Positioning::Non => ["", "", mark],
    }
}

/// Units à faire in a tally.
pub fn todo(tally: Tally) -> usize {
    tally.units - tally.ready - tally.in_progress
}

/// `optionnel, visé` for optional blocs, nothing for mandatory ones.
fn optional_mark(bloc: &r::Bloc, targeted: bool) -> Option<&'static str> {
    match (bloc.optional, targeted) {
        (false, _) => None,
        (true, true) => Some("optionnel, visé"),
        (true, false) => Some("optionnel, non visé"),
    }
}

/// `3 / 4`, or `non renseignée`.
fn level_label(level: Option<u8>, certification: &r::Certification) -> String {
    match level {
        Some(level) => format!(
            "{level} / {} ({})",
            crate::portfolio::MAX_LEVEL,
            certification.level_name(level)
        ),
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
    use jiff::tz::TimeZone;

    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    fn context() -> ExportContext {
        ExportContext {
            candidate: None,
            date: "2026-03-01T23:30:00Z".parse().unwrap(),
            tz: TimeZone::fixed(jiff::tz::offset(1)),
            reviews: Vec::new(),
        }
    }

    #[test]
    fn the_summary_covers_targeted_blocs_unless_some_are_named() {
        let c = parse(EXAMPLE, None).unwrap();
        let context = context();
        let mut p = Portfolio::new(&c.id);
        let ids = |dossier: &Dossier| -> Vec<String> {
            dossier.blocs.iter().map(|b| b.id.to_string()).collect()
        };
        let dossier = Dossier::build(&c, &p, &Options::default(), &context);
        assert_eq!(ids(&dossier), ["BC01"]);
        assert_eq!(dossier.not_targeted.len(), 1);
        assert!(dossier.overall.is_some());
        p.toggle_target("BC02");
        let dossier = Dossier::build(&c, &p, &Options::default(), &context);
        assert_eq!(ids(&dossier), ["BC01", "BC02"]);
        assert!(dossier.not_targeted.is_empty());
        let named = Options {
            blocs: vec!["BC02".into()],
            ..Options::default()
        };
        let empty = Portfolio::new(&c.id);
        let dossier = Dossier::build(&c, &empty, &named, &context);
        assert_eq!(
            ids(&dossier),
            ["BC02"],
            "a bloc named is exported even if not targeted"
        );
        assert!(dossier.overall.is_none());
    }
}
