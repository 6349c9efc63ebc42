//! The note editor (or a tutor's comment).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::link_picker::{summary, titles};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

pub fn render(app: &App, editor: &Editor, area: Rect, buf: &mut Buffer, theme: &Theme) {
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
        None => format!(" {what} — critère {}{modified} ", editor.critere),
    };
    let block = Block::bordered()
        .title(title)
        .title_bottom(Line::from(crate::tui::view::widgets::popup_hints(
            app,
            Context::Editor,
            theme,
        )))
        .border_style(theme.border_focus);
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
        None => "La première ligne est le titre de la note.".to_string(),
    };
    Line::styled(help, theme.dim).render(help_line, buf);
    let titles = titles(app.session.experiences(), &editor.links.ids);
    Line::styled(format!("↳ {}", summary(&titles)), theme.dim).render(links_line, buf);
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
