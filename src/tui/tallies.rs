//! Progress figures kept between frames. Counting them walks every critère
//! (a map look-up each): at 10,000 critères that was most of a frame. They
//! change only when a status or a verdict does, that is after an update
//! that asks to save, or after the other side's files were reloaded: the
//! app bumps a generation then, and the figures are counted again once.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::progress::{self, Tally};
use crate::tui::app::App;

#[derive(Debug, Default)]
pub struct Tallies {
    /// (doc, generation) the figures were counted for.
    key: Option<(usize, u64)>,
    blocs: Vec<Tally>,
    /// Per compétence (own units and the shared critères covering it) and
    /// per evaluation that carries critères, by id.
    competences: HashMap<String, Tally>,
    overall: Tally,
}

/// The cache, behind a `RefCell` so views (which only read `&App`) can fill it.
pub type Cache = RefCell<Tallies>;

impl App {
    fn with_tallies<T>(&self, read: impl FnOnce(&Tallies) -> T) -> T {
        let key = (self.session.current, self.session.generation);
        let mut cache = self.session.tallies.borrow_mut();
        if cache.key != Some(key) {
            *cache = Tallies::default();
            if let Some((certification, portfolio)) = self.doc() {
                for bloc in &certification.blocs {
                    for competence in bloc.competences() {
                        let t = progress::competence_reviewed(
                            bloc,
                            competence,
                            portfolio,
                            &self.session.reviews,
                        );
                        cache.competences.insert(competence.id.clone(), t);
                    }
                    for modalite in &bloc.modalites {
                        if let Some(id) = modalite
                            .id
                            .as_ref()
                            .filter(|_| !modalite.criteres.is_empty())
                        {
                            let t = progress::modalite_reviewed(
                                modalite,
                                portfolio,
                                &self.session.reviews,
                            );
                            cache.competences.insert(id.clone(), t);
                        }
                    }
                    let tally = progress::bloc_reviewed(bloc, portfolio, &self.session.reviews);
                    if progress::is_targeted(bloc, portfolio) {
                        cache.overall = cache.overall + tally;
                    }
                    cache.blocs.push(tally);
                }
            }
            cache.key = Some(key);
        }
        read(&cache)
    }

    /// Figures of the open certification's bloc at `index`, verdicts counted.
    pub fn bloc_tally(&self, index: usize) -> Tally {
        self.with_tallies(|t| t.blocs.get(index).copied().unwrap_or_default())
    }

    /// Figures of a compétence or of an evaluation with critères.
    pub fn competence_tally(&self, id: &str) -> Tally {
        self.with_tallies(|t| t.competences.get(id).copied().unwrap_or_default())
    }

    /// Figures over the blocs aimed for.
    pub fn overall_tally(&self) -> Tally {
        self.with_tallies(|t| t.overall)
    }
}
