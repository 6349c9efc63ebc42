//! The terminal interface: state and update (`app`), keys (`keymap`), views
//! (`view`), and the run loop below, which performs every effect.

pub mod action;
pub mod app;
pub mod keymap;
pub mod outline;
pub mod palette;
pub mod settings;
pub mod theme;
pub mod view;

mod run;

pub use run::{load_docs, run};
pub use settings::Settings;
