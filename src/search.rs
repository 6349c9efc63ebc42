//! Fuzzy search over a référentiel and the candidate's notes, insensitive to
//! accents, case and typography. Pure: the index is built from data in memory.
//!
//! The matcher (skim's V2 algorithm from `fuzzy-matcher`) is used in one
//! place, [`Matcher`], so it could be swapped without touching the rest.

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;

use crate::portfolio::Portfolio;
use crate::referentiel::{Certification, Competence, Critere, short_id};

/// Text folded for matching, with, for each folded char, the index of the
/// original char it came from (to highlight the original text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<usize>,
}

/// Lowercase, accents dropped (NFD then combining marks removed), ligatures
/// split (œ → oe, æ → ae), typographic apostrophes and non-breaking spaces
/// replaced by their plain forms.
pub fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    fold_into(text, &mut folded.text, Some(&mut folded.origin));
    folded
}

/// [`fold`] without the positions, for indexing.
fn fold_text(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded, None);
    folded
}

fn fold_into(text: &str, out: &mut String, mut origin: Option<&mut Vec<usize>>) {
    for (index, c) in text.chars().enumerate() {
        let mut push = |c: char| {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                if let Some(origin) = origin.as_deref_mut() {
                    origin.push(index);
                }
                return;
            }
            for lower in c.to_lowercase() {
                out.push(lower);
                if let Some(origin) = origin.as_deref_mut() {
                    origin.push(index);
                }
            }
        };
        match c {
            c if c.is_ascii() => match c {
                '\t' | '\n' | '\r' | '`' => push(if c == '`' { '\'' } else { ' ' }),
                c => push(c),
            },
            'œ' | 'Œ' => "oe".chars().for_each(&mut push),
            'æ' | 'Æ' => "ae".chars().for_each(&mut push),
            'ß' => "ss".chars().for_each(&mut push),
            '’' | '‘' | 'ʼ' | '′' | '´' => push('\''),
            '“' | '”' | '«' | '»' | '„' => push('"'),
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => push(' '),
            '‐' | '‑' | '–' | '—' => push('-'),
            c => unicode_normalization::char::decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    push(part);
                }
            }),
        }
    }
}

/// What a search result points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Bloc,
    Activite,
    Competence,
    Critere,
    Modalite,
    Note,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Bloc => "bloc",
            Kind::Activite => "activité",
            Kind::Competence => "compétence",
            Kind::Critere => "critère",
            Kind::Modalite => "modalité",
            Kind::Note => "note",
        }
    }
}

/// Where Enter on a result leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A node of the tree, by id (a modalité leads to its bloc).
    Node(String),
    /// A note of a critère.
    Note { critere: String, index: usize },
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// The id a script would use: the node's id, `<critère>#<n>` for the
    /// n-th note (from 1), `<bloc>/<modalité>` for a modalité.
    pub id: String,
    /// Readable location, e.g. `BC2 › A1.C3 › CR3`.
    pub path: String,
    /// The text shown and matched: id and text of the node, or the note.
    pub text: String,
    pub target: Target,
    /// False once replaced (a note was edited): skipped until the next rebuild.
    alive: bool,
}

/// One result: the entry, its score and the matched char positions in `entry.text`.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    pub entry: &'a Entry,
    pub score: i64,
    pub positions: Vec<usize>,
}

/// The matching algorithm, behind one small type.
struct Matcher(SkimMatcherV2);

impl Matcher {
    fn new() -> Self {
        // Both sides are folded to lowercase already.
        Matcher(SkimMatcherV2::default().respect_case())
    }

    fn score(&self, token: &str, word: &str) -> Option<i64> {
        self.0.fuzzy_match(token, word)
    }

    fn positions(&self, token: &str, word: &str) -> Option<(i64, Vec<usize>)> {
        self.0.fuzzy_indices(token, word)
    }
}

/// Added to the score of an entry whose id is exactly the query.
const EXACT_ID_BONUS: i64 = 1 << 40;

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
fn tokens(folded: &str) -> impl Iterator<Item = (usize, &str)> {
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
fn is_subsequence(word: &str, token: &str) -> bool {
    let mut rest = token.chars();
    word.chars().all(|w| rest.any(|t| t == w))
}

/// A distinct folded token and the entries that contain it.
struct Token {
    text: String,
    entries: Vec<u32>,
}

/// The searchable entries of one certification and its portfolio, with an
/// inverted index from tokens to entries: a keystroke scans the vocabulary,
/// not every text. Référentiel entries are indexed once; when a critère's
/// notes change only those are replaced.
pub struct Index {
    pub referentiel: String,
    entries: Vec<Entry>,
    vocabulary: Vec<Token>,
    token_ids: HashMap<String, u32>,
    exact_ids: HashMap<String, Vec<u32>>,
    dead: usize,
    matcher: Matcher,
    /// Path of every unit of evidence (critère, or compétence without
    /// critère), where its notes are listed.
    unit_paths: HashMap<String, String>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("referentiel", &self.referentiel)
            .field("entries", &self.len())
            .field("tokens", &self.vocabulary.len())
            .finish()
    }
}

const SEPARATOR: &str = " › ";

impl Index {
    pub fn new(certification: &Certification, portfolio: &Portfolio) -> Self {
        let mut index = Index {
            referentiel: certification.id.clone(),
            entries: Vec::new(),
            vocabulary: Vec::new(),
            token_ids: HashMap::default(),
            exact_ids: HashMap::default(),
            dead: 0,
            matcher: Matcher::new(),
            unit_paths: HashMap::default(),
        };
        index.index_referentiel(certification);
        for unit in certification.units() {
            if let Some(path) = index.unit_paths.get(unit.id).cloned() {
                index.add_notes(unit.id, &path, portfolio);
            }
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

    fn push(&mut self, kind: Kind, id: String, path: String, text: String, target: Target) {
        let index = self.entries.len() as u32;
        let folded = fold_text(&text);
        for (_, token) in tokens(&folded) {
            let token_id = match self.token_ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = self.vocabulary.len() as u32;
                    self.vocabulary.push(Token {
                        text: token.to_string(),
                        entries: Vec::new(),
                    });
                    self.token_ids.insert(token.to_string(), id);
                    id
                }
            };
            let postings = &mut self.vocabulary[token_id as usize].entries;
            if postings.last() != Some(&index) {
                postings.push(index);
            }
        }
        self.exact_ids
            .entry(fold_text(&id))
            .or_default()
            .push(index);
        self.entries.push(Entry {
            kind,
            id,
            path,
            text,
            target,
            alive: true,
        });
    }

    fn index_referentiel(&mut self, certification: &Certification) {
        for bloc in &certification.blocs {
            let bloc_path = bloc.id.clone();
            self.push(
                Kind::Bloc,
                bloc.id.clone(),
                bloc_path.clone(),
                format!("{} {}", bloc.id, bloc.title),
                Target::Node(bloc.id.clone()),
            );
            for (i, modalite) in bloc.modalites.iter().enumerate() {
                let label = modalite
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("modalité {}", i + 1));
                let id = modalite.id.clone().unwrap_or_else(|| format!("M{}", i + 1));
                let text = match &modalite.id {
                    Some(mid) => format!("{mid} {} {}", modalite.title, modalite.text),
                    None => format!("{} {}", modalite.title, modalite.text),
                };
                let text = [text]
                    .into_iter()
                    .chain(modalite.requirements.iter().cloned())
                    .chain(modalite.deliverables.iter().cloned())
                    .collect::<Vec<_>>()
                    .join(" ");
                // An evaluation with critères is a node of the tree.
                let carries = !modalite.criteres.is_empty() && modalite.id.is_some();
                let target = if carries {
                    Target::Node(id.clone())
                } else {
                    Target::Node(bloc.id.clone())
                };
                let path = format!("{bloc_path}{SEPARATOR}{label}");
                self.push(
                    Kind::Modalite,
                    if carries {
                        id.clone()
                    } else {
                        format!("{}/{id}", bloc.id)
                    },
                    path.clone(),
                    text,
                    target,
                );
                for critere in &modalite.criteres {
                    self.push_critere(critere, &path, &id);
                }
            }
            for activite in &bloc.activites {
                let path = format!("{bloc_path}{SEPARATOR}{}", short_id(&activite.id, &bloc.id));
                self.push(
                    Kind::Activite,
                    activite.id.clone(),
                    path.clone(),
                    format!("{} {}", activite.id, activite.title),
                    Target::Node(activite.id.clone()),
                );
                for competence in &activite.competences {
                    self.index_competence(competence, &path, &activite.id);
                }
            }
            for competence in &bloc.competences {
                self.index_competence(competence, &bloc_path, &bloc.id);
            }
        }
    }

    fn index_competence(&mut self, competence: &Competence, parent_path: &str, parent_id: &str) {
        let path = format!(
            "{parent_path}{SEPARATOR}{}",
            short_id(&competence.id, parent_id)
        );
        self.push(
            Kind::Competence,
            competence.id.clone(),
            path.clone(),
            format!("{} {}", competence.id, competence.title),
            Target::Node(competence.id.clone()),
        );
        if competence.is_leaf() {
            self.unit_paths.insert(competence.id.clone(), path.clone());
        }
        for critere in &competence.criteres {
            self.push_critere(critere, &path, &competence.id);
        }
    }

    fn push_critere(&mut self, critere: &Critere, parent_path: &str, parent_id: &str) {
        let path = format!(
            "{parent_path}{SEPARATOR}{}",
            short_id(&critere.id, parent_id)
        );
        self.unit_paths.insert(critere.id.clone(), path.clone());
        self.push(
            Kind::Critere,
            critere.id.clone(),
            path,
            format!("{} {}", critere.id, critere.text),
            Target::Node(critere.id.clone()),
        );
    }

    fn add_notes(&mut self, critere: &str, critere_path: &str, portfolio: &Portfolio) {
        for (i, note) in portfolio.notes(critere).iter().enumerate() {
            self.push(
                Kind::Note,
                format!("{critere}#{}", i + 1),
                format!("{critere_path}{SEPARATOR}note {}", i + 1),
                note.text.clone(),
                Target::Note {
                    critere: critere.to_string(),
                    index: i,
                },
            );
        }
    }

    /// Replaces the entries of one unit's notes (a critère's, or a
    /// compétence's without critère; call after they change).
    pub fn refresh_critere(&mut self, critere: &str, portfolio: &Portfolio) {
        let Some(path) = self.unit_paths.get(critere).cloned() else {
            return;
        };
        for entry in &mut self.entries {
            if entry.alive
                && entry.kind == Kind::Note
                && matches!(&entry.target, Target::Note { critere: c, .. } if c == critere)
            {
                entry.alive = false;
                self.dead += 1;
            }
        }
        self.add_notes(critere, &path, portfolio);
    }

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
        for word in &words {
            let mut best: Vec<Option<i64>> = vec![None; self.entries.len()];
            for token in &self.vocabulary {
                if token.text.len() < word.len() || !is_subsequence(word, &token.text) {
                    continue;
                }
                let Some(score) = self.matcher.score(&token.text, word) else {
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
        // Best score first; the référentiel's order breaks ties.
        let by_rank = |a: &(i64, usize), b: &(i64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
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
                    positions: self.positions(&entry.text, &words),
                }
            })
            .collect()
    }

    /// Matched positions in the original text (char indexes), sorted, unique:
    /// for each word, its best-matching token.
    fn positions(&self, text: &str, words: &[&str]) -> Vec<usize> {
        let folded = fold(text);
        let mut positions = Vec::new();
        for word in words {
            let best = tokens(&folded.text)
                .filter(|(_, token)| is_subsequence(word, token))
                .filter_map(|(start, token)| {
                    let (score, indexes) = self.matcher.positions(token, word)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;

    #[test]
    fn tokens_keep_ids_and_elisions_whole_and_know_their_offsets() {
        let found: Vec<(usize, &str)> = tokens("voir a1.c3, l'equipe (🎉) fin.").collect();
        assert_eq!(
            found,
            [
                (0, "voir"),
                (5, "a1.c3"),
                (12, "l'equipe"),
                (22, "🎉"),
                (25, "fin")
            ]
        );
    }
    use jiff::Timestamp;

    const EXAMPLE: &str = include_str!("../tests/valid_referentiels/exemple-minimal.ron");

    fn index_with_notes(notes: &[(&str, &str)]) -> Index {
        let c = parse(EXAMPLE, None).unwrap();
        let mut p = Portfolio::new(&c.id);
        for (critere, text) in notes {
            p.add_note(critere, text, Timestamp::UNIX_EPOCH);
        }
        Index::new(&c, &p)
    }

    fn ids(hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| h.entry.id.clone()).collect()
    }

    #[test]
    fn folding_drops_accents_case_ligatures_and_typography() {
        assert_eq!(fold("Stratégie").text, "strategie");
        assert_eq!(fold("Œuvre cœur").text, "oeuvre coeur");
        assert_eq!(fold("L’Équipe").text, "l'equipe");
        assert_eq!(fold("a\u{a0}b\u{202f}c").text, "a b c");
        assert_eq!(fold("ÆSIR").text, "aesir");
    }

    #[test]
    fn folded_chars_point_back_to_their_original_char() {
        let folded = fold("cœur é");
        assert_eq!(folded.text, "coeur e");
        assert_eq!(folded.origin, [0, 1, 1, 2, 3, 4, 5]);
        // A decomposed accent (e + combining acute) maps to the same char.
        let folded = fold("e\u{301}t");
        assert_eq!(folded.text, "et");
        assert_eq!(folded.origin, [0, 2]);
    }

    #[test]
    fn accents_ligatures_and_apostrophes_do_not_matter() {
        let index = index_with_notes(&[
            ("A1.C1.CR1", "Une œuvre collective"),
            ("A1.C1.CR2", "Travail avec l’équipe export"),
        ]);
        assert_eq!(ids(&index.search("oeuvre", 5)), ["A1.C1.CR1#1"]);
        assert_eq!(ids(&index.search("l'equipe", 5)), ["A1.C1.CR2#1"]);
        assert_eq!(ids(&index.search("ELABORER", 5)), ["BC01"]);
    }

    #[test]
    fn every_word_must_match_in_any_order() {
        let index = index_with_notes(&[("A1.C1.CR1", "Salon de Casablanca\nprospection")]);
        assert_eq!(
            ids(&index.search("prospection casablanca", 5)),
            ["A1.C1.CR1#1"]
        );
        assert!(index.search("casablanca zzz", 5).is_empty());
    }

    #[test]
    fn an_exact_id_ranks_first() {
        let index = index_with_notes(&[("A1.C1.CR2", "voir A1.C1.CR1 et A1.C1.CR1 encore")]);
        let hits = index.search("a1.c1.cr1", 5);
        assert_eq!(hits[0].entry.id, "A1.C1.CR1");
        assert_eq!(hits[0].entry.kind, Kind::Critere);
        assert_eq!(hits[0].entry.path, "BC01 › A1 › C1 › CR1");
    }

    #[test]
    fn empty_and_impossible_queries_give_nothing() {
        let index = index_with_notes(&[]);
        assert!(index.search("", 5).is_empty());
        assert!(index.search("   ", 5).is_empty());
        assert!(index.search(&"x".repeat(5000), 5).is_empty());
        assert!(index.search("日本語", 5).is_empty());
        assert!(index.search("🎉", 5).is_empty());
    }

    #[test]
    fn non_latin_and_emoji_notes_are_found() {
        let index = index_with_notes(&[("A1.C1.CR1", "会議 🎉 réunion")]);
        assert_eq!(ids(&index.search("会議", 5)), ["A1.C1.CR1#1"]);
        assert_eq!(ids(&index.search("🎉", 5)), ["A1.C1.CR1#1"]);
    }

    #[test]
    fn highlight_positions_are_in_the_original_accented_text() {
        let index = index_with_notes(&[("A1.C1.CR1", "Élaboration d’une stratégie")]);
        let hits = index.search("strategie", 5);
        let hit = hits.iter().find(|h| h.entry.kind == Kind::Note).unwrap();
        let chars: Vec<char> = hit.entry.text.chars().collect();
        let highlighted: String = hit.positions.iter().map(|&i| chars[i]).collect();
        assert_eq!(highlighted, "stratégie");
    }

    #[test]
    fn modalites_are_searchable_and_lead_to_their_bloc() {
        let index = index_with_notes(&[]);
        let hits = index.search("E1", 5);
        assert_eq!(hits[0].entry.kind, Kind::Modalite);
        assert_eq!(hits[0].entry.target, Target::Node("BC01".into()));
        assert_eq!(hits[0].entry.path, "BC01 › E1");
    }

    #[test]
    fn refreshing_notes_replaces_only_the_notes() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut p = Portfolio::new(&c.id);
        let mut index = Index::new(&c, &p);
        let before = index.len();
        p.add_note("C2.1.CR1", "Ancienne version", Timestamp::UNIX_EPOCH);
        index.refresh_critere("C2.1.CR1", &p);
        assert_eq!(index.len(), before + 1);
        p.delete_note("C2.1.CR1", 0);
        p.add_note("C2.1.CR1", "Incoterms DAP", Timestamp::UNIX_EPOCH);
        index.refresh_critere("C2.1.CR1", &p);
        assert_eq!(index.len(), before + 1);
        assert!(
            index.search("ancienne", 5).is_empty(),
            "replaced entries are gone"
        );
        assert_eq!(
            index.search("incoterms", 5)[0].entry.target,
            Target::Note {
                critere: "C2.1.CR1".into(),
                index: 0
            }
        );
    }
}
