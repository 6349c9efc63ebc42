//! The experiences screen: the list on the left, the selected one in full on
//! the right, and the form that adds or edits one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::experience::Experience;
use crate::portfolio::Portfolio;
use crate::referentiel::Certification;
use crate::text::{count, truncate};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::screens::experiences::{DESCRIPTION, ExperienceForm, FIELDS};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear, hint_bar};

/// Columns of the form's labels.
const LABEL_WIDTH: u16 = 14;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some((certification, portfolio)) = app.session.open() else {
        return;
    };
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let linked = portfolio
        .criteres
        .values()
        .flat_map(|w| &w.notes)
        .filter(|n| !n.experiences.is_empty())
        .count();
    let figure = format!(
        " {} · {} ",
        count(portfolio.experiences.len(), "expérience", "expériences"),
        count(linked, "note liée", "notes liées")
    );
    let room = usize::from(title.width).saturating_sub(figure.chars().count() + 22);
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::styled("Expériences — ", theme.heading),
        Span::raw(truncate(&certification.title, room)),
        Span::styled(figure, theme.heading),
    ])
    .render(title, buf);

    let list_width = (body.width * 2 / 5).clamp(24.min(body.width), 60);
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(body);
    list(app, portfolio, list_area, buf, theme);
    detail(app, certification, portfolio, detail_area, buf, theme);
    hint_bar(app, hints, buf, theme);

    if let Some(form) = &app.experiences.form {
        form_popup(app, form, area, buf, theme);
        if form.confirm_discard {
            question(
                "Abandonner les modifications de cette expérience ?",
                area,
                buf,
                theme,
            );
        }
    } else if let Some(deletion) = &app.experiences.confirm {
        question(&deletion.question(), area, buf, theme);
    }
}

/// A yes/no question as tall as its text needs.
fn question(text: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = (area.width * 3 / 5).clamp(40.min(area.width), 70);
    let lines = textwrap::wrap(text, usize::from(width.saturating_sub(2)).max(1));
    let height = (lines.len() as u16 + 4).min(area.height);
    let popup = centered(area, 0, 0, (width, height));
    clear(popup, buf, theme);
    let mut text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::raw(l.into_owned()))
        .collect();
    text.push(Line::default());
    text.push(Line::from(vec![
        Span::styled("o", theme.hint_key),
        Span::raw(" oui   "),
        Span::styled("n", theme.hint_key),
        Span::raw(" non"),
    ]));
    Paragraph::new(text)
        .block(
            Block::bordered()
                .title(" Confirmation ")
                .border_style(theme.message),
        )
        .render(popup, buf);
}

fn list(app: &App, portfolio: &Portfolio, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::bordered()
        .title(format!(" Expériences ({}) ", portfolio.experiences.len()))
        .border_style(theme.border_focus);
    let inner = block.inner(area);
    block.render(area, buf);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let selected = app.experiences.selected;
    let offset = crate::tui::scroll::scroll_offset(selected, portfolio.experiences.len(), height);
    for (y, (i, experience)) in portfolio
        .experiences
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let years = experience.years();
        let room = width.saturating_sub(years.chars().count() + 3);
        let title = truncate(&experience.title, room);
        let pad = width.saturating_sub(title.chars().count() + years.chars().count() + 2);
        let line = Line::from(vec![
            Span::raw(" "),
            Span::raw(title),
            Span::raw(" ".repeat(pad)),
            Span::styled(years, theme.dim),
            Span::raw(" "),
        ]);
        let line = if i == selected {
            crate::tui::view::widgets::selected(line, theme.selected)
        } else {
            line
        };
        line.render(
            Rect {
                y: inner.y + y as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}

fn detail(
    app: &App,
    certification: &Certification,
    portfolio: &Portfolio,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let block = Block::bordered()
        .title(" Détail ")
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(experience) = portfolio.experiences.get(app.experiences.selected) else {
        Paragraph::new(vec![
            Line::styled("Aucune expérience décrite.", theme.heading),
            Line::default(),
            Line::raw(
                "Décrivez une fois chaque emploi, mission ou activité bénévole (a), puis \
                 liez-y vos notes de preuve depuis l’éditeur de note (Ctrl-L).",
            ),
            Line::default(),
            Line::raw(
                "La matrice (m) montre alors quels critères chaque expérience couvre : \
                 c’est ce qui rend un livret 2 convaincant.",
            ),
        ])
        .wrap(Wrap { trim: true })
        .render(inner, buf);
        return;
    };
    let lines = experience_lines(experience, certification, portfolio, theme);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn experience_lines(
    experience: &Experience,
    certification: &Certification,
    portfolio: &Portfolio,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(experience.title.clone(), theme.title)];
    let period = experience.period();
    let fields = [
        ("Employeur", experience.employer.as_str()),
        ("Poste", experience.role.as_str()),
        ("Période", period.as_str()),
        ("Lieu", experience.place.as_str()),
    ];
    for (label, value) in fields {
        if !value.trim().is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{label} : "), theme.dim),
                Span::raw(value.to_string()),
            ]));
        }
    }
    if !experience.description.trim().is_empty() {
        lines.push(Line::default());
        lines.extend(
            experience
                .description
                .lines()
                .map(|l| Line::raw(l.to_string())),
        );
    }
    let linking = portfolio.notes_linking(&experience.id);
    let coverage = crate::coverage::coverage(certification, portfolio);
    let column = coverage
        .experiences
        .iter()
        .position(|e| e.id == experience.id);
    let covered = column.map_or(0, |c| coverage.criteres_covered(c));
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "Notes liées ({}) · {}",
            linking.len(),
            count(covered, "critère couvert", "critères couverts")
        ),
        theme.heading,
    ));
    if linking.is_empty() {
        lines.push(Line::styled(
            "Aucune note : Ctrl-L dans l’éditeur d’une note pour la lier.",
            theme.dim,
        ));
    }
    // In the référentiel's order, like the matrix.
    for row in &coverage.rows {
        for (critere, index) in linking.iter().filter(|(c, _)| *c == row.unit.id) {
            let note = &portfolio.notes(critere)[*index];
            let draft = if note.draft { " (brouillon)" } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{critere} "), theme.hint_key),
                Span::raw(format!("{}{draft}", note.title())),
            ]));
        }
    }
    lines
}

fn form_popup(app: &App, form: &ExperienceForm, area: Rect, buf: &mut Buffer, theme: &Theme) {
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
    let hints = crate::tui::view::widgets::popup_hints(app, Context::ExperienceForm, theme);
    let block = Block::bordered()
        .title(format!(" {what}{modified} "))
        .title_bottom(Line::from(hints))
        .border_style(theme.border_focus);
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
        spans.push(Span::styled(
            textarea.placeholder_text().to_string(),
            theme.dim,
        ));
        Line::from(spans).render(area, buf);
    } else if focused {
        textarea.render(area, buf);
    } else {
        Paragraph::new(form.value(i))
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }
}
