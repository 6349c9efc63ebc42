//! The CSV export: one file per table (`Standard`, `Blocs_De_Compétences`,
//! `Certificateurs`, `VoixdAccès`…), `;`-separated, quoted, CRLF, keyed by
//! `Numero_Fiche`.
//!
//! The tables are recognised by their header ([`table_of`]), not by their file
//! names (whose encoding varies in the zips). Values are cleaned of the
//! export's artefacts: surrounding whitespace (the TAB before SIRETs) and
//! doubled apostrophes (`d''affaires`). A value that is not UTF-8 is read as
//! Windows-1252.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};

use super::xml::{TEXT_ELEMENTS, VOIES, yes_no};
use super::{Fiche, FicheBloc, ReadError, ReadErrorKind};

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

/// The fiches built from the CSV tables, in two groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct CsvFiches {
    /// The fiches of the Blocs table (the importable ones), in that table's
    /// order of first appearance of each number.
    with_blocs: Vec<Fiche>,
    /// The fiches of the Standard table that have no bloc, in its order.
    without_blocs: Vec<Fiche>,
}

impl CsvFiches {
    fn into_all(self) -> Vec<Fiche> {
        let mut all = self.with_blocs;
        all.extend(self.without_blocs);
        all
    }
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

fn read_tables(
    blocs: impl Read,
    standard: Option<impl Read>,
    certificateurs: Option<impl Read>,
    voies: Option<impl Read>,
    mut keep: impl FnMut(&str) -> bool,
) -> Result<CsvFiches, ReadError> {
    let mut fiches = Fiches::default();

    let mut table = Table::open(blocs, Kind::Blocs)?;
    let numero = table.column("Numero_Fiche");
    let code = table.column("Bloc_Competences_Code");
    let libelle = table.column("Bloc_Competences_Libelle");
    while let Some(record) = table.next_record()? {
        let numero = field(record, numero);
        if numero.is_empty() {
            continue;
        }
        if let Some(fiche) = fiches.get_or_add(&numero, true, &mut keep) {
            fiche.blocs.push(FicheBloc {
                code: field(record, code),
                libelle: field(record, libelle),
                competences: String::new(),
                modalites: String::new(),
            });
        }
    }
    table.finish()?;

    if let Some(standard) = standard {
        let mut table = Table::open(standard, Kind::Standard)?;
        let numero = table.column("Numero_Fiche");
        let intitule = table.column("Intitule");
        let abrege_libelle = table.column("Abrege_Libelle");
        let abrege_intitule = table.column("Abrege_Intitule");
        let niveau = table.column("Nomenclature_Europe_Niveau");
        let niveau_libelle = table.column("Nomenclature_Europe_Intitule");
        let etat = table.column("Etat_Fiche");
        let date_fin = table.column("Date_Fin_Enregistrement");
        let actif = table.column("Actif");
        let texts: Vec<(usize, &str)> = TEXT_ELEMENTS
            .iter()
            .filter_map(|name| table.column(name).map(|index| (index, *name)))
            .collect();
        while let Some(record) = table.next_record()? {
            let numero = field(record, numero);
            if numero.is_empty() {
                continue;
            }
            let Some(fiche) = fiches.get_or_add(&numero, false, &mut keep) else {
                continue;
            };
            let value = |index| Some(field(record, index)).filter(|v| !v.is_empty());
            if let Some(intitule) = value(intitule) {
                fiche.intitule = intitule;
            }
            // `Abrege_Libelle` holds the code (`CAP`), `Abrege_Intitule` what
            // the XML calls ABREGE/LIBELLE.
            fiche.abrege = value(abrege_intitule)
                .or_else(|| value(abrege_libelle))
                .or(fiche.abrege.take());
            fiche.niveau = value(niveau).or(fiche.niveau.take());
            fiche.niveau_libelle = value(niveau_libelle).or(fiche.niveau_libelle.take());
            fiche.etat = value(etat).or(fiche.etat.take());
            fiche.date_fin = value(date_fin).or(fiche.date_fin.take());
            if let Some(actif) = value(actif).as_deref().and_then(yes_no) {
                fiche.actif = Some(actif);
            }
            for &(index, name) in &texts {
                if let Some(text) = value(Some(index))
                    && !fiche.texts.iter().any(|(key, _)| key == name)
                {
                    fiche.texts.push((name.to_string(), text));
                }
            }
        }
        table.finish()?;
    }

    if let Some(certificateurs) = certificateurs {
        let mut table = Table::open(certificateurs, Kind::Certificateurs)?;
        let numero = table.column("Numero_Fiche");
        let nom = table.column("Nom_Certificateur");
        while let Some(record) = table.next_record()? {
            if let Some(fiche) = fiches.get(&field(record, numero)) {
                let nom = field(record, nom);
                if !nom.is_empty() {
                    fiche.certificateurs.push(nom);
                }
            }
        }
        table.finish()?;
    }

    if let Some(voies) = voies {
        let mut table = Table::open(voies, Kind::Voies)?;
        let numero = table.column("Numero_Fiche");
        let voie = table.column("Si_Jury");
        while let Some(record) = table.next_record()? {
            if let Some(fiche) = fiches.get(&field(record, numero)) {
                let name = voie_of_label(&field(record, voie));
                if !name.is_empty() && !fiche.voies.iter().any(|(n, _)| *n == name) {
                    fiche.voies.push((name, String::new()));
                }
            }
        }
        table.finish()?;
        for fiche in fiches
            .with_blocs
            .iter_mut()
            .chain(&mut fiches.without_blocs)
        {
            // The export's order of the routes, unknown ones last.
            fiche.voies.sort_by_key(|(name, _)| {
                VOIES
                    .iter()
                    .position(|(_, known)| known == name)
                    .unwrap_or(VOIES.len())
            });
        }
    }

    Ok(CsvFiches {
        with_blocs: fiches.with_blocs,
        without_blocs: fiches.without_blocs,
    })
}

/// `Par expérience` → `VAE`, `En contrat d’apprentissage` → `Contrat
/// d’apprentissage`…; an unknown label is kept as is.
fn voie_of_label(label: &str) -> String {
    let lower = label.to_lowercase();
    let code = if lower.contains("expérience") || lower.contains("vae") {
        "VAE"
    } else if lower.contains("candidature") {
        "CL"
    } else if lower.contains("apprentissage") {
        "CA"
    } else if lower.contains("professionnalisation") {
        "CQ"
    } else if lower.contains("continue") {
        "FC"
    } else if lower.contains("élève") || lower.contains("étudiant") || lower.contains("initiale")
    {
        "FI"
    } else {
        return label.to_string();
    };
    VOIES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or(label.to_string(), |(_, name)| name.to_string())
}

/// Where a number stands.
#[derive(Clone, Copy)]
enum Slot {
    Rejected,
    WithBlocs(usize),
    WithoutBlocs(usize),
}

#[derive(Default)]
struct Fiches {
    slots: HashMap<String, Slot>,
    with_blocs: Vec<Fiche>,
    without_blocs: Vec<Fiche>,
}

impl Fiches {
    fn get(&mut self, numero: &str) -> Option<&mut Fiche> {
        match self.slots.get(numero)? {
            Slot::Rejected => None,
            Slot::WithBlocs(index) => self.with_blocs.get_mut(*index),
            Slot::WithoutBlocs(index) => self.without_blocs.get_mut(*index),
        }
    }

    /// The fiche of this number, added (if `keep` accepts it) when new.
    fn get_or_add(
        &mut self,
        numero: &str,
        with_blocs: bool,
        keep: &mut impl FnMut(&str) -> bool,
    ) -> Option<&mut Fiche> {
        if !self.slots.contains_key(numero) {
            let slot = if !keep(numero) {
                Slot::Rejected
            } else {
                let list = if with_blocs {
                    &mut self.with_blocs
                } else {
                    &mut self.without_blocs
                };
                list.push(Fiche {
                    numero: numero.to_string(),
                    intitule: numero.to_string(),
                    ..Fiche::default()
                });
                if with_blocs {
                    Slot::WithBlocs(list.len() - 1)
                } else {
                    Slot::WithoutBlocs(list.len() - 1)
                }
            };
            self.slots.insert(numero.to_string(), slot);
        }
        self.get(numero)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blocs,
    Standard,
    Certificateurs,
    Voies,
}

/// One table being read, with what is needed to notice a truncated file.
struct Table<R: Read> {
    reader: csv::Reader<BufReader<Counting<R>>>,
    columns: Vec<String>,
    record: csv::ByteRecord,
    delimiter: u8,
    /// Records read, and the fields of the last one.
    records: u64,
    last_len: usize,
}

impl<R: Read> Table<R> {
    fn open(input: R, kind: Kind) -> Result<Self, ReadError> {
        let mut buffered = BufReader::with_capacity(64 * 1024, Counting::new(input));
        let io_error = |error: io::Error| ReadError {
            offset: 0,
            kind: ReadErrorKind::Io(error.to_string()),
        };
        let mut head = buffered.fill_buf().map_err(io_error)?;
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        if bom {
            head = &head[3..];
        }
        let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
        let line = &head[..line_end];
        let (delimiter, columns) = header_columns(line);
        let fits = match kind {
            Kind::Voies => is_voies_table(line),
            Kind::Blocs => table_of(line) == Some(CsvTable::Blocs),
            Kind::Standard => table_of(line) == Some(CsvTable::Standard),
            Kind::Certificateurs => table_of(line) == Some(CsvTable::Certificateurs),
        };
        if !fits {
            let header: String = decode(line).trim().chars().take(200).collect();
            return Err(ReadError {
                offset: 0,
                kind: ReadErrorKind::NotCsvExport { header },
            });
        }
        if bom {
            buffered.consume(3);
        }
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(buffered);
        Ok(Table {
            reader,
            columns,
            record: csv::ByteRecord::new(),
            delimiter,
            records: 0,
            last_len: 0,
        })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    fn counting(&self) -> &Counting<R> {
        self.reader.get_ref().get_ref()
    }

    fn next_record(&mut self) -> Result<Option<&csv::ByteRecord>, ReadError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                self.records += 1;
                self.last_len = self.record.len();
                Ok(Some(&self.record))
            }
            Ok(false) => Ok(None),
            Err(error) => Err(ReadError {
                offset: error
                    .position()
                    .map_or(self.counting().bytes, |position| position.byte()),
                kind: ReadErrorKind::Io(error.to_string()),
            }),
        }
    }

    /// At the end of the file: a quoted value left open, or a last line cut
    /// short (the export ends its lines with CRLF), is a truncated download.
    fn finish(self) -> Result<(), ReadError> {
        let counting = self.counting();
        let open_quote = counting.quotes % 2 == 1;
        let ends_line = matches!(counting.last, b'\n' | b'\r');
        let short_line = !ends_line
            && (self.records == 0
                || self.last_len < self.columns.len()
                || counting.last == self.delimiter);
        if open_quote || short_line {
            let open = if self.records == 0 {
                self.columns.last().cloned()
            } else {
                self.columns.get(self.last_len.max(1) - 1).cloned()
            };
            return Err(ReadError {
                offset: counting.bytes,
                kind: ReadErrorKind::Truncated {
                    open: open.unwrap_or_default(),
                },
            });
        }
        Ok(())
    }
}

/// Counts the bytes and the quotes read, and keeps the last byte.
struct Counting<R> {
    inner: R,
    bytes: u64,
    quotes: u64,
    last: u8,
}

impl<R> Counting<R> {
    fn new(inner: R) -> Self {
        Counting {
            inner,
            bytes: 0,
            quotes: 0,
            last: b'\n',
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(out)?;
        let chunk = &out[..read];
        self.bytes += read as u64;
        self.quotes += chunk.iter().filter(|&&b| b == b'"').count() as u64;
        if let Some(&last) = chunk.last() {
            self.last = last;
        }
        Ok(read)
    }
}

/// A cleaned value: trimmed (the TAB before SIRETs), doubled apostrophes
/// undone. Empty when the column is absent.
fn field(record: &csv::ByteRecord, index: Option<usize>) -> String {
    let Some(bytes) = index.and_then(|index| record.get(index)) else {
        return String::new();
    };
    let value = decode(bytes);
    let value = value.trim();
    if value.contains("''") {
        value.replace("''", "'")
    } else {
        value.to_string()
    }
}

/// UTF-8, or else Windows-1252.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rncp::xml::tests::{Random, shared_bytes};
    use std::io::Cursor;

    const ZIP: &str = "export-fiches-csv-2024-02-22.zip";

    /// The tables without the routes, in two groups.
    fn tables(
        blocs: impl Read,
        standard: Option<impl Read>,
        certificateurs: Option<impl Read>,
        keep: impl FnMut(&str) -> bool,
    ) -> Result<CsvFiches, ReadError> {
        read_tables(blocs, standard, certificateurs, None::<&[u8]>, keep)
    }

    /// The tables of the real zip, found by their headers.
    struct Export {
        files: Vec<Vec<u8>>,
        blocs: Vec<u8>,
        standard: Vec<u8>,
        certificateurs: Vec<u8>,
        voies: Vec<u8>,
    }

    fn export() -> Option<Export> {
        let bytes = shared_bytes(ZIP)?;
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut files = Vec::new();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            files.push(content);
        }
        let find = |wanted: &dyn Fn(&[u8]) -> bool| {
            let found: Vec<_> = files.iter().filter(|f| wanted(f)).collect();
            assert_eq!(found.len(), 1);
            found[0].clone()
        };
        Some(Export {
            blocs: find(&|f| table_of(f) == Some(CsvTable::Blocs)),
            standard: find(&|f| table_of(f) == Some(CsvTable::Standard)),
            certificateurs: find(&|f| table_of(f) == Some(CsvTable::Certificateurs)),
            voies: find(&|f| is_voies_table(f)),
            files,
        })
    }

    /// `"a";"b"` lines, split by hand (the export's values hold no `;`).
    fn rows(file: &[u8]) -> Vec<Vec<String>> {
        std::str::from_utf8(file)
            .unwrap()
            .lines()
            .skip(1)
            .filter(|line| !line.is_empty())
            .map(|line| {
                line.split(';')
                    .map(|v| v.trim_matches('"').trim().replace("''", "'"))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_tables_of_the_real_zip() {
        let Some(export) = export() else { return };
        assert_eq!(export.files.len(), 10);
        for file in &export.files {
            assert!(table_of(file).is_some(), "{:?}", &file[..40]);
        }
        let others = export
            .files
            .iter()
            .filter(|f| table_of(f) == Some(CsvTable::Other))
            .count();
        assert_eq!(others, 7);
    }

    #[test]
    fn real_export_with_every_table() {
        let Some(export) = export() else { return };
        let fiches = read_tables(
            &export.blocs[..],
            Some(&export.standard[..]),
            Some(&export.certificateurs[..]),
            Some(&export.voies[..]),
            |_| true,
        )
        .unwrap();

        // Independent extraction: blocs in file order, grouped by number.
        let bloc_rows = rows(&export.blocs);
        let mut expected: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for row in &bloc_rows {
            match expected.iter_mut().find(|(n, _)| *n == row[0]) {
                Some((_, blocs)) => blocs.push((row[1].clone(), row[2].clone())),
                None => expected.push((row[0].clone(), vec![(row[1].clone(), row[2].clone())])),
            }
        }
        let got: Vec<(String, Vec<(String, String)>)> = fiches
            .with_blocs
            .iter()
            .map(|f| {
                let blocs = f
                    .blocs
                    .iter()
                    .map(|b| (b.code.clone(), b.libelle.clone()))
                    .collect();
                (f.numero.clone(), blocs)
            })
            .collect();
        assert_eq!(got, expected);

        let fiche = &fiches.with_blocs[0];
        assert_eq!(fiche.numero, "RNCP509");
        assert_eq!(fiche.intitule, "Agent vérificateur d'appareils extincteurs");
        assert_eq!(
            fiche.abrege.as_deref(),
            Some("Certificat d'aptitude professionnelle")
        );
        assert_eq!(fiche.niveau.as_deref(), Some("NIV3"));
        assert_eq!(fiche.niveau_libelle.as_deref(), Some("Niveau 3"));
        assert_eq!(fiche.date_fin.as_deref(), Some("31/08/2023"));
        assert_eq!(fiche.actif, Some(false));
        assert_eq!(
            fiche.certificateurs,
            ["MINISTERE DE L'EDUCATION NATIONALE ET DE LA JEUNESSE"]
        );
        assert_eq!(fiche.blocs[0].code, "RNCP509BC05");
        assert_eq!(
            fiche.blocs[0].libelle,
            "UG2 : Mathématiques-Sciences physiques et chimiques"
        );
        assert!(
            fiche
                .blocs
                .iter()
                .all(|b| b.competences.is_empty() && b.modalites.is_empty())
        );
        let voies: Vec<_> = fiche.voies.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            voies,
            [
                "Formation initiale",
                "Contrat d’apprentissage",
                "Formation continue",
                "Contrat de professionnalisation",
                "Candidature individuelle",
                "VAE"
            ]
        );

        // The others of Standard, in its order.
        let standard_numbers: Vec<String> = rows(&export.standard)
            .iter()
            .map(|r| r[1].clone())
            .collect();
        let without: Vec<_> = fiches
            .without_blocs
            .iter()
            .map(|f| f.numero.clone())
            .collect();
        assert_eq!(without, standard_numbers[1..]);
        let rs5000 = fiches
            .without_blocs
            .iter()
            .find(|f| f.numero == "RS5000")
            .unwrap();
        assert_eq!(rs5000.actif, Some(true));
        assert_eq!(rs5000.certificateurs, ["SIMPLON.CO"]);
        assert_eq!(rs5000.niveau, None);
        assert_eq!(rs5000.date_fin.as_deref(), Some("24/05/2024"));
        let rs6117 = fiches
            .without_blocs
            .iter()
            .find(|f| f.numero == "RS6117")
            .unwrap();
        assert_eq!(
            rs6117.certificateurs,
            [
                "CONFEDE. NATIONALE BOULANGERS PATISSIERS",
                "INSTITUT NATIONAL BOULANGERIE PATISSERIE"
            ]
        );
        // Every certificateur row lands on its fiche (no TAB left).
        let names: usize = fiches
            .into_all()
            .iter()
            .map(|f| f.certificateurs.len())
            .sum();
        assert_eq!(names, rows(&export.certificateurs).len());
    }

    #[test]
    fn the_public_list_puts_the_fiches_with_blocs_first() {
        let Some(export) = export() else { return };
        let all = read_csv_export(
            &export.blocs[..],
            Some(&export.standard[..]),
            Some(&export.certificateurs[..]),
            |_| true,
        )
        .unwrap();
        let groups = tables(
            &export.blocs[..],
            Some(&export.standard[..]),
            Some(&export.certificateurs[..]),
            |_| true,
        )
        .unwrap();
        assert_eq!(all.len(), 9);
        assert_eq!(all, groups.into_all());
        assert!(!all[0].blocs.is_empty());
        assert!(all[1..].iter().all(|f| f.blocs.is_empty()));
        let with_voies = read_csv_export_with_voies(
            &export.blocs[..],
            None::<&[u8]>,
            None::<&[u8]>,
            Some(&export.voies[..]),
            |_| true,
        )
        .unwrap();
        assert_eq!(with_voies.len(), 1);
        assert_eq!(with_voies[0].voies.len(), 6);
    }

    #[test]
    fn blocs_alone_give_numbers_for_titles() {
        let Some(export) = export() else { return };
        let fiches = tables(&export.blocs[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap();
        assert!(fiches.without_blocs.is_empty());
        assert_eq!(fiches.with_blocs.len(), 1);
        let fiche = &fiches.with_blocs[0];
        assert_eq!(fiche.intitule, "RNCP509");
        assert_eq!(fiche.blocs.len(), rows(&export.blocs).len());
        assert_eq!(fiche.actif, None);
        assert!(fiche.certificateurs.is_empty());
    }

    #[test]
    fn filter_by_number() {
        let Some(export) = export() else { return };
        let mut asked = Vec::new();
        let fiches = tables(
            &export.blocs[..],
            Some(&export.standard[..]),
            Some(&export.certificateurs[..]),
            |numero| {
                asked.push(numero.to_string());
                numero == "RS6117"
            },
        )
        .unwrap();
        assert!(fiches.with_blocs.is_empty());
        assert_eq!(fiches.without_blocs.len(), 1);
        assert_eq!(fiches.without_blocs[0].intitule, "CQP Tourier");
        assert_eq!(fiches.without_blocs[0].certificateurs.len(), 2);
        // Once per number: RNCP509 from Blocs, then the 8 others of Standard.
        assert_eq!(asked.len(), 9);
    }

    #[test]
    fn cleaning_of_values() {
        let blocs = "\u{feff}\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\r\n\
                     \"RNCP1\";\"RNCP1BC01\";\"Management et ing\u{e9}nierie d''affaires\"\r\n\
                     \"RNCP1\";\"RNCP1BC02\";\"Dire \"\"bonjour\"\" ; \tpoliment \"\r\n";
        let standard = "Id_Fiche,Numero_Fiche,Intitule,Actif,Date_Fin_Enregistrement\n\
                        1,RNCP1,L''intitul\u{e9},ACTIVE,31/08/2023\n";
        let certificateurs = "\"Numero_Fiche\";\"Siret_Certificateur\";\"Nom_Certificateur\"\r\n\
                              \"RNCP1\";\"\t11004301500012\";\" MINIST\u{c8}RE \"\r\n";
        let fiches = tables(
            blocs.as_bytes(),
            Some(standard.as_bytes()),
            Some(certificateurs.as_bytes()),
            |_| true,
        )
        .unwrap();
        let fiche = &fiches.with_blocs[0];
        assert_eq!(
            fiche.blocs[0].libelle,
            "Management et ingénierie d'affaires"
        );
        assert_eq!(fiche.blocs[1].libelle, "Dire \"bonjour\" ; \tpoliment");
        assert_eq!(fiche.intitule, "L'intitulé");
        assert_eq!(fiche.actif, Some(true));
        assert_eq!(fiche.date_fin.as_deref(), Some("31/08/2023"));
        assert_eq!(fiche.certificateurs, ["MINISTÈRE"]);
    }

    #[test]
    fn windows_1252_files() {
        let blocs = b"Numero_Fiche;Bloc_Competences_Code;Bloc_Competences_Libelle\r\n\
                      RNCP2;RNCP2BC01;Pr\xe9parer l\x92intervention\r\n";
        let fiches = tables(&blocs[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap();
        assert_eq!(
            fiches.with_blocs[0].blocs[0].libelle,
            "Préparer l’intervention"
        );
    }

    #[test]
    fn headers() {
        let blocs = b"\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\r\n";
        assert_eq!(table_of(blocs), Some(CsvTable::Blocs));
        assert_eq!(
            table_of(b"\xEF\xBB\xBFNumero_Fiche,Bloc_Competences_Code,Bloc_Competences_Libelle"),
            Some(CsvTable::Blocs)
        );
        assert_eq!(
            table_of(b"\"Numero_Fiche\";\"Siret_Certificateur\";\"Nom_Certificateur\""),
            Some(CsvTable::Certificateurs)
        );
        assert_eq!(
            table_of(b"\"Id_Fiche\";\"Numero_Fiche\";\"Intitule\";\"Actif\"\r\n\"1\";\"RNCP1\""),
            Some(CsvTable::Standard)
        );
        assert_eq!(
            table_of(b"\"Numero_Fiche\";\"Nsf_Code\";\"Nsf_Intitule\""),
            Some(CsvTable::Other)
        );
        assert_eq!(
            table_of(b"\"Numero_Fiche\";\"Si_Jury\""),
            Some(CsvTable::Other)
        );
        assert!(is_voies_table(b"\"Numero_Fiche\";\"Si_Jury\"\r\n"));
        assert!(!is_voies_table(blocs));
        assert_eq!(table_of(b"nom;prenom"), None);
        assert_eq!(table_of(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(table_of(b""), None);
    }

    #[test]
    fn a_table_that_is_not_the_expected_one() {
        let rome = "\"Numero_Fiche\";\"Codes_Rome_Code\";\"Codes_Rome_Libelle\"\r\n";
        let error = tables(rome.as_bytes(), None::<&[u8]>, None::<&[u8]>, |_| true).unwrap_err();
        assert_eq!(
            error.kind,
            ReadErrorKind::NotCsvExport {
                header: "\"Numero_Fiche\";\"Codes_Rome_Code\";\"Codes_Rome_Libelle\"".to_string()
            }
        );
        let blocs = "Numero_Fiche;Bloc_Competences_Code\n";
        let error = tables(
            blocs.as_bytes(),
            Some(rome.as_bytes()),
            None::<&[u8]>,
            |_| true,
        )
        .unwrap_err();
        assert!(matches!(error.kind, ReadErrorKind::NotCsvExport { .. }));
        let error = tables(&b""[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap_err();
        assert!(matches!(error.kind, ReadErrorKind::NotCsvExport { .. }));
    }

    #[test]
    fn truncated_tables() {
        let Some(export) = export() else { return };
        let text = std::str::from_utf8(&export.blocs).unwrap();
        let full = tables(&export.blocs[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap();
        let header_end = text.find('\n').unwrap() + 1;
        for cut in header_end..export.blocs.len() {
            let result = tables(&export.blocs[..cut], None::<&[u8]>, None::<&[u8]>, |_| true);
            match result {
                Err(error) => {
                    assert!(
                        matches!(error.kind, ReadErrorKind::Truncated { .. }),
                        "{cut}: {error:?}"
                    );
                    assert_eq!(error.offset, cut as u64);
                }
                Ok(fiches) => {
                    // Only a cut at the end of a line (before or after its
                    // CRLF) reads as complete: what is lost then is whole
                    // lines, which nothing can tell.
                    assert!(
                        text[..cut].ends_with('\n') || text[cut..].starts_with(['\r', '\n']),
                        "cut at {cut} read as complete"
                    );
                    let blocs: usize = fiches.with_blocs.iter().map(|f| f.blocs.len()).sum();
                    let lines = text[header_end..cut].trim_end().lines().count();
                    assert_eq!(blocs, lines, "cut at {cut}");
                    assert!(blocs <= full.with_blocs[0].blocs.len());
                }
            }
        }
        let inside = text.find("Sciences").unwrap();
        let error = tables(
            &export.blocs[..inside],
            None::<&[u8]>,
            None::<&[u8]>,
            |_| true,
        )
        .unwrap_err();
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated {
                open: "Bloc_Competences_Libelle".to_string()
            }
        );
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut random = Random(99);
        let header = b"\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\r\n";
        let alphabet = b"\";\r\n\tRNCP1BC'\xC3\xA9\xFF";
        for round in 0..2000 {
            let mut data = if round % 2 == 0 {
                header.to_vec()
            } else {
                Vec::new()
            };
            let len = random.below(200);
            data.extend((0..len).map(|_| {
                if round % 3 == 0 {
                    random.next() as u8
                } else {
                    alphabet[random.below(alphabet.len())]
                }
            }));
            let _ = table_of(&data);
            let _ = tables(&data[..], Some(&data[..]), Some(&data[..]), |_| true);
        }
    }
}
