//! All file-system access: where files live, reading référentiels.

mod paths;
mod referentiels;

pub use paths::DataDir;
pub use referentiels::{Catalog, Entry, LoadError, Origin, check_file, load_catalog};
