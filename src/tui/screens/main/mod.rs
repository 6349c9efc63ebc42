//! The main screen: the référentiel's tree, the detail, the gauges, and
//! the tutor's review of them. Its state, and how keys change it: moving
//! in the tree (`tree`), the detail held during a burst of moves (`burst`),
//! notes, statuses and levels (`notes`), verdicts and comments (`review`).

pub mod burst;
pub mod coaching;
pub mod layout;
pub mod notes;
mod request;
pub mod review;
pub mod tree;

use jiff::Timestamp;

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::Modals;
use crate::tui::nav::Go;
use crate::tui::outline::{self, NodePath, Row};
use crate::tui::session::{Ctx, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
}

/// The main screen's state. The tree's rows and selection belong to the
/// open certification.
#[derive(Debug)]
pub struct MainScreen {
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First visible row of the tree (see `follow_selection`).
    pub tree_offset: usize,
    /// Columns the tree's rows need to show their titles whole (see
    /// `tree::need`), up to the share of the screen the layout allows.
    pub tree_need: u16,
    pub focus: Pane,
    /// Selected note of the selected critère.
    pub note: usize,
    pub detail_scroll: u16,
    /// During a burst of tree moves, the node the detail pane keeps
    /// showing; the run loop sends `Action::Settle` once the keys stop. A
    /// burst then costs the two tree rows that change per key, not the whole
    /// text of every critère passed over.
    held: Option<NodePath>,
    /// When the last tree move was made (`now` then).
    last_move: Option<Timestamp>,
    /// What the detail pane showed in the last frame drawn (set by the run
    /// loop): a burst keeps that, not a node no frame showed.
    shown: Option<NodePath>,
    /// Where the text coming back from the external editor goes.
    external_target: Option<(String, Option<usize>)>,
}

impl Default for MainScreen {
    fn default() -> Self {
        MainScreen {
            rows: Vec::new(),
            selected: 0,
            tree_offset: 0,
            tree_need: 0,
            focus: Pane::Tree,
            note: 0,
            detail_scroll: 0,
            held: None,
            last_move: None,
            shown: None,
            external_target: None,
        }
    }
}

impl MainScreen {
    /// Shows the session's open certification (just made current), where
    /// the candidate was; `switched` when it was another one before.
    pub fn open(&mut self, session: &mut Session, switched: bool) {
        let selected = session.open().and_then(|(certification, portfolio)| {
            let id = portfolio.view.selected.as_deref()?;
            outline::find(certification, id)
        });
        if switched {
            self.tree_offset = 0;
        }
        self.held = None;
        self.shown = None;
        self.focus = Pane::Tree;
        self.note = 0;
        self.detail_scroll = 0;
        self.refresh_rows(session, selected.unwrap_or(NodePath::Bloc(0)));
    }

    pub fn update(&mut self, ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
        let in_detail = self.focus == Pane::Detail;
        let on_critere = self.selected_critere(ctx.session).is_some();
        // In the detail pane, j/k move between notes when there are some,
        // and scroll the text otherwise.
        let notes = self.note_count(ctx.session);
        let on_notes = in_detail && on_critere && notes > 0;
        let page = usize::from(ctx.viewport.1.saturating_sub(10)).max(1);
        let session = &mut *ctx.session;
        match action {
            Action::Down if on_notes && self.note + 1 < notes => {
                self.note += 1;
                self.detail_scroll = 0;
            }
            // Past the last note, j reads on; k comes back to it first.
            // (A note shows at most about a screen: no further.)
            Action::Down if on_notes => {
                self.detail_scroll = (self.detail_scroll + 1).min(ctx.viewport.1);
            }
            // One k goes back to the note's top (how far j read on is the
            // view's to clamp: counting it back would leave k dead).
            Action::Up if on_notes && self.detail_scroll > 0 => self.detail_scroll = 0,
            Action::Up if on_notes => self.note = self.note.saturating_sub(1),
            Action::Down if in_detail => self.detail_scroll = self.detail_scroll.saturating_add(1),
            Action::Up if in_detail => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Action::PageDown if in_detail => {
                self.detail_scroll = self.detail_scroll.saturating_add(page as u16);
            }
            Action::PageUp if in_detail => {
                self.detail_scroll = self.detail_scroll.saturating_sub(page as u16);
            }
            Action::Down => self.select(session, self.selected + 1),
            Action::Up => self.select(session, self.selected.saturating_sub(1)),
            Action::PageDown => self.select(session, self.selected + page),
            Action::PageUp => self.select(session, self.selected.saturating_sub(page)),
            Action::Top => self.select(session, 0),
            Action::Bottom => self.select(session, self.rows.len().saturating_sub(1)),
            Action::Collapse if in_detail => self.focus = Pane::Tree,
            Action::Collapse => self.collapse(session),
            Action::Expand => self.expand(session),
            Action::Activate if in_detail && on_critere && notes > 0 => {
                return self.update(ctx, modals, Action::EditNote);
            }
            Action::Activate => self.activate(session),
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Pane::Tree => Pane::Detail,
                    Pane::Detail => Pane::Tree,
                }
            }
            Action::Back => self.focus = Pane::Tree,
            Action::AddNote
            | Action::EditNote
            | Action::EditNoteExternal
            | Action::ExternalEditDone(_)
            | Action::DeleteNote
            | Action::CycleStatus
            | Action::MoveNote
            | Action::SetLevel(_)
            | Action::ToggleTarget
            | Action::Export => return self.notes(ctx, modals, action),
            Action::WhatNext
            | Action::OpenPace
            | Action::CyclePositioning
            | Action::DismissHint => return self.coaching(ctx, modals, action),
            Action::CycleVerdict => return self.cycle_verdict(ctx),
            Action::ConfirmVerdict => return self.confirm_verdict(ctx),
            Action::AddComment => self.start_comment(ctx, modals),
            Action::RequestReview => self.request_review(ctx, modals),
            Action::NextRequested => self.next_requested(ctx),
            Action::ToggleFilter => self.toggle_filter(ctx),
            Action::Search => {
                // Built off the loop after opening: a `/` that comes before
                // it is done opens at once, and the results come with the
                // index.
                session.index_here();
                modals.push(crate::tui::modals::Modal::Search(Default::default()));
            }
            Action::OpenPicker if session.tutor.is_some() => return vec![Effect::ShowCohort],
            Action::OpenPicker => ctx.go(Go::Picker),
            Action::OpenExperiences => ctx.go(Go::Experiences),
            Action::OpenPieces => ctx.go(Go::Pieces),
            Action::OpenMatrix => ctx.go(Go::Matrix),
            Action::OpenFiche => {
                let current = session.current;
                ctx.go(Go::Fiche(current));
            }
            _ => {}
        }
        Vec::new()
    }
}
