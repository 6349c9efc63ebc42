//! Where the parts of the main screen go: geometry that the update (to keep
//! the selection in view) and the view (to draw) share.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::session::Session;

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

/// Why nothing can be changed on the main screen, as long as it is so: the
/// read-only banner's text.
pub fn banner(session: &Session) -> Option<String> {
    let reason = session.read_only_reason()?;
    Some(match &session.tutor {
        Some(tutor) => format!("Tuteur {} — lecture seule : {reason}", tutor.name),
        None => format!("Lecture seule : {reason}"),
    })
}

/// The banner's lines in `width` columns: never cut, at most two.
pub fn banner_lines(banner: Option<&str>, width: u16) -> Vec<String> {
    let Some(text) = banner else {
        return Vec::new();
    };
    let options = textwrap::Options::new(usize::from(width).max(1))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.len() > 2 {
        lines.truncate(2);
        lines[1] = crate::text::truncate(&format!("{}…", lines[1]), usize::from(width));
    }
    lines
}

/// The main screen's parts in `area`, with `banner` rows for the read-only
/// banner when there is one.
pub fn areas(banner: u16, blocs: usize, area: Rect) -> Areas {
    let gauge_rows = gauge_height(blocs, area.width);
    let [title, banner, body, gauges, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
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
pub fn tree_rows(banner: u16, blocs: usize, size: (u16, u16)) -> usize {
    let tree = areas(banner, blocs, Rect::new(0, 0, size.0, size.1)).tree;
    usize::from(tree.height.saturating_sub(2))
}
