//! The terminal interface: state and update (`app`), keys (`keymap`), views
//! (`view`), and the run loop below, which performs every effect.

pub mod action;
pub mod app;
pub mod backend;
pub mod bindings;
pub mod effect;
pub mod experiences;
pub mod fiche;
pub mod import;
pub mod io;
pub mod keymap;
pub mod links;
pub mod matrix;
pub mod outline;
pub mod palette;
pub mod screens;
pub mod scroll;
pub mod session;
pub mod settings;
mod tallies;
pub mod terminal;
pub mod theme;
pub mod tutoring;
pub mod view;
pub mod workspace;

pub(crate) mod run;

pub use run::{run, run_tutor};
pub use session::load_docs;
pub use settings::Settings;
