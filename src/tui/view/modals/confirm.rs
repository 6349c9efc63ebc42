//! The one yes/no widget: the question, as tall as its text needs, and the
//! keys that answer it, from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::reply::Question;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, question: &Question, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = question.text();
    let width = (area.width * 3 / 5).clamp(40.min(area.width), 70);
    let lines = textwrap::wrap(&text, usize::from(width.saturating_sub(2)).max(1));
    let height = (lines.len() as u16 + 4).min(area.height);
    let popup = centered(area, 0, 0, (width, height));
    clear(popup, buf, theme);
    let mut text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::raw(l.into_owned()))
        .collect();
    text.push(Line::default());
    let mut keys = Vec::new();
    for (i, (key, label)) in app.keymap.hints(Context::Confirm).into_iter().enumerate() {
        if i > 0 {
            keys.push(Span::raw("   "));
        }
        keys.push(Span::styled(key, theme.hint_key));
        keys.push(Span::raw(format!(" {label}")));
    }
    text.push(Line::from(keys));
    Paragraph::new(text)
        .block(
            Block::bordered()
                .title(" Confirmation ")
                .border_style(theme.message),
        )
        .render(popup, buf);
}
