//! The experiences screen: the list on the left, the selected one in full on
//! the right, and the form that adds or edits one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::experience::Experience;
use crate::portfolio::Portfolio;
use crate::referentiel::Certification;
use crate::text::{count, truncate, visible};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{EntryRow, entry_list, hint_bar};

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
}

fn list(app: &App, portfolio: &Portfolio, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let experiences = &portfolio.experiences;
    let title = format!(" Expériences ({}) ", experiences.len());
    let shown = (experiences.len(), app.screens.experiences.selected);
    entry_list(area, buf, theme, title, shown, |i| EntryRow {
        lead: " ".to_string(),
        title: visible(&experiences[i].title).into_owned(),
        mark: experiences[i].years(),
    });
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
    let Some(experience) = portfolio.experiences.get(app.screens.experiences.selected) else {
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
    let mut lines = vec![Line::styled(
        visible(&experience.title).into_owned(),
        theme.title,
    )];
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
                Span::raw(visible(value).into_owned()),
            ]));
        }
    }
    if !experience.description.trim().is_empty() {
        lines.push(Line::default());
        lines.extend(
            experience
                .description
                .lines()
                .map(|l| Line::raw(visible(l).into_owned())),
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
                Span::raw(format!("{}{draft}", visible(note.title()))),
            ]));
        }
    }
    lines
}
