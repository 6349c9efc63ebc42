//! Where a line may have started: every word after blanks, with how sure
//! we are that a former line break stood before it.

use super::is_line_break;

/// How sure we are that a former line break stood before a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Strength {
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
pub(super) struct Gap {
    /// A tab counts as two.
    pub(super) blanks: usize,
    pub(super) line_break: bool,
    /// The last non-blank character before the word.
    pub(super) prev: Option<char>,
}

impl Gap {
    pub(super) fn strength(self) -> Strength {
        match self.prev {
            None => Strength::Start,
            Some(_) if self.line_break || self.blanks >= 2 => Strength::Break,
            Some('.' | ';' | ':' | '!' | '?') => Strength::Sentence,
            Some(_) => Strength::Weak,
        }
    }
}

/// Every word that follows blanks or starts the text, with the blanks before it.
pub(super) fn word_starts(text: &str) -> Vec<(usize, Gap)> {
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
