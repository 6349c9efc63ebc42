//! The dashboard: the jury date, what is left, the pace needed against the
//! pace so far (words and items made « prêt » per week, as bars), and per
//! targeted bloc its gauges and the self-positioning of its compétences.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::coach::pace::{Pace, days_left_text, french_date};
use crate::coach::positioning;
use crate::portfolio::{Portfolio, Positioning};
use crate::progress;
use crate::referentiel::Certification;
use crate::text::{count, thousands, truncate};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::view::gauges::{bar, writing_bar};
use crate::tui::view::widgets::hint_bar;

/// Columns of one week's bar, its gap included.
const WEEK_COLUMNS: u16 = 6;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some((certification, portfolio)) = app.session.open() else {
        return;
    };
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // The candidate's name, once given (n), before the certification's.
    let name = portfolio
        .identity
        .display_name()
        .map(|n| format!("{} — ", truncate(&crate::text::visible(&n), 30)));
    let name = name.unwrap_or_default();
    let room = usize::from(title.width).saturating_sub(32 + name.width());
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::styled("Tableau de bord — ", theme.heading),
        Span::raw(name),
        Span::raw(truncate(&certification.title, room)),
    ])
    .render(title, buf);
    hint_bar(app, hints, buf, theme);

    let wide = body.width >= 120 && body.height >= 30;
    let blocs_height = (certification.blocs.len() as u16 + 2)
        .min(body.height / 3)
        .max(3);
    // Wide: the date and the chart side by side, the blocs, then the next
    // steps in what is left; narrow: one above the other, no steps.
    let (summary_area, chart_area, blocs_area, steps_area) = if wide {
        let [top, blocs, steps] = Layout::vertical([
            Constraint::Length(14),
            Constraint::Length(blocs_height),
            Constraint::Fill(1),
        ])
        .areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(top);
        (left, right, blocs, Some(steps))
    } else {
        let [upper, lower, blocs] = Layout::vertical([
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Length(blocs_height),
        ])
        .areas(body);
        (upper, lower, blocs, None)
    };
    let chart_inner_width = chart_area.width.saturating_sub(2);
    let weeks = usize::from((chart_inner_width + 1) / WEEK_COLUMNS).clamp(1, 26);
    let Some(pace) = app.session.pace(app.today, &app.tz, weeks) else {
        return;
    };
    summary(app, &pace, summary_area, buf, theme);
    charts(&pace, chart_area, buf, theme);
    blocs(app, certification, portfolio, blocs_area, buf, theme);
    if let Some(area) = steps_area {
        steps(app, area, buf, theme);
    }
}

/// The next things to do, as « Que faire maintenant ? » lists them.
fn steps(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::bordered()
        .title(" Que faire maintenant ? (w pour y aller) ")
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let steps = app.session.next_steps(usize::from(inner.height));
    let width = usize::from(inner.width);
    for (y, step) in steps.iter().enumerate() {
        let line = format!(
            "{:<12} {:<26} {}",
            step.node,
            step.reason.label(),
            crate::text::visible(&step.text).replace('\n', " ")
        );
        Line::raw(truncate(&line, width)).render(
            Rect {
                y: inner.y + y as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}

/// `1,3`: one decimal, French style.
fn decimal(x: f64) -> String {
    format!("{:.1}", x).replace('.', ",")
}

fn summary(app: &App, pace: &Pace, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::bordered()
        .title(" Échéance et rythme ")
        .border_style(theme.border);
    let words = app.session.overall_words();
    let mut lines: Vec<Line> = Vec::new();
    match (pace.due, pace.days_left) {
        (Some(due), Some(days)) if days >= 0 => lines.push(Line::from(vec![
            Span::styled(
                format!("Dossier attendu le {}", french_date(due)),
                theme.heading,
            ),
            Span::raw(format!(" — {} (d pour changer)", days_left_text(days))),
        ])),
        (Some(due), _) => lines.push(Line::styled(
            format!(
                "Le dossier était attendu le {} : date passée (d pour changer)",
                french_date(due)
            ),
            theme.warning,
        )),
        (None, _) => lines.push(Line::styled(
            "Aucune date : d pour donner celle du jury ou du dépôt du dossier.",
            theme.message,
        )),
    }
    lines.push(Line::raw(format!(
        "Reste : {} mots et {} à rendre {} (visé : {} mots)",
        thousands(pace.words_left),
        count(pace.items_left, "critère", "critères"),
        if pace.items_left > 1 {
            "prêts"
        } else {
            "prêt"
        },
        thousands(words.target_words)
    )));
    if let (Some(needed), Some(items)) = (pace.pace_needed, pace.items_needed) {
        let critere = if items >= 2.0 {
            "critères"
        } else {
            "critère"
        };
        lines.push(Line::raw(format!(
            "Nécessaire : {} mots et {} {critere} par semaine",
            thousands(needed.ceil() as usize),
            decimal(items)
        )));
    }
    let window = match pace.window_days {
        28.. => "sur les 4 dernières semaines",
        _ => "depuis vos premiers mots",
    };
    lines.push(Line::raw(format!(
        "Votre rythme : {} mots par semaine ({window})",
        thousands(pace.pace_so_far.round() as usize)
    )));
    let finish = pace.projected.map(french_date);
    if pace.words_left == 0 {
        lines.push(Line::styled(
            "✓ Rédaction complète dans les blocs visés.",
            theme.validated,
        ));
    } else if pace.behind {
        let text = match (finish, pace.pace_needed) {
            (Some(finish), Some(needed)) => format!(
                "⚠ Fini vers le {finish} à ce rythme : après la date (+{} mots/semaine).",
                thousands((needed - pace.pace_so_far).ceil().max(0.0) as usize)
            ),
            (None, Some(_)) => {
                "⚠ Rien d’écrit ces dernières semaines : la date ne sera pas tenue.".to_string()
            }
            _ if pace.days_left == Some(0) => {
                "⚠ Le dossier est attendu aujourd’hui et il reste à écrire.".to_string()
            }
            _ => "⚠ La date est passée et il reste à écrire.".to_string(),
        };
        lines.push(Line::styled(text, theme.warning));
    } else if let Some(finish) = finish {
        let when = if pace.due.is_some() {
            ", avant la date"
        } else {
            ""
        };
        lines.push(Line::styled(
            format!("✓ À ce rythme, fini vers le {finish}{when}."),
            theme.validated,
        ));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .render(area, buf);
}

/// Words written and items made « prêt », week by week, this week last.
fn charts(pace: &Pace, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::bordered()
        .title(" Par semaine : mots écrits, puis critères rendus prêts ")
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let ready_height = match inner.height {
        12.. => 4,
        7..=11 => 3,
        _ => 0,
    };
    let [words_area, ready_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(ready_height)]).areas(inner);
    let label = |start: jiff::civil::Date| format!("{:02}/{:02}", start.day(), start.month());
    let words: Vec<Bar> = pace
        .weeks
        .iter()
        .map(|w| {
            let value = w.words.max(0) as u64;
            Bar::with_label(label(w.start), value).text_value(compact(value))
        })
        .collect();
    BarChart::new(words)
        .bar_width(WEEK_COLUMNS - 1)
        .bar_gap(1)
        .bar_style(theme.gauge_filled)
        .value_style(theme.selected)
        .label_style(theme.dim)
        .render(words_area, buf);
    if ready_height > 0 {
        let ready: Vec<Bar> = pace
            .weeks
            .iter()
            .map(|w| Bar::with_label("", w.ready as u64).text_value(w.ready.to_string()))
            .collect();
        BarChart::new(ready)
            .bar_width(WEEK_COLUMNS - 1)
            .bar_gap(1)
            .bar_style(theme.validated)
            .value_style(theme.selected)
            .render(ready_area, buf);
    }
}

/// `850`, `12k`: a week's words in a bar five columns wide.
fn compact(words: u64) -> String {
    if words < 10_000 {
        words.to_string()
    } else {
        format!("{}k", words / 1000)
    }
}

/// Per bloc: its status gauge, its « rédaction » gauge, the positioning of
/// its compétences.
fn blocs(
    app: &App,
    certification: &Certification,
    portfolio: &Portfolio,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let block = Block::bordered()
        .title(" Blocs : prêts, rédaction, positionnement France VAE ")
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width);
    for (i, bloc) in certification
        .blocs
        .iter()
        .enumerate()
        .take(usize::from(inner.height))
    {
        let targeted = progress::is_targeted(bloc, portfolio);
        let style = if targeted { theme.normal } else { theme.dim };
        let tally = app.session.bloc_tally(i);
        let words = app.session.bloc_words(i);
        let mut counts = [0usize; 3];
        for competence in bloc.competences() {
            let stance = positioning::stance(bloc, competence, portfolio);
            counts[match stance.positioning {
                Positioning::Oui => 0,
                Positioning::Partiellement => 1,
                Positioning::Non => 2,
            }] += 1;
        }
        let head = format!("{:<6}", truncate(&bloc.id, 6));
        let ready = format!(" {:>3}/{:<3} prêts ", tally.ready, tally.units);
        let written = format!(
            " {:>6}/{:<6} mots ",
            thousands(words.toward_target),
            thousands(words.target_words)
        );
        let stance = if targeted {
            format!(
                " oui {} · part. {} · non {}",
                counts[0], counts[1], counts[2]
            )
        } else {
            " optionnel, non visé".to_string()
        };
        let fixed = head.width() + ready.width() + written.width() + stance.width();
        let gauge = width.saturating_sub(fixed) / 2;
        let mut spans = vec![Span::styled(head, style)];
        spans.extend(bar(tally, gauge, theme, targeted));
        spans.push(Span::styled(ready, style));
        spans.extend(writing_bar(words, gauge, theme, targeted));
        spans.push(Span::styled(written, style));
        spans.push(Span::styled(stance, style));
        Line::from(spans).render(
            Rect {
                y: inner.y + i as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}
