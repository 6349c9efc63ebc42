//! The run loop: terminal in, events to actions, effects out (saving,
//! external editor, remembering the last certification).

use std::io;
use std::process::Command;
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::action::Action;
use super::app::{App, Doc, Effect};
use super::view;
use crate::store::{Catalog, DataDir, State, load_portfolio, save_portfolio, save_state};

/// Changes are written this long after the last one, so typing bursts and
/// quick key presses cost one save.
const SAVE_DELAY: Duration = Duration::from_millis(500);

/// Every certification with the candidate's portfolio for it (or why it cannot be read).
pub fn load_docs(catalog: &Catalog, data: &DataDir) -> Vec<Doc> {
    catalog
        .entries
        .iter()
        .map(|entry| Doc {
            certification: entry.certification.clone(),
            portfolio: load_portfolio(data, &entry.certification.id).map_err(|e| e.to_string()),
        })
        .collect()
}

/// Runs the interface until the user quits; `open` is the certification to show first.
pub fn run(data: &DataDir, docs: Vec<Doc>, open: Option<usize>) -> Result<()> {
    let mut app = App::new(docs, Timestamp::now(), TimeZone::system());
    let effects = open.map(|index| app.open(index)).unwrap_or_default();
    let mut terminal = ratatui::try_init()
        .wrap_err("impossible de préparer le terminal (livret a besoin d’un vrai terminal)")?;
    let mut saver = Saver::default();
    let result = event_loop(&mut terminal, &mut app, data, &mut saver, effects);
    ratatui::restore();
    // Whatever happened, write what the candidate did.
    let saved = saver.flush(&mut app, data);
    result.and(saved)
}

/// Which portfolios have unsaved changes, and since when.
#[derive(Default)]
struct Saver {
    dirty: Vec<usize>,
    last_change: Option<Instant>,
}

impl Saver {
    fn changed(&mut self, doc: usize) {
        if !self.dirty.contains(&doc) {
            self.dirty.push(doc);
        }
        self.last_change = Some(Instant::now());
    }

    /// How long the loop may wait for an event before a save is due.
    fn timeout(&self) -> Duration {
        match self.last_change {
            Some(at) => SAVE_DELAY.saturating_sub(at.elapsed()),
            None => Duration::from_secs(3600),
        }
    }

    fn due(&self) -> bool {
        self.last_change
            .is_some_and(|at| at.elapsed() >= SAVE_DELAY)
    }

    /// Saves every changed portfolio; a failure is shown and retried later.
    fn save(&mut self, app: &mut App, data: &DataDir) -> io::Result<()> {
        self.last_change = None;
        let mut failure = Ok(());
        for index in std::mem::take(&mut self.dirty) {
            let Some(Ok(portfolio)) = app.docs.get(index).map(|d| &d.portfolio) else {
                continue;
            };
            if let Err(error) = save_portfolio(data, portfolio) {
                app.message = Some(format!(
                    "Échec de l’enregistrement de {} : {error}",
                    data.portfolio(&portfolio.referentiel).display()
                ));
                self.changed(index);
                failure = Err(error);
            }
        }
        failure
    }

    /// Final save on exit, including where the candidate was in the tree.
    fn flush(&mut self, app: &mut App, data: &DataDir) -> Result<()> {
        if app.doc().is_some() {
            self.changed(app.current);
        }
        self.save(app, data)
            .wrap_err("les dernières modifications n’ont pas pu être enregistrées")
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    data: &DataDir,
    saver: &mut Saver,
    mut effects: Vec<Effect>,
) -> Result<()> {
    loop {
        for effect in std::mem::take(&mut effects) {
            match effect {
                Effect::Changed => saver.changed(app.current),
                Effect::Opened(id) => {
                    let state = State {
                        last_referentiel: Some(id),
                    };
                    if let Err(error) = save_state(data, &state) {
                        app.message = Some(format!("État non enregistré : {error}"));
                    }
                }
                Effect::ExternalEditor(text) => {
                    let edited = external_edit(terminal, &text)?;
                    app.now = Timestamp::now();
                    effects.extend(app.update(Action::ExternalEditDone(edited)));
                }
                Effect::Quit => return Ok(()),
            }
        }
        if !effects.is_empty() {
            continue;
        }
        if saver.due() {
            // A failure is already on screen and will be retried.
            let _ = saver.save(app, data);
        }
        let size = terminal.size()?;
        app.viewport = (size.width, size.height);
        terminal.draw(|frame| view::render(app, frame.area(), frame.buffer_mut()))?;
        if !event::poll(saver.timeout())? {
            continue;
        }
        app.now = Timestamp::now();
        effects = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
            _ => Vec::new(),
        };
    }
}

/// Suspends the interface, edits `text` in `$VISUAL` / `$EDITOR` (else `vi`),
/// and comes back. `None` when the editor failed.
fn external_edit(terminal: &mut DefaultTerminal, text: &str) -> Result<Option<String>> {
    let dir = tempfile::tempdir().wrap_err("dossier temporaire impossible à créer")?;
    let path = dir.path().join("note.md");
    std::fs::write(&path, text).wrap_err("fichier temporaire impossible à écrire")?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    ratatui::restore();
    let status = Command::new(program).args(words).arg(&path).status();
    *terminal = ratatui::try_init().wrap_err("impossible de reprendre la main sur le terminal")?;
    terminal.clear()?;
    Ok(match status {
        Ok(status) if status.success() => std::fs::read_to_string(&path).ok(),
        _ => None,
    })
}
