//! The tutor's cohort: one line per candidate and certification, what waits
//! for review first.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::progress::Tally;
use crate::text::{self, truncate};
use crate::tui::app::App;
use crate::tui::screens::cohort::{CohortRow, Waiting, queue};
use crate::tui::theme::Theme;
use crate::tui::view::gauges;
use crate::tui::view::widgets::{hint_bar, selected};

/// Cells of the bar drawn per bloc where there is room: one per 10 %.
const BAR: usize = 10;
/// Columns of « 100 % », the share of the bloc prêt, beside it.
const PERCENT: usize = 5;
/// Columns left to the name and the title under which the bars give way to
/// the percentages alone (at 80 columns with four blocs, say).
const ROOM_FOR_BARS: usize = 2 * 16;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let tutor = app.session.tutor.as_ref().map_or("", |t| t.name.as_str());
    let sort = app.screens.cohort.sort.label();
    let sort = if app.screens.cohort.filter {
        format!("{sort} ; filtre : ce qui vous attend")
    } else {
        sort.to_string()
    };
    let waiting = queue(&app.session.cohort);
    let heading = if app.screens.cohort.queue {
        vec![
            Span::styled("livret ", theme.title),
            Span::raw(format!("— demandes de relecture pour {tutor} ")),
            Span::styled(
                "(les plus anciennes d’abord ; d : les candidats)",
                theme.dim,
            ),
        ]
    } else {
        vec![
            Span::styled("livret ", theme.title),
            Span::raw(format!("— candidats suivis par {tutor} · ")),
            Span::styled(
                match waiting.len() {
                    0 => "aucune demande de relecture ".to_string(),
                    1 => "1 demande de relecture (d) ".to_string(),
                    n => format!("{n} demandes de relecture (d) "),
                },
                if waiting.is_empty() {
                    theme.dim
                } else {
                    theme.warning
                },
            ),
            Span::styled(format!("(tri : {sort})"), theme.dim),
        ]
    };
    Line::from(heading).render(title, buf);
    let block = Block::bordered().border_style(theme.border_focus);
    let inner = block.inner(body);
    block.render(body, buf);
    if app.screens.cohort.queue {
        render_queue(app, &waiting, inner, buf, theme);
        hint_bar(app, hints, buf, theme);
        return;
    }
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
    // Two separating spaces, the blocs, "À revoir" (8), " ✉99" (4) and
    // "  jj/mm hh:mm" (13).
    let fixed = |per_bloc: usize| 2 + blocs * per_bloc + 8 + 4 + 13;
    // Per bloc: the bar and « 100 % », or the percentage alone.
    let wide = width >= fixed(BAR + 1 + PERCENT + 1) + ROOM_FOR_BARS;
    let per_bloc = if wide { BAR + 1 } else { 0 } + PERCENT + 1;
    let bars_width = blocs * per_bloc;
    let fixed = fixed(per_bloc);
    let name_width = (width.saturating_sub(fixed) / 2).clamp(8, 24);
    let title_width = width.saturating_sub(fixed + name_width).max(6);
    let blocs_label = if bars_width >= 15 {
        "Blocs (% prêts)"
    } else {
        "Blocs"
    };
    let header = format!(
        "{:<name_width$} {:<title_width$} {:<bars_width$}{:>8}{:>4}  {}",
        "Candidat", "Certification", blocs_label, "À revoir", "✉", "Modifié"
    );
    Line::styled(truncate(&header, width), theme.heading).render(Rect { height: 1, ..inner }, buf);
    let visible = usize::from(inner.height.saturating_sub(1));
    let shown: Vec<(usize, &CohortRow)> = app
        .session
        .cohort
        .iter()
        .enumerate()
        .filter(|(_, row)| app.screens.cohort.shows(row))
        .collect();
    if shown.is_empty() {
        Paragraph::new("Personne n’attend rien de vous pour l’instant (f : tous les candidats).")
            .style(theme.dim)
            .render(
                Rect {
                    y: inner.y + 1,
                    height: inner.height.saturating_sub(1),
                    ..inner
                },
                buf,
            );
    }
    let at = shown
        .iter()
        .position(|(i, _)| *i == app.screens.cohort.selected)
        .unwrap_or(0);
    let first = at.saturating_sub(visible.saturating_sub(1));
    for (n, (i, row)) in shown.into_iter().skip(first).take(visible).enumerate() {
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
                    if wide {
                        spans.extend(gauges::bar(*tally, BAR, theme, true));
                        spans.push(Span::raw(" "));
                    }
                    spans.push(percent(*tally, theme));
                }
                spans.push(Span::raw(" ".repeat((blocs - row.blocs.len()) * per_bloc)));
                let awaiting = format!("{:>8}", row.awaiting);
                spans.push(Span::styled(
                    awaiting,
                    if row.awaiting > 0 {
                        theme.warning
                    } else {
                        theme.dim
                    },
                ));
                let unread = match row.unread {
                    0 => "    ".to_string(),
                    n => format!("{:>4}", format!("✉{n}")),
                };
                spans.push(Span::styled(unread, theme.warning));
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

/// ` 70 % `: the share of a bloc's units prêt, then a space; dim at 0, in
/// the validated style once a tutor validated every unit.
fn percent(tally: Tally, theme: &Theme) -> Span<'static> {
    let style = if tally.units > 0 && tally.validated >= tally.units {
        theme.validated
    } else if tally.ready == 0 {
        theme.dim
    } else {
        ratatui::style::Style::default()
    };
    Span::styled(format!("{:>3} % ", tally.percent()), style)
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// How long a request has waited: « 12 min », « 5 h », « 3 j ».
fn waited(since: jiff::Timestamp, now: jiff::Timestamp) -> String {
    let minutes = now.duration_since(since).as_secs().max(0) / 60;
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} j", m / (24 * 60)),
    }
}

/// The review requests waiting, oldest first: who, on what, since when,
/// where it stands, the candidate's word.
fn render_queue(app: &App, waiting: &[Waiting], inner: Rect, buf: &mut Buffer, theme: &Theme) {
    if waiting.is_empty() {
        Paragraph::new(
            "Aucune demande de relecture en attente. Un candidat en fait une avec R sur un \
             élément de son dossier (ou livret request).",
        )
        .style(theme.dim)
        .render(inner, buf);
        return;
    }
    let width = usize::from(inner.width);
    let (name, part, wait, state) = (14, 12, 7, 18);
    let message_width = width.saturating_sub(name + part + wait + state + 4);
    let header = format!(
        "{:<name$} {:<part$} {:>wait$} {:<state$} {}",
        "Candidat", "Partie", "Attente", "État", "Message"
    );
    Line::styled(truncate(&header, width), theme.heading).render(Rect { height: 1, ..inner }, buf);
    let visible = usize::from(inner.height.saturating_sub(1));
    let selected = app.screens.cohort.request.min(waiting.len() - 1);
    let first = selected.saturating_sub(visible.saturating_sub(1));
    for (n, (i, w)) in waiting
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .enumerate()
    {
        let part_text = w.request.node.as_deref().unwrap_or("tout le dossier");
        let state_text = match &w.request.tutor {
            Some(tutor) => format!("{} ({tutor})", w.request.state.label()),
            None => w.request.state.label().to_string(),
        };
        let mut line = Line::from(vec![
            Span::raw(pad(
                &truncate(&text::visible(&w.candidate.candidate), name),
                name + 1,
            )),
            Span::raw(pad(&truncate(part_text, part), part + 1)),
            Span::styled(
                format!("{:>wait$} ", waited(w.request.since, app.now)),
                theme.warning,
            ),
            Span::styled(pad(&truncate(&state_text, state), state + 1), theme.dim),
            Span::raw(truncate(
                &text::visible(w.request.message.lines().next().unwrap_or("")),
                message_width,
            )),
        ]);
        if i == selected {
            line = selected_line(line, theme);
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
}

fn selected_line<'a>(line: Line<'a>, theme: &Theme) -> Line<'a> {
    selected(line, theme.selected)
}
