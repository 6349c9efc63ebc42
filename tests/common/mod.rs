//! Helpers shared by the interface tests: an app on bundled data, keys typed
//! like a user would, and a rendered screen.
#![allow(dead_code)]

pub mod dossier;
pub mod tmux;
pub mod tools;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use livret::portfolio::Portfolio;
use livret::store::{DataDir, load_catalog};
use livret::tui::app::{App, Doc, Effect};
use livret::tui::modals::Modal;
use livret::tui::modals::cell_notes::CellNotes;
use livret::tui::modals::experience_form::ExperienceForm;
use livret::tui::outline::{Node, NodePath};
use livret::tui::reply::Question;
use livret::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use std::process::{Command, Output};

pub const RNCP: &str = "rncp23675-responsable-commerce-international";
pub const OPTIONAL: &str = "developpement-commercial-national-international";

/// A fixed clock: 23 November 2026, 10:00 UTC.
pub fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

/// An app on the bundled certifications, with empty portfolios except those given.
pub fn app_with(portfolios: Vec<Portfolio>) -> App {
    let empty = tempfile::tempdir().unwrap();
    let catalog = load_catalog(&DataDir::new(empty.path()));
    let docs = catalog
        .entries
        .into_iter()
        .map(|entry| {
            let id = entry.certification.id.clone();
            let portfolio = portfolios
                .iter()
                .find(|p| p.referentiel == id)
                .cloned()
                .unwrap_or_else(|| Portfolio::new(&id));
            Doc::new(entry.certification, Ok(portfolio))
        })
        .collect();
    App::new(docs, now(), TimeZone::UTC)
}

/// The line above the hints, as text.
pub fn message(app: &App) -> Option<String> {
    app.status.as_ref().map(|status| status.text.clone())
}

/// The experience form, wherever it is in the pop-ups.
pub fn form(app: &App) -> Option<&ExperienceForm> {
    app.modals.iter().rev().find_map(|m| match m {
        Modal::ExperienceForm(form) => Some(&**form),
        _ => None,
    })
}

/// The question asked, when it is the top pop-up.
pub fn question(app: &App) -> Option<&Question> {
    match app.modals.top() {
        Some(Modal::Confirm(question)) => Some(question),
        _ => None,
    }
}

/// The notes of a matrix cell, when they are the top pop-up.
pub fn cell_notes(app: &App) -> Option<&CellNotes> {
    match app.modals.top() {
        Some(Modal::CellNotes(notes)) => Some(notes),
        _ => None,
    }
}

/// The main screen's selected node (none off the main screen).
pub fn selected_node(app: &App) -> Option<Node<'_>> {
    app.doc()?;
    app.screens.main.selected_node(&app.session)
}

/// The main screen's selected critère (none off the main screen).
pub fn selected_critere(app: &App) -> Option<String> {
    app.doc()?;
    app.screens.main.selected_critere(&app.session)
}

/// The node at `path` in the open certification, on the main screen.
pub fn resolve(app: &App, path: NodePath) -> Option<Node<'_>> {
    app.doc()?;
    livret::tui::screens::main::tree::resolve(&app.session, path)
}

/// The node the detail pane shows.
pub fn detail_path(app: &App) -> Option<NodePath> {
    app.doc()?;
    app.screens.main.detail_path(&app.session)
}

pub fn detail_node(app: &App) -> Option<Node<'_>> {
    resolve(app, detail_path(app)?)
}

/// Whether the detail pane lags behind the selection.
pub fn detail_held(app: &App) -> bool {
    app.screens.main.detail_held()
}

/// The app opened on one certification.
pub fn opened(id: &str, portfolios: Vec<Portfolio>) -> App {
    let mut app = app_with(portfolios);
    let index = app
        .session
        .docs
        .iter()
        .position(|d| d.certification.id == id)
        .unwrap();
    app.open(index);
    app
}

/// Types keys: plain characters, or `<Enter>`, `<Esc>`, `<Tab>`, `<Down>`,
/// `<Up>`, `<Left>`, `<Right>`, `<C-s>`. Returns every effect asked for.
pub fn type_keys(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (event, len) = if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            let event = match name {
                "Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                "Tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                "Down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                "Up" => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
                "Left" => KeyEvent::new(KeyCode::Left, KeyModifiers::NONE),
                "Right" => KeyEvent::new(KeyCode::Right, KeyModifiers::NONE),
                "Backspace" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                n if n.starts_with("C-") => KeyEvent::new(
                    KeyCode::Char(n.chars().nth(2).unwrap()),
                    KeyModifiers::CONTROL,
                ),
                other => panic!("unknown key <{other}>"),
            };
            (event, end + 1)
        } else {
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            (KeyEvent::new(KeyCode::Char(c), modifiers), c.len_utf8())
        };
        effects.extend(app.handle_key(event));
        rest = &rest[len..];
    }
    effects
}

/// The screen as text, one line per row.
pub fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| view::render(app, frame.area(), frame.buffer_mut()))
        .unwrap();
    terminal
}

pub fn screen(app: &App, width: u16, height: u16) -> String {
    let terminal = render(app, width, height);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// The real binary on the data dir `data`, never the user's own data dir
/// nor their config.ron (a name in it would reach exports).
pub fn livret_in(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LIVRET_DATA_DIR")
        .env("LIVRET_CONFIG", data.join("absent-config.ron"))
        .output()
        .expect("the binary runs")
}

/// Letters and digits only, lowercased: the words of a text, whatever the
/// line breaks, columns, hyphenation, bullets, quotes and punctuation
/// around them.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A file of `../shared/data/` (real exports, frameworks), read by path.
/// Absent: the test says SKIPPED on stderr and gets `None`, unless
/// `LIVRET_REQUIRE_SHARED=1`, where its absence is a failure.
pub fn shared_data(relative: &str) -> Option<std::path::PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(relative);
    if path.is_file() {
        return Some(path);
    }
    let message = format!("{} absent", path.display());
    if std::env::var("LIVRET_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!("{message}, and LIVRET_REQUIRE_SHARED=1");
    }
    eprintln!("SKIPPED: {message}; set LIVRET_REQUIRE_SHARED=1 to make this fail");
    None
}
