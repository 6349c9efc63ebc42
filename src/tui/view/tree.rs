//! The référentiel tree with a status marker per critère and figures per branch.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::progress;
use crate::text::truncate;
use crate::tui::app::{App, Pane};
use crate::tui::outline::{Node, Row};
use crate::tui::scroll::follow;
use crate::tui::theme::Theme;

/// An id without the prefix its parent already shows (`A1.C1.CR2` under
/// `A1.C1` reads `CR2`).
fn short_id<'a>(id: &'a str, parent: Option<&str>) -> &'a str {
    parent.map_or(id, |parent| crate::referentiel::short_id(id, parent))
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some((_, portfolio)) = app.doc() else {
        return;
    };
    let focused = app.screens.main.focus == Pane::Tree;
    let block = crate::tui::view::widgets::pane(" Référentiel ", focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if app.screens.main.rows.is_empty() && app.session.tutor.as_ref().is_some_and(|t| t.filter) {
        ratatui::widgets::Paragraph::new(
            "Rien à revoir : aucun critère prêt sans votre avis. f pour tout voir.",
        )
        .style(theme.dim)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let offset = follow(
        app.screens.main.tree_offset,
        app.screens.main.selected,
        app.screens.main.rows.len(),
        height,
    );
    for (line_index, (row_index, row)) in app
        .screens
        .main
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let Some(node) = crate::tui::screens::main::tree::resolve(&app.session, row.path) else {
            continue;
        };
        let parent_id = row
            .path
            .parent()
            .and_then(|p| crate::tui::screens::main::tree::resolve(&app.session, p))
            .map(|n| n.id());
        let marks = Marks::of(app, portfolio, node);
        let mut line = row_line(app, row, node, parent_id, portfolio, &marks, width, theme);
        if row_index == app.screens.main.selected {
            let style = if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            };
            line = crate::tui::view::widgets::selected(line, style);
        }
        let y = inner.y + line_index as u16;
        line.render(
            Rect {
                y,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}

/// What the tutors said about a node, as the tree shows it.
struct Marks {
    verdict: Option<crate::review::Verdict>,
    /// A comment the candidate has not read yet.
    unread: bool,
    /// Tutor: notes new or changed since they last read the item.
    changed: bool,
}

impl Marks {
    fn of(app: &App, portfolio: &crate::portfolio::Portfolio, node: Node) -> Marks {
        let id = node.id();
        // A closed compétence or evaluation says when one of its critères has news.
        let unread = crate::tui::screens::main::review::unread(&app.session, portfolio, id)
            || match node {
                Node::Competence(c) => c.criteres.iter().any(|k| {
                    crate::tui::screens::main::review::unread(&app.session, portfolio, &k.id)
                }),
                Node::Evaluation(m) => m.criteres.iter().any(|k| {
                    crate::tui::screens::main::review::unread(&app.session, portfolio, &k.id)
                }),
                _ => false,
            };
        Marks {
            verdict: crate::review::combined_verdict(&app.session.reviews, id),
            unread,
            changed: node.leaf_id().is_some()
                && crate::tui::screens::main::review::notes_changed(&app.session, portfolio, id),
        }
    }

    fn text(&self) -> String {
        let mut text = String::new();
        if self.unread {
            text.push('✉');
        }
        if self.changed {
            text.push('Δ');
        }
        if let Some(verdict) = self.verdict {
            text.push_str(verdict.symbol());
        }
        text
    }
}

#[allow(clippy::too_many_arguments)]
fn row_line<'a>(
    app: &App,
    row: &Row,
    node: Node<'a>,
    parent_id: Option<&str>,
    portfolio: &crate::portfolio::Portfolio,
    marks: &Marks,
    width: usize,
    theme: &Theme,
) -> Line<'a> {
    let indent = "  ".repeat(usize::from(row.depth));
    let arrow = match (row.has_children, row.expanded) {
        (false, _) => "",
        (true, true) => "▾ ",
        (true, false) => "▸ ",
    };
    let (marker, marker_style) = match node.leaf_id() {
        // Evidence attaches here: its status, after the arrow if it also opens.
        Some(id) => {
            let status = portfolio.status(id);
            (format!("{arrow}{} ", status.symbol()), theme.status(status))
        }
        None if row.has_children => (arrow.to_string(), theme.dim),
        None => ("▸ ".to_string(), theme.dim),
    };
    let evidence = |id: &str| {
        let work = portfolio.critere(id);
        let level = work
            .and_then(|w| w.level)
            .map(|l| format!("[{l}]"))
            .unwrap_or_default();
        // Evidence ✎, drafts ✐ (kept from an editor not closed with Ctrl-S).
        let all = work.map_or(&[][..], |w| &w.notes[..]);
        let drafts = all.iter().filter(|n| n.draft).count();
        let notes = match (all.len() - drafts, drafts) {
            (0, 0) => String::new(),
            (n, 0) => format!("✎{n}"),
            (0, d) => format!("✐{d}"),
            (n, d) => format!("✎{n}✐{d}"),
        };
        [marks.text(), notes, level]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (label, figure, label_style) = match node {
        Node::Bloc(bloc) => {
            let tally = app.session.bloc_tally(row.path.bloc_index());
            let style = if progress::is_targeted(bloc, portfolio) {
                theme.heading
            } else {
                theme.dim
            };
            (
                format!("{} {}", bloc.id, bloc.title),
                format!("{}/{}", tally.ready, tally.units),
                style,
            )
        }
        Node::Activite(activite) => (
            format!("{} {}", short_id(&activite.id, parent_id), activite.title),
            String::new(),
            Style::new(),
        ),
        Node::Competence(competence) => {
            let tally = app.session.competence_tally(&competence.id);
            let stance = app
                .doc()
                .and_then(|(c, _)| c.blocs.get(row.path.bloc_index()))
                .map(|b| crate::coach::positioning::stance(b, competence, portfolio))
                .map_or(String::new(), |s| format!("{} ", s.mark()));
            let figure = if competence.is_leaf() && !row.has_children {
                evidence(&competence.id)
            } else if competence.is_leaf() {
                let own = evidence(&competence.id);
                let sep = if own.is_empty() { "" } else { " " };
                format!("{own}{sep}{}/{}", tally.ready, tally.units)
            } else {
                format!("{}{}/{}", marks.text(), tally.ready, tally.units)
            };
            let figure = format!("{stance}{figure}");
            (
                format!(
                    "{} {}",
                    short_id(&competence.id, parent_id),
                    competence.title
                ),
                figure,
                Style::new(),
            )
        }
        Node::Evaluation(modalite) => {
            let tally = app.session.competence_tally(node.id());
            (
                format!(
                    "{} Évaluation : {}",
                    short_id(node.id(), parent_id),
                    modalite.title
                ),
                format!("{}{}/{}", marks.text(), tally.ready, tally.units),
                Style::new(),
            )
        }
        Node::Orphans => (
            "Hors référentiel : notes gardées d’éléments disparus".to_string(),
            app.session
                .docs
                .get(app.session.current)
                .map_or(0, |d| d.orphans.len())
                .to_string(),
            theme.warning,
        ),
        Node::Orphan(id) => (id.to_string(), evidence(id), theme.warning),
        Node::Critere(critere, _) | Node::Shared(critere, _) => (
            format!("{} {}", short_id(&critere.id, parent_id), critere.text),
            evidence(&critere.id),
            Style::new(),
        ),
    };
    // Data, possibly someone else's: markers for what would reorder it.
    let label = crate::text::visible(&label).replace('\n', " ");
    let fixed = indent.width() + marker.width() + figure.width() + usize::from(!figure.is_empty());
    let room = width.saturating_sub(fixed);
    let label = truncate(&label, room);
    let used = indent.width() + marker.width() + label.width() + figure.width();
    let gap = if figure.is_empty() {
        0
    } else {
        width.saturating_sub(used).max(1)
    };
    Line::from(vec![
        Span::raw(indent),
        Span::styled(marker, marker_style),
        Span::styled(label, label_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(figure, theme.dim),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_the_prefix_their_parent_shows() {
        assert_eq!(short_id("A1.C1.CR2", Some("A1.C1")), "CR2");
        assert_eq!(short_id("C.1.1.1.CR1", Some("C.1.1.1")), "CR1");
        assert_eq!(short_id("CR2", Some("A1")), "CR2");
        assert_eq!(short_id("A1", Some("A1")), "A1");
        assert_eq!(short_id("BC1", None), "BC1");
    }
}
