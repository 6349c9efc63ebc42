//! When each note last changed and who synced that change, from the
//! versions of a portfolio along its git history (read by
//! `store::note_syncs`). Pure: the versions are given.
//!
//! A note is known by its critère, its creation time and a fingerprint of
//! its text ([`NoteKey`]). The text is in the key for two reasons: two
//! versions of one note kept side by side after a sync (same critère, same
//! creation time, other texts, see [`super::in_conflict`]) each get their
//! own answer; and a note edited since the last sync finds no entry, which
//! is what « pas encore synchronisée » means.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;

use crate::portfolio::{Note, Portfolio};

/// One commit that changed the portfolio: a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    pub commit: String,
    /// The commits before it that changed the portfolio (what
    /// `git log --parents -- <file>` gives): two for a sync that took in
    /// the remote's changes with its own, none for the first.
    pub parents: Vec<String>,
    /// Who synced: the candidate, or a tutor.
    pub author: String,
    pub when: Timestamp,
}

/// The sync where a note's current text first appeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteSync {
    pub when: Timestamp,
    pub author: String,
    pub commit: String,
}

/// A note: its critère, its creation time and the fingerprint of its text
/// ([`fingerprint`]).
pub type NoteKey = (String, Timestamp, u64);

/// Every note of the newest version, with the sync its text comes from.
pub type NoteSyncs = BTreeMap<NoteKey, NoteSync>;

/// FNV-1a over the text: stable from one run (and one Rust) to the next.
/// Two texts of one note with the same fingerprint are not told apart, a
/// chance of one in 2⁶⁴.
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn note_key(critere: &str, note: &Note) -> NoteKey {
    (critere.to_string(), note.created, fingerprint(&note.text))
}

/// The sync of `note` (on `critere`) as it is now; `None`: its text is not
/// in the newest synced version (changed since, or never synced).
pub fn synced<'s>(syncs: &'s NoteSyncs, critere: &str, note: &Note) -> Option<&'s NoteSync> {
    syncs.get(&note_key(critere, note))
}

/// The notes of one version, by critère and creation time: their texts.
type Texts<'p> = HashMap<(&'p str, Timestamp), Vec<&'p str>>;

fn texts(portfolio: &Portfolio) -> Texts<'_> {
    let mut texts: Texts = HashMap::new();
    for (critere, work) in &portfolio.criteres {
        for note in &work.notes {
            texts
                .entry((critere.as_str(), note.created))
                .or_default()
                .push(note.text.as_str());
        }
    }
    texts
}

/// For each note of the newest version (the first of `versions`, newest
/// first), the sync where its text first appeared: from that version, the
/// walk goes to a parent that has the same text for as long as there is
/// one, like `git blame` does for a line. A note edited on another machine
/// is thus credited to whoever synced it there, not to the sync that
/// later took it in; a text brought back to what it was long ago is
/// credited to when it was brought back. A parent not among `versions`
/// (older than those read, or unreadable) has no text: the walk stops
/// before it, at the oldest version read for a note older than them.
pub fn note_syncs(versions: &[(Synced, Portfolio)]) -> NoteSyncs {
    let Some((_, newest)) = versions.first() else {
        return NoteSyncs::new();
    };
    let index: HashMap<&str, usize> = versions
        .iter()
        .enumerate()
        .map(|(i, (synced, _))| (synced.commit.as_str(), i))
        .collect();
    let texts: Vec<Texts> = versions.iter().map(|(_, p)| texts(p)).collect();
    let has = |version: usize, critere: &str, note: &Note| {
        texts[version]
            .get(&(critere, note.created))
            .is_some_and(|t| t.contains(&note.text.as_str()))
    };
    let mut syncs = NoteSyncs::new();
    for (critere, work) in &newest.criteres {
        for note in &work.notes {
            let mut at = 0;
            // Bounded: the parents given may loop, git's never do.
            for _ in 0..versions.len() {
                let earlier = versions[at]
                    .0
                    .parents
                    .iter()
                    .filter_map(|p| index.get(p.as_str()).copied())
                    .find(|&p| has(p, critere, note));
                match earlier {
                    Some(p) => at = p,
                    None => break,
                }
            }
            let synced = &versions[at].0;
            syncs.insert(
                note_key(critere, note),
                NoteSync {
                    when: synced.when,
                    author: synced.author.clone(),
                    commit: synced.commit.clone(),
                },
            );
        }
    }
    syncs
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
