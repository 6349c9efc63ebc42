//! A portfolio that cannot be read: what happened and what can be done.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, error: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 80, 60, (40, 10));
    clear(popup, buf, theme);
    let block =
        crate::tui::view::widgets::popup(app, Context::Unreadable, " Portfolio illisible ", theme)
            .border_style(theme.error);
    Paragraph::new(vec![
        Line::raw(error.to_string()),
        Line::default(),
        Line::raw(
            "Le fichier n’est jamais écrasé. Vous pouvez ouvrir la certification en lecture \
             seule (vos notes n’y seront pas), ou restaurer la dernière sauvegarde : le fichier \
             illisible est alors gardé parmi les sauvegardes (livret restore ID --list).",
        ),
    ])
    .block(block)
    .wrap(Wrap { trim: true })
    .render(popup, buf);
}
