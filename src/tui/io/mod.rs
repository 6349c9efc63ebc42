//! The outside world, reached for the interface: the import's reads and
//! the file system listing (`import`), locks, watching and the cohort
//! (`workspace`).

pub mod import;
pub mod workspace;

pub use import::{failed, home, list_dir, perform};
