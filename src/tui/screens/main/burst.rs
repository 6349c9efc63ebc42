//! Held keys: a burst of tree moves keeps the detail pane as the last frame
//! showed it, so that each key redraws two tree rows, not every critère's
//! text passed over; the run loop settles it once the keys stop.

use jiff::Timestamp;

use super::{MainScreen, Pane};
use crate::tui::action::Action;
use crate::tui::outline::{Node, NodePath};
use crate::tui::session::Session;

/// Tree moves closer together than this are a burst: a held key, or keys
/// typed ahead over a slow link. Key repeat sends one every 30–40 ms; a
/// person tapping, one every 100 ms or more.
pub const HOLD: std::time::Duration = std::time::Duration::from_millis(80);

impl MainScreen {
    /// A tree move close behind another keeps the detail pane as it is;
    /// anything else (`tree_move` false) shows the selection in it again.
    pub fn hold_detail(&mut self, action: &Action, tree_keys: bool, now: Timestamp) {
        if matches!(action, Action::SaveDraft) {
            // Not a key: the idle autosave changes nothing on screen.
            return;
        }
        let tree_move = tree_keys
            && self.focus == Pane::Tree
            && matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Top
                    | Action::Bottom
            );
        if !tree_move {
            self.held = None;
            self.last_move = None;
            return;
        }
        let hold = jiff::SignedDuration::try_from(HOLD).unwrap_or_default();
        let burst = self
            .last_move
            .is_some_and(|last| now.duration_since(last) < hold);
        if !burst {
            self.held = None;
        } else if self.held.is_none() {
            // Keys that came together were applied before any frame: keep
            // what the screen shows, not where the first of them landed.
            self.held = self.shown.or_else(|| self.selected_path());
        }
        self.last_move = Some(now);
    }

    /// The node the detail pane shows: the selected one, or during a burst
    /// of moves the one it showed when the burst began.
    pub fn detail_path(&self, session: &Session) -> Option<NodePath> {
        session.open()?;
        self.held
            .filter(|path| super::tree::resolve(session, *path).is_some())
            .or_else(|| self.selected_path())
    }

    pub fn detail_node<'a>(&self, session: &'a Session) -> Option<Node<'a>> {
        super::tree::resolve(session, self.detail_path(session)?)
    }

    /// Whether the detail pane lags behind the selection (a burst of moves).
    pub fn detail_held(&self) -> bool {
        self.held.is_some()
    }

    /// A frame was drawn showing the detail of `shown`.
    pub fn frame_drawn(&mut self, shown: Option<NodePath>) {
        self.shown = shown;
    }
}
