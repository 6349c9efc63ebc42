//! Recovery copies: when a portfolio cannot be written where it lives (disk
//! full, `ulimit -f`), what the candidate typed goes to a second place
//! before livret quits: the runtime directory (`$XDG_RUNTIME_DIR`, in
//! memory on most systems, so not on the full disk), else the temporary
//! directory; in a folder of this account's only (0700), a file 0600. The
//! next start on the same data directory offers it back.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{DataDir, account};

/// A short stable name for a data directory (FNV-1a of its path): its
/// recovery copies are kept apart from another directory's.
fn key(data: &DataDir) -> String {
    let root = fs::canonicalize(data.root()).unwrap_or_else(|_| data.root().to_path_buf());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in root.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Where recovery copies may go, in order of preference.
fn places(data: &DataDir) -> Vec<PathBuf> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from);
    places_in(data, runtime.as_deref(), &std::env::temp_dir())
}

fn places_in(data: &DataDir, runtime: Option<&Path>, temp: &Path) -> Vec<PathBuf> {
    let key = key(data);
    let mut places = Vec::new();
    if let Some(runtime) = runtime {
        places.push(runtime.join("livret").join(&key));
    }
    let temp = temp.join(format!("livret-{}", account::current_uid()));
    places.push(temp.join(key));
    places
}

/// `dir` exists, is a real folder of this account, closed to others: made
/// so if missing. In a shared `/tmp`, a folder planted under that name by
/// someone else is refused, never used.
fn private_dir(dir: &Path) -> io::Result<()> {
    for path in [dir.parent(), Some(dir)].into_iter().flatten() {
        match DirBuilder::new().mode(0o700).create(path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                DirBuilder::new().recursive(true).mode(0o700).create(path)?;
            }
            Err(error) => return Err(error),
        }
        let metadata = fs::symlink_metadata(path)?;
        if !metadata.is_dir()
            || metadata.uid() != account::current_uid()
            || metadata.mode() & 0o077 != 0
        {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} n’est pas un dossier à vous seul", path.display()),
            ));
        }
    }
    Ok(())
}

/// Writes `text` (a portfolio of certification `id`) to the first place
/// that takes it; returns the file written, or why none did.
pub fn write_recovery(data: &DataDir, id: &str, text: &str, now: Timestamp) -> io::Result<PathBuf> {
    write_in(&places(data), id, text, now)
}

fn write_in(places: &[PathBuf], id: &str, text: &str, now: Timestamp) -> io::Result<PathBuf> {
    let stamp = now.strftime("%Y%m%dT%H%M%S%.fZ").to_string();
    let mut failures = Vec::new();
    for dir in places {
        let path = dir.join(format!("{id}.{stamp}.ron"));
        let written = private_dir(dir).and_then(|()| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW)
                .open(&path)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        });
        match written {
            Ok(()) => return Ok(path),
            Err(error) => {
                let _ = fs::remove_file(&path);
                failures.push(format!("{} : {error}", dir.display()));
            }
        }
    }
    Err(io::Error::other(failures.join(" ; ")))
}

/// The recovery copies of certification `id` for this data directory,
/// oldest first.
pub fn recoveries(data: &DataDir, id: &str) -> Vec<PathBuf> {
    found_in(&places(data), id)
}

fn found_in(places: &[PathBuf], id: &str) -> Vec<PathBuf> {
    let prefix = format!("{id}.");
    let mut found: Vec<PathBuf> = places
        .iter()
        .filter(|dir| {
            fs::symlink_metadata(dir).is_ok_and(|m| {
                m.is_dir() && m.uid() == account::current_uid() && m.mode() & 0o077 == 0
            })
        })
        .flat_map(|dir| fs::read_dir(dir).into_iter().flatten().flatten())
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".ron"))
        })
        .collect();
    found.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
    found
}

/// Removes a recovery copy once taken back.
pub fn forget_recovery(path: &Path) -> io::Result<()> {
    fs::remove_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_copy_goes_to_the_runtime_dir_else_the_temp_dir_private_and_is_found_again() {
        let data_dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(data_dir.path());
        let runtime = tempfile::tempdir().unwrap();
        let temp = tempfile::tempdir().unwrap();
        let places = places_in(&data, Some(runtime.path()), temp.path());
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let path = write_in(&places, "x", "(texte)", now).unwrap();
        assert!(path.starts_with(runtime.path()), "{}", path.display());
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        assert_eq!(
            fs::metadata(path.parent().unwrap()).unwrap().mode() & 0o777,
            0o700
        );
        assert_eq!(found_in(&places, "x"), [path.as_path()]);
        assert!(found_in(&places, "y").is_empty());
        let other = tempfile::tempdir().unwrap();
        let elsewhere = places_in(
            &DataDir::new(other.path()),
            Some(runtime.path()),
            temp.path(),
        );
        assert!(found_in(&elsewhere, "x").is_empty());

        // A runtime dir that cannot take it (a file in the way): the temp dir.
        fs::remove_dir_all(runtime.path().join("livret")).unwrap();
        fs::write(runtime.path().join("livret"), "").unwrap();
        let second = write_in(&places, "x", "(texte 2)", now).unwrap();
        assert!(second.starts_with(temp.path()), "{}", second.display());
        assert_eq!(fs::read_to_string(&second).unwrap(), "(texte 2)");
        assert_eq!(found_in(&places, "x"), [second.as_path()]);
        forget_recovery(&second).unwrap();
        assert!(found_in(&places, "x").is_empty());
    }

    #[test]
    fn a_folder_planted_in_the_temp_dir_by_someone_else_is_not_used() {
        let data_dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(data_dir.path());
        let temp = tempfile::tempdir().unwrap();
        let places = places_in(&data, None, temp.path());
        // Open to all: as if another account had made it first.
        fs::create_dir_all(&places[0]).unwrap();
        fs::set_permissions(
            places[0].parent().unwrap(),
            fs::Permissions::from_mode(0o777),
        )
        .unwrap();
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let error = write_in(&places, "x", "(texte)", now)
            .unwrap_err()
            .to_string();
        assert!(error.contains("pas un dossier à vous seul"), "{error}");
    }
}
