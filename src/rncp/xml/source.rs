//! The caller's reader behind a buffer that guarantees a few bytes of
//! lookahead, and strips a UTF-8 BOM.

use std::io::{self, BufRead, Read};

const SOURCE_CAPACITY: usize = 64 * 1024;

/// The caller's reader behind a buffer that can guarantee a few bytes of
/// lookahead (to recognise a closing tag across reads). Strips a UTF-8 BOM.
pub(super) struct Source<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    started: bool,
    /// Length of the stripped BOM, added to quick-xml's positions.
    pub(super) bom: u64,
}

impl<R: Read> Source<R> {
    pub(super) fn new(inner: R) -> Self {
        Source {
            inner,
            buf: vec![0; SOURCE_CAPACITY].into_boxed_slice(),
            start: 0,
            end: 0,
            started: false,
            bom: 0,
        }
    }

    /// The buffered bytes, reading until there are at least `wanted` of them
    /// or the stream ends.
    pub(super) fn fill_at_least(&mut self, wanted: usize) -> io::Result<&[u8]> {
        let wanted = wanted.min(self.buf.len());
        if self.end - self.start < wanted {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            while self.end < wanted {
                match self.inner.read(&mut self.buf[self.end..]) {
                    Ok(0) => break,
                    Ok(read) => self.end += read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.started {
            self.started = true;
            if self.fill_at_least(3)?.starts_with(b"\xEF\xBB\xBF") {
                self.start += 3;
                self.bom = 3;
            }
        }
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            loop {
                match self.inner.read(&mut self.buf) {
                    Ok(read) => {
                        self.end = read;
                        break;
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.end);
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let amount = available.len().min(out.len());
        out[..amount].copy_from_slice(&available[..amount]);
        self.consume(amount);
        Ok(amount)
    }
}
