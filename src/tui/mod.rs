//! The terminal interface: state and update (`app`, `screens`, `modals`),
//! keys (`keymap`, `bindings`), views (`view`), the effects carried out
//! (`io`) and the run loop (`run`).

pub mod action;
pub mod app;
pub mod backend;
pub mod bindings;
pub mod coaching;
pub mod effect;
pub mod input;
pub mod io;
pub mod job;
pub mod keymap;
pub mod modals;
pub mod msg;
pub mod naming;
pub mod nav;
pub mod outline;
pub mod palette;
pub mod query;
pub mod reply;
pub mod screens;
pub mod scroll;
pub mod search_index;
pub mod session;
pub mod settings;
pub mod status;
pub mod syncing;
mod tallies;
pub mod terminal;
pub mod theme;
pub mod undo;
pub mod view;
pub mod wake;

pub(crate) mod run;

pub use run::{run, run_tutor};
pub use session::load_docs;
pub use settings::Settings;
