//! The référentiel schema: what a certification is made of.
//!
//! Pure data: no IO, no terminal. Files in `data/*.ron` deserialize straight into
//! [`Certification`]. Every struct refuses unknown fields so that a typo in a
//! hand-edited file is reported instead of silently dropped.

use serde::{Deserialize, Serialize};

/// Current version of the référentiel file format.
pub const FORMAT_VERSION: u32 = 1;

/// One certification (RNCP fiche, CQPM…): the root of a référentiel file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// Format version of the file, [`FORMAT_VERSION`] today.
    pub format_version: u32,
    /// Stable kebab-case id; equals the file name without `.ron`.
    pub id: String,
    pub title: String,
    pub kind: Kind,
    /// Official code such as `RNCP23675`, when the source gives one.
    #[serde(default)]
    pub code: Option<String>,
    /// Level as the source states it (`6 (Nomenclature Europe)`, `Niveau 7`…).
    #[serde(default)]
    pub level: Option<String>,
    /// Certifying body.
    #[serde(default)]
    pub certifier: Option<String>,
    /// Summary of the job the certification leads to.
    #[serde(default)]
    pub summary: String,
    /// Requirements that apply to the whole certification (e.g. an English B1 score).
    #[serde(default)]
    pub requirements: Vec<String>,
    /// How long a validated bloc stays valid, and related rules.
    #[serde(default)]
    pub bloc_validity: Option<String>,
    /// Composition of the jury.
    #[serde(default)]
    pub jury: Option<String>,
    /// Any other certification-level text of the source (missions, pôles, work
    /// environment, accessible jobs…), in source order.
    #[serde(default)]
    pub sections: Vec<Section>,
    pub source: Source,
    pub blocs: Vec<Bloc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Rncp,
    Cqpm,
    Other,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Rncp => "RNCP",
            Kind::Cqpm => "CQPM",
            Kind::Other => "autre",
        }
    }
}

/// Where the text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Seed file name (or document name) the text was transcribed from.
    pub file: String,
    /// Transcription notes: a title that had to be inferred, choices made…
    #[serde(default)]
    pub note: Option<String>,
}

/// A titled block of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub text: String,
}

/// Bloc de compétences: validated on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bloc {
    /// Unique within the certification, e.g. `BC01`.
    pub id: String,
    pub title: String,
    /// Optional bloc: the candidate chooses whether to aim for it.
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub modalites: Vec<Modalite>,
    /// Connaissances associées, when the source lists them per bloc.
    #[serde(default)]
    pub knowledge: Vec<String>,
    /// Activités, when the source groups compétences under them.
    #[serde(default)]
    pub activites: Vec<Activite>,
    /// Compétences that hang directly under the bloc (sources without activités).
    #[serde(default)]
    pub competences: Vec<Competence>,
}

/// Modalité d'évaluation of a bloc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modalite {
    /// The source's own id (`E1`, `A1.A2.M1`) when it has one.
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    /// Full text of the modalité.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub deliverables: Vec<String>,
}

/// Activité: a group of compétences inside a bloc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activite {
    /// Unique within the certification, e.g. `A1`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub competences: Vec<Competence>,
}

/// Compétence: what the candidate must be able to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    /// Unique within the certification, e.g. `C1.1.1` or `A1.C2`.
    pub id: String,
    pub title: String,
    /// Context, conditions de réalisation.
    #[serde(default)]
    pub conditions: String,
    /// Résultats attendus.
    #[serde(default)]
    pub results: String,
    /// Connaissances associées, when the source lists them per compétence.
    #[serde(default)]
    pub knowledge: Vec<String>,
    pub criteres: Vec<Critere>,
}

/// Critère d'évaluation: the unit the candidate attaches evidence to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Critere {
    /// Unique within the certification and stable across versions: evidence is keyed by it.
    pub id: String,
    pub text: String,
    /// Grouping the source gives (e.g. `En matière de méthodes utilisées`).
    #[serde(default)]
    pub group: Option<String>,
}

impl Certification {
    pub fn competences(&self) -> impl Iterator<Item = &Competence> {
        self.blocs.iter().flat_map(Bloc::competences)
    }

    pub fn criteres(&self) -> impl Iterator<Item = &Critere> {
        self.competences().flat_map(|c| c.criteres.iter())
    }

    pub fn optional_blocs(&self) -> usize {
        self.blocs.iter().filter(|b| b.optional).count()
    }
}

impl Bloc {
    /// Every compétence of the bloc: those under its activités, then the direct ones.
    pub fn competences(&self) -> impl Iterator<Item = &Competence> {
        self.activites
            .iter()
            .flat_map(|a| a.competences.iter())
            .chain(self.competences.iter())
    }
}
