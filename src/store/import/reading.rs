//! Reading an export file of any shape (XML, CSV, or a zip of either),
//! recognised by its content, as a stream of fiches.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::errors::{CANCELLED, ImportError, io_error};
use super::{ExportInfo, Probe, Shape, date_in_name};
use crate::rncp::csv::{CsvTable, read_csv_export, table_of};
use crate::rncp::xml::{Detail, FicheReader, looks_like_xml};
use crate::rncp::{Fiche, ReadError, ReadErrorKind};

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

const SNIFF: usize = 4096;

fn open(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|error| ImportError::Io {
        path: path.to_path_buf(),
        error,
    })
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
pub(super) fn count_position(mut reader: impl Read) -> Option<(u64, u64)> {
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
