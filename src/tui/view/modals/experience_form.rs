//! The form that adds or edits an experience.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::experience_form::{DESCRIPTION, ExperienceForm, FIELDS};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

/// Columns of the form's labels.
const LABEL_WIDTH: u16 = 14;

pub fn render(app: &App, form: &ExperienceForm, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 85, 85, (56, 16));
    clear(popup, buf, theme);
    let what = match &form.editing {
        None => "Nouvelle expérience".to_string(),
        Some(id) => format!("Expérience {id}"),
    };
    let modified = if form.is_modified() {
        " (modifiée)"
    } else {
        ""
    };
    let block = crate::tui::view::widgets::popup(
        app,
        Context::ExperienceForm,
        format!(" {what}{modified} "),
        theme,
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let mut constraints = vec![Constraint::Length(1); DESCRIPTION];
    constraints.extend([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]);
    let rows = Layout::vertical(constraints).split(inner);
    for (i, (label, _)) in FIELDS.iter().enumerate().take(DESCRIPTION) {
        field(form, i, label, rows[i], buf, theme);
    }
    let status = match &form.error {
        Some(error) => Line::styled(error.clone(), theme.error),
        None => Line::styled(
            "Entrée ou Tab : champ suivant ; seul l’intitulé est obligatoire.",
            theme.dim,
        ),
    };
    status.render(rows[DESCRIPTION], buf);
    let [label_area, _] =
        Layout::horizontal([Constraint::Length(LABEL_WIDTH), Constraint::Fill(1)])
            .areas(rows[DESCRIPTION + 1]);
    Span::styled(
        format!("{} :", FIELDS[DESCRIPTION].0),
        label_style(form, DESCRIPTION, theme),
    )
    .render(label_area, buf);
    text(form, DESCRIPTION, rows[DESCRIPTION + 2], buf, theme);
}

fn label_style(form: &ExperienceForm, field: usize, theme: &Theme) -> Style {
    if form.focus == field {
        theme.hint_key.add_modifier(Modifier::BOLD)
    } else {
        theme.dim
    }
}

/// One line of the form: its label, then its text.
fn field(
    form: &ExperienceForm,
    i: usize,
    label: &str,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let [label_area, text_area] =
        Layout::horizontal([Constraint::Length(LABEL_WIDTH), Constraint::Fill(1)]).areas(area);
    Span::styled(format!("{label} :"), label_style(form, i, theme)).render(label_area, buf);
    text(form, i, text_area, buf, theme);
}

/// A field's text: the live text area where the cursor is, plain text
/// elsewhere (no stray cursors), the placeholder in the theme's dim style.
fn text(form: &ExperienceForm, i: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let textarea = &form.fields[i];
    let focused = form.focus == i;
    if textarea.is_empty() {
        let mut spans = Vec::new();
        if focused {
            spans.push(Span::styled(" ", textarea.cursor_style()));
        }
        // Wrapped where the field has the rows (the description), else
        // shortened with « … », never cut mid-word without a sign.
        let room = usize::from(area.width).saturating_sub(spans.len());
        let placeholder = textarea.placeholder_text();
        if area.height > 1 {
            spans.push(Span::styled(placeholder.to_string(), theme.dim));
            Paragraph::new(Line::from(spans))
                .wrap(Wrap { trim: false })
                .render(area, buf);
        } else {
            spans.push(Span::styled(
                crate::text::truncate(placeholder, room),
                theme.dim,
            ));
            Line::from(spans).render(area, buf);
        }
    } else if focused {
        textarea.render(area, buf);
    } else {
        Paragraph::new(form.value(i))
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }
}
