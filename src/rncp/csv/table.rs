//! One table read record by record: its header checked, the bytes read
//! counted for error offsets, its values cleaned and decoded.

use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read};

use super::{CsvTable, header_columns, is_voies_table, table_of};
use crate::rncp::{ReadError, ReadErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Blocs,
    Standard,
    Certificateurs,
    Voies,
}

/// One table being read, with what is needed to notice a truncated file.
pub(super) struct Table<R: Read> {
    reader: csv::Reader<BufReader<Counting<R>>>,
    columns: Vec<String>,
    record: csv::ByteRecord,
    delimiter: u8,
    /// Records read, and the fields of the last one.
    records: u64,
    last_len: usize,
}

impl<R: Read> Table<R> {
    pub(super) fn open(input: R, kind: Kind) -> Result<Self, ReadError> {
        let mut buffered = BufReader::with_capacity(64 * 1024, Counting::new(input));
        let io_error = |error: io::Error| ReadError {
            offset: 0,
            kind: ReadErrorKind::Io(error.to_string()),
        };
        let mut head = buffered.fill_buf().map_err(io_error)?;
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        if bom {
            head = &head[3..];
        }
        let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
        let line = &head[..line_end];
        let (delimiter, columns) = header_columns(line);
        let fits = match kind {
            Kind::Voies => is_voies_table(line),
            Kind::Blocs => table_of(line) == Some(CsvTable::Blocs),
            Kind::Standard => table_of(line) == Some(CsvTable::Standard),
            Kind::Certificateurs => table_of(line) == Some(CsvTable::Certificateurs),
        };
        if !fits {
            let header: String = decode(line).trim().chars().take(200).collect();
            return Err(ReadError {
                offset: 0,
                kind: ReadErrorKind::NotCsvExport { header },
            });
        }
        if bom {
            buffered.consume(3);
        }
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(buffered);
        Ok(Table {
            reader,
            columns,
            record: csv::ByteRecord::new(),
            delimiter,
            records: 0,
            last_len: 0,
        })
    }

    pub(super) fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    fn counting(&self) -> &Counting<R> {
        self.reader.get_ref().get_ref()
    }

    pub(super) fn next_record(&mut self) -> Result<Option<&csv::ByteRecord>, ReadError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                self.records += 1;
                self.last_len = self.record.len();
                Ok(Some(&self.record))
            }
            Ok(false) => Ok(None),
            Err(error) => Err(ReadError {
                offset: error
                    .position()
                    .map_or(self.counting().bytes, |position| position.byte()),
                kind: ReadErrorKind::Io(error.to_string()),
            }),
        }
    }

    /// At the end of the file: a quoted value left open, or a last line cut
    /// short (the export ends its lines with CRLF), is a truncated download.
    pub(super) fn finish(self) -> Result<(), ReadError> {
        let counting = self.counting();
        let open_quote = counting.quotes % 2 == 1;
        let ends_line = matches!(counting.last, b'\n' | b'\r');
        let short_line = !ends_line
            && (self.records == 0
                || self.last_len < self.columns.len()
                || counting.last == self.delimiter);
        if open_quote || short_line {
            let open = if self.records == 0 {
                self.columns.last().cloned()
            } else {
                self.columns.get(self.last_len.max(1) - 1).cloned()
            };
            return Err(ReadError {
                offset: counting.bytes,
                kind: ReadErrorKind::Truncated {
                    open: open.unwrap_or_default(),
                },
            });
        }
        Ok(())
    }
}

/// Counts the bytes and the quotes read, and keeps the last byte.
struct Counting<R> {
    inner: R,
    bytes: u64,
    quotes: u64,
    last: u8,
}

impl<R> Counting<R> {
    fn new(inner: R) -> Self {
        Counting {
            inner,
            bytes: 0,
            quotes: 0,
            last: b'\n',
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(out)?;
        let chunk = &out[..read];
        self.bytes += read as u64;
        self.quotes += chunk.iter().filter(|&&b| b == b'"').count() as u64;
        if let Some(&last) = chunk.last() {
            self.last = last;
        }
        Ok(read)
    }
}

/// A cleaned value: trimmed (the TAB before SIRETs), doubled apostrophes
/// undone. Empty when the column is absent.
pub(super) fn field(record: &csv::ByteRecord, index: Option<usize>) -> String {
    let Some(bytes) = index.and_then(|index| record.get(index)) else {
        return String::new();
    };
    let value = decode(bytes);
    let value = value.trim();
    if value.contains("''") {
        value.replace("''", "'")
    } else {
        value.to_string()
    }
}

/// UTF-8, or else Windows-1252.
pub(super) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}
