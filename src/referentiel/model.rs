//! The référentiel schema: what a certification is made of.
//!
//! Pure data: no IO, no terminal. Files in `data/*.ron` deserialize straight into
//! [`Certification`]. Every struct refuses unknown fields so that a typo in a
//! hand-edited file is reported instead of silently dropped.

use serde::{Deserialize, Serialize};

/// Current version of the référentiel file format. Version 2 allowed
/// compétences without critères, critères carried by a bloc's evaluation
/// ([`Modalite::criteres`], covering several compétences), the source's word
/// for the leaf level, a registration end date, requirements per modalité and
/// the former ids that evidence keyed by an older version is moved from.
/// A version 1 file reads unchanged as version 2.
pub const FORMAT_VERSION: u32 = 2;

/// The label of the leaf level when the source gives none.
pub const DEFAULT_LEAF_LABEL: &str = "Critères d’évaluation";

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
    /// End of the registration (`YYYY-MM-DD`), from the source's
    /// « Enregistrement … jusqu'au … »: past it, the app warns.
    #[serde(default)]
    pub valid_until: Option<String>,
    /// The source's own word for the leaf level (« Critères d’évaluation »,
    /// « Capacités évaluées », « Indicateurs »…); [`DEFAULT_LEAF_LABEL`] if none.
    #[serde(default)]
    pub leaf_label: Option<String>,
    /// Summary of the job the certification leads to.
    #[serde(default)]
    pub summary: String,
    /// Requirements that apply to the whole certification, whatever the route.
    /// A rule the source ties to one modalité belongs to [`Modalite::requirements`].
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
    /// Help to write the dossier: the target length of an item's evidence
    /// and the référentiel's own writing prompts.
    #[serde(default, skip_serializing_if = "Writing::is_empty")]
    pub writing: Writing,
    /// Names of the self-assessment levels 1 to 4, when the référentiel
    /// has its own scale; [`DEFAULT_LEVELS`] otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
}

/// The self-assessment scale when a référentiel gives none.
pub const DEFAULT_LEVELS: [&str; 4] = ["notions", "avec aide", "autonome", "expert"];

/// Help to write, given by a référentiel (`writing:` in its file) or by the
/// user (`writing:` in `config.ron`, which takes precedence).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Writing {
    /// Words expected per unit of evidence (critère, or compétence without
    /// critère).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_words: Option<u32>,
    /// Writing prompts, keyed by the id of a bloc, activité, compétence,
    /// evaluation or critère (the nearest one up from an item applies), or
    /// `"*"` for every item: the headings of the frame the note editor
    /// inserts (Ctrl-T) and shows beside an empty note.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub prompts: std::collections::BTreeMap<String, Vec<String>>,
}

impl Writing {
    pub fn is_empty(&self) -> bool {
        self.target_words.is_none() && self.prompts.is_empty()
    }
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
    /// The source's full code when `id` is a short form of it
    /// (`RNCP36490BC01` for `BC01`, as the RNCP register writes it).
    #[serde(default)]
    pub code: Option<String>,
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

/// Modalité d'évaluation of a bloc. When the source ties critères to the
/// evaluation rather than to one compétence, they are stored here once, with
/// the compétences the evaluation covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modalite {
    /// The source's own id (`E1`, `A1.A2.M1`) when it has one; required when
    /// the modalité carries critères (they hang under it in the tree).
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    /// Full text of the modalité.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub duration: Option<String>,
    /// What the candidate hands in; a line starting with `- ` right after
    /// another is a sub-item of it.
    #[serde(default)]
    pub deliverables: Vec<String>,
    /// Rules that belong to this modalité only (a language score…).
    #[serde(default)]
    pub requirements: Vec<String>,
    /// Ids of the compétences of the bloc this evaluation covers.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Critères of the evaluation, shared by every compétence it covers.
    #[serde(default)]
    pub criteres: Vec<Critere>,
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
    /// The compétence's own critères; none when the source gives none, and
    /// evidence then attaches to the compétence itself.
    #[serde(default)]
    pub criteres: Vec<Critere>,
    /// Ids this compétence had in earlier versions of the file.
    #[serde(default)]
    pub former_ids: Vec<String>,
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
    /// Ids this critère had in earlier versions of the file: evidence and
    /// verdicts keyed by one of them are moved to `id` when loaded.
    #[serde(default)]
    pub former_ids: Vec<String>,
}

/// Where a unit of evidence sits.
#[derive(Debug, Clone, Copy)]
pub enum UnitKind<'a> {
    /// A critère of one compétence.
    Critere(&'a Competence),
    /// A critère of a bloc's evaluation, shared by the compétences it covers.
    Shared(&'a Modalite),
    /// A compétence the source gives no critère: evidence attaches to it.
    Competence,
}

/// The finest level the source has, where evidence attaches: a critère, or a
/// compétence without critère. Counted once each by the gauges.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub group: Option<&'a str>,
    pub kind: UnitKind<'a>,
}

impl<'a> Unit<'a> {
    fn critere(critere: &'a Critere, kind: UnitKind<'a>) -> Self {
        Unit {
            id: &critere.id,
            text: &critere.text,
            group: critere.group.as_deref(),
            kind,
        }
    }

    fn competence(competence: &'a Competence) -> Self {
        Unit {
            id: &competence.id,
            text: &competence.title,
            group: None,
            kind: UnitKind::Competence,
        }
    }

    pub fn is_shared(&self) -> bool {
        matches!(self.kind, UnitKind::Shared(_))
    }
}

impl Certification {
    pub fn competences(&self) -> impl Iterator<Item = &Competence> {
        self.blocs.iter().flat_map(Bloc::competences)
    }

    /// Every critère, each once: the compétences' own, then the evaluations'.
    pub fn criteres(&self) -> impl Iterator<Item = &Critere> {
        self.blocs.iter().flat_map(Bloc::criteres)
    }

    /// Every unit of evidence, each once, bloc by bloc.
    pub fn units(&self) -> impl Iterator<Item = Unit<'_>> {
        self.blocs.iter().flat_map(Bloc::units)
    }

    /// The unit with this id, if the id names one.
    pub fn unit(&self, id: &str) -> Option<Unit<'_>> {
        self.units().find(|u| u.id == id)
    }

    /// The bloc that holds the node with this id (bloc, activité,
    /// compétence, modalité or critère).
    pub fn bloc_of(&self, id: &str) -> Option<&Bloc> {
        self.blocs.iter().find(|b| {
            b.id == id
                || b.activites.iter().any(|a| a.id == id)
                || b.competences().any(|c| c.id == id)
                || b.modalites.iter().any(|m| m.id.as_deref() == Some(id))
                || b.criteres().any(|k| k.id == id)
        })
    }

    pub fn optional_blocs(&self) -> usize {
        self.blocs.iter().filter(|b| b.optional).count()
    }

    /// The heading of the leaf level, the source's own word.
    pub fn leaf_label(&self) -> &str {
        self.leaf_label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(DEFAULT_LEAF_LABEL)
    }

    /// The name of a self-assessment level (1 to 4): the référentiel's own
    /// scale, else [`DEFAULT_LEVELS`]; empty outside 1–4.
    pub fn level_name(&self, level: u8) -> &str {
        let index = usize::from(level).wrapping_sub(1);
        match self.levels.get(index) {
            Some(name) if self.levels.len() == 4 && !name.trim().is_empty() => name,
            _ => DEFAULT_LEVELS.get(index).copied().unwrap_or(""),
        }
    }

    /// Whether the registration ended before `today` (`YYYY-MM-DD`). A date
    /// that does not parse counts as not expired: validation reports it.
    pub fn expired_on(&self, today: jiff::civil::Date) -> bool {
        self.valid_until_date().is_some_and(|end| end < today)
    }

    pub fn valid_until_date(&self) -> Option<jiff::civil::Date> {
        self.valid_until.as_deref()?.parse().ok()
    }

    /// `(former id, current id)` for every node that was renamed.
    pub fn former_ids(&self) -> Vec<(&str, &str)> {
        let competences = self.competences().flat_map(|c| {
            c.former_ids
                .iter()
                .map(move |f| (f.as_str(), c.id.as_str()))
        });
        let criteres = self.criteres().flat_map(|k| {
            k.former_ids
                .iter()
                .map(move |f| (f.as_str(), k.id.as_str()))
        });
        competences.chain(criteres).collect()
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

    /// Every critère of the bloc, each once: the compétences' own, then the
    /// evaluations'.
    pub fn criteres(&self) -> impl Iterator<Item = &Critere> {
        self.competences()
            .flat_map(|c| c.criteres.iter())
            .chain(self.modalites.iter().flat_map(|m| m.criteres.iter()))
    }

    /// Every unit of evidence of the bloc, each once: per compétence its own
    /// critères (or the compétence itself when it has none), then the
    /// critères of the evaluations.
    pub fn units(&self) -> impl Iterator<Item = Unit<'_>> {
        self.competences()
            .flat_map(Competence::units)
            .chain(self.modalites.iter().flat_map(Modalite::units))
    }

    /// The evaluations that carry critères and cover this compétence.
    pub fn evaluations_of<'a>(&'a self, competence: &'a str) -> impl Iterator<Item = &'a Modalite> {
        self.modalites
            .iter()
            .filter(move |m| !m.criteres.is_empty() && m.covers.iter().any(|c| c == competence))
    }

    /// The units a compétence answers for: its own, then the shared critères
    /// of the evaluations that cover it.
    pub fn units_of<'a>(&'a self, competence: &'a Competence) -> impl Iterator<Item = Unit<'a>> {
        competence.units().chain(
            self.evaluations_of(&competence.id)
                .flat_map(Modalite::units),
        )
    }
}

impl Modalite {
    /// The evaluation's critères, as units shared by what it covers.
    pub fn units(&self) -> impl Iterator<Item = Unit<'_>> {
        self.criteres
            .iter()
            .map(move |k| Unit::critere(k, UnitKind::Shared(self)))
    }
}

impl Competence {
    /// Whether evidence attaches to the compétence itself (no critère of its own).
    pub fn is_leaf(&self) -> bool {
        self.criteres.is_empty()
    }

    /// The compétence's own units: its critères, or itself when it has none.
    pub fn units(&self) -> impl Iterator<Item = Unit<'_>> {
        let own = self
            .criteres
            .iter()
            .map(move |k| Unit::critere(k, UnitKind::Critere(self)));
        let itself = self.is_leaf().then(|| Unit::competence(self));
        own.chain(itself)
    }
}
