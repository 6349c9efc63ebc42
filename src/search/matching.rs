//! The tokens of a folded text, and the fuzzy matcher behind one small
//! type so that it could be swapped.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// The matching algorithm, behind one small type.
pub(super) struct Matcher(SkimMatcherV2);

impl Matcher {
    pub(super) fn new() -> Self {
        // Both sides are folded to lowercase already.
        Matcher(SkimMatcherV2::default().respect_case())
    }

    pub(super) fn score(&self, token: &str, word: &str) -> Option<i64> {
        self.0.fuzzy_match(token, word)
    }

    pub(super) fn positions(&self, token: &str, word: &str) -> Option<(i64, Vec<usize>)> {
        self.0.fuzzy_indices(token, word)
    }
}

/// Punctuation that belongs inside a token, so that ids (`A1.C3`,
/// `C.1.1.1`) and elisions (`l'equipe`) stay whole; trimmed at its ends.
fn is_inner_punctuation(c: char) -> bool {
    matches!(c, '.' | '\'' | '-' | '_' | '/' | '#')
}

/// Tokens are runs of anything but spaces and other punctuation, so that
/// non-Latin scripts and emoji are searchable too.
fn is_token_char(c: char) -> bool {
    !c.is_whitespace()
        && (is_inner_punctuation(c) || !(c.is_ascii_punctuation() || matches!(c, '…' | '·')))
}

/// The tokens of a folded text with their char offset, inner punctuation kept
/// and outer punctuation trimmed.
pub(super) fn tokens(folded: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = 0;
    folded
        .split(|c: char| !is_token_char(c))
        .map(move |piece| {
            let start = chars;
            chars += piece.chars().count() + 1;
            let trimmed_start = piece.trim_start_matches(is_inner_punctuation);
            let skipped = piece[..piece.len() - trimmed_start.len()].chars().count();
            let token = trimmed_start.trim_end_matches(is_inner_punctuation);
            (start + skipped, token)
        })
        .filter(|(_, token)| !token.is_empty())
}

/// Whether the chars of `word` appear in `token` in order (cheap filter
/// before the real matcher).
pub(super) fn is_subsequence(word: &str, token: &str) -> bool {
    let mut rest = token.chars();
    word.chars().all(|w| rest.any(|t| t == w))
}
