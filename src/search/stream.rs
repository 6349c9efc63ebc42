//! One query without an index: the texts are walked and matched one by one,
//! keeping only the best results. For `livret search` (one query, then
//! exit) and for the interface while its index is being built; it gives
//! exactly what [`Index::search`](super::Index::search) gives.

use std::collections::BinaryHeap;

use super::folding::{each_folded_token, fold_text};
use super::matching::Matcher;
use super::query::{EXACT_ID_BONUS, Words, by_rank, positions};
use super::walk::{Item, walk};
use super::{Entry, Hit};
use crate::portfolio::Portfolio;
use crate::referentiel::Certification;

/// A kept result, ordered so that the heap's top is the worst kept.
struct Kept {
    key: (i64, u8, usize),
    entry: Entry,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // `by_rank` puts the best first: the worst is the greatest.
        by_rank(&self.key, &other.key)
    }
}

/// Results for `query` over `certification` and `portfolio`, best first,
/// at most `limit`: the same as an [`Index`](super::Index) of both would give.
/// The texts are shared between the cores (each walks them all and matches
/// every n-th); a result's key orders it among all of them, so the best of
/// each share, merged, are the best overall.
pub fn search_stream(
    certification: &Certification,
    portfolio: &Portfolio,
    query: &str,
    limit: usize,
) -> Vec<Hit> {
    let matcher = Matcher::new();
    let Some(words) = Words::new(query, &matcher) else {
        return Vec::new();
    };
    if limit == 0 {
        return Vec::new();
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut shares: Vec<usize> = (0..cores).collect();
    let mut kept: Vec<Kept> = crate::cores::on_every_core(&mut shares, |share| {
        let share = Share {
            index: *share,
            of: cores,
        };
        best_of(certification, portfolio, (&matcher, &words), limit, share)
    })
    .into_iter()
    .flatten()
    .collect();
    kept.sort();
    kept.truncate(limit);
    kept.into_iter()
        .map(|kept| Hit {
            positions: positions(&matcher, &kept.entry.text, &words),
            score: kept.key.0,
            entry: kept.entry,
        })
        .collect()
}

/// The texts a core matches: the `index`-th of every `of`.
#[derive(Clone, Copy)]
struct Share {
    index: usize,
    of: usize,
}

/// The best `limit` results among the texts of `share`.
fn best_of(
    certification: &Certification,
    portfolio: &Portfolio,
    (matcher, words): (&Matcher, &Words),
    limit: usize,
    share: Share,
) -> Vec<Kept> {
    let words_list: Vec<(&str, Option<&str>)> = words.words().collect();
    // On each core: a large `--limit` is not reserved as many times.
    let mut kept: BinaryHeap<Kept> = BinaryHeap::with_capacity(limit.min(256) + 1);
    let mut token = String::new();
    let mut best: Vec<Option<i64>> = vec![None; words_list.len()];
    let mut seq = 0;
    walk(certification, portfolio, &mut |item: Item<'_>| {
        let at = seq;
        seq += 1;
        if at % share.of != share.index {
            return;
        }
        best.iter_mut().for_each(|b| *b = None);
        each_folded_token(item.text(), &mut token, |token| {
            for ((word, stem), best) in words_list.iter().zip(best.iter_mut()) {
                if let Some(score) = matcher.score(token, word, *stem) {
                    *best = Some(best.map_or(score, |b| b.max(score)));
                }
            }
        });
        let Some(mut total) = best.iter().try_fold(0, |t, b| Some(t + (*b)?)) else {
            return;
        };
        let exact = match &item {
            Item::Node(entry) => fold_text(&entry.id) == words.exact(),
            Item::Note { unit, index, .. } => {
                fold_text(&format!("{unit}#{}", index + 1)) == words.exact()
            }
        };
        if exact {
            total += EXACT_ID_BONUS;
        }
        let key = (total, item.kind().rank(), at);
        if kept.len() == limit {
            if kept
                .peek()
                .is_some_and(|worst| by_rank(&key, &worst.key).is_lt())
            {
                kept.pop();
            } else {
                return;
            }
        }
        // Only what is kept is copied.
        kept.push(Kept {
            key,
            entry: item.into_entry(),
        });
    });
    kept.into_vec()
}
