//! The tutor's cohort: one line per candidate and certification, what waits
//! for review first.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::text::{self, truncate};
use crate::tui::app::App;
use crate::tui::screens::cohort::CohortSort;
use crate::tui::theme::Theme;
use crate::tui::view::gauges;
use crate::tui::view::widgets::{hint_bar, selected};

/// Cells of the small bar drawn per bloc.
const MINI_BAR: usize = 4;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let tutor = app.session.tutor.as_ref().map_or("", |t| t.name.as_str());
    let sort = match app.screens.cohort.sort {
        CohortSort::Awaiting => "en attente d’avis d’abord",
        CohortSort::LastChange => "dernière modification d’abord",
    };
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::raw(format!("— candidats suivis par {tutor} ")),
        Span::styled(format!("(tri : {sort})"), theme.dim),
    ])
    .render(title, buf);
    let block = Block::bordered().border_style(theme.border_focus);
    let inner = block.inner(body);
    block.render(body, buf);
    if app.session.cohort.is_empty() {
        Paragraph::new(
            "Aucun portfolio ici : le dossier doit être celui d’un candidat (avec portfolios/) \
             ou contenir les dossiers des candidats.",
        )
        .style(theme.dim)
        .render(inner, buf);
        hint_bar(app, hints, buf, theme);
        return;
    }
    let width = usize::from(inner.width);
    let blocs = app
        .session
        .cohort
        .iter()
        .map(|r| r.blocs.len())
        .max()
        .unwrap_or(0);
    let bars_width = blocs * (MINI_BAR + 1);
    // Two separating spaces, the bars, "À revoir" (8) and "  jj/mm hh:mm" (13).
    let fixed = 2 + bars_width + 8 + 13;
    let name_width = (width.saturating_sub(fixed) / 2).clamp(8, 24);
    let title_width = width.saturating_sub(fixed + name_width).max(6);
    let header = format!(
        "{:<name_width$} {:<title_width$} {:<bars_width$}{:>8}  {}",
        "Candidat", "Certification", "Blocs", "À revoir", "Modifié"
    );
    Line::styled(truncate(&header, width), theme.heading).render(Rect { height: 1, ..inner }, buf);
    let visible = usize::from(inner.height.saturating_sub(1));
    let first = app
        .screens
        .cohort
        .selected
        .saturating_sub(visible.saturating_sub(1));
    for (n, (i, row)) in app
        .session
        .cohort
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .enumerate()
    {
        let mut spans = vec![
            Span::raw(pad(
                &truncate(&text::visible(&row.candidate), name_width),
                name_width + 1,
            )),
            Span::raw(pad(
                &truncate(&text::visible(&row.title), title_width),
                title_width + 1,
            )),
        ];
        match &row.problem {
            Some(problem) => spans.push(Span::styled(
                truncate(&format!("illisible : {problem}"), bars_width + 22),
                theme.error,
            )),
            None => {
                for (_, tally) in &row.blocs {
                    spans.extend(gauges::bar(*tally, MINI_BAR, theme, true));
                    spans.push(Span::raw(" "));
                }
                spans.push(Span::raw(
                    " ".repeat((blocs - row.blocs.len()) * (MINI_BAR + 1)),
                ));
                let awaiting = format!("{:>8}", row.awaiting);
                spans.push(Span::styled(
                    awaiting,
                    if row.awaiting > 0 {
                        theme.warning
                    } else {
                        theme.dim
                    },
                ));
                let when = row
                    .last_change
                    .map(|t| {
                        t.to_zoned(app.tz.clone())
                            .strftime("%d/%m %H:%M")
                            .to_string()
                    })
                    .unwrap_or_else(|| "—".to_string());
                spans.push(Span::styled(format!("  {when}"), theme.dim));
            }
        }
        let mut line = Line::from(spans);
        if i == app.screens.cohort.selected {
            line = selected(line, theme.selected);
        }
        line.render(
            Rect {
                y: inner.y + 1 + n as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
    hint_bar(app, hints, buf, theme);
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
