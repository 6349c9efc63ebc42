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
pub fn areas(banner: u16, blocs: usize, area: Rect, tree_need: u16) -> Areas {
    let gauge_rows = gauge_height(blocs, area.width);
    let [title, banner, body, gauges, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Fill(1),
        Constraint::Length(gauge_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    let tree_width = tree_width(body.width, tree_need);
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

/// The tree's columns: what its rows need to show their titles whole, up to
/// a fair share (two fifths of a narrow screen, half of a wide one: the
/// detail keeps the larger or an equal share), and never under 28.
fn tree_width(body: u16, need: u16) -> u16 {
    let share = if body >= 160 { body / 2 } else { body * 2 / 5 };
    let floor = 28.min(body);
    need.clamp(floor, share.max(floor))
}

/// Rows of the tree that a screen of `size` shows: the app keeps its scroll
/// offset with this, so that moving within them redraws two rows only.
pub fn tree_rows(banner: u16, blocs: usize, size: (u16, u16)) -> usize {
    let tree = areas(banner, blocs, Rect::new(0, 0, size.0, size.1), 0).tree;
    usize::from(tree.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_takes_what_it_needs_up_to_a_fair_share() {
        assert_eq!(tree_width(80, 200), 32, "two fifths at 80 columns");
        assert_eq!(tree_width(80, 10), 28);
        assert_eq!(tree_width(200, 200), 100, "half of a wide screen");
        assert_eq!(tree_width(200, 64), 64, "no more than it needs");
        assert_eq!(tree_width(20, 50), 20);
    }
}
