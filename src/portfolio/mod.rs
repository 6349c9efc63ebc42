//! The candidate's work on one certification: statuses, self-assessment,
//! evidence notes, targeted optional blocs, and where they left the tree.
//!
//! Pure: no IO, no terminal. Times are given by the caller.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

mod cycle;
mod entries;
mod experiences;
mod identity;
mod merge;
mod pieces;
mod text;
mod undo;
mod writing;

pub use cycle::{Reply, Request, StatusChange};
pub use identity::{Identity, LINE_MAX, NAME_MAX, clean_line, clean_name};

pub use merge::{Base, Merged, Newer};
pub use pieces::Piece;
pub use text::Text;
pub use undo::{Change, Checkpoint};
pub use writing::{Hint, Positioning, Written};

pub use crate::experience::Experience;
use crate::referentiel::Certification;

/// Current version of the portfolio file format. Version 2 added drafts
/// (`Note::draft`), version 3 experiences and the notes' links to them,
/// version 4 review requests and the statuses' history, version 5 the jury
/// date, the self-positioning per compétence, the words written per hour
/// and the hints dismissed per note, version 6 the candidate's identity
/// (their name), version 7 the pièces justificatives and the notes' citations
/// of them; older files are migrated on load.
pub const FORMAT_VERSION: u32 = 7;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    pub format_version: u32,
    /// Id of the certification this portfolio is for.
    pub referentiel: String,
    /// Who the candidate is (their name, for their tutors and the exports).
    #[serde(default, skip_serializing_if = "Identity::is_empty")]
    pub identity: Identity,
    /// Work per critère, keyed by critère id. Shared with earlier states
    /// of the portfolio (the undo checkpoint, a save's snapshot) until
    /// changed: see [`Portfolio::work`].
    #[serde(default)]
    pub criteres: BTreeMap<String, Arc<CritereWork>>,
    /// Optional blocs the candidate aims for.
    #[serde(default)]
    pub targeted: BTreeSet<String>,
    /// The candidate's jobs and missions, in the order they chose.
    #[serde(default)]
    pub experiences: Vec<Experience>,
    /// The number of the last experience id given out (`exp-N`): ids are
    /// never given twice, so a link cannot come to mean another experience.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_experience: u32,
    /// The pièces justificatives, in the order the dossier numbers them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Piece>,
    /// The number of the last piece id given out (`piece-N`), as for
    /// experiences.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_piece: u32,
    /// Where the candidate left the tree, restored at the next start. Kept
    /// in its own file (`store::save_view`) so that moving in the tree
    /// rewrites no portfolio; read here only from files written before.
    #[serde(default, skip_serializing)]
    pub view: ViewState,
    /// Per critère or compétence, the newest tutor comment the candidate
    /// has seen: newer ones are marked unread.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<String, Timestamp>,
    /// The reviews the candidate asked for, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<Request>,
    /// Every status change, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    /// Per critère or compétence, the candidate's answers to the tutors.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub replies: BTreeMap<String, Vec<Reply>>,
    /// The date the dossier is due (the jury's, or the centre's deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<jiff::civil::Date>,
    /// France VAE's « oui / partiellement / non » per compétence, where the
    /// candidate set it (elsewhere it is derived from the critères).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub positioning: BTreeMap<String, Positioning>,
    /// Words added to the notes, per hour of writing, oldest first: the
    /// pace so far is drawn from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<Written>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewState {
    #[serde(default)]
    pub selected: Option<String>,
    #[serde(default)]
    pub expanded: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CritereWork {
    #[serde(default)]
    pub status: Status,
    /// Self-assessment, 1 to 4.
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// Where the candidate stands on a critère.
/// Ordered from à faire to prêt.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Ready,
}

impl Status {
    pub fn next(self) -> Status {
        match self {
            Status::Todo => Status::InProgress,
            Status::InProgress => Status::Ready,
            Status::Ready => Status::Todo,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "à faire",
            Status::InProgress => "en cours",
            Status::Ready => "prêt",
        }
    }

    /// A marker that does not rely on colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Todo => "○",
            Status::InProgress => "◐",
            Status::Ready => "●",
        }
    }
}

/// What a note's word count is kept under: its unit, when it was created
/// and last changed, and its length; changing its text changes the key.
pub type NoteKey = (String, Timestamp, Timestamp, usize);

/// An evidence note: free text whose first line is its title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: Text,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// Text kept from an editor that was not closed with Ctrl-S (idle
    /// autosave, hang-up): not yet evidence, offered for resuming.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Ids of the experiences this note draws on, in the experiences' order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiences: Vec<String>,
    /// Ids of the pièces justificatives it cites, in the pieces' order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<String>,
    /// Writing hints the candidate dismissed for this note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Hint>,
}

impl Note {
    /// The key of this note's word count, in unit `unit`.
    pub fn key(&self, unit: &str) -> NoteKey {
        (
            unit.to_string(),
            self.created,
            self.updated,
            self.text.len(),
        )
    }

    pub fn new(text: &str, now: Timestamp, draft: bool) -> Note {
        Note {
            text: Text::from(text),
            created: now,
            updated: now,
            draft,
            experiences: Vec::new(),
            pieces: Vec::new(),
            dismissed: Vec::new(),
        }
    }

    /// The first non-blank line, like a commit message's subject.
    pub fn title(&self) -> &str {
        self.text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("(sans titre)")
    }

    /// The lines after the title.
    pub fn body(&self) -> impl Iterator<Item = &str> {
        let mut lines = self.text.lines().skip_while(|line| line.trim().is_empty());
        lines.next();
        lines
    }
}

pub const MAX_LEVEL: u8 = 4;

/// Where the work of [`Portfolio::orphans`] is shown and found.
pub const ORPHANS: &str = "hors référentiel";

impl Portfolio {
    pub fn new(referentiel: impl Into<String>) -> Self {
        Portfolio {
            format_version: FORMAT_VERSION,
            referentiel: referentiel.into(),
            identity: Identity::default(),
            criteres: BTreeMap::new(),
            targeted: BTreeSet::new(),
            experiences: Vec::new(),
            last_experience: 0,
            pieces: Vec::new(),
            last_piece: 0,
            view: ViewState::default(),
            seen: BTreeMap::new(),
            requests: Vec::new(),
            history: Vec::new(),
            replies: BTreeMap::new(),
            due: None,
            positioning: BTreeMap::new(),
            written: Vec::new(),
        }
    }

    /// Moves the work keyed by a former id of `certification` (a critère or
    /// compétence renamed, merged or moved since the portfolio was written)
    /// to the current id, so that every note stays on the item it was
    /// written for. Two former ids that now name one item are merged: notes
    /// put together in the order they were written, the most advanced
    /// status, the self-assessment already there or else the moved one.
    /// Returns how many entries moved.
    pub fn follow_renames(&mut self, certification: &Certification) -> usize {
        let mut moved = 0;
        for (former, current) in certification.former_ids() {
            if let Some(old) = self.criteres.remove(former) {
                moved += 1;
                let work = self.work(current);
                let old = Arc::unwrap_or_clone(old);
                work.notes.extend(old.notes);
                work.notes.sort_by_key(|n| n.created);
                work.status = work.status.max(old.status);
                work.level = work.level.or(old.level);
            }
            if let Some(seen) = self.seen.remove(former) {
                let entry = self.seen.entry(current.to_string()).or_insert(seen);
                *entry = (*entry).max(seen);
            }
            if self.view.expanded.remove(former) {
                self.view.expanded.insert(current.to_string());
            }
            if self.view.selected.as_deref() == Some(former) {
                self.view.selected = Some(current.to_string());
            }
            // The review cycle follows its items too.
            if let Some(old) = self.replies.remove(former) {
                let replies = self.replies.entry(current.to_string()).or_default();
                replies.extend(old);
                replies.sort_by_key(|r| r.created);
            }
            for request in &mut self.requests {
                if request.node.as_deref() == Some(former) {
                    request.node = Some(current.to_string());
                }
            }
            for change in &mut self.history {
                if change.id == former {
                    change.id = current.to_string();
                }
            }
        }
        moved
    }

    /// Ids that carry work (notes, a status, a level) but name no unit of
    /// evidence of `certification`: a node that disappeared from a newer
    /// version of the référentiel without a former id leading on. Their work
    /// is kept and shown « hors référentiel », never deleted.
    pub fn orphans(&self, certification: &Certification) -> Vec<String> {
        let units: std::collections::HashSet<&str> = certification.units().map(|u| u.id).collect();
        self.criteres
            .iter()
            .filter(|(id, work)| !units.contains(id.as_str()) && ***work != CritereWork::default())
            .map(|(id, _)| id.clone())
            .collect()
    }

    pub fn critere(&self, id: &str) -> Option<&CritereWork> {
        self.criteres.get(id).map(|work| &**work)
    }

    pub fn status(&self, id: &str) -> Status {
        self.critere(id).map_or(Status::Todo, |w| w.status)
    }

    pub fn notes(&self, id: &str) -> &[Note] {
        self.critere(id).map_or(&[], |w| &w.notes)
    }

    /// The words of each note written (drafts left out), under its key,
    /// counted on every core: what the gauges add up, kept with a parsed
    /// copy of a large portfolio so that opening it counts nothing again.
    pub fn word_counts(&self) -> Vec<(NoteKey, usize)> {
        let notes: Vec<(&String, &Note)> = self
            .criteres
            .iter()
            .flat_map(|(id, work)| work.notes.iter().map(move |note| (id, note)))
            .filter(|(_, note)| !note.draft)
            .collect();
        let texts: Vec<&str> = notes.iter().map(|(_, note)| note.text.as_str()).collect();
        let counts = crate::text::words::count_each(&texts);
        notes
            .into_iter()
            .zip(counts)
            .map(|((id, note), words)| (note.key(id), words))
            .collect()
    }

    /// The work of `id` to change, made if there is none; copied first if
    /// an earlier state (the undo checkpoint, a save's snapshot) shares it.
    fn work(&mut self, id: &str) -> &mut CritereWork {
        Arc::make_mut(self.criteres.entry(id.to_string()).or_default())
    }

    /// The work of `id` to change when there is some, copied first if shared.
    pub fn work_mut(&mut self, id: &str) -> Option<&mut CritereWork> {
        self.criteres.get_mut(id).map(Arc::make_mut)
    }

    /// Calls `change` with each note `wants`, its critère and its index.
    /// Only the works holding such a note are copied when shared.
    pub(crate) fn change_notes(
        &mut self,
        wants: impl Fn(&Note) -> bool,
        mut change: impl FnMut(&str, usize, &mut Note),
    ) {
        for (id, work) in &mut self.criteres {
            if work.notes.iter().any(&wants) {
                let notes = &mut Arc::make_mut(work).notes;
                for (index, note) in notes.iter_mut().enumerate() {
                    if wants(note) {
                        change(id, index, note);
                    }
                }
            }
        }
    }

    /// Drops the entry of a critère that carries nothing, to keep files small.
    fn tidy(&mut self, id: &str) {
        if self.critere(id) == Some(&CritereWork::default()) {
            self.criteres.remove(id);
        }
    }

    /// Adds a note; the first evidence moves a critère from à faire to en cours.
    /// Returns the new note's index, or `None` for a blank text.
    pub fn add_note(&mut self, id: &str, text: &str, now: Timestamp) -> Option<usize> {
        if text.trim().is_empty() {
            return None;
        }
        let work = self.work(id);
        work.notes.push(Note::new(text, now, false));
        let index = work.notes.len() - 1;
        if work.status == Status::Todo {
            work.status = Status::InProgress;
            self.record_status(id, Status::Todo, Status::InProgress, now);
        }
        self.wrote(now, 0, text);
        Some(index)
    }

    /// Moves a note to the end of another unit's notes (a note kept « hors
    /// référentiel » to the critère it belongs to now), its dates, links and
    /// words unchanged; evidence moves an à faire unit to en cours. A unit
    /// left with nothing is dropped. Returns the note's new index.
    pub fn move_note(
        &mut self,
        from: &str,
        index: usize,
        to: &str,
        now: Timestamp,
    ) -> Option<usize> {
        if from == to || index >= self.notes(from).len() {
            return None;
        }
        let note = self.work(from).notes.remove(index);
        self.tidy(from);
        let evidence = !note.draft;
        let work = self.work(to);
        work.notes.push(note);
        let moved = work.notes.len() - 1;
        if evidence && work.status == Status::Todo {
            work.status = Status::InProgress;
            self.record_status(to, Status::Todo, Status::InProgress, now);
        }
        Some(moved)
    }

    /// Replaces a note's text. A blank text or an unchanged one does nothing
    /// and returns false.
    pub fn update_note(&mut self, id: &str, index: usize, text: &str, now: Timestamp) -> bool {
        if text.trim().is_empty() {
            return false;
        }
        let Some(note) = self.work(id).notes.get_mut(index) else {
            return false;
        };
        if note.text == text {
            return false;
        }
        let before = std::mem::replace(&mut note.text, Text::from(text));
        note.updated = now;
        if !note.draft {
            self.wrote(now, crate::text::words::count(&before), text);
        }
        true
    }

    /// Removes a note; its words count as taken out at `now`.
    pub fn delete_note(&mut self, id: &str, index: usize, now: Timestamp) -> Option<Note> {
        let notes = &mut self.work(id).notes;
        let removed = (index < notes.len()).then(|| notes.remove(index));
        self.tidy(id);
        if let Some(note) = removed.as_ref().filter(|n| !n.draft) {
            self.wrote(now, crate::text::words::count(&note.text), "");
        }
        removed
    }

    /// à faire → en cours → prêt → à faire, recorded in the history.
    pub fn cycle_status(&mut self, id: &str, now: Timestamp) -> Status {
        let work = self.work(id);
        let from = work.status;
        work.status = work.status.next();
        let status = work.status;
        self.tidy(id);
        self.record_status(id, from, status, now);
        status
    }

    /// Sets the self-assessment (1–4), or clears it with `None`.
    pub fn set_level(&mut self, id: &str, level: Option<u8>) {
        self.work(id).level = level.filter(|l| (1..=MAX_LEVEL).contains(l));
        self.tidy(id);
    }

    /// Toggles whether an optional bloc is aimed for; returns the new state.
    pub fn toggle_target(&mut self, bloc: &str) -> bool {
        if self.targeted.remove(bloc) {
            false
        } else {
            self.targeted.insert(bloc.to_string());
            true
        }
    }

    /// Keeps the editor's text as a draft note: updates the draft at
    /// `existing` or adds one. A blank text removes the draft. Returns its index.
    pub fn put_draft(
        &mut self,
        id: &str,
        existing: Option<usize>,
        text: &str,
        now: Timestamp,
    ) -> Option<usize> {
        let notes = &mut self.work(id).notes;
        let existing = existing.filter(|&i| notes.get(i).is_some_and(|n| n.draft));
        if text.trim().is_empty() {
            if let Some(i) = existing {
                notes.remove(i);
            }
            self.tidy(id);
            return None;
        }
        match existing {
            Some(i) => {
                notes[i].text = Text::from(text);
                notes[i].updated = now;
                Some(i)
            }
            None => {
                notes.push(Note::new(text, now, true));
                Some(notes.len() - 1)
            }
        }
    }

    /// Turns a draft into evidence, like a note added now.
    pub fn finish_draft(&mut self, id: &str, index: usize, text: &str, now: Timestamp) -> bool {
        let work = self.work(id);
        let Some(note) = work.notes.get_mut(index).filter(|n| n.draft) else {
            return false;
        };
        note.text = Text::from(text);
        note.updated = now;
        note.draft = false;
        if work.status == Status::Todo {
            work.status = Status::InProgress;
        }
        self.wrote(now, 0, text);
        true
    }

    /// The index of the critère's draft, if it has one.
    pub fn draft(&self, id: &str) -> Option<usize> {
        self.notes(id).iter().position(|n| n.draft)
    }

    pub fn note_count(&self) -> usize {
        self.criteres.values().map(|w| w.notes.len()).sum()
    }
}

#[cfg(test)]
mod tests;
