//! Answering a query: every word must match an entry, ranked, with the
//! positions to highlight.

use super::folding::{fold, fold_text};
use super::matching::tokens;
use super::{Hit, Index};

/// Added to the score of an entry whose id is exactly the query.
const EXACT_ID_BONUS: i64 = 1 << 40;

impl Index {
    /// Results for `query`, best first, at most `limit`. Every word of the
    /// query must match a word of the text (fuzzily), in any order; an entry
    /// whose id is the query comes first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let folded_query = fold_text(query);
        let words: Vec<&str> = folded_query.split_whitespace().collect();
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        // Per entry, the sum of each word's best token score so far.
        let mut totals: Vec<Option<i64>> = vec![Some(0); self.entries.len()];
        let stems: Vec<Option<String>> = words.iter().map(|w| self.matcher.stem(w)).collect();
        for (word, stem) in words.iter().zip(&stems) {
            let mut best: Vec<Option<i64>> = vec![None; self.entries.len()];
            for token in &self.vocabulary {
                let Some(score) = self.matcher.score(&token.text, word, stem.as_deref()) else {
                    continue;
                };
                for &entry in &token.entries {
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
        if let Some(exact) = self.exact_ids.get(folded_query.trim()) {
            for &entry in exact {
                if let Some(total) = &mut totals[entry as usize] {
                    *total += EXACT_ID_BONUS;
                }
            }
        }
        let mut scored: Vec<(i64, usize)> = totals
            .into_iter()
            .enumerate()
            .filter(|(i, _)| self.entries[*i].alive)
            .filter_map(|(i, total)| Some((total?, i)))
            .collect();
        // Best score first; for the same score, critères before compétences,
        // notes, activités, blocs and modalités, then the référentiel's order.
        let rank = |i: usize| self.entries[i].kind.rank();
        let by_rank = |a: &(i64, usize), b: &(i64, usize)| {
            b.0.cmp(&a.0)
                .then(rank(a.1).cmp(&rank(b.1)))
                .then(a.1.cmp(&b.1))
        };
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, by_rank);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(by_rank);
        scored
            .into_iter()
            .map(|(score, i)| {
                let entry = &self.entries[i];
                Hit {
                    entry,
                    score,
                    positions: self.positions(&entry.text, &words, &stems),
                }
            })
            .collect()
    }

    /// Matched positions in the original text (char indexes), sorted, unique:
    /// for each word, its best-matching token.
    fn positions(&self, text: &str, words: &[&str], stems: &[Option<String>]) -> Vec<usize> {
        let folded = fold(text);
        let mut positions = Vec::new();
        for (word, stem) in words.iter().zip(stems) {
            let best = tokens(&folded.text)
                .filter_map(|(start, token)| {
                    let (score, indexes) = self.matcher.positions(token, word, stem.as_deref())?;
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
}
