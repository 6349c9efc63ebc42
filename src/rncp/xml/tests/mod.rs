//! Unit tests of the XML reader, and the helpers other readers' tests
//! share (the shared data files, a small random generator).

use std::path::PathBuf;

use super::*;
use crate::rncp::{Fiche, ReadError, ReadErrorKind};

mod damage;
mod markup;
mod real_files;

/// A file of `../shared/data/rncp/`, or `None` (after saying so) when
/// the shared data is absent, unless `LIVRET_REQUIRE_SHARED` is set.
pub(crate) fn shared_bytes(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/rncp")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            if std::env::var_os("LIVRET_REQUIRE_SHARED").is_some() {
                panic!("{}: {error}", path.display());
            }
            println!("SKIPPED: ../shared absent");
            None
        }
    }
}

const DEV: &str = "export-fiches-rncp-dev.xml";

const SIO: &str = "export-fiches-rncp-bts-sio-2025.xml";

const RS: &str = "export-fiches-rs-dev.xml";

fn read_all(bytes: &[u8]) -> Result<Vec<Fiche>, ReadError> {
    FicheReader::new(bytes).collect()
}

/// Reads until the end or the first error; never more than one error.
fn read_until_error(reader: FicheReader<'_, &[u8]>) -> (Vec<Fiche>, Option<ReadError>) {
    let mut fiches = Vec::new();
    let mut error = None;
    for item in reader {
        assert!(error.is_none(), "an item after an error");
        match item {
            Ok(fiche) => fiches.push(fiche),
            Err(e) => error = Some(e),
        }
    }
    (fiches, error)
}

fn wrap(fiches: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FICHES>\n  <VERSION_FLUX>4.1</VERSION_FLUX>\n{fiches}</FICHES>\n"
    )
}

/// Where `</FICHES>` ends: any shorter prefix is incomplete.
fn complete_length(bytes: &[u8]) -> usize {
    let text = std::str::from_utf8(bytes).unwrap();
    text.rfind("</FICHES>").unwrap() + "</FICHES>".len()
}

/// A small xorshift generator: deterministic, no dependency.
pub(crate) struct Random(pub(crate) u64);

impl Random {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
