//! Everything a user can do, named once.
//!
//! `Action` deserializes from snake_case names, so `config.ron` maps keys
//! straight onto actions: `"ctrl-s": save_note`, `"x": set_level(2)`.

use ratatui::crossterm::event::KeyEvent;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Collapse the node, or go to its parent.
    Collapse,
    /// Expand the node; on a leaf, move the focus to the detail pane.
    Expand,
    /// Enter: open in the picker, toggle a branch, edit the selected note.
    Activate,
    SwitchPane,
    /// Esc: close a popup, or bring the focus back to the tree.
    Back,
    AddNote,
    EditNote,
    EditNoteExternal,
    DeleteNote,
    CycleStatus,
    /// Self-assessment 1–4; 0 clears it.
    SetLevel(u8),
    ToggleTarget,
    Help,
    OpenPicker,
    /// Ctrl-S in the editor: keep the note and close.
    SaveNote,
    /// Any other key while typing text (note editor, search field).
    #[serde(skip_deserializing)]
    Type(KeyEvent),
    /// Open the search overlay.
    Search,
    /// Answer to a yes/no question.
    Confirm(bool),
    /// The external editor returned this text (`None`: it failed or was cancelled).
    #[serde(skip_deserializing)]
    ExternalEditDone(Option<String>),
    /// Show the next theme (a preview: the configuration is not changed).
    CycleTheme,
    /// Write the dossier as Markdown and HTML in `<data>/exports/`.
    Export,
    /// Keep the editor's text as a draft (idle autosave, hang-up); sent by
    /// the run loop, not bound to a key.
    #[serde(skip_deserializing)]
    SaveDraft,
    /// The keys of a burst of tree moves have stopped: show the selection
    /// in the detail pane. Sent by the run loop, not bound to a key.
    #[serde(skip_deserializing)]
    Settle,
    /// Tutor: none → à retravailler → validé on the selected critère or compétence.
    CycleVerdict,
    /// Tutor: comment the selected critère or compétence.
    AddComment,
    /// Tutor: keep the verdict as it is after the evidence changed.
    ConfirmVerdict,
    /// Tutor: show only critères prêt not judged yet (again: everything).
    ToggleFilter,
    /// Candidate: ask for a review of the selected part (or take the open
    /// request on it back).
    RequestReview,
    /// In a request's editor: the selected part, or the whole dossier.
    RequestScope,
    /// In the note editor: insert the writing frame, or take it out.
    ToggleFrame,
    /// « Que faire maintenant ? »: the next things to do.
    WhatNext,
    /// The dashboard: the jury date and the pace.
    OpenPace,
    /// In the dashboard: set the date the dossier is due.
    SetDue,
    /// In the dashboard: give or change the name the tutors see.
    SetName,
    /// The candidate's identity in the dossier: name, recevabilité, contact.
    SetIdentity,
    /// France VAE's oui / partiellement / non on the selected compétence.
    CyclePositioning,
    /// Dismiss the first writing hint shown on the selected note.
    DismissHint,
    /// Tutor, cohort screen: the candidates, or the review requests waiting.
    ToggleQueue,
    /// Tutor: the next item of the request being reviewed that has no
    /// answer yet.
    NextRequested,
    /// Open an unreadable portfolio's certification read-only.
    OpenReadOnly,
    /// Put the latest backup in place of an unreadable portfolio.
    RestoreBackup,
    /// Show the experiences screen.
    OpenExperiences,
    /// Show the critères × experiences matrix.
    OpenMatrix,
    /// Show the fiche: every text of the certification.
    OpenFiche,
    /// Next / previous line found by a search (fiche).
    NextMatch,
    PrevMatch,
    /// Show the pièces justificatives screen.
    OpenPieces,
    /// Add, edit, delete (asks first; undoable until quit) an experience,
    /// or a piece on the pieces' screen.
    AddExperience,
    EditExperience,
    DeleteExperience,
    /// Take back the last change of the candidate's own work (notes,
    /// statuses, levels, links, experiences…), or do again the last one
    /// taken back.
    Undo,
    Redo,
    /// The messages shown this session, newest first.
    ShowMessages,
    /// Sync with the centre now (git).
    Sync,
    /// Move the selected note to another critère (a note kept « hors
    /// référentiel » to where it belongs now).
    MoveNote,
    /// In the note editor: choose the experiences the note links to.
    LinkExperiences,
    /// Next / previous field of a form.
    NextField,
    PrevField,
    /// One column left / right (matrix).
    Left,
    Right,
    /// Picker: import a certification from France compétences' export.
    OpenImport,
    /// Tab in a path: complete it against the file system.
    Complete,
}
