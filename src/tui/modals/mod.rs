//! The pop-ups that open over a screen.

pub mod link_picker;
