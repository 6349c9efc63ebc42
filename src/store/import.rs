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
    /// Writing the référentiel or its backup failed.
    Write {
        path: PathBuf,
        error: io::Error,
    },
    /// The référentiel to update no longer reads: it is left as it is.
    Broken {
        path: PathBuf,
        message: String,
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
            ImportError::Write { path, error } => {
                write!(f, "{} : écriture impossible : {error}", path.display())
            }
            ImportError::Broken { path, message } => write!(
                f,
                "{message}\n{} ne se lit plus : il n’est pas remplacé. Corrigez-le \
                 (livret check {}) ou déplacez-le hors de referentiels/, puis importez de \
                 nouveau",
                path.display(),
                path.display()
            ),
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
            // Not `Interrupted`: readers (std's included) retry those, and
            // a cancelled read would spin for ever.
            return Err(io::Error::other(CANCELLED));
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
    if error.to_string() == CANCELLED {
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
    // Before opening: opening a FIFO blocks until someone writes to it.
    let metadata = fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !metadata.is_file() {
        // A directory reads as an error, a FIFO would block for ever.
        return Err(ImportError::Unknown {
            path: path.to_path_buf(),
            why: if metadata.is_dir() {
                "c’est un dossier ; donnez le fichier de l’export qu’il contient".to_string()
            } else {
                "ce n’est pas un fichier ordinaire".to_string()
            },
        });
    }
    let mut file = open(path)?;
    let len = metadata.len();
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
    match entry {
        None => count_position(file.take(offset)),
        Some(name) => {
            let mut zip = zip::ZipArchive::new(file).ok()?;
            let entry = zip.by_name(name).ok()?;
            count_position(entry.take(offset))
        }
    }
}

/// Line and column at the end of `reader`, read in chunks: an error near
/// the end of a 570 MB file costs a read, not its size in memory.
fn count_position(mut reader: impl Read) -> Option<(u64, u64)> {
    let mut chunk = vec![0; 1 << 16];
    let mut line = 1;
    // The bytes after the last line break, for the column in characters.
    let mut tail = Vec::new();
    loop {
        let n = reader.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        let chunk = &chunk[..n];
        match chunk.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                line += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
                tail.clear();
                tail.extend_from_slice(&chunk[last + 1..]);
            }
            None => tail.extend_from_slice(chunk),
        }
    }
    let column = String::from_utf8_lossy(&tail).chars().count() as u64 + 1;
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
    // Each table streams from its own view of the zip, as entries borrow
    // their archive and the tables are read side by side.
    let archive = || -> Result<zip::ZipArchive<File>, ImportError> {
        zip::ZipArchive::new(open(path)?).map_err(|e| unknown(format!("zip illisible ({e})")))
    };
    let (mut for_standard, mut for_certificateurs) = (archive()?, archive()?);
    let standard = match csv.standard {
        Some(i) => Some(
            for_standard
                .by_index(i)
                .map_err(|e| unknown(format!("zip illisible ({e})")))?,
        ),
        None => None,
    };
    let certificateurs = match csv.certificateurs {
        Some(i) => Some(
            for_certificateurs
                .by_index(i)
                .map_err(|e| unknown(format!("zip illisible ({e})")))?,
        ),
        None => None,
    };
    let blocs = zip
        .by_index(blocs)
        .map_err(|e| unknown(format!("zip illisible ({e})")))?;
    let fiches = read_csv_export(blocs, standard, certificateurs, &mut *keep)
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

/// The Standard and Certificateurs tables beside a blocs file, recognised by
/// their header; those of the same export date when the names say one.
fn sibling_tables(blocs: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    let date = blocs
        .file_name()
        .and_then(|n| date_in_name(&n.to_string_lossy()));
    let dir = blocs.parent().filter(|d| !d.as_os_str().is_empty());
    let Ok(entries) = fs::read_dir(dir.unwrap_or(Path::new("."))) else {
        return (None, None);
    };
    let mut standard = Vec::new();
    let mut certificateurs = Vec::new();
    for entry in entries.flatten() {
        let sibling = entry.path();
        // Only regular files: a FIFO would block the read.
        if !fs::metadata(&sibling).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let Ok(head) = File::open(&sibling).and_then(prefix) else {
            continue;
        };
        match table_of(first_line(&head)) {
            Some(CsvTable::Standard) => standard.push(sibling),
            Some(CsvTable::Certificateurs) => certificateurs.push(sibling),
            _ => {}
        }
    }
    let best = |mut found: Vec<PathBuf>| {
        found.sort();
        let same_date = found.iter().position(|p| {
            p.file_name()
                .and_then(|n| date_in_name(&n.to_string_lossy()))
                == date
        });
        match same_date {
            Some(i) => Some(found.swap_remove(i)),
            None => found.pop(),
        }
    };
    (best(standard), best(certificateurs))
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
    let (standard, certificateurs) = sibling_tables(path);
    let open = |path: Option<PathBuf>| path.and_then(|p| File::open(p).ok());
    let fiches = read_csv_export(blocs, open(standard), open(certificateurs), &mut *keep)
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
        // Checked before a read that may take minutes, and again when writing.
        if previous_version(&target, &id)?.is_some() && !update {
            return Err(ImportError::Exists { path: target });
        }
        if !wanted.contains(&numero) {
            wanted.push(numero);
        }
    }
    let mut found: Vec<Option<Fiche>> = vec![None; wanted.len()];
    let slot = |n: &str| wanted.iter().position(|w| n.trim().eq_ignore_ascii_case(w));
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
        .map(|(numero, fiche)| match fiche {
            None => Err(ImportError::NotFound {
                path: path.to_path_buf(),
                numero,
            }),
            Some(fiche) => write_fiche(data, &fiche, &origin, &info, now),
        })
        .collect())
}

/// The référentiel an import would replace, read at the moment it counts:
/// `None` when there is none; an error when it no longer reads (it is
/// then left alone rather than replaced by ids that might not match).
fn previous_version(
    target: &Path,
    id: &str,
) -> Result<Option<(String, Certification)>, ImportError> {
    let text = match fs::read_to_string(target) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(target, error)),
    };
    match parse(&text, Some(id)) {
        Ok(certification) => Ok(Some((text, certification))),
        Err(error) => Err(ImportError::Broken {
            path: target.to_path_buf(),
            message: error.render(&target.display().to_string()),
        }),
    }
}

/// Converts one fiche and writes it, backing up the version it replaces.
fn write_fiche(
    data: &DataDir,
    fiche: &Fiche,
    origin: &Origin,
    info: &ExportInfo,
    now: Timestamp,
) -> Result<ImportReport, ImportError> {
    let numero = fiche.numero.trim().to_string();
    let id = convert::referentiel_id(&numero);
    let target = data.referentiels().join(format!("{id}.ron"));
    // Read again now: the export may have taken minutes to read.
    let previous = previous_version(&target, &id)?;
    // Ids that hold the candidate's work: a new item never takes one.
    let worked: Vec<String> = load_portfolio(data, &id)
        .map(|p| p.criteres.keys().cloned().collect())
        .unwrap_or_default();
    let mut converted = convert::convert(fiche, origin, previous.as_ref().map(|(_, c)| c), &worked)
        .map_err(ImportError::Refused)?;
    let problems = validate(&converted.certification, Some(&id));
    if !problems.is_empty() {
        return Err(ImportError::Invalid {
            numero,
            problems: problems.iter().map(ToString::to_string).collect(),
        });
    }
    converted
        .warnings
        .extend(bundled_twin(data, &converted.certification));
    let write = |path: &Path| {
        let path = path.to_path_buf();
        move |error| ImportError::Write { path, error }
    };
    let backup = match &previous {
        Some((text, _)) => {
            let dir = referentiel_backups(data, &id);
            Some(backup_referentiel(&dir, text, now).map_err(write(&dir))?)
        }
        None => None,
    };
    fs::create_dir_all(data.referentiels()).map_err(write(&data.referentiels()))?;
    let ron = to_ron(&converted.certification);
    write_atomic(&target, ron.as_bytes()).map_err(write(&target))?;
    Ok(ImportReport {
        orphans: orphans(data, &converted.certification),
        path: target,
        certification: converted.certification,
        warnings: converted.warnings,
        backup,
        export: info.clone(),
    })
}

/// A bundled certification with the same code: the candidate would have two
/// portfolios for one certification without knowing.
fn bundled_twin(data: &DataDir, certification: &Certification) -> Option<String> {
    let catalog = super::load_catalog(data);
    let twin = catalog.entries.iter().find(|e| {
        e.origin == super::Origin::Bundled
            && e.certification.id != certification.id
            && e.certification.code.is_some()
            && e.certification.code == certification.code
    })?;
    Some(format!(
        "livret contient déjà cette certification, transcrite à la main : « {} » ({}) ; \
         vos notes de l’une ne sont pas dans l’autre, choisissez-en une",
        twin.certification.title, twin.certification.id
    ))
}

fn referentiel_backups(data: &DataDir, id: &str) -> PathBuf {
    data.root().join("backups").join("referentiels").join(id)
}

/// `<data>/backups/referentiels/<id>/<stamp>.ron`: the version an update replaced.
fn backup_referentiel(dir: &Path, text: &str, now: Timestamp) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let path = super::backups::free_path(dir, now);
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

    /// A cancelled read ends at once: the readers retry `Interrupted`, so a
    /// cancel must not be one.
    #[test]
    fn a_cancelled_read_ends_with_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("export.xml");
        let fiche = "<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>x</INTITULE></FICHE>";
        std::fs::write(
            &xml,
            format!(
                "<?xml version=\"1.0\"?><FICHES>{}</FICHES>",
                fiche.repeat(20_000)
            ),
        )
        .unwrap();
        let zipped = dir.path().join("export.zip");
        let mut zip = zip::ZipWriter::new(File::create(&zipped).unwrap());
        zip.start_file("export.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, &std::fs::read(&xml).unwrap()).unwrap();
        zip.finish().unwrap();
        for path in [&xml, &zipped] {
            let probe = Probe::new();
            let mut seen = 0;
            let result = read_export(path, Detail::Summary, &probe, &mut |_| true, &mut |_| {
                seen += 1;
                if seen == 10 {
                    probe.cancel.store(true, Ordering::Relaxed);
                }
                true
            });
            assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
        }
    }

    #[test]
    fn positions_count_lines_and_characters_in_chunks() {
        let text = "ab\nçé\n".repeat(40_000) + "xyz";
        let (line, column) = count_position(text.as_bytes()).unwrap();
        assert_eq!((line, column), (80_001, 4));
        assert_eq!(count_position(&b""[..]), Some((1, 1)));
    }
}
