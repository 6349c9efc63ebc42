//! Building the index: the référentiel's entries once, the notes of a
//! critère replaced when they change.

use std::collections::HashMap;

use super::folding::fold_text;
use super::matching::{Matcher, tokens};
use super::walk::{Item, notes, walk};
use super::{Entry, Index, Kind, Target, Token};
use crate::portfolio::Portfolio;
use crate::referentiel::Certification;

impl Index {
    pub fn new(certification: &Certification, portfolio: &Portfolio) -> Self {
        let mut index = Index {
            referentiel: certification.id.clone(),
            entries: Vec::new(),
            alive: Vec::new(),
            vocabulary: Vec::new(),
            token_ids: HashMap::default(),
            sorted: Vec::new(),
            exact_ids: HashMap::default(),
            dead: 0,
            matcher: Matcher::new(),
            narrowing: Default::default(),
            unit_paths: HashMap::default(),
        };
        let mut folded = String::new();
        index.unit_paths = walk(certification, portfolio, &mut |item| {
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
        index
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
        let entry = match item {
            Item::Note {
                unit,
                path,
                index,
                note,
            } => super::walk::note_entry(unit, path, index, note, String::new()),
            node => node.into_entry(),
        };
        self.exact_ids
            .entry(fold_text(&entry.id))
            .or_default()
            .push(index);
        self.entries.push(entry);
        self.alive.push(true);
    }

    /// Replaces the entries of one unit's notes (a critère's, or a
    /// compétence's without critère; call after they change).
    pub fn refresh_critere(&mut self, critere: &str, portfolio: &Portfolio) {
        let Some(path) = self.unit_paths.get(critere).cloned() else {
            return;
        };
        for (entry, alive) in self.entries.iter().zip(&mut self.alive) {
            if *alive
                && matches!(entry.kind, Kind::Note | Kind::Draft)
                && matches!(&entry.target, Target::Note { critere: c, .. } if c == critere)
            {
                *alive = false;
                self.dead += 1;
            }
        }
        let mut folded = String::new();
        notes(critere, &path, portfolio, &mut |item| {
            self.push(item, &mut folded)
        });
        // New tokens are not in `sorted`: the remembered matches may miss them.
        self.narrowing.borrow_mut().clear();
    }

    /// The text of entry `i`: a note's is read from `portfolio` (`None`
    /// when it is no longer there).
    pub(super) fn text<'a>(&'a self, i: usize, portfolio: &'a Portfolio) -> Option<&'a str> {
        let entry = &self.entries[i];
        match (&entry.kind, &entry.target) {
            (Kind::Note | Kind::Draft, Target::Note { critere, index }) => portfolio
                .notes(critere)
                .get(*index)
                .map(|note| note.text.as_str()),
            _ => Some(&entry.text),
        }
    }

    /// Entry `i` whole, its text read from `portfolio` when a note's.
    pub(super) fn entry(&self, i: usize, portfolio: &Portfolio) -> Option<Entry> {
        let text = self.text(i, portfolio)?.to_string();
        Some(Entry {
            text,
            ..self.entries[i].clone()
        })
    }
}
