//! A portfolio read for its figures only (a tutor's overview of a cohort):
//! the name, the statuses, the review requests and the replies, the notes'
//! texts skipped by the parser instead of copied into strings.

use std::collections::BTreeMap;
use std::io;

use serde::Deserialize;

use crate::portfolio::{FORMAT_VERSION, Identity, Portfolio, Reply, Request, Status};
use crate::referentiel::Certification;
use crate::ron_style;

use super::{DataDir, PortfolioError, quick_version};

/// What the overview shows of a portfolio; every other field is skipped.
#[derive(Deserialize)]
struct Summary {
    referentiel: String,
    #[serde(default)]
    identity: Identity,
    #[serde(default)]
    criteres: BTreeMap<String, Work>,
    #[serde(default)]
    requests: Vec<Request>,
    #[serde(default)]
    replies: BTreeMap<String, Vec<Reply>>,
}

#[derive(Deserialize)]
struct Work {
    #[serde(default)]
    status: Status,
    #[serde(default)]
    level: Option<u8>,
}

/// [`load_portfolio_for`](super::load_portfolio_for) without the notes,
/// experiences, pièces and history: what counting needs. The texts of the
/// notes and replies are cut out before parsing ([`without_texts`]); a file
/// in an earlier format, or that does not read so for any reason, is read in
/// full, and so refused with the full read's message and place. What is cut
/// out is not checked: a wrong field inside a note, or a note that is not
/// UTF-8, is only seen when the portfolio is opened.
pub fn load_portfolio_summary(
    data: &DataDir,
    certification: &Certification,
) -> Result<Portfolio, PortfolioError> {
    let id = certification.id.as_str();
    let path = data.portfolio(id);
    let bytes = match crate::store::safe::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(Portfolio::new(id));
        }
        Err(error) => return Err(PortfolioError::Io { path, error }),
    };
    let summary = without_texts(&bytes)
        .and_then(|slim| String::from_utf8(slim).ok())
        .filter(|slim| quick_version(slim) == Some(FORMAT_VERSION))
        .and_then(|slim| ron_style::options().from_str::<Summary>(&slim).ok())
        .filter(|summary| summary.referentiel == id);
    let Some(summary) = summary else {
        let text = String::from_utf8(bytes).map_err(|_| PortfolioError::Io {
            path: path.clone(),
            error: io::Error::new(
                io::ErrorKind::InvalidData,
                "texte qui n’est pas de l’UTF-8 valide",
            ),
        })?;
        let mut portfolio = super::parse(&text, &path, id)?;
        portfolio.follow_renames(certification);
        return Ok(portfolio);
    };
    let mut portfolio = Portfolio::new(id);
    portfolio.identity = summary.identity;
    // A name edited by hand is read as if typed, as in a full read.
    portfolio.identity.clean();
    for (critere, work) in summary.criteres {
        let entry = std::sync::Arc::make_mut(portfolio.criteres.entry(critere).or_default());
        entry.status = work.status;
        entry.level = work.level;
    }
    portfolio.requests = summary.requests;
    portfolio.replies = summary.replies;
    portfolio.follow_renames(certification);
    Ok(portfolio)
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

fn skip_blanks(text: &[u8], mut i: usize) -> usize {
    while text.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The first `"` or `\` from `i`: notes are long, and `memchr` looks at
/// many bytes at a time.
fn quote_or_backslash(text: &[u8], i: usize) -> Option<usize> {
    memchr::memchr2(b'"', b'\\', text.get(i..)?).map(|found| i + found)
}

/// After the string opened before `i`: past its closing quote.
fn string_end(text: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i = quote_or_backslash(text, i)?;
        if text[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// A raw string whose `r` is just before `i` (`r#"…"#`): past its end;
/// `None` when it is not one (a raw identifier `r#name`) or is not closed.
fn raw_string_end(text: &[u8], i: usize) -> Option<usize> {
    let hashes = text[i..].iter().take_while(|&&b| b == b'#').count();
    let body = i + hashes;
    if text.get(body) != Some(&b'"') {
        return None;
    }
    let mut closing = vec![b'"'];
    closing.extend(std::iter::repeat_n(b'#', hashes));
    let end = text[body + 1..]
        .windows(closing.len())
        .position(|w| w == closing.as_slice())?;
    Some(body + 1 + end + closing.len())
}

/// After the character literal opened before `i`: past its closing quote.
fn char_end(text: &[u8], i: usize) -> Option<usize> {
    let first = if text.get(i) == Some(&b'\\') {
        i + 2
    } else {
        i + 1
    };
    let close = text.get(first..)?.iter().position(|&b| b == b'\'')?;
    Some(first + close + 1)
}

/// After the block comment opened before `i` (nested ones too).
fn comment_end(text: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 1;
    while depth > 0 {
        match text.get(i..i + 2)? {
            b"/*" => (depth, i) = (depth + 1, i + 2),
            b"*/" => (depth, i) = (depth - 1, i + 2),
            _ => i += 1,
        }
    }
    Some(i)
}

/// The token at `i` (a string, a raw string, a character, a comment, a
/// word, or one byte): past its end; `None` when it is not closed.
fn step(text: &[u8], i: usize) -> Option<usize> {
    match text[i] {
        b'"' => string_end(text, i + 1),
        b'\'' => char_end(text, i + 1),
        b'/' if text.get(i + 1) == Some(&b'/') => Some(
            i + text[i..]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(text.len() - i),
        ),
        b'/' if text.get(i + 1) == Some(&b'*') => comment_end(text, i + 2),
        byte if is_word(byte) => {
            let end = i + text[i..].iter().take_while(|&&b| is_word(b)).count();
            match &text[i..end] {
                b"r" | b"br" => Some(raw_string_end(text, end).unwrap_or(end)),
                b"b" if text.get(end) == Some(&b'"') => string_end(text, end + 1),
                _ => Some(end),
            }
        }
        _ => Some(i + 1),
    }
}

/// The value that starts at `i`: past its end, brackets matched.
fn value_end(text: &[u8], i: usize) -> Option<usize> {
    if !matches!(text[i], b'[' | b'(' | b'{') {
        return step(text, i);
    }
    let mut depth = 0usize;
    let mut j = i;
    loop {
        match text.get(j)? {
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j = step(text, j)?;
    }
}

/// The fields an overview never shows, whose values are cut out: at any
/// depth, none of these names is a field of what [`Summary`] reads.
const CUT: [&[u8]; 9] = [
    b"notes",
    b"text",
    b"experiences",
    b"pieces",
    b"history",
    b"written",
    b"positioning",
    b"seen",
    b"view",
];

/// `text` with the values of the fields in [`CUT`] emptied (`[]`, `()`,
/// `{}`, `""`): the notes are most of a portfolio's bytes, and never shown
/// by an overview. The RON is lexed (strings, raw strings, characters,
/// comments), never guessed at; `None` when a string, a comment or a
/// bracket is not closed.
pub(super) fn without_texts(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        let end = step(text, i)?;
        if is_word(text[i]) && CUT.contains(&&text[i..end]) {
            let colon = skip_blanks(text, end);
            let value = skip_blanks(text, colon + 1);
            let empty: Option<&[u8]> = match text.get(value) {
                _ if text.get(colon) != Some(&b':') => None,
                Some(b'[') => Some(b"[]"),
                Some(b'(') => Some(b"()"),
                Some(b'{') => Some(b"{}"),
                Some(b'"') => Some(b"\"\""),
                Some(b'r') if raw_string_end(text, value + 1).is_some() => Some(b"\"\""),
                _ => None,
            };
            if let Some(empty) = empty {
                let value_end = value_end(text, value)?;
                out.extend_from_slice(&text[copied..value]);
                out.extend_from_slice(empty);
                (copied, i) = (value_end, value_end);
                continue;
            }
        }
        i = end;
    }
    out.extend_from_slice(&text[copied..]);
    Some(out)
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
