//! The whole state of the interface, and `update`, the only place it changes.
//! No IO here: `update` returns the effects the run loop must carry out.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::KeyEvent;

use crate::portfolio::Portfolio;
use crate::referentiel::Certification;
use crate::search::{Index, Target};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::modals::Modals;
use crate::tui::outline::{self, Node, NodePath, Row};
use crate::tui::reply::{Reply, Then};
use crate::tui::session::Ctx;
use crate::tui::status::Status;
use crate::tui::theme::Theme;

/// Tree moves closer together than this are a burst: a held key, or keys
/// typed ahead over a slow link (see `App::held`). Key repeat sends one
/// every 30–40 ms; a person tapping, one every 100 ms or more.
pub const HOLD: std::time::Duration = std::time::Duration::from_millis(80);

pub use crate::tui::search_index::Found;
pub use crate::tui::session::{Doc, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Main,
    /// The tutor's list of candidates.
    Cohort,
    /// The candidate's experiences (`X`).
    Experiences,
    /// Critères × experiences (`m`).
    Matrix,
    /// Everything the référentiel holds (`i`).
    Fiche,
    /// Importing a certification from France compétences' export (`I`).
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
}

pub use crate::tui::effect::Effect;
pub use crate::tui::modals::Modal as Popup;
pub use crate::tui::modals::editor::Editor;
pub use crate::tui::modals::search::Search;
pub use crate::tui::reply::Question;

pub struct App {
    /// The certifications, portfolios, reviews and the tutor: the data.
    pub session: Session,
    pub keymap: Keymap,
    /// The styles every view draws with.
    pub theme: Theme,
    /// The themes `T` cycles through (none: `T` says so).
    pub themes: Vec<Theme>,
    pub screen: Screen,
    /// Selected line of the picker.
    pub picker: usize,
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First visible row of the tree (see `follow_selection`).
    pub tree_offset: usize,
    /// During a burst of tree moves, the node the detail pane keeps
    /// showing; the run loop sends `Action::Settle` once the keys stop. A
    /// burst then costs the two tree rows that change per key, not the whole
    /// text of every critère passed over.
    held: Option<NodePath>,
    /// When the last tree move was made (`now` then).
    last_move: Option<Timestamp>,
    /// What the detail pane showed in the last frame drawn (set by the run
    /// loop): a burst keeps that, not a node no frame showed.
    shown: Option<NodePath>,
    pub focus: Pane,
    /// Selected note of the selected critère.
    pub note: usize,
    pub detail_scroll: u16,
    /// The pop-ups open over the screen, the top one getting the keys.
    pub modals: Modals,
    /// One line of feedback shown above the hints.
    pub status: Option<Status>,
    /// The time of the current event, set by the run loop.
    pub now: Timestamp,
    pub tz: TimeZone,
    /// Today's date, for the registrations that have ended: from `now` at
    /// first, set by the run loop at start-up.
    pub today: jiff::civil::Date,
    /// Terminal size, set by the run loop: used for page moves.
    pub viewport: (u16, u16),
    /// Where the text coming back from the external editor goes.
    external_target: Option<(String, Option<usize>)>,
    /// The tutor's candidates.
    pub cohort: crate::tui::screens::cohort::Cohort,
    /// The experiences screen.
    pub experiences: crate::tui::screens::experiences::Experiences,
    /// The coverage matrix.
    pub matrix: crate::tui::screens::matrix::Matrix,
    /// The fiche screen, while it is open.
    pub fiche: Option<crate::tui::screens::fiche::FicheScreen>,
    /// The import screen: kept between visits, for the path typed.
    pub import: Option<crate::tui::screens::import::ImportScreen>,
}

impl App {
    pub fn new(docs: Vec<Doc>, now: Timestamp, tz: TimeZone) -> Self {
        App {
            session: Session::new(docs),
            keymap: Keymap::default(),
            theme: Theme::default(),
            themes: Vec::new(),
            screen: Screen::Picker,
            picker: 0,
            rows: Vec::new(),
            selected: 0,
            focus: Pane::Tree,
            note: 0,
            detail_scroll: 0,
            modals: Modals::default(),
            status: None,
            today: now.to_zoned(tz.clone()).date(),
            now,
            tz,
            viewport: (80, 24),
            tree_offset: 0,
            held: None,
            last_move: None,
            shown: None,
            external_target: None,
            cohort: crate::tui::screens::cohort::Cohort::default(),
            experiences: Default::default(),
            matrix: Default::default(),
            fiche: None,
            import: None,
        }
    }

    pub fn context(&self) -> Context {
        match self.modals.context() {
            Some(context) => context,
            None => match self.screen {
                Screen::Picker => Context::Picker,
                Screen::Main => Context::Main,
                Screen::Cohort => Context::Cohort,
                Screen::Experiences => Context::Experiences,
                Screen::Matrix => Context::Matrix,
                Screen::Fiche => self.fiche_context(),
                Screen::Import => self.import_context(),
            },
        }
    }

    /// The open certification and its portfolio.
    pub fn doc(&self) -> Option<(&Certification, &Portfolio)> {
        if self.screen != Screen::Main {
            return None;
        }
        self.session.open()
    }

    pub(super) fn portfolio_mut(&mut self) -> Option<&mut Portfolio> {
        self.session
            .docs
            .get_mut(self.session.current)?
            .portfolio
            .as_mut()
            .ok()
    }

    pub fn selected_path(&self) -> Option<NodePath> {
        self.rows.get(self.selected).map(|r| r.path)
    }

    pub fn selected_node(&self) -> Option<Node<'_>> {
        self.resolve(self.selected_path()?)
    }

    /// The node at `path` in the open certification, the work kept « hors
    /// référentiel » included.
    pub fn resolve(&self, path: NodePath) -> Option<Node<'_>> {
        self.doc()?;
        let doc = self.session.docs.get(self.session.current)?;
        path.resolve(&doc.certification, &doc.orphans)
    }

    /// The node the detail pane shows: the selected one, or during a burst
    /// of moves the one it showed when the burst began.
    pub fn detail_path(&self) -> Option<NodePath> {
        self.doc()?;
        self.held
            .filter(|path| self.resolve(*path).is_some())
            .or_else(|| self.selected_path())
    }

    pub fn detail_node(&self) -> Option<Node<'_>> {
        self.resolve(self.detail_path()?)
    }

    /// Whether the detail pane lags behind the selection (a burst of moves).
    pub fn detail_held(&self) -> bool {
        self.held.is_some()
    }

    /// A frame was drawn: the run loop says so, so that a burst of moves
    /// keeps the detail the screen shows.
    pub fn frame_drawn(&mut self) {
        self.shown = self.detail_path();
    }

    /// The id of the selected unit of evidence: a critère (own or an
    /// evaluation's), or a compétence without critère.
    pub fn selected_critere(&self) -> Option<String> {
        self.selected_node()?.leaf_id().map(str::to_string)
    }

    /// Turns a key into an action through the keymap and applies it.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let context = self.context();
        match self.keymap.action(context, &key) {
            Some(action) => self.update(action),
            None if crate::tui::keymap::is_text_entry(context) => self.update(Action::Type(key)),
            None => Vec::new(),
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
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

    /// A tree move close behind another keeps the detail pane as it is;
    /// anything else shows the selection in it again.
    fn hold_detail(&mut self, action: &Action) {
        if matches!(action, Action::SaveDraft) {
            // Not a key: the idle autosave changes nothing on screen.
            return;
        }
        let tree_move = self.screen == Screen::Main
            && self.modals.is_empty()
            && self.focus == Pane::Tree
            && matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Top
                    | Action::Bottom
            );
        if !tree_move {
            self.held = None;
            self.last_move = None;
            return;
        }
        let hold = jiff::SignedDuration::try_from(HOLD).unwrap_or_default();
        let burst = self
            .last_move
            .is_some_and(|last| self.now.duration_since(last) < hold);
        if !burst {
            self.held = None;
        } else if self.held.is_none() {
            // Keys that came together were applied before any frame: keep
            // what the screen shows, not where the first of them landed.
            self.held = self.shown.or_else(|| self.selected_path());
        }
        self.last_move = Some(self.now);
    }

    /// Takes the terminal's size, set by the run loop before each frame.
    pub fn set_viewport(&mut self, size: (u16, u16)) {
        self.viewport = size;
        if let Some(fiche) = &mut self.fiche {
            fiche.resize(size);
        }
        self.follow_selection();
    }

    /// Says what an action did, on the line above the hints.
    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status::info(text));
    }

    /// Scrolls the tree as little as keeps the selection in view.
    pub(super) fn follow_selection(&mut self) {
        if self.screen == Screen::Main {
            let height = self.doc().map_or(0, |(certification, _)| {
                crate::tui::screens::main::layout::tree_rows(
                    self.session.read_only_reason().is_some(),
                    certification.blocs.len(),
                    self.viewport,
                )
            });
            self.tree_offset = crate::tui::scroll::follow(
                self.tree_offset,
                self.selected,
                self.rows.len(),
                height,
            );
        }
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        self.hold_detail(&action);
        if !matches!(action, Action::Type(_) | Action::Settle) {
            self.status = None;
        }
        let mut ctx = Ctx {
            session: &mut self.session,
            status: &mut self.status,
            now: self.now,
            viewport: self.viewport,
        };
        if let Some(reply) = self.modals.update(&mut ctx, action.clone()) {
            return self.replied(reply);
        }
        match self.screen {
            Screen::Picker => self.update_picker(action),
            Screen::Cohort => self.update_cohort(action),
            Screen::Experiences => self.update_experiences(action),
            Screen::Matrix => self.update_matrix(action),
            Screen::Fiche => self.update_fiche(action),
            Screen::Import => self.update_import(action),
            Screen::Main => {
                let mut effects = self.update_main(action);
                effects.extend(self.mark_read());
                effects
            }
        }
    }

    /// What a pop-up answered: the screen below selects or answers, the
    /// main screen shows a target, a certification opens.
    fn replied(&mut self, reply: Reply) -> Vec<Effect> {
        let mut effects = reply.effects;
        if let Some(index) = reply.select {
            match self.screen {
                Screen::Experiences => self.experiences.selected = index,
                _ => self.note = index,
            }
        }
        match reply.then {
            Then::Jump(target) => {
                self.modals.clear();
                self.screen = Screen::Main;
                self.jump(&target);
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

    fn answer_yes(&mut self, question: Question) -> Vec<Effect> {
        match question {
            Question::DeleteNote { critere, index, .. } => {
                let Some(portfolio) = self.portfolio_mut() else {
                    return Vec::new();
                };
                if portfolio.delete_note(&critere, index).is_none() {
                    return Vec::new();
                }
                let left = portfolio.notes(&critere).len();
                self.note = self.note.min(left.saturating_sub(1));
                self.session.notes_changed(&critere);
                self.say("Note supprimée.".to_string());
                vec![Effect::Changed]
            }
            Question::ReplaceReferentiel { numero } => self.import_fiche(&numero, true),
            Question::DeleteExperience(deletion) => self.delete_experience(deletion),
            Question::DiscardNote | Question::DiscardExperience => Vec::new(),
        }
    }

    /// Stores the text of a new or edited note, and its links to experiences
    /// when given.
    fn keep_note(
        &mut self,
        critere: &str,
        note: Option<usize>,
        draft: Option<usize>,
        text: &str,
        links: Option<&[String]>,
    ) -> Vec<Effect> {
        let Some(kept) = self
            .session
            .keep_note(critere, note, draft, text, links, self.now)
        else {
            return Vec::new();
        };
        if let Some(index) = kept.selected {
            self.note = index;
        }
        self.say(kept.message);
        if kept.changed {
            vec![Effect::Changed]
        } else {
            Vec::new()
        }
    }

    fn update_picker(&mut self, action: Action) -> Vec<Effect> {
        // The last row, after the certifications, imports one.
        let last = self.session.docs.len();
        match action {
            Action::Down => self.picker = (self.picker + 1).min(last),
            Action::Up => self.picker = self.picker.saturating_sub(1),
            Action::Activate if self.picker >= self.session.docs.len() => self.open_import(),
            Action::Activate => return self.open(self.picker),
            Action::OpenImport => self.open_import(),
            Action::OpenFiche => self.open_fiche(self.picker),
            Action::Help => self.modals.push(Popup::Help { scroll: 0 }),
            Action::CycleTheme => self.cycle_theme(),
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }

    /// Opens a certification on the main screen, restoring where the candidate was.
    pub fn open(&mut self, index: usize) -> Vec<Effect> {
        self.session.touch();
        let Some(doc) = self.session.docs.get(index) else {
            return Vec::new();
        };
        let portfolio = match &doc.portfolio {
            Ok(portfolio) => portfolio,
            Err(error) => {
                self.picker = index;
                self.modals.push(Popup::Unreadable {
                    doc: index,
                    error: error.clone(),
                });
                return Vec::new();
            }
        };
        let certification = &doc.certification;
        let selected = portfolio
            .view
            .selected
            .as_deref()
            .and_then(|id| outline::find(certification, id));
        let id = certification.id.clone();
        if self.session.current != index {
            self.session.drop_search_index();
            self.tree_offset = 0;
        }
        self.held = None;
        self.shown = None;
        self.session.current = index;
        self.picker = index;
        self.screen = Screen::Main;
        self.focus = Pane::Tree;
        self.note = 0;
        self.detail_scroll = 0;
        self.refresh_rows(selected.unwrap_or(NodePath::Bloc(0)));
        vec![Effect::Opened(id)]
    }

    /// Rebuilds the visible rows and selects `path` (or the nearest visible ancestor).
    pub(crate) fn refresh_rows(&mut self, path: NodePath) {
        let Some(doc) = self.session.docs.get_mut(self.session.current) else {
            return;
        };
        let Ok(portfolio) = &doc.portfolio else {
            return;
        };
        doc.orphans = portfolio.orphans(&doc.certification);
        let doc = &self.session.docs[self.session.current];
        let Ok(portfolio) = &doc.portfolio else {
            return;
        };
        self.rows = match &self.session.tutor {
            Some(tutor) if tutor.filter => {
                outline::filtered_rows(&doc.certification, |id| self.awaits_review(portfolio, id))
            }
            _ => outline::rows(
                &doc.certification,
                &portfolio.view.expanded,
                doc.orphans.len(),
            ),
        };
        let mut target = Some(path);
        while let Some(p) = target {
            if let Some(index) = self.rows.iter().position(|r| r.path == p) {
                self.selected = index;
                break;
            }
            target = p.parent();
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.remember_selection();
    }

    /// Keeps the selected node's id; an empty tree (a filter that leaves
    /// nothing) keeps the last one, to come back to it.
    fn remember_selection(&mut self) {
        let Some(id) = self.selected_node().map(|n| n.id().to_string()) else {
            return;
        };
        if let Some(portfolio) = self.portfolio_mut() {
            portfolio.view.selected = Some(id);
        }
    }

    fn select(&mut self, index: usize) {
        let index = index.min(self.rows.len().saturating_sub(1));
        if index != self.selected {
            self.selected = index;
            self.note = 0;
            self.detail_scroll = 0;
            self.remember_selection();
        }
    }

    fn set_expanded(&mut self, id: &str, open: bool) {
        let Some(path) = self.selected_path() else {
            return;
        };
        if let Some(portfolio) = self.portfolio_mut() {
            if open {
                portfolio.view.expanded.insert(id.to_string());
            } else {
                portfolio.view.expanded.remove(id);
            }
        }
        self.refresh_rows(path);
    }

    fn page(&self) -> usize {
        usize::from(self.viewport.1.saturating_sub(10)).max(1)
    }

    fn note_count(&self) -> usize {
        match (self.doc(), self.selected_critere()) {
            (Some((_, portfolio)), Some(critere)) => portfolio.notes(&critere).len(),
            _ => 0,
        }
    }

    fn update_main(&mut self, action: Action) -> Vec<Effect> {
        let in_detail = self.focus == Pane::Detail;
        let on_critere = self.selected_critere().is_some();
        // In the detail pane, j/k move between notes when there are some,
        // and scroll the text otherwise.
        let on_notes = in_detail && on_critere && self.note_count() > 0;
        match action {
            Action::Down if on_notes => {
                self.note = (self.note + 1).min(self.note_count().saturating_sub(1));
            }
            Action::Up if on_notes => self.note = self.note.saturating_sub(1),
            Action::Down if in_detail => self.detail_scroll = self.detail_scroll.saturating_add(1),
            Action::Up if in_detail => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Action::PageDown if in_detail => {
                self.detail_scroll = self.detail_scroll.saturating_add(self.page() as u16);
            }
            Action::PageUp if in_detail => {
                self.detail_scroll = self.detail_scroll.saturating_sub(self.page() as u16);
            }
            Action::Down => self.select(self.selected + 1),
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::PageDown => self.select(self.selected + self.page()),
            Action::PageUp => self.select(self.selected.saturating_sub(self.page())),
            Action::Top => self.select(0),
            Action::Bottom => self.select(self.rows.len().saturating_sub(1)),
            Action::Collapse if in_detail => self.focus = Pane::Tree,
            Action::Collapse => self.collapse(),
            Action::Expand => self.expand(),
            Action::Activate if in_detail && on_critere && self.note_count() > 0 => {
                return self.update_main(Action::EditNote);
            }
            Action::Activate => self.activate(),
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Pane::Tree => Pane::Detail,
                    Pane::Detail => Pane::Tree,
                }
            }
            Action::Back => self.focus = Pane::Tree,
            Action::AddNote
            | Action::EditNote
            | Action::EditNoteExternal
            | Action::DeleteNote
            | Action::CycleStatus
            | Action::SetLevel(_)
            | Action::ToggleTarget
                if !self.writable() => {}
            Action::AddNote => {
                if let Some(critere) = self.critere_or_explain() {
                    // A draft left by a hang-up or a crash is offered first.
                    let draft = self.doc().and_then(|(_, p)| {
                        let index = p.draft(&critere)?;
                        Some((index, p.notes(&critere)[index].text.clone()))
                    });
                    let mut editor = match draft {
                        Some((index, text)) => {
                            self.say("Brouillon repris : Ctrl-S en fait une note, Échap le garde en brouillon."
                                    .to_string(),);
                            Editor::new(&critere, None, &text, Some(index))
                        }
                        None => Editor::new(&critere, None, "", None),
                    };
                    editor.load_links(&self.session);
                    self.modals.push(Popup::Editor(Box::new(editor)));
                }
            }
            Action::EditNote => {
                if let Some((critere, index, text)) = self.selected_note() {
                    let is_draft = self
                        .doc()
                        .is_some_and(|(_, p)| p.notes(&critere)[index].draft);
                    let mut editor = if is_draft {
                        Editor::new(&critere, None, &text, Some(index))
                    } else {
                        Editor::new(&critere, Some(index), &text, None)
                    };
                    editor.load_links(&self.session);
                    self.modals.push(Popup::Editor(Box::new(editor)));
                }
            }
            Action::EditNoteExternal => {
                if let Some(critere) = self.critere_or_explain() {
                    let (note, text) = match self.selected_note() {
                        Some((_, index, text)) => (Some(index), text),
                        None => (None, String::new()),
                    };
                    self.external_target = Some((critere, note));
                    return vec![Effect::ExternalEditor(text)];
                }
            }
            Action::ExternalEditDone(text) => {
                let target = self.external_target.take();
                match (target, text) {
                    (Some((critere, note)), Some(text)) => {
                        return self.keep_note(
                            &critere,
                            note,
                            None,
                            text.trim_end_matches('\n'),
                            None,
                        );
                    }
                    (Some(_), None) => {
                        self.say("L’éditeur externe n’a rien rendu : note inchangée.".to_string());
                    }
                    (None, _) => {}
                }
            }
            Action::DeleteNote => {
                if let Some((critere, index, _)) = self.selected_note() {
                    let title = self
                        .doc()
                        .map(|(_, p)| p.notes(&critere)[index].title().to_string())
                        .unwrap_or_default();
                    self.modals.push(Popup::Confirm(Question::DeleteNote {
                        critere,
                        index,
                        title,
                    }));
                }
            }
            Action::CycleStatus => {
                if let Some(critere) = self.critere_or_explain() {
                    let portfolio = self.portfolio_mut().expect("a critère implies a portfolio");
                    let status = portfolio.cycle_status(&critere);
                    self.say(format!("Statut : {}.", status.label()));
                    return vec![Effect::Changed];
                }
            }
            Action::SetLevel(level) => {
                if let Some(critere) = self.critere_or_explain() {
                    let portfolio = self.portfolio_mut().expect("a critère implies a portfolio");
                    portfolio.set_level(&critere, (level > 0).then_some(level));
                    self.say(if level == 0 {
                        "Auto-évaluation effacée.".to_string()
                    } else {
                        format!("Auto-évaluation : {level}/4.")
                    });
                    return vec![Effect::Changed];
                }
            }
            Action::ToggleTarget => return self.toggle_target(),
            Action::Export if self.session.tutor.is_some() => {
                self.say(
                    "L’export se fait côté candidat (ou livret export ID --data-dir DOSSIER)."
                        .to_string(),
                );
            }
            Action::Export => return vec![Effect::Export],
            Action::CycleVerdict => return self.cycle_verdict(),
            Action::AddComment => self.start_comment(),
            Action::ToggleFilter => self.toggle_filter(),
            Action::Help => self.modals.push(Popup::Help { scroll: 0 }),
            Action::Search => {
                // Built off the loop after opening: a `/` that comes before
                // it is done opens at once, and the results come with the
                // index.
                self.index_here();
                self.modals.push(Popup::Search(Search::default()));
            }
            Action::OpenPicker if self.session.tutor.is_some() => return vec![Effect::ShowCohort],
            Action::OpenPicker => {
                self.screen = Screen::Picker;
                self.picker = self.session.current;
            }
            Action::CycleTheme => self.cycle_theme(),
            Action::OpenExperiences => return self.open_experiences(),
            Action::OpenMatrix => return self.open_matrix(),
            Action::OpenFiche => self.open_fiche(self.session.current),
            Action::Quit => return vec![Effect::Quit],
            Action::SaveNote
            | Action::Type(_)
            | Action::Confirm(_)
            | Action::SaveDraft
            | Action::Settle
            | Action::OpenReadOnly
            | Action::RestoreBackup
            | Action::AddExperience
            | Action::EditExperience
            | Action::DeleteExperience
            | Action::UndoDelete
            | Action::LinkExperiences
            | Action::NextField
            | Action::PrevField
            | Action::NextMatch
            | Action::PrevMatch
            | Action::Left
            | Action::Right
            | Action::OpenImport
            | Action::Complete => {}
        }
        Vec::new()
    }

    /// The selected critère, or a message saying one must be selected.
    fn critere_or_explain(&mut self) -> Option<String> {
        let critere = self.selected_critere();
        if critere.is_none() {
            self.say("Sélectionnez d’abord un critère (l pour déplier).".to_string());
        }
        critere
    }

    /// (critère, index, text) of the selected note, or a message if there is none.
    fn selected_note(&mut self) -> Option<(String, usize, String)> {
        let critere = self.critere_or_explain()?;
        let (_, portfolio) = self.doc()?;
        let notes = portfolio.notes(&critere);
        let Some(note) = notes.get(self.note.min(notes.len().saturating_sub(1))) else {
            self.say("Aucune note sur ce critère : a pour en ajouter une.".to_string());
            return None;
        };
        let index = self.note.min(notes.len() - 1);
        Some((critere, index, note.text.clone()))
    }

    fn collapse(&mut self) {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return;
        };
        if row.expanded {
            if let Some(id) = self.selected_node().map(|n| n.id().to_string()) {
                self.set_expanded(&id, false);
            }
        } else if let Some(parent) = row.path.parent()
            && let Some(index) = self.rows.iter().position(|r| r.path == parent)
        {
            self.select(index);
        }
    }

    fn expand(&mut self) {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return;
        };
        if !row.has_children {
            self.focus = Pane::Detail;
        } else if row.expanded {
            self.select(self.selected + 1);
        } else if let Some(id) = self.selected_node().map(|n| n.id().to_string()) {
            self.set_expanded(&id, true);
        }
    }

    fn activate(&mut self) {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return;
        };
        if !row.has_children {
            self.focus = Pane::Detail;
        } else if let Some(id) = self.selected_node().map(|n| n.id().to_string()) {
            self.set_expanded(&id, !row.expanded);
        }
    }

    /// Whether the open portfolio may change; says why not otherwise.
    pub(super) fn writable(&mut self) -> bool {
        match self.session.read_only().map(str::to_string) {
            Some(reason) => {
                self.say(format!("Lecture seule : {reason}"));
                false
            }
            None => true,
        }
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

    /// Whether the open certification's search index is being built.
    pub fn index_building(&self) -> bool {
        self.session.index_building()
    }

    /// Takes an index built off the loop (see `Session::install_index`);
    /// a search typed while it was being built gets its results now.
    pub fn install_index(&mut self, token: u64, index: Index) {
        if !self.session.install_index(token, index) {
            return;
        }
        if let Some(search) = self.modals.search_mut() {
            let selected = search.selected;
            search.selected = 0;
            search.results = self.session.search(&search.query);
            search.selected = selected.min(search.results.len().saturating_sub(1));
        }
    }

    /// The index thread for `token` failed: a search builds the index on
    /// the spot.
    pub fn index_failed(&mut self, token: u64) {
        self.session.index_failed(token);
    }

    /// Builds the search index on the spot when there is none and no
    /// thread is building it.
    fn index_here(&mut self) {
        if self.doc().is_some() {
            self.session.index_here();
        }
    }

    /// Selects a search target, opening the branches above it; a note is
    /// selected in the detail pane.
    pub(super) fn jump(&mut self, target: &Target) {
        let (id, note) = match target {
            Target::Node(id) => (id.as_str(), None),
            Target::Note { critere, index } => (critere.as_str(), Some(*index)),
        };
        let Some((certification, _)) = self.doc() else {
            return;
        };
        let Some(path) = outline::find(certification, id) else {
            return;
        };
        let ancestors = outline::ancestors(certification, path);
        if let Some(portfolio) = self.portfolio_mut() {
            portfolio.view.expanded.extend(ancestors);
        }
        self.refresh_rows(path);
        self.detail_scroll = 0;
        self.note = note.unwrap_or(0);
        self.focus = if note.is_some() {
            Pane::Detail
        } else {
            Pane::Tree
        };
    }

    /// Shows the next theme; the config is not changed.
    pub(super) fn cycle_theme(&mut self) {
        let Some(next) = self
            .themes
            .iter()
            .position(|t| t.name == self.theme.name)
            .map_or(self.themes.first(), |i| {
                self.themes.get((i + 1) % self.themes.len())
            })
        else {
            self.say("Aucun autre thème disponible.".to_string());
            return;
        };
        self.theme = next.clone();
        self.say(format!(
            "Thème « {} » (aperçu ; pour le garder : theme: \"{}\" dans config.ron).",
            self.theme.name, self.theme.name
        ));
    }

    fn toggle_target(&mut self) -> Vec<Effect> {
        let Some((certification, _)) = self.doc() else {
            return Vec::new();
        };
        let Some(bloc) = self
            .selected_path()
            .and_then(|p| certification.blocs.get(p.bloc_index()))
        else {
            return Vec::new();
        };
        if !bloc.optional {
            self.say(format!(
                "Le bloc {} est obligatoire : il est toujours visé.",
                bloc.id
            ));
            return Vec::new();
        }
        let id = bloc.id.clone();
        let portfolio = self.portfolio_mut().expect("checked above");
        let targeted = portfolio.toggle_target(&id);
        self.say(if targeted {
            format!("Bloc {id} visé : il compte dans la progression.")
        } else {
            format!("Bloc {id} non visé : il ne compte plus dans la progression.")
        });
        vec![Effect::Changed]
    }
}
