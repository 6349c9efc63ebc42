//! One gauge per bloc, always visible.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::coach::tally::Words;
use crate::portfolio::Portfolio;
use crate::progress::{self, Tally};
use crate::referentiel::Certification;
use crate::text::{count, thousands};
use crate::tui::app::App;
use crate::tui::screens::main::layout;
use crate::tui::theme::Theme;

/// A bar of `width` cells: validated by a tutor (█), prêt (▓), en cours (▒),
/// the rest (░). Symbols differ, so colour is never the only signal.
pub fn bar(tally: Tally, width: usize, theme: &Theme, active: bool) -> Vec<Span<'static>> {
    let total = tally.units.max(1);
    let validated = tally.validated.min(tally.units);
    let ready = tally
        .ready
        .saturating_sub(validated)
        .min(tally.units - validated);
    let in_progress = tally.in_progress.min(tally.units - validated - ready);
    // Cumulative rounding: the segments always add up to the width.
    let cells = |count: usize| (count * width + total / 2) / total;
    let ends = [
        cells(validated),
        cells(validated + ready),
        cells(validated + ready + in_progress),
        width,
    ];
    let styles = if active {
        [
            theme.validated,
            theme.gauge_filled,
            theme.in_progress,
            theme.gauge_empty,
        ]
    } else {
        [theme.dim; 4]
    };
    let mut spans = Vec::new();
    let mut start = 0;
    for ((end, symbol), style) in ends.into_iter().zip(["█", "▓", "▒", "░"]).zip(styles) {
        if end > start {
            spans.push(Span::styled(symbol.repeat(end - start), style));
            start = end;
        }
    }
    spans
}

/// The « rédaction » gauge: words written towards the target (━), the
/// rest (─).
pub fn writing_bar(words: Words, width: usize, theme: &Theme, active: bool) -> Vec<Span<'static>> {
    let filled = ((words.ratio() * width as f64).round() as usize).min(width);
    let (full, empty) = if active {
        (theme.gauge_filled, theme.gauge_empty)
    } else {
        (theme.dim, theme.dim)
    };
    [("━", filled, full), ("─", width - filled, empty)]
        .into_iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(symbol, n, style)| Span::styled(symbol.repeat(n), style))
        .collect()
}

/// `rédaction 1 240/3 000 mots`.
pub fn writing_label(words: Words) -> String {
    format!(
        "rédaction {}/{}",
        thousands(words.toward_target),
        thousands(words.target_words)
    )
}

pub fn render(
    app: &App,
    certification: &Certification,
    portfolio: &Portfolio,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let columns = layout::gauge_columns(area.width);
    let rows = Layout::vertical(vec![
        Constraint::Length(1);
        layout::gauge_height(
            certification.blocs.len(),
            area.width
        )
        .into()
    ])
    .split(area);
    let tallies: Vec<Tally> = certification
        .blocs
        .iter()
        .enumerate()
        .map(|(i, _)| app.session.bloc_tally(i))
        .collect();
    let labels: Vec<String> = certification
        .blocs
        .iter()
        .zip(&tallies)
        .map(|(bloc, tally)| {
            if !progress::is_targeted(bloc, portfolio) {
                return format!("{} optionnel, non visé", bloc.id);
            }
            let mut label = format!(
                "{} {}/{} prêts · {} en cours",
                bloc.id, tally.ready, tally.units, tally.in_progress
            );
            if tally.validated > 0 {
                label.push_str(&format!(
                    " · {}",
                    count(tally.validated, "validé", "validés")
                ));
            }
            label
        })
        .collect();
    let words: Vec<Words> = (0..certification.blocs.len())
        .map(|i| app.session.bloc_words(i))
        .collect();
    let writing: Vec<String> = words.iter().map(|w| writing_label(*w)).collect();
    // Padding every label to the longest one lines the bars up.
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0) + 1;
    let writing_width = writing.iter().map(|l| l.width()).max().unwrap_or(0) + 3;
    for (i, ((bloc, label), tally)) in certification
        .blocs
        .iter()
        .zip(labels)
        .zip(tallies)
        .enumerate()
    {
        let Some(row) = rows.get(i / columns) else {
            break;
        };
        let cells =
            Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns]).split(*row);
        let cell = cells[i % columns];
        let targeted = progress::is_targeted(bloc, portfolio);
        let label_style = if targeted { theme.hint } else { theme.dim };
        let bars = usize::from(cell.width.saturating_sub(1)).saturating_sub(label_width);
        // The words take what is left after the status gauge, when there is room.
        let (bar_width, writing_bar_width) = if bars >= writing_width + 8 {
            let rest = bars - writing_width;
            (rest - rest / 2, rest / 2)
        } else {
            (bars, 0)
        };
        let mut spans = vec![Span::styled(
            format!("{label}{}", " ".repeat(label_width - label.width())),
            label_style,
        )];
        spans.extend(bar(tally, bar_width, theme, targeted));
        if writing_bar_width > 0 {
            let text = &writing[i];
            spans.push(Span::styled(
                format!("  {text}{}", " ".repeat(writing_width - 2 - text.width())),
                label_style,
            ));
            spans.extend(writing_bar(words[i], writing_bar_width, theme, targeted));
        }
        Line::from(spans).render(cell, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_bar_shows_validated_ready_and_in_progress_apart() {
        let theme = Theme::default();
        let tally = Tally {
            units: 10,
            ready: 5,
            in_progress: 2,
            validated: 2,
            rework: 1,
        };
        assert_eq!(text(&bar(tally, 10, &theme, true)), "██▓▓▓▒▒░░░");
        assert_eq!(text(&bar(Tally::default(), 4, &theme, true)), "░░░░");
        assert_eq!(text(&bar(tally, 0, &theme, true)), "");
    }
}
