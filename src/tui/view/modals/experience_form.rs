//! The form that adds or edits an experience or a pièce justificative.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::experience_form::{Entry, ExperienceForm};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

/// Columns of the form's labels: the longest, « : » and a space.
fn label_width(form: &ExperienceForm) -> u16 {
    let longest = form.entry.fields().iter().map(|(l, _)| l.chars().count());
    u16::try_from(longest.max().unwrap_or(0) + 3).unwrap_or(u16::MAX)
}

pub fn render(app: &App, form: &ExperienceForm, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 85, 85, (56, 16));
    clear(popup, buf, theme);
    let what = match (&form.editing, form.entry) {
        (None, Entry::Experience) => "Nouvelle expérience".to_string(),
        (Some(id), Entry::Experience) => format!("Expérience {id}"),
        (None, Entry::Piece) => "Nouvelle pièce justificative".to_string(),
        (Some(id), Entry::Piece) => {
            // The number the list and the dossier give it, not its id.
            let at = app.session.pieces().iter().position(|p| p.id == *id);
            at.map_or_else(
                || "Pièce justificative".to_string(),
                crate::portfolio::Piece::number,
            )
        }
        (_, Entry::Identity) => "Votre identité dans le dossier".to_string(),
    };
    let fields = form.entry.fields();
    let description = form.description();
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
    let mut constraints = vec![Constraint::Length(1); description];
    constraints.extend([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]);
    if form.entry.multi_line().is_none() {
        // The status wraps under the lines instead.
        constraints.truncate(description);
        constraints.push(Constraint::Fill(1));
    }
    let rows = Layout::vertical(constraints).split(inner);
    for (i, (label, _)) in fields.iter().enumerate().take(description) {
        field(form, i, label, rows[i], buf, theme);
    }
    let status = match (&form.error, form.entry) {
        (Some(error), _) => Line::styled(error.clone(), theme.error),
        (None, Entry::Identity) => Line::styled(
            "Entrée ou Tab : champ suivant. Ces champs figurent sous le titre du dossier \
             exporté ; un champ vide n’y figure pas.",
            theme.dim,
        ),
        (None, _) => Line::styled(
            "Entrée ou Tab : champ suivant ; seul l’intitulé est obligatoire.",
            theme.dim,
        ),
    };
    if form.entry.multi_line().is_none() {
        let area = rows[description];
        let area = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        Paragraph::new(status)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    status.render(rows[description], buf);
    let [label_area, _] =
        Layout::horizontal([Constraint::Length(label_width(form)), Constraint::Fill(1)])
            .areas(rows[description + 1]);
    Span::styled(
        format!("{} :", fields[description].0),
        label_style(form, description, theme),
    )
    .render(label_area, buf);
    text(form, description, rows[description + 2], buf, theme);
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
        Layout::horizontal([Constraint::Length(label_width(form)), Constraint::Fill(1)])
            .areas(area);
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
