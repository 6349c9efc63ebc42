//! The data the interface works on: the certifications with the
//! candidate's portfolios, and the tutor at the keyboard.

use crate::portfolio::Portfolio;
use crate::progress;
use crate::referentiel::Certification;
use crate::store::{Catalog, DataDir, load_portfolio};

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
