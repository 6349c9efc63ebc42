//! All file-system access: where files live, reading référentiels, reading
//! and atomically writing portfolios.

mod atomic;
mod exports;
mod paths;
mod portfolio;
mod referentiels;

pub use atomic::write_atomic;
pub use exports::write_exports;
pub use paths::DataDir;
pub use portfolio::{
    PortfolioError, State, load_portfolio, load_state, portfolio_to_ron, save_portfolio, save_state,
};
pub use referentiels::{Catalog, Entry, LoadError, Origin, check_file, load_catalog};
