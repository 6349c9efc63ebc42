//! The ids of an outline's elements.

use std::collections::HashSet;

use crate::outline::labels::{self as l, labelled, split_id};

/// The ids the outline gives, and those livret makes up for the rest:
/// never one of the outline's, even one written further down.
#[derive(Default)]
pub(super) struct Ids {
    taken: HashSet<String>,
    pub(super) made_up: Vec<String>,
}

impl Ids {
    /// Every id written in `lines`: before the headings and items.
    pub(super) fn written(lines: &[&str]) -> Self {
        let mut taken = HashSet::new();
        for line in lines {
            let line = line.trim_start_matches(['>', ' ', '\t']);
            let rest = line
                .trim_start_matches('#')
                .strip_prefix(' ')
                .or_else(|| line.strip_prefix("- "))
                .or_else(|| labelled(line, &[l::MODALITE]).map(|(_, rest)| rest));
            if let Some((Some(id), _)) = rest.map(split_id) {
                taken.insert(id.to_string());
            }
        }
        Ids {
            taken,
            made_up: Vec::new(),
        }
    }

    /// `candidate`, or `candidate-2`… when the outline has it.
    pub(super) fn make(&mut self, candidate: String) -> String {
        let mut id = candidate.clone();
        let mut n = 1;
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{candidate}-{n}");
        }
        self.taken.insert(id.clone());
        self.made_up.push(id.clone());
        id
    }

    /// A made-up id given back (a `###` that turned out an activité).
    pub(super) fn forget(&mut self, id: &str) {
        self.taken.remove(id);
        self.made_up.retain(|m| m != id);
    }
}
