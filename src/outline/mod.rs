//! A référentiel as a Markdown outline, for centres that write their own and
//! for editing one livret has: `#` the certification (then `clé : valeur`
//! lines), `##` a bloc, `###` a compétence (or an activité, when `####`
//! compétences follow it), `-` a critère (`- Groupe` with indented critères
//! for a group), plain paragraphs as descriptions, and `> Champ :` blocks for
//! the other texts (modalités, jury, conditions…). [`write`] prints a
//! référentiel so that [`parse`] gives it back unchanged (the bundled ones
//! and imported frameworks are tested); what an outline cannot say is kept
//! close: titles are one line, blank lines around a text go.
//!
//! Pure: text in, text out.

mod error;
mod items;
mod labels;
mod parse;
#[cfg(test)]
mod tests;
mod write;

pub use parse::{OutlineError, Parsed, parse};
pub use write::write;

/// The commented skeleton `livret new-referentiel` writes: every construct
/// once, to fill in.
pub const SKELETON: &str = include_str!("skeleton.md");
