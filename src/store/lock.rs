//! One writer per file: an advisory lock on `<file>.lock`, beside the file
//! (not on it: an atomic save replaces the file's inode). The lock file
//! also says who holds it, for the second process's banner.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Held while this process may write the file; released when dropped,
/// and its file removed then (a clean quit leaves no lock file behind).
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

impl Drop for Lock {
    /// Removed while still held: a process that opened the file before
    /// sees, once it has the lock, that the name leads elsewhere now, and
    /// takes the lock again on the new file (see `lock`).
    fn drop(&mut self) {
        // Only ours: a lock file deleted by hand and made again by another
        // process stays.
        if still_named(&self._file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the file `handle` has open.
fn still_named(handle: &File, path: &Path) -> bool {
    match (handle.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
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

fn not_ours(path: &Path, why: &str) -> LockError {
    LockError::Io(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "{} : {why} ; livret ne s’en sert pas comme verrou (supprimez-le s’il n’est pas à vous)",
            path.display()
        ),
    ))
}

/// Takes the write lock of `file` for `who` (e.g. "candidat" or "tuteur marie").
pub fn lock(file: &Path, who: &str) -> Result<Lock, LockError> {
    // A lock file removed by its holder between our open and our lock is
    // not the lock any more: open the name again.
    for _ in 0..8 {
        if let Some(lock) = lock_once(file, who)? {
            return Ok(lock);
        }
    }
    Err(LockError::Io(io::Error::other(
        "le fichier de verrou change sans cesse de main ; réessayez",
    )))
}

/// One attempt: `None` when the lock file was removed under us.
fn lock_once(file: &Path, who: &str) -> Result<Option<Lock>, LockError> {
    let path = lock_path(file);
    if let Some(dir) = path.parent() {
        super::atomic::create_dirs(dir).map_err(LockError::Io)?;
    }
    // Never through a link, never blocking on a FIFO, and only a plain file
    // of this account with no other name: a lock planted by someone else
    // (in a shared folder) is refused rather than truncated below.
    let mut handle = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(super::safe::NO_FOLLOW)
        .open(&path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => not_ours(&path, "c’est un lien symbolique"),
            _ => LockError::Io(error),
        })?;
    let metadata = handle.metadata().map_err(LockError::Io)?;
    if !metadata.is_file() {
        return Err(not_ours(&path, "ce n’est pas un fichier ordinaire"));
    }
    if metadata.uid() != super::account::current_uid() {
        return Err(not_ours(
            &path,
            &format!(
                "il appartient à {}",
                super::account::describe_uid(metadata.uid())
            ),
        ));
    }
    if metadata.nlink() != 1 {
        return Err(not_ours(&path, "il a un autre nom (lien physique)"));
    }
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
    if !still_named(&handle, &path) {
        return Ok(None);
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
    Ok(Some(Lock {
        _file: handle,
        path,
    }))
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
        assert!(
            !lock_path(&file).exists(),
            "a lock released leaves no file behind"
        );
        assert!(lock(&file, "candidat").is_ok(), "released when dropped");
    }

    #[test]
    fn a_lock_file_removed_under_a_waiting_opener_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.ron");
        let first = lock(&file, "candidat").unwrap();
        // Opened before the holder quits: the name leads elsewhere after.
        let early = OpenOptions::new()
            .read(true)
            .write(true)
            .open(lock_path(&file))
            .unwrap();
        drop(first);
        let second = lock(&file, "candidat").unwrap();
        assert!(!still_named(&early, &second.path));
        assert!(still_named(&second._file, &second.path));
    }

    #[test]
    fn a_planted_link_or_fifo_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "précieux").unwrap();
        let file = dir.path().join("reviews/x/marie.ron");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&file)).unwrap();
        let error = lock(&file, "tuteur marie").unwrap_err().to_string();
        assert!(error.contains("lien symbolique"), "{error}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "précieux");

        fs::remove_file(lock_path(&file)).unwrap();
        fs::hard_link(&victim, lock_path(&file)).unwrap();
        let error = lock(&file, "tuteur marie").unwrap_err().to_string();
        assert!(error.contains("lien physique"), "{error}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "précieux");

        fs::remove_file(lock_path(&file)).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(lock_path(&file))
            .status()
            .unwrap();
        assert!(status.success());
        let error = lock(&file, "tuteur marie").unwrap_err().to_string();
        assert!(error.contains("pas un fichier ordinaire"), "{error}");
    }

    #[test]
    fn the_lock_is_beside_the_file_not_on_it() {
        assert_eq!(
            lock_path(Path::new("/d/portfolios/x.ron")),
            PathBuf::from("/d/portfolios/x.ron.lock")
        );
    }
}
