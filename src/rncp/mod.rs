//! France Compétences' open-data export of the RNCP and RS registers, and its
//! conversion into a référentiel.
//!
//! Pure: the readers take any `Read`/`BufRead` (the store opens the files and
//! the zip entries) and never hold more than one fiche in memory; the
//! conversion takes a [`Fiche`] and returns a [`Certification`](crate::referentiel::Certification).
//!
//! - [`xml`]: the XML export (schema v4.x), read as a stream of fiches.
//! - [`csv`]: the CSV export (one file per table, `;`, quoted).
//! - [`split`]: the free text of `LISTE_COMPETENCES` cut into compétences
//!   and critères without losing or inventing a word.
//! - [`convert`]: a fiche into a référentiel.

pub mod convert;
pub mod csv;
pub mod split;
pub mod xml;

/// One fiche of the register, as the export gives it. Texts are the source's,
/// entities decoded, whitespace untouched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fiche {
    /// `RNCP34762`, `RS6232`.
    pub numero: String,
    pub intitule: String,
    /// `NOMENCLATURE_EUROPE/NIVEAU`: `NIV7`.
    pub niveau: Option<String>,
    /// `NOMENCLATURE_EUROPE/LIBELLE`: `Niveau 7`.
    pub niveau_libelle: Option<String>,
    /// `ABREGE/LIBELLE`: `Brevet de technicien supérieur`…
    pub abrege: Option<String>,
    /// `CERTIFICATEURS/CERTIFICATEUR/NOM_CERTIFICATEUR`, in order.
    pub certificateurs: Vec<String>,
    /// `ACTIF`: `Oui` / `Non` (CSV: `ACTIVE` / `INACTIVE`).
    pub actif: Option<bool>,
    /// `ETAT_FICHE`: `Publiée`…
    pub etat: Option<String>,
    /// `DATE_FIN_ENREGISTREMENT` as the source writes it: `31/08/2024`.
    pub date_fin: Option<String>,
    /// Certification-level texts, in source order, keyed by their element
    /// name: `ACTIVITES_VISEES`, `CAPACITES_ATTESTEES`, `SECTEURS_ACTIVITE`,
    /// `TYPE_EMPLOI_ACCESSIBLES`, `OBJECTIFS_CONTEXTE`,
    /// `PREREQUIS_ENTREE_FORMATION`, `REGLEMENTATIONS_ACTIVITES`… Only the
    /// ones present and non-empty.
    pub texts: Vec<(String, String)>,
    /// The access routes the fiche opens (`SI_JURY_VAE` → `VAE`…), each with
    /// its text when the source gives one (v4: the composition of the jury).
    pub voies: Vec<(String, String)>,
    /// `BLOCS_COMPETENCES/BLOC_COMPETENCES` directly under the fiche (never
    /// those under `CORRESPONDANCES`), in source order.
    pub blocs: Vec<FicheBloc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FicheBloc {
    /// `RNCP34762BC01`.
    pub code: String,
    pub libelle: String,
    /// `LISTE_COMPETENCES`: empty in the CSV export.
    pub competences: String,
    /// `MODALITES_EVALUATION`: empty in the CSV export.
    pub modalites: String,
}

/// Which register a fiche belongs to, from its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Rncp,
    Rs,
    Other,
}

impl Fiche {
    pub fn register(&self) -> Register {
        register_of(&self.numero)
    }
}

pub fn register_of(numero: &str) -> Register {
    let upper = numero.trim().to_ascii_uppercase();
    if upper.starts_with("RNCP") {
        Register::Rncp
    } else if upper.starts_with("RS") {
        Register::Rs
    } else {
        Register::Other
    }
}

/// `35340`, `rncp35340`, ` RNCP35340 ` → `RNCP35340`; `RS5000` stays.
/// `None` when it is not a fiche number.
pub fn normalize_numero(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let upper = trimmed.to_ascii_uppercase();
    let (prefix, digits) = if let Some(rest) = upper.strip_prefix("RNCP") {
        ("RNCP", rest)
    } else if let Some(rest) = upper.strip_prefix("RS") {
        ("RS", rest)
    } else {
        ("RNCP", upper.as_str())
    };
    let digits = digits.trim();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{prefix}{digits}"))
}

/// Where a reader stopped on a file it could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Byte offset in the (uncompressed) stream where the problem was found.
    pub offset: u64,
    pub kind: ReadErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The stream ended inside an element: a download cut short.
    Truncated { open: String },
    /// Not XML the parser can read (message from the parser).
    Syntax(String),
    /// Well-formed, but not an export of the register (root element named).
    NotAnExport { root: String },
    /// A CSV file whose header is not one of the export's.
    NotCsvExport { header: String },
    /// The underlying read failed (decompression, disk).
    Io(String),
}

impl std::fmt::Display for ReadErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadErrorKind::Truncated { open } => write!(
                f,
                "le fichier s’arrête au milieu de l’élément <{open}> : téléchargement \
                 incomplet ? Téléchargez de nouveau l’export"
            ),
            ReadErrorKind::Syntax(message) => write!(f, "XML illisible : {message}"),
            ReadErrorKind::NotAnExport { root } => write!(
                f,
                "ce n’est pas un export des fiches RNCP/RS (élément racine <{root}>, \
                 attendu <FICHES>)"
            ),
            ReadErrorKind::NotCsvExport { header } => write!(
                f,
                "ce CSV n’est pas un fichier de l’export RNCP/RS (en-tête : {header})"
            ),
            ReadErrorKind::Io(message) => write!(f, "lecture impossible : {message}"),
        }
    }
}

/// What the listing shows of a fiche.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FicheSummary {
    pub numero: String,
    pub intitule: String,
    /// `Niveau 7`, or the code when the export gives no label.
    pub niveau: Option<String>,
    pub actif: Option<bool>,
    /// As the source writes it: `31/08/2024`.
    pub date_fin: Option<String>,
    /// Codes and libellés of the blocs, in order (the preview).
    pub blocs: Vec<(String, String)>,
}

impl FicheSummary {
    pub fn of(fiche: &Fiche) -> Self {
        let collapse = split::collapse;
        FicheSummary {
            numero: fiche.numero.trim().to_string(),
            intitule: collapse(&fiche.intitule),
            niveau: fiche
                .niveau_libelle
                .as_deref()
                .or(fiche.niveau.as_deref())
                .map(collapse)
                .filter(|n| !n.is_empty()),
            actif: fiche.actif,
            date_fin: fiche
                .date_fin
                .as_deref()
                .map(collapse)
                .filter(|d| !d.is_empty()),
            blocs: fiche
                .blocs
                .iter()
                .map(|b| (collapse(&b.code), collapse(&b.libelle)))
                .collect(),
        }
    }

    pub fn register(&self) -> Register {
        register_of(&self.numero)
    }

    /// Whether the fiche can be imported: an RNCP fiche with blocs.
    pub fn importable(&self) -> bool {
        self.register() == Register::Rncp && !self.blocs.is_empty()
    }

    /// Accent- and case-insensitive: every word of `query` is in the number
    /// or the title.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = crate::search::fold(&format!("{} {}", self.numero, self.intitule)).text;
        crate::search::fold(query)
            .text
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }
}
