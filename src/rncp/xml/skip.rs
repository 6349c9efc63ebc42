//! The fast path: skipping raw bytes up to a closing tag without parsing
//! them (CDATA sections and comments stepped over whole).

use std::io::{self, BufRead, Read};

use quick_xml::reader::BinaryStream;

use super::source::Source;

/// What the scan of a buffered slice found.
enum Found {
    /// Nothing of interest: consume it all.
    Nothing,
    /// A `<` too close to the end of the slice to be recognised.
    Cut(usize),
    /// The closing tag sought.
    EndTag(usize),
    /// `<![CDATA[` or `<!--`, with its terminator.
    Skip(usize, usize, &'static [u8]),
}

/// Consumes bytes up to (not including) `</name>`; false at the end of the
/// stream.
pub(super) fn skip_to_end_tag<R: Read>(
    stream: &mut BinaryStream<'_, Source<R>>,
    name: &[u8],
) -> io::Result<bool> {
    const CDATA: &[u8] = b"<![CDATA[";
    const COMMENT: &[u8] = b"<!--";
    let need = (name.len() + 3).max(CDATA.len());
    let mut window_only = false;
    loop {
        let available = if window_only {
            window_only = false;
            stream.get_mut().fill_at_least(need)?
        } else {
            stream.fill_buf()?
        };
        if available.is_empty() {
            return Ok(false);
        }
        let mut from = 0;
        let mut found = Found::Nothing;
        while let Some(at) = find_byte(b'<', &available[from..]).map(|at| from + at) {
            let rest = &available[at..];
            if rest.len() < need {
                found = Found::Cut(at);
                break;
            }
            match rest[1] {
                b'/' if rest[2..].starts_with(name)
                    && (rest[name.len() + 2] == b'>'
                        || rest[name.len() + 2].is_ascii_whitespace()) =>
                {
                    found = Found::EndTag(at);
                    break;
                }
                b'!' if rest.starts_with(CDATA) => {
                    found = Found::Skip(at, CDATA.len(), b"]]>");
                    break;
                }
                b'!' if rest.starts_with(COMMENT) => {
                    found = Found::Skip(at, COMMENT.len(), b"-->");
                    break;
                }
                _ => from = at + 1,
            }
        }
        match found {
            Found::Nothing => {
                let len = available.len();
                stream.consume(len);
            }
            Found::Cut(at) => {
                if at == 0 {
                    // Already at the start of the buffer: the stream ends
                    // within `need` bytes.
                    let tail = stream.get_mut().fill_at_least(need)?;
                    if tail.len() < need {
                        let is_end = tail.len() > name.len() + 1
                            && tail[1] == b'/'
                            && tail[2..].starts_with(name);
                        if is_end {
                            return Ok(true);
                        }
                        stream.consume(1);
                        continue;
                    }
                } else {
                    stream.consume(at);
                }
                window_only = true;
            }
            Found::EndTag(at) => {
                stream.consume(at);
                return Ok(true);
            }
            Found::Skip(at, opening, terminator) => {
                stream.consume(at + opening);
                if !skip_past(stream, terminator)? {
                    return Ok(false);
                }
            }
        }
    }
}

/// Consumes bytes up to and including `pattern`; false at the end of the
/// stream.
fn skip_past<R: Read>(
    stream: &mut BinaryStream<'_, Source<R>>,
    pattern: &[u8],
) -> io::Result<bool> {
    loop {
        let available = stream.fill_buf()?;
        if available.is_empty() {
            return Ok(false);
        }
        let Some(at) = find_byte(pattern[0], available) else {
            let len = available.len();
            stream.consume(len);
            continue;
        };
        if available[at..].starts_with(pattern) {
            stream.consume(at + pattern.len());
            return Ok(true);
        }
        if available.len() - at >= pattern.len() {
            stream.consume(at + 1);
            continue;
        }
        stream.consume(at);
        if stream
            .get_mut()
            .fill_at_least(pattern.len())?
            .starts_with(pattern)
        {
            stream.consume(pattern.len());
            return Ok(true);
        }
        stream.consume(1);
    }
}

/// Position of `needle` in `haystack`, eight bytes at a time.
pub(super) fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let pattern = LOW * u64::from(needle);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ pattern;
        // The lowest byte of `word` that is zero has its high bit set here
        // (bits above it may be set spuriously, never below).
        let zero = word.wrapping_sub(LOW) & !word & HIGH;
        if zero != 0 {
            return Some(offset + (zero.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == needle)
        .map(|at| offset + at)
}
