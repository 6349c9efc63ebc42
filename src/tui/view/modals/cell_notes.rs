//! The notes behind a cell of the matrix.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::text::{count, truncate, visible};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::cell_notes::CellNotes;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{self, centered, clear};

/// The notes behind the selected cell, to open one.
pub fn render(app: &App, notes: &CellNotes, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let height = (notes.notes.len() as u16)
        .saturating_add(4)
        .min(area.height);
    let popup = centered(area, 70, 0, (50, height));
    clear(popup, buf, theme);
    let block = crate::tui::view::widgets::popup(
        app,
        Context::MatrixNotes,
        format!(" {} × {} ", notes.critere, visible(&notes.experience)),
        theme,
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let width = usize::from(inner.width);
    Line::styled(
        count(notes.notes.len(), "note liée", "notes liées"),
        theme.dim,
    )
    .render(widgets::row(inner, inner.y), buf);
    let list_height = usize::from(inner.height.saturating_sub(1));
    let offset = crate::tui::scroll::scroll_offset(notes.selected, notes.notes.len(), list_height);
    for (y, (i, (_, title))) in notes
        .notes
        .iter()
        .enumerate()
        .skip(offset)
        .take(list_height)
        .enumerate()
    {
        let marker = if i == notes.selected { "▶ " } else { "  " };
        let line = Line::raw(format!(
            "{marker}{}",
            truncate(&visible(title), width.saturating_sub(2))
        ));
        let line = if i == notes.selected {
            crate::tui::view::widgets::selected(line, theme.selected)
        } else {
            line
        };
        line.render(widgets::row(inner, inner.y + 1 + y as u16), buf);
    }
}
