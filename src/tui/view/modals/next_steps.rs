//! « Que faire maintenant ? »: the next things to do, each with why.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::coach::next::Reason;
use crate::text::{thousands, truncate, visible};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::next_steps::NextSteps;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{self, centered, clear};

pub fn render(app: &App, panel: &NextSteps, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let height = (panel.steps.len().max(1) as u16)
        .saturating_add(5)
        .min(area.height);
    let popup = centered(area, 80, 0, (56, height));
    clear(popup, buf, theme);
    let block = widgets::popup(app, Context::NextSteps, " Que faire maintenant ? ", theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let width = usize::from(inner.width);
    let intro = match panel.welcome {
        Some(days) => {
            format!("Bon retour ! {days} jours depuis votre dernière séance. Reprenez ici :")
        }
        None if panel.steps.is_empty() => {
            "Rien à proposer : tout est prêt dans les blocs visés.".to_string()
        }
        None => "Les plus utiles d’abord ; Entrée pour y aller.".to_string(),
    };
    Line::styled(truncate(&intro, width), theme.dim).render(widgets::row(inner, inner.y), buf);
    let list_height = usize::from(inner.height.saturating_sub(2));
    let offset = crate::tui::scroll::scroll_offset(panel.selected, panel.steps.len(), list_height);
    for (y, (i, step)) in panel
        .steps
        .iter()
        .enumerate()
        .skip(offset)
        .take(list_height)
        .enumerate()
    {
        let style = match step.reason {
            Reason::Rework => theme.rework,
            Reason::Comment => theme.message,
            Reason::AlmostDone => theme.in_progress,
            Reason::Untouched => theme.dim,
        };
        let why = match step.reason {
            Reason::AlmostDone => format!(
                "{} ({}/{} mots)",
                step.reason.label(),
                thousands(step.words),
                thousands(step.target_words)
            ),
            _ => step.reason.label().to_string(),
        };
        let marker = if i == panel.selected { "▶ " } else { "  " };
        let head = format!("{marker}{} ", step.node);
        let room = width.saturating_sub(head.width() + why.width() + 2);
        let text = truncate(&visible(&step.text).replace('\n', " "), room);
        let gap = width.saturating_sub(head.width() + text.width() + why.width());
        let line = Line::from(vec![
            Span::raw(head),
            Span::raw(text),
            Span::raw(" ".repeat(gap.max(1))),
            Span::styled(why, style),
        ]);
        let line = if i == panel.selected {
            widgets::selected(line, theme.selected)
        } else {
            line
        };
        line.render(widgets::row(inner, inner.y + 2 + y as u16), buf);
    }
}
