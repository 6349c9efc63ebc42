//! The export menu: a line per choice with its value between ‹ ›, the
//! selected one marked, then the files it will write.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::export_menu::{ExportMenu, FORMATS};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, menu: &ExportMenu, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 80, 60, (56, 16));
    clear(popup, buf, theme);
    let block = crate::tui::view::widgets::popup(app, Context::ExportMenu, " Exporter ", theme);
    let bloc = match menu.bloc.and_then(|b| menu.blocs.get(b)) {
        Some(id) => {
            let title = app
                .session
                .open()
                .and_then(|(c, _)| c.blocs.iter().find(|b| &b.id == id))
                .map_or(String::new(), |b| format!(" — {}", b.title));
            crate::text::visible(&format!("{id}{title}")).into_owned()
        }
        None => "tous les blocs visés".to_string(),
    };
    let values = [
        (
            "Document",
            if menu.suivi {
                "le suivi, pour vous et vos tuteurs".to_string()
            } else {
                "le dossier pour le jury".to_string()
            },
        ),
        ("Formats", FORMATS[menu.formats].0.to_string()),
        ("Blocs", bloc),
        (
            "Critères",
            if menu.ready_only {
                "seulement les « prêt »".to_string()
            } else if menu.suivi {
                "tous".to_string()
            } else {
                "tous ceux qui ont des notes".to_string()
            },
        ),
        (
            "Commentaires",
            match (menu.suivi, menu.with_reviews) {
                (false, _) => "jamais dans le dossier du jury".to_string(),
                (true, false) => "sans les commentaires des tuteurs".to_string(),
                (true, true) => "avec les commentaires des tuteurs".to_string(),
            },
        ),
    ];
    let mut lines = Vec::new();
    for (i, (label, value)) in values.into_iter().enumerate() {
        let selected = i == menu.line;
        let marker = if selected { "▶ " } else { "  " };
        let value_style = if selected {
            theme.selected
        } else {
            theme.normal
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.hint_key),
            Span::styled(format!("{label:<13}"), theme.heading),
            Span::styled(format!("‹ {value} ›"), value_style),
        ]));
    }
    lines.push(Line::default());
    if let Some((certification, _)) = app.session.open() {
        let request = menu.request();
        let stem = crate::export::file_stem(certification, &request.options);
        let names: Vec<String> = request
            .formats
            .iter()
            .map(|f| format!("{stem}.{}", f.extension()))
            .collect();
        lines.push(Line::styled(
            format!(
                "Fichiers : {} dans exports/ (un fichier déjà là n’est remplacé qu’après \
                 confirmation).",
                crate::text::list_fr(&names)
            ),
            theme.dim,
        ));
    }
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(popup, buf);
}
