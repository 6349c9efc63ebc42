//! The search overlay: a query line and ranked results, matches highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::text::count;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::search::Search;
use crate::tui::search_index::Found;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

/// Lines each result takes: location, then text.
const RESULT_LINES: usize = 2;

pub fn render(app: &App, search: &Search, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 90, 85, (56, 12));
    clear(popup, buf, theme);
    let title = match &search.moving {
        Some(moving) => format!(
            " Déplacer « {} » vers… ",
            crate::text::truncate(&crate::text::visible(&moving.title), 40)
        ),
        None => " Recherche ".to_string(),
    };
    let block = crate::tui::view::widgets::popup(app, Context::Search, title, theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [input, status, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);

    Line::from(vec![
        Span::styled("/ ", theme.hint_key),
        Span::raw(search.query.clone()),
        Span::styled("▏", theme.hint_key),
    ])
    .render(input, buf);
    let status_text = if search.moving.is_some() && search.query.trim().is_empty() {
        "Code ou mots du critère où ranger la note ; Entrée l’y déplace.".to_string()
    } else if search.query.trim().is_empty() {
        "Tapez un code (BC2, A1.C3, E4), des mots du référentiel ou de vos notes ; \
         les accents et majuscules ne comptent pas."
            .to_string()
    } else if search.results.is_empty() {
        "Aucun résultat.".to_string()
    } else {
        count(search.results.len(), "résultat", "résultats")
    };
    Line::styled(status_text, theme.dim).render(status, buf);

    let visible = usize::from(list.height) / RESULT_LINES;
    let first = if visible == 0 {
        0
    } else {
        search.selected.saturating_sub(visible - 1)
    };
    for (line, (i, found)) in search
        .results
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .enumerate()
    {
        let y = list.y + (line * RESULT_LINES) as u16;
        let selected = i == search.selected;
        let marker = if selected { "▶ " } else { "  " };
        let location = Line::from(vec![
            Span::styled(marker, theme.hint_key),
            Span::styled(format!("{} ", found.kind.label()), theme.heading),
            Span::styled(found.path.clone(), theme.dim),
        ]);
        let location = if selected {
            crate::tui::view::widgets::selected(location, theme.selected)
        } else {
            location
        };
        location.render(
            Rect {
                y,
                height: 1,
                ..list
            },
            buf,
        );
        if RESULT_LINES > 1 && y + 1 < list.y + list.height {
            let width = usize::from(list.width).saturating_sub(2);
            let mut spans = vec![Span::raw("  ")];
            spans.extend(snippet(found, width, theme.search_highlight));
            Line::from(spans).render(
                Rect {
                    y: y + 1,
                    height: 1,
                    ..list
                },
                buf,
            );
        }
    }
}

/// The result's text on one line of `width` columns, starting a little
/// before the first match, with matched characters highlighted.
fn snippet(found: &Found, width: usize, highlight: Style) -> Vec<Span<'static>> {
    let chars: Vec<char> = found
        .text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let first_match = found.positions.first().copied().unwrap_or(0);
    // Start a quarter of the line before the match, at a word's beginning.
    let start = if first_match > width / 3 {
        let from = first_match - width / 4;
        chars[from..first_match]
            .iter()
            .position(|&c| c == ' ')
            .map_or(from, |space| from + space + 1)
    } else {
        0
    };
    let mut spans = Vec::new();
    let mut used = 0;
    if start > 0 {
        spans.push(Span::raw("…"));
        used += 1;
    }
    let mut run = String::new();
    let mut run_highlighted = false;
    let mut matches = found.positions.iter().peekable();
    while matches.peek().is_some_and(|&&p| p < start) {
        matches.next();
    }
    for (i, &c) in chars.iter().enumerate().skip(start) {
        // What would reorder or hide text is shown, not applied.
        let shown = crate::text::marker(c);
        let w = shown
            .as_deref()
            .map_or(c.width().unwrap_or(0), UnicodeWidthStr::width);
        let last = i + 1 == chars.len();
        if used + w > width.saturating_sub(usize::from(!last)) {
            flush(&mut spans, &mut run, run_highlighted, highlight);
            spans.push(Span::raw("…"));
            return spans;
        }
        let highlighted = matches.peek() == Some(&&i);
        if highlighted {
            matches.next();
        }
        if highlighted != run_highlighted {
            flush(&mut spans, &mut run, run_highlighted, highlight);
            run_highlighted = highlighted;
        }
        match shown {
            Some(marker) => run.push_str(&marker),
            None => run.push(c),
        }
        used += w;
    }
    flush(&mut spans, &mut run, run_highlighted, highlight);
    spans
}

fn flush(spans: &mut Vec<Span<'static>>, run: &mut String, highlighted: bool, style: Style) {
    if run.is_empty() {
        return;
    }
    let text = std::mem::take(run);
    spans.push(if highlighted {
        Span::styled(text, style)
    } else {
        Span::raw(text)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Kind, Target};
    use ratatui::style::Modifier;

    fn found(text: &str, positions: Vec<usize>) -> Found {
        Found {
            kind: Kind::Note,
            path: String::new(),
            text: text.to_string(),
            positions,
            target: Target::Node(String::new()),
        }
    }

    fn plain(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn matches_are_highlighted_and_long_texts_cut_with_an_ellipsis() {
        let style = Style::new().add_modifier(Modifier::BOLD);
        let spans = snippet(&found("la stratégie export", vec![3, 4, 5]), 30, style);
        assert_eq!(plain(&spans), "la stratégie export");
        assert_eq!(spans[1].content, "str");
        assert_eq!(spans[1].style, style);
        let spans = snippet(&found(&"mot ".repeat(40), vec![]), 20, style);
        let text = plain(&spans);
        assert_eq!(text.chars().count(), 20);
        assert!(text.starts_with("mot mot") && text.ends_with('…'));
    }

    #[test]
    fn a_late_match_is_brought_into_view_and_wide_chars_fit() {
        let text = format!("{}cible", "x".repeat(100));
        let text = plain(&snippet(&found(&text, vec![100]), 20, Style::new()));
        assert!(text.starts_with('…') && text.contains("cible"), "{text}");
        let wide = plain(&snippet(
            &found(&"日本".repeat(20), vec![]),
            9,
            Style::new(),
        ));
        assert_eq!(unicode_width::UnicodeWidthStr::width(wide.as_str()), 9);
    }
}
