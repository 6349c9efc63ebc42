//! Loading référentiels: the bundled ones, then the user's.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::referentiel::{Certification, ReferentielError, parse};

use super::DataDir;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where a certification was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub certification: Certification,
    pub origin: Origin,
}

/// A référentiel file that could not be used, and why.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    Invalid {
        origin: String,
        error: ReferentielError,
    },
    DuplicateId {
        path: PathBuf,
        id: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => {
                write!(f, "{}: lecture impossible : {error}", path.display())
            }
            LoadError::Invalid { origin, error } => f.write_str(&error.render(origin)),
            LoadError::DuplicateId { path, id } => write!(
                f,
                "{}: la certification « {id} » existe déjà ; ce fichier est ignoré \
                 (changez son identifiant et le nom du fichier)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Every certification available, and the files that had to be skipped.
#[derive(Debug, Default)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    pub errors: Vec<LoadError>,
}

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.certification.id == id)
    }
}

fn file_stem(path: &Path) -> Option<&str> {
    path.file_stem().and_then(|s| s.to_str())
}

/// Reads and validates one référentiel file; its id must match its file name.
pub fn check_file(path: &Path) -> Result<Certification, LoadError> {
    check_text(path, super::safe::read_given(path))
}

/// [`check_file`] for a file of `data`'s référentiels: never through a
/// link, and a large file from its parsed copy when that matches (see
/// `store::cache`; written again otherwise, by the file's owner only).
fn check_data_file(data: &DataDir, path: &Path) -> Result<Certification, LoadError> {
    let Some(stem) = file_stem(path) else {
        return check_text(path, super::safe::read_to_string(path));
    };
    let copy = data.cached("referentiels", stem);
    let cached = super::cache::read_of_file::<Certification>(&copy, path);
    if let Some(certification) = cached.filter(|c| c.id == stem) {
        return Ok(certification);
    }
    let (text, owner) = match super::safe::read_owned(path) {
        Ok(read) => read,
        Err(error) => return check_text(path, Err(error)),
    };
    let certification = parse_text(path, &text)?;
    if super::cache::keeps(&text, owner) {
        let kept = certification.clone();
        super::cache::write_aside(move || super::cache::write(&copy, &text, || &kept));
    }
    Ok(certification)
}

fn check_text(path: &Path, text: std::io::Result<String>) -> Result<Certification, LoadError> {
    let text = text.map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    parse_text(path, &text)
}

/// The certification in `text`, read from `path`; its id must match the
/// file's name.
fn parse_text(path: &Path, text: &str) -> Result<Certification, LoadError> {
    parse(text, file_stem(path)).map_err(|error| LoadError::Invalid {
        origin: path.display().to_string(),
        error,
    })
}

/// The bundled référentiels, each parsed and validated once per process:
/// they are the same text every time, and a tutor's overview would otherwise
/// parse them again for each of their candidates.
fn bundled() -> &'static [(&'static str, Result<Certification, ReferentielError>)] {
    static PARSED: OnceLock<Vec<(&str, Result<Certification, ReferentielError>)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        bundled::REFERENTIELS
            .iter()
            .map(|(name, text)| (*name, parse(text, Some(name.trim_end_matches(".ron")))))
            .collect()
    })
}

/// The bundled certifications that are valid, parsed once per process.
pub(super) fn bundled_certifications() -> impl Iterator<Item = &'static Certification> {
    bundled()
        .iter()
        .filter_map(|(_, parsed)| parsed.as_ref().ok())
}

/// The bundled certifications, then `<data>/referentiels/*.ron` in name order.
/// A broken user file is reported in `errors` and never stops the others.
pub fn load_catalog(data: &DataDir) -> Catalog {
    let mut catalog = Catalog::default();
    for (name, parsed) in bundled() {
        match parsed {
            Ok(certification) => catalog.entries.push(Entry {
                certification: certification.clone(),
                origin: Origin::Bundled,
            }),
            Err(error) => catalog.errors.push(LoadError::Invalid {
                origin: format!("data/{name} (intégré)"),
                error: error.clone(),
            }),
        }
    }
    let files = match user_files(data) {
        Ok(files) => files,
        Err(error) => {
            catalog.errors.push(error);
            Vec::new()
        }
    };
    for path in files {
        add_user_file(&mut catalog, data, path);
    }
    catalog
}

/// `<data>/referentiels/*.ron`, in name order; none when the folder is not there.
pub(super) fn user_files(data: &DataDir) -> Result<Vec<PathBuf>, LoadError> {
    let mut files: Vec<PathBuf> = match fs::read_dir(data.referentiels()) {
        Ok(dir) => dir
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => {
            return Err(LoadError::Io {
                path: data.referentiels(),
                error,
            });
        }
    };
    files.sort();
    Ok(files)
}

/// Reads a user's référentiel file into `catalog`: an entry, or why not
/// (broken, or an id already there).
pub(super) fn add_user_file(catalog: &mut Catalog, data: &DataDir, path: PathBuf) {
    match check_data_file(data, &path) {
        Ok(certification) if catalog.get(&certification.id).is_some() => {
            catalog.errors.push(LoadError::DuplicateId {
                path,
                id: certification.id,
            });
        }
        Ok(certification) => catalog.entries.push(Entry {
            certification,
            origin: Origin::File(path),
        }),
        Err(error) => catalog.errors.push(error),
    }
}
