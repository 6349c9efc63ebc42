//! Reading a file that someone else may have planted: in a shared cohort, a
//! candidate's folder is read by tutors and `reviews/` by the candidate. A
//! file is opened without following a final symbolic link and without
//! blocking (a FIFO would hang the reader), must be a regular file, and is
//! read up to [`MAX_BYTES`]: a link to `/dev/zero`, a pipe or a huge file is
//! refused with a message, never read.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// The largest file livret reads: far above any real portfolio (the
/// 10,000-note benchmark portfolio is 11 MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Flags that make `open` refuse a final symbolic link and not wait on a FIFO.
pub const NO_FOLLOW: i32 = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;

/// Opens `path` for reading if it is a regular file, not through a final
/// link; a FIFO, a device, a directory or a link is an error that says so.
pub fn open(path: &Path) -> io::Result<(File, Metadata)> {
    open_with(path, NO_FOLLOW)
}

/// A file the user named on the command line: a link is followed (it is
/// theirs to choose), the rest is as [`open`].
pub fn open_given(path: &Path) -> io::Result<(File, Metadata)> {
    open_with(path, libc::O_NONBLOCK | libc::O_CLOEXEC)
}

fn open_with(path: &Path, flags: i32) -> io::Result<(File, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => refused("lien symbolique : livret ne suit pas les liens ici"),
            _ => error,
        })?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(refused(
            "pas un fichier ordinaire (tube, périphérique ou dossier)",
        ));
    }
    if metadata.len() > MAX_BYTES {
        return Err(too_big(metadata.len()));
    }
    Ok((file, metadata))
}

fn refused(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{why} ; ignoré"))
}

fn too_big(len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "{} Mo, plus que les {} Mo que livret lit ; ignoré",
            len.div_ceil(1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ),
    )
}

/// The bytes of a regular file, at most [`MAX_BYTES`] (a file growing
/// while read is cut there and refused).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let (file, metadata) = open(path)?;
    read_open(file, &metadata)
}

fn read_open(file: File, metadata: &Metadata) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    utf8(read(path)?)
}

/// [`open_given`], read as UTF-8 text up to [`MAX_BYTES`].
pub fn read_given(path: &Path) -> io::Result<String> {
    let (file, metadata) = open_given(path)?;
    utf8(read_open(file, &metadata)?)
}

/// The bytes as text, checked with `simdutf8`: several times faster than
/// the standard library's check on French text, which a 10,000-note
/// portfolio (16 MB) makes worth 10 ms of every start.
fn utf8(bytes: Vec<u8>) -> io::Result<String> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "texte qui n’est pas de l’UTF-8 valide",
        ));
    }
    // SAFETY: the bytes were just checked to be valid UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// [`read_to_string`], with the owner's uid of the file read.
pub fn read_owned(path: &Path) -> io::Result<(String, u32)> {
    let (file, metadata) = open(path)?;
    let text = utf8(read_open(file, &metadata)?)?;
    Ok((text, metadata.uid()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        fs::write(&path, "(x: 1)").unwrap();
        assert_eq!(read_to_string(&path).unwrap(), "(x: 1)");
    }

    #[test]
    fn links_fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret");
        fs::write(&target, "secret").unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = read(&link).unwrap_err().to_string();
        assert!(error.contains("lien symbolique"), "{error}");

        let zero = dir.path().join("zero.ron");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(read(&zero).is_err());

        let fifo = dir.path().join("fifo.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        // Opened without a writer: returns at once instead of hanging.
        let error = read(&fifo).unwrap_err().to_string();
        assert!(error.contains("pas un fichier ordinaire"), "{error}");

        assert!(read(Path::new("/dev/zero")).is_err());
        assert!(read(dir.path()).is_err());
    }

    #[test]
    fn a_file_over_the_cap_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        let file = File::create(&path).unwrap();
        file.set_len(MAX_BYTES + 1).unwrap();
        let error = read(&path).unwrap_err().to_string();
        assert!(error.contains("65 Mo"), "{error}");
        assert!(error.contains("64 Mo"), "{error}");
    }
}
