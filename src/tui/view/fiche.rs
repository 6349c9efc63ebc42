//! The fiche screen: a title row, the wrapped text of the whole référentiel
//! in a frame, and the footer with the search and the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::fiche::{Kind, Row, layout};
use crate::search::fold;
use crate::text::truncate;
use crate::tui::app::App;
use crate::tui::screens::fiche::FicheScreen;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::hint_bar;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(fiche) = &app.screens.fiche else {
        return;
    };
    let Some(doc) = app.session.docs.get(fiche.doc) else {
        return;
    };
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let certification = &doc.certification;
    let mut header = vec![
        Span::styled("livret", theme.title),
        Span::raw(" — fiche complète — "),
    ];
    let room = usize::from(title.width).saturating_sub(22);
    header.push(Span::styled(
        truncate(&crate::fiche::printable(&certification.title), room),
        theme.heading,
    ));
    Line::from(header).render(title, buf);

    let inner_width = crate::tui::screens::fiche::text_width(body.width.saturating_sub(2));
    // The rows come wrapped by `update` for the viewport; a frame of
    // another size (a test, a resize not yet seen) wraps them here.
    let owned;
    let rows: &[Row] = if inner_width == fiche.width {
        &fiche.rows
    } else {
        owned = layout(&fiche.lines, inner_width);
        &owned
    };
    let height = usize::from(body.height.saturating_sub(2));
    let scroll = fiche.scroll.min(rows.len().saturating_sub(height));
    let position = if rows.len() <= height {
        " tout est affiché ".to_string()
    } else {
        let percent = (scroll + height).min(rows.len()) * 100 / rows.len().max(1);
        format!(
            " lignes {}–{} sur {} ({percent} %) ",
            scroll + 1,
            (scroll + height).min(rows.len()),
            rows.len()
        )
    };
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(" Fiche ")
        .title_bottom(Line::styled(position, theme.dim).right_aligned());
    let current = fiche.current.and_then(|i| fiche.matches.get(i)).copied();
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, row)| styled_row(row, fiche, current == Some(i), theme))
        .collect();
    Paragraph::new(lines).block(block).render(body, buf);

    if fiche.typing {
        Line::from(vec![
            Span::styled("/", theme.hint_key),
            Span::raw(fiche.query.clone()),
            Span::styled("▏", theme.dim),
            Span::raw("   "),
            Span::styled("Entrée", theme.hint_key),
            Span::styled(" aller · ", theme.hint),
            Span::styled("Échap", theme.hint_key),
            Span::styled(" annuler", theme.hint),
        ])
        .render(footer, buf);
    } else {
        hint_bar(app, footer, buf, theme);
    }
}

fn row_style(kind: Kind, theme: &Theme) -> Style {
    match kind {
        Kind::Title => theme.title,
        Kind::Warning => theme.warning,
        Kind::Heading | Kind::Subheading => theme.heading,
        Kind::Label => theme.heading,
        Kind::Text => Style::new(),
        Kind::Dim => theme.dim,
    }
}

/// A row in its style, the letters matching the search highlighted (the
/// row gone to, as a whole).
fn styled_row<'a>(row: &'a Row, fiche: &FicheScreen, current: bool, theme: &Theme) -> Line<'a> {
    let style = row_style(row.kind, theme);
    let query = fold(fiche.query.trim()).text;
    if query.is_empty() {
        return Line::styled(row.text.as_str(), style);
    }
    let folded = fold(&row.text);
    let mut marked = vec![false; row.text.chars().count()];
    let mut from = 0;
    while let Some(at) = folded.text[from..].find(&query) {
        let start = from + at;
        let end = start + query.len();
        // Byte offsets in the folded text to chars, then to original chars.
        let first = folded.text[..start].chars().count();
        let count = folded.text[start..end].chars().count();
        for &origin in folded.origin.iter().skip(first).take(count) {
            if let Some(m) = marked.get_mut(origin) {
                *m = true;
            }
        }
        from = end.max(start + 1);
        while from < folded.text.len() && !folded.text.is_char_boundary(from) {
            from += 1;
        }
    }
    let highlight = if current {
        theme.search_highlight.patch(theme.selected)
    } else {
        theme.search_highlight
    };
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (c, m) in row.text.chars().zip(marked) {
        if m != run_marked && !run.is_empty() {
            let s = if run_marked { highlight } else { style };
            spans.push(Span::styled(std::mem::take(&mut run), s));
        }
        run_marked = m;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_marked { highlight } else { style },
        ));
    }
    Line::from(spans)
}
