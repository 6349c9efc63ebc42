//! The main screen: tree on the left, detail on the right, gauges below.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::widgets::hint_bar;
use super::{detail, gauges, tree};
use crate::text::truncate;
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// Where the parts of the main screen go.
struct Areas {
    title: Rect,
    banner: Rect,
    tree: Rect,
    detail: Rect,
    gauges: Rect,
    hints: Rect,
}

fn areas(app: &App, blocs: usize, area: Rect) -> Areas {
    let gauge_rows = gauges::height(blocs, area.width);
    let [title, banner, body, gauges, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner(app).is_some())),
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

/// Why nothing can be changed here, as long as it is so.
fn banner(app: &App) -> Option<String> {
    app.docs
        .get(app.current)
        .and_then(|d| d.read_only.clone())
        .or_else(|| app.tutor.as_ref().and_then(|t| t.read_only.clone()))
}

/// Rows of the tree that a screen of `size` shows: the app keeps its scroll
/// offset with this, so that moving within them redraws two rows only.
pub fn tree_rows(app: &App, size: (u16, u16)) -> usize {
    let area = Rect::new(0, 0, size.0, size.1);
    match app.doc() {
        Some((certification, _)) => {
            let tree = areas(app, certification.blocs.len(), area).tree;
            usize::from(tree.height.saturating_sub(2))
        }
        None => 0,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some((certification, portfolio)) = app.doc() else {
        return;
    };
    let Areas {
        title,
        banner: banner_area,
        tree: tree_area,
        detail: detail_area,
        gauges: gauge_area,
        hints,
    } = areas(app, certification.blocs.len(), area);
    let banner = banner(app);
    if let Some(reason) = &banner {
        let who = match &app.tutor {
            Some(tutor) => format!("Tuteur {} — ", tutor.name),
            None => String::new(),
        };
        Line::styled(
            truncate(
                &format!("{who}lecture seule : {reason}"),
                usize::from(banner_area.width),
            ),
            theme.warning,
        )
        .render(banner_area, buf);
    }

    let overall = app.overall_tally();
    let figure = format!(
        " {} % · {}/{} prêts · {} en cours ",
        overall.percent(),
        overall.ready,
        overall.units,
        overall.in_progress
    );
    let read_only = app
        .docs
        .get(app.current)
        .is_some_and(|d| d.read_only.is_some());
    let banner = if read_only { "LECTURE SEULE " } else { "" };
    let room = usize::from(title.width)
        .saturating_sub(figure.chars().count() + banner.chars().count() + 8);
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::styled(banner, theme.error),
        Span::raw(truncate(&certification.title, room)),
        Span::styled(figure, theme.heading),
    ])
    .render(title, buf);

    tree::render(app, tree_area, buf, theme);
    detail::render(app, detail_area, buf, theme);
    gauges::render(app, certification, portfolio, gauge_area, buf, theme);
    hint_bar(app, hints, buf, theme);
}
