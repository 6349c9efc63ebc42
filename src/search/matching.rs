//! The tokens of a folded text, and the fuzzy matcher behind one small
//! type so that it could be swapped.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rust_stemmers::{Algorithm, Stemmer};

/// The matching algorithm, behind one small type: skim's fuzzy match, and
/// French stemming so that « veille » finds « veillant » and « veiller ».
pub(super) struct Matcher {
    fuzzy: SkimMatcherV2,
    stemmer: Stemmer,
}

/// Words shorter than this are matched fuzzily only: their stems say little.
const MIN_STEMMED: usize = 4;

impl Matcher {
    pub(super) fn new() -> Self {
        Matcher {
            // Both sides are folded to lowercase already.
            fuzzy: SkimMatcherV2::default().respect_case(),
            stemmer: Stemmer::create(Algorithm::French),
        }
    }

    /// The stem of a query word, when it is long enough to have one worth
    /// matching.
    pub(super) fn stem(&self, word: &str) -> Option<String> {
        (word.chars().count() >= MIN_STEMMED).then(|| self.stemmer.stem(word).into_owned())
    }

    /// How well `token` matches a query `word` (whose stem is `stem`):
    /// fuzzily, or else as another form of the same French word.
    pub(super) fn score(&self, token: &str, word: &str, stem: Option<&str>) -> Option<i64> {
        if token.len() >= word.len()
            && is_subsequence(word, token)
            && let Some(score) = self.fuzzy.fuzzy_match(token, word)
        {
            return Some(score);
        }
        let stem = self.same_stem(token, stem?)?;
        self.fuzzy.fuzzy_match(token, stem)
    }

    /// The fuzzy score alone, `word` known to be a subsequence of `token`.
    pub(super) fn fuzzy(&self, token: &str, word: &str) -> Option<i64> {
        self.fuzzy.fuzzy_match(token, word)
    }

    /// The chars of `token` to highlight for `word`, with the score.
    pub(super) fn positions(
        &self,
        token: &str,
        word: &str,
        stem: Option<&str>,
    ) -> Option<(i64, Vec<usize>)> {
        if is_subsequence(word, token)
            && let Some(found) = self.fuzzy.fuzzy_indices(token, word)
        {
            return Some(found);
        }
        let stem = self.same_stem(token, stem?)?;
        self.fuzzy.fuzzy_indices(token, stem)
    }

    /// `stem` when `token` is a form of the same word. The stem is (nearly
    /// always) a prefix of its words: only those are stemmed.
    fn same_stem<'s>(&self, token: &str, stem: &'s str) -> Option<&'s str> {
        (token.starts_with(stem) && self.stemmer.stem(token) == stem).then_some(stem)
    }
}

/// Punctuation that belongs inside a token, so that ids (`A1.C3`,
/// `C.1.1.1`) and elisions (`l'equipe`) stay whole; trimmed at its ends.
pub(super) fn is_inner_punctuation(c: char) -> bool {
    matches!(c, '.' | '\'' | '-' | '_' | '/' | '#')
}

/// Tokens are runs of anything but spaces and other punctuation, so that
/// non-Latin scripts and emoji are searchable too.
pub(super) fn is_token_char(c: char) -> bool {
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

/// [`is_token_char`] for each ASCII char.
pub(super) const ASCII_TOKEN: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab,
        // form feed, carriage return, space.
        let space = matches!(b, 9..=13 | 32);
        let inner = matches!(c, '.' | '\'' | '-' | '_' | '/' | '#');
        table[b] = !space && (inner || !c.is_ascii_punctuation());
        b += 1;
    }
    table
};

/// Whether the chars of `word` appear in `token` in order (cheap filter
/// before the real matcher); byte by byte for an ASCII word (its bytes
/// are never inside another char's).
pub(super) fn is_subsequence(word: &str, token: &str) -> bool {
    if word.is_ascii() {
        let mut rest = token.bytes();
        return word.bytes().all(|w| rest.any(|t| t == w));
    }
    let mut rest = token.chars();
    word.chars().all(|w| rest.any(|t| t == w))
}
