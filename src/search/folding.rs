//! Folding a text for matching: lowercase, without accents, ligatures or
//! typographic marks, each folded char pointing back to its original.

use unicode_normalization::char::is_combining_mark;

use super::matching::{ASCII_TOKEN, is_inner_punctuation, is_token_char};

/// Text folded for matching, with, for each folded char, the index of the
/// original char it came from (to highlight the original text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<usize>,
}

/// Lowercase, accents dropped (NFD then combining marks removed), ligatures
/// split (œ → oe, æ → ae), typographic apostrophes and non-breaking spaces
/// replaced by their plain forms.
pub fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    fold_into(text, &mut folded.text, Some(&mut folded.origin));
    folded
}

/// [`fold`] without the positions, for indexing.
pub(super) fn fold_text(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into_text(text, &mut folded);
    folded
}

/// [`fold_text`] into a buffer reused from text to text. Runs of ASCII (most
/// of a French text) are lowercased in bulk.
pub(super) fn fold_into_text(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii() || matches!(b, b'\t' | b'\n' | b'\r' | b'`'))
            .unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(ascii);
        let start = out.len();
        out.push_str(plain);
        out[start..].make_ascii_lowercase();
        let Some(c) = tail.chars().next() else {
            break;
        };
        fold_char_into(c, out);
        rest = &tail[c.len_utf8()..];
    }
}

/// The chars folded most often past ASCII: accented Latin letters and
/// typographic punctuation (’ « — …).
const TABLED: [std::ops::RangeInclusive<u32>; 2] = [0x80..=0x24F, 0x2000..=0x206F];

/// [`fold_into`] of one char, from a table made once per process for the
/// [`TABLED`] chars: the Unicode tables' decomposition was a tenth of a
/// search over 10,000 notes.
fn fold_char_into(c: char, out: &mut String) {
    static TABLES: std::sync::OnceLock<[Vec<String>; 2]> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        TABLED.map(|range| {
            range
                .map(|code| {
                    let mut folded = String::new();
                    if let Some(c) = char::from_u32(code) {
                        fold_into(c.encode_utf8(&mut [0; 4]), &mut folded, None);
                    }
                    folded
                })
                .collect()
        })
    });
    let code = c as u32;
    for (range, table) in TABLED.iter().zip(tables) {
        if range.contains(&code) {
            out.push_str(&table[(code - range.start()) as usize]);
            return;
        }
    }
    fold_into(c.encode_utf8(&mut [0; 4]), out, None);
}

fn fold_into(text: &str, out: &mut String, mut origin: Option<&mut Vec<usize>>) {
    for (index, c) in text.chars().enumerate() {
        let mut push = |c: char| {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                if let Some(origin) = origin.as_deref_mut() {
                    origin.push(index);
                }
                return;
            }
            for lower in c.to_lowercase() {
                out.push(lower);
                if let Some(origin) = origin.as_deref_mut() {
                    origin.push(index);
                }
            }
        };
        match c {
            c if c.is_ascii() => match c {
                '\t' | '\n' | '\r' | '`' => push(if c == '`' { '\'' } else { ' ' }),
                c => push(c),
            },
            'œ' | 'Œ' => "oe".chars().for_each(&mut push),
            'æ' | 'Æ' => "ae".chars().for_each(&mut push),
            'ß' => "ss".chars().for_each(&mut push),
            '’' | '‘' | 'ʼ' | '′' | '´' => push('\''),
            '“' | '”' | '«' | '»' | '„' => push('"'),
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => push(' '),
            '‐' | '‑' | '–' | '—' => push('-'),
            c => unicode_normalization::char::decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    push(part);
                }
            }),
        }
    }
}

/// Calls `found` with each token of `text` once folded: what [`fold_text`]
/// then [`tokens`](super::matching::tokens) give, in one pass and without
/// folding the whole text first (the streaming matcher's hot loop).
pub(super) fn each_folded_token(text: &str, token: &mut String, mut found: impl FnMut(&str)) {
    let mut end = |token: &mut String| {
        let trimmed = token
            .trim_start_matches(is_inner_punctuation)
            .trim_end_matches(is_inner_punctuation);
        if !trimmed.is_empty() {
            found(trimmed);
        }
        token.clear();
    };
    token.clear();
    let mut folded = String::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            let c = if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            };
            if ASCII_TOKEN[c as usize] {
                token.push(c as char);
            } else {
                end(token);
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().expect("at a char boundary");
        folded.clear();
        fold_char_into(c, &mut folded);
        at += c.len_utf8();
        for c in folded.chars() {
            if is_token_char(c) {
                token.push(c);
            } else {
                end(token);
            }
        }
    }
    end(token);
}
