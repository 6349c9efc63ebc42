//! Markers standing where a line could have started: bullets, codes
//! (`A1C1.`, `1.1.1`, `a)`) and numbered labels (`Compétence 1 :`).

use super::line_starts::{Gap, Strength, word_starts};
use super::{skip_blanks, starts_upper};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Glyph {
    Dash,
    /// `o`, `◦`, `○`: the usual sub-bullets.
    Circle,
    Other(char),
}

fn glyph_of(c: char) -> Option<Glyph> {
    match c {
        '-' | '–' | '—' | '‐' | '−' => Some(Glyph::Dash),
        'o' | '◦' | '○' => Some(Glyph::Circle),
        '•' | '●' | '▪' | '■' | '►' | '▸' | '▶' | '➢' | '➤' | '✓' | '✔' | '→' | '·' | '*' | '⁃'
        | '‣' | '∙' | '♦' | '◆' | '❖' | '□' | '▫' => Some(Glyph::Other(c)),
        _ => None,
    }
}

/// A bullet at `p`, and where what follows it starts.
pub(super) fn bullet_at(text: &str, p: usize) -> Option<(Glyph, usize)> {
    let mut chars = text[p..].chars();
    let c = chars.next()?;
    let glyph = glyph_of(c)?;
    let next = chars.next()?;
    // `o` is a word and `-` a hyphen elsewhere: glued to a word, they are not bullets.
    let glued = match glyph {
        Glyph::Circle => c != 'o' && next.is_alphabetic(),
        Glyph::Dash => next.is_uppercase(),
        Glyph::Other(_) => next.is_alphabetic(),
    };
    (next.is_whitespace() || glued).then(|| (glyph, skip_blanks(text, p + c.len_utf8())))
}

#[derive(Debug, Clone)]
pub(super) struct Code {
    pub(super) id: String,
    /// Codes of one list share it: the letters of the first group (`A` for
    /// `A1C1`), `#` for plain numbers, `a)` / `A)` for letters.
    pub(super) family: String,
    /// Number of groups: `A1C1` 2, `1.1.1` 3.
    pub(super) depth: usize,
    /// The first group's number (a letter's rank): lists count up.
    pub(super) first: u32,
    /// Plain numbers and letters, whose `first` must follow the list's order.
    pub(super) ordered: bool,
    pub(super) numeric: bool,
    /// Neither punctuation nor separator after it (`1.1 Texte`, not `C1. Texte`).
    pub(super) bare: bool,
    /// The number of each group (a letter's rank): `1.2.3` gives 1, 2, 3.
    values: Vec<u32>,
    /// A numbered label (`Compétence 1 :`): it stays in the item's text, which has no code.
    pub(super) label: bool,
}

struct Group {
    end: usize,
    letters: usize,
    value: u32,
}

/// `A1`, `C12`, `3`: up to 5 capitals then 1 to 3 digits.
fn group_at(b: &[u8], i: usize) -> Option<Group> {
    let rest = b.get(i..)?;
    let letters = rest.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = rest[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 3 || letters > 5 {
        return None;
    }
    let value = rest[letters..letters + digits]
        .iter()
        .fold(0, |n, d| n * 10 + u32::from(d - b'0'));
    Some(Group {
        end: i + letters + digits,
        letters,
        value,
    })
}

/// A code at `q` (`A1C1`, `A5.C1`, `1.1.1`, `C3`, `a)`), and where the text after it starts.
pub(super) fn code_at(text: &str, q: usize) -> Option<(Code, usize)> {
    if let Some(found) = letter_code_at(text, q) {
        return Some(found);
    }
    let b = text.as_bytes();
    let mut groups = vec![group_at(b, q)?];
    let mut end = groups[0].end;
    loop {
        let next = match b.get(end) {
            Some(b'.') => group_at(b, end + 1),
            _ => group_at(b, end),
        };
        let Some(group) = next else { break };
        end = group.end;
        groups.push(group);
    }
    let numeric = groups.iter().all(|g| g.letters == 0);
    if numeric && groups[0].value > 99 {
        return None; // a year, a figure
    }
    let (punct_end, punct) = trailing_punct(text, end);
    let ends_well = match text[punct_end..].chars().next() {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) => punct > 0 && (c.is_uppercase() || matches!(c, '«' | '"' | '“' | '(')),
    };
    if !ends_well {
        return None;
    }
    let (content, separated) = after_separator(text, punct_end);
    let family = if numeric {
        "#".to_string()
    } else {
        text[q..q + groups[0].letters].to_string()
    };
    let code = Code {
        id: text[q..end].to_string(),
        family,
        depth: groups.len(),
        first: groups[0].value,
        ordered: numeric,
        numeric,
        bare: punct == 0 && !separated,
        values: groups.iter().map(|g| g.value).collect(),
        label: false,
    };
    Some((code, content))
}

/// `a)`, `B)`.
fn letter_code_at(text: &str, q: usize) -> Option<(Code, usize)> {
    let b = text.as_bytes();
    let (&letter, &paren) = (b.get(q)?, b.get(q + 1)?);
    if !letter.is_ascii_alphabetic() || paren != b')' {
        return None;
    }
    if !text[q + 2..].chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let code = Code {
        id: char::from(letter).to_string(),
        family: if letter.is_ascii_lowercase() {
            "a)"
        } else {
            "A)"
        }
        .to_string(),
        depth: 1,
        first: u32::from(letter.to_ascii_lowercase() - b'a') + 1,
        ordered: true,
        numeric: false,
        bare: false,
        values: vec![u32::from(letter.to_ascii_lowercase() - b'a') + 1],
        label: false,
    };
    Some((code, skip_blanks(text, q + 2)))
}

/// `Compétence 1 :`, `Capacité 2 –`, `CP 3 :`, `Compétence n°4 :`: a
/// capitalised word, a number (`1`, `1.2`), then `:` or a dash. The family is
/// the word: `Compétence 1` and `Bloc 1` make two lists.
fn label_at(text: &str, q: usize) -> Option<(Code, usize)> {
    let rest = &text[q..];
    if !rest.chars().next()?.is_uppercase() {
        return None;
    }
    // A word of up to 30 letters (`Savoir-faire`), then blanks.
    let word_len = rest
        .char_indices()
        .take(31)
        .find(|&(_, c)| !(c.is_alphabetic() || c == '-'))
        .map(|(i, _)| i)?;
    let word = &rest[..word_len];
    if word.ends_with('-') {
        return None;
    }
    let blanks = |i: usize| {
        rest[i..]
            .chars()
            .take(3)
            .take_while(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t'))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let mut i = word_len + blanks(word_len);
    if i == word_len {
        return None;
    }
    if let Some(sign) = ["n°", "N°", "nº", "Nº"]
        .iter()
        .find(|s| rest[i..].starts_with(**s))
    {
        i += sign.len();
        i += blanks(i);
    }
    let b = rest.as_bytes();
    let number = i;
    let mut values = Vec::new();
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 3 || values.len() == 4 {
            return None;
        }
        values.push(
            b[i..i + digits]
                .iter()
                .fold(0, |n, d| n * 10 + u32::from(d - b'0')),
        );
        i += digits;
        match (b.get(i), b.get(i + 1)) {
            (Some(b'.'), Some(d)) if d.is_ascii_digit() => i += 1,
            _ => break,
        }
    }
    let id = rest[number..i].to_string();
    i += blanks(i);
    let sep = rest[i..].chars().next()?;
    if !matches!(sep, ':' | '-' | '–' | '—') {
        return None;
    }
    i += sep.len_utf8();
    if !rest[i..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c.is_uppercase())
    {
        return None;
    }
    let code = Code {
        id,
        family: format!("§{}", word.to_lowercase()),
        depth: values.len(),
        first: values[0],
        ordered: true,
        numeric: false,
        bare: false,
        values,
        label: true,
    };
    Some((code, skip_blanks(text, q + i)))
}

/// `next` continues a list whose last code is `prev`: the next sibling of
/// `prev` or of one of its parents (`1.2` → `1.3`, `1.2.3` → `2`), or its
/// first child (`1` → `1.1`).
pub(super) fn follows(prev: &Code, next: &Code) -> bool {
    let (p, n) = (&prev.values, &next.values);
    let d = n.len();
    if d == 0 || p.is_empty() {
        return false;
    }
    let sibling = d <= p.len() && p[..d - 1] == n[..d - 1] && n[d - 1] == p[d - 1] + 1;
    let child = d == p.len() + 1 && n[..d - 1] == p[..] && n[d - 1] == 1;
    sibling || child
}

/// Punctuation glued to a code (`C1.`, `1)`, `A1C1:`), at most two marks.
fn trailing_punct(text: &str, i: usize) -> (usize, usize) {
    let mut end = i;
    let mut count = 0;
    for c in text[i..].chars().take(2) {
        if !matches!(c, '.' | ':' | ')' | '-' | '–') {
            break;
        }
        end += c.len_utf8();
        count += 1;
    }
    (end, count)
}

/// After a code: blanks, then maybe a lone `:` or dash (`C1 : Texte`, `C1 - Texte`).
fn after_separator(text: &str, i: usize) -> (usize, bool) {
    let j = skip_blanks(text, i);
    let mut chars = text[j..].chars();
    match (chars.next(), chars.next()) {
        (Some(c @ (':' | '-' | '–' | '—')), Some(n)) if n.is_whitespace() => {
            (skip_blanks(text, j + c.len_utf8()), true)
        }
        _ => (j, false),
    }
}

/// `A3C3 à A3C6`, `A2C2. et A2C3.`: codes named in a sentence, not an item start.
fn starts_range(text: &str, content: usize, family: &str) -> bool {
    let same = |at: usize| code_at(text, at).is_some_and(|(c, _)| c.family == family);
    let rest = &text[content..];
    let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if matches!(
        &rest[..word_end],
        "à" | "a" | "au" | "et" | "ou" | "/" | "&"
    ) {
        let next = skip_blanks(text, content + word_end);
        return next < text.len() && same(next);
    }
    same(content)
}

/// A bullet and/or a code where a word starts.
#[derive(Debug, Clone)]
pub(super) struct Marker {
    /// Where the marker starts (the bullet, or the code).
    pub(super) start: usize,
    /// Where the code starts, or the text if there is no code.
    pub(super) code_start: usize,
    /// Where the item's text starts.
    pub(super) content: usize,
    pub(super) glyph: Option<Glyph>,
    pub(super) code: Option<Code>,
    pub(super) strength: Strength,
    pub(super) after_colon: bool,
    /// A `;` before it: `- a ; - b`.
    pub(super) after_semicolon: bool,
    /// The bullet may start an item by itself.
    pub(super) glyph_strong: bool,
    /// The code may start an item by itself.
    pub(super) code_strong: bool,
    /// The code may start an item if it continues its list (`2.` right after
    /// `1.`, after a single blank), or is a numbered label.
    pub(super) code_weak: bool,
}

pub(super) fn find_markers(text: &str) -> Vec<Marker> {
    let mut markers: Vec<Marker> = Vec::new();
    for (p, gap) in word_starts(text) {
        // `- C1 : Texte` is one marker, not a bullet then a code.
        if markers.last().is_some_and(|m| p < m.content) {
            continue;
        }
        if let Some(marker) = marker_at(text, p, gap) {
            markers.push(marker);
        }
    }
    markers
}

pub(super) fn marker_at(text: &str, p: usize, gap: Gap) -> Option<Marker> {
    let strength = gap.strength();
    let after_colon = gap.prev == Some(':');
    let (glyph, code_start) = match bullet_at(text, p) {
        Some((glyph, next)) => (Some(glyph), next),
        None => (None, p),
    };
    let code = code_at(text, code_start)
        .or_else(|| label_at(text, code_start))
        .filter(|(c, at)| !starts_range(text, *at, &c.family));
    if glyph.is_none() && code.is_none() {
        return None;
    }
    let glyph_strong = match glyph {
        Some(_) if strength >= Strength::Break || after_colon => true,
        // `•`, `▪`… never punctuate a sentence: one blank before them is enough.
        Some(Glyph::Other(c)) => !matches!(c, '*' | '→') && starts_upper(text, code_start),
        _ => false,
    };
    let content = code.as_ref().map_or(code_start, |(_, at)| *at);
    let upper = starts_upper(text, content);
    let code_strength = if glyph_strong {
        Strength::Break
    } else {
        strength
    };
    let code_strong = code
        .as_ref()
        .is_some_and(|(c, _)| !c.label && code_may_start(c, code_strength, upper));
    // `2. Texte` after one blank: a figure unless the list goes 1, 2.
    let code_weak = code.as_ref().is_some_and(|(c, _)| {
        let figure = (c.bare && c.depth == 1) || (c.numeric && after_reference(text, code_start));
        c.label || (!code_strong && upper && !figure)
    });
    Some(Marker {
        start: p,
        code_start,
        content,
        glyph,
        code: code.map(|(c, _)| c),
        strength,
        after_colon,
        after_semicolon: gap.prev == Some(';'),
        glyph_strong,
        code_strong,
        code_weak,
    })
}

/// `annexe 2. Les`, `niveau 5 - Le`, `article L. 12. Il`: a number that names
/// something, not an item.
fn after_reference(text: &str, q: usize) -> bool {
    const NOUNS: [&str; 30] = [
        "annexe",
        "annexes",
        "article",
        "articles",
        "art",
        "alinéa",
        "niveau",
        "niveaux",
        "chapitre",
        "page",
        "pages",
        "p",
        "partie",
        "section",
        "point",
        "points",
        "version",
        "phase",
        "titre",
        "livre",
        "tome",
        "n°",
        "no",
        "numéro",
        "tableau",
        "figure",
        "l",
        "r",
        "d",
        "catégorie",
    ];
    let before = text[..q].trim_end();
    let mut tail: Vec<char> = before
        .chars()
        .rev()
        .take(12)
        .take_while(|&c| c.is_alphabetic() || c == '°' || c == '.')
        .collect();
    tail.reverse();
    let word: String = tail.into_iter().collect();
    NOUNS.contains(&word.trim_matches('.').to_lowercase().as_str())
}

/// Figures and references inside sentences must not cut them: a code alone
/// (no `.`, `:`…) needs a capital after it, one after a single blank needs a
/// sentence end before it, or letters, punctuation and a capital.
fn code_may_start(code: &Code, strength: Strength, upper_next: bool) -> bool {
    if code.bare && !upper_next {
        return false;
    }
    match strength {
        Strength::Start | Strength::Break => true,
        Strength::Sentence => !(code.bare && code.numeric && code.depth == 1),
        Strength::Weak => !code.numeric && !code.bare && upper_next,
    }
}
