//! The messages shown this session (`L`), newest first, each whole.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::status::Severity;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 80, 70, (40, 8));
    clear(popup, buf, theme);
    let block =
        crate::tui::view::widgets::popup(app, Context::Messages, " Derniers messages ", theme);
    let mut lines = Vec::new();
    if app.journal.is_empty() {
        lines.push(Line::styled(
            "Aucun message depuis le démarrage.",
            theme.dim,
        ));
    }
    for (at, status) in app.journal.newest() {
        let time = at.to_zoned(app.tz.clone()).strftime("%H:%M").to_string();
        let style = match status.severity {
            Severity::Info => theme.normal,
            Severity::Warning => theme.warning,
            Severity::Error => theme.error,
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{time}  "), theme.dim),
            Span::styled(crate::text::visible(&status.text).into_owned(), style),
        ]));
    }
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(popup, buf);
}
