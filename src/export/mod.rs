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

/// What the interface asks to export: which document, in which formats,
/// and whether files already there may be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub options: Options,
    pub formats: Vec<Format>,
    /// The candidate said yes to replacing the files already there.
    pub overwrite: bool,
}

/// The name an export is written under, without its extension:
/// `<id>`, then `-suivi`, the blocs chosen and `-prets` as asked, so that
/// the dossier, the follow-up and a dossier per bloc never overwrite each
/// other.
pub fn file_stem(certification: &Certification, options: &Options) -> String {
    let mut stem = certification.id.clone();
    if options.suivi {
        stem.push_str("-suivi");
    }
    for bloc in &options.blocs {
        stem.push('-');
        // A bloc id is the référentiel's text: only what a file name holds.
        stem.extend(bloc.to_lowercase().chars().map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        }));
    }
    if options.only_ready {
        stem.push_str("-prets");
    }
    stem
}

/// The dossier in `formats`, as (file name, contents), named by
/// [`file_stem`]: the dossier is built once for all of them.
pub fn files(
    certification: &Certification,
    portfolio: &Portfolio,
    options: &Options,
    context: &ExportContext,
    formats: &[Format],
) -> Vec<(String, Vec<u8>)> {
    let dossier = Dossier::build(certification, portfolio, options, context);
    let stem = file_stem(certification, options);
    formats
        .iter()
        .map(|format| {
            (
                format!("{stem}.{}", format.extension()),
                format.render(&dossier),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn files_are_named_after_the_certification_and_the_choices() {
        let certification = parse(EXAMPLE, None).unwrap();
        let portfolio = Portfolio::new(&certification.id);
        let context = ExportContext {
            candidate: None,
            date: jiff::Timestamp::UNIX_EPOCH,
            tz: TimeZone::UTC,
            reviews: Vec::new(),
        };
        let all = files(
            &certification,
            &portfolio,
            &Options::default(),
            &context,
            &Format::ALL,
        );
        let [md, html, docx] = [&all[0], &all[1], &all[2]];
        assert_eq!(docx.0, "exemple-minimal.docx");
        assert!(docx.1.starts_with(b"PK"), "a zip");
        assert_eq!(md.0, "exemple-minimal.md");
        assert_eq!(html.0, "exemple-minimal.html");
        assert!(md.1.starts_with(b"# Exemple"));
        assert!(html.1.starts_with(b"<!DOCTYPE html>"));
        let suivi = Options {
            suivi: true,
            only_ready: true,
            blocs: vec!["BC02".into()],
            ..Options::default()
        };
        assert_eq!(
            file_stem(&certification, &suivi),
            "exemple-minimal-suivi-bc02-prets"
        );
    }
}
