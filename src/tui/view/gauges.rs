//! One gauge per bloc, always visible.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{LineGauge, Widget};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::portfolio::Portfolio;
use crate::progress;
use crate::referentiel::Certification;

/// Gauges are laid out in columns at least this wide.
const GAUGE_WIDTH: u16 = 64;

fn columns(width: u16) -> usize {
    usize::from(width / GAUGE_WIDTH).max(1)
}

/// Lines needed to show `blocs` gauges in `width` columns.
pub fn height(blocs: usize, width: u16) -> u16 {
    blocs.div_ceil(columns(width)) as u16
}

pub fn render(
    certification: &Certification,
    portfolio: &Portfolio,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let columns = columns(area.width);
    let rows = Layout::vertical(vec![
        Constraint::Length(1);
        height(certification.blocs.len(), area.width).into()
    ])
    .split(area);
    let labels: Vec<String> = certification
        .blocs
        .iter()
        .map(|bloc| {
            let tally = progress::bloc(bloc, portfolio);
            if progress::is_targeted(bloc, portfolio) {
                format!(
                    "{} {}/{} prêts · {} en cours",
                    bloc.id, tally.ready, tally.criteres, tally.in_progress
                )
            } else {
                format!("{} optionnel, non visé", bloc.id)
            }
        })
        .collect();
    // Padding every label to the longest one lines the bars up.
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0) + 1;
    for (i, (bloc, label)) in certification.blocs.iter().zip(labels).enumerate() {
        let Some(row) = rows.get(i / columns) else {
            break;
        };
        let cells =
            Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns]).split(*row);
        let cell = cells[i % columns];
        let tally = progress::bloc(bloc, portfolio);
        let targeted = progress::is_targeted(bloc, portfolio);
        let label = format!("{label}{}", " ".repeat(label_width - label.width()));
        let (filled, empty) = if targeted {
            (theme.gauge_filled, theme.gauge_empty)
        } else {
            (theme.dim, theme.dim)
        };
        LineGauge::default()
            .ratio(tally.ratio())
            .label(label)
            .style(if targeted { theme.hint } else { theme.dim })
            .filled_style(filled)
            .unfilled_style(empty)
            .filled_symbol("█")
            .unfilled_symbol("░")
            .render(
                Rect {
                    width: cell.width.saturating_sub(1),
                    ..cell
                },
                buf,
            );
    }
}
