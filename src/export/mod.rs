//! The dossier as a document: Markdown, or one self-contained printable HTML
//! page. Pure: the caller gives the date and writes the result.
//!
//! [`Dossier::build`] decides once what is exported (which blocs, which
//! critères, which figures) and looks everything up; each format only prints
//! the [`Dossier`].

mod context;
mod dossier;
pub mod escape;
mod html;
mod markdown;

use crate::portfolio::Portfolio;
use crate::referentiel::Certification;

pub use context::{ExportContext, Options};
pub use dossier::Dossier;

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    pub fn render(self, dossier: &Dossier) -> String {
        match self {
            Format::Markdown => markdown::print(dossier),
            Format::Html => html::print(dossier),
        }
    }
}

/// The whole dossier as Markdown. Every text from the référentiel or the
/// portfolio is escaped, so it shows as written and cannot add structure.
pub fn markdown(
    certification: &Certification,
    portfolio: &Portfolio,
    options: &Options,
    context: &ExportContext,
) -> String {
    markdown::print(&Dossier::build(certification, portfolio, options, context))
}

/// The whole dossier as an HTML page. Every text from the référentiel or the
/// portfolio is escaped, so it shows as written and cannot add markup.
pub fn html(
    certification: &Certification,
    portfolio: &Portfolio,
    options: &Options,
    context: &ExportContext,
) -> String {
    html::print(&Dossier::build(certification, portfolio, options, context))
}
