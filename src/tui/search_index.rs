//! The open certification's search index: built off the loop after opening
//! (or on the spot when a search comes first), kept in step with the notes
//! changed meanwhile, searched by the overlay.

use crate::portfolio::Portfolio;
use crate::referentiel::Certification;
use crate::search::{self, Index, Target};

/// How many results the search overlay keeps.
const SEARCH_LIMIT: usize = 50;

/// A search result, owned so that it outlives the index borrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: search::Kind,
    pub path: String,
    pub text: String,
    /// Matched char positions in `text`.
    pub positions: Vec<usize>,
    pub target: Target,
}

/// The index, and the one being built off the loop.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Search index of the open certification, built at the first search.
    index: Option<Index>,
    /// A search index being built off the loop for this doc: its token and
    /// the critères whose notes changed since its copy was taken.
    wanted: Option<(usize, u64, Vec<String>)>,
}

impl SearchIndex {
    /// At most `SEARCH_LIMIT` results for `query` in `open`, the open
    /// certification and its portfolio (the index reads the notes' texts
    /// there). While the index is being built, the texts are streamed
    /// through the matcher: the same results, a little slower per key.
    pub fn search(&self, query: &str, open: Option<(&Certification, &Portfolio)>) -> Vec<Found> {
        let Some((certification, portfolio)) = open else {
            return Vec::new();
        };
        let hits = match &self.index {
            Some(index) => index.search(query, SEARCH_LIMIT, portfolio),
            None => search::search_stream(certification, portfolio, query, SEARCH_LIMIT),
        };
        hits.into_iter()
            .map(|hit| Found {
                kind: hit.entry.kind,
                path: hit.entry.path,
                text: hit.entry.text,
                positions: hit.positions,
                target: hit.entry.target,
            })
            .collect()
    }
}

impl SearchIndex {
    /// Forgets the index and any build in flight.
    pub fn clear(&mut self) {
        *self = SearchIndex::default();
    }

    /// Forgets the index built (the notes changed wholesale); a build in
    /// flight is still expected.
    pub fn forget_built(&mut self) {
        self.index = None;
    }

    /// Marks doc `doc`'s index as being built off the loop under `token`;
    /// `false` when there is nothing to build.
    pub fn start(&mut self, doc: usize, token: u64) -> bool {
        if self.index.is_some() || self.building(doc) {
            return false;
        }
        self.wanted = Some((doc, token, Vec::new()));
        true
    }

    /// Whether doc `doc`'s index is being built off the loop.
    pub fn building(&self, doc: usize) -> bool {
        self.index.is_none()
            && self
                .wanted
                .as_ref()
                .is_some_and(|(wanted, ..)| *wanted == doc)
    }

    /// Takes an index built off the loop for doc `doc`, brought up to date
    /// with the notes of `portfolio` changed meanwhile; a stale one
    /// (another doc, already built) is dropped. Whether it was taken.
    pub fn install(
        &mut self,
        doc: usize,
        token: u64,
        mut index: Index,
        portfolio: Option<&Portfolio>,
    ) -> bool {
        let expected = self
            .wanted
            .as_ref()
            .is_some_and(|(d, wanted, _)| *wanted == token && *d == doc);
        if !expected || self.index.is_some() {
            return false;
        }
        let Some((_, _, changed)) = self.wanted.take() else {
            return false;
        };
        if let Some(portfolio) = portfolio {
            for critere in &changed {
                index.refresh_critere(critere, portfolio);
            }
        }
        self.index = Some(index);
        true
    }

    /// Builds doc `doc`'s index on the spot when there is none and no
    /// thread is building it.
    pub fn build_here(&mut self, doc: usize, open: Option<(&Certification, &Portfolio)>) {
        if self.index.is_none()
            && !self.building(doc)
            && let Some((certification, portfolio)) = open
        {
            self.index = Some(Index::new(certification, portfolio));
            self.wanted = None;
        }
    }

    /// The thread for `token` failed: a search builds the index on the spot.
    pub fn failed(&mut self, token: u64) {
        if self
            .wanted
            .as_ref()
            .is_some_and(|(_, wanted, _)| *wanted == token)
        {
            self.wanted = None;
        }
    }

    /// Keeps doc `doc`'s index in step with a critère's notes.
    pub fn notes_changed(&mut self, doc: usize, critere: &str, portfolio: Option<&Portfolio>) {
        if let Some((wanted, _, changed)) = &mut self.wanted
            && *wanted == doc
        {
            changed.push(critere.to_string());
        }
        if let (Some(index), Some(portfolio)) = (&mut self.index, portfolio) {
            index.refresh_critere(critere, portfolio);
        }
    }
}
