//! What the commands print, made safe for the terminal it may reach: a
//! candidate's note must not set a tutor's window title, write their
//! clipboard or clear their screen. Text gets visible placeholders for
//! control characters; JSON gets them escaped.

use std::io::{self, Write};

use crate::text::{json_safe, terminal_safe};

/// Whether what is printed is JSON or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Json,
    /// Text whose data was made printable where it was laid out, with our
    /// own escapes for bold (`livret show` on a terminal).
    Styled,
}

impl Kind {
    pub fn of(json: bool) -> Kind {
        if json { Kind::Json } else { Kind::Text }
    }

    /// `text` made safe for a terminal.
    pub fn safe(self, text: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Kind::Text => terminal_safe(text),
            Kind::Json => json_safe(text),
            Kind::Styled => std::borrow::Cow::Borrowed(text),
        }
    }
}

/// A writer that makes everything written through it safe, as it goes
/// (a character split between two writes is held until it is whole).
pub struct Safe<W: Write> {
    inner: W,
    kind: Kind,
    pending: Vec<u8>,
}

impl<W: Write> Safe<W> {
    pub fn new(inner: W, kind: Kind) -> Self {
        Safe {
            inner,
            kind,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            // An incomplete character at the end waits for the next write.
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            // Not UTF-8: what is valid goes, the rest as replacement characters.
            Err(_) => {
                let text = String::from_utf8_lossy(&self.pending).into_owned();
                self.pending.clear();
                self.inner.write_all(self.kind.safe(&text).as_bytes())?;
                return Ok(bytes.len());
            }
        };
        let text = std::str::from_utf8(&self.pending[..whole]).expect("checked above");
        self.inner.write_all(self.kind.safe(text).as_bytes())?;
        self.pending.drain(..whole);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Prints a command's output on stdout, made safe.
pub fn print(text: &str, kind: Kind) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(kind.safe(text).as_bytes());
    let _ = out.flush();
}

/// Prints a problem on stderr (`livret: …`), made safe: it may quote a
/// file's name or content.
pub fn complain(text: &str) {
    eprintln!("livret: {}", terminal_safe(text));
}

/// An error that ends livret, as one French line: each cause after the
/// other, system errors said in French, and where to find the details.
pub fn failure_line(report: &color_eyre::Report) -> String {
    let said: Vec<String> = report
        .chain()
        .map(|e| match e.downcast_ref::<std::io::Error>() {
            Some(io) => crate::store::describe_io(io),
            None => e.to_string(),
        })
        .collect();
    format!("{} (RUST_BACKTRACE=1 pour le détail)", said.join(" : "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_json_escapes_what_serde_leaves() {
        let note = "Titre\u{1b}]0;pwned\u{7}\u{1b}]52;c;Zm9v\u{7}\u{9b}2J\u{7f} fin\n\tsuite\r";
        assert_eq!(
            Kind::Text.safe(note),
            "Titre␛]0;pwned␇␛]52;c;Zm9v␇\u{fffd}2J␡ fin\n\tsuite␍"
        );
        let json = serde_json::to_string(note).unwrap();
        let safe = Kind::Json.safe(&json);
        assert!(!safe.contains(|c: char| c.is_control()), "{safe}");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), note);
        assert_eq!(
            Kind::Text.safe("é à — 👩‍💻"),
            "é à — 👩‍💻",
            "the rest is untouched"
        );
    }

    #[test]
    fn a_character_split_between_writes_is_kept_whole() {
        let mut bytes = Vec::new();
        {
            let mut safe = Safe::new(&mut bytes, Kind::Text);
            let text = "é\u{1b}[2J ok".as_bytes();
            safe.write_all(&text[..1]).unwrap();
            safe.write_all(&text[1..]).unwrap();
        }
        assert_eq!(String::from_utf8(bytes).unwrap(), "é␛[2J ok");
    }
}
