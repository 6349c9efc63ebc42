//! One writer per file: an advisory lock on `<file>.lock`, beside the file
//! (not on it: an atomic save replaces the file's inode). The lock file
//! also says who holds it, for the second process's banner.

use std::fs::{self, DirBuilder, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Held while this process may write the file; released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process writes this file; `holder` is what it wrote about itself.
    Held {
        holder: String,
    },
    Io(io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held { holder } => write!(f, "déjà ouvert en écriture par {holder}"),
            LockError::Io(error) => write!(f, "verrou impossible : {error}"),
        }
    }
}

/// The lock file of a data file: `portfolio.ron` → `portfolio.ron.lock`.
pub fn lock_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the write lock of `file` for `who` (e.g. "candidat" or "tuteur marie").
pub fn lock(file: &Path, who: &str) -> Result<Lock, LockError> {
    let path = lock_path(file);
    if let Some(dir) = path.parent() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(LockError::Io)?;
    }
    let mut handle = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(LockError::Io)?;
    match handle.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = handle.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(LockError::Held {
                holder: if holder.is_empty() {
                    "un autre processus livret".to_string()
                } else {
                    holder.to_string()
                },
            });
        }
        Err(TryLockError::Error(error)) => return Err(LockError::Io(error)),
    }
    let host = fs::read_to_string("/etc/hostname").unwrap_or_default();
    let about = format!(
        "{who} (processus {} sur {}, depuis {})",
        std::process::id(),
        host.trim(),
        jiff::Zoned::now().strftime("%d/%m/%Y %H:%M")
    );
    handle.set_len(0).map_err(LockError::Io)?;
    handle.rewind().map_err(LockError::Io)?;
    handle.write_all(about.as_bytes()).map_err(LockError::Io)?;
    Ok(Lock {
        _file: handle,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_told_who_holds_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("portfolios/x.ron");
        let first = lock(&file, "candidat").unwrap();
        match lock(&file, "candidat") {
            Err(LockError::Held { holder }) => {
                assert!(holder.starts_with("candidat (processus "), "{holder}")
            }
            other => panic!("expected a held lock, got {other:?}"),
        }
        drop(first);
        assert!(lock(&file, "candidat").is_ok(), "released when dropped");
    }

    #[test]
    fn the_lock_is_beside_the_file_not_on_it() {
        assert_eq!(
            lock_path(Path::new("/d/portfolios/x.ron")),
            PathBuf::from("/d/portfolios/x.ron.lock")
        );
    }
}
