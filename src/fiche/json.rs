//! [`Fiche`]: the stable JSON of `livret show --json`, borrowed from the
//! certification.

use jiff::civil::Date;
use serde::Serialize;

use crate::referentiel::{Bloc, Certification, Competence, Critere, Modalite};

/// `livret show --json`: the certification, then its blocs.
#[derive(Debug, Serialize)]
pub struct Fiche<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// `rncp`, `cqpm` or `other`.
    pub kind: &'static str,
    pub code: Option<&'a str>,
    pub level: Option<&'a str>,
    pub certifier: Option<&'a str>,
    /// `YYYY-MM-DD`, as the file gives it.
    pub valid_until: Option<&'a str>,
    /// Whether `valid_until` is before today.
    pub expired: bool,
    pub leaf_label: &'a str,
    pub summary: &'a str,
    pub requirements: &'a [String],
    pub bloc_validity: Option<&'a str>,
    pub jury: Option<&'a str>,
    pub sections: Vec<SectionJson<'a>>,
    pub source: SourceJson<'a>,
    pub blocs: Vec<BlocJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SectionJson<'a> {
    pub title: &'a str,
    pub text: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SourceJson<'a> {
    pub file: &'a str,
    pub note: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct BlocJson<'a> {
    pub id: &'a str,
    /// The source's full code (`RNCP36490BC01`), when it differs from `id`.
    pub code: Option<&'a str>,
    pub title: &'a str,
    pub optional: bool,
    pub description: &'a str,
    pub knowledge: &'a [String],
    pub activites: Vec<ActiviteJson<'a>>,
    pub competences: Vec<CompetenceJson<'a>>,
    pub evaluations: Vec<EvaluationJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ActiviteJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

#[derive(Debug, Serialize)]
pub struct CompetenceJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The activité it sits under, if any.
    pub activite: Option<&'a str>,
    pub conditions: &'a str,
    pub results: &'a str,
    pub knowledge: &'a [String],
    pub former_ids: &'a [String],
    /// Every critère that applies: its own, then those of the evaluations
    /// that cover it (`shared`). Empty when evidence attaches to the
    /// compétence itself.
    pub criteres: Vec<CritereJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CritereJson<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub group: Option<&'a str>,
    pub shared: bool,
    /// The evaluation a shared critère belongs to; `null` for the
    /// compétence's own.
    pub evaluation: Option<&'a str>,
    pub former_ids: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct EvaluationJson<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub text: &'a str,
    pub duration: Option<&'a str>,
    pub deliverables: Vec<Deliverable<'a>>,
    pub requirements: &'a [String],
    pub covers: &'a [String],
    pub criteres: Vec<CritereJson<'a>>,
}

/// A deliverable and the sub-items written under it (`- ` lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deliverable<'a> {
    pub text: &'a str,
    pub items: Vec<&'a str>,
}

/// Groups deliverables: a line starting with `- ` right after another is a
/// sub-item of the last top-level one.
pub fn deliverables(lines: &[String]) -> Vec<Deliverable<'_>> {
    let mut out: Vec<Deliverable> = Vec::new();
    for line in lines {
        match (line.strip_prefix("- "), out.last_mut()) {
            (Some(sub), Some(parent)) => parent.items.push(sub),
            _ => out.push(Deliverable {
                text: line,
                items: Vec::new(),
            }),
        }
    }
    out
}

fn critere<'a>(k: &'a Critere, evaluation: Option<&'a Modalite>) -> CritereJson<'a> {
    CritereJson {
        id: &k.id,
        text: &k.text,
        group: k.group.as_deref(),
        shared: evaluation.is_some(),
        evaluation: evaluation.and_then(|m| m.id.as_deref()),
        former_ids: &k.former_ids,
    }
}

fn competence<'a>(
    bloc: &'a Bloc,
    c: &'a Competence,
    activite: Option<&'a str>,
) -> CompetenceJson<'a> {
    let own = c.criteres.iter().map(|k| critere(k, None));
    let shared = bloc
        .evaluations_of(&c.id)
        .flat_map(|m| m.criteres.iter().map(move |k| critere(k, Some(m))));
    CompetenceJson {
        id: &c.id,
        title: &c.title,
        activite,
        conditions: &c.conditions,
        results: &c.results,
        knowledge: &c.knowledge,
        former_ids: &c.former_ids,
        criteres: own.chain(shared).collect(),
    }
}

fn bloc(b: &Bloc) -> BlocJson<'_> {
    let under = b.activites.iter().flat_map(|a| {
        a.competences
            .iter()
            .map(move |c| competence(b, c, Some(a.id.as_str())))
    });
    let direct = b.competences.iter().map(|c| competence(b, c, None));
    BlocJson {
        id: &b.id,
        code: b.code.as_deref(),
        title: &b.title,
        optional: b.optional,
        description: &b.description,
        knowledge: &b.knowledge,
        activites: b
            .activites
            .iter()
            .map(|a| ActiviteJson {
                id: &a.id,
                title: &a.title,
                description: &a.description,
            })
            .collect(),
        competences: under.chain(direct).collect(),
        evaluations: b
            .modalites
            .iter()
            .map(|m| EvaluationJson {
                id: m.id.as_deref(),
                title: &m.title,
                text: &m.text,
                duration: m.duration.as_deref(),
                deliverables: deliverables(&m.deliverables),
                requirements: &m.requirements,
                covers: &m.covers,
                criteres: m.criteres.iter().map(|k| critere(k, None)).collect(),
            })
            .collect(),
    }
}

impl<'a> Fiche<'a> {
    pub fn new(c: &'a Certification, today: Date) -> Self {
        Fiche {
            id: &c.id,
            title: &c.title,
            kind: match c.kind {
                crate::referentiel::Kind::Rncp => "rncp",
                crate::referentiel::Kind::Cqpm => "cqpm",
                crate::referentiel::Kind::Other => "other",
            },
            code: c.code.as_deref(),
            level: c.level.as_deref(),
            certifier: c.certifier.as_deref(),
            valid_until: c.valid_until.as_deref(),
            expired: c.expired_on(today),
            leaf_label: c.leaf_label(),
            summary: &c.summary,
            requirements: &c.requirements,
            bloc_validity: c.bloc_validity.as_deref(),
            jury: c.jury.as_deref(),
            sections: c
                .sections
                .iter()
                .map(|s| SectionJson {
                    title: &s.title,
                    text: &s.text,
                })
                .collect(),
            source: SourceJson {
                file: &c.source.file,
                note: c.source.note.as_deref(),
            },
            blocs: c.blocs.iter().map(bloc).collect(),
        }
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serializes") + "\n"
    }
}
