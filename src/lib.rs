//! livret: prepare a VAE dossier against a certification's référentiel.

pub mod cli;
pub mod coverage;
pub mod demo;
pub mod experience;
pub mod export;
pub mod fiche;
pub mod portfolio;
pub mod progress;
pub mod referentiel;
pub mod review;
pub mod rncp;
mod ron_style;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
