//! Moving in the tree: its rows, the selection, branches opened and
//! closed (remembered in `views/<id>.ron`), jumping to a search result.

use super::{MainScreen, Pane};
use crate::search::Target;
use crate::tui::outline::{self, Node, NodePath};
use crate::tui::session::Session;

impl MainScreen {
    pub fn selected_path(&self) -> Option<NodePath> {
        self.rows.get(self.selected).map(|r| r.path)
    }

    pub fn selected_node<'a>(&self, session: &'a Session) -> Option<Node<'a>> {
        resolve(session, self.selected_path()?)
    }

    /// The id of the selected unit of evidence: a critère (own or an
    /// evaluation's), or a compétence without critère.
    pub fn selected_critere(&self, session: &Session) -> Option<String> {
        self.selected_node(session)?.leaf_id().map(str::to_string)
    }

    /// Notes of the selected critère.
    pub fn note_count(&self, session: &Session) -> usize {
        match (session.open(), self.selected_critere(session)) {
            (Some((_, portfolio)), Some(critere)) => portfolio.notes(&critere).len(),
            _ => 0,
        }
    }

    /// Rebuilds the visible rows and selects `path` (or the nearest visible ancestor).
    pub fn refresh_rows(&mut self, session: &mut Session, path: NodePath) {
        let current = session.current;
        let Some(doc) = session.docs.get_mut(current) else {
            return;
        };
        let Ok(portfolio) = &doc.portfolio else {
            return;
        };
        doc.orphans = portfolio.orphans(&doc.certification);
        let doc = &session.docs[current];
        let Ok(portfolio) = &doc.portfolio else {
            return;
        };
        self.rows = match &session.tutor {
            Some(tutor) if tutor.filter => outline::filtered_rows(&doc.certification, |id| {
                super::review::awaits_review(session, portfolio, id)
            }),
            _ => outline::rows(
                &doc.certification,
                &portfolio.view.expanded,
                doc.orphans.len(),
            ),
        };
        self.tree_need = need(session, &self.rows);
        let mut target = Some(path);
        while let Some(p) = target {
            if let Some(index) = self.rows.iter().position(|r| r.path == p) {
                self.selected = index;
                break;
            }
            target = p.parent();
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.remember_selection(session);
    }

    /// Keeps the selected node's id; an empty tree (a filter that leaves
    /// nothing) keeps the last one, to come back to it.
    fn remember_selection(&self, session: &mut Session) {
        let Some(id) = self.selected_node(session).map(|n| n.id().to_string()) else {
            return;
        };
        if let Some(portfolio) = session.open_mut() {
            portfolio.view.selected = Some(id);
        }
    }

    pub(super) fn select(&mut self, session: &mut Session, index: usize) {
        let index = index.min(self.rows.len().saturating_sub(1));
        if index != self.selected {
            self.selected = index;
            self.note = 0;
            self.detail_scroll = 0;
            self.remember_selection(session);
        }
    }

    fn set_expanded(&mut self, session: &mut Session, id: &str, open: bool) {
        let Some(path) = self.selected_path() else {
            return;
        };
        if let Some(portfolio) = session.open_mut() {
            if open {
                portfolio.view.expanded.insert(id.to_string());
            } else {
                portfolio.view.expanded.remove(id);
            }
        }
        self.refresh_rows(session, path);
    }

    pub(super) fn collapse(&mut self, session: &mut Session) {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return;
        };
        if row.expanded {
            if let Some(id) = self.selected_node(session).map(|n| n.id().to_string()) {
                self.set_expanded(session, &id, false);
            }
        } else if let Some(parent) = row.path.parent()
            && let Some(index) = self.rows.iter().position(|r| r.path == parent)
        {
            self.select(session, index);
        }
    }

    pub(super) fn expand(&mut self, session: &mut Session) {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return;
        };
        if !row.has_children {
            self.focus = Pane::Detail;
        } else if row.expanded {
            self.select(session, self.selected + 1);
        } else if let Some(id) = self.selected_node(session).map(|n| n.id().to_string()) {
            self.set_expanded(session, &id, true);
        }
    }

    pub(super) fn activate(&mut self, session: &mut Session) {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return;
        };
        if !row.has_children {
            self.focus = Pane::Detail;
        } else if let Some(id) = self.selected_node(session).map(|n| n.id().to_string()) {
            self.set_expanded(session, &id, !row.expanded);
        }
    }

    /// Selects a search target, opening the branches above it; a note is
    /// selected in the detail pane.
    pub fn jump(&mut self, session: &mut Session, target: &Target) {
        let (id, note) = match target {
            Target::Node(id) => (id.as_str(), None),
            Target::Note { critere, index } => (critere.as_str(), Some(*index)),
        };
        let (Some((certification, _)), Some(doc)) = (session.open(), session.doc()) else {
            return;
        };
        // A note kept « hors référentiel » is found under its branch.
        let orphan = || {
            doc.orphans
                .iter()
                .position(|o| o == id)
                .map(NodePath::Orphan)
        };
        let Some(path) = outline::find(certification, id).or_else(orphan) else {
            return;
        };
        let ancestors = outline::ancestors(certification, path);
        if let Some(portfolio) = session.open_mut() {
            portfolio.view.expanded.extend(ancestors);
        }
        self.refresh_rows(session, path);
        self.detail_scroll = 0;
        self.note = note.unwrap_or(0);
        self.focus = if note.is_some() {
            Pane::Detail
        } else {
            Pane::Tree
        };
    }

    /// Rebuilds the rows after the portfolio changed under them (reloaded,
    /// replaced by the other side's), keeping the selection and the note.
    pub fn refresh(&mut self, session: &mut Session) {
        let path = self.selected_path().unwrap_or(NodePath::Bloc(0));
        let note = self.note;
        self.refresh_rows(session, path);
        self.note = note;
    }

    /// Scrolls the tree as little as keeps the selection in view.
    pub fn follow_selection(&mut self, session: &Session, viewport: (u16, u16)) {
        let height = session.open().map_or(0, |(certification, _)| {
            let banner = super::layout::banner(session);
            let rows = super::layout::banner_lines(banner.as_deref(), viewport.0).len();
            super::layout::tree_rows(rows as u16, certification.blocs.len(), viewport)
        });
        self.tree_offset =
            crate::tui::scroll::follow(self.tree_offset, self.selected, self.rows.len(), height);
    }
}

/// Room each row keeps for its figures and marks (`✉✔ ✎12 [3] 10/12`).
const FIGURES: usize = 14;

/// Columns the rows need to show their ids and titles whole: indent, arrow
/// and status, id, title, figures and the pane's borders. Only the first
/// line of a title counts, and no title past 120 columns.
fn need(session: &Session, rows: &[outline::Row]) -> u16 {
    use unicode_width::UnicodeWidthStr;
    let widest = rows
        .iter()
        .filter_map(|row| {
            let node = resolve(session, row.path)?;
            let title = node
                .title()
                .lines()
                .next()
                .unwrap_or_default()
                .width()
                .min(120);
            Some(2 * usize::from(row.depth) + 4 + node.id().width() + 1 + title + FIGURES + 2)
        })
        .max()
        .unwrap_or(0);
    u16::try_from(widest).unwrap_or(u16::MAX)
}

/// The node at `path` in the open certification, the work kept « hors
/// référentiel » included.
pub fn resolve(session: &Session, path: NodePath) -> Option<Node<'_>> {
    session.open()?;
    let doc = session.doc()?;
    path.resolve(&doc.certification, &doc.orphans)
}
