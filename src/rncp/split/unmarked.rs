//! Texts without markers: cut at the former line breaks (line breaks and
//! runs of blanks not inside a sentence).

use super::line_starts::{Gap, word_starts};
use super::markers::{bullet_at, marker_at};
use super::{NOT_SPLIT, NOTHING, Rule, Split, collapse, is_line_break, plain, skip_blanks, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CutMode {
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
pub(super) fn cuts(text: &str, mode: CutMode) -> Vec<(usize, usize)> {
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
pub(super) fn mid_sentence(text: &str, p: usize, gap: Gap) -> bool {
    text[p..]
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c == '(')
        && gap
            .prev
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '(' | '\'' | '’' | '-'))
}

pub(super) fn split_paragraphs(text: &str) -> Option<Split> {
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

pub(super) fn split_whole(text: &str) -> Split {
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
