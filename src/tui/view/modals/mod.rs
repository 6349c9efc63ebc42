//! The pop-ups over the screen, drawn from the bottom of the stack up: one
//! renderer per pop-up.

mod cell_notes;
mod confirm;
mod editor;
mod experience_form;
mod export_menu;
mod help;
mod link_picker;
mod messages;
mod name;
mod next_steps;
mod search;
mod unreadable;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::modals::Modal;
use crate::tui::theme::Theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    for modal in app.modals.iter() {
        match modal {
            Modal::Help { scroll, from } => help::render(app, (*scroll, *from), area, buf, theme),
            Modal::Search(search) => search::render(app, search, area, buf, theme),
            Modal::Editor(editor) => editor::render(app, editor, area, buf, theme),
            Modal::LinkPicker(picker) => {
                if let Some(editor) = app.modals.editor() {
                    link_picker::render(app, editor, picker, area, buf, theme);
                }
            }
            Modal::ExperienceForm(form) => experience_form::render(app, form, area, buf, theme),
            Modal::CellNotes(notes) => cell_notes::render(app, notes, area, buf, theme),
            Modal::NextSteps(steps) => next_steps::render(app, steps, area, buf, theme),
            Modal::Name(form) => name::render(app, form, area, buf, theme),
            Modal::Confirm(question) => confirm::render(app, question, area, buf, theme),
            Modal::Unreadable { error, .. } => unreadable::render(app, error, area, buf, theme),
            Modal::Messages { scroll } => messages::render(app, *scroll, area, buf, theme),
            Modal::ExportMenu(menu) => export_menu::render(app, menu, area, buf, theme),
        }
    }
}
