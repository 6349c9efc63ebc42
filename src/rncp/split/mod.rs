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

mod criteria;
mod html;
mod line_starts;
mod markers;
mod structure;
#[cfg(test)]
mod tests;
mod unmarked;

use criteria::split_criteria;
use html::{decode_entities, drop_controls, strip_tags};
use markers::find_markers;
use structure::split_marked;
use unmarked::{CutMode, cuts, split_paragraphs, split_whole};

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
