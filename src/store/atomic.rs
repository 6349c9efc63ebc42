//! Atomic file replacement: a reader (or a crash) never sees half a file.

use std::ffi::OsString;
use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Mode of the files livret creates: personal data, owner only.
const FILE_MODE: u32 = 0o600;
/// Mode of the directories livret creates.
const DIR_MODE: u32 = 0o700;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `contents` atomically: writes a temporary file in the
/// same directory, syncs it, renames it over the target, then syncs the
/// directory. Missing parent directories are created (mode 0700). A new file
/// gets mode 0600; an existing one keeps its permission bits. On error the
/// temporary file is removed and the target is left as it was.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, Durability::Synced, |_| Ok(())).map(|_| ())
}

/// What went wrong with a write, in the candidate's words for the usual
/// causes (the system's own text otherwise).
pub fn describe_io(error: &io::Error) -> String {
    let said = match error.raw_os_error() {
        Some(libc::ENOSPC) => "disque plein",
        Some(libc::EDQUOT) => "quota de disque dépassé",
        Some(libc::EFBIG) => "fichier plus grand que la taille permise (ulimit -f)",
        Some(libc::EACCES | libc::EPERM) => "permission refusée",
        Some(libc::EROFS) => "disque en lecture seule",
        Some(libc::EIO) => "erreur d’entrée-sortie du disque",
        Some(libc::ENXIO | libc::ENOTTY) => "pas de terminal (entrée ou sortie redirigée)",
        Some(libc::ENOENT) => "fichier ou dossier introuvable",
        _ => return error.to_string(),
    };
    said.to_string()
}

/// Which file is at a path: the same stamp means the same file, untouched
/// (an atomic replacement makes a new inode; an edit in place changes the
/// size or the modification time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskStamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
}

impl DiskStamp {
    fn of(metadata: &fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        DiskStamp {
            dev: metadata.dev(),
            ino: metadata.ino(),
            len: metadata.len(),
            mtime: (metadata.mtime(), metadata.mtime_nsec()),
        }
    }
}

/// The stamp of what is at `path` now (not through a link); `None` when
/// nothing is.
pub fn disk_stamp(path: &Path) -> Option<DiskStamp> {
    fs::symlink_metadata(path).ok().map(|m| DiskStamp::of(&m))
}

/// [`write_atomic`], returning the stamp of the file written.
pub fn write_atomic_stamped(path: &Path, contents: &[u8]) -> io::Result<DiskStamp> {
    write_atomic_with(path, contents, Durability::Synced, |_| Ok(()))
}

/// [`write_atomic`] without syncing anything to disk: for files whose loss
/// in a crash costs a convenience, never data (the place in the tree, the
/// parsed copies of `cache`, checked when read).
pub(super) fn replace_unsynced(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, Durability::Unsynced, |_| Ok(())).map(|_| ())
}

/// Whether a write waits for the disk (the file, then its folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    Synced,
    Unsynced,
}

/// The steps of a write, for fault injection in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Half of the contents is in the temporary file.
    Writing,
    /// The temporary file is complete and synced, not yet renamed.
    BeforeRename,
}

/// [`write_atomic`], calling `fault` at each [`Step`]: an error it returns
/// acts as the system failing there (disk full, power cut before rename).
fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    durability: Durability,
    fault: impl Fn(Step) -> io::Result<()>,
) -> io::Result<DiskStamp> {
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} : nom de fichier attendu", path.display()),
        )
    })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dirs(&dir)?;

    let mut temp_name = OsString::from(".");
    temp_name.push(file_name);
    temp_name.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let temp = dir.join(temp_name);

    // The file as it is, not what a link there points to.
    let existing_mode = fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions().mode() & 0o7777)
        .or_else(|| shared_mode(&dir));

    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(&temp)?;
    let result = fill(file, contents, existing_mode, durability, &fault).and_then(|stamp| {
        fault(Step::BeforeRename)?;
        fs::rename(&temp, path)?;
        Ok(stamp)
    });
    match result {
        Ok(stamp) => {
            if durability == Durability::Synced {
                File::open(&dir)?.sync_all()?;
            }
            Ok(stamp)
        }
        Err(error) => {
            let _ = fs::remove_file(&temp);
            Err(error)
        }
    }
}

/// The mode a file new in `dir` gets from [`write_atomic`].
pub(super) fn new_file_mode(dir: &Path) -> u32 {
    shared_mode(dir).unwrap_or(FILE_MODE)
}

/// In a directory shared with a group (setgid: a cohort, see `livret cohort`),
/// a new file is readable by whom the directory is readable by, and
/// writable by its owner only.
fn shared_mode(dir: &Path) -> Option<u32> {
    let mode = fs::metadata(dir).ok()?.permissions().mode();
    (mode & 0o2000 != 0).then_some(FILE_MODE | (mode & 0o044))
}

/// Gives a new directory `mode` when the umask took bits away. The kernel
/// clears the setgid bit when someone outside the directory's group changes
/// its mode, and that bit (inherited from the parent) is what keeps a
/// cohort's files in the tutors' group: a candidate outside it keeps what
/// `mkdir` made (`livret cohort check` reports a folder left unreadable).
fn set_dir_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let metadata = fs::metadata(path)?;
    if metadata.mode() & 0o7777 == mode {
        return Ok(());
    }
    if mode & 0o2000 != 0 && !super::account::in_group(metadata.gid()) {
        return Ok(());
    }
    fs::set_permissions(path, Permissions::from_mode(mode))
}

/// Creates `dir` and its missing parents. Private (0700), except under a
/// setgid directory, where a new directory is setgid too and readable by
/// whom that directory is readable by: in a cohort, a candidate's new
/// folders are readable by the tutors, a tutor's review folder by the
/// candidate too (see the README's table).
pub(super) fn create_dirs(dir: &Path) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut existing = Some(dir);
    while let Some(path) = existing {
        if path.as_os_str().is_empty() || fs::symlink_metadata(path).is_ok() {
            break;
        }
        missing.push(path);
        existing = path.parent();
    }
    let parent_mode = existing
        .filter(|p| !p.as_os_str().is_empty())
        .and_then(|p| fs::metadata(p).ok())
        .map(|m| m.permissions().mode());
    let mode = match parent_mode {
        Some(mode) if mode & 0o2000 != 0 => 0o2700 | (mode & 0o055),
        _ => DIR_MODE,
    };
    for path in missing.into_iter().rev() {
        match DirBuilder::new().mode(mode & 0o777).create(path) {
            Ok(()) => set_dir_mode(path, mode)?,
            // Made by another process in the meantime.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

fn fill(
    mut file: File,
    contents: &[u8],
    mode: Option<u32>,
    durability: Durability,
    fault: impl Fn(Step) -> io::Result<()>,
) -> io::Result<DiskStamp> {
    if let Some(mode) = mode {
        file.set_permissions(Permissions::from_mode(mode))?;
    }
    let (first, rest) = contents.split_at(contents.len() / 2);
    file.write_all(first)?;
    fault(Step::Writing)?;
    file.write_all(rest)?;
    if durability == Durability::Synced {
        file.sync_all()?;
    }
    // Renaming keeps the inode and the times: this is the stamp it will have.
    Ok(DiskStamp::of(&file.metadata()?))
}

/// The process that wrote a temporary file of [`write_atomic`]
/// (`.<name>.tmp-<pid>-<n>`), if `name` is one.
fn temp_writer(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once(".tmp-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` is still running (without `/proc`, it is
/// assumed to be: nothing is removed that might be in use).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Removes the temporary files that a write killed half-way left in
/// `dirs` (their writer is gone); returns how many. Those of a process
/// still running are left alone: it may be writing them now.
pub fn remove_stale_temps<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> usize {
    let mut removed = 0;
    for dir in dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(temp_writer) else {
                continue;
            };
            // Only plain files of ours: never a link, never a directory.
            let plain = entry.file_type().is_ok_and(|t| t.is_file());
            if plain
                && pid != std::process::id()
                && !running(pid)
                && fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail_at(step: Step) -> impl Fn(Step) -> io::Result<()> {
        move |now| {
            if now == step {
                Err(io::Error::other(format!("panne simulée : {now:?}")))
            } else {
                Ok(())
            }
        }
    }

    fn temp_files(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn a_failure_before_the_rename_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"ancien contenu").unwrap();
        let error = write_atomic_with(
            &path,
            b"nouveau contenu",
            Durability::Synced,
            fail_at(Step::BeforeRename),
        )
        .unwrap_err();
        assert!(error.to_string().contains("BeforeRename"));
        assert_eq!(fs::read(&path).unwrap(), b"ancien contenu");
        assert!(temp_files(dir.path()).is_empty());
    }

    #[test]
    fn a_disk_full_in_the_middle_of_the_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"ancien contenu").unwrap();
        assert!(
            write_atomic_with(
                &path,
                b"nouveau contenu",
                Durability::Synced,
                fail_at(Step::Writing)
            )
            .is_err()
        );
        assert_eq!(fs::read(&path).unwrap(), b"ancien contenu");
        assert!(temp_files(dir.path()).is_empty());
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_the_contents_and_creates_missing_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/f.ron");
        write_atomic(&path, b"(x: 1)").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"(x: 1)");
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);
        write_atomic(&path, b"(x: 2)").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"(x: 2)");
        assert_eq!(entries(&dir.path().join("a/b")), ["f.ron"]);
    }

    #[test]
    fn new_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        write_atomic(&path, b"x").unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn an_existing_files_mode_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(mode(&path), 0o644);
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("f.ron");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"keep").unwrap();
        assert!(write_atomic(&target, b"x").is_err());
        assert_eq!(entries(dir.path()), ["f.ron"]);
        assert_eq!(fs::read(target.join("inside")).unwrap(), b"keep");
    }

    #[test]
    fn temporary_files_whose_writer_is_gone_are_removed_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A process number no process has: past the kernel's maximum.
        let gone = (4_194_305..).find(|n| !running(*n)).unwrap();
        let own = std::process::id();
        let stale = format!(".p.ron.tmp-{gone}-0");
        let live = format!(".p.ron.tmp-{own}-7");
        for name in [
            stale.as_str(),
            live.as_str(),
            "p.ron",
            ".p.ron.tmp-x-1",
            "notes.tmp-1-2",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(remove_stale_temps([dir.path()]), 1);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [live.as_str(), ".p.ron.tmp-x-1", "notes.tmp-1-2", "p.ron"]
        );
        assert_eq!(temp_writer(".a.b.ron.tmp-12-3"), Some(12));
        assert_eq!(remove_stale_temps([dir.path().join("absent").as_path()]), 0);
    }
}
