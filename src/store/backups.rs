//! Previous versions of each portfolio, in `<data>/backups/<id>/`, and
//! restoring one of them. A restore first backs up the current file, so
//! nothing — not even a corrupt file — is ever lost.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::DataDir;
use super::PortfolioError;
use super::atomic::write_atomic;

/// How many versions are kept per portfolio.
pub const KEPT: usize = 10;

/// One saved version.
#[derive(Debug, Clone)]
pub struct Backup {
    pub path: PathBuf,
    /// When it was taken (from its name).
    pub taken: Timestamp,
    /// Its number of notes, or why it cannot be read.
    pub notes: Result<usize, String>,
}

/// `20261123T101500Z`: sortable, and valid in any file system.
fn stamp(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn parse_stamp(name: &str) -> Option<Timestamp> {
    let stem = name.strip_suffix(".ron")?;
    let stamp = stem.split('-').next()?.strip_suffix('Z')?;
    let civil = jiff::fmt::strtime::parse("%Y%m%dT%H%M%S", stamp)
        .ok()?
        .to_datetime()
        .ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// `<dir>/<stamp>.ron`, or `<stamp>-2.ron`… when a backup of the same
/// second is there already.
pub(super) fn free_path(dir: &Path, now: Timestamp) -> PathBuf {
    let mut path = dir.join(format!("{}.ron", stamp(now)));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{}-{n}.ron", stamp(now)));
    }
    path
}

/// Puts the current portfolio file, as it is on disk, into the backups,
/// then keeps only the [`KEPT`] newest. Nothing to back up: `Ok(None)`.
pub fn backup(data: &DataDir, id: &str, now: Timestamp) -> io::Result<Option<PathBuf>> {
    let current = data.portfolio(id);
    let dir = data.backups(id);
    let path = match link(&current, &dir, now) {
        Some(path) => path,
        None => {
            let bytes = match super::safe::read(&current) {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(error) => return Err(error),
            };
            let path = free_path(&dir, now);
            write_atomic(&path, &bytes)?;
            path
        }
    };
    prune(&dir)?;
    Ok(Some(path))
}

/// A hard link to `current` in the backups `dir`, which costs no copy of
/// a large file: livret replaces a portfolio by renaming a new file over
/// it, so the link keeps the old content. Only for a regular file of ours
/// with the mode a copy would have; else (another file system, one
/// without links, a file edited by hand) `None`, and the caller copies.
/// (A program that rewrites the portfolio in place would change the
/// backup too; livret never does.)
fn link(current: &Path, dir: &Path, now: Timestamp) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let before = fs::symlink_metadata(current).ok()?;
    super::atomic::create_dirs(dir).ok()?;
    let ours = before.is_file()
        && before.uid() == super::account::current_uid()
        && before.nlink() == 1
        && before.len() <= super::safe::MAX_BYTES
        && before.mode() & 0o7777 == super::atomic::new_file_mode(dir);
    if !ours {
        return None;
    }
    let path = free_path(dir, now);
    fs::hard_link(current, &path).ok()?;
    // The same file as looked at (not a link put there in between).
    match fs::symlink_metadata(&path) {
        Ok(after) if after.is_file() && after.ino() == before.ino() => Some(path),
        _ => {
            let _ = fs::remove_file(&path);
            None
        }
    }
}

/// The backups in `dir`, newest first, each with the date its name says.
/// A name can say a date later than the file was written (copied in with
/// a wrong name, a clock that was ahead): such a file counts from when it
/// was written, so that it cannot push the real backups out.
fn backup_files(dir: &Path) -> io::Result<Vec<(Timestamp, PathBuf)>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut files: Vec<(Timestamp, Timestamp, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let named = parse_stamp(&name)?;
            let written = e
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|m| Timestamp::try_from(m).ok())
                .unwrap_or(named);
            Some((named.min(written), named, e.path()))
        })
        .collect();
    // Newest first; same second: the later suffix first.
    files.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)));
    Ok(files
        .into_iter()
        .map(|(_, named, path)| (named, path))
        .collect())
}

fn prune(dir: &Path) -> io::Result<()> {
    for (_, old) in backup_files(dir)?.into_iter().skip(KEPT) {
        fs::remove_file(old)?;
    }
    Ok(())
}

/// The backups of a portfolio, newest first.
pub fn list_backups(data: &DataDir, id: &str) -> io::Result<Vec<Backup>> {
    Ok(backup_files(&data.backups(id))?
        .into_iter()
        .map(|(taken, path)| {
            let notes = super::safe::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| match super::portfolio::parse(&text, &path, id) {
                    Ok(portfolio) => Ok(portfolio.note_count()),
                    Err(PortfolioError::Syntax { position, .. }) => {
                        Err(format!("illisible ({position})"))
                    }
                    Err(other) => Err(other.to_string()),
                });
            Backup { path, taken, notes }
        })
        .collect())
}

/// Puts `source` (a backup, or any portfolio file such as a recovered one)
/// in place of the portfolio, after backing up the current file.
/// Returns the backup of the file that was replaced, if there was one.
pub fn restore(
    data: &DataDir,
    id: &str,
    source: &Path,
    now: Timestamp,
) -> io::Result<Option<PathBuf>> {
    let bytes = super::safe::read_given(source)?.into_bytes();
    let previous = backup(data, id, now)?;
    write_atomic(&data.portfolio(id), &bytes)?;
    Ok(previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "x";

    fn t(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_767_607_200 + seconds).unwrap()
    }

    fn setup() -> (tempfile::TempDir, DataDir) {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        (dir, data)
    }

    fn write_current(data: &DataDir, text: &str) {
        write_atomic(&data.portfolio(ID), text.as_bytes()).unwrap();
    }

    #[test]
    fn nothing_to_back_up_without_a_file() {
        let (_dir, data) = setup();
        assert!(backup(&data, ID, t(0)).unwrap().is_none());
        assert!(list_backups(&data, ID).unwrap().is_empty());
    }

    #[test]
    fn only_the_ten_newest_are_kept_newest_first() {
        let (_dir, data) = setup();
        for i in 0..13 {
            write_current(
                &data,
                &format!("(format_version: 2, referentiel: \"x\") // {i}"),
            );
            backup(&data, ID, t(i * 3600)).unwrap();
        }
        let backups = list_backups(&data, ID).unwrap();
        assert_eq!(backups.len(), KEPT);
        assert_eq!(backups[0].taken, t(12 * 3600));
        assert_eq!(backups[9].taken, t(3 * 3600));
        assert_eq!(backups[0].notes, Ok(0));
    }

    #[test]
    fn a_backup_named_in_the_future_does_not_push_the_real_ones_out() {
        let (_dir, data) = setup();
        let dir = data.backups(ID);
        fs::create_dir_all(&dir).unwrap();
        let planted = dir.join("20991231T235959Z.ron");
        fs::write(&planted, "(format_version: 2, referentiel: \"x\")").unwrap();
        // Backups named from the clock, a second after it was put there.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        for i in 0..KEPT {
            write_current(
                &data,
                &format!("(format_version: 2, referentiel: \"x\") // {i}"),
            );
            backup(&data, ID, Timestamp::now()).unwrap();
        }
        let backups = list_backups(&data, ID).unwrap();
        assert_eq!(backups.len(), KEPT);
        assert!(
            backups.iter().all(|b| b.path != planted),
            "the ten real ones are kept: {backups:?}"
        );
    }

    #[test]
    fn two_backups_in_the_same_second_both_survive() {
        let (_dir, data) = setup();
        write_current(&data, "a");
        let first = backup(&data, ID, t(0)).unwrap().unwrap();
        write_current(&data, "b");
        let second = backup(&data, ID, t(0)).unwrap().unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(second).unwrap(), "b");
    }

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).unwrap().ino()
    }

    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_backup_is_a_link_that_keeps_the_old_content_after_a_save() {
        let (_dir, data) = setup();
        write_current(&data, "a");
        let taken = backup(&data, ID, t(0)).unwrap().unwrap();
        assert_eq!(inode(&taken), inode(&data.portfolio(ID)), "not copied");
        assert_eq!(mode(&taken), 0o600);
        // A save renames a new file over the portfolio.
        write_current(&data, "b");
        assert_eq!(fs::read_to_string(&taken).unwrap(), "a");
        assert_eq!(list_backups(&data, ID).unwrap().len(), 1);
    }

    #[test]
    fn a_portfolio_readable_by_others_is_copied_private() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, data) = setup();
        write_current(&data, "a");
        fs::set_permissions(data.portfolio(ID), fs::Permissions::from_mode(0o644)).unwrap();
        let taken = backup(&data, ID, t(0)).unwrap().unwrap();
        assert_ne!(inode(&taken), inode(&data.portfolio(ID)));
        assert_eq!(mode(&taken), 0o600);
        assert_eq!(fs::read_to_string(&taken).unwrap(), "a");
    }

    #[test]
    fn restoring_keeps_the_replaced_file_even_when_corrupt() {
        let (_dir, data) = setup();
        write_current(&data, "(format_version: 2, referentiel: \"x\")");
        let good = backup(&data, ID, t(0)).unwrap().unwrap();
        write_current(&data, "(format_version: 2, referen");
        let kept = restore(&data, ID, &good, t(60)).unwrap().unwrap();
        assert_eq!(
            fs::read_to_string(kept).unwrap(),
            "(format_version: 2, referen"
        );
        assert_eq!(
            fs::read_to_string(data.portfolio(ID)).unwrap(),
            "(format_version: 2, referentiel: \"x\")"
        );
        let listed = list_backups(&data, ID).unwrap();
        assert!(
            listed[0]
                .notes
                .as_ref()
                .unwrap_err()
                .starts_with("illisible (1:")
        );
    }
}
