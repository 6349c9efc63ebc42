//! Cutting the free text of `LISTE_COMPETENCES` into compétences and critères.
//!
//! The v4.1 export lost its line breaks: they survive as runs of blanks, next
//! to stray double spaces inside sentences, and the list style changes from
//! fiche to fiche. So the cut tries, most specific first:
//!
//! 1. « Critères : » labels (also « Indicateurs », « Capacités »,
//!    « Savoir-faire ») with no list opening before the first one: the
//!    sentence before each label, back to a former line break, is a
//!    compétence, the list after it its critères;
//! 2. markers — bullets (`-`, `•`, `*`, `o`…), codes (`A1C1.`, `C2 :`,
//!    `1.1.1`) and numbered labels (`Compétence 1 :`, `CP 3 –`) standing
//!    where a line could have started: the text start, a line break, a run
//!    of 2+ blanks (codes also after a sentence end). After a single blank,
//!    a code counts only as the next of its list (`2.` after `1.`), a label
//!    always but only in a list counting up by one, a dash after « : » when
//!    the list ends the text on one line. The family that opens the list
//!    gives the compétences, the others (deeper codes, other bullets, a list
//!    after « Critères : ») their critères;
//! 3. no marker — runs of 3+ blanks and line breaks, the former line breaks;
//! 4. the whole text as one compétence, with a warning.
//!
//! Every text is a slice of the cleaned source, so no word can be lost or
//! invented: only bullets are dropped, and codes move to [`Item::code`]
//! (numbered labels stay in the text: `Compétence 1 :` is no code).
//! [`check_no_word_lost`] verifies it.

use std::collections::{HashMap, HashSet};

use quick_xml::escape::resolve_html5_entity;

/// One item of a list: a compétence, with its sub-items (critères) when the text gives two levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The source's code for the item without trailing punctuation: `A1C1`, `A5.C1`, `1.1.1`, `C3`; None when unmarked or marked by a bullet.
    pub code: Option<String>,
    /// The item's text, markers and code removed, whitespace runs collapsed to one space, trimmed.
    pub text: String,
    /// Sub-items (only one level below; deeper levels are flattened into the sub-item level).
    pub children: Vec<Item>,
}

/// How a text was cut, for the transcription note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `A1C1.`, `C2 :`…, one level.
    Codes,
    /// Codes whose items carry sub-items (bullets, deeper codes, « Critères : »).
    CodesWithCriteria,
    /// Plain numbers: `1.`, `1.1`, `1.1.1`; the deepest of two levels are the critères.
    Outline,
    /// One level of `•`, `*`… bullets.
    Bullets,
    /// Two levels of bullets (`*` / `o`…).
    TwoLevels,
    /// One level of `-` / `–` dashes.
    Dashes,
    /// Numbered labels: `Compétence 1 :`, `Capacité 2 –`, `CP 3 :`; the label
    /// stays in the text.
    Numbered,
    /// No list marker but « Critères : » labels: the sentence before each is a
    /// compétence, the list after it its critères.
    Criteria,
    /// No marker: runs of blanks or line breaks.
    Paragraphs,
    /// Not cut.
    Whole,
}

impl Rule {
    /// French sentence for the transcription note.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Codes => "compétences repérées par leurs codes (A1C1, C2…)",
            Rule::CodesWithCriteria => {
                "compétences repérées par leurs codes (A1C1, C2…), avec leurs critères en sous-liste"
            }
            Rule::Outline => {
                "plan numéroté (1.1, 1.1.1…) : s’il a deux niveaux, le plus fin donne les critères"
            }
            Rule::Bullets => "liste à puces (•, *…) : une puce par compétence",
            Rule::TwoLevels => {
                "liste à puces sur deux niveaux (*, o) : les sous-puces sont les critères"
            }
            Rule::Dashes => "liste à tirets : un tiret par compétence",
            Rule::Numbered => {
                "compétences numérotées (« Compétence 1 : », « Capacité 2 – »…), \
                 étiquette gardée dans le texte"
            }
            Rule::Criteria => {
                "compétences suivies de « Critères : » : la phrase avant l’étiquette est la compétence, \
                 la liste après elle ses critères"
            }
            Rule::Paragraphs => "phrases séparées par des blancs (anciens retours à la ligne)",
            Rule::Whole => "texte non découpé : une seule compétence",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Text before the first item (e.g. « En mobilisant une analyse … : »), collapsed; empty if none.
    pub preamble: String,
    pub items: Vec<Item>,
    pub rule: Rule,
    /// French, for the user: e.g. when the text could not be split and became one item.
    pub warnings: Vec<String>,
}

const NOT_SPLIT: &str = "texte non découpé : le bloc devient une seule compétence";
const NOTHING: &str = "aucune compétence dans la source";

/// Cuts a LISTE_COMPETENCES text. Never panics.
pub fn split(text: &str) -> Split {
    let text = clean(text);
    if text.trim().is_empty() {
        return Split {
            preamble: String::new(),
            items: Vec::new(),
            rule: Rule::Whole,
            warnings: vec![NOTHING.to_string()],
        };
    }
    let markers = find_markers(&text);
    if let Some(criteria) = split_criteria(&text, &markers) {
        return criteria;
    }
    // `- A    B    C`: one bullet opening lines that have none is no list.
    let lone = |s: &Split| s.items.len() == 1 && s.items[0].children.is_empty();
    match split_marked(&text, &markers) {
        Some(marked) if !lone(&marked) => marked,
        marked => split_paragraphs(&text)
            .filter(|s| s.rule == Rule::Paragraphs)
            .or(marked)
            .or_else(|| split_paragraphs(&text))
            .unwrap_or_else(|| split_whole(&text)),
    }
}

/// Cleans an older export's text before splitting: HTML entities decoded
/// (up to 3 times, for double escaping), block tags turned into line breaks,
/// `<li>` into a `- ` item (`◦ ` in a nested list), other tags dropped.
/// Text without HTML comes back unchanged, but for control characters: `\r`
/// and the other line-breaking ones become `\n`, the rest are dropped.
pub fn clean(text: &str) -> String {
    let mut out = text.to_string();
    for _ in 0..3 {
        match decode_entities(&out) {
            Some(decoded) => out = decoded,
            None => break,
        }
    }
    if let Some(plain) = strip_tags(&out) {
        out = plain;
    }
    drop_controls(&out)
}

/// Free text with its former line breaks restored: cut at line breaks, at
/// runs of 3+ blanks (not inside a sentence: a lowercase word after a word or
/// a comma continues it), and at 2+ blanks before a list marker. Markers are
/// kept. The text goes through [`clean`] first.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = clean(text);
    cuts(&text, CutMode::Display)
        .into_iter()
        .map(|(a, b)| collapse(&text[a..b]))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The words of a text for the no-word-lost rule: split on anything not alphanumeric, lowercase, in order.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Checks that the words of `source` (after [`clean`]), `o` sub-bullets
/// aside, are, in order, those of the preamble then of each item (code,
/// text, then its children's code and text).
pub fn check_no_word_lost(source: &str, split: &Split) -> Result<(), String> {
    let expected = words(&clean(source));
    let mut got = words(&split.preamble);
    for item in &split.items {
        item_words(item, &mut got);
    }
    let mut g = 0;
    for (i, word) in expected.iter().enumerate() {
        if got.get(g) == Some(word) {
            g += 1;
        } else if word != "o" {
            let near = expected[i.saturating_sub(3)..=i].join(" ");
            return Err(match got.get(g) {
                Some(other) => format!(
                    "mot « {word} » de la source (n° {}, dans « {near} ») remplacé par « {other} » dans le découpage",
                    i + 1
                ),
                None => format!(
                    "mot « {word} » de la source (n° {}, dans « {near} ») perdu à la fin du découpage",
                    i + 1
                ),
            });
        }
    }
    match got.get(g) {
        Some(extra) => Err(format!(
            "mot « {extra} » ajouté par le découpage après la fin de la source"
        )),
        None => Ok(()),
    }
}

fn item_words(item: &Item, out: &mut Vec<String>) {
    if let Some(code) = &item.code {
        out.extend(words(code));
    }
    out.extend(words(&item.text));
    for child in &item.children {
        item_words(child, out);
    }
}

/// An item without code nor children.
fn plain(text: String) -> Item {
    Item {
        code: None,
        text,
        children: Vec::new(),
    }
}

/// Whitespace runs, line breaks included, as one space; trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn skip_blanks(text: &str, i: usize) -> usize {
    text[i..]
        .find(|c: char| !c.is_whitespace())
        .map_or(text.len(), |k| i + k)
}

fn starts_upper(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_uppercase)
}

// ---------------------------------------------------------------------------
// Where a line may have started

/// How sure we are that a former line break stood before a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// One blank inside a sentence.
    Weak,
    /// One blank after `.`, `;`, `:`, `!`, `?`.
    Sentence,
    /// A line break or 2+ blanks.
    Break,
    /// The first word of the text.
    Start,
}

/// The blanks before a word.
#[derive(Debug, Clone, Copy)]
struct Gap {
    /// A tab counts as two.
    blanks: usize,
    line_break: bool,
    /// The last non-blank character before the word.
    prev: Option<char>,
}

impl Gap {
    fn strength(self) -> Strength {
        match self.prev {
            None => Strength::Start,
            Some(_) if self.line_break || self.blanks >= 2 => Strength::Break,
            Some('.' | ';' | ':' | '!' | '?') => Strength::Sentence,
            Some(_) => Strength::Weak,
        }
    }
}

/// Every word that follows blanks or starts the text, with the blanks before it.
fn word_starts(text: &str) -> Vec<(usize, Gap)> {
    let mut starts = Vec::new();
    let mut gap = Gap {
        blanks: 0,
        line_break: false,
        prev: None,
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            gap.blanks += if c == '\t' { 2 } else { 1 };
            gap.line_break |= is_line_break(c);
        } else {
            if gap.prev.is_none() || gap.blanks > 0 {
                starts.push((i, gap));
            }
            gap = Gap {
                blanks: 0,
                line_break: false,
                prev: Some(c),
            };
        }
    }
    starts
}

// ---------------------------------------------------------------------------
// Markers: bullets and codes

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glyph {
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
fn bullet_at(text: &str, p: usize) -> Option<(Glyph, usize)> {
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
struct Code {
    id: String,
    /// Codes of one list share it: the letters of the first group (`A` for
    /// `A1C1`), `#` for plain numbers, `a)` / `A)` for letters.
    family: String,
    /// Number of groups: `A1C1` 2, `1.1.1` 3.
    depth: usize,
    /// The first group's number (a letter's rank): lists count up.
    first: u32,
    /// Plain numbers and letters, whose `first` must follow the list's order.
    ordered: bool,
    numeric: bool,
    /// Neither punctuation nor separator after it (`1.1 Texte`, not `C1. Texte`).
    bare: bool,
    /// The number of each group (a letter's rank): `1.2.3` gives 1, 2, 3.
    values: Vec<u32>,
    /// A numbered label (`Compétence 1 :`): it stays in the item's text, which has no code.
    label: bool,
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
fn code_at(text: &str, q: usize) -> Option<(Code, usize)> {
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
fn follows(prev: &Code, next: &Code) -> bool {
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
struct Marker {
    /// Where the marker starts (the bullet, or the code).
    start: usize,
    /// Where the code starts, or the text if there is no code.
    code_start: usize,
    /// Where the item's text starts.
    content: usize,
    glyph: Option<Glyph>,
    code: Option<Code>,
    strength: Strength,
    after_colon: bool,
    /// A `;` before it: `- a ; - b`.
    after_semicolon: bool,
    /// The bullet may start an item by itself.
    glyph_strong: bool,
    /// The code may start an item by itself.
    code_strong: bool,
    /// The code may start an item if it continues its list (`2.` right after
    /// `1.`, after a single blank), or is a numbered label.
    code_weak: bool,
}

fn find_markers(text: &str) -> Vec<Marker> {
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

fn marker_at(text: &str, p: usize, gap: Gap) -> Option<Marker> {
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

// ---------------------------------------------------------------------------
// Choosing the list's structure

/// The markers of each code family that makes a list, in order.
fn code_families(markers: &[Marker]) -> Vec<Vec<usize>> {
    let mut families: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, m) in markers.iter().enumerate() {
        let Some(code) = m.code.as_ref().filter(|_| m.code_strong || m.code_weak) else {
            continue;
        };
        // Labels and weak codes only continue their list, one step at a time.
        let free = m.code_strong && !code.label;
        match index.get(code.family.as_str()) {
            Some(&f) => {
                let last = families[f].last().and_then(|&l| markers[l].code.as_ref());
                if free || last.is_some_and(|last| follows(last, code)) {
                    families[f].push(i);
                }
            }
            None if free || code.label => {
                index.insert(&code.family, families.len());
                families.push(vec![i]);
            }
            None => {}
        }
    }
    for family in &mut families {
        keep_in_sequence(markers, family);
    }
    families.retain(|f| is_list(markers, f));
    families
}

/// Numbers and letters count up: `2024.` after `3.` is a figure, not an item.
fn keep_in_sequence(markers: &[Marker], members: &mut Vec<usize>) {
    let mut prev: Option<u32> = None;
    members.retain(|&i| {
        let Some(code) = markers[i].code.as_ref().filter(|c| c.ordered) else {
            return true;
        };
        let ok = prev.is_none_or(|p| (p..=p + 3).contains(&code.first));
        if ok {
            prev = Some(code.first);
        }
        ok
    });
}

/// A family is a list when two different codes repeat it, or when one code
/// opens the text (or the list after a « : »).
fn is_list(markers: &[Marker], family: &[usize]) -> bool {
    let ids: HashSet<&str> = family
        .iter()
        .filter_map(|&i| markers[i].code.as_ref().map(|c| c.id.as_str()))
        .collect();
    let label = family
        .first()
        .and_then(|&i| markers[i].code.as_ref())
        .is_some_and(|c| c.label);
    match family.first() {
        // `Bloc 1 - Titre :` alone is a title, not a list.
        Some(_) if label => ids.len() >= 2,
        Some(&i) if ids.len() == 1 => {
            let m = &markers[i];
            let opens =
                m.strength == Strength::Start || (m.after_colon && m.strength == Strength::Break);
            opens && m.code.as_ref().is_some_and(|c| !c.bare)
        }
        Some(_) => true,
        None => false,
    }
}

enum Top {
    /// The family's shallowest codes are the items, deeper ones critères.
    Codes {
        depth: usize,
        numeric: bool,
        label: bool,
    },
    Glyph(Glyph),
    /// The compétences found before « Critères : » labels, by marker.
    Anchors(HashSet<usize>),
}

struct Plan {
    top: Top,
    /// Markers whose code becomes [`Item::code`].
    coded: HashSet<usize>,
    /// Top bullets accepted after a single blank (`- A - B` on one line).
    relaxed: HashSet<usize>,
}

/// The first bullet that makes a list: repeated after line breaks, or
/// opening the text (then the same bullet after one blank also counts
/// before a capital or after a `;`).
fn glyph_list(text: &str, markers: &[Marker]) -> Option<(usize, Glyph, HashSet<usize>)> {
    let mut counts: Vec<(Glyph, usize)> = Vec::new();
    for glyph in markers
        .iter()
        .filter(|m| m.glyph_strong)
        .filter_map(|m| m.glyph)
    {
        match counts.iter_mut().find(|(g, _)| *g == glyph) {
            Some((_, n)) => *n += 1,
            None => counts.push((glyph, 1)),
        }
    }
    for (i, m) in markers.iter().enumerate().filter(|(_, m)| m.glyph_strong) {
        let glyph = m.glyph?;
        if counts.iter().any(|&(g, n)| g == glyph && n >= 2) {
            return Some((m.start, glyph, HashSet::new()));
        }
        if m.strength == Strength::Start || m.after_colon {
            // After « : », `- a - b` is a list even in lowercase, if it ends the
            // text on one line: elsewhere, a dash inside a sentence is likelier.
            let lowercase = m.after_colon && one_line_list(text, markers, i);
            let relaxed = markers
                .iter()
                .enumerate()
                .skip(i + 1)
                .filter(|(_, n)| {
                    let starts = lowercase || n.after_semicolon || starts_upper(text, n.code_start);
                    !n.glyph_strong && n.glyph == Some(glyph) && starts
                })
                .map(|(j, _)| j)
                .collect();
            return Some((m.start, glyph, relaxed));
        }
    }
    None
}

/// No former line break after marker `i` but before markers of its bullet.
fn one_line_list(text: &str, markers: &[Marker], i: usize) -> bool {
    let glyph = markers[i].glyph;
    let mut k = i;
    word_starts(&text[markers[i].start..])
        .into_iter()
        .filter(|(_, gap)| gap.strength() >= Strength::Break)
        .all(|(p, _)| {
            let p = markers[i].start + p;
            while k < markers.len() && markers[k].start < p {
                k += 1;
            }
            markers
                .get(k)
                .is_some_and(|m| m.start == p && m.glyph == glyph)
        })
}

/// The structure that opens the list wins: codes, or bullets (whose codes, if
/// they form a list too, are kept).
fn plan(text: &str, markers: &[Marker]) -> Option<Plan> {
    let families = code_families(markers);
    let family = families
        .iter()
        .min_by_key(|f| (markers[f[0]].start, usize::MAX - f.len()))
        .cloned();
    let glyphs = glyph_list(text, markers);
    let mut coded: HashSet<usize> = family.iter().flatten().copied().collect();
    let is_label = |f: &[usize]| markers[f[0]].code.as_ref().is_some_and(|c| c.label);
    // Under numbered labels, the codes of the lists that follow (`C1.1`) are critères.
    if let Some(f) = family.as_ref().filter(|f| is_label(f)) {
        for other in families.iter().filter(|o| o[0] > f[0] && !is_label(o)) {
            coded.extend(other);
        }
    }
    match (family, glyphs) {
        (Some(f), Some((at, glyph, relaxed))) if at < markers[f[0]].start => Some(Plan {
            top: Top::Glyph(glyph),
            coded,
            relaxed,
        }),
        (Some(f), _) => {
            let codes = f.iter().filter_map(|&i| markers[i].code.as_ref());
            let depth = codes.clone().map(|c| c.depth).min().unwrap_or(1);
            let numeric = codes.clone().all(|c| c.numeric);
            let label = codes.clone().any(|c| c.label);
            Some(Plan {
                top: Top::Codes {
                    depth,
                    numeric,
                    label,
                },
                coded,
                relaxed: HashSet::new(),
            })
        }
        (None, Some((_, glyph, relaxed))) => Some(Plan {
            top: Top::Glyph(glyph),
            coded,
            relaxed,
        }),
        (None, None) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Top,
    Child,
    Skip,
}

/// `run`: a bullet list of critères opened after a « : » on the same line,
/// whose next bullets follow after a single blank.
fn classify(i: usize, m: &Marker, plan: &Plan, run: Option<Glyph>) -> Class {
    let coded = plan.coded.contains(&i);
    let top = match plan.top {
        Top::Codes { depth, label, .. } => {
            coded
                && m.code
                    .as_ref()
                    .is_some_and(|c| c.depth == depth && c.label == label)
        }
        Top::Glyph(g) => m.glyph == Some(g) && (m.glyph_strong || plan.relaxed.contains(&i)),
        Top::Anchors(ref anchors) => anchors.contains(&i),
    };
    if top {
        Class::Top
    } else if m.glyph_strong || coded || (m.glyph.is_some() && m.glyph == run) {
        Class::Child
    } else {
        Class::Skip
    }
}

/// An item as byte ranges of the cleaned text.
struct Raw {
    code: Option<String>,
    start: usize,
    end: usize,
    children: Vec<Raw>,
}

struct Built {
    preamble_end: usize,
    items: Vec<Raw>,
    warnings: Vec<String>,
}

fn build(text: &str, markers: &[Marker], plan: &Plan) -> Built {
    let mut structural: Vec<(usize, Class)> = Vec::new();
    let mut run = None;
    for (i, m) in markers.iter().enumerate() {
        let class = match classify(i, m, plan, run) {
            // A deeper code before the first item (`1.1.1` with no `1.1`) is an item.
            Class::Child if structural.is_empty() && plan.coded.contains(&i) => Class::Top,
            Class::Child if structural.is_empty() => Class::Skip,
            class => class,
        };
        match class {
            Class::Top => run = None,
            Class::Child if m.glyph.is_some() && m.after_colon && m.strength < Strength::Break => {
                run = m.glyph;
            }
            _ => {}
        }
        if class != Class::Skip {
            structural.push((i, class));
        }
    }
    let mut seen = HashSet::new();
    let mut warnings = Vec::new();
    let mut items: Vec<Raw> = Vec::new();
    for (k, &(i, class)) in structural.iter().enumerate() {
        let m = &markers[i];
        let end = structural
            .get(k + 1)
            .map_or(text.len(), |&(j, _)| markers[j].start);
        // A label (`Compétence 1 :`) stays in the text.
        let mut code = m
            .code
            .as_ref()
            .filter(|c| plan.coded.contains(&i) && !c.label)
            .map(|c| c.id.clone());
        if let Some(id) = code.as_ref().filter(|id| !seen.insert(id.to_string())) {
            warnings.push(format!(
                "code « {id} » en double : sa répétition reste dans le texte, sans code"
            ));
            code = None;
        }
        let start = if code.is_some() {
            m.content
        } else {
            m.code_start
        };
        let raw = Raw {
            code,
            start,
            end: end.max(start),
            children: Vec::new(),
        };
        match items.last_mut() {
            Some(parent) if class == Class::Child => parent.children.push(raw),
            _ => items.push(raw),
        }
    }
    for item in items.iter_mut().filter(|item| item.children.is_empty()) {
        if let Some((end, children)) = label_children(text, item.start, item.end) {
            item.end = end;
            item.children = children;
        }
    }
    let preamble_end = structural
        .first()
        .map_or(text.len(), |&(i, _)| markers[i].start);
    Built {
        preamble_end,
        items,
        warnings,
    }
}

/// « Critères : » then critères separated by former line breaks: the label
/// stays in the parent's text, the pieces after it are its children.
fn label_children(text: &str, start: usize, end: usize) -> Option<(usize, Vec<Raw>)> {
    for (k, _) in text[start..end].match_indices(':') {
        let after = start + k + 1;
        let rest = skip_blanks(text, after).min(end);
        let blanks = &text[after..rest];
        let broken = blanks.chars().count() >= 2 || blanks.chars().any(is_line_break);
        if rest >= end || !broken || !is_label(&text[start..after]) {
            continue;
        }
        let children = cuts(&text[rest..end], CutMode::List)
            .into_iter()
            .map(|(a, b)| Raw {
                code: None,
                start: rest + a,
                end: rest + b,
                children: Vec::new(),
            })
            .collect();
        return Some((after, children));
    }
    None
}

fn is_label(before_colon: &str) -> bool {
    const LABELS: [&str; 6] = [
        "critère",
        "critere",
        "capacité",
        "capacite",
        "indicateur",
        "attendu",
    ];
    // The last words are enough, and a bounded tail keeps long items linear.
    let mut from = before_colon.len().saturating_sub(120);
    while !before_colon.is_char_boundary(from) {
        from -= 1;
    }
    words(&before_colon[from..])
        .iter()
        .rev()
        .take(3)
        .any(|w| LABELS.iter().any(|label| w.starts_with(label)))
}

fn to_item(text: &str, raw: &Raw) -> Item {
    Item {
        code: raw.code.clone(),
        text: collapse(&text[raw.start..raw.end]),
        children: raw
            .children
            .iter()
            .map(|child| to_item(text, child))
            .filter(is_kept)
            .collect(),
    }
}

/// A bullet with nothing after it is no item.
fn is_kept(item: &Item) -> bool {
    item.code.is_some() || !item.text.is_empty() || !item.children.is_empty()
}

fn split_marked(text: &str, markers: &[Marker]) -> Option<Split> {
    split_with(text, markers, &plan(text, markers)?)
}

fn split_with(text: &str, markers: &[Marker], plan: &Plan) -> Option<Split> {
    let built = build(text, markers, plan);
    let items: Vec<Item> = built
        .items
        .iter()
        .map(|raw| to_item(text, raw))
        .filter(is_kept)
        .collect();
    if items.is_empty() {
        return None;
    }
    let nested = items.iter().any(|item| !item.children.is_empty());
    let rule = match plan.top {
        Top::Codes { label: true, .. } => Rule::Numbered,
        Top::Anchors(_) => Rule::Criteria,
        Top::Codes { numeric: true, .. } => Rule::Outline,
        Top::Codes { .. } if nested => Rule::CodesWithCriteria,
        Top::Codes { .. } => Rule::Codes,
        Top::Glyph(_) if nested => Rule::TwoLevels,
        Top::Glyph(Glyph::Dash) => Rule::Dashes,
        Top::Glyph(_) => Rule::Bullets,
    };
    Some(Split {
        preamble: collapse(&text[..built.preamble_end]),
        items,
        rule,
        warnings: built.warnings,
    })
}

// ---------------------------------------------------------------------------
// « Critères : » labels without item markers

/// `Réaliser l’accueil. Critères d’évaluation : - a - b   Traiter. Critères : - c`:
/// the sentence before each label (back to a former line break) is a
/// compétence, the list after the label its critères. Only when no list
/// opens before the first label: then the list is that of the compétences.
fn split_criteria(text: &str, markers: &[Marker]) -> Option<Split> {
    let labels = criteria_labels(text);
    let first_label = labels.first()?.0;
    if let Some(plan) = plan(text, markers) {
        let first_top = markers
            .iter()
            .enumerate()
            .find(|&(i, m)| plan.coded.contains(&i) || classify(i, m, &plan, None) == Class::Top);
        if first_top.is_some_and(|(_, m)| m.start < first_label) {
            return None;
        }
    }
    let anchors = criteria_anchors(text, &labels)?;
    let (markers, tops) = with_anchors(markers, &anchors);
    let plan = Plan {
        top: Top::Anchors(tops),
        coded: HashSet::new(),
        relaxed: HashSet::new(),
    };
    let split = split_with(text, &markers, &plan)?;
    split
        .items
        .iter()
        .any(|item| !item.children.is_empty())
        .then_some(split)
}

/// Where each compétence starts: the former line break before its label, or
/// (when the critères ran on one line) the last capital after a sentence end
/// or a bare word. Before the first one, former lines are compétences
/// without critères, but for a preamble ending with « : ».
fn criteria_anchors(text: &str, labels: &[(usize, usize)]) -> Option<Vec<usize>> {
    let starts = word_starts(text);
    let mut anchors = Vec::new();
    let mut k = 0;
    let mut low = 0;
    let mut used = 0;
    // `A   B   Critères :   - x   - y`: one label on its own line after
    // several lines is a heading for the bloc, not a compétence's.
    let mut heading = false;
    for (n, &(label, colon_end)) in labels.iter().enumerate() {
        if label < low {
            continue; // within the previous label (`Critères : Indicateurs :`)
        }
        while k < starts.len() && starts[k].0 <= low {
            k += 1;
        }
        let from = k;
        while k < starts.len() && starts[k].0 < label {
            k += 1;
        }
        let between = &starts[from..k];
        let is_break = |&&(p, gap): &&(usize, Gap)| is_boundary(text, p, gap);
        if n == 0 {
            let first = starts.first().map_or(0, |&(p, _)| p);
            if first >= label {
                return None; // the text opens with the label: no compétence
            }
            let breaks: Vec<usize> = between.iter().filter(is_break).map(|&(p, _)| p).collect();
            // `Le candidat doit : Réaliser l’accueil. Critères :` on one line.
            let last_break = breaks.last().copied().unwrap_or(first);
            let after_colon = between
                .iter()
                .rev()
                .take_while(|&&(p, _)| p > last_break)
                .find(|&&(p, gap)| gap.prev == Some(':') && starts_upper(text, p))
                .map(|&(p, _)| p);
            let pieces: Vec<usize> = std::iter::once(first)
                .chain(breaks)
                .chain(after_colon)
                .collect();
            // The pieces up to the last one ending with « : » are the preamble.
            let preamble = (1..pieces.len())
                .rev()
                .find(|&i| text[..pieces[i]].trim_end().ends_with(':'))
                .unwrap_or(0);
            anchors.extend_from_slice(&pieces[preamble..]);
            let own_line = starts
                .get(k)
                .is_some_and(|&(p, gap)| p == label && is_boundary(text, p, gap));
            heading = own_line && pieces.len() - preamble >= 2;
        } else {
            let start = between.iter().rev().find(is_break).or_else(|| {
                between.iter().rev().find(|&&(p, gap)| {
                    let after_word = gap.strength() == Strength::Weak
                        && gap.prev.is_some_and(char::is_alphanumeric);
                    let after_sentence = matches!(gap.prev, Some('.' | ';' | '!' | '?'));
                    starts_upper(text, p) && (after_word || after_sentence)
                })
            });
            match start {
                Some(&(p, _)) => anchors.push(p),
                None => continue, // one more critère of the previous compétence
            }
        }
        low = colon_end;
        used += 1;
    }
    (used > 1 || !heading).then_some(anchors)
}

/// A former line break: a line break or 2+ blanks, not before a lowercase
/// word that goes on with a sentence.
fn is_boundary(text: &str, p: usize, gap: Gap) -> bool {
    gap.prev.is_some() && (gap.line_break || (gap.blanks >= 2 && !mid_sentence(text, p, gap)))
}

/// The markers with one more at each anchor (or the marker there), and the anchors' indexes.
fn with_anchors(markers: &[Marker], anchors: &[usize]) -> (Vec<Marker>, HashSet<usize>) {
    let anchor = |start: usize| Marker {
        start,
        code_start: start,
        content: start,
        glyph: None,
        code: None,
        strength: Strength::Break,
        after_colon: false,
        after_semicolon: false,
        glyph_strong: false,
        code_strong: false,
        code_weak: false,
    };
    let mut out = Vec::with_capacity(markers.len() + anchors.len());
    let mut tops = HashSet::new();
    let mut next = anchors.iter().copied().peekable();
    for m in markers {
        while let Some(a) = next.next_if(|&a| a < m.content.max(m.start + 1)) {
            if a < m.start {
                tops.insert(out.len());
                out.push(anchor(a));
            } else {
                tops.insert(out.len()); // the marker itself starts the compétence
            }
        }
        out.push(m.clone());
    }
    for a in next {
        tops.insert(out.len());
        out.push(anchor(a));
    }
    (out, tops)
}

/// « Critères d’évaluation : », « Indicateurs : », « Savoir-faire : »… at a
/// sentence start: where each label starts, and where its colon ends.
fn criteria_labels(text: &str) -> Vec<(usize, usize)> {
    text.match_indices(':')
        .filter_map(|(c, _)| criteria_label_before(text, c).map(|start| (start, c + 1)))
        .collect()
}

fn criteria_label_before(text: &str, colon: usize) -> Option<usize> {
    const LABELS: [&str; 12] = [
        "critère",
        "critères",
        "critere",
        "criteres",
        "indicateur",
        "indicateurs",
        "capacité",
        "capacités",
        "capacite",
        "capacites",
        "savoir-faire",
        "savoirs-faire",
    ];
    const QUALIFIERS: [&str; 9] = [
        "d'évaluation",
        "d'evaluation",
        "de",
        "évaluation",
        "performance",
        "réussite",
        "associés",
        "observables",
        "attendus",
    ];
    let is_blank = |c: char| c.is_whitespace() && !is_line_break(c);
    let mut end = colon;
    // Up to three words back: the label, then its qualifiers. A word is
    // letters, `'` and `-` after a blank, so the scan never passes another
    // colon: all colons together stay linear.
    for _ in 0..3 {
        let word_end = text[..end].trim_end_matches(is_blank).len();
        let mut word_start = word_end;
        for (i, c) in text[..word_end].char_indices().rev().take(21) {
            if !(c.is_alphabetic() || matches!(c, '\'' | '’' | '-')) {
                break;
            }
            word_start = i;
        }
        let before = text[..word_start].chars().next_back();
        if word_start == word_end
            || word_end - word_start > 40
            || before.is_some_and(|c| !c.is_whitespace())
        {
            return None;
        }
        let word = text[word_start..word_end].to_lowercase().replace('’', "'");
        if LABELS.contains(&word.as_str()) {
            let before = text[..word_start].trim_end_matches(is_blank);
            let blanks = text[before.len()..word_start].chars().count();
            let opens = before.chars().next_back().is_none_or(|c| {
                is_line_break(c) || blanks >= 2 || matches!(c, '.' | ';' | ':' | '!' | '?')
            });
            return opens.then_some(word_start);
        }
        if !QUALIFIERS.contains(&word.as_str()) {
            return None;
        }
        end = word_start;
    }
    None
}

// ---------------------------------------------------------------------------
// Texts without markers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CutMode {
    /// Line breaks, runs of 3+ blanks.
    Items,
    /// Also 2 blanks between a sentence end and a capital.
    Relaxed,
    /// Also 2 blanks before a list marker.
    Display,
    /// Line breaks, runs of 3+ blanks even inside a sentence: a list follows a label.
    List,
}

/// Byte ranges of the pieces of `text`, blanks included.
fn cuts(text: &str, mode: CutMode) -> Vec<(usize, usize)> {
    let mut bounds = vec![0];
    bounds.extend(
        word_starts(text)
            .into_iter()
            .filter(|&(p, gap)| p > 0 && gap.prev.is_some() && is_cut(text, p, gap, mode))
            .map(|(p, _)| p),
    );
    bounds.push(text.len());
    bounds.windows(2).map(|w| (w[0], w[1])).collect()
}

fn is_cut(text: &str, p: usize, gap: Gap, mode: CutMode) -> bool {
    if gap.line_break {
        return true;
    }
    let next = text[p..].chars().next();
    let mid_sentence = mid_sentence(text, p, gap);
    if gap.blanks >= 3 && (!mid_sentence || mode == CutMode::List) {
        return true;
    }
    gap.blanks >= 2
        && match mode {
            CutMode::Items | CutMode::List => false,
            CutMode::Relaxed => {
                matches!(gap.prev, Some('.' | ';' | '!' | '?' | ':'))
                    && next.is_some_and(char::is_uppercase)
            }
            CutMode::Display => marker_at(text, p, gap).is_some_and(|m| {
                m.glyph_strong || m.code_strong || m.code.as_ref().is_some_and(|c| c.label)
            }),
        }
}

/// `établissements   publics`, `continue   (établissements`: a lowercase word or
/// a bracket after a word goes on with the sentence.
fn mid_sentence(text: &str, p: usize, gap: Gap) -> bool {
    text[p..]
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c == '(')
        && gap
            .prev
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '(' | '\'' | '’' | '-'))
}

fn split_paragraphs(text: &str) -> Option<Split> {
    let mut pieces = cuts(text, CutMode::Items);
    if pieces.len() < 2 {
        pieces = cuts(text, CutMode::Relaxed);
    }
    let mut texts: Vec<String> = pieces
        .iter()
        .map(|&(a, b)| collapse(&text[without_bullet(text, a, b)..b]))
        .filter(|t| !t.is_empty())
        .collect();
    let preamble = if texts.len() >= 2 && texts[0].ends_with(':') {
        texts.remove(0)
    } else {
        String::new()
    };
    if texts.len() == 1 && !preamble.is_empty() {
        return Some(Split {
            preamble,
            items: vec![plain(texts.remove(0))],
            rule: Rule::Whole,
            warnings: vec![NOT_SPLIT.to_string()],
        });
    }
    // Short pieces cut by blanks are more likely a layout than a list.
    let word_count: usize = texts.iter().map(|t| words(t).len()).sum();
    let line_breaks = text.trim().contains(is_line_break);
    if texts.len() < 2 || (!line_breaks && word_count < 3 * texts.len()) {
        return None;
    }
    Some(Split {
        preamble,
        items: texts.into_iter().map(plain).collect(),
        rule: Rule::Paragraphs,
        warnings: Vec::new(),
    })
}

/// Where a piece's text starts, past its bullet if it has one.
fn without_bullet(text: &str, a: usize, b: usize) -> usize {
    let a = skip_blanks(text, a).min(b);
    bullet_at(text, a).map_or(a, |(_, next)| if next <= b { next } else { a })
}

fn split_whole(text: &str) -> Split {
    let all = collapse(text);
    if all.ends_with(':') {
        return Split {
            preamble: all,
            items: Vec::new(),
            rule: Rule::Whole,
            warnings: vec![format!("{NOTHING} : seulement un préambule")],
        };
    }
    Split {
        preamble: String::new(),
        items: vec![plain(all)],
        rule: Rule::Whole,
        warnings: vec![NOT_SPLIT.to_string()],
    }
}

// ---------------------------------------------------------------------------
// Cleaning older exports

/// `&eacute;`, `&#233;`, `&#xE9;`; `None` when there is none. A bare `&`
/// (`R&D`) or an unknown name stays as it is.
fn decode_entities(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(k) = s[from..].find('&') {
        let amp = from + k;
        let rest = &s[amp + 1..];
        let semi = rest
            .char_indices()
            .take(33)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        if let Some(decoded) = semi.and_then(|i| resolve_entity(&rest[..i])) {
            out.push_str(&s[last..amp]);
            out.push_str(&decoded);
            last = amp + 1 + semi.unwrap_or(0) + 1;
            from = last;
        } else {
            from = amp + 1;
        }
    }
    if last == 0 {
        return None;
    }
    out.push_str(&s[last..]);
    Some(out)
}

fn resolve_entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        if !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let value = u32::from_str_radix(digits, radix).ok()?;
        return char::from_u32(value)
            .filter(|&c| c != '\0')
            .map(String::from);
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    resolve_html5_entity(name).map(str::to_string)
}

const BLOCK_TAGS: &str = "p br div ul ol li h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr \
                          blockquote hr section article pre dl dt dd";
const INLINE_TAGS: &str = "span strong b i em u a font sup sub small big s strike mark abbr \
                           code img cite q ins del tt label td th center";

fn is_tag(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|t| t == name)
}

struct Tag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
}

/// Known HTML tags turned into line breaks and `- ` items; `None` when the
/// text has no tag.
fn strip_tags(s: &str) -> Option<String> {
    let tags = find_tags(s);
    if tags.is_empty() {
        return None;
    }
    // In HTML the source's own line breaks are mere blanks.
    let block = tags.iter().any(|t| is_tag(BLOCK_TAGS, &t.name));
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut depth = 0usize;
    for tag in &tags {
        push_html_text(&mut out, &s[last..tag.start], block);
        out.push_str(&tag_replacement(tag, &mut depth, &s[tag.end..]));
        last = tag.end;
    }
    push_html_text(&mut out, &s[last..], block);
    let lines: Vec<&str> = out
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    Some(lines.join("\n"))
}

fn push_html_text(out: &mut String, chunk: &str, block: bool) {
    if block {
        out.extend(
            chunk
                .chars()
                .map(|c| if is_line_break(c) { ' ' } else { c }),
        );
    } else {
        out.push_str(chunk);
    }
}

fn tag_replacement(tag: &Tag, depth: &mut usize, after: &str) -> String {
    match (tag.name.as_str(), tag.closing) {
        ("li", false) => {
            let after = after.trim_start();
            if bullet_at(after, 0).is_some() {
                "\n".to_string()
            } else if *depth > 1 {
                "\n◦ ".to_string()
            } else {
                "\n- ".to_string()
            }
        }
        ("ul" | "ol", closing) => {
            *depth = if closing {
                depth.saturating_sub(1)
            } else {
                *depth + 1
            };
            "\n".to_string()
        }
        ("td" | "th", _) => " ".to_string(),
        (name, _) if is_tag(BLOCK_TAGS, name) => "\n".to_string(),
        _ => String::new(),
    }
}

fn find_tags(s: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut from = 0;
    // The next `-->` (MAX: none), looked for once per comment, not per `<!--`.
    let mut close: Option<usize> = None;
    while let Some(k) = s[from..].find('<') {
        let start = from + k;
        let tag = if s[start..].starts_with("<!--") {
            if close.is_none_or(|c| c < start + 4) {
                close = Some(
                    s[start + 4..]
                        .find("-->")
                        .map_or(usize::MAX, |c| start + 4 + c),
                );
            }
            close.filter(|&c| c - start <= 20_000).map(|c| Tag {
                start,
                end: c + 3,
                name: "!--".to_string(),
                closing: false,
            })
        } else {
            tag_at(s, start)
        };
        match tag {
            Some(tag) => {
                from = tag.end;
                tags.push(tag);
            }
            None => from = start + 1,
        }
    }
    tags
}

/// `<p>`, `</li>`, `<br/>`, `<span style="…">`, `<o:p>`, `<!-- … -->`; not `< 5 ans` nor `a<b et c>d`.
fn tag_at(s: &str, start: usize) -> Option<Tag> {
    let rest = &s[start..];
    let b = rest.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let n0 = if closing { 2 } else { 1 };
    let name_len = b
        .get(n0..)?
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b':' || **c == b'-')
        .count();
    if name_len == 0 || !b[n0].is_ascii_alphabetic() {
        return None;
    }
    let name = rest[n0..n0 + name_len].to_ascii_lowercase();
    let known = is_tag(BLOCK_TAGS, &name) || is_tag(INLINE_TAGS, &name);
    if !known && !name.contains(':') {
        return None;
    }
    let attrs_end = attributes_end(rest, n0 + name_len)?;
    Some(Tag {
        start,
        end: start + attrs_end,
        name,
        closing,
    })
}

/// Past the `>` of a tag whose attributes are all `name=value`.
fn attributes_end(rest: &str, mut i: usize) -> Option<usize> {
    let b = rest.as_bytes();
    loop {
        if i > 2_000 {
            return None;
        }
        let blanks = b
            .get(i..)?
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        i += blanks;
        match *b.get(i)? {
            b'>' => return Some(i + 1),
            b'/' if b.get(i + 1) == Some(&b'>') => return Some(i + 2),
            _ if blanks == 0 => return None,
            _ => {}
        }
        let name = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':'))
            .count();
        if name == 0 || b.get(i + name) != Some(&b'=') {
            return None;
        }
        i += name + 1;
        i = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                i + 1 + find_near(&rest[i + 1..], if q == b'"' { "\"" } else { "'" }, 2_000)? + 1
            }
            _ => {
                let value = b[i..].iter().take(2_000);
                i + value
                    .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'>' | b'<'))
                    .count()
            }
        };
    }
}

/// Where `needle` starts in the first `limit` bytes of `hay`: a tag never
/// runs on, and a bound keeps a text full of `<` linear.
fn find_near(hay: &str, needle: &str, limit: usize) -> Option<usize> {
    let mut end = hay.len().min(limit);
    while !hay.is_char_boundary(end) {
        end -= 1;
    }
    hay[..end].find(needle)
}

/// `\r\n` and lone line-breaking controls become `\n`; other controls but `\t` go.
fn drop_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.text.as_str()).collect()
    }

    fn codes(items: &[Item]) -> Vec<&str> {
        items
            .iter()
            .map(|i| i.code.as_deref().unwrap_or("-"))
            .collect()
    }

    /// `split`, checked against the no-word-lost rule.
    fn cut(text: &str) -> Split {
        let s = split(text);
        check_no_word_lost(text, &s).unwrap_or_else(|e| panic!("{e}\n{text:?}\n{s:#?}"));
        s
    }

    #[test]
    fn round_bullets() {
        let s = cut("• Analyser le besoin  • Concevoir la solution • Développer l’application");
        assert_eq!(s.rule, Rule::Bullets);
        assert_eq!(
            texts(&s.items),
            [
                "Analyser le besoin",
                "Concevoir la solution",
                "Développer l’application"
            ]
        );
    }

    #[test]
    fn c_codes_with_and_without_blanks() {
        let s = cut("C1. Analyser le besoin C2. Concevoir la solution.  C3 : Tester");
        assert_eq!(s.rule, Rule::Codes);
        assert_eq!(codes(&s.items), ["C1", "C2", "C3"]);
        assert_eq!(texts(&s.items)[1], "Concevoir la solution.");
        let glued = cut("A1C1. Évaluer le contexte    A1C2.Apprécier les incidences");
        assert_eq!(codes(&glued.items), ["A1C1", "A1C2"]);
        assert_eq!(glued.items[1].text, "Apprécier les incidences");
    }

    #[test]
    fn criteria_label_then_dashes() {
        let s = cut(
            "C1. Concevoir un projet. Critères :  - le besoin est analysé  - le coût est chiffré  \
             C2. Développer l’application. Critères : - les tests passent - le code est relu",
        );
        assert_eq!(s.rule, Rule::CodesWithCriteria);
        assert_eq!(codes(&s.items), ["C1", "C2"]);
        assert_eq!(s.items[0].text, "Concevoir un projet. Critères :");
        assert_eq!(
            texts(&s.items[0].children),
            ["le besoin est analysé", "le coût est chiffré"]
        );
        assert_eq!(
            texts(&s.items[1].children),
            ["les tests passent", "le code est relu"]
        );
    }

    #[test]
    fn criteria_label_then_blank_runs() {
        let s = cut(
            "C1. Concevoir un projet. Capacités :   analyser le besoin   chiffrer le coût    \
             C2. Développer",
        );
        assert_eq!(
            texts(&s.items[0].children),
            ["analyser le besoin", "chiffrer le coût"]
        );
        assert_eq!(s.items[0].text, "Concevoir un projet. Capacités :");
        assert!(s.items[1].children.is_empty());
    }

    #[test]
    fn two_level_bullets_and_outline() {
        let s = cut(
            "  * Gérer le parc    o Recenser les postes    o Sauvegarder   * Répondre    o Traiter",
        );
        assert_eq!(s.rule, Rule::TwoLevels);
        assert_eq!(texts(&s.items), ["Gérer le parc", "Répondre"]);
        assert_eq!(
            texts(&s.items[0].children),
            ["Recenser les postes", "Sauvegarder"]
        );
        let o = cut(
            "1. Concevoir  1.1 Analyser  1.2 Modéliser  1.2.1 Schématiser  2. Développer  2.1 Coder",
        );
        assert_eq!(o.rule, Rule::Outline);
        assert_eq!(codes(&o.items), ["1", "2"]);
        assert_eq!(codes(&o.items[0].children), ["1.1", "1.2", "1.2.1"]);
    }

    #[test]
    fn dashes_on_one_line() {
        let s = cut("Le candidat doit : - analyser le besoin ; - concevoir la solution - Tester");
        assert_eq!(
            (s.rule, s.preamble.as_str()),
            (Rule::Dashes, "Le candidat doit :")
        );
        assert_eq!(
            texts(&s.items),
            ["analyser le besoin ;", "concevoir la solution", "Tester"]
        );
        // A dash inside a sentence is no bullet.
        let one = cut("- Piloter l’activité - en particulier la trésorerie -  - Décider");
        assert_eq!(
            texts(&one.items),
            [
                "Piloter l’activité - en particulier la trésorerie -",
                "Décider"
            ]
        );
    }

    #[test]
    fn a_lone_marker_is_no_list() {
        let s = cut(
            "- Analyser le dossier de l’affaire    Concevoir la solution technique    Développer l’application web",
        );
        assert_eq!(s.rule, Rule::Paragraphs);
        assert_eq!(texts(&s.items)[0], "Analyser le dossier de l’affaire");
        assert_eq!(s.items.len(), 3);
        let one = cut("Compétences :  - Analyser le dossier");
        assert_eq!(
            (one.rule, one.preamble.as_str()),
            (Rule::Dashes, "Compétences :")
        );
    }

    #[test]
    fn real_line_breaks() {
        let s = cut("Analyser le besoin\r\nConcevoir la solution\nDévelopper");
        assert_eq!(s.rule, Rule::Paragraphs);
        assert_eq!(
            texts(&s.items),
            ["Analyser le besoin", "Concevoir la solution", "Développer"]
        );
        let dashes = cut("Compétences :\n- Analyser\n- Concevoir");
        assert_eq!(
            (dashes.rule, dashes.preamble.as_str()),
            (Rule::Dashes, "Compétences :")
        );
        assert_eq!(texts(&dashes.items), ["Analyser", "Concevoir"]);
    }

    #[test]
    fn html_lists() {
        let html = "<p>Le candidat sait :</p><ul><li>Analyser le besoin</li>\n<li>Concevoir <b>la</b> solution</li></ul>";
        let s = cut(html);
        assert_eq!(s.preamble, "Le candidat sait :");
        assert_eq!(s.rule, Rule::Dashes);
        assert_eq!(
            texts(&s.items),
            ["Analyser le besoin", "Concevoir la solution"]
        );
        let nested = cut(
            "<ul><li>Gérer<ul><li>Recenser</li><li>Sauvegarder</li></ul></li><li>Répondre</li></ul>",
        );
        assert_eq!(nested.rule, Rule::TwoLevels);
        assert_eq!(texts(&nested.items), ["Gérer", "Répondre"]);
        assert_eq!(
            texts(&nested.items[0].children),
            ["Recenser", "Sauvegarder"]
        );
    }

    #[test]
    fn escaped_html_and_entities() {
        assert_eq!(
            clean("&lt;p&gt;Analyser&lt;/p&gt;&lt;p&gt;Concevoir&lt;/p&gt;"),
            "Analyser\nConcevoir"
        );
        assert_eq!(
            clean("&amp;lt;p&amp;gt;Analyser&amp;lt;br/&amp;gt;le besoin"),
            "Analyser\nle besoin"
        );
        assert_eq!(clean("Cr&eacute;er &#233;t&#xE9;"), "Créer été");
        assert_eq!(clean("Analyser&nbsp;le besoin"), "Analyser\u{a0}le besoin");
        assert_eq!(
            cut("Analyser&nbsp;le besoin").items[0].text,
            "Analyser le besoin"
        );
        let s =
            cut("&lt;ul&gt;&lt;li&gt;Analyser&lt;/li&gt;&lt;li&gt;Concevoir&lt;/li&gt;&lt;/ul&gt;");
        assert_eq!(texts(&s.items), ["Analyser", "Concevoir"]);
    }

    #[test]
    fn text_without_html_is_unchanged() {
        for text in [
            "SI, R&D, Production",
            "a<b et c>d",
            "< 5 ans",
            "R&D; tests &unknown;",
            "x &",
        ] {
            assert_eq!(clean(text), text);
        }
        assert_eq!(clean("R&amp;D &eacute;tudes"), "R&D études");
        assert_eq!(clean("a\u{0}b\u{7}c\td\re"), "abc\td\ne");
    }

    #[test]
    fn empty_and_whitespace() {
        for text in ["", "   \n\t  ", "<p></p>"] {
            let s = cut(text);
            assert!(s.items.is_empty() && s.preamble.is_empty(), "{text:?}");
            assert_eq!(
                (s.rule, s.warnings.as_slice()),
                (Rule::Whole, [NOTHING.to_string()].as_slice())
            );
        }
    }

    #[test]
    fn single_sentence_is_whole() {
        let s = cut("Analyser le besoin  du client en tenant compte   du contexte.");
        assert_eq!(s.rule, Rule::Whole);
        assert_eq!(
            texts(&s.items),
            ["Analyser le besoin du client en tenant compte du contexte."]
        );
        assert_eq!(s.warnings, [NOT_SPLIT]);
    }

    #[test]
    fn preamble_without_items() {
        let s = cut("Les compétences attestées sont les suivantes :  ");
        assert_eq!(s.preamble, "Les compétences attestées sont les suivantes :");
        assert!(s.items.is_empty());
        assert_eq!(s.rule, Rule::Whole);
        assert_eq!(s.warnings.len(), 1);
        let one = cut("Le candidat sait :    analyser le besoin du client");
        assert_eq!(
            (one.preamble.as_str(), one.items.len()),
            ("Le candidat sait :", 1)
        );
    }

    #[test]
    fn preamble_then_sentences() {
        let s = cut(
            "Le candidat est capable de :    Analyser le besoin du client    Concevoir une solution adaptée",
        );
        assert_eq!(s.rule, Rule::Paragraphs);
        assert_eq!(s.preamble, "Le candidat est capable de :");
        assert_eq!(
            texts(&s.items),
            [
                "Analyser le besoin du client",
                "Concevoir une solution adaptée"
            ]
        );
    }

    #[test]
    fn figures_ranges_and_references_do_not_cut() {
        let s = cut(
            "Gérer un budget de 2 000 euros sur 12 mois. 2024. Niveau 5 requis.    \
             Appliquer l'article L. 1233-4 et les codes A3C3 à A3C6 au niveau 5.",
        );
        assert_eq!(s.rule, Rule::Paragraphs);
        assert!(s.items.iter().all(|i| i.code.is_none()));
        let codes_ =
            cut("A1C1. Analyser, voir A1C3 à A1C6  A1C2. Concevoir, A2C2. et A2C3. compris");
        assert_eq!(codes(&codes_.items), ["A1C1", "A1C2"]);
    }

    #[test]
    fn duplicate_codes_lose_their_code() {
        let s = cut("C1. Analyser  C1. Concevoir  C2. Tester");
        assert_eq!(codes(&s.items), ["C1", "-", "C2"]);
        assert_eq!(s.items[1].text, "C1. Concevoir");
        assert_eq!(s.warnings.len(), 1);
    }

    #[test]
    fn codes_are_ids() {
        let s = cut("A5.C1. Réaliser  A5.C2) Valider  A5.C3- Préconiser  A5.C4: Organiser");
        assert_eq!(codes(&s.items), ["A5.C1", "A5.C2", "A5.C3", "A5.C4"]);
        let letters = cut("a) Analyser le besoin  b) Concevoir la solution");
        assert_eq!(codes(&letters.items), ["a", "b"]);
    }

    #[test]
    fn paragraphs_restore_line_breaks() {
        let text = "Scolaires (établissements   publics).    CCF  - Ponctuelle orale\nEntretien  avec le jury  A1C2. Note";
        assert_eq!(
            paragraphs(text),
            [
                "Scolaires (établissements publics).",
                "CCF",
                "- Ponctuelle orale",
                "Entretien avec le jury",
                "A1C2. Note"
            ]
        );
        assert!(paragraphs("  \n ").is_empty());
    }

    #[test]
    fn words_and_check() {
        assert_eq!(
            words("A1C2.Apprécier R&D, Été"),
            ["a1c2", "apprécier", "r", "d", "été"]
        );
        let source = "- Analyser le besoin  - Concevoir";
        let mut s = split(source);
        assert!(check_no_word_lost(source, &s).is_ok());
        s.items[1].text = "Concevoir vite".into();
        assert!(
            check_no_word_lost(source, &s)
                .unwrap_err()
                .contains("« vite »")
        );
        s.items[1].text.clear();
        assert!(
            check_no_word_lost(source, &s)
                .unwrap_err()
                .contains("« concevoir »")
        );
    }

    #[test]
    fn every_rule_is_described() {
        use Rule::*;
        for rule in [
            Codes,
            CodesWithCriteria,
            Outline,
            Bullets,
            TwoLevels,
            Dashes,
            Numbered,
            Criteria,
            Paragraphs,
            Whole,
        ] {
            assert!(!rule.describe().is_empty());
        }
    }

    #[test]
    fn numbered_labels_stay_in_the_text() {
        let expected = [
            "Compétence 1 : Accueillir le client et identifier sa demande",
            "Compétence 2 : Conseiller le client sur les produits",
            "Compétence 3 : Conclure la vente",
        ];
        for gap in ["  ", " ", "\n"] {
            let s = cut(&expected.join(gap));
            assert_eq!(
                (s.rule, texts(&s.items)),
                (Rule::Numbered, expected.to_vec())
            );
            assert!(s.preamble.is_empty() && s.items.iter().all(|i| i.code.is_none()));
        }
        for (text, first) in [
            (
                "Capacité 1 – Accueillir le client Capacité 2 – Conseiller",
                "Capacité 1 – Accueillir le client",
            ),
            (
                "Activité 1 : Accueillir  Activité 2 : Conseiller",
                "Activité 1 : Accueillir",
            ),
            (
                "CP 3 : Accueillir le client CP 4 : Conseiller",
                "CP 3 : Accueillir le client",
            ),
            (
                "Compétence n°4 : Accueillir Compétence n°5 : Conseiller",
                "Compétence n°4 : Accueillir",
            ),
            (
                "Compétence 1- Accueillir Compétence 2- Conseiller",
                "Compétence 1- Accueillir",
            ),
        ] {
            let s = cut(text);
            assert_eq!(
                (s.rule, s.items.len(), s.items[0].text.as_str()),
                (Rule::Numbered, 2, first),
                "{text}"
            );
        }
        // The bloc's title is no item; numbers that skip are no list.
        let coded = cut(
            "Compétence 1 : Accueillir le client : C1.1 Saluer C1.2 Écouter Compétence 2 : \
             Conseiller : C2.1 Proposer",
        );
        assert_eq!(coded.rule, Rule::Numbered);
        assert_eq!(coded.items[0].text, "Compétence 1 : Accueillir le client :");
        assert_eq!(codes(&coded.items[0].children), ["C1.1", "C1.2"]);
        assert_eq!(texts(&coded.items[1].children), ["Proposer"]);
        let titled = cut("Bloc 2 - Vendre : Compétence 1 : Accueillir Compétence 2 : Conseiller");
        assert_eq!(titled.preamble, "Bloc 2 - Vendre :");
        assert_eq!(titled.items.len(), 2);
        for text in [
            "Compétence 1 : Accueillir le client Compétence 3 : Conseiller le client",
            "Maîtriser la Compétence 1 : accueillir, puis la compétence 2 : conseiller",
            "Respecter la Norme 2024 : sécurité. Respecter la Norme 2025 : qualité",
        ] {
            assert_ne!(cut(text).rule, Rule::Numbered, "{text}");
        }
        assert_eq!(
            paragraphs("Compétence 1 : Accueillir  Compétence 2 : Conseiller"),
            ["Compétence 1 : Accueillir", "Compétence 2 : Conseiller"]
        );
    }

    #[test]
    fn dashes_after_a_colon_in_lowercase() {
        let s = cut(
            "A partir d'une commande client, le candidat doit être capable de : - préparer les \
             matériaux - réaliser l'ouvrage - contrôler la conformité",
        );
        assert_eq!(
            (s.rule, s.preamble.as_str()),
            (
                Rule::Dashes,
                "A partir d'une commande client, le candidat doit être capable de :"
            )
        );
        assert_eq!(
            texts(&s.items),
            [
                "préparer les matériaux",
                "réaliser l'ouvrage",
                "contrôler la conformité"
            ]
        );
        // No colon before, or former lines after: dashes inside sentences.
        let sentence = cut(
            "A3C3. Piloter en intégrant les enjeux de l’entreprise - en particulier la \
             rentabilité - sur la base d'un diagnostic  A3C4. Conclure",
        );
        assert_eq!(codes(&sentence.items), ["A3C3", "A3C4"]);
        assert!(
            sentence.items[0]
                .text
                .contains("l’entreprise - en particulier")
        );
        let lines = cut(
            "Analyser le besoin du client : - en tenant compte du contexte - et des délais    \
             Concevoir la solution    Tester",
        );
        assert_eq!((lines.rule, lines.items.len()), (Rule::Paragraphs, 3));
        assert!(lines.items[0].text.ends_with("- et des délais"));
    }

    #[test]
    fn plain_numbers_after_one_blank() {
        let expected = [
            "Analyser une demande",
            "Elaborer un diagnostic",
            "Proposer un plan d'action",
        ];
        for (text, ids) in [
            (
                "1. Analyser une demande 2. Elaborer un diagnostic 3. Proposer un plan d'action",
                ["1", "2", "3"],
            ),
            (
                "1) Analyser une demande 2) Elaborer un diagnostic 3) Proposer un plan d'action",
                ["1", "2", "3"],
            ),
            (
                "a) Analyser une demande b) Elaborer un diagnostic c) Proposer un plan d'action",
                ["a", "b", "c"],
            ),
        ] {
            let s = cut(text);
            assert_eq!(
                (codes(&s.items), texts(&s.items)),
                (ids.to_vec(), expected.to_vec()),
                "{text}"
            );
        }
        let outline = cut("1.1 Analyser une demande 1.2 Elaborer un diagnostic 1.3 Conclure");
        assert_eq!(codes(&outline.items), ["1.1", "1.2", "1.3"]);
        // Figures, references and years never cut, nor numbers out of step.
        let s = cut(
            "1. Gérer un budget sur 3 mois au niveau 5 Selon l'Article L. 1234-1 Pour 2024. \
             Puis l'annexe 2. Les délais 4. Tenir 2. Conclure le dossier",
        );
        assert_eq!(codes(&s.items), ["1", "2"]);
        assert_eq!(s.items[1].text, "Conclure le dossier");
        assert_eq!(
            cut("Respecter 2. Les délais 3. Les coûts").rule,
            Rule::Whole
        );
        assert_eq!(cut("1. Analyser 2. elaborer 3. proposer").items.len(), 1);
    }

    #[test]
    fn criteria_labels_without_codes() {
        let s = cut(
            "Réaliser l'accueil physique et téléphonique. Critères d'évaluation : - l'accueil est \
             courtois - la demande est identifiée   Traiter les demandes simples. Critères \
             d'évaluation : - la réponse est adaptée",
        );
        assert_eq!((s.rule, s.preamble.as_str()), (Rule::Criteria, ""));
        assert_eq!(
            texts(&s.items),
            [
                "Réaliser l'accueil physique et téléphonique. Critères d'évaluation :",
                "Traiter les demandes simples. Critères d'évaluation :"
            ]
        );
        assert_eq!(
            texts(&s.items[0].children),
            ["l'accueil est courtois", "la demande est identifiée"]
        );
        assert_eq!(texts(&s.items[1].children), ["la réponse est adaptée"]);
        let coded = cut(
            "C1. Réaliser l'accueil. Critères : - courtois - demande identifiée C2. Traiter les \
             demandes. Critères : - réponse adaptée",
        );
        assert_eq!(codes(&coded.items), ["C1", "C2"]);
        let counts = |s: &Split| s.items.iter().map(|i| i.children.len()).collect::<Vec<_>>();
        assert_eq!(counts(&coded), [2, 1]);
        // One line, real lines, a preamble, other labels, critères after blanks.
        for text in [
            "Réaliser l'accueil. Critères : - courtois - identifiée Traiter. Critères : - adaptée",
            "Réaliser l'accueil. Critères : - courtois - identifiée. Traiter. Critères : - adaptée",
            "Réaliser l'accueil\nCritères :\n- courtois\n- identifiée\nTraiter\nCritères :\n- adaptée",
            "Le candidat doit :   Réaliser l'accueil. Indicateurs : - courtois - identifiée   \
             Traiter. Savoir-faire : - adaptée",
            "Le candidat doit : Réaliser l'accueil. Capacités : - courtois - identifiée   \
             Traiter. Critère de performance : - adaptée",
            "Le candidat doit\n: Réaliser l'accueil. Critères d’évaluation : - courtois - \
             identifiée   Traiter. Critères : - adaptée",
            "Réaliser l'accueil. Critères :   courtois   identifiée    Traiter. Critères :   adaptée",
        ] {
            let s = cut(text);
            assert_eq!((s.rule, counts(&s)), (Rule::Criteria, vec![2, 1]), "{text}");
            assert!(s.items[0].text.starts_with("Réaliser l'accueil"), "{text}");
            assert!(s.items[1].text.starts_with("Traiter"), "{text}");
            assert!(
                s.preamble.is_empty() || s.preamble == "Le candidat doit :",
                "{text}"
            );
        }
        // A label opening the text, a heading for the bloc, a word in a sentence.
        let heading = cut("Critères d'évaluation : - courtois - identifiée");
        assert_eq!((heading.rule, heading.items.len()), (Rule::Dashes, 2));
        let bloc = cut(
            "Compétences :   Analyser le besoin du client   Concevoir la solution   Critères \
             d'évaluation :   le besoin est analysé",
        );
        assert_eq!((bloc.rule, bloc.items.len()), (Rule::Paragraphs, 4));
        assert_eq!(bloc.items[2].text, "Critères d'évaluation :");
        let word = cut("Le candidat respecte les critères : - délais - coûts");
        assert_eq!((word.rule, word.items.len()), (Rule::Dashes, 2));
    }

    #[test]
    fn bloc_title_then_codes() {
        let s = cut("Bloc 1 - Intitulé du bloc : C1.1 Faire ceci C1.2 Faire cela");
        assert_eq!(s.preamble, "Bloc 1 - Intitulé du bloc :");
        assert_eq!(codes(&s.items), ["C1.1", "C1.2"]);
        assert_eq!(texts(&s.items), ["Faire ceci", "Faire cela"]);
    }

    #[test]
    fn other_forms_of_the_register() {
        let cp = cut(
            "CP1 - Planifier les interventions de maintenance ; CP2 - Diagnostiquer une panne ; \
             CP3 - Réaliser une intervention corrective",
        );
        assert_eq!(
            (cp.rule, codes(&cp.items)),
            (Rule::Codes, vec!["CP1", "CP2", "CP3"])
        );
        assert_eq!(
            cp.items[0].text,
            "Planifier les interventions de maintenance ;"
        );
        let bullets =
            cut("• Organiser le travail de l'équipe • Contrôler la qualité • Rendre compte");
        assert_eq!((bullets.rule, bullets.items.len()), (Rule::Bullets, 3));
        let lines = cut(
            "Compétences :\nIdentifier les risques\nMettre en œuvre les mesures\nRendre compte",
        );
        assert_eq!(
            (lines.rule, lines.preamble.as_str(), lines.items.len()),
            (Rule::Paragraphs, "Compétences :", 3)
        );
        let mixed = cut(
            "- Accueillir le client :   o Saluer   o Écouter  - Conseiller le client :   o Proposer",
        );
        assert_eq!(mixed.rule, Rule::TwoLevels);
        assert_eq!(
            texts(&mixed.items),
            ["Accueillir le client :", "Conseiller le client :"]
        );
        assert_eq!(texts(&mixed.items[0].children), ["Saluer", "Écouter"]);
        assert_eq!(texts(&mixed.items[1].children), ["Proposer"]);
    }

    /// 1 MB texts built to make a rule go quadratic: each is cut in time.
    #[test]
    fn large_inputs_stay_linear() {
        let mb = 1 << 20;
        let numbered: String = (0..mb / 20)
            .map(|i| format!("Compétence {} : Faire ", i % 999))
            .collect();
        let counting: String = (0..mb / 12)
            .map(|i| format!("{}. Faire ", i % 99 + 1))
            .collect();
        let pieces = [
            "Faire x. Critères :   a   b    ",
            "Critères : ",
            " de :",
            "a:",
            "x. Critères : a a a a ",
            "annexe 2. Les ",
            "C1.1 Faire C1.2 Faire ",
        ];
        let mixed: String = pieces.iter().map(|p| p.repeat(mb / 7 / p.len())).collect();
        for text in [
            numbered,
            counting,
            "Faire. Critères : - b ".repeat(mb / 22),
            format!("Le candidat : {}", "- a ".repeat(mb / 4)),
            mixed,
        ] {
            let start = std::time::Instant::now();
            let s = split(&text);
            let elapsed = start.elapsed();
            check_no_word_lost(&text, &s).unwrap();
            // About 1 s unoptimised, 0.2 s optimised; quadratic would be minutes.
            assert!(elapsed.as_secs() < 10, "{elapsed:?} for {:?}…", &text[..40]);
        }
    }

    // --- Fuzzing: any input, no panic, no word lost, well-formed items.

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: [&str; 54] = [
        "- ",
        "• ",
        "* ",
        "o ",
        "· ",
        "– ",
        "◦ ",
        "-",
        "o",
        "*",
        "A1C1. ",
        "A1C2.",
        "A5.C1 ",
        "C1. ",
        "C2 : ",
        "C1 - ",
        "1.1 ",
        "1.1.1 ",
        "3.1.2. ",
        "2. ",
        "a) ",
        "2) ",
        "Compétence 1 : ",
        "Compétence 2 – ",
        "CP 3 : ",
        "n°",
        "Critères d'évaluation : ",
        "Critères : ",
        "Capacités :",
        ": ",
        ". ",
        "; ",
        "à ",
        "et ",
        "2024. ",
        "niveau 5 ",
        "R&D ",
        "&amp;",
        "&lt;li&gt;",
        "<br>",
        "<li>",
        "<ul>",
        "</li>",
        "</ul>",
        "&nbsp;",
        "&#233;",
        "&#0;",
        "Analyser ",
        "le besoin ",
        "Évaluer ",
        "\u{301}",
        "😀",
        "Ω",
        "œuvre ",
    ];
    const BLANKS: [&str; 8] = [
        " ",
        "  ",
        "   ",
        "      ",
        "\n",
        "\r\n",
        "\t",
        "\u{a0}\u{a0}\u{a0}",
    ];

    fn random_text(rng: &mut Rng) -> String {
        let mut text = String::new();
        for _ in 0..rng.below(40) {
            match rng.below(10) {
                0..=5 => text.push_str(PIECES[rng.below(PIECES.len())]),
                6..=7 => text.push_str(BLANKS[rng.below(BLANKS.len())]),
                8 => text.push_str(
                    ["<", ">", "&", ";", "#", "/", "=", "\"", "!--", "-->"][rng.below(10)],
                ),
                _ => {
                    let c = char::from_u32((rng.next() % 0x3_0000) as u32).unwrap_or('x');
                    text.push(c);
                }
            }
        }
        text
    }

    fn assert_well_formed(item: &Item, text: &str) {
        assert!(is_kept(item), "empty item in {text:?}");
        assert_eq!(item.text, collapse(&item.text), "{text:?}");
        if let Some(code) = &item.code {
            assert!(
                !code.is_empty() && !code.contains(char::is_whitespace),
                "{code:?}"
            );
            assert!(!code.ends_with(['.', ':', ')', '-']), "{code:?}");
        }
        item.children.iter().for_each(|child| {
            assert!(child.children.is_empty());
            assert_well_formed(child, text);
        });
    }

    #[test]
    fn fuzz_never_loses_a_word() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..4000 {
            let text = random_text(&mut rng);
            let s = cut(&text);
            s.items
                .iter()
                .for_each(|item| assert_well_formed(item, &text));
            assert!(!s.items.is_empty() || !s.warnings.is_empty(), "{text:?}");
            let joined = paragraphs(&text).join(" ");
            assert_eq!(words(&joined), words(&clean(&text)), "{text:?}");
        }
    }

    // --- The real exports of ../shared.

    /// The `LISTE_COMPETENCES` of a shared export, by bloc code.
    fn shared_blocs(file: &str) -> Option<Vec<(String, String)>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/rncp")
            .join(file);
        let Ok(xml) = std::fs::read_to_string(&path) else {
            if std::env::var_os("LIVRET_REQUIRE_SHARED").is_some() {
                panic!(
                    "{} absent, and LIVRET_REQUIRE_SHARED is set",
                    path.display()
                );
            }
            eprintln!("SKIPPED: ../shared absent");
            return None;
        };
        let unescape = |s: &str| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        };
        let mut blocs = Vec::new();
        let mut rest = xml.as_str();
        while let Some(open) = rest.find("<LISTE_COMPETENCES>") {
            let code_at = rest[..open].rfind("<CODE>").expect("a bloc code") + "<CODE>".len();
            let code = &rest[code_at..code_at + rest[code_at..].find('<').expect("</CODE>")];
            let body = &rest[open + "<LISTE_COMPETENCES>".len()..];
            let close = body.find("</LISTE_COMPETENCES>").expect("a closed element");
            blocs.push((code.to_string(), unescape(&body[..close])));
            rest = &body[close..];
        }
        Some(blocs)
    }

    fn shared_splits(file: &str) -> Option<Vec<(String, Split)>> {
        let blocs = shared_blocs(file)?;
        Some(
            blocs
                .into_iter()
                .map(|(code, text)| (code, cut(&text)))
                .collect(),
        )
    }

    fn bloc<'a>(splits: &'a [(String, Split)], code: &str) -> &'a Split {
        &splits.iter().find(|(c, _)| c == code).expect(code).1
    }

    #[test]
    fn shared_rncp34762_codes() {
        let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
            return;
        };
        let bc01 = bloc(&splits, "RNCP34762BC01");
        assert_eq!(bc01.rule, Rule::Codes);
        assert_eq!(
            codes(&bc01.items),
            ["A1C1", "A1C2", "A1C3", "A1C4", "A1C5", "A1C6", "A1C7"]
        );
        assert!(
            bc01.items[1]
                .text
                .starts_with("Apprécier, depuis son périmètre")
        );
        assert!(bc01.preamble.is_empty());
        let bc05 = bloc(&splits, "RNCP34762BC05");
        assert_eq!(
            bc05.preamble,
            "En mobilisant une analyse du contexte organisationnel et humain, tout en restant \
             vigilant à la compétitivité et à la pérennité économique de l’organisation :"
        );
        assert_eq!(
            codes(&bc05.items),
            ["A5.C1", "A5.C2", "A5.C3", "A5.C4", "A5.C5"]
        );
        assert!(
            bc05.items[1]
                .text
                .starts_with("Valider – le cas échéant - les modalités")
        );
        let counts: Vec<usize> = ["BC02", "BC03", "BC04"]
            .iter()
            .map(|b| bloc(&splits, &format!("RNCP34762{b}")).items.len())
            .collect();
        assert_eq!(counts, [10, 10, 8]);
    }

    #[test]
    fn shared_rncp35809_dashes() {
        let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
            return;
        };
        let counts = [("BC01", 9), ("BC02", 20), ("BC03", 6), ("BC04", 14)];
        for (b, count) in counts {
            let s = bloc(&splits, &format!("RNCP35809{b}"));
            assert_eq!((s.rule, s.items.len()), (Rule::Dashes, count), "{b}");
            assert!(
                s.items
                    .iter()
                    .all(|i| i.children.is_empty() && i.code.is_none())
            );
        }
        let bc02 = bloc(&splits, "RNCP35809BC02");
        assert_eq!(bc02.items[0].text, "Valider une solution technique");
        assert_eq!(bc02.items[16].text, "Prévenir les risques professionnels");
    }

    #[test]
    fn shared_rncp36490_outline() {
        let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
            return;
        };
        let bc01 = bloc(&splits, "RNCP36490BC01");
        assert_eq!(bc01.rule, Rule::Outline);
        assert_eq!(codes(&bc01.items), ["1.1", "1.2", "1.3"]);
        assert_eq!(codes(&bc01.items[0].children), ["1.1.1", "1.1.2"]);
        let bc03 = bloc(&splits, "RNCP36490BC03");
        assert_eq!(codes(&bc03.items), ["3.1", "3.2", "3.3"]);
        assert!(bc03.items[0].text.starts_with("Organiser le déploiement"));
        assert_eq!(codes(&bc03.items[0].children), ["3.1.1", "3.1.2", "3.1.3"]);
        assert!(
            bc03.items[0].children[1]
                .text
                .starts_with("Configurer l’environnement")
        );
        let children: Vec<Vec<usize>> = ["BC02", "BC04"]
            .iter()
            .map(|b| {
                let s = bloc(&splits, &format!("RNCP36490{b}"));
                s.items.iter().map(|i| i.children.len()).collect()
            })
            .collect();
        assert_eq!(children, [vec![4, 3], vec![4, 3, 2]]);
    }

    #[test]
    fn shared_rncp40344_sentences() {
        let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
            return;
        };
        let counts = [("BC01", 6), ("BC02", 6), ("BC03", 5), ("BC04", 7)];
        for (b, count) in counts {
            let s = bloc(&splits, &format!("RNCP40344{b}"));
            assert_eq!((s.rule, s.items.len()), (Rule::Paragraphs, count), "{b}");
            assert!(
                s.items
                    .iter()
                    .all(|i| i.children.is_empty() && i.text.ends_with('.'))
            );
        }
        let bc01 = bloc(&splits, "RNCP40344BC01");
        assert!(
            bc01.items[1]
                .text
                .starts_with("S'adapter au profil du client")
        );
    }

    #[test]
    fn shared_rncp40792_two_levels() {
        let Some(splits) = shared_splits("export-fiches-rncp-bts-sio-2025.xml") else {
            return;
        };
        let bc01 = bloc(&splits, "RNCP40792BC01");
        assert_eq!(bc01.rule, Rule::TwoLevels);
        assert_eq!(bc01.items[0].text, "Gérer le patrimoine informatique");
        assert_eq!(
            bc01.items[0].children[0].text,
            "Recenser et identifier les ressources numériques"
        );
        let children: Vec<usize> = bc01.items.iter().map(|i| i.children.len()).collect();
        assert_eq!(children, [6, 3, 3, 3, 3, 4]);
        for (code, s) in &splits {
            assert_eq!(s.rule, Rule::TwoLevels, "{code}");
            assert!(
                s.items
                    .iter()
                    .all(|i| !i.children.is_empty() && i.code.is_none())
            );
        }
    }

    #[test]
    fn shared_blocs_lose_no_word() {
        for file in [
            "export-fiches-rncp-dev.xml",
            "export-fiches-rncp-bts-sio-2025.xml",
        ] {
            // `cut` checks every bloc; each must also give more than one item.
            let Some(splits) = shared_splits(file) else {
                return;
            };
            assert!(splits.len() >= 5);
            for (code, s) in splits {
                assert!(s.items.len() > 1 && s.warnings.is_empty(), "{code}: {s:#?}");
            }
        }
    }
}
