//! Where the parts of the main screen go: geometry that the update (to keep
//! the selection in view) and the view (to draw) share.

use ratatui::layout::{Constraint, Layout, Rect};

/// Gauges are laid out in columns at least this wide.
const GAUGE_WIDTH: u16 = 64;

/// How many columns of gauges fit in `width`.
pub fn gauge_columns(width: u16) -> usize {
    usize::from(width / GAUGE_WIDTH).max(1)
}

/// Lines needed to show `blocs` gauges in `width` columns.
pub fn gauge_height(blocs: usize, width: u16) -> u16 {
    blocs.div_ceil(gauge_columns(width)) as u16
}

/// Where the parts of the main screen go.
pub struct Areas {
    pub title: Rect,
    pub banner: Rect,
    pub tree: Rect,
    pub detail: Rect,
    pub gauges: Rect,
    pub hints: Rect,
}

/// The main screen's parts in `area`, with a line for the read-only banner
/// when there is one.
pub fn areas(banner: bool, blocs: usize, area: Rect) -> Areas {
    let gauge_rows = gauge_height(blocs, area.width);
    let [title, banner, body, gauges, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner)),
        Constraint::Fill(1),
        Constraint::Length(gauge_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    // The tree needs less room than the texts: give the detail the larger share.
    let tree_width = (body.width * 2 / 5).clamp(28.min(body.width), 70);
    let [tree, detail] =
        Layout::horizontal([Constraint::Length(tree_width), Constraint::Fill(1)]).areas(body);
    Areas {
        title,
        banner,
        tree,
        detail,
        gauges,
        hints,
    }
}

/// Rows of the tree that a screen of `size` shows: the app keeps its scroll
/// offset with this, so that moving within them redraws two rows only.
pub fn tree_rows(banner: bool, blocs: usize, size: (u16, u16)) -> usize {
    let tree = areas(banner, blocs, Rect::new(0, 0, size.0, size.1)).tree;
    usize::from(tree.height.saturating_sub(2))
}
