//! The list of certifications, with the candidate's progress on each.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

use crate::text::{truncate, visible};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::hint_bar;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // Files that could not be read: listed apart, with where and why.
    let broken = app.session.unreadable.len();
    let text_width = usize::from(area.width.saturating_sub(2)).max(1);
    let wrapped: usize = app
        .session
        .unreadable
        .iter()
        .map(|e| unicode_width::UnicodeWidthStr::width(e.as_str()).div_ceil(text_width))
        .sum();
    let broken_height = if broken == 0 {
        0
    } else {
        (wrapped as u16 + 2).min(area.height / 3).max(3)
    };
    let [title, body, unreadable, info, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(broken_height),
        Constraint::Length(5),
        Constraint::Length(1),
    ])
    .areas(area);
    if broken > 0 {
        let lines: Vec<Line> = app
            .session
            .unreadable
            .iter()
            .map(|e| Line::styled(visible(e).into_owned(), theme.error))
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .title(format!(
                        " Fichiers illisibles, ignorés ({broken}) : corrigez-les, puis relancez livret "
                    ))
                    .border_style(theme.error),
            )
            .render(unreadable, buf);
    }
    let mut header = vec![Span::styled("livret", theme.title)];
    if let Some(name) = &app.session.candidate {
        header.push(Span::raw(" — "));
        header.push(Span::styled(name.clone(), theme.heading));
    }
    header.push(Span::raw(
        " — choisissez la certification que vous préparez",
    ));
    Line::from(header).render(title, buf);

    let code_width = 10;
    let progress_width = 18;
    let title_width = usize::from(body.width.saturating_sub(code_width + progress_width + 6));
    let rows = app.session.docs.iter().enumerate().map(|(i, doc)| {
        let c = &doc.certification;
        let progress = match doc.overall() {
            Some(t) => format!("{:>3} % · {}/{}", t.percent(), t.ready, t.units),
            None => "illisible".to_string(),
        };
        let style = if i == app.screens.picker.selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        // An ended registration is flagged in the list already.
        let title = if c.expired_on(app.today) {
            format!("⚠ {}", visible(&c.title))
        } else {
            visible(&c.title).into_owned()
        };
        Row::new([
            Cell::from(truncate(&title, title_width)),
            Cell::from(c.code.clone().unwrap_or_else(|| c.kind.label().to_string())),
            Cell::from(progress),
        ])
        .style(style)
    });
    // The last row imports a certification.
    let import = Row::new([Cell::from("Importer une certification…")]).style(
        if app.screens.picker.selected >= app.session.docs.len() {
            theme.selected
        } else {
            theme.hint_key
        },
    );
    // Scrolled with the selection when the certifications outnumber the rows.
    let mut state = TableState::default().with_selected(Some(app.screens.picker.selected));
    StatefulWidget::render(
        Table::new(
            rows.chain([import]),
            [
                Constraint::Fill(1),
                Constraint::Length(code_width),
                Constraint::Length(progress_width),
            ],
        )
        .header(Row::new(["Certification", "Code", "Progression"]).style(theme.heading))
        .block(Block::bordered().border_style(theme.border_focus)),
        body,
        buf,
        &mut state,
    );

    if let Some(doc) = app.session.docs.get(app.screens.picker.selected) {
        let c = &doc.certification;
        let mut lines = vec![Line::from(vec![
            Span::styled(visible(&c.title).into_owned(), theme.heading),
            Span::styled(format!("  ({})", c.id), theme.dim),
        ])];
        let mut facts = Vec::new();
        if let Some(level) = &c.level {
            facts.push(format!("Niveau : {level}"));
        }
        if let Some(certifier) = &c.certifier {
            facts.push(format!("Certificateur : {certifier}"));
        }
        facts.push(format!(
            "{} blocs, {} compétences, {} critères",
            c.blocs.len(),
            c.competences().count(),
            c.criteres().count()
        ));
        lines.push(Line::from(facts.join(" · ")));
        if let Some(warning) = crate::fiche::expiry_warning(c, app.today) {
            lines.push(Line::styled(format!("⚠ {warning}"), theme.warning));
        }
        lines.push(Line::from(vec![
            Span::styled("i", theme.hint_key),
            Span::styled(
                " : la fiche complète (modalités, jury, sections, source)",
                theme.dim,
            ),
        ]));
        if let Err(error) = &doc.portfolio {
            lines.push(Line::styled(error.clone(), theme.error));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(info, buf);
    } else {
        Paragraph::new(vec![
            Line::styled("Importer une certification du RNCP", theme.heading),
            Line::from(
                "Depuis l’export des fiches publié en open data par France compétences \
                 (XML, CSV, ou leur zip) : toute certification RNCP qui a des blocs de \
                 compétences.",
            ),
            Line::styled(
                "Entrée : indiquer le fichier, puis choisir la fiche.",
                theme.dim,
            ),
        ])
        .wrap(Wrap { trim: true })
        .render(info, buf);
    }
    hint_bar(app, hints, buf, theme);
}
