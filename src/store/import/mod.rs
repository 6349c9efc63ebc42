//! Reading France Compétences' export files (XML, CSV, or a zip of either)
//! and writing a fiche as a référentiel of the user's.
//!
//! The file is recognised by its content, never by its name, and read as a
//! stream: a zip entry is inflated as it is parsed, never unpacked to disk,
//! and only one fiche is in memory at a time.

mod errors;
mod other;
mod reading;
#[cfg(test)]
mod tests;
mod writing;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64};

use crate::rncp::FicheSummary;
use crate::rncp::xml::Detail;

pub use errors::ImportError;
pub use other::{OtherRead, read_other};
pub use reading::read_export;
pub use writing::{ImportReport, Installed, import_fiches, import_other, install_referentiel};

/// Shared between a reading thread and the interface: how far the read
/// went, and a way to stop it.
#[derive(Debug, Default)]
pub struct Probe {
    /// Bytes of the file read so far (compressed bytes for a zip).
    pub bytes: AtomicU64,
    /// Size of the file.
    pub total: AtomicU64,
    /// Fiches met so far.
    pub fiches: AtomicU64,
    /// Set to stop the read: it ends with [`ImportError::Cancelled`].
    pub cancel: AtomicBool,
}

impl Probe {
    pub fn new() -> Arc<Self> {
        Arc::new(Probe::default())
    }
}

/// Which shape of the export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Xml,
    ZipXml,
    Csv,
    ZipCsv,
    /// Not the register's export: a Markdown outline, a Moodle, Mahara or
    /// CASE framework (its name).
    Other(&'static str),
}

impl Shape {
    pub fn label(self) -> &'static str {
        match self {
            Shape::Xml => "XML",
            Shape::ZipXml => "zip contenant le XML",
            Shape::Csv => "CSV",
            Shape::ZipCsv => "zip des CSV",
            Shape::Other(name) => name,
        }
    }
}

/// What was read: the shape of the file, and the export date its name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportInfo {
    pub shape: Shape,
    pub date: Option<String>,
}

/// `2026-08-16`, `2024_02_22` or `20240222` in a file name.
pub fn date_in_name(name: &str) -> Option<String> {
    let digits: Vec<(usize, char)> = name.char_indices().collect();
    for start in 0..digits.len() {
        let rest: String = digits[start..].iter().map(|(_, c)| c).take(10).collect();
        let candidates = [
            rest.get(..10).map(|s| s.replace('_', "-")),
            rest.get(..8)
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
                .map(|s| format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..8])),
        ];
        for candidate in candidates.into_iter().flatten() {
            if candidate.len() == 10
                && candidate.starts_with("20")
                && let Ok(date) = candidate.parse::<jiff::civil::Date>()
            {
                return Some(date.to_string());
            }
        }
    }
    None
}

/// Every fiche of the export that matches `query` (every fiche when empty),
/// in file order, as the listing shows them.
pub fn list_fiches(
    path: &Path,
    query: &str,
    probe: &Arc<Probe>,
) -> Result<(Vec<FicheSummary>, ExportInfo), ImportError> {
    let mut found = Vec::new();
    let info = each_fiche(path, query, probe, &mut |summary| {
        found.push(summary);
        true
    })?;
    Ok((found, info))
}

/// [`list_fiches`] one fiche at a time, as they are read: memory stays flat
/// however many fiches match. `on_fiche` returns `false` to stop.
pub fn each_fiche(
    path: &Path,
    query: &str,
    probe: &Arc<Probe>,
    on_fiche: &mut dyn FnMut(FicheSummary) -> bool,
) -> Result<ExportInfo, ImportError> {
    read_export(path, Detail::Summary, probe, &mut |_| true, &mut |fiche| {
        let summary = FicheSummary::of(&fiche);
        !summary.matches(query) || on_fiche(summary)
    })
}
