//! The data the interface works on: the certifications with the
//! candidate's portfolios, and the tutor at the keyboard.

use crate::portfolio::Portfolio;
use crate::progress;
use crate::referentiel::Certification;
use crate::review::Review;
use crate::search::Index;
use crate::store::{Catalog, DataDir, load_portfolio};
use crate::tui::screens::cohort::CohortRow;

/// A certification and the candidate's work on it. An unreadable portfolio
/// keeps its error: the certification cannot be opened, and nothing overwrites it.
#[derive(Debug)]
pub struct Doc {
    pub certification: Certification,
    pub portfolio: Result<Portfolio, String>,
    /// Ids of the portfolio's work that no unit of the référentiel names
    /// any more, shown « hors référentiel »; refreshed with the tree's rows.
    pub orphans: Vec<String>,
    /// Why the portfolio may not be changed (unreadable file opened anyway,
    /// file held by another process); `None` when it is writable.
    pub read_only: Option<String>,
}

impl Doc {
    /// A portfolio keyed by former ids of the certification has its work
    /// moved to the current ids here, whoever loaded it.
    pub fn new(certification: Certification, mut portfolio: Result<Portfolio, String>) -> Self {
        if let Ok(portfolio) = &mut portfolio {
            portfolio.follow_renames(&certification);
        }
        let orphans = portfolio
            .as_ref()
            .map(|p| p.orphans(&certification))
            .unwrap_or_default();
        Doc {
            certification,
            portfolio,
            orphans,
            read_only: None,
        }
    }

    pub fn overall(&self) -> Option<progress::Tally> {
        let portfolio = self.portfolio.as_ref().ok()?;
        Some(progress::overall(&self.certification, portfolio))
    }
}

/// The tutor using this process, and what they look at.
#[derive(Debug, Clone)]
pub struct Tutor {
    pub name: String,
    /// Show only critères prêt that this tutor has not judged yet.
    pub filter: bool,
    /// Why this tutor's review may not be changed (the same tutor has it
    /// open elsewhere); `None` when it is writable.
    pub read_only: Option<String>,
}

/// Every certification with the candidate's portfolio for it (or why it cannot be read).
pub fn load_docs(catalog: &Catalog, data: &DataDir) -> Vec<Doc> {
    catalog
        .entries
        .iter()
        .map(|entry| {
            Doc::new(
                entry.certification.clone(),
                load_portfolio(data, &entry.certification.id).map_err(|e| e.to_string()),
            )
        })
        .collect()
}

/// What the interface works on, whatever the screen: the certifications
/// with their portfolios, the open one, the tutors' reviews of it, who is at
/// the keyboard, and what is derived from them (progress figures, the search
/// index), kept in step by a generation bumped whenever they may differ.
#[derive(Debug, Default)]
pub struct Session {
    pub docs: Vec<Doc>,
    /// Index in `docs` of the open certification.
    pub current: usize,
    /// Every tutor's review of the open certification (this tutor's own
    /// included, in tutor mode).
    pub reviews: Vec<Review>,
    /// Set when a tutor uses this process.
    pub tutor: Option<Tutor>,
    /// The candidate's name, from the config.
    pub candidate: Option<String>,
    /// The tutor's candidates, one row per candidate and certification.
    pub cohort: Vec<CohortRow>,
    /// Bumped whenever statuses or verdicts may have changed: the progress
    /// figures are counted again then (see `tallies`).
    pub generation: u64,
    pub(crate) tallies: crate::tui::tallies::Cache,
    /// Search index of the open certification, built at the first search.
    pub(crate) index: Option<Index>,
    /// A search index being built off the loop for this doc: its token and
    /// the critères whose notes changed since its copy was taken.
    pub(crate) index_wanted: Option<(usize, u64, Vec<String>)>,
}

impl Session {
    pub fn new(docs: Vec<Doc>) -> Self {
        Session {
            docs,
            ..Session::default()
        }
    }
}
