//! The interface's state and `update`, the one way it changes: a key
//! goes to the top pop-up, else to what every screen shares (help, quit,
//! theme), else to the screen; where a screen or pop-up asks to go is
//! carried out here. No IO: `update` returns the effects the run loop
//! performs, and their results come back through the methods at the end.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::KeyEvent;

use crate::portfolio::Portfolio;
use crate::referentiel::Certification;
use crate::search::Index;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::modals::Modals;
use crate::tui::msg::Msg;
use crate::tui::nav::Go;
use crate::tui::outline::NodePath;
use crate::tui::reply::{Reply, Then};
use crate::tui::screens::cohort::Cohort;
use crate::tui::screens::experiences::Experiences;
use crate::tui::screens::fiche::FicheScreen;
use crate::tui::screens::import::{Done, ImportScreen};
use crate::tui::screens::main::MainScreen;
use crate::tui::screens::matrix::{self, Matrix};
use crate::tui::screens::picker::Picker;
use crate::tui::session::Ctx;
use crate::tui::status::Status;
use crate::tui::theme::Theme;

pub use crate::tui::effect::Effect;
pub use crate::tui::modals::Modal as Popup;
pub use crate::tui::modals::editor::Editor;
pub use crate::tui::modals::search::Search;
pub use crate::tui::nav::Screen;
pub use crate::tui::reply::Question;
pub use crate::tui::screens::main::Pane;
pub use crate::tui::screens::main::burst::HOLD;
pub use crate::tui::search_index::Found;
pub use crate::tui::session::{Doc, Session};

/// What a screen or a pop-up gets for one update, borrowed field by field
/// so that the screen's own state stays free.
macro_rules! ctx {
    ($app:ident) => {
        Ctx {
            session: &mut $app.session,
            status: &mut $app.status,
            now: $app.now,
            viewport: $app.viewport,
            go: None,
        }
    };
}

pub struct App {
    /// The certifications, portfolios, reviews and the tutor: the data.
    pub session: Session,
    pub screen: Screen,
    pub picker: Picker,
    pub main: MainScreen,
    /// The tutor's candidates.
    pub cohort: Cohort,
    pub experiences: Experiences,
    /// The coverage matrix.
    pub matrix: Matrix,
    /// The fiche screen, while it is open.
    pub fiche: Option<FicheScreen>,
    /// The import screen: kept between visits, for the path typed.
    pub import: Option<ImportScreen>,
    /// The pop-ups open over the screen, the top one getting the keys.
    pub modals: Modals,
    /// One line of feedback shown above the hints.
    pub status: Option<Status>,
    pub keymap: Keymap,
    /// The styles every view draws with.
    pub theme: Theme,
    /// The themes `T` cycles through (none: `T` says so).
    pub themes: Vec<Theme>,
    /// The time of the current event, set by the run loop.
    pub now: Timestamp,
    pub tz: TimeZone,
    /// Today's date, for the registrations that have ended: from `now` at
    /// first, set by the run loop at start-up.
    pub today: jiff::civil::Date,
    /// Terminal size, set by the run loop: used for page moves.
    pub viewport: (u16, u16),
}

impl App {
    pub fn new(docs: Vec<crate::tui::session::Doc>, now: Timestamp, tz: TimeZone) -> Self {
        App {
            session: Session::new(docs),
            screen: Screen::Picker,
            picker: Picker::default(),
            main: MainScreen::default(),
            cohort: Cohort::default(),
            experiences: Experiences::default(),
            matrix: Matrix::default(),
            fiche: None,
            import: None,
            modals: Modals::default(),
            status: None,
            keymap: Keymap::default(),
            theme: Theme::default(),
            themes: Vec::new(),
            today: now.to_zoned(tz.clone()).date(),
            now,
            tz,
            viewport: (80, 24),
        }
    }

    /// Where keys are looked up now: the top pop-up, else the screen.
    pub fn context(&self) -> Context {
        if let Some(context) = self.modals.context() {
            return context;
        }
        match self.screen {
            Screen::Picker => Context::Picker,
            Screen::Main => Context::Main,
            Screen::Cohort => Context::Cohort,
            Screen::Experiences => Context::Experiences,
            Screen::Matrix => Context::Matrix,
            Screen::Fiche => self.fiche.as_ref().map_or(Context::Fiche, |f| f.context()),
            Screen::Import => self
                .import
                .as_ref()
                .map_or(Context::ImportPath, |s| s.context()),
        }
    }

    /// Turns a key into an action through the keymap and applies it.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let context = self.context();
        match self.keymap.action(context, &key) {
            Some(action) => self.act(action),
            None if crate::tui::keymap::is_text_entry(context) => self.act(Action::Type(key)),
            None => Vec::new(),
        }
    }

    /// Everything the interface takes: a verb or a key, or what the outside
    /// world answered to an effect.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        match msg.into() {
            Msg::Action(action) => return self.act(action),
            Msg::Key(key) => return self.handle_key(key),
            Msg::Said(status) => self.status = Some(status),
            Msg::Opened {
                reviews,
                unreadable,
                read_only,
            } => {
                if let Some(error) = unreadable {
                    self.say(format!("Avis ignoré : {error}"));
                }
                self.session.load_reviews(reviews);
                if let Some(reason) = read_only {
                    self.session.lock_refused(&reason);
                    self.say(format!("Lecture seule : {reason}"));
                }
            }
            Msg::ReviewsChanged(reviews) => self.session.set_reviews(reviews),
            Msg::PortfolioChanged(portfolio) => {
                if self
                    .session
                    .replace_portfolio(self.session.current, *portfolio)
                    && self.screen == Screen::Main
                {
                    self.main.refresh(&mut self.session);
                    self.session.drop_search_index();
                }
            }
            Msg::Cohort(rows) => {
                self.cohort.show(&mut self.session, rows);
                self.screen = Screen::Cohort;
                self.modals.clear();
            }
            Msg::Candidate { docs, open } => {
                self.session.set_candidate(docs);
                return open.map(|index| self.open(index)).unwrap_or_default();
            }
            Msg::Restored {
                doc,
                portfolio,
                taken,
                kept,
            } => {
                let effects = self.reload(doc, *portfolio);
                let when = taken.to_zoned(self.tz.clone()).strftime("%d/%m/%Y %H:%M");
                let id = self
                    .session
                    .docs
                    .get(doc)
                    .map(|d| d.certification.id.as_str());
                self.say(match (kept, id) {
                    (true, Some(id)) => format!(
                        "Sauvegarde du {when} restaurée ; le fichier illisible est gardé \
                         (livret restore {id} --list)."
                    ),
                    _ => format!("Sauvegarde du {when} restaurée."),
                });
                return effects;
            }
            Msg::IndexBuilt { token, index } => match index {
                Some(index) => self.install_index(token, *index),
                None => self.session.index_failed(token),
            },
            Msg::JobDone { token, done } => return self.job_done(token, done),
            Msg::DirListed { dir, entries } => {
                if let Some(import) = &mut self.import {
                    import.dir_listed(&dir, entries);
                }
            }
            Msg::Resized(size) => self.set_viewport(size),
            Msg::FrameDrawn => return self.frame_drawn(),
        }
        Vec::new()
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        let effects = self.apply(action);
        // Statuses and verdicts change only where a save is asked for.
        if effects.iter().any(|e| {
            matches!(
                e,
                Effect::Changed | Effect::ReviewChanged | Effect::Opened(_)
            )
        }) {
            self.session.touch();
        }
        self.follow_selection();
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        let tree_keys = self.screen == Screen::Main && self.modals.is_empty();
        self.main.hold_detail(&action, tree_keys, self.now);
        if !matches!(action, Action::Type(_) | Action::Settle) {
            self.status = None;
        }
        let mut ctx = ctx!(self);
        if let Some(reply) = self.modals.update(&mut ctx, action.clone()) {
            return self.replied(reply);
        }
        let on_main = self.screen == Screen::Main;
        // What every list screen shares; the fiche and the import screen
        // keep their own.
        let shared = matches!(
            self.screen,
            Screen::Picker | Screen::Main | Screen::Cohort | Screen::Experiences | Screen::Matrix
        );
        let mut effects = match action {
            Action::Help if shared => {
                self.modals.push(Popup::Help { scroll: 0 });
                Vec::new()
            }
            Action::CycleTheme if shared => {
                self.cycle_theme();
                Vec::new()
            }
            Action::Quit if shared => vec![Effect::Quit],
            action => {
                let mut ctx = ctx!(self);
                let modals = &mut self.modals;
                let effects = match self.screen {
                    Screen::Picker => self.picker.update(&mut ctx, action),
                    Screen::Main => self.main.update(&mut ctx, modals, action),
                    Screen::Cohort => self.cohort.update(ctx.session, action),
                    Screen::Experiences => self.experiences.update(&mut ctx, modals, action),
                    Screen::Matrix => self.matrix.update(&mut ctx, modals, action),
                    Screen::Fiche => match &mut self.fiche {
                        Some(fiche) => fiche.update(&mut ctx, modals, action),
                        None => {
                            ctx.go(Go::Picker);
                            Vec::new()
                        }
                    },
                    Screen::Import => match &mut self.import {
                        Some(import) => import.update(&mut ctx, action),
                        None => {
                            ctx.go(Go::Picker);
                            Vec::new()
                        }
                    },
                };
                let go = ctx.go.take();
                let mut effects = effects;
                if let Some(go) = go {
                    effects.extend(self.go(go));
                }
                effects
            }
        };
        if on_main && self.screen == Screen::Main {
            effects.extend(self.main.mark_read(&mut self.session));
        }
        effects
    }

    /// Shows the screen a screen or a pop-up asked for.
    fn go(&mut self, go: Go) -> Vec<Effect> {
        match go {
            Go::Picker => {
                self.screen = Screen::Picker;
                self.picker.selected = self.session.current;
            }
            Go::Main => self.screen = Screen::Main,
            Go::Open(index) => return self.open(index),
            Go::Experiences => {
                // From the matrix: on the experience of its column.
                let column = (self.screen == Screen::Matrix).then_some(self.matrix.column);
                self.screen = Screen::Experiences;
                self.experiences.open(&self.session, column);
            }
            Go::Matrix => {
                let focus = (self.screen == Screen::Main)
                    .then(|| {
                        let bloc = self.main.selected_path().map(|p| p.bloc_index());
                        matrix::focus(self.main.selected_node(&self.session), bloc)
                    })
                    .flatten();
                self.screen = Screen::Matrix;
                self.matrix.open(&self.session, focus);
            }
            Go::Fiche(doc) => {
                let (today, size, back) = (self.today, self.viewport, self.screen);
                if let Some(fiche) = FicheScreen::new(&self.session, today, size, doc, back) {
                    self.fiche = Some(fiche);
                    self.screen = Screen::Fiche;
                }
            }
            Go::FicheBack => {
                self.screen = self.fiche.take().map_or(Screen::Picker, |f| f.back);
            }
            Go::Import if self.session.tutor.is_some() => {}
            Go::Import => {
                self.import.get_or_insert_with(ImportScreen::default).open();
                self.screen = Screen::Import;
            }
        }
        Vec::new()
    }

    /// What a pop-up answered: the screen below selects or answers, the
    /// main screen shows a target, a certification opens.
    fn replied(&mut self, reply: Reply) -> Vec<Effect> {
        let mut effects = reply.effects;
        if let Some(index) = reply.select {
            match self.screen {
                Screen::Experiences => self.experiences.selected = index,
                _ => self.main.note = index,
            }
        }
        match reply.then {
            Then::Jump(target) => {
                self.modals.clear();
                self.screen = Screen::Main;
                self.main.jump(&mut self.session, &target);
            }
            Then::Open(doc) => {
                self.modals.clear();
                effects.extend(self.open(doc));
            }
            Then::Answered(question) => effects.extend(self.answer_yes(question)),
            Then::Stay | Then::Close | Then::Ask(_) | Then::Links => {}
        }
        effects
    }

    /// A question the screen asked was answered yes.
    fn answer_yes(&mut self, question: Question) -> Vec<Effect> {
        let mut ctx = ctx!(self);
        match question {
            Question::DeleteNote { critere, index, .. } => {
                self.main.delete_note(&mut ctx, &critere, index)
            }
            Question::ReplaceReferentiel { numero } => match &mut self.import {
                Some(import) => import.import_fiche(&numero, true),
                None => Vec::new(),
            },
            Question::DeleteExperience(deletion) => self.experiences.delete(&mut ctx, deletion),
            Question::DiscardNote | Question::DiscardExperience => Vec::new(),
        }
    }

    /// Opens a certification on the main screen, restoring where the
    /// candidate was; an unreadable portfolio says so instead.
    pub fn open(&mut self, index: usize) -> Vec<Effect> {
        self.session.touch();
        let Some(doc) = self.session.docs.get(index) else {
            return Vec::new();
        };
        if let Err(error) = &doc.portfolio {
            let error = error.clone();
            self.picker.selected = index;
            self.modals.push(Popup::Unreadable { doc: index, error });
            return Vec::new();
        }
        let id = doc.certification.id.clone();
        let switched = self.session.current != index;
        if switched {
            self.session.drop_search_index();
        }
        self.session.current = index;
        self.picker.selected = index;
        self.screen = Screen::Main;
        self.main.open(&mut self.session, switched);
        self.session.index_due = true;
        vec![Effect::Opened(id)]
    }
}

/// The run loop's side: sizes, frames, and what the outside world answers.
impl App {
    /// Says what an action did, on the line above the hints.
    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status::info(text));
    }

    /// Takes the terminal's size, set by the run loop before each frame.
    pub fn set_viewport(&mut self, size: (u16, u16)) {
        self.viewport = size;
        if let Some(fiche) = &mut self.fiche {
            fiche.resize(size);
        }
        self.follow_selection();
    }

    /// Scrolls the tree as little as keeps the selection in view.
    pub fn follow_selection(&mut self) {
        if self.screen == Screen::Main {
            self.main.follow_selection(&self.session, self.viewport);
        }
    }

    /// A frame was drawn: a burst of moves keeps the detail it shows; after
    /// the first frame of a certification, its search index is built off
    /// the loop, so that the first `/` does not wait for it.
    fn frame_drawn(&mut self) -> Vec<Effect> {
        let shown = self.doc().and(self.main.detail_path(&self.session));
        self.main.frame_drawn(shown);
        if !std::mem::take(&mut self.session.index_due) || self.doc().is_none() {
            return Vec::new();
        }
        self.session
            .index_start()
            .map(Effect::BuildIndex)
            .into_iter()
            .collect()
    }

    /// Shows the next theme; the config is not changed.
    fn cycle_theme(&mut self) {
        let next = match self.themes.iter().position(|t| t.name == self.theme.name) {
            Some(i) => self.themes.get((i + 1) % self.themes.len()),
            None => self.themes.first(),
        };
        let Some(next) = next else {
            self.say("Aucun autre thème disponible.");
            return;
        };
        self.theme = next.clone();
        let name = &self.theme.name;
        let said = format!(
            "Thème « {name} » (aperçu ; pour le garder : theme: \"{name}\" dans config.ron)."
        );
        self.say(said);
    }

    /// Puts a freshly (re)loaded portfolio in place and opens it, or says
    /// again why it cannot be read.
    pub fn reload(&mut self, index: usize, portfolio: Result<Portfolio, String>) -> Vec<Effect> {
        if index >= self.session.docs.len() {
            self.session.touch();
            return Vec::new();
        }
        self.session.reload(index, portfolio);
        self.open(index)
    }

    /// What to build the open certification's search index from, off the
    /// loop (see `Session::index_source`); nothing off the main screen.
    pub fn index_source(&mut self) -> Option<(u64, Certification, Portfolio)> {
        self.doc()?;
        self.session.index_source()
    }

    /// Takes an index built off the loop; a search typed while it was
    /// being built gets its results now.
    pub fn install_index(&mut self, token: u64, index: Index) {
        if !self.session.install_index(token, index) {
            return;
        }
        if let Some(search) = self.modals.search_mut() {
            let selected = search.selected;
            search.results = self.session.search(&search.query);
            search.selected = selected.min(search.results.len().saturating_sub(1));
        }
    }

    /// A read of the export finished (see `ImportScreen::done`).
    pub fn job_done(&mut self, token: u64, done: Done) -> Vec<Effect> {
        let on_screen = self.screen == Screen::Import;
        let Some(import) = self.import.as_mut() else {
            return Vec::new();
        };
        let mut ctx = ctx!(self);
        let installed = import.done(&mut ctx, &mut self.modals, token, on_screen, done);
        let go = ctx.go.take();
        // The new version may be the one on screen: its rows are rebuilt.
        if installed == Some(self.session.current) && self.screen != Screen::Picker {
            let at = self.main.selected_path().unwrap_or(NodePath::Bloc(0));
            self.main.refresh_rows(&mut self.session, at);
        }
        let effects = go.map(|go| self.go(go)).unwrap_or_default();
        self.follow_selection();
        effects
    }

    /// Whether a read of the export is under way (the screen then shows its
    /// progress, redrawn by the run loop).
    pub fn import_reading(&self) -> bool {
        self.screen == Screen::Import && self.import.as_ref().is_some_and(|s| s.reading())
    }
}

/// What the views read of the main screen: nothing off it.
impl App {
    /// The open certification and its portfolio, on the main screen.
    pub fn doc(&self) -> Option<(&Certification, &Portfolio)> {
        if self.screen != Screen::Main {
            return None;
        }
        self.session.open()
    }
}
