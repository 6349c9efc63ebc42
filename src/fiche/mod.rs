//! The fiche: everything a référentiel holds, in one reading order. Pure.
//!
//! One model feeds the three readers, so they cannot drift apart: [`Fiche`]
//! is the stable JSON of `livret show --json`; [`document`] is the same
//! content as lines, which [`plain`] prints for `livret show` and [`layout`]
//! wraps for the fiche screen of the interface.

mod json;
mod lines;
#[cfg(test)]
mod tests;
mod text;

use jiff::civil::Date;

use crate::referentiel::Certification;

pub use json::{
    ActiviteJson, BlocJson, CompetenceJson, CritereJson, Deliverable, EvaluationJson, Fiche,
    SectionJson, SourceJson, deliverables,
};
pub use lines::document;
pub use text::{Row, layout, plain};

/// `30/06/2025`, or the text as given when it is not a date.
pub fn french_date(text: &str) -> String {
    match text.parse::<Date>() {
        Ok(date) => date.strftime("%d/%m/%Y").to_string(),
        Err(_) => text.to_string(),
    }
}

/// The warning of an expired registration, if it is one.
pub fn expiry_warning(c: &Certification, today: Date) -> Option<String> {
    let until = c.valid_until.as_deref().filter(|_| c.expired_on(today))?;
    Some(format!(
        "Enregistrement expiré le {} : vérifiez auprès du certificateur que la \
         certification est encore délivrée.",
        french_date(until)
    ))
}

/// What a line of the document is, for its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The certification's title.
    Title,
    Warning,
    /// A part of the certification, or a bloc.
    Heading,
    /// A modalité, an activité, a compétence.
    Subheading,
    /// A label inside a part: « Livrables », a critère group…
    Label,
    Text,
    /// Ids, file names, remarks.
    Dim,
}

/// One paragraph of the document: it may hold several source lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: Kind,
    /// Indent level (two columns each).
    pub depth: usize,
    /// A list item: drawn with a bullet and a hanging indent.
    pub bullet: bool,
    pub text: String,
}

/// Data text made safe to print: tabs become spaces, carriage returns and
/// every other control character go (a newline stays a line break), and
/// what would reorder or hide text shows as a marker (`⟨U+202E⟩`).
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => match crate::text::marker(c) {
                Some(marker) => out.push_str(&marker),
                None => out.push(c),
            },
        }
    }
    out
}
