//! Pure renderers of `&App`: they read state and write cells, nothing else.

mod cohort;
mod detail;
mod experiences;
mod fiche;
mod gauges;
mod import;
mod main_screen;
mod matrix;
mod modals;
mod pace;
mod picker;
mod pieces;
mod tree;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::{App, Screen};
pub use main_screen::tree_rows;
use widgets::too_small;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole interface.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.normal);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf, theme);
        return;
    }
    match app.screens.shown {
        Screen::Picker => picker::render(app, area, buf, theme),
        Screen::Main => main_screen::render(app, area, buf, theme),
        Screen::Cohort => cohort::render(app, area, buf, theme),
        Screen::Experiences => experiences::render(app, area, buf, theme),
        Screen::Pieces => pieces::render(app, area, buf, theme),
        Screen::Matrix => matrix::render(app, area, buf, theme),
        Screen::Fiche => fiche::render(app, area, buf, theme),
        Screen::Import => import::render(app, area, buf, theme),
        Screen::Pace => pace::render(app, area, buf, theme),
    }
    modals::render(app, area, buf, theme);
}
