//! Answering a query: every word must match an entry, ranked, with the
//! positions to highlight.

use super::folding::{fold, fold_text};
use super::matching::{Matcher, is_subsequence, tokens};
use super::{Hit, Index};
use crate::portfolio::Portfolio;

/// Added to the score of an entry whose id is exactly the query.
pub(super) const EXACT_ID_BONUS: i64 = 1 << 40;

/// How many words of the last queries are remembered (a word typed char by
/// char is one per char; a backspace finds the shorter one again).
const REMEMBERED: usize = 8;

/// What the words of the last queries matched in the vocabulary.
#[derive(Debug, Default)]
pub(super) struct Narrowing {
    words: Vec<Remembered>,
}

#[derive(Debug)]
struct Remembered {
    word: String,
    /// Tokens the word is a subsequence of: any longer word that starts
    /// with this one matches fuzzily only among them.
    subsequence: Vec<u32>,
    /// Tokens the word matches (fuzzily or by its stem), with their score.
    scored: Vec<(u32, i64)>,
}

impl Narrowing {
    pub(super) fn clear(&mut self) {
        self.words.clear();
    }
}

/// The words of a query, folded, with their stems; `None` when it has none.
pub(super) struct Words {
    pub folded: String,
    pub stems: Vec<Option<String>>,
}

impl Words {
    pub(super) fn new(query: &str, matcher: &Matcher) -> Option<Words> {
        let folded = fold_text(query);
        let stems: Vec<Option<String>> =
            folded.split_whitespace().map(|w| matcher.stem(w)).collect();
        (!stems.is_empty()).then_some(Words { folded, stems })
    }

    pub(super) fn words(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.folded
            .split_whitespace()
            .zip(self.stems.iter().map(Option::as_deref))
    }

    /// What an entry's id must fold to for the exact-id bonus.
    pub(super) fn exact(&self) -> &str {
        self.folded.trim()
    }
}

/// Best score first; for the same score, critères before compétences,
/// notes, activités, blocs and modalités, then the walk's order.
pub(super) fn by_rank(a: &(i64, u8, usize), b: &(i64, u8, usize)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
}

impl Index {
    /// Forgets what the last queries matched: the next keystroke starts
    /// afresh (for benchmarks; the results never depend on it).
    pub fn forget_typed(&self) {
        self.narrowing.borrow_mut().clear();
    }

    /// Results for `query`, best first, at most `limit`. Every word of the
    /// query must match a word of the text (fuzzily), in any order; an entry
    /// whose id is the query comes first. Notes' texts are read from
    /// `portfolio`, the one the index was built from and kept in step with.
    pub fn search(&self, query: &str, limit: usize, portfolio: &Portfolio) -> Vec<Hit> {
        let Some(words) = Words::new(query, &self.matcher) else {
            return Vec::new();
        };
        if limit == 0 {
            return Vec::new();
        }
        // Per entry, the sum of each word's best token score so far.
        let mut totals: Vec<Option<i64>> = vec![Some(0); self.entries.len()];
        for (word, stem) in words.words() {
            let mut best: Vec<Option<i64>> = vec![None; self.entries.len()];
            for (token, score) in self.scored_tokens(word, stem) {
                for entry in self.vocabulary[token as usize].entries.iter() {
                    let slot = &mut best[entry as usize];
                    *slot = Some(slot.map_or(score, |s| s.max(score)));
                }
            }
            for (total, best) in totals.iter_mut().zip(best) {
                *total = match (*total, best) {
                    (Some(t), Some(b)) => Some(t + b),
                    _ => None,
                };
            }
        }
        for entry in self.exact(words.exact()) {
            if let Some(total) = &mut totals[entry as usize] {
                *total += EXACT_ID_BONUS;
            }
        }
        let mut scored: Vec<(i64, u8, usize)> = totals
            .into_iter()
            .enumerate()
            .filter(|(i, _)| self.alive[*i])
            .filter_map(|(i, total)| Some((total?, self.kind(i).rank(), i)))
            .collect();
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, by_rank);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(by_rank);
        scored
            .into_iter()
            .filter_map(|(score, _, i)| {
                let entry = self.entry(i, portfolio)?;
                let positions = positions(&self.matcher, &entry.text, &words);
                Some(Hit {
                    entry,
                    score,
                    positions,
                })
            })
            .collect()
    }

    /// The tokens `word` matches and their scores: among those a shorter
    /// word it starts with was a subsequence of when one is remembered
    /// (typing narrows), else over the whole vocabulary; the forms of its
    /// stem by a range of the sorted vocabulary.
    fn scored_tokens(&self, word: &str, stem: Option<&str>) -> Vec<(u32, i64)> {
        let mut narrowing = self.narrowing.borrow_mut();
        if let Some(known) = narrowing.words.iter().find(|r| r.word == word) {
            return known.scored.clone();
        }
        let from = narrowing
            .words
            .iter()
            .filter(|r| word.starts_with(r.word.as_str()))
            .max_by_key(|r| r.word.len());
        let mut subsequence = Vec::new();
        let mut scored = Vec::new();
        let mut fuzzy = vec![false; 0];
        let mut consider = |id: u32| {
            let token = &self.vocabulary[id as usize].text;
            if token.len() >= word.len() && is_subsequence(word, token) {
                subsequence.push(id);
                if let Some(score) = self.matcher.fuzzy(token, word) {
                    scored.push((id, score));
                }
            }
        };
        match from {
            Some(known) => known.subsequence.iter().copied().for_each(&mut consider),
            None => (0..self.vocabulary.len() as u32).for_each(&mut consider),
        }
        if let Some(stem) = stem {
            // The other forms of the word start with its stem: a range of
            // the sorted vocabulary, and the tokens added since.
            fuzzy.resize(self.vocabulary.len(), false);
            for &(id, _) in &scored {
                fuzzy[id as usize] = true;
            }
            let text = |id: &u32| self.vocabulary[*id as usize].text.as_str();
            let start = self.sorted.partition_point(|id| text(id) < stem);
            let end = start + self.sorted[start..].partition_point(|id| text(id).starts_with(stem));
            let added = self.sorted.len() as u32..self.vocabulary.len() as u32;
            for id in self.sorted[start..end].iter().copied().chain(added) {
                if !fuzzy[id as usize]
                    && let Some(score) = self.matcher.score(text(&id), word, Some(stem))
                {
                    scored.push((id, score));
                }
            }
        }
        if narrowing.words.len() == REMEMBERED {
            narrowing.words.remove(0);
        }
        narrowing.words.push(Remembered {
            word: word.to_string(),
            subsequence,
            scored: scored.clone(),
        });
        scored
    }
}

/// Matched positions in the original text (char indexes), sorted, unique:
/// for each word, its best-matching token.
pub(super) fn positions(matcher: &Matcher, text: &str, words: &Words) -> Vec<usize> {
    let folded = fold(text);
    let mut positions = Vec::new();
    for (word, stem) in words.words() {
        let best = tokens(&folded.text)
            .filter_map(|(start, token)| {
                let (score, indexes) = matcher.positions(token, word, stem)?;
                Some((score, start, indexes))
            })
            .max_by_key(|(score, start, _)| (*score, std::cmp::Reverse(*start)));
        if let Some((_, start, indexes)) = best {
            positions.extend(
                indexes
                    .into_iter()
                    .filter_map(|i| folded.origin.get(start + i).copied()),
            );
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}
