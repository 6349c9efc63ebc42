//! The file-system side of the import screen's effects, for the run loop
//! (and for tests, which perform them without a terminal): listing a
//! directory for Tab, reading the export, importing a fiche.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::store::import::{ImportError, import_fiches, import_other, list_fiches};
use crate::store::{DataDir, load_portfolio};
use crate::tui::job::{DirEntry, Done, Job, Task, Written};

/// Directories bigger than this are completed from their first entries only.
const MAX_ENTRIES: usize = 20_000;

/// `~` and `~/…` in the user's home; anything else as typed.
pub fn expand_home(text: &str, home: Option<&Path>) -> PathBuf {
    match (text.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(text),
    }
}

/// The user's home, for `~`.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

fn io_text(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "introuvable".to_string(),
        io::ErrorKind::PermissionDenied => "accès refusé".to_string(),
        _ => error.to_string(),
    }
}

/// The names of a directory as typed (empty: the working directory), with
/// whether each is a directory (symbolic links followed). Names that are
/// not UTF-8 or hold control characters cannot be typed and are left out.
pub fn list_dir(dir: &str, home: Option<&Path>) -> Result<Vec<DirEntry>, String> {
    let path = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir, home)
    };
    let entries = fs::read_dir(&path).map_err(|e| {
        format!(
            "{} : dossier {}",
            if dir.is_empty() { "." } else { dir },
            io_text(&e)
        )
    })?;
    Ok(entries
        .filter_map(Result::ok)
        .take(MAX_ENTRIES)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if name.chars().any(char::is_control) {
                return None;
            }
            let dir = fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            Some(DirEntry { name, dir })
        })
        .collect())
}

/// What the store would say less plainly: a path that is missing, a
/// directory, or not a regular file (a FIFO would block the read forever).
fn check_file(path: &Path) -> Result<(), ImportError> {
    let problem = |why: &str| ImportError::Io {
        path: path.to_path_buf(),
        error: io::Error::other(why.to_string()),
    };
    match fs::metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Err(problem(
            "fichier introuvable ; vérifiez le chemin (Tab complète les noms)",
        )),
        Err(error) => Err(ImportError::Io {
            path: path.to_path_buf(),
            error,
        }),
        Ok(m) if m.is_dir() => Err(problem(
            "c’est un dossier ; complétez le chemin jusqu’au fichier de l’export (Tab)",
        )),
        Ok(m) if !m.is_file() => Err(problem("ce n’est pas un fichier ordinaire")),
        Ok(_) => Ok(()),
    }
}

/// Performs a job of the import screen: blocking, for a thread of its own.
pub fn perform(job: &Job, data: &DataDir, home: Option<&Path>) -> Done {
    let path = expand_home(&job.path, home);
    let probe = &job.progress.0;
    // An outline or a framework is a single référentiel: installed at once.
    let update = matches!(job.task, Task::Import { update: true, .. });
    match check_file(&path).and_then(|()| import_other(data, &path, update, jiff::Timestamp::now()))
    {
        Ok(Some(report)) => return Done::Imported(Ok(written(data, report))),
        Ok(None) => {}
        Err(error) => return Done::Imported(Err(error)),
    }
    match &job.task {
        Task::List => Done::Listed(check_file(&path).and_then(|()| list_fiches(&path, "", probe))),
        Task::Import { numero, update } => Done::Imported(
            check_file(&path)
                .and_then(|()| {
                    import_fiches(
                        data,
                        &path,
                        std::slice::from_ref(numero),
                        *update,
                        probe,
                        jiff::Timestamp::now(),
                    )
                })
                .and_then(|results| {
                    results.into_iter().next().unwrap_or_else(|| {
                        Err(ImportError::NotFound {
                            path: path.clone(),
                            numero: numero.clone(),
                        })
                    })
                })
                .map(|report| written(data, report)),
        ),
    }
}

/// The référentiel written, with the portfolio it may already have.
fn written(data: &DataDir, report: crate::store::import::ImportReport) -> Box<Written> {
    let portfolio = load_portfolio(data, &report.certification.id).map_err(|e| e.to_string());
    Box::new(Written { report, portfolio })
}

/// The outcome of a job whose thread failed (a bug of ours): said, so that
/// the screen does not wait for ever.
pub fn failed(job: &Job) -> Done {
    let error = ImportError::Io {
        path: PathBuf::from(&job.path),
        error: io::Error::other("erreur interne de livret pendant la lecture (signalez-la)"),
    };
    match job.task {
        Task::List => Done::Listed(Err(error)),
        Task::Import { .. } => Done::Imported(Err(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_means_the_home_directory() {
        let home = Path::new("/home/awa");
        assert_eq!(
            expand_home("~/Téléchargements/x.xml", Some(home)),
            Path::new("/home/awa/Téléchargements/x.xml")
        );
        assert_eq!(expand_home("~", Some(home)), home);
        assert_eq!(expand_home("~/", Some(home)), home);
        assert_eq!(expand_home("~bob/x", Some(home)), Path::new("~bob/x"));
        assert_eq!(expand_home("~/x", None), Path::new("~/x"));
        assert_eq!(expand_home("a/~", Some(home)), Path::new("a/~"));
    }

    #[test]
    fn directories_are_listed_with_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sous-dossier")).unwrap();
        fs::write(dir.path().join("export.xml"), "").unwrap();
        let typed = format!("{}/", dir.path().display());
        let mut entries = list_dir(&typed, None).unwrap();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(
            entries,
            [
                DirEntry {
                    name: "export.xml".into(),
                    dir: false
                },
                DirEntry {
                    name: "sous-dossier".into(),
                    dir: true
                }
            ]
        );
        let missing = list_dir("/nulle/part/", None).unwrap_err();
        assert_eq!(missing, "/nulle/part/ : dossier introuvable");
    }
}
