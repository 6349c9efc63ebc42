//! Importing a certification from France compétences' export, from the
//! picker: the path of the file (Tab completes it), the read with its
//! progress, the fiches filtered and previewed, then the import, which opens
//! the certification. State and update only: the file system is reached
//! through effects that `crate::tui::io` performs; drawing is in `view/import.rs`.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use crate::fiche::printable;
use crate::rncp::FicheSummary;
use crate::search::fold;
use crate::store::import::ExportInfo;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::nav::Go;
use crate::tui::session::Ctx;

mod outcome;
mod path;
mod words;

pub use crate::tui::job::{DirEntry, Done, Job, Progress, Task, Written};
pub use outcome::imported_message;
pub use path::{split_path, unquote};
pub use words::{bloc_label, refusal, size, thousands};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Typing the path of the export.
    Path,
    /// A job under way.
    Reading(Reading),
    /// Choosing a fiche.
    List,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    List,
    /// Importing this fiche.
    Import(String),
}

/// A line under the path or over the preview: an error, or news.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    fn error(text: impl AsRef<str>) -> Option<Notice> {
        Some(Notice {
            text: printable(text.as_ref()),
            error: true,
        })
    }

    fn info(text: &str) -> Option<Notice> {
        Some(Notice {
            text: text.to_string(),
            error: false,
        })
    }
}

/// A fiche of the list, with what the filter matches.
#[derive(Debug, Clone)]
pub struct Listed {
    pub summary: FicheSummary,
    /// Number and title, folded (accents and case dropped).
    key: String,
}

/// The import screen's state.
#[derive(Debug)]
pub struct ImportScreen {
    pub step: Step,
    /// The path typed (one line).
    pub path: TextArea<'static>,
    /// Names the last Tab could complete with, shown under the path.
    pub completions: Vec<String>,
    pub notice: Option<Notice>,
    /// The job under way, if any.
    pub job: Option<(u64, Progress)>,
    last_token: u64,
    /// The path the list was read from, as typed.
    pub source: String,
    pub export: Option<ExportInfo>,
    pub fiches: Vec<Listed>,
    pub filter: String,
    /// Indexes in `fiches` of those the filter keeps, best first.
    pub shown: Vec<usize>,
    /// Index in `shown`.
    pub selected: usize,
}

fn path_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.set_cursor_line_style(ratatui::style::Style::new());
    input.move_cursor(CursorMove::End);
    input
}

impl Default for ImportScreen {
    fn default() -> Self {
        ImportScreen {
            step: Step::Path,
            path: path_input(""),
            completions: Vec::new(),
            notice: None,
            job: None,
            last_token: 0,
            source: String::new(),
            export: None,
            fiches: Vec::new(),
            filter: String::new(),
            shown: Vec::new(),
            selected: 0,
        }
    }
}

impl ImportScreen {
    /// The path as typed.
    pub fn path_text(&self) -> String {
        self.path.lines().join("")
    }

    fn set_path(&mut self, text: &str) {
        self.path = path_input(text);
    }

    /// The fiche under the selection.
    pub fn selected_fiche(&self) -> Option<&FicheSummary> {
        let index = *self.shown.get(self.selected)?;
        self.fiches.get(index).map(|f| &f.summary)
    }

    fn start(&mut self, task: Task) -> Vec<Effect> {
        self.last_token += 1;
        let progress = Progress::new();
        self.job = Some((self.last_token, progress.clone()));
        self.step = Step::Reading(match &task {
            Task::List => Reading::List,
            Task::Import { numero, .. } => Reading::Import(numero.clone()),
        });
        vec![Effect::Import(Job {
            token: self.last_token,
            path: self.source.clone(),
            progress,
            task,
        })]
    }

    fn cancel(&mut self) {
        if let Some((_, progress)) = self.job.take() {
            progress.cancel();
        }
        match &self.step {
            Step::Reading(Reading::Import(_)) => {
                self.step = Step::List;
                self.notice = Notice::info("Import interrompu.");
            }
            _ => {
                self.step = Step::Path;
                self.notice = Notice::info("Lecture interrompue.");
            }
        }
    }

    fn show_list(&mut self, fiches: Vec<FicheSummary>, export: ExportInfo) {
        self.fiches = fiches
            .into_iter()
            .map(|summary| Listed {
                key: fold(&format!("{} {}", summary.numero, summary.intitule)).text,
                summary,
            })
            .collect();
        self.export = Some(export);
        self.filter.clear();
        self.notice = if self.fiches.is_empty() {
            Notice::error("Ce fichier ne contient aucune fiche.")
        } else {
            None
        };
        self.refilter();
        self.step = Step::List;
    }

    /// Keeps the fiches whose number and title match the filter (fuzzy,
    /// accents and case ignored), best first; all of them, in file order,
    /// for an empty filter.
    fn refilter(&mut self) {
        let query = fold(self.filter.trim()).text;
        self.selected = 0;
        if query.is_empty() {
            self.shown = (0..self.fiches.len()).collect();
            return;
        }
        let matcher = SkimMatcherV2::default();
        let mut scored: Vec<(i64, usize)> = self
            .fiches
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((matcher.fuzzy_match(&f.key, &query)?, i)))
            .collect();
        // Stable: equal scores keep the file's order.
        scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
    }

    fn move_selection(&mut self, to: usize) {
        self.selected = to.min(self.shown.len().saturating_sub(1));
        self.notice = None;
    }

    /// Forgets the list (it may be large) once the screen is left.
    fn leave(&mut self) {
        self.step = Step::Path;
        self.fiches = Vec::new();
        self.shown = Vec::new();
        self.filter.clear();
        self.selected = 0;
        self.completions.clear();
        self.export = None;
        self.job = None;
    }
}

impl ImportScreen {
    /// The screen shown again, at the path (kept from the last visit).
    pub fn open(&mut self) {
        self.leave();
        self.notice = None;
    }

    pub fn context(&self) -> Context {
        match self.step {
            Step::Reading(_) => Context::ImportReading,
            Step::List => Context::ImportList,
            Step::Path => Context::ImportPath,
        }
    }

    /// Whether a read of the export is under way.
    pub fn reading(&self) -> bool {
        matches!(self.step, Step::Reading(_))
    }

    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Vec<Effect> {
        let page = usize::from(ctx.viewport.1 / 3).max(1);
        let screen = self;
        match screen.step.clone() {
            Step::Path => match action {
                Action::Back => {
                    screen.leave();
                    ctx.go(Go::Picker);
                }
                Action::Complete => {
                    let text = screen.path_text();
                    let (dir, _) = split_path(&text);
                    return vec![Effect::ListDir(dir.to_string())];
                }
                Action::Activate => {
                    screen.completions.clear();
                    let text = unquote(&screen.path_text()).to_string();
                    if text.is_empty() {
                        screen.notice = Notice::error(
                            "Tapez le chemin du fichier de l’export (Tab complète les noms).",
                        );
                        return Vec::new();
                    }
                    screen.set_path(&text);
                    screen.source = text;
                    screen.notice = None;
                    return screen.start(Task::List);
                }
                Action::Type(key) => {
                    screen.completions.clear();
                    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                    match key.code {
                        KeyCode::Char('u') if ctrl => screen.set_path(""),
                        _ => {
                            screen.path.input(key);
                        }
                    }
                    // One line, whatever was pasted.
                    if screen.path.lines().len() > 1 {
                        let text = screen.path_text();
                        screen.set_path(&text);
                    }
                }
                _ => {}
            },
            Step::Reading(_) => {
                if action == Action::Back {
                    screen.cancel();
                }
            }
            Step::List => match action {
                Action::Back => {
                    screen.step = Step::Path;
                    screen.notice = None;
                }
                Action::Down => screen.move_selection(screen.selected + 1),
                Action::Up => screen.move_selection(screen.selected.saturating_sub(1)),
                Action::PageDown => screen.move_selection(screen.selected + page),
                Action::PageUp => screen.move_selection(screen.selected.saturating_sub(page)),
                Action::Activate => {
                    let Some(fiche) = screen.selected_fiche() else {
                        return Vec::new();
                    };
                    if let Some(why) = refusal(fiche) {
                        screen.notice = Notice::error(why);
                        return Vec::new();
                    }
                    let numero = fiche.numero.clone();
                    return screen.import_fiche(&numero, false);
                }
                Action::Type(key) => {
                    let changed = crate::tui::query::edit(&mut screen.filter, key);
                    if changed {
                        screen.notice = None;
                        screen.refilter();
                    }
                }
                _ => {}
            },
        }
        Vec::new()
    }

    /// Starts importing a fiche of the file listed.
    pub fn import_fiche(&mut self, numero: &str, update: bool) -> Vec<Effect> {
        self.notice = None;
        self.start(Task::Import {
            numero: numero.to_string(),
            update,
        })
    }
}
