//! All file-system access: where files live, reading référentiels, reading
//! and atomically writing portfolios.

// Unix only (file modes, setgid, chown): see the compile_error! in lib.rs.
#[cfg(unix)]
pub mod account;
#[cfg(unix)]
mod atomic;
mod backups;
#[cfg(unix)]
mod cache;
mod cohort;
#[cfg(unix)]
pub mod cohort_setup;
pub mod config;
mod exports;
#[cfg(unix)]
pub mod git;
#[cfg(unix)]
mod history;
pub mod import;
#[cfg(unix)]
mod lock;
mod migrate;
mod overview;
mod paths;
mod portfolio;
#[cfg(unix)]
mod recovery;
mod referentiels;
mod reviews;
#[cfg(unix)]
pub mod safe;
#[cfg(unix)]
mod share;
#[cfg(unix)]
pub mod signing;
#[cfg(unix)]
pub mod sync;

#[cfg(unix)]
pub use atomic::{DiskStamp, describe_io, disk_stamp, remove_stale_temps, write_atomic};
pub use backups::{Backup, KEPT as BACKUPS_KEPT, backup, list_backups, restore};
pub use cohort::{CandidateOverview, candidate_dirs, is_candidate_dir, overview, tutor_identity};
pub use exports::write_export;
#[cfg(unix)]
pub use history::{DEPTH as HISTORY_DEPTH, note_syncs};
#[cfg(unix)]
pub use lock::{Lock, LockError, lock, lock_path};
pub use overview::Overview;
pub use paths::DataDir;
pub use portfolio::{
    PortfolioError, ReadAhead, State, WordCounts, check_portfolio_text, load_portfolio,
    load_portfolio_file, load_portfolio_for, load_state, load_view, portfolio_to_ron,
    save_portfolio, save_state, save_view,
};
#[cfg(unix)]
pub use recovery::{forget_recovery, recoveries, write_recovery};
pub use referentiels::{Catalog, Entry, LoadError, Origin, check_file, load_catalog};
pub use reviews::{
    Trust, load_review, load_review_for, load_reviews, load_reviews_for, review_files, review_path,
    review_place, reviews_stamp, save_review, trust, tutor_file_name,
};
#[cfg(unix)]
pub use share::share;
