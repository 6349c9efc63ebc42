//! The interface's state and `update`, the one way it changes: a key goes
//! to the top pop-up, else to what every screen shares (help, quit, theme),
//! else to the screen shown; what a pop-up answers and where a screen asks
//! to go are carried out here, and so is what the outside world answers.
//! No IO: `update` returns the effects that `io/` and the run loop perform.

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
use crate::tui::reply::{Reply, Then};
use crate::tui::screens::import::Done;
use crate::tui::screens::states::Screens;
use crate::tui::session::ctx;
use crate::tui::settings::Settings;
use crate::tui::status::Status;
use crate::tui::syncing::{self, SyncEvent};
use crate::tui::theme::{self, Theme};

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

pub struct App {
    /// The certifications, portfolios, reviews and the tutor: the data.
    pub session: Session,
    /// Every screen's state, and which one shows.
    pub screens: Screens,
    /// The pop-ups open over the screen, the top one getting the keys.
    pub modals: Modals,
    /// One line of feedback shown above the hints.
    pub status: Option<Status>,
    /// The messages shown this session (`L`).
    pub journal: crate::tui::status::Journal,
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
    pub fn new(docs: Vec<Doc>, now: Timestamp, tz: TimeZone) -> Self {
        App {
            session: Session::new(docs),
            screens: Screens::default(),
            modals: Modals::default(),
            status: None,
            journal: Default::default(),
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
        self.modals
            .context()
            .unwrap_or_else(|| self.screens.context())
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
        let effects = self.receive(msg.into());
        self.journal.note(self.now, self.status.as_ref());
        effects
    }

    fn receive(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Action(action) => return self.act(action),
            Msg::Key(key) => return self.handle_key(key),
            Msg::Said(status) => self.status = Some(status),
            Msg::Opened { reviews, read_only } => {
                let said = self.session.opened(reviews, read_only);
                let effects = self.screens.main.start_request(&mut ctx!(self));
                self.status = said.map(Status::info).or(self.status.take());
                return effects;
            }
            Msg::ReviewsChanged(reviews) => self.session.set_reviews(reviews),
            Msg::PortfolioChanged {
                doc,
                portfolio,
                said,
            } => {
                if self.session.replace_portfolio(doc, *portfolio)
                    && self.screens.shown == Screen::Main
                {
                    self.screens.main.refresh(&mut self.session);
                    self.session.drop_search_index();
                }
                self.status = said.or(self.status.take());
            }
            Msg::OwnReviewMerged(review) => {
                let said = self.session.replace_own_review(review);
                self.say(said);
            }
            Msg::Unsaved(said) => self.status = self.session.unsaved(said).or(self.status.take()),
            Msg::RecoveryFound(paths) => {
                let ask = Question::TakeRecovery(paths);
                self.modals.ask_if(self.session.writable(), ask);
            }
            Msg::Cohort(rows) => {
                self.screens.cohort.show(&mut self.session, rows);
                self.screens.shown = Screen::Cohort;
                self.modals.clear();
            }
            Msg::CohortRows(rows) => self.screens.cohort.refresh(&mut self.session, rows),
            Msg::Candidate { docs, open } => {
                self.session.set_candidate(docs);
                return open.map(|index| self.open(index)).unwrap_or_default();
            }
            Msg::Restored {
                doc,
                portfolio,
                said,
            } => {
                let effects = self.reload(doc, *portfolio);
                self.say(said);
                return effects;
            }
            Msg::IndexBuilt { token, index } => match index {
                Some(index) => self.install_index(token, *index),
                None => self.session.index_failed(token),
            },
            Msg::JobDone { token, done } => return self.job_done(token, done),
            Msg::DirListed { dir, entries } => self.screens.dir_listed(&dir, entries),
            Msg::Resized(size) => self.set_viewport(size),
            Msg::FrameDrawn => return self.frame_drawn(true),
            // Only exports/ is written: asked even on a read-only portfolio.
            Msg::ExportExists(request, names) => {
                let ask = Question::ReplaceExport(request, names);
                self.modals.push(Popup::Confirm(ask));
            }
            Msg::DrawSkipped => return self.frame_drawn(false),
            Msg::Sync(event) => {
                let cohort = self.screens.shown == Screen::Cohort;
                return syncing::update(&mut self.session.sync, &mut self.status, event, cohort);
            }
            Msg::SyncHistory { id, syncs } => self.session.set_note_syncs(&id, syncs),
        }
        Vec::new()
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.session.undo_follow();
        let was_editing = self.modals.editing();
        let effects = self.apply(action);
        if effects.iter().any(Effect::changes_work) {
            self.session.touch();
        }
        // An editor's autosaves and its Ctrl-S (or Échap keeping a draft)
        // are one change.
        let closed = was_editing || effects.contains(&Effect::Changed);
        if closed && !self.modals.editing() {
            self.session.record_change();
        }
        self.journal.note(self.now, self.status.as_ref());
        self.follow_selection();
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        let on_main = self.screens.shown == Screen::Main;
        let tree_keys = on_main && self.modals.is_empty();
        self.screens.main.hold_detail(&action, tree_keys, self.now);
        if !matches!(action, Action::Type(_) | Action::Settle) {
            self.status = None;
        }
        let mut ctx = ctx!(self);
        if let Some(reply) = self.modals.update(&mut ctx, action.clone()) {
            return self.replied(reply);
        }
        let shared = self.screens.shares_globals();
        let mut effects = match action {
            Action::Help if shared => {
                self.modals.help(self.screens.context());
                Vec::new()
            }
            Action::CycleTheme if shared => {
                let said = theme::cycle(&mut self.theme, &self.themes);
                self.say(said);
                Vec::new()
            }
            Action::Quit if shared && self.session.unsaved => {
                self.modals.push(Popup::Confirm(Question::QuitUnsaved));
                Vec::new()
            }
            Action::Quit if shared => vec![Effect::Quit],
            Action::Sync if shared => self.receive(Msg::Sync(SyncEvent::Ask)),
            Action::ShowMessages if shared => {
                self.modals.push(Popup::Messages { scroll: 0 });
                Vec::new()
            }
            Action::Undo | Action::Redo if shared => {
                let (said, effects) = self.session.undo_redo(action == Action::Redo);
                self.say(said);
                self.screens.after_undo(&mut self.session);
                effects
            }
            action => {
                let mut ctx = ctx!(self);
                let mut effects = self.screens.update(&mut ctx, &mut self.modals, action);
                if let Some(go) = ctx.go.take() {
                    effects.extend(self.go(go));
                }
                effects
            }
        };
        if on_main && self.screens.shown == Screen::Main {
            effects.extend(self.screens.main.mark_read(&mut self.session));
        }
        effects
    }

    /// Shows the screen a screen or a pop-up asked for.
    fn go(&mut self, go: Go) -> Vec<Effect> {
        let today = self.today;
        let mut ctx = ctx!(self);
        self.screens.go(&mut ctx, &mut self.modals, today, go)
    }

    /// What a pop-up answered: the screen below selects or answers, the
    /// main screen shows a target, a certification opens.
    fn replied(&mut self, reply: Reply) -> Vec<Effect> {
        let mut effects = reply.effects;
        if let Some(index) = reply.select {
            match self.screens.shown {
                Screen::Experiences => self.screens.experiences.selected = index,
                Screen::Pieces => self.screens.pieces.selected = index,
                _ => self.screens.main.note = index,
            }
        }
        match reply.then {
            Then::Jump(target) => {
                self.modals.clear();
                self.screens.shown = Screen::Main;
                self.screens.main.jump(&mut self.session, &target);
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
        self.screens.answer_yes(&mut ctx, question)
    }

    /// Opens a certification on the main screen (see `Screens::open`).
    pub fn open(&mut self, index: usize) -> Vec<Effect> {
        self.screens
            .open(&mut self.session, &mut self.modals, index, self.now)
    }

    /// The open certification and its portfolio, on the main screen.
    pub fn doc(&self) -> Option<(&Certification, &Portfolio)> {
        if self.screens.shown != Screen::Main {
            return None;
        }
        self.session.open()
    }
}

/// The run loop's side: sizes, frames, and what the outside world answers.
impl App {
    /// Takes the user's settings; a warning about them shows in the hint bar.
    pub fn configure(&mut self, settings: Settings) {
        (self.theme, self.themes) = (settings.theme, settings.themes);
        self.keymap = settings.keymap;
        self.session.configure(settings.candidate, settings.coach);
        self.status = settings.warning.or(self.status.take());
    }

    /// Says what an action did, on the line above the hints.
    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status::info(text));
    }

    /// Takes the terminal's size, set by the run loop before each frame.
    pub fn set_viewport(&mut self, size: (u16, u16)) {
        self.viewport = size;
        if let Some(fiche) = &mut self.screens.fiche {
            fiche.resize(size);
        }
        self.follow_selection();
    }

    /// Scrolls the tree as little as keeps the selection in view.
    pub fn follow_selection(&mut self) {
        if self.screens.shown == Screen::Main {
            self.screens
                .main
                .follow_selection(&self.session, self.viewport);
        }
    }

    /// Past drawing (a frame `drawn` or not): a burst of moves keeps the
    /// detail the frame shows; once a certification is on screen, its
    /// search index is built off the loop, so that the first `/` does not
    /// wait for it.
    fn frame_drawn(&mut self, drawn: bool) -> Vec<Effect> {
        if drawn {
            let shown = self.doc().and(self.screens.main.detail_path(&self.session));
            self.screens.main.frame_drawn(shown);
        }
        if !std::mem::take(&mut self.session.index_due) || self.doc().is_none() {
            return Vec::new();
        }
        self.session
            .index_start()
            .map(Effect::BuildIndex)
            .into_iter()
            .collect()
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

    /// Takes an index built off the loop (for a search already typed too).
    pub fn install_index(&mut self, token: u64, index: Index) {
        if self.session.install_index(token, index)
            && let Some(search) = self.modals.search_mut()
        {
            search.refresh(&self.session);
        }
    }

    /// A read of the export finished (see `Screens::job_done`).
    pub fn job_done(&mut self, token: u64, done: Done) -> Vec<Effect> {
        let today = self.today;
        let mut ctx = ctx!(self);
        let effects = self
            .screens
            .job_done(&mut ctx, &mut self.modals, (token, today), done);
        self.follow_selection();
        effects
    }

    /// Whether a read of the export is under way (the screen then shows its
    /// progress, redrawn by the run loop).
    pub fn import_reading(&self) -> bool {
        self.screens.shown == Screen::Import
            && self.screens.import.as_ref().is_some_and(|s| s.reading())
    }
}
