//! Semantic styles: views ask for "a heading" or "a ready critère", never for a colour.

use ratatui::style::{Color, Modifier, Style};

use crate::portfolio::Status;

#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub dim: Style,
    pub todo: Style,
    pub in_progress: Style,
    pub ready: Style,
    pub gauge_filled: Style,
    pub gauge_empty: Style,
    pub hint_key: Style,
    pub hint: Style,
    pub message: Style,
    pub error: Style,
    pub search_highlight: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            dim: Style::new().fg(Color::DarkGray),
            todo: Style::new(),
            in_progress: Style::new().fg(Color::Yellow),
            ready: Style::new().fg(Color::Green),
            gauge_filled: Style::new().fg(Color::Green),
            gauge_empty: Style::new().fg(Color::DarkGray),
            hint_key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            hint: Style::new().fg(Color::Gray),
            message: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            search_highlight: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

impl Theme {
    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Todo => self.todo,
            Status::InProgress => self.in_progress,
            Status::Ready => self.ready,
        }
    }
}
