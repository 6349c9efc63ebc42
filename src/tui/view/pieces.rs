//! The pièces justificatives screen: the list on the left, numbered as in
//! the dossier, the selected piece in full on the right with the notes that
//! cite it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::portfolio::{Piece, Portfolio};
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
    let citing = portfolio
        .criteres
        .values()
        .flat_map(|w| &w.notes)
        .filter(|n| !n.pieces.is_empty())
        .count();
    let figure = format!(
        " {} · {} ",
        count(portfolio.pieces.len(), "pièce", "pièces"),
        count(citing, "note qui en cite", "notes qui en citent")
    );
    let room = usize::from(title.width).saturating_sub(figure.chars().count() + 32);
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::styled("Pièces justificatives — ", theme.heading),
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
    let pieces = &portfolio.pieces;
    let title = format!(" Pièces ({}) ", pieces.len());
    let shown = (pieces.len(), app.screens.pieces.selected);
    entry_list(area, buf, theme, title, shown, |i| {
        let citing = portfolio.notes_citing(&pieces[i].id).len();
        EntryRow {
            lead: format!("{:>2}. ", i + 1),
            title: visible(&pieces[i].title).into_owned(),
            mark: if citing == 0 {
                "–".to_string()
            } else {
                format!("×{citing}")
            },
        }
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
    let selected = app.screens.pieces.selected;
    let Some(piece) = portfolio.pieces.get(selected) else {
        Paragraph::new(vec![
            Line::styled("Aucune pièce justificative.", theme.heading),
            Line::default(),
            Line::raw(
                "Listez ici les documents que vous joindrez au dossier : attestations \
                 d’emploi, organigrammes, comptes rendus, productions (a pour en ajouter une).",
            ),
            Line::default(),
            Line::raw(
                "Dans l’éditeur d’une note, Ctrl-L la fait citer une pièce. L’export les \
                 numérote en annexe et dit où chacune est citée.",
            ),
        ])
        .wrap(Wrap { trim: true })
        .render(inner, buf);
        return;
    };
    let lines = piece_lines(selected, piece, certification, portfolio, theme);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn piece_lines(
    index: usize,
    piece: &Piece,
    certification: &Certification,
    portfolio: &Portfolio,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("{} — {}", Piece::number(index), visible(&piece.title)),
        theme.title,
    )];
    if !piece.file.trim().is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Fichier : ", theme.dim),
            Span::raw(visible(&piece.file).into_owned()),
        ]));
    }
    if !piece.description.trim().is_empty() {
        lines.push(Line::default());
        lines.extend(
            piece
                .description
                .lines()
                .map(|l| Line::raw(visible(l).into_owned())),
        );
    }
    let citing = portfolio.notes_citing(&piece.id);
    lines.push(Line::default());
    lines.push(Line::styled(
        match citing.len() {
            0 => "Citée par aucune note".to_string(),
            n => format!("Citée par {}", count(n, "note", "notes")),
        },
        theme.heading,
    ));
    if citing.is_empty() {
        lines.push(Line::styled(
            "Aucune note : Ctrl-L dans l’éditeur d’une note pour la citer.",
            theme.dim,
        ));
    }
    // In the référentiel's order, then the notes « hors référentiel ».
    let mut order: Vec<&str> = certification.units().map(|u| u.id).collect();
    let orphans: Vec<&str> = citing
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !order.contains(c))
        .collect();
    order.extend(orphans);
    order.dedup();
    for unit in order {
        for (critere, index) in citing.iter().filter(|(c, _)| *c == unit) {
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
