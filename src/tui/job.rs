//! What the import screen asks the run loop to do off the loop, and what
//! comes back: plain data, so that the effects and the IO code can name it
//! without knowing the screen.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::portfolio::Portfolio;
use crate::rncp::FicheSummary;
use crate::store::import::{ExportInfo, ImportError, ImportReport, Probe};

/// A name in a directory, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub dir: bool,
}

/// The progress of a read, shared with the thread doing it. Two handles are
/// equal when they share the same probe.
#[derive(Debug, Clone)]
pub struct Progress(pub Arc<Probe>);

impl PartialEq for Progress {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Progress {}

impl Progress {
    pub fn new() -> Self {
        Progress(Probe::new())
    }

    /// Bytes read, size of the file, fiches met.
    pub fn figures(&self) -> (u64, u64, u64) {
        (
            self.0.bytes.load(Ordering::Relaxed),
            self.0.total.load(Ordering::Relaxed),
            self.0.fiches.load(Ordering::Relaxed),
        )
    }

    pub(crate) fn cancel(&self) {
        self.0.cancel.store(true, Ordering::Relaxed);
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

/// A read of the export for the run loop to perform on a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Given back with the outcome: an outcome for an older job is stale.
    pub token: u64,
    /// As typed (`~` not expanded yet).
    pub path: String,
    pub progress: Progress,
    pub task: Task,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Every fiche of the file, for the list.
    List,
    /// One fiche into `<data>/referentiels/`; `update` replaces an earlier import.
    Import { numero: String, update: bool },
}

/// What a job gave.
#[derive(Debug)]
pub enum Done {
    Listed(Result<(Vec<FicheSummary>, ExportInfo), ImportError>),
    Imported(Result<Box<Written>, ImportError>),
}

/// What an import wrote, with the candidate's portfolio for it read afresh.
#[derive(Debug)]
pub struct Written {
    pub report: ImportReport,
    pub portfolio: Result<Portfolio, String>,
}
