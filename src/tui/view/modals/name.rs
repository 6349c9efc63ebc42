//! « Votre nom »: what it is for, the name on one line, and what Échap does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::text::truncate;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::name::NameForm;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{self, centered, clear};

pub fn render(app: &App, form: &NameForm, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 60, 0, (56, 7));
    clear(popup, buf, theme);
    let block = widgets::popup(app, Context::Name, " Votre nom ", theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let width = usize::from(inner.width);
    let line = |y: u16| widgets::row(inner, inner.y + y);
    let intro = "Le nom sous lequel vos tuteurs suivent votre dossier :";
    Line::styled(truncate(intro, width), theme.dim).render(line(0), buf);
    let [marker, field] = ratatui::layout::Layout::horizontal([
        ratatui::layout::Constraint::Length(2),
        ratatui::layout::Constraint::Fill(1),
    ])
    .areas(line(2));
    Span::styled("› ", theme.hint_key).render(marker, buf);
    if form.textarea.is_empty() {
        // The textarea's own placeholder has a fixed colour; this one follows the theme.
        Line::from(vec![
            Span::styled(" ", form.textarea.cursor_style()),
            Span::styled(form.textarea.placeholder_text().to_string(), theme.dim),
        ])
        .render(field, buf);
    } else {
        form.textarea.render(field, buf);
    }
    let after = if form.at_start {
        "Échap : plus tard (redemandé au prochain lancement)."
    } else {
        "Vide : vos tuteurs verront le nom de votre dossier."
    };
    Line::styled(truncate(after, width), theme.dim).render(line(4), buf);
}
