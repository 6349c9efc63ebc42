//! What can go wrong in an import, said for the user.

use std::io;
use std::path::{Path, PathBuf};

use crate::rncp::ReadErrorKind;
use crate::rncp::convert::Refusal;

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
    /// An outline or a framework that does not read, or does not make a
    /// valid référentiel: what and where.
    Unreadable {
        path: PathBuf,
        message: String,
    },
    /// The id is one of a référentiel livret comes with.
    Bundled {
        id: String,
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
                "{} existe déjà : ajoutez --update pour le remplacer par cette version \
                 (l’ancien est sauvegardé, vos notes sont gardées)",
                path.display()
            ),
            ImportError::Unreadable { path, message } => {
                write!(f, "{} : {message} ; rien n’a été écrit", path.display())
            }
            ImportError::Bundled { id } => write!(
                f,
                "« {id} » est une certification livrée avec livret : donnez un autre \
                 identifiant au référentiel (ligne « id : … » sous le titre d’un plan \
                 Markdown) ; rien n’a été écrit"
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

pub(super) const CANCELLED: &str = "livret: lecture interrompue";

pub(super) fn io_error(path: &Path, error: io::Error) -> ImportError {
    if error.to_string() == CANCELLED {
        return ImportError::Cancelled;
    }
    ImportError::Io {
        path: path.to_path_buf(),
        error,
    }
}
