//! Building the index: the référentiel's entries once, the notes of a
//! critère replaced when they change.

use std::collections::HashMap;

use super::folding::fold_text;
use super::matching::{Matcher, tokens};
use super::walk::{Item, note_entry, notes, walk};
use super::{Entry, Index, Kind, Stored, Token, Unit};
use crate::portfolio::Portfolio;
use crate::referentiel::Certification;

impl Index {
    pub fn new(certification: &Certification, portfolio: &Portfolio) -> Self {
        // The units first (a first walk formats the référentiel's few
        // thousand entries again), so that a note keeps only its unit's
        // number.
        let mut units: Vec<Unit> = walk(certification, portfolio, &mut |_| {})
            .into_iter()
            .map(|(id, path)| Unit { id, path })
            .collect();
        units.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut index = Index {
            referentiel: certification.id.clone(),
            entries: Vec::new(),
            alive: Vec::new(),
            vocabulary: Vec::new(),
            token_ids: HashMap::default(),
            sorted: Vec::new(),
            exact_ids: Vec::new(),
            dead: 0,
            matcher: Matcher::new(),
            narrowing: Default::default(),
            units,
        };
        let mut folded = String::new();
        walk(certification, portfolio, &mut |item| {
            index.push(item, &mut folded)
        });
        let mut sorted: Vec<u32> = (0..index.vocabulary.len() as u32).collect();
        sorted.sort_unstable_by(|a, b| {
            index.vocabulary[*a as usize]
                .text
                .cmp(&index.vocabulary[*b as usize].text)
        });
        index.sorted = sorted;
        for token in &mut index.vocabulary {
            token.entries.shrink();
        }
        let mut exact = std::mem::take(&mut index.exact_ids);
        exact.sort_by_cached_key(|i| fold_text(index.node_id(*i)));
        index.exact_ids = exact;
        index.entries.shrink_to_fit();
        index.alive.shrink_to_fit();
        index
    }

    /// The number of unit `id` in `units`.
    fn unit(&self, id: &str) -> Option<u32> {
        self.units
            .binary_search_by(|unit| unit.id.as_str().cmp(id))
            .ok()
            .map(|at| at as u32)
    }

    /// Entries that can be found.
    pub fn len(&self) -> usize {
        self.entries.len() - self.dead
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indexes `item`'s tokens and keeps its entry, without a note's text.
    fn push(&mut self, item: Item<'_>, folded: &mut String) {
        let index = self.entries.len() as u32;
        folded.clear();
        super::folding::fold_into_text(item.text(), folded);
        for (_, token) in tokens(folded) {
            let token_id = match self.token_ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = self.vocabulary.len() as u32;
                    self.vocabulary.push(Token {
                        text: token.to_string(),
                        entries: Default::default(),
                    });
                    self.token_ids.insert(token.to_string(), id);
                    id
                }
            };
            self.vocabulary[token_id as usize].entries.push(index);
        }
        let kind = item.kind();
        let stored = match item {
            Item::Note { unit, index, .. } => match self.unit(unit) {
                Some(unit) => Stored::Note {
                    unit,
                    index: index as u32,
                    kind,
                },
                // Not met: the units are those of the same walk.
                None => {
                    debug_assert!(false, "a note of no known unit: {unit}");
                    Stored::Node(Box::new(item.into_entry()))
                }
            },
            Item::Node(entry) => {
                self.exact_ids.push(index);
                Stored::Node(Box::new(entry))
            }
        };
        self.entries.push(stored);
        self.alive.push(true);
    }

    /// Replaces the entries of one unit's notes (a critère's, or a
    /// compétence's without critère; call after they change).
    pub fn refresh_critere(&mut self, critere: &str, portfolio: &Portfolio) {
        let Some(unit) = self.unit(critere) else {
            return;
        };
        for (entry, alive) in self.entries.iter().zip(&mut self.alive) {
            if *alive && matches!(entry, Stored::Note { unit: u, .. } if *u == unit) {
                *alive = false;
                self.dead += 1;
            }
        }
        let path = self.units[unit as usize].path.clone();
        let mut folded = String::new();
        notes(critere, &path, portfolio, &mut |item| {
            self.push(item, &mut folded)
        });
        // New tokens are not in `sorted`: the remembered matches may miss them.
        self.narrowing.borrow_mut().clear();
    }

    /// The id of entry `i`, a référentiel entry.
    fn node_id(&self, i: u32) -> &str {
        match &self.entries[i as usize] {
            Stored::Node(entry) => &entry.id,
            Stored::Note { .. } => "",
        }
    }

    /// The entries whose id folds to `exact`: référentiel entries, and
    /// notes (`<unit>#<n>`) still there.
    pub(super) fn exact(&self, exact: &str) -> Vec<u32> {
        // At most a few folds: a binary search among the référentiel's ids.
        let folded = |i: &u32| fold_text(self.node_id(*i));
        let start = self
            .exact_ids
            .partition_point(|i| folded(i).as_str() < exact);
        let nodes = self.exact_ids[start..]
            .iter()
            .take_while(|i| folded(i) == exact)
            .copied();
        nodes.chain(self.exact_notes(exact)).collect()
    }

    /// What entry `i` is.
    pub(super) fn kind(&self, i: usize) -> Kind {
        self.entries[i].kind()
    }

    /// Entry `i` whole, its text read from `portfolio` when a note's.
    pub(super) fn entry(&self, i: usize, portfolio: &Portfolio) -> Option<Entry> {
        match &self.entries[i] {
            Stored::Node(entry) => Some((**entry).clone()),
            Stored::Note { unit, index, .. } => {
                let unit = &self.units[*unit as usize];
                let index = *index as usize;
                let note = portfolio.notes(&unit.id).get(index)?;
                let mut entry =
                    note_entry(&unit.id, &unit.path, index, note, note.text.to_string());
                // What was indexed: a note that became a draft since is
                // still shown as it was found.
                entry.kind = self.kind(i);
                Some(entry)
            }
        }
    }

    /// The note entries whose id folds to `exact` (`<unit>#<n>`), alive.
    fn exact_notes(&self, exact: &str) -> Vec<u32> {
        let Some((unit, n)) = exact.rsplit_once('#') else {
            return Vec::new();
        };
        let Some(index) = n
            .parse::<usize>()
            .ok()
            .filter(|i| *i >= 1 && i.to_string() == n)
            .map(|i| i - 1)
        else {
            return Vec::new();
        };
        self.entries
            .iter()
            .zip(&self.alive)
            .enumerate()
            .filter(|(_, (stored, alive))| {
                **alive
                    && matches!(stored, Stored::Note { unit: u, index: at, .. }
                        if *at as usize == index
                            && fold_text(&self.units[*u as usize].id) == unit)
            })
            .map(|(i, _)| i as u32)
            .collect()
    }
}
