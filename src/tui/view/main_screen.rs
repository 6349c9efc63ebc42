//! The main screen: tree on the left, detail on the right, gauges below.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::text::truncate;
use crate::tui::app::App;
use crate::tui::screens::main::layout::{self, Areas};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::hint_bar;
use crate::tui::view::{detail, gauges, tree};

/// The read-only banner's lines at `width` (see `layout::banner`).
fn banner(app: &App, width: u16) -> Vec<String> {
    layout::banner_lines(layout::banner(&app.session).as_deref(), width)
}

/// Rows of the tree that a screen of `size` shows (see `layout::tree_rows`).
pub fn tree_rows(app: &App, size: (u16, u16)) -> usize {
    app.doc().map_or(0, |(certification, _)| {
        let banner = banner(app, size.0).len() as u16;
        layout::tree_rows(banner, certification.blocs.len(), size)
    })
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
    } = layout::areas(
        banner(app, area.width).len() as u16,
        certification.blocs.len(),
        area,
        app.screens.main.tree_need,
    );
    let lines: Vec<Line> = banner(app, area.width)
        .into_iter()
        .map(|l| Line::styled(l, theme.warning))
        .collect();
    ratatui::widgets::Paragraph::new(lines).render(banner_area, buf);

    let overall = app.session.overall_tally();
    let figure = format!(
        " {} % · {}/{} prêts · {} en cours ",
        overall.percent(),
        overall.ready,
        overall.units,
        overall.in_progress
    );
    let read_only = app
        .session
        .docs
        .get(app.session.current)
        .is_some_and(|d| d.read_only.is_some());
    let banner = if read_only { "LECTURE SEULE " } else { "" };
    let unread = match unread_count(app, portfolio) {
        0 => String::new(),
        n => format!("✉ {n} non lu{} ", if n > 1 { "s" } else { "" }),
    };
    let room = usize::from(title.width).saturating_sub(
        figure.chars().count() + banner.chars().count() + unread.chars().count() + 8,
    );
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::styled(banner, theme.error),
        Span::styled(unread, theme.warning),
        Span::raw(truncate(&certification.title, room)),
        Span::styled(figure, theme.heading),
    ])
    .render(title, buf);

    tree::render(app, tree_area, buf, theme);
    detail::render(app, detail_area, buf, theme);
    gauges::render(app, certification, portfolio, gauge_area, buf, theme);
    hint_bar(app, hints, buf, theme);
}

/// Messages from the other side not read yet: tutors' comments (items with
/// one unread) for the candidate, the candidate's replies for a tutor.
fn unread_count(app: &App, portfolio: &crate::portfolio::Portfolio) -> usize {
    let session = &app.session;
    match session.own_review() {
        Some(review) if session.tutor.is_some() => {
            crate::cycle::unread_replies_total(portfolio, review)
        }
        _ if session.tutor.is_some() => portfolio.replies.values().map(Vec::len).sum(),
        _ => {
            // Only items with a comment can hold an unread one.
            let items: std::collections::BTreeSet<&str> = session
                .reviews
                .iter()
                .flat_map(|r| r.items.iter())
                .filter(|(_, item)| !item.comments.is_empty())
                .map(|(id, _)| id.as_str())
                .collect();
            items
                .into_iter()
                .filter(|id| crate::tui::screens::main::review::unread(session, portfolio, id))
                .count()
        }
    }
}
