//! The search index and the progress figures of the session, kept in step
//! with the data.

use std::sync::Arc;

use super::Session;
use crate::portfolio::Portfolio;
use crate::progress::Tally;
use crate::referentiel::Certification;
use crate::search::Index;
use crate::tui::search_index::Found;
use crate::tui::tallies::Tallies;

/// The search index and the progress figures, kept in step with the data.
impl Session {
    /// Forgets the search index (the notes changed wholesale).
    pub fn drop_search_index(&mut self) {
        self.index.clear();
    }

    /// What to build the open certification's search index from, off the
    /// loop: a token, the certification (shared) and a copy of the
    /// portfolio. `None` when there is nothing to build.
    pub fn index_source(&mut self) -> Option<(u64, Arc<Certification>, Portfolio)> {
        let token = self.index_start()?;
        let doc = self.doc()?;
        let portfolio = doc.portfolio.as_ref().ok()?.clone();
        Some((token, Arc::clone(&doc.certification), portfolio))
    }

    /// Marks the open certification's search index as being built off the
    /// loop: its token, or `None` when there is nothing to build.
    pub fn index_start(&mut self) -> Option<u64> {
        self.open()?;
        let token = self.generation;
        self.index.start(self.current, token).then_some(token)
    }

    /// Whether the open certification's search index is being built off
    /// the loop (a search meanwhile reads the texts one by one).
    pub fn index_building(&self) -> bool {
        self.index.building(self.current)
    }

    /// Takes an index built off the loop, brought up to date with the notes
    /// changed meanwhile; a stale one is dropped. Whether it was taken.
    pub fn install_index(&mut self, token: u64, index: Index) -> bool {
        let portfolio = self
            .docs
            .get(self.current)
            .and_then(|d| d.portfolio.as_ref().ok());
        self.index.install(self.current, token, index, portfolio)
    }

    /// Builds the search index on the spot when there is none and no
    /// thread is building it.
    pub fn index_here(&mut self) {
        let open = self
            .docs
            .get(self.current)
            .and_then(|d| Some((&*d.certification, d.portfolio.as_ref().ok()?)));
        self.index.build_here(self.current, open);
    }

    /// The index thread for `token` failed: a search builds the index on
    /// the spot, as when no thread was started.
    pub fn index_failed(&mut self, token: u64) {
        self.index.failed(token);
    }

    /// Keeps the search index in step with a critère's notes.
    pub fn notes_changed(&mut self, critere: &str) {
        let portfolio = self
            .docs
            .get(self.current)
            .and_then(|d| d.portfolio.as_ref().ok());
        self.index.notes_changed(self.current, critere, portfolio);
    }

    /// The results of `query` in the open certification.
    pub fn search(&self, query: &str) -> Vec<Found> {
        self.index.search(query, self.open())
    }

    /// Figures of the open certification's bloc at `index`, verdicts counted.
    pub fn bloc_tally(&self, index: usize) -> Tally {
        self.with_tallies(|t| t.bloc(index))
    }

    /// Figures of a compétence or of an evaluation with critères.
    pub fn competence_tally(&self, id: &str) -> Tally {
        self.with_tallies(|t| t.competence(id))
    }

    /// Figures over the blocs aimed for.
    pub fn overall_tally(&self) -> Tally {
        self.with_tallies(|t| t.overall())
    }

    /// Where an open review request of the open certification stands.
    pub fn request_state(
        &self,
        request: &crate::portfolio::Request,
    ) -> (crate::cycle::State, Option<String>) {
        self.with_tallies(|t| t.request(request.created))
            .unwrap_or((crate::cycle::State::Withdrawn, None))
    }

    pub(crate) fn with_tallies<T>(&self, read: impl FnOnce(&Tallies) -> T) -> T {
        let mut cache = self.tallies.borrow_mut();
        let target = self.target();
        cache.count(
            (self.current, self.generation),
            self.open(),
            &self.reviews,
            target,
        );
        read(&cache)
    }
}
