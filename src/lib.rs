//! livret: prepare a VAE dossier against a certification's référentiel.

pub mod cli;
pub mod referentiel;
pub mod store;
pub mod text;
