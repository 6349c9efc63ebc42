//! Fuzzy search over a référentiel and the candidate's notes, insensitive to
//! accents, case and typography. Pure: the index is built from data in memory.
//!
//! The matcher (skim's V2 algorithm from `fuzzy-matcher`) is used in one
//! place, [`Matcher`], so it could be swapped without touching the rest.

mod build;
mod folding;
mod matching;
mod postings;
mod query;
mod stream;
#[cfg(test)]
mod tests;
mod walk;

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serialize;

use matching::Matcher;

pub use folding::{Folded, fold};
pub use stream::search_stream;

/// What a search result points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Bloc,
    Activite,
    Competence,
    Critere,
    Modalite,
    Note,
    /// A draft kept from an editor not closed with Ctrl-S: not evidence.
    Draft,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Bloc => "bloc",
            Kind::Activite => "activité",
            Kind::Competence => "compétence",
            Kind::Critere => "critère",
            Kind::Modalite => "modalité",
            Kind::Note => "note",
            Kind::Draft => "brouillon",
        }
    }

    /// Order among results of the same score: what a candidate most often
    /// looks for first (a critère), the broad sections last.
    pub fn rank(self) -> u8 {
        match self {
            Kind::Critere => 0,
            Kind::Competence => 1,
            Kind::Note => 2,
            Kind::Activite => 3,
            Kind::Bloc => 4,
            Kind::Modalite => 5,
            Kind::Draft => 6,
        }
    }
}

/// Where Enter on a result leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A node of the tree, by id (a modalité leads to its bloc).
    Node(String),
    /// A note of a critère.
    Note { critere: String, index: usize },
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// The id a script would use: the node's id, `<critère>#<n>` for the
    /// n-th note (from 1), `<bloc>/<modalité>` for a modalité.
    pub id: String,
    /// Readable location, e.g. `BC2 › A1.C3 › CR3`.
    pub path: String,
    /// The text shown and matched: id and text of the node, or the note.
    pub text: String,
    pub target: Target,
}

/// One result: the entry, its score and the matched char positions in `entry.text`.
#[derive(Debug, Clone)]
pub struct Hit {
    pub entry: Entry,
    pub score: i64,
    pub positions: Vec<usize>,
}

/// A distinct folded token and the entries that contain it.
struct Token {
    text: String,
    entries: postings::Postings,
}

/// An entry as the index keeps it: a référentiel entry whole, a note by
/// its place only (its id, path and text are made when it is a result).
enum Stored {
    Node(Box<Entry>),
    Note {
        /// In [`Index::units`].
        unit: u32,
        index: u32,
        /// A note or a draft, as it was when indexed.
        kind: Kind,
    },
}

impl Stored {
    fn kind(&self) -> Kind {
        match self {
            Stored::Node(entry) => entry.kind,
            Stored::Note { kind, .. } => *kind,
        }
    }
}

/// A unit of evidence (critère, or compétence without critère): where its
/// notes are listed.
struct Unit {
    id: String,
    path: String,
}

/// The searchable entries of one certification and its portfolio, with an
/// inverted index from tokens to entries: a keystroke scans the vocabulary,
/// not every text. Référentiel entries are indexed once; when a critère's
/// notes change only those are replaced. A note's text is not kept here: it
/// is read from the portfolio searched (the index shares the session's
/// texts instead of copying them), and nor are its id and path.
pub struct Index {
    pub referentiel: String,
    entries: Vec<Stored>,
    /// False once replaced (a note was edited): skipped until the next rebuild.
    alive: Vec<bool>,
    vocabulary: Vec<Token>,
    token_ids: HashMap<String, u32>,
    /// Token ids in the order of their text, for the stems' prefix ranges;
    /// tokens added since the build (ids from `sorted.len()`) are not in it.
    sorted: Vec<u32>,
    /// The référentiel entries in the order of their folded id, for the
    /// exact-id bonus (a note's id, `<unit>#<n>`, is found from its unit).
    exact_ids: Vec<u32>,
    dead: usize,
    matcher: Matcher,
    /// What the last queries' words matched, so that a word typed further
    /// only re-filters the tokens its beginning matched.
    narrowing: RefCell<query::Narrowing>,
    /// Every unit of evidence, orphans included, in the order of their id.
    units: Vec<Unit>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("referentiel", &self.referentiel)
            .field("entries", &self.len())
            .field("tokens", &self.vocabulary.len())
            .finish()
    }
}

const SEPARATOR: &str = " › ";
