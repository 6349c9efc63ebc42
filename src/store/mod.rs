//! All file-system access: where files live, reading référentiels, reading
//! and atomically writing portfolios.

mod atomic;
mod backups;
pub mod config;
mod exports;
mod migrate;
mod paths;
mod portfolio;
mod referentiels;

pub use atomic::write_atomic;
pub use backups::{Backup, KEPT as BACKUPS_KEPT, backup, list_backups, restore};
pub use exports::write_exports;
pub use paths::DataDir;
pub use portfolio::{
    PortfolioError, State, check_portfolio_text, load_portfolio, load_state, portfolio_to_ron,
    save_portfolio, save_state,
};
pub use referentiels::{Catalog, Entry, LoadError, Origin, check_file, load_catalog};
