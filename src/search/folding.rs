//! Folding a text for matching: lowercase, without accents, ligatures or
//! typographic marks, each folded char pointing back to its original.

use unicode_normalization::char::is_combining_mark;

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
    fold_into(text, &mut folded, None);
    folded
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
