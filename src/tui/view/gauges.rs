//! One gauge per bloc, always visible.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::portfolio::Portfolio;
use crate::progress::{self, Tally};
use crate::referentiel::Certification;
use crate::text::count;
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
    // Padding every label to the longest one lines the bars up.
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0) + 1;
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
        let bar_width = usize::from(cell.width.saturating_sub(1)).saturating_sub(label_width);
        let mut spans = vec![Span::styled(
            format!("{label}{}", " ".repeat(label_width - label.width())),
            label_style,
        )];
        spans.extend(bar(tally, bar_width, theme, targeted));
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
