//! The CSV export: one file per table (`Standard`, `Blocs_De_Compétences`,
//! `Certificateurs`, `VoixdAccès`…), `;`-separated, quoted, CRLF, keyed by
//! `Numero_Fiche`.
//!
//! The tables are recognised by their header ([`table_of`]), not by their file
//! names (whose encoding varies in the zips). Values are cleaned of the
//! export's artefacts: surrounding whitespace (the TAB before SIRETs) and
//! doubled apostrophes (`d''affaires`). A value that is not UTF-8 is read as
//! Windows-1252.

mod fiches;
mod table;
#[cfg(test)]
mod tests;

use std::io::Read;

use fiches::{CsvFiches, read_tables};
use table::decode;

use super::{Fiche, ReadError};

/// Which file of the CSV export a header line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Standard,
    Blocs,
    Certificateurs,
    /// Another table of the export (`Rome`, `Nsf`, `VoixdAccès`…, see
    /// [`is_voies_table`]).
    Other,
}

/// The columns of a header line (BOM, quotes, `;` or `,` tolerated).
fn header_columns(header_line: &[u8]) -> (u8, Vec<String>) {
    let line = header_line
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(header_line);
    let line = match line.iter().position(|&b| b == b'\n') {
        Some(end) => &line[..end],
        None => line,
    };
    let delimiter = if line.contains(&b';') {
        b';'
    } else if line.contains(&b',') {
        b','
    } else if line.contains(&b'\t') {
        b'\t'
    } else {
        b';'
    };
    let columns = line
        .split(|&b| b == delimiter)
        .map(|column| decode(column).trim().trim_matches('"').trim().to_string())
        .collect();
    (delimiter, columns)
}

fn has(columns: &[String], name: &str) -> bool {
    columns.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// From the first line (header) of a CSV: BOM, quotes, `;` or `,` tolerated.
/// `None`: not a CSV of the export (no `Numero_Fiche` column).
pub fn table_of(header_line: &[u8]) -> Option<CsvTable> {
    let (_, columns) = header_columns(header_line);
    if !has(&columns, "Numero_Fiche") {
        return None;
    }
    Some(if has(&columns, "Bloc_Competences_Code") {
        CsvTable::Blocs
    } else if has(&columns, "Nom_Certificateur") || has(&columns, "Siret_Certificateur") {
        CsvTable::Certificateurs
    } else if has(&columns, "Intitule") {
        CsvTable::Standard
    } else {
        CsvTable::Other
    })
}

/// Whether this header is the access routes' table (`"Numero_Fiche";"Si_Jury"`,
/// file `VoixdAccès`), which [`read_csv_export_with_voies`] reads too.
pub fn is_voies_table(header_line: &[u8]) -> bool {
    let (_, columns) = header_columns(header_line);
    has(&columns, "Numero_Fiche") && has(&columns, "Si_Jury")
}

/// Builds fiches from the export's tables: `blocs` is required, the others
/// optional (`None` → fiches with number and blocs only; the title then reads
/// the number). Each table is streamed once; `keep` filters by number (called
/// once per distinct number). An absent table is written `None::<&[u8]>`
/// (any `Read` type).
///
/// Returns first the fiches of the Blocs table (the importable ones), in its
/// order of first appearance of each number, then, for the listing, the
/// fiches of Standard that have no bloc, in Standard's order (none when
/// Standard is not given): `fiche.blocs.is_empty()` tells them apart.
///
/// Bloc `competences` and `modalites` are empty: the CSV has no text for them.
pub fn read_csv_export(
    blocs: impl Read,
    standard: Option<impl Read>,
    certificateurs: Option<impl Read>,
    keep: impl FnMut(&str) -> bool,
) -> Result<Vec<Fiche>, ReadError> {
    read_tables(blocs, standard, certificateurs, None::<&[u8]>, keep).map(CsvFiches::into_all)
}

/// [`read_csv_export`], plus the access routes' table (`VoixdAccès`, see
/// [`is_voies_table`]) into [`Fiche::voies`] (names only: the CSV has no
/// jury text).
pub fn read_csv_export_with_voies(
    blocs: impl Read,
    standard: Option<impl Read>,
    certificateurs: Option<impl Read>,
    voies: Option<impl Read>,
    keep: impl FnMut(&str) -> bool,
) -> Result<Vec<Fiche>, ReadError> {
    read_tables(blocs, standard, certificateurs, voies, keep).map(CsvFiches::into_all)
}
