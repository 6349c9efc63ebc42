//! Progress figures kept between frames. Counting them walks every critère
//! (a map look-up each): at 10,000 critères that was most of a frame. They
//! change only when a status or a verdict does, that is after an update
//! that asks to save, or after the other side's files were reloaded: the
//! app bumps a generation then, and the figures are counted again once.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::coach::tally::{self, Words};
use crate::cycle::{self, State};
use crate::portfolio::{NoteKey, Portfolio};
use crate::progress::{self, Tally};
use crate::referentiel::Certification;
use crate::review::Review;

#[derive(Debug, Default)]
pub struct Tallies {
    /// (doc, generation) the figures were counted for.
    key: Option<(usize, u64)>,
    blocs: Vec<Tally>,
    /// Per compétence (own units and the shared critères covering it) and
    /// per evaluation that carries critères, by id.
    competences: HashMap<String, Tally>,
    overall: Tally,
    /// Where each open review request stands (by its creation time), with
    /// its tutor: a whole-dossier request walks every unit.
    requests: HashMap<jiff::Timestamp, (State, Option<String>)>,
    /// Words written against the target, per bloc, per compétence or
    /// evaluation, and over the targeted blocs.
    words_blocs: Vec<Words>,
    words: HashMap<String, Words>,
    words_overall: Words,
    /// Words of each unit of evidence.
    unit_words: HashMap<String, usize>,
    /// Words of each note by (unit, created, updated, length), kept from one
    /// count to the next: a change counts again only the notes it changed
    /// (counting every note at 10,000 was 100 ms a key).
    note_words: HashMap<NoteKey, usize>,
}

/// The cache, behind a `RefCell` so views (which only read `&App`) can fill it.
pub type Cache = RefCell<Tallies>;

impl Tallies {
    /// Counts the figures of `open` with `reviews` again, unless they were
    /// counted for `key` (doc, generation) already.
    pub fn count(
        &mut self,
        key: (usize, u64),
        open: Option<(&Certification, &Portfolio)>,
        reviews: &[Review],
        target: u32,
    ) {
        if self.key == Some(key) {
            return;
        }
        let note_words = std::mem::take(&mut self.note_words);
        *self = Tallies {
            note_words,
            ..Tallies::default()
        };
        if let Some((certification, portfolio)) = open {
            self.count_words(certification, portfolio);
            let unit_words = std::mem::take(&mut self.unit_words);
            let words_of = |id: &str| unit_words.get(id).copied().unwrap_or(0);
            for bloc in &certification.blocs {
                for competence in bloc.competences() {
                    let t = progress::competence_reviewed(bloc, competence, portfolio, reviews);
                    self.competences.insert(competence.id.clone(), t);
                    let w = tally::units_with(bloc.units_of(competence), words_of, target);
                    self.words.insert(competence.id.clone(), w);
                }
                for modalite in &bloc.modalites {
                    if let Some(id) = modalite
                        .id
                        .as_ref()
                        .filter(|_| !modalite.criteres.is_empty())
                    {
                        let t = progress::modalite_reviewed(modalite, portfolio, reviews);
                        self.competences.insert(id.clone(), t);
                        let w = tally::units_with(modalite.units(), words_of, target);
                        self.words.insert(id.clone(), w);
                    }
                }
                let tally = progress::bloc_reviewed(bloc, portfolio, reviews);
                let words = tally::units_with(bloc.units(), words_of, target);
                if progress::is_targeted(bloc, portfolio) {
                    self.overall = self.overall + tally;
                    self.words_overall = self.words_overall + words;
                }
                self.blocs.push(tally);
                self.words_blocs.push(words);
            }
            for request in portfolio.requests.iter().filter(|r| r.is_open()) {
                let (state, tutor) = cycle::state(request, certification, reviews);
                let tutor = tutor.map(str::to_string);
                self.requests.insert(request.created, (state, tutor));
            }
            self.unit_words = unit_words;
        }
        self.key = Some(key);
    }

    /// The words of every unit, each note counted once and then kept; the
    /// notes not counted before are counted on every core (at 10,000 notes
    /// this was most of opening a portfolio).
    fn count_words(&mut self, certification: &Certification, portfolio: &Portfolio) {
        let mut before = std::mem::take(&mut self.note_words);
        let mut notes = Vec::new();
        for unit in certification.units() {
            for note in portfolio.notes(unit.id).iter().filter(|n| !n.draft) {
                let key = note.key(unit.id);
                let words = before.remove(&key);
                notes.push((unit.id, key, words, note.text.as_str()));
            }
        }
        let missing: Vec<&str> = notes
            .iter()
            .filter(|(_, _, words, _)| words.is_none())
            .map(|&(_, _, _, text)| text)
            .collect();
        let mut counted = crate::text::words::count_each(&missing).into_iter();
        // Notes gone or changed are left in `before`: their counts go.
        for (unit, key, words, _) in notes {
            let words = words.or_else(|| counted.next()).unwrap_or(0);
            if words > 0 {
                *self.unit_words.entry(unit.to_string()).or_default() += words;
            }
            self.note_words.insert(key, words);
        }
    }

    /// Takes word counts already made (kept with a parsed copy of the
    /// portfolio): the notes they name are not counted again.
    pub fn seed(&mut self, counts: Vec<(NoteKey, usize)>) {
        self.note_words.extend(counts);
    }

    /// Where the open request created at `created` stands.
    pub fn request(&self, created: jiff::Timestamp) -> Option<(State, Option<String>)> {
        self.requests.get(&created).cloned()
    }

    pub fn bloc(&self, index: usize) -> Tally {
        self.blocs.get(index).copied().unwrap_or_default()
    }

    pub fn competence(&self, id: &str) -> Tally {
        self.competences.get(id).copied().unwrap_or_default()
    }

    pub fn overall(&self) -> Tally {
        self.overall
    }

    pub fn bloc_words(&self, index: usize) -> Words {
        self.words_blocs.get(index).copied().unwrap_or_default()
    }

    /// A compétence's words (its units and the shared critères covering
    /// it) or an evaluation's.
    pub fn words(&self, id: &str) -> Words {
        self.words.get(id).copied().unwrap_or_default()
    }

    pub fn overall_words(&self) -> Words {
        self.words_overall
    }

    /// The words of a note, if it was counted (drafts are not).
    pub fn note_words(&self, id: &str, note: &crate::portfolio::Note) -> Option<usize> {
        self.note_words.get(&note.key(id)).copied()
    }

    /// The words of a unit of evidence's notes.
    pub fn unit_words(&self, id: &str) -> usize {
        self.unit_words.get(id).copied().unwrap_or(0)
    }
}
