//! Reading France Compétences' export files (XML, CSV, or a zip of either)
//! and writing a fiche as a référentiel of the user's.
//!
//! The file is recognised by its content, never by its name, and read as a
//! stream: a zip entry is inflated as it is parsed, never unpacked to disk,
//! and only one fiche is in memory at a time.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use jiff::Timestamp;

use crate::referentiel::{Certification, parse, to_ron, validate};
use crate::rncp::convert::{self, Origin, Refusal};
use crate::rncp::csv::{CsvTable, read_csv_export, table_of};
use crate::rncp::xml::{Detail, FicheReader, looks_like_xml};
use crate::rncp::{Fiche, FicheSummary, ReadError, ReadErrorKind, normalize_numero};

use super::DataDir;
use super::atomic::write_atomic;
use super::portfolio::load_portfolio;

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
}

impl Shape {
    pub fn label(self) -> &'static str {
        match self {
            Shape::Xml => "XML",
            Shape::ZipXml => "zip contenant le XML",
            Shape::Csv => "CSV",
            Shape::ZipCsv => "zip des CSV",
        }
    }
}

/// Why an export could not be read or a fiche not imported. Every message
/// names the file and says what to do.
#[derive(Debug)]
pub enum ImportError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// Neither the XML, nor a CSV of the export, nor a zip of them.
    Unknown {
        path: PathBuf,
        why: String,
    },
    /// The file is of the export but broken at this place.
    Read {
        path: PathBuf,
        /// The zip entry, for a zip.
        entry: Option<String>,
        /// 1-based line and column in the (uncompressed) text, when known.
        line: u64,
        column: u64,
        kind: ReadErrorKind,
    },
    Cancelled,
    /// No fiche of that number in the file.
    NotFound {
        path: PathBuf,
        numero: String,
    },
    /// `--fiche` is not a fiche number.
    BadNumber(String),
    Refused(Refusal),
    /// The référentiel exists; `--update` replaces it.
    Exists {
        path: PathBuf,
    },
    /// The conversion gave a référentiel that does not validate: a bug of
    /// ours, reported rather than written.
    Invalid {
        numero: String,
        problems: Vec<String>,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Io { path, error } => {
                write!(f, "{} : lecture impossible : {error}", path.display())
            }
            ImportError::Unknown { path, why } => write!(
                f,
                "{} : {why}. livret lit l’export des fiches de France compétences : le XML \
                 (export-fiches-rncp-v4-….xml), le zip qui le contient, les CSV \
                 (export_fiches_CSV_….csv) ou leur zip",
                path.display()
            ),
            ImportError::Read {
                path,
                entry,
                line,
                column,
                kind,
            } => {
                let entry = entry
                    .as_deref()
                    .map(|e| format!(" (fichier {e} du zip)"))
                    .unwrap_or_default();
                write!(f, "{}{entry}:{line}:{column} : {kind}", path.display())
            }
            ImportError::Cancelled => f.write_str("lecture interrompue"),
            ImportError::NotFound { path, numero } => write!(
                f,
                "{} : pas de fiche {numero} dans ce fichier ; livret import {} --list \
                 montre les fiches qu’il contient",
                path.display(),
                path.display()
            ),
            ImportError::BadNumber(input) => write!(
                f,
                "« {input} » n’est pas un numéro de fiche : écrivez par exemple RNCP35340 \
                 ou 35340"
            ),
            ImportError::Refused(refusal) => write!(f, "{refusal}"),
            ImportError::Exists { path } => write!(
                f,
                "{} existe déjà : ajoutez --update pour le remplacer par cette version de la \
                 fiche (l’ancien est sauvegardé, vos notes sont gardées)",
                path.display()
            ),
            ImportError::Invalid { numero, problems } => write!(
                f,
                "la fiche {numero} a donné un référentiel invalide (erreur de livret, \
                 signalez-la) : {}",
                problems.join(" ; ")
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Counts the bytes read from the file and stops the read on cancel.
struct Counted<R> {
    inner: R,
    probe: Arc<Probe>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.probe.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, CANCELLED));
        }
        let n = self.inner.read(buf)?;
        self.probe.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

const CANCELLED: &str = "livret: lecture interrompue";
const SNIFF: usize = 4096;

/// What was read: the shape of the file, and the export date its name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportInfo {
    pub shape: Shape,
    pub date: Option<String>,
}

fn open(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|error| ImportError::Io {
        path: path.to_path_buf(),
        error,
    })
}

fn io_error(path: &Path, error: io::Error) -> ImportError {
    if error.kind() == io::ErrorKind::Interrupted && error.to_string() == CANCELLED {
        return ImportError::Cancelled;
    }
    ImportError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The first bytes of a stream.
fn prefix(mut reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(SNIFF);
    reader.by_ref().take(SNIFF as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn is_zip(prefix: &[u8]) -> bool {
    prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06")
}

/// The first line of a CSV prefix, for [`table_of`].
fn first_line(prefix: &[u8]) -> &[u8] {
    let end = prefix
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(prefix.len());
    &prefix[..end]
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

/// Reads every fiche of the export at `path` that `keep` accepts (by
/// number), handing each to `on_fiche`; `on_fiche` returns `false` to stop.
/// With [`Detail::Summary`] the XML's long texts are skipped unread (what a
/// listing needs); the CSV has none.
pub fn read_export(
    path: &Path,
    detail: Detail,
    probe: &Arc<Probe>,
    keep: &mut dyn FnMut(&str) -> bool,
    on_fiche: &mut dyn FnMut(Fiche) -> bool,
) -> Result<ExportInfo, ImportError> {
    let mut file = open(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    probe.total.store(len, Ordering::Relaxed);
    probe.bytes.store(0, Ordering::Relaxed);
    probe.fiches.store(0, Ordering::Relaxed);
    let head = prefix(&mut file).map_err(|e| io_error(path, e))?;
    file.rewind().map_err(|e| io_error(path, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let name_date = name.as_deref().and_then(date_in_name);
    let counted = Counted {
        inner: file,
        probe: Arc::clone(probe),
    };
    if is_zip(&head) {
        return read_zip(path, counted, detail, probe, keep, on_fiche, name_date);
    }
    if looks_like_xml(&head) {
        let reader = BufReader::with_capacity(1 << 16, counted);
        read_xml(path, None, reader, detail, probe, keep, on_fiche)?;
        return Ok(ExportInfo {
            shape: Shape::Xml,
            date: name_date,
        });
    }
    match table_of(first_line(&head)) {
        Some(CsvTable::Blocs) => {
            read_csv_files(path, counted, probe, keep, on_fiche)?;
            Ok(ExportInfo {
                shape: Shape::Csv,
                date: name_date,
            })
        }
        Some(_) => Err(ImportError::Unknown {
            path: path.to_path_buf(),
            why: "ce CSV de l’export ne contient pas les blocs de compétences : donnez le \
                  fichier …Blocs_De_Compétences….csv, ou le zip des CSV"
                .to_string(),
        }),
        None => Err(ImportError::Unknown {
            path: path.to_path_buf(),
            why: "ce fichier n’est ni un XML, ni un CSV, ni un zip de l’export des fiches"
                .to_string(),
        }),
    }
}

/// The XML stream of one file or zip entry.
fn read_xml<R: BufRead>(
    path: &Path,
    entry: Option<&str>,
    reader: R,
    detail: Detail,
    probe: &Arc<Probe>,
    keep: &mut dyn FnMut(&str) -> bool,
    on_fiche: &mut dyn FnMut(Fiche) -> bool,
) -> Result<(), ImportError> {
    let mut fiches = FicheReader::with_filter(reader, keep).detail(detail);
    loop {
        let next = fiches.next();
        probe
            .fiches
            .store(fiches.progress().fiches, Ordering::Relaxed);
        match next {
            None => return Ok(()),
            Some(Ok(fiche)) => {
                if !on_fiche(fiche) {
                    return Ok(());
                }
            }
            Some(Err(error)) => return Err(read_error(path, entry, error)),
        }
    }
}

/// A reader's error, placed at its line and column. The position is found
/// by reading the text again up to the offset, which only happens on error.
fn read_error(path: &Path, entry: Option<&str>, error: ReadError) -> ImportError {
    if let ReadErrorKind::Io(message) = &error.kind
        && message.contains(CANCELLED)
    {
        return ImportError::Cancelled;
    }
    let (line, column) = position_at(path, entry, error.offset).unwrap_or((0, 0));
    ImportError::Read {
        path: path.to_path_buf(),
        entry: entry.map(str::to_string),
        line,
        column,
        kind: error.kind,
    }
}

fn position_at(path: &Path, entry: Option<&str>, offset: u64) -> Option<(u64, u64)> {
    let file = File::open(path).ok()?;
    let mut bytes = Vec::new();
    match entry {
        None => file.take(offset).read_to_end(&mut bytes).ok()?,
        Some(name) => {
            let mut zip = zip::ZipArchive::new(file).ok()?;
            let entry = zip.by_name(name).ok()?;
            entry.take(offset).read_to_end(&mut bytes).ok()?
        }
    };
    let line = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[start..]).chars().count() as u64 + 1;
    Some((line, column))
}

fn read_zip<R: Read + Seek>(
    path: &Path,
    reader: R,
    detail: Detail,
    probe: &Arc<Probe>,
    keep: &mut dyn FnMut(&str) -> bool,
    on_fiche: &mut dyn FnMut(Fiche) -> bool,
    name_date: Option<String>,
) -> Result<ExportInfo, ImportError> {
    let unknown = |why: String| ImportError::Unknown {
        path: path.to_path_buf(),
        why,
    };
    let mut zip =
        zip::ZipArchive::new(reader).map_err(|e| unknown(format!("zip illisible ({e})")))?;
    // Each entry is recognised by its first bytes.
    let mut xml = None;
    let mut csv = CsvEntries::default();
    for index in 0..zip.len() {
        let mut entry = zip
            .by_index(index)
            .map_err(|e| unknown(format!("zip illisible ({e})")))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("entrée {index}"));
        let head = prefix(&mut entry).map_err(|e| io_error(path, e))?;
        if looks_like_xml(&head) {
            xml.get_or_insert((index, name));
            continue;
        }
        match table_of(first_line(&head)) {
            Some(CsvTable::Blocs) => csv.blocs = Some((index, name)),
            Some(CsvTable::Standard) => csv.standard = Some(index),
            Some(CsvTable::Certificateurs) => csv.certificateurs = Some(index),
            _ => {}
        }
    }
    if let Some((index, name)) = xml {
        let date = name_date.or_else(|| date_in_name(&name));
        let entry = zip
            .by_index(index)
            .map_err(|e| unknown(format!("zip illisible ({e})")))?;
        let reader = BufReader::with_capacity(1 << 16, entry);
        read_xml(path, Some(&name), reader, detail, probe, keep, on_fiche)?;
        return Ok(ExportInfo {
            shape: Shape::ZipXml,
            date,
        });
    }
    let Some((blocs, name)) = csv.blocs else {
        return Err(unknown(
            "ce zip ne contient ni le XML des fiches ni le CSV des blocs de compétences"
                .to_string(),
        ));
    };
    let date = name_date.or_else(|| date_in_name(&name));
    // The tables are read one after the other; zip entries borrow the archive.
    let standard = csv
        .standard
        .map(|i| entry_bytes(&mut zip, i))
        .transpose()
        .map_err(|e| io_error(path, e))?;
    let certificateurs = csv
        .certificateurs
        .map(|i| entry_bytes(&mut zip, i))
        .transpose()
        .map_err(|e| io_error(path, e))?;
    let blocs = zip
        .by_index(blocs)
        .map_err(|e| unknown(format!("zip illisible ({e})")))?;
    let fiches = read_csv_export(
        blocs,
        standard.as_deref(),
        certificateurs.as_deref(),
        &mut *keep,
    )
    .map_err(|e| read_error(path, Some(&name), e))?;
    deliver(fiches, probe, on_fiche);
    Ok(ExportInfo {
        shape: Shape::ZipCsv,
        date,
    })
}

#[derive(Default)]
struct CsvEntries {
    blocs: Option<(usize, String)>,
    standard: Option<usize>,
    certificateurs: Option<usize>,
}

fn entry_bytes<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, index: usize) -> io::Result<Vec<u8>> {
    let mut entry = zip.by_index(index).map_err(io::Error::other)?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A CSV blocs file on its own: the other tables are looked for beside it
/// (same folder), recognised by their header.
fn read_csv_files<R: Read>(
    path: &Path,
    blocs: R,
    probe: &Arc<Probe>,
    keep: &mut dyn FnMut(&str) -> bool,
    on_fiche: &mut dyn FnMut(Fiche) -> bool,
) -> Result<(), ImportError> {
    let mut standard = None;
    let mut certificateurs = None;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Ok(entries) = fs::read_dir(dir.unwrap_or(Path::new("."))) {
        for entry in entries.flatten() {
            let sibling = entry.path();
            let Ok(mut file) = File::open(&sibling) else {
                continue;
            };
            let Ok(head) = prefix(&mut file) else {
                continue;
            };
            match table_of(first_line(&head)) {
                Some(CsvTable::Standard) => standard = fs::read(&sibling).ok(),
                Some(CsvTable::Certificateurs) => certificateurs = fs::read(&sibling).ok(),
                _ => {}
            }
        }
    }
    let fiches = read_csv_export(
        blocs,
        standard.as_deref(),
        certificateurs.as_deref(),
        &mut *keep,
    )
    .map_err(|e| read_error(path, None, e))?;
    deliver(fiches, probe, on_fiche);
    Ok(())
}

fn deliver(fiches: Vec<Fiche>, probe: &Arc<Probe>, on_fiche: &mut dyn FnMut(Fiche) -> bool) {
    for fiche in fiches {
        probe.fiches.fetch_add(1, Ordering::Relaxed);
        if !on_fiche(fiche) {
            return;
        }
    }
}

/// Every fiche of the export that matches `query` (every fiche when empty),
/// in file order, as the listing shows them.
pub fn list_fiches(
    path: &Path,
    query: &str,
    probe: &Arc<Probe>,
) -> Result<(Vec<FicheSummary>, ExportInfo), ImportError> {
    let mut found = Vec::new();
    let info = read_export(path, Detail::Summary, probe, &mut |_| true, &mut |fiche| {
        let summary = FicheSummary::of(&fiche);
        if summary.matches(query) {
            found.push(summary);
        }
        true
    })?;
    Ok((found, info))
}

/// What an import wrote, and what the candidate should know.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub path: PathBuf,
    pub certification: Certification,
    pub warnings: Vec<String>,
    /// The previous version, kept when the import replaced one.
    pub backup: Option<PathBuf>,
    /// Ids of the portfolio's work that no node of the new version names:
    /// kept and shown « hors référentiel », with their number of notes.
    pub orphans: Vec<(String, usize)>,
    pub export: ExportInfo,
}

/// Imports the fiches `numeros` from the export at `path` into
/// `<data>/referentiels/<id>.ron`, reading the file once. An existing file is
/// replaced only with `update`, after a backup; nothing is written for a
/// fiche when anything about it fails, and every target is checked before
/// the (possibly large) file is read. One result per number, in order.
pub fn import_fiches(
    data: &DataDir,
    path: &Path,
    numeros: &[String],
    update: bool,
    probe: &Arc<Probe>,
    now: Timestamp,
) -> Result<Vec<Result<ImportReport, ImportError>>, ImportError> {
    let mut wanted = Vec::new();
    for input in numeros {
        let numero =
            normalize_numero(input).ok_or_else(|| ImportError::BadNumber(input.to_string()))?;
        let id = convert::referentiel_id(&numero);
        let target = data.referentiels().join(format!("{id}.ron"));
        let existing = match fs::read_to_string(&target) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(io_error(&target, error)),
        };
        if existing.is_some() && !update {
            return Err(ImportError::Exists { path: target });
        }
        wanted.push((numero, existing));
    }
    let mut found: Vec<Option<Fiche>> = vec![None; wanted.len()];
    let slot = |n: &str| {
        wanted
            .iter()
            .position(|(w, _)| n.trim().eq_ignore_ascii_case(w))
    };
    let info = read_export(
        path,
        Detail::Full,
        probe,
        &mut |n| slot(n).is_some(),
        &mut |fiche| {
            if let Some(i) = slot(&fiche.numero) {
                found[i].get_or_insert(fiche);
            }
            found.iter().any(Option::is_none)
        },
    )?;
    let origin = Origin {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        date: info.date.clone(),
    };
    Ok(wanted
        .into_iter()
        .zip(found)
        .map(|((numero, existing), fiche)| match fiche {
            None => Err(ImportError::NotFound {
                path: path.to_path_buf(),
                numero,
            }),
            Some(fiche) => write_fiche(data, &fiche, existing.as_deref(), &origin, &info, now),
        })
        .collect())
}

/// Converts one fiche and writes it, backing up the version it replaces.
fn write_fiche(
    data: &DataDir,
    fiche: &Fiche,
    existing: Option<&str>,
    origin: &Origin,
    info: &ExportInfo,
    now: Timestamp,
) -> Result<ImportReport, ImportError> {
    let numero = fiche.numero.trim().to_string();
    let id = convert::referentiel_id(&numero);
    let target = data.referentiels().join(format!("{id}.ron"));
    // A previous version that no longer reads is still backed up, but its
    // ids cannot be followed.
    let previous = existing.and_then(|text| parse(text, Some(&id)).ok());
    let converted =
        convert::convert(fiche, origin, previous.as_ref()).map_err(ImportError::Refused)?;
    let problems = validate(&converted.certification, Some(&id));
    if !problems.is_empty() {
        return Err(ImportError::Invalid {
            numero,
            problems: problems.iter().map(ToString::to_string).collect(),
        });
    }
    let backup = match existing {
        Some(text) => {
            Some(backup_referentiel(data, &id, text, now).map_err(|e| io_error(&target, e))?)
        }
        None => None,
    };
    fs::create_dir_all(data.referentiels()).map_err(|e| io_error(&target, e))?;
    let ron = to_ron(&converted.certification);
    write_atomic(&target, ron.as_bytes()).map_err(|e| io_error(&target, e))?;
    Ok(ImportReport {
        orphans: orphans(data, &converted.certification),
        path: target,
        certification: converted.certification,
        warnings: converted.warnings,
        backup,
        export: info.clone(),
    })
}

/// `<data>/backups/referentiels/<id>/<stamp>.ron`: the version an update replaced.
fn backup_referentiel(data: &DataDir, id: &str, text: &str, now: Timestamp) -> io::Result<PathBuf> {
    let dir = data.root().join("backups").join("referentiels").join(id);
    fs::create_dir_all(&dir)?;
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut path = dir.join(format!("{stamp}.ron"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stamp}-{n}.ron"));
    }
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// The portfolio's work that the new version no longer names.
fn orphans(data: &DataDir, certification: &Certification) -> Vec<(String, usize)> {
    let Ok(mut portfolio) = load_portfolio(data, &certification.id) else {
        return Vec::new();
    };
    portfolio.follow_renames(certification);
    portfolio
        .orphans(certification)
        .into_iter()
        .map(|id| {
            let notes = portfolio.notes(&id).len();
            (id, notes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_in_export_names() {
        assert_eq!(
            date_in_name("export-fiches-rncp-v4-1-2026-08-16.zip").as_deref(),
            Some("2026-08-16")
        );
        assert_eq!(
            date_in_name("export_fiches_CSV_Blocs_2024_02_22.csv").as_deref(),
            Some("2024-02-22")
        );
        assert_eq!(
            date_in_name("export-20240222.zip").as_deref(),
            Some("2024-02-22")
        );
        assert_eq!(date_in_name("export-fiches-rncp-dev.xml"), None);
        assert_eq!(date_in_name("RNCP35340.xml"), None);
    }
}
