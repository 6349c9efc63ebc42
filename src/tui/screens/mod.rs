//! The screens: each one's state and how keys change it.

pub mod main;
