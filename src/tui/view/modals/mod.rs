//! Whatever floats over the screen: help, note editor, questions, messages.

mod link_picker;
mod search;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::{App, Editor, Popup, Question};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    match &app.popup {
        None => {}
        Some(Popup::Help { scroll }) => help(app, *scroll, area, buf, theme),
        Some(Popup::Search(search)) => {
            crate::tui::view::modals::search::render(app, search, area, buf, theme)
        }
        Some(Popup::Editor(editor)) => {
            editor_popup(app, editor, area, buf, theme);
            if let Some(picker) = &editor.links.picker {
                crate::tui::view::modals::link_picker::render(
                    app, editor, picker, area, buf, theme,
                );
            }
            if editor.confirm_discard {
                question(
                    "Abandonner les modifications de cette note ?",
                    area,
                    buf,
                    theme,
                );
            }
        }
        Some(Popup::Confirm(Question::DeleteNote { title, .. })) => question(
            &format!("Supprimer la note « {title} » ?"),
            area,
            buf,
            theme,
        ),
        Some(Popup::Confirm(Question::ReplaceReferentiel { numero })) => question(
            &format!(
                "{} est déjà importée. La remplacer par cette version ? L’ancienne est \
                 sauvegardée, vos notes sont gardées.",
                crate::fiche::printable(numero)
            ),
            area,
            buf,
            theme,
        ),
        Some(Popup::Message(text)) => message(text, area, buf, theme),
        Some(Popup::Unreadable { error, .. }) => unreadable(app, error, area, buf, theme),
    }
}

fn help(app: &App, scroll: u16, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 80, 85, (50, 12));
    clear(popup, buf, theme);
    let contexts = [
        Context::Main,
        Context::Search,
        Context::Editor,
        Context::LinkPicker,
        Context::Experiences,
        Context::ExperienceForm,
        Context::Matrix,
        Context::MatrixNotes,
        Context::Fiche,
        Context::FicheSearch,
        Context::Picker,
        Context::ImportPath,
        Context::ImportReading,
        Context::ImportList,
        Context::Cohort,
        Context::Confirm,
    ];
    let key_labels = |binding: &crate::tui::keymap::Binding| {
        if binding.keys.is_empty() {
            // Every key of this action was given to another in config.ron.
            return "—".to_string();
        }
        binding
            .keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let key_width = contexts
        .iter()
        .flat_map(|&c| app.keymap.in_context(c))
        .map(|b| key_labels(b).width())
        .max()
        .unwrap_or(0)
        + 4;
    let text_width = usize::from(popup.width.saturating_sub(2))
        .saturating_sub(key_width)
        .max(10);
    let mut lines = Vec::new();
    for context in contexts {
        lines.push(Line::styled(context.title(), theme.heading));
        for binding in app.keymap.in_context(context) {
            let keys = key_labels(binding);
            let pad = " ".repeat(key_width - 2 - keys.width());
            for (i, part) in textwrap::wrap(binding.help, text_width)
                .into_iter()
                .enumerate()
            {
                let left = if i == 0 {
                    Span::styled(format!("  {keys}{pad}"), theme.hint_key)
                } else {
                    Span::raw(" ".repeat(key_width))
                };
                lines.push(Line::from(vec![left, Span::raw(part.into_owned())]));
            }
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        "Les touches de note, de statut et de niveau agissent sur le critère sélectionné, \
         quel que soit le panneau actif.",
        theme.dim,
    ));
    let block = Block::bordered()
        .title(" Aide — Échap pour fermer, j/k pour défiler ")
        .border_style(theme.border_focus);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(popup, buf);
}

fn editor_popup(app: &App, editor: &Editor, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 85, 75, (56, 12));
    clear(popup, buf, theme);
    let what = match editor.note {
        None => "Nouvelle note",
        Some(_) => "Note",
    };
    let modified = if editor.is_modified() {
        " (modifiée)"
    } else {
        ""
    };
    let block = Block::bordered()
        .title(format!(" {what} — critère {}{modified} ", editor.critere))
        .title_bottom(Line::from(crate::tui::view::widgets::popup_hints(
            app,
            Context::Editor,
            theme,
        )))
        .border_style(theme.border_focus);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let links_height = if editor.comment { 0 } else { 1 };
    let [help_line, text_area, links_line] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(links_height),
    ])
    .areas(inner);
    Line::styled("La première ligne est le titre de la note.", theme.dim).render(help_line, buf);
    let titles = app.experience_titles(&editor.links.ids);
    Line::styled(
        format!("↳ {}", crate::tui::modals::link_picker::summary(&titles)),
        theme.dim,
    )
    .render(links_line, buf);
    if editor.textarea.is_empty() {
        // The textarea's own placeholder has a fixed colour; this one follows the theme.
        Line::from(vec![
            Span::styled(" ", editor.textarea.cursor_style()),
            Span::styled(editor.textarea.placeholder_text().to_string(), theme.dim),
        ])
        .render(text_area, buf);
    } else {
        editor.textarea.render(text_area, buf);
    }
}

fn question(text: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut popup = centered(area, 50, 20, (40, 5));
    // A long question grows downwards: the text, a blank line, the keys.
    let lines = textwrap::wrap(text, usize::from(popup.width.saturating_sub(2)).max(1)).len();
    popup.height = (lines as u16 + 4).max(popup.height).min(area.height);
    popup.y = area.y + (area.height - popup.height) / 2;
    clear(popup, buf, theme);
    let block = Block::bordered()
        .title(" Confirmation ")
        .border_style(theme.message);
    Paragraph::new(vec![
        Line::raw(text.to_string()),
        Line::default(),
        Line::from(vec![
            Span::styled("o", theme.hint_key),
            Span::raw(" oui   "),
            Span::styled("n", theme.hint_key),
            Span::raw(" non"),
        ]),
    ])
    .block(block)
    .wrap(Wrap { trim: true })
    .render(popup, buf);
}

fn message(text: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 80, 50, (40, 8));
    clear(popup, buf, theme);
    let block = Block::bordered()
        .title(" Impossible d’ouvrir ")
        .title_bottom(" une touche pour fermer ")
        .border_style(theme.error);
    Paragraph::new(text.to_string())
        .block(block)
        .wrap(Wrap { trim: true })
        .render(popup, buf);
}

fn unreadable(app: &App, error: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 80, 60, (40, 10));
    clear(popup, buf, theme);
    let block = Block::bordered()
        .title(" Portfolio illisible ")
        .title_bottom(Line::from(crate::tui::view::widgets::popup_hints(
            app,
            Context::Unreadable,
            theme,
        )))
        .border_style(theme.error);
    Paragraph::new(vec![
        Line::raw(error.to_string()),
        Line::default(),
        Line::raw(
            "Le fichier n’est jamais écrasé. Vous pouvez ouvrir la certification en lecture \
             seule (vos notes n’y seront pas), ou restaurer la dernière sauvegarde : le fichier \
             illisible est alors gardé parmi les sauvegardes (livret restore ID --list).",
        ),
    ])
    .block(block)
    .wrap(Wrap { trim: true })
    .render(popup, buf);
}
