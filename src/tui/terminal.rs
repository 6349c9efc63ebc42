//! The terminal: raw mode and the alternate screen, the panic hook, one
//! frame per synchronized update, suspending for another program, and the
//! choice of backend.

use std::io::{self, BufWriter, Stdout, stdout};

use ratatui::Terminal;
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, enable_raw_mode,
};
use ratatui::crossterm::{execute, queue};

use crate::tui::app::App;
use crate::tui::backend::LeanBackend;
use crate::tui::view;

/// The terminal, written through a buffer so that a frame leaves in one
/// write instead of many small ones (it matters over SSH).
pub type Term = Terminal<LeanBackend<BufWriter<Stdout>>>;

/// Room for a full redraw of a large screen in one write.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Raw mode and the alternate screen, as `ratatui::try_init` does, over a
/// buffered writer; `ratatui::restore` undoes it.
pub fn init_terminal() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    let (width, height) = ratatui::crossterm::terminal::size()?;
    Terminal::new(LeanBackend::new(
        BufWriter::with_capacity(OUTPUT_BUFFER, stdout()),
        ratatui::layout::Rect::new(0, 0, width, height),
    ))
}

/// A panic leaves the terminal usable, as `ratatui::try_init` would arrange.
pub fn restore_on_panic() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
}

/// Draws one frame inside a synchronized update, so a terminal that
/// supports it shows the whole frame at once and a slow link never tears.
pub fn draw(terminal: &mut Term, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| view::render(app, frame.area(), frame.buffer_mut()))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)
}

/// Gives the terminal to `run` (the external editor) and takes it back,
/// cleared, for a full redraw.
pub fn suspended<T>(terminal: &mut Term, run: impl FnOnce() -> T) -> io::Result<T> {
    ratatui::restore();
    let outcome = run();
    *terminal = init_terminal()?;
    terminal.clear()?;
    Ok(outcome)
}
