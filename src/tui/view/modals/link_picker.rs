//! The picker over the note editor that links the note to experiences and
//! pièces justificatives.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthChar;

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::link_picker::{Choice, Kind, LinkPicker};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(
    app: &App,
    editor: &Editor,
    picker: &LinkPicker,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let popup = centered(area, 70, 70, (50, 12));
    clear(popup, buf, theme);
    let block = crate::tui::view::widgets::popup(
        app,
        Context::LinkPicker,
        format!(
            " Expériences et pièces de la note — critère {} ",
            editor.critere
        ),
        theme,
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [input, status, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    Line::from(vec![
        Span::styled("Filtrer : ", theme.hint_key),
        Span::raw(picker.query.clone()),
        Span::styled("▏", theme.hint_key),
    ])
    .render(input, buf);
    let (experiences, pieces) = (app.session.experiences(), app.session.pieces());
    let status_text = if experiences.is_empty() && pieces.is_empty() {
        "Aucune expérience ni pièce : gardez la note (Ctrl-S), puis X (expériences) ou \
         J (pièces justificatives) dans le référentiel."
            .to_string()
    } else if picker.choices.is_empty() {
        "Rien ne correspond.".to_string()
    } else {
        format!(
            "{} cochée(s) sur {} ; Entrée coche ou décoche.",
            editor.links.ids.len() + editor.links.pieces.len(),
            experiences.len() + pieces.len()
        )
    };
    Paragraph::new(Line::styled(status_text, theme.dim))
        .wrap(Wrap { trim: true })
        .render(status, buf);
    let height = usize::from(list.height);
    let offset = crate::tui::scroll::scroll_offset(picker.selected, picker.choices.len(), height);
    for (y, (i, choice)) in picker
        .choices
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let id = match choice.kind {
            Kind::Experience => experiences.get(choice.index).map(|e| &e.id),
            Kind::Piece => pieces.get(choice.index).map(|p| &p.id),
        };
        let linked = id.is_some_and(|id| editor.links.of(choice.kind).contains(id));
        let mut spans = vec![Span::styled(
            if linked { "[x] " } else { "[ ] " },
            theme.hint_key,
        )];
        let width = usize::from(list.width).saturating_sub(4);
        spans.extend(highlighted(choice, width, theme.search_highlight));
        let line = Line::from(spans);
        let line = if i == picker.selected {
            crate::tui::view::widgets::selected(line, theme.selected)
        } else {
            line
        };
        line.render(
            Rect {
                y: list.y + y as u16,
                height: 1,
                ..list
            },
            buf,
        );
    }
}

/// The label cut to `width` columns, matched characters highlighted.
fn highlighted(choice: &Choice, width: usize, highlight: Style) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let chars: Vec<char> = choice.label.chars().collect();
    let total: usize = chars.iter().map(|c| c.width().unwrap_or(0)).sum();
    for (i, c) in chars.into_iter().enumerate() {
        let w = c.width().unwrap_or(0);
        if total > width && used + w + 1 > width {
            spans.push(Span::raw("…"));
            break;
        }
        used += w;
        let style = if choice.positions.contains(&i) {
            highlight
        } else {
            Style::new()
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    spans
}
