//! The XML export, read as a stream of fiches.
//!
//! The export is one `<FICHES>` root holding `<VERSION_FLUX>` and many
//! `<FICHE>` elements (570 MB for the whole register). [`FicheReader`] pulls
//! events from quick-xml with one reused buffer and builds one
//! [`Fiche`](super::Fiche) at a time; nothing of a fiche is decoded unless it
//! is kept.
//!
//! Two fast paths skip bytes without parsing them: the rest of a fiche whose
//! number the filter rejects (`NUMERO_FICHE` comes second in each fiche), and,
//! in [`Detail::Summary`], the contents a listing does not show. They look for
//! the closing tag in the raw bytes, so a skipped part is not checked for
//! well-formedness (CDATA sections and comments are stepped over whole, so a
//! `</FICHE>` inside them does not end a skipped fiche).

mod errors;
mod fields;
mod reader;
mod skip;
mod source;
mod stack;
#[cfg(test)]
pub(crate) mod tests;

use std::io::BufRead;

use quick_xml::Reader;

use fields::Building;
use source::Source;
use stack::Stack;

/// Progress of a read, for the interface: bytes consumed so far and fiches seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes: u64,
    pub fiches: u64,
}

/// How much of each fiche [`FicheReader`] builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Every field of [`Fiche`](super::Fiche).
    #[default]
    Full,
    /// What a listing shows, read fast: number, title, level, end date,
    /// `ACTIF` and the blocs' codes and libellés (`competences` and
    /// `modalites` left empty). Abrégé, certificateurs, state, access routes
    /// and `texts` stay empty. The skipped contents are not parsed.
    Summary,
}

/// Certification-level texts kept in
/// [`Fiche::texts`](super::Fiche::texts), by element name: the prose a
/// candidate reads about the certification.
pub const TEXT_ELEMENTS: &[&str] = &[
    "ACTIVITES_VISEES",
    "CAPACITES_ATTESTEES",
    "SECTEURS_ACTIVITE",
    "TYPE_EMPLOI_ACCESSIBLES",
    "OBJECTIFS_CONTEXTE",
    "PREREQUIS_ENTREE_FORMATION",
    "PREREQUIS_VALIDATION_CERTIFICATION",
    "REGLEMENTATIONS_ACTIVITES",
    "NIVEAU_MAITRISE_COMPETENCES",
    "MODALITES_RENOUVELLEMENT",
    "VALIDATION_PARTIELLE_PERIMETRE",
];

/// Direct children of `FICHE` known not to be prose (codes, dates, flags,
/// links): never taken as texts. Any other unknown direct child whose content
/// is plain text of more than [`OTHER_TEXT_MIN_CHARS`] characters is kept in
/// [`Fiche::texts`](super::Fiche::texts) too, so that a field added by a
/// later schema is not lost.
const NOT_TEXT_ELEMENTS: &[&str] = &[
    "ID_FICHE",
    "EXISTENCE_PARTENAIRES",
    "ACCESSIBLE_NOUVELLE_CALEDONIE",
    "ACCESSIBLE_POLYNESIE_FRANCAISE",
    "LIEN_URL_DESCRIPTION",
    "TYPE_ENREGISTREMENT",
    "DUREE_ENREGISTREMENT",
    "DUREE_VALIDITE",
    "VALIDATION_PARTIELLE",
    "ANNEES_PROMOTIONS_NIVEAU",
];

/// See [`NOT_TEXT_ELEMENTS`].
pub const OTHER_TEXT_MIN_CHARS: usize = 80;

/// The access routes (`SI_JURY_<code>`), with the names shown to candidates,
/// in the export's order.
pub const VOIES: &[(&str, &str)] = &[
    ("FI", "Formation initiale"),
    ("CA", "Contrat d’apprentissage"),
    ("FC", "Formation continue"),
    ("CQ", "Contrat de professionnalisation"),
    ("CL", "Candidature individuelle"),
    ("VAE", "VAE"),
];

/// `VAE` → `VAE`, `CA` → `Contrat d’apprentissage`… (the code of
/// `SI_JURY_<code>`); `None` for an unknown code.
pub fn voie_name(code: &str) -> Option<&'static str> {
    VOIES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// `Oui`/`Non` (and `ACTIVE`/`INACTIVE`, `true`/`false`…) as a boolean.
pub(crate) fn yes_no(value: &str) -> Option<bool> {
    let value = value.trim();
    let is = |word: &str| value.eq_ignore_ascii_case(word);
    if is("oui") || is("active") || is("actif") || is("true") || is("1") {
        Some(true)
    } else if is("non") || is("inactive") || is("inactif") || is("false") || is("0") {
        Some(false)
    } else {
        None
    }
}

/// Sniff: does this prefix (first few KB of a stream) look like the XML
/// export? True for an XML declaration (the reader then tells whether the
/// root is `FICHES`) or a `<FICHES` root; a UTF-8 BOM and leading whitespace
/// or comments are tolerated.
pub fn looks_like_xml(prefix: &[u8]) -> bool {
    let mut rest = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(comment) = rest.strip_prefix(b"<!--") {
            match find_sub(comment, b"-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    if rest.starts_with(b"<?xml") {
        return true;
    }
    match rest.strip_prefix(b"<FICHES") {
        Some(after) => after
            .first()
            .is_none_or(|b| matches!(b, b'>' | b'/') || b.is_ascii_whitespace()),
        None => false,
    }
}

fn find_sub(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The filter of [`FicheReader::with_filter`].
type Keep<'a> = Box<dyn FnMut(&str) -> bool + 'a>;

/// Streams the fiches of an XML export. Memory holds one fiche at a time
/// (plus quick-xml's buffer and a 64 KiB read buffer).
///
/// After an `Err`, the iterator ends.
pub struct FicheReader<'a, R: BufRead> {
    xml: Reader<Source<R>>,
    buf: Vec<u8>,
    stack: Stack,
    keep: Option<Keep<'a>>,
    detail: Detail,
    phase: Phase,
    fiches: u64,
    /// The fiche being built (inside `<FICHE>`).
    building: Option<Building>,
    /// Text of the element being captured, reused between elements.
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the root element.
    Prolog,
    /// Inside `<FICHES>`.
    Root,
    /// The root is closed, or an error was returned.
    Finished,
}
