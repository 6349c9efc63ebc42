//! livret: prepare a VAE dossier against a certification's référentiel.
//!
//! Unix only. The store keeps personal data in owner-only files and
//! directories (modes 0600 and 0700), shares a data directory with a group
//! of tutors through setgid directories and `chown`, and locks a file with a
//! lock file whose mode it sets; the terminal interface watches its parent
//! process and SIGHUP to notice a dropped SSH session. None of that has a
//! counterpart here for other systems, and a silent fallback would write
//! personal data with the system's default permissions: their builds stop,
//! the first error naming the system (errors about the missing Unix APIs
//! follow it).

#[cfg(windows)]
compile_error!(
    "livret needs a Unix system (Linux, macOS, a BSD): Windows is not supported \
     (owner-only file modes, setgid group sharing, chown, parent process watching)"
);
#[cfg(all(target_family = "wasm", not(unix)))]
compile_error!(
    "livret needs a Unix system (Linux, macOS, a BSD): WebAssembly (wasm32, WASI) is not \
     supported (owner-only file modes, setgid group sharing, chown, parent process watching)"
);
#[cfg(not(any(unix, windows, target_family = "wasm")))]
compile_error!(
    "livret needs a Unix system (Linux, macOS, a BSD): this non-Unix target is not supported \
     (owner-only file modes, setgid group sharing, chown, parent process watching)"
);

pub mod cli;
pub mod coach;
mod cores;
pub mod coverage;
pub mod cycle;
pub mod demo;
pub mod experience;
pub mod export;
pub mod fiche;
pub mod frameworks;
pub mod outline;
pub mod portfolio;
pub mod progress;
pub mod referentiel;
pub mod review;
pub mod rncp;
mod ron_style;
pub mod search;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
