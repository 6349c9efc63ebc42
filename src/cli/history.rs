//! `livret log` in a synced data directory: when each note's current
//! version was synced, and by whom, from git (see `store::note_syncs`).

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::cycle::{Event, Kind};
use crate::portfolio::{Note, Portfolio};
use crate::sync::history::{NoteSync, NoteSyncs, synced};
use crate::text::{terminal_safe, truncate};

/// One event of `livret log --json` in a synced data directory: each
/// note's latest event (`note_edited`, or `note_created` for a note never
/// edited) carries `synced`, the sync of the note's current text, `null`
/// while it is not yet synced. Elsewhere, and without git, no `synced`.
#[derive(Debug, Serialize)]
pub struct Logged<'e> {
    #[serde(flatten)]
    event: &'e Event,
    #[serde(skip_serializing_if = "Option::is_none")]
    synced: Option<Option<&'e NoteSync>>,
}

/// The latest event the log lists for a note: edited or not, its critère,
/// time and title.
type Latest<'p> = (bool, &'p str, Timestamp, &'p str);

fn latest<'p>(critere: &'p str, note: &'p Note) -> Latest<'p> {
    let edited = note.updated > note.created;
    let time = if edited { note.updated } else { note.created };
    (edited, critere, time, note.title())
}

/// The notes the log lists (drafts are not evidence yet), by critère.
fn notes(portfolio: &Portfolio) -> impl Iterator<Item = (&str, &Note)> {
    portfolio.criteres.iter().flat_map(|(critere, work)| {
        work.notes
            .iter()
            .filter(|n| !n.draft)
            .map(move |n| (critere.as_str(), n))
    })
}

/// The events of [`crate::cycle::log`], each note's latest one with its sync.
pub fn logged<'e>(
    events: &'e [Event],
    portfolio: &'e Portfolio,
    syncs: &'e NoteSyncs,
) -> Vec<Logged<'e>> {
    let mut by_event: HashMap<Latest, Option<&NoteSync>> = HashMap::new();
    for (critere, note) in notes(portfolio) {
        by_event
            .entry(latest(critere, note))
            .or_insert_with(|| synced(syncs, critere, note));
    }
    events
        .iter()
        .map(|event| {
            let edited = match event.kind {
                Kind::NoteCreated => Some(false),
                Kind::NoteEdited => Some(true),
                _ => None,
            };
            let synced = edited.and_then(|edited| {
                let node = event.node.as_deref().unwrap_or_default();
                by_event
                    .get(&(edited, node, event.time, event.what.as_str()))
                    .copied()
            });
            Logged { event, synced }
        })
        .collect()
}

/// The text section: one line per note, « C1.1.CR2 — Titre : synchronisée
/// le 07/12/2026 à 14:03 par Marie Dupont », or not yet synced.
pub fn section(portfolio: &Portfolio, syncs: &NoteSyncs, tz: &TimeZone) -> String {
    let mut out = String::new();
    for (critere, note) in notes(portfolio) {
        let title = truncate(note.title(), 60);
        let state = match synced(syncs, critere, note) {
            Some(sync) => format!(
                "synchronisée le {} par {}",
                sync.when.to_zoned(tz.clone()).strftime("%d/%m/%Y à %H:%M"),
                terminal_safe(&sync.author)
            ),
            None => "pas encore synchronisée".to_string(),
        };
        out.push_str(&format!("{critere} — {title} : {state}\n"));
    }
    if out.is_empty() {
        return out;
    }
    format!("\nDernière version de chaque note, d’après la synchronisation (git) :\n{out}")
}
