//! The help overlay: every key of every context, from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, clear};

/// Every key of every context, the one help was asked from first.
pub fn render(
    app: &App,
    (scroll, from): (u16, Context),
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let popup = centered(area, 80, 85, (50, 12));
    clear(popup, buf, theme);
    let mut contexts = vec![
        Context::Main,
        Context::Search,
        Context::Editor,
        Context::LinkPicker,
        Context::NextSteps,
        Context::Pace,
        Context::Name,
        Context::Experiences,
        Context::Pieces,
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
        Context::Messages,
        Context::ExportMenu,
        Context::Confirm,
    ];
    if let Some(at) = contexts.iter().position(|&c| c == from) {
        let here = contexts.remove(at);
        contexts.insert(0, here);
    }
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
