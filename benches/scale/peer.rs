//! The peer of livret's first frame: a minimal ratatui app (raw mode, the
//! alternate screen, one bordered paragraph, `q` to quit). It is this bench
//! binary itself, started again with `LIVRET_SCALE_PEER=1`, so it costs no
//! other build.

use std::process::Command;

use ratatui::crossterm::event::{self, Event, KeyCode};
use ratatui::widgets::{Block, Paragraph};

const VAR: &str = "LIVRET_SCALE_PEER";

/// Text on its first frame.
pub const SHOWS: &str = "Application ratatui minimale";

pub fn is_peer() -> bool {
    std::env::var_os(VAR).is_some()
}

pub fn command() -> Command {
    let exe = std::env::current_exe().expect("the bench knows where it is");
    let mut command = Command::new(exe);
    command.env(VAR, "1").env("TERM", "xterm-256color");
    command
}

pub fn run() {
    let mut terminal = ratatui::init();
    let drawn = terminal.draw(|frame| {
        frame.render_widget(
            Paragraph::new(SHOWS).block(Block::bordered().title("pair")),
            frame.area(),
        )
    });
    while drawn.is_ok() {
        match event::read() {
            Ok(Event::Key(key)) if key.code == KeyCode::Char('q') => break,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    ratatui::restore();
}
