//! The note editor (or a tutor's comment).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::link_picker::{summary, titles};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, editor: &Editor, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if editor.due {
        return due(app, editor, area, buf, theme);
    }
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
    let title = match &editor.request {
        Some(target) => format!(
            " Demande de relecture — {} ",
            target.scope().unwrap_or("tout le dossier")
        ),
        None if editor.reply => format!(" Réponse au tuteur — {} ", editor.critere),
        None if editor.comment => format!(" Commentaire — {} ", editor.critere),
        None => format!(
            " {what} — {}{modified} · {} ",
            editor.critere,
            words(crate::coach::count(&editor.text()), app.session.target())
        ),
    };
    let block = crate::tui::view::widgets::popup(app, Context::Editor, title, theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let links_height = if editor.comment || editor.reply || editor.request.is_some() {
        0
    } else {
        1
    };
    let [help_line, text_area, links_line] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(links_height),
    ])
    .areas(inner);
    let help = match &editor.request {
        Some(target) if target.node.is_some() => {
            let other = if target.whole {
                target.node.as_deref().unwrap_or_default()
            } else {
                "tout le dossier"
            };
            // Short: the popup is 56 columns at 80×24.
            format!("Ctrl-S envoie · Ctrl-D : plutôt {other}")
        }
        Some(_) => "Ctrl-S envoie à vos tuteurs.".to_string(),
        None if editor.reply => "Ctrl-S envoie votre réponse à vos tuteurs.".to_string(),
        None if editor.comment => "Ctrl-S envoie le commentaire au candidat.".to_string(),
        None if crate::coach::frame::has_frame(&editor.text()) => {
            "Écrivez sous chaque question · Ctrl-T retire la trame.".to_string()
        }
        None => "La première ligne est le titre · Ctrl-T : trame d’écriture.".to_string(),
    };
    Line::styled(help, theme.dim).render(help_line, buf);
    let titles = titles(app.session.experiences(), &editor.links.ids);
    let pieces = crate::portfolio::Piece::labels(app.session.pieces(), &editor.links.pieces);
    Line::styled(format!("↳ {}", summary(&titles, &pieces)), theme.dim).render(links_line, buf);
    if editor.textarea.is_empty() {
        // The textarea's own placeholder has a fixed colour; this one follows the theme.
        Line::from(vec![
            Span::styled(" ", editor.textarea.cursor_style()),
            Span::styled(editor.textarea.placeholder_text().to_string(), theme.dim),
        ])
        .render(text_area, buf);
        if !editor.message() {
            prompts(editor, text_area, buf, theme);
        }
    } else {
        editor.textarea.render(text_area, buf);
    }
}

/// `124/300 mots`.
fn words(written: usize, target: u32) -> String {
    format!(
        "{}/{} mots",
        crate::text::thousands(written),
        crate::text::thousands(target as usize)
    )
}

/// Beside an empty note: the questions a dossier answers, that Ctrl-T
/// inserts as headings.
fn prompts(editor: &Editor, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut lines = vec![
        Line::default(),
        Line::styled(
            "Pour vous aider (Ctrl-T les insère comme trame) :",
            theme.hint,
        ),
    ];
    for prompt in &editor.prompts {
        lines.push(Line::styled(
            format!(
                "  {} {}",
                crate::coach::FRAME_MARK,
                crate::text::visible(prompt)
            ),
            theme.dim,
        ));
    }
    ratatui::widgets::Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(
            Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(1),
                ..area
            },
            buf,
        );
}

/// The one-line editor of the date the dossier is due.
fn due(app: &App, editor: &Editor, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let popup = centered(area, 60, 30, (50, 7));
    clear(popup, buf, theme);
    let block = crate::tui::view::widgets::popup(
        app,
        Context::Editor,
        " Date où le dossier est attendu ",
        theme,
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [help_line, field, _] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    ratatui::widgets::Paragraph::new(
        "Jury ou dépôt du dossier : AAAA-MM-JJ ou JJ/MM/AAAA. Entrée la garde ; vide, elle est retirée.",
    )
    .style(theme.dim)
    .wrap(ratatui::widgets::Wrap { trim: true })
    .render(help_line, buf);
    if editor.textarea.is_empty() {
        Line::from(vec![
            Span::styled(" ", editor.textarea.cursor_style()),
            Span::styled(editor.textarea.placeholder_text().to_string(), theme.dim),
        ])
        .render(field, buf);
    } else {
        editor.textarea.render(field, buf);
    }
}
