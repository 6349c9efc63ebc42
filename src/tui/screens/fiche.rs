//! The fiche screen (`i`): everything the référentiel holds, scrollable and
//! searchable. State and update only; drawing is in `view/fiche.rs`, the
//! content comes from [`crate::fiche`].

use crate::fiche::{self, Line, Row};
use crate::search::fold;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::modals::Modals;
use crate::tui::nav::{Go, Screen};
use crate::tui::session::{Ctx, Session};
use crate::tui::status::Status;

/// The screen's state.
#[derive(Debug)]
pub struct FicheScreen {
    /// Index in the session's docs of the certification shown.
    pub doc: usize,
    /// The screen Esc goes back to.
    pub back: Screen,
    pub lines: Vec<Line>,
    /// `lines` wrapped to `width` (see [`body_size`]).
    pub rows: Vec<Row>,
    pub width: usize,
    /// First row shown.
    pub scroll: usize,
    /// The search: what is typed, and whether it is still being typed.
    pub query: String,
    pub typing: bool,
    /// The rows that match the query, and the one gone to.
    pub matches: Vec<usize>,
    pub current: Option<usize>,
}

impl FicheScreen {
    pub fn new(
        session: &Session,
        today: jiff::civil::Date,
        viewport: (u16, u16),
        doc: usize,
        back: Screen,
    ) -> Option<Self> {
        let certification = &session.docs.get(doc)?.certification;
        let lines = fiche::document(certification, today);
        let width = body_size(viewport).0;
        Some(FicheScreen {
            doc,
            back,
            rows: fiche::layout(&lines, width),
            lines,
            width,
            scroll: 0,
            query: String::new(),
            typing: false,
            matches: Vec::new(),
            current: None,
        })
    }

    /// Wraps the text again for a terminal of another width, keeping the
    /// first row shown at about the same place.
    pub fn resize(&mut self, viewport: (u16, u16)) {
        let width = body_size(viewport).0;
        if width == self.width {
            return;
        }
        let before = self.rows.len().max(1);
        self.rows = fiche::layout(&self.lines, width);
        self.scroll = self.scroll * self.rows.len() / before;
        self.width = width;
        self.find_matches();
        self.clamp(viewport);
    }

    fn last(&self, viewport: (u16, u16)) -> usize {
        self.rows.len().saturating_sub(body_size(viewport).1)
    }

    fn clamp(&mut self, viewport: (u16, u16)) {
        self.scroll = self.scroll.min(self.last(viewport));
    }

    fn find_matches(&mut self) {
        let query = fold(self.query.trim()).text;
        self.matches = if query.is_empty() {
            Vec::new()
        } else {
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, row)| fold(&row.text).text.contains(&query))
                .map(|(i, _)| i)
                .collect()
        };
        self.current = None;
    }

    /// Goes to the next match after the current one (or from the first row
    /// shown), or the previous one; wraps around.
    fn go(&mut self, forward: bool, viewport: (u16, u16)) {
        if self.matches.is_empty() {
            return;
        }
        let n = self.matches.len();
        let next = match (self.current, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => self
                .matches
                .iter()
                .position(|&r| r >= self.scroll)
                .unwrap_or(0),
            (None, false) => self
                .matches
                .iter()
                .rposition(|&r| r < self.scroll)
                .unwrap_or(n - 1),
        };
        self.current = Some(next);
        let row = self.matches[next];
        let height = body_size(viewport).1;
        if row < self.scroll || row >= self.scroll + height {
            // A few rows of context above the match.
            self.scroll = row.saturating_sub(2);
        }
        self.clamp(viewport);
    }

    /// What the footer says about the search.
    pub fn status(&self) -> Option<String> {
        if self.query.trim().is_empty() {
            return None;
        }
        Some(match (self.matches.len(), self.current) {
            (0, _) => format!("« {} » : introuvable dans la fiche", self.query.trim()),
            (n, Some(i)) => format!("« {} » : {}/{n}", self.query.trim(), i + 1),
            (n, None) => format!("« {} » : {n} ligne(s)", self.query.trim()),
        })
    }
}

/// The widest the text runs: longer lines are hard to read.
pub const MAX_TEXT_WIDTH: usize = 100;

/// Columns and rows of the fiche's text for a terminal size: a title row,
/// a border on each side, the footer; at most [`MAX_TEXT_WIDTH`] columns.
pub fn body_size(viewport: (u16, u16)) -> (usize, usize) {
    (
        text_width(viewport.0.saturating_sub(2)),
        usize::from(viewport.1.saturating_sub(4)).max(1),
    )
}

/// The text's width inside a frame of `inner` columns.
pub fn text_width(inner: u16) -> usize {
    usize::from(inner).clamp(1, MAX_TEXT_WIDTH)
}

impl FicheScreen {
    pub fn context(&self) -> Context {
        if self.typing {
            Context::FicheSearch
        } else {
            Context::Fiche
        }
    }

    pub fn update(&mut self, ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
        let viewport = ctx.viewport;
        let f = self;
        let page = body_size(viewport).1.saturating_sub(1).max(1);
        if f.typing {
            match action {
                Action::Back => {
                    f.typing = false;
                    f.query.clear();
                    f.find_matches();
                }
                Action::Activate => {
                    f.typing = false;
                    f.go(true, viewport);
                }
                Action::Type(key) => {
                    crate::tui::query::edit(&mut f.query, key);
                    f.find_matches();
                    // Shows the first match as it is typed.
                    f.go(true, viewport);
                    f.current = None;
                }
                _ => {}
            }
            *ctx.status = f.status().map(Status::info);
            return Vec::new();
        }
        match action {
            Action::Down => f.scroll += 1,
            Action::Up => f.scroll = f.scroll.saturating_sub(1),
            Action::PageDown => f.scroll += page,
            Action::PageUp => f.scroll = f.scroll.saturating_sub(page),
            Action::Top => f.scroll = 0,
            Action::Bottom => f.scroll = f.last(viewport),
            Action::Search => {
                f.typing = true;
                f.query.clear();
                f.find_matches();
            }
            Action::NextMatch => f.go(true, viewport),
            Action::PrevMatch => f.go(false, viewport),
            // Here help keeps the search's footer (the status below).
            Action::Help => modals.help(f.context()),
            Action::Back => {
                ctx.go(Go::FicheBack);
                return Vec::new();
            }
            _ => {}
        }
        f.clamp(viewport);
        *ctx.status = f.status().map(Status::info);
        Vec::new()
    }
}
