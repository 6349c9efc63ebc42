//! Parsed copies of the large RON files, in `<data>/cache/`, read instead of
//! them while they still match. At 10,000 notes a portfolio takes about
//! 90 ms to parse as RON and 15 ms to read back as JSON (most of the rest is
//! the UTF-8 check, done once on the whole copy with `simdutf8`).
//!
//! The RON file stays the only truth. A copy is used only when its first
//! line names this version of livret, the exact length and 128-bit hash of
//! the RON text, and the hash of the copy's own bytes; anything else (no
//! copy, another livret, a copy cut short or edited, a RON file changed by
//! hand or by a sync) reads the RON file as before, and the next save or
//! read writes a new copy. Copies never travel (`sync::travels`), are
//! read and written for the owner of the file only (a tutor reads what the
//! candidate wrote, not a copy of it), and only for files of at least
//! [`MIN_BYTES`]: a smaller file parses in a few milliseconds.

use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Below this size a RON file is read as it is, and no copy is kept.
pub const MIN_BYTES: usize = 512 * 1024;

/// Changes with the layout of the copies and with livret's version.
const VERSION: &str = concat!("livret-cache 1 ", env!("CARGO_PKG_VERSION"));

/// What a copy is a copy of: the length and 128-bit hash of a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Source {
    len: usize,
    hash: u128,
}

impl Source {
    fn of(text: &str) -> Source {
        Source {
            len: text.len(),
            hash: xxh3_128(text.as_bytes()),
        }
    }

    /// The file at `path` (as [`super::safe::read`] reads it), hashed a
    /// piece at a time: on the way to a copy, 16 MB are neither kept nor
    /// checked as UTF-8. `None` when it is smaller than [`MIN_BYTES`],
    /// cannot be read (the ordinary read then says why) or is someone
    /// else's: a tutor reads a candidate's own words, never a copy.
    fn of_file(path: &Path) -> Option<Source> {
        let (mut file, metadata) = super::safe::open(path).ok()?;
        if metadata.len() < MIN_BYTES as u64 || metadata.uid() != super::account::current_uid() {
            return None;
        }
        let mut hasher = Xxh3::new();
        let mut piece = vec![0; 256 * 1024];
        let mut len = 0;
        loop {
            match file.read(&mut piece) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&piece[..n]);
                    len += n;
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
            if len as u64 > super::safe::MAX_BYTES {
                return None;
            }
        }
        Some(Source {
            len,
            hash: hasher.digest128(),
        })
    }
}

/// The first line of the copy of `source` whose other bytes are `body`.
fn header(source: Source, body: &[u8]) -> String {
    format!(
        "{VERSION} {} {:032x} {:032x}\n",
        source.len,
        source.hash,
        xxh3_128(body)
    )
}

/// The copy at `path` of what the file `source` describes parses to, if
/// there is one and it was made from the same bytes.
fn read<T: DeserializeOwned>(path: &Path, source: Source) -> Option<T> {
    let (text, owner) = super::safe::read_owned(path).ok()?;
    if owner != super::account::current_uid() {
        return None;
    }
    let (head, body) = text.split_at(memchr::memchr(b'\n', text.as_bytes())? + 1);
    if head != header(source, body.as_bytes()) {
        return None;
    }
    serde_json::from_str(body).ok()
}

/// The copy at `copy` of the file at `file`, if the file is large enough,
/// ours, and the copy was made from its very bytes (each read of a large
/// file asks this first).
pub(super) fn read_of_file<T: DeserializeOwned>(copy: &Path, file: &Path) -> Option<T> {
    Source::of_file(file).and_then(|source| read(copy, source))
}

/// Writes the copy on a thread of its own (after a read that found none):
/// when no thread can be had, there is no copy, and nothing else changes.
pub(super) fn write_aside(job: impl FnOnce() -> io::Result<()> + Send + 'static) {
    let _ = std::thread::Builder::new().name("copie".into()).spawn(job);
}

/// Whether a copy of `source`, read from a file owned by `owner`, is kept.
pub(super) fn keeps(source: &str, owner: u32) -> bool {
    source.len() >= MIN_BYTES && owner == super::account::current_uid()
}

/// Writes at `path` the copy of `value()`, which `source` parses to
/// (made only then); a smaller `source` removes the copy there instead. Never synced to disk:
/// a copy that a crash cut short no longer matches its hash.
pub(super) fn write<T: Serialize>(
    path: &Path,
    source: &str,
    value: impl FnOnce() -> T,
) -> io::Result<()> {
    if source.len() < MIN_BYTES {
        return match std::fs::remove_file(path) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        };
    }
    let body = serde_json::to_vec(&value()).map_err(io::Error::other)?;
    // `<data>/cache/<folder>/`: a data directory removed meanwhile (a
    // read's copy is written on a thread of its own) is not made again.
    let data = path.parent().and_then(Path::parent).and_then(Path::parent);
    if !data.is_some_and(Path::is_dir) {
        return Ok(());
    }
    let mut bytes = header(Source::of(source), &body).into_bytes();
    bytes.extend_from_slice(&body);
    super::atomic::replace_unsynced(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big() -> String {
        format!("({})", "é".repeat(MIN_BYTES / 2))
    }

    #[test]
    fn a_file_hashed_in_pieces_is_its_text_hashed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        std::fs::write(&path, big()).unwrap();
        assert_eq!(Source::of_file(&path), Some(Source::of(&big())));
        std::fs::write(&path, "(petit)").unwrap();
        assert_eq!(Source::of_file(&path), None, "small: read as it is");
        assert_eq!(Source::of_file(&dir.path().join("absent.ron")), None);
    }

    #[test]
    fn a_copy_is_read_back_for_the_same_text_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/portfolios/p.json");
        let source = big();
        let value = vec!["été".to_string(), "« ok »".to_string()];
        write(&path, &source, || &value).unwrap();
        let read_for = |text: &str| read::<Vec<String>>(&path, Source::of(text));
        assert_eq!(read_for(&source), Some(value.clone()));
        let other = source.replacen('é', "è", 1);
        assert_eq!(other.len(), source.len());
        assert_eq!(read_for(&other), None, "same length, other bytes");
        assert_eq!(read_for(&source[..source.len() - 1]), None);
    }

    #[test]
    fn a_copy_changed_or_cut_short_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/portfolios/p.json");
        let source = big();
        write(&path, &source, || vec!["un", "deux"]).unwrap();
        let read_back = || read::<Vec<String>>(&path, Source::of(&source));
        assert!(read_back().is_some());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert_eq!(read_back(), None);
        let edited = String::from_utf8(bytes).unwrap().replace("deux", "dEux");
        std::fs::write(&path, edited).unwrap();
        assert_eq!(read_back(), None);
        std::fs::write(&path, "").unwrap();
        assert_eq!(read_back(), None);
    }

    #[test]
    fn a_small_file_keeps_no_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/portfolios/p.json");
        write(&path, &big(), || 1u32).unwrap();
        assert!(path.exists());
        write(&path, "(petit)", || 1u32).unwrap();
        assert!(!path.exists(), "the copy of the large text is gone");
        write(&path, "(petit)", || 1u32).unwrap();
        let me = super::super::account::current_uid();
        assert!(!keeps("(petit)", me));
        assert!(keeps(&big(), me));
        assert!(!keeps(&big(), me + 1), "another's file: no copy");
    }

    #[test]
    fn a_data_directory_gone_is_not_made_again_for_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("parti");
        write(&gone.join("cache/portfolios/p.json"), &big(), || 1u32).unwrap();
        assert!(!gone.exists());
    }
}
