//! The evidence notes of a unit in the detail pane: each with its dates,
//! words, when it was synced and by whom, news for the tutor, preview,
//! experiences and hints; drafts shown as such.

use ratatui::style::{Modifier, Style};

use super::{Text, coach, cycle, date};
use crate::portfolio::Portfolio;
use crate::sync::history::NoteSync;
use crate::text::{count, terminal_safe};
use crate::tui::app::App;

/// Lines of a note's body shown under its title, at least: more when the
/// pane has the rows (see `preview_lines`).
const PREVIEW_LINES: usize = 3;

/// Rows the pane keeps for the item's own texts above the notes.
const ABOVE_NOTES: usize = 14;

/// Lines of each note's body to show: the pane's rows past the item's
/// texts, shared among its notes, never fewer than `PREVIEW_LINES`.
fn preview_lines(height: usize, notes: usize) -> usize {
    PREVIEW_LINES.max(height.saturating_sub(ABOVE_NOTES) / notes.max(1))
}

/// The evidence notes of a unit; returns the lines of the selected note.
pub fn notes_text(
    text: &mut Text,
    id: &str,
    portfolio: &Portfolio,
    app: &App,
    focused: bool,
) -> Option<(usize, usize)> {
    let theme = text.theme;
    let notes = portfolio.notes(id);
    let drafts = notes.iter().filter(|n| n.draft).count();
    let evidence = notes.len() - drafts;
    text.heading(&match drafts {
        0 => format!("Notes de preuve ({evidence})"),
        d => format!(
            "Notes de preuve ({evidence}) et {}",
            count(d, "brouillon", "brouillons")
        ),
    });
    if notes.is_empty() {
        let style = theme.dim;
        text.styled("Aucune note. a : ajouter une preuve.", style);
        if app.session.tutor.is_none() {
            coach::prompts_text(text, app, id);
        }
    }
    let selected = app.screens.main.note.min(notes.len().saturating_sub(1));
    let preview = preview_lines(text.height, notes.len());
    let mut selected_lines = None;
    for (i, note) in notes.iter().enumerate() {
        let start = text.lines.len();
        let updated = if note.updated != note.created {
            format!(" · modifiée {}", date(note.updated, &app.tz))
        } else {
            String::new()
        };
        // The note `e`, `E`, `d` and Enter act on is marked in both focuses
        // (when there is a choice): dimmer while the tree has the keys.
        let marked = i == selected && (focused || notes.len() > 1);
        let header_style = if marked && focused {
            theme.selected
        } else if marked {
            theme.selected_unfocused
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let bullet = if marked { "▶" } else { "▸" };
        if note.draft {
            text.styled(
                &format!("{bullet} {} (brouillon)", note.title()),
                header_style,
            );
            text.styled(
                "  Brouillon gardé d’un éditeur non fermé : a ou e pour le reprendre.",
                theme.message,
            );
        } else {
            text.styled(&format!("{bullet} {}", note.title()), header_style);
        }
        if crate::sync::in_conflict(notes, note) {
            text.styled(
                "  ⚠ conflit : modifiée sur deux machines, les deux versions sont là (d \
                 supprime celle de trop)",
                theme.warning,
            );
        }
        text.styled(
            &format!(
                "  {}{updated} · {}",
                date(note.created, &app.tz),
                count(app.session.note_words(id, note), "mot", "mots")
            ),
            theme.dim,
        );
        if let Some(sync) = app.session.note_synced(id, note) {
            text.styled(&synced_line(sync, app), theme.dim);
        }
        cycle::note_news_text(text, app, id, note);
        let body: Vec<&str> = note.body().filter(|l| !l.trim().is_empty()).collect();
        for line in body.iter().take(preview) {
            text.para(&format!("  {line}"));
        }
        if body.len() > preview {
            text.styled(
                &format!(
                    "  … ({} de plus, e pour tout lire)",
                    count(body.len() - preview, "ligne", "lignes")
                ),
                theme.dim,
            );
        }
        let experiences =
            crate::tui::modals::link_picker::titles(app.session.experiences(), &note.experiences);
        if !experiences.is_empty() {
            text.styled(
                &format!("  ↳ Expériences : {}", experiences.join(" · ")),
                theme.heading,
            );
        }
        let pieces = crate::portfolio::Piece::labels(app.session.pieces(), &note.pieces);
        if !pieces.is_empty() {
            text.styled(
                &format!("  ↳ Pièces justificatives : {}", pieces.join(" · ")),
                theme.heading,
            );
        }
        if app.session.tutor.is_none() {
            coach::hints_text(text, app, (id, note), i == selected && focused);
        }
        if marked {
            selected_lines = Some((start, text.lines.len()));
        }
        text.blank();
    }
    selected_lines
}

/// « synchronisée le 07/12 par Marie Dupont », the year too when it is
/// not this one.
fn synced_line(sync: &NoteSync, app: &App) -> String {
    let day = sync.when.to_zoned(app.tz.clone()).date();
    let format = if day.year() == app.today.year() {
        "%d/%m"
    } else {
        "%d/%m/%Y"
    };
    format!(
        "  synchronisée le {} par {}",
        day.strftime(format),
        terminal_safe(&sync.author)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_grows_with_the_pane_and_shrinks_with_the_notes() {
        assert_eq!(preview_lines(16, 1), PREVIEW_LINES, "80×24");
        assert_eq!(preview_lines(43, 1), 29, "200×50, one note");
        assert_eq!(preview_lines(43, 3), 9);
        assert_eq!(preview_lines(43, 40), PREVIEW_LINES);
        assert_eq!(preview_lines(0, 0), PREVIEW_LINES);
    }
}
