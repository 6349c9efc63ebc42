//! The screens: each one's state and how keys change it.

pub mod cohort;
pub mod experiences;
pub mod fiche;
pub mod import;
pub mod main;
pub mod matrix;
pub mod pace;
pub mod picker;
pub mod pieces;
pub mod states;
