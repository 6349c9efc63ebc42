//! The state of every screen, kept for the session (going back to a screen
//! finds it as it was left), which one shows, and going from one to
//! another when a screen or a pop-up asks (`Go`).

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::modals::editor::withdraw;
use crate::tui::modals::{Modal, Modals};
use crate::tui::nav::{Go, Screen};
use crate::tui::outline::NodePath;
use crate::tui::reply::Question;
use crate::tui::screens::cohort::Cohort;
use crate::tui::screens::experiences::Experiences;
use crate::tui::screens::fiche::FicheScreen;
use crate::tui::screens::import::{Done, ImportScreen};
use crate::tui::screens::main::MainScreen;
use crate::tui::screens::matrix::{self, Matrix};
use crate::tui::screens::picker::Picker;
use crate::tui::screens::pieces::Pieces;
use crate::tui::session::{Ctx, Session};

pub struct Screens {
    /// The screen shown.
    pub shown: Screen,
    pub picker: Picker,
    pub main: MainScreen,
    /// The tutor's candidates.
    pub cohort: Cohort,
    pub experiences: Experiences,
    pub pieces: Pieces,
    /// The coverage matrix.
    pub matrix: Matrix,
    /// The fiche screen, while it is open.
    pub fiche: Option<FicheScreen>,
    /// The import screen: kept between visits, for the path typed.
    pub import: Option<ImportScreen>,
}

impl Default for Screens {
    fn default() -> Self {
        Screens {
            shown: Screen::Picker,
            picker: Picker::default(),
            main: MainScreen::default(),
            cohort: Cohort::default(),
            experiences: Experiences::default(),
            pieces: Pieces::default(),
            matrix: Matrix::default(),
            fiche: None,
            import: None,
        }
    }
}

impl Screens {
    /// Where the shown screen's keys are looked up.
    pub fn context(&self) -> Context {
        match self.shown {
            Screen::Picker => Context::Picker,
            Screen::Main => Context::Main,
            Screen::Cohort => Context::Cohort,
            Screen::Experiences => Context::Experiences,
            Screen::Pieces => Context::Pieces,
            Screen::Matrix => Context::Matrix,
            Screen::Pace => Context::Pace,
            Screen::Fiche => self.fiche.as_ref().map_or(Context::Fiche, |f| f.context()),
            Screen::Import => self
                .import
                .as_ref()
                .map_or(Context::ImportPath, |s| s.context()),
        }
    }

    /// Whether help, quit and the theme are the app's here (the fiche and
    /// the import screen keep their own).
    pub fn shares_globals(&self) -> bool {
        matches!(
            self.shown,
            Screen::Picker
                | Screen::Main
                | Screen::Cohort
                | Screen::Experiences
                | Screen::Pieces
                | Screen::Matrix
                | Screen::Pace
        )
    }

    /// A read of the export finished (see `ImportScreen::done`): the new
    /// version may be the one on screen, whose rows are rebuilt.
    pub fn job_done(
        &mut self,
        ctx: &mut Ctx,
        modals: &mut Modals,
        (token, today): (u64, jiff::civil::Date),
        done: Done,
    ) -> Vec<Effect> {
        let on_screen = self.shown == Screen::Import;
        let Some(import) = self.import.as_mut() else {
            return Vec::new();
        };
        let installed = import.done(ctx, modals, token, on_screen, done);
        let go = ctx.go.take();
        if installed == Some(ctx.session.current) && self.shown != Screen::Picker {
            let at = self.main.selected_path().unwrap_or(NodePath::Bloc(0));
            self.main.refresh_rows(ctx.session, at);
        }
        go.map(|go| self.go(ctx, modals, today, go))
            .unwrap_or_default()
    }

    /// A question a screen asked was answered yes.
    pub fn answer_yes(&mut self, ctx: &mut Ctx, question: Question) -> Vec<Effect> {
        match question {
            Question::DeleteNote { critere, index, .. } => {
                self.main.delete_note(ctx, &critere, index)
            }
            Question::ResetStatus { critere, .. } => self.main.reset_status(ctx, &critere),
            Question::ReplaceReferentiel { numero } => match &mut self.import {
                Some(import) => import.import_fiche(&numero, true),
                None => Vec::new(),
            },
            Question::DeleteExperience(deletion) => self.experiences.delete(ctx, deletion),
            Question::DeletePiece(deletion) => self.pieces.delete(ctx, deletion),
            Question::DiscardNote | Question::DiscardMessage | Question::DiscardExperience => {
                Vec::new()
            }
            Question::QuitUnsaved => vec![Effect::Quit],
            Question::ReplaceExport(request, _) => vec![Effect::Export(crate::export::Request {
                overwrite: true,
                ..request
            })],
            Question::TakeRecovery(paths) => vec![Effect::TakeRecovery(paths)],
            Question::WithdrawRequest(node) => withdraw(ctx, node.as_deref()),
        }
    }

    /// After an undo or a redo: the tree's rows and the lists' selections
    /// follow the portfolio as it is now.
    pub fn after_undo(&mut self, session: &mut Session) {
        self.main.refresh(session);
        let notes = self.main.note_count(session);
        self.main.note = self.main.note.min(notes.saturating_sub(1));
        let experiences = session.experiences().len();
        self.experiences.selected = self.experiences.selected.min(experiences.saturating_sub(1));
        self.pieces.open(session);
    }

    /// Gives an action to the screen shown.
    pub fn update(&mut self, ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
        match self.shown {
            Screen::Picker => self.picker.update(ctx, action),
            Screen::Main => self.main.update(ctx, modals, action),
            Screen::Cohort => self.cohort.update(ctx.session, action),
            Screen::Experiences => self.experiences.update(ctx, modals, action),
            Screen::Pieces => self.pieces.update(ctx, modals, action),
            Screen::Matrix => self.matrix.update(ctx, modals, action),
            Screen::Pace => crate::tui::screens::pace::update(ctx, modals, action),
            Screen::Fiche => match &mut self.fiche {
                Some(fiche) => fiche.update(ctx, modals, action),
                None => {
                    ctx.go(Go::Picker);
                    Vec::new()
                }
            },
            Screen::Import => match &mut self.import {
                Some(import) => import.update(ctx, action),
                None => {
                    ctx.go(Go::Picker);
                    Vec::new()
                }
            },
        }
    }

    /// Shows the screen asked for.
    pub fn go(
        &mut self,
        ctx: &mut Ctx,
        modals: &mut Modals,
        today: jiff::civil::Date,
        go: Go,
    ) -> Vec<Effect> {
        let session = &mut *ctx.session;
        match go {
            Go::Picker => {
                // From the référentiel: on its certification; from elsewhere
                // (the import screen), where the picker was left.
                if self.shown == Screen::Main {
                    self.picker.selected = session.current;
                }
                self.shown = Screen::Picker;
            }
            Go::Main => self.shown = Screen::Main,
            Go::Pace if session.open().is_some() => self.shown = Screen::Pace,
            Go::Pace => {}
            Go::Open(index) => return self.open(session, modals, index, ctx.now),
            Go::Experiences => {
                // From the matrix: on the experience of its column.
                let column = (self.shown == Screen::Matrix).then_some(self.matrix.column);
                self.shown = Screen::Experiences;
                self.experiences.open(session, column);
            }
            Go::Pieces => {
                self.shown = Screen::Pieces;
                self.pieces.open(session);
            }
            Go::Matrix => {
                let focus = (self.shown == Screen::Main)
                    .then(|| {
                        let bloc = self.main.selected_path().map(|p| p.bloc_index());
                        matrix::focus(self.main.selected_node(session), bloc)
                    })
                    .flatten();
                self.shown = Screen::Matrix;
                self.matrix.open(session, focus);
            }
            Go::Fiche(doc) => {
                let back = self.shown;
                if let Some(fiche) = FicheScreen::new(session, today, ctx.viewport, doc, back) {
                    self.fiche = Some(fiche);
                    self.shown = Screen::Fiche;
                }
            }
            Go::FicheBack => self.shown = self.fiche.take().map_or(Screen::Picker, |f| f.back),
            Go::Import if session.tutor.is_some() => {}
            Go::Import => {
                self.import.get_or_insert_with(ImportScreen::default).open();
                self.shown = Screen::Import;
            }
        }
        Vec::new()
    }

    /// Opens a certification on the main screen, restoring where the
    /// candidate was; an unreadable portfolio says so instead.
    pub fn open(
        &mut self,
        session: &mut Session,
        modals: &mut Modals,
        index: usize,
        now: jiff::Timestamp,
    ) -> Vec<Effect> {
        session.touch();
        let Some(doc) = session.docs.get(index) else {
            return Vec::new();
        };
        if let Err(error) = &doc.portfolio {
            let error = error.clone();
            self.picker.selected = index;
            modals.push(Modal::Unreadable { doc: index, error });
            return Vec::new();
        }
        let id = doc.certification.id.clone();
        let switched = session.current != index;
        if switched {
            session.drop_search_index();
        }
        session.current = index;
        self.picker.selected = index;
        self.shown = Screen::Main;
        self.main.open(session, switched);
        session.index_due = true;
        // Back after days away: what to do next, first.
        if let Some(panel) = crate::tui::screens::main::coaching::welcome(session, now) {
            modals.push(panel);
        }
        // A portfolio without the candidate's name: asked first, over the rest.
        if let Some(question) = crate::tui::modals::name::ask_at_start(session) {
            modals.push(question);
        }
        vec![Effect::Opened(id)]
    }

    /// A directory listed for the import screen's path completion.
    pub fn dir_listed(
        &mut self,
        dir: &str,
        entries: Result<Vec<crate::tui::job::DirEntry>, String>,
    ) {
        if let Some(import) = &mut self.import {
            import.dir_listed(dir, entries);
        }
    }
}
