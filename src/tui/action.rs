//! Everything a user can do, named once.

use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
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
    Type(KeyEvent),
    /// Open the search overlay.
    Search,
    /// Answer to a yes/no question.
    Confirm(bool),
    /// The external editor returned this text (`None`: it failed or was cancelled).
    ExternalEditDone(Option<String>),
}
