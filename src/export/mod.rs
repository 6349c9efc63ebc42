//! The dossier as a document: Markdown, or one self-contained printable HTML
//! page. Pure: the caller gives the date and writes the result.
//!
//! [`Dossier::build`] decides once what is exported (which blocs, which
//! critères, which figures) and looks everything up; each format only prints
//! the [`Dossier`].

mod context;
mod docx;
mod dossier;
pub mod escape;
mod html;
mod markdown;

use crate::portfolio::Portfolio;
use crate::referentiel::Certification;

pub use context::{ExportContext, Options};
pub use dossier::Dossier;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    /// A Word document.
    Docx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Docx];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    /// Whether it is text (to print on a terminal) rather than a binary file.
    pub fn is_text(self) -> bool {
        self != Format::Docx
    }

    pub fn render(self, dossier: &Dossier) -> Vec<u8> {
        match self {
            Format::Markdown => markdown::print(dossier).into_bytes(),
            Format::Html => html::print(dossier).into_bytes(),
            Format::Docx => docx::print(dossier),
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

/// The dossier in every format, as (file name, contents): `<id>.md`,
/// `<id>.html`, then `<id>.docx`.
pub fn files(
    certification: &Certification,
    portfolio: &Portfolio,
    options: &Options,
    context: &ExportContext,
) -> [(String, Vec<u8>); 3] {
    let dossier = Dossier::build(certification, portfolio, options, context);
    Format::ALL.map(|format| {
        (
            format!("{}.{}", certification.id, format.extension()),
            format.render(&dossier),
        )
    })
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn files_are_both_formats_named_after_the_certification() {
        let certification = parse(EXAMPLE, None).unwrap();
        let portfolio = Portfolio::new(&certification.id);
        let context = ExportContext {
            candidate: None,
            date: jiff::Timestamp::UNIX_EPOCH,
            tz: TimeZone::UTC,
            reviews: Vec::new(),
        };
        let [md, html, docx] = files(&certification, &portfolio, &Options::default(), &context);
        assert_eq!(docx.0, "exemple-minimal.docx");
        assert!(docx.1.starts_with(b"PK"), "a zip");
        assert_eq!(md.0, "exemple-minimal.md");
        assert_eq!(html.0, "exemple-minimal.html");
        assert!(String::from_utf8(md.1).unwrap().starts_with("# Exemple"));
        assert!(
            String::from_utf8(html.1)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
    }
}
