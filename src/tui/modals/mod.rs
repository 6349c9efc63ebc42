//! The pop-ups over a screen, as a stack: each one's state and how keys
//! change it. The top one gets the keys; what it answers (a `Reply`) says
//! whether it stays, closes or asks a question over itself. A yes goes to
//! the pop-up below, or up to the app for the screen.

pub mod cell_notes;
pub mod confirm;
pub mod editor;
pub mod experience_form;
pub mod export_menu;
pub mod help;
pub mod link_picker;
pub mod name;
pub mod next_steps;
pub mod search;
pub mod unreadable;

use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::reply::{Question, Reply, Then};
use crate::tui::session::Ctx;
use cell_notes::CellNotes;
use editor::Editor;
use experience_form::ExperienceForm;
use link_picker::LinkPicker;
use name::NameForm;
use next_steps::NextSteps;
use search::Search;

/// A pop-up.
#[derive(Debug)]
pub enum Modal {
    /// Every key; the section of `from`, where it was asked, first.
    Help {
        scroll: u16,
        from: Context,
    },
    Search(Search),
    Editor(Box<Editor>),
    /// Over the note editor, whose links it changes.
    LinkPicker(LinkPicker),
    ExperienceForm(Box<ExperienceForm>),
    CellNotes(CellNotes),
    /// « Que faire maintenant ? ».
    NextSteps(NextSteps),
    /// « Votre nom », for the tutors.
    Name(Box<NameForm>),
    Confirm(Question),
    /// A portfolio that cannot be read: open it read-only, or restore a backup.
    Unreadable {
        doc: usize,
        error: String,
    },
    /// The messages shown this session (`L`), scrolled.
    Messages {
        scroll: u16,
    },
    /// What to export, and where (`x`).
    ExportMenu(export_menu::ExportMenu),
}

impl Modal {
    /// Where its keys are looked up.
    pub fn context(&self) -> Context {
        match self {
            Modal::Help { .. } => Context::Help,
            Modal::Search(_) => Context::Search,
            Modal::Editor(_) => Context::Editor,
            Modal::LinkPicker(_) => Context::LinkPicker,
            Modal::ExperienceForm(_) => Context::ExperienceForm,
            Modal::CellNotes(_) => Context::MatrixNotes,
            Modal::NextSteps(_) => Context::NextSteps,
            Modal::Name(_) => Context::Name,
            Modal::Confirm(_) => Context::Confirm,
            Modal::Unreadable { .. } => Context::Unreadable,
            Modal::Messages { .. } => Context::Messages,
            Modal::ExportMenu(_) => Context::ExportMenu,
        }
    }
}

/// The pop-ups open, the last on top.
#[derive(Debug, Default)]
pub struct Modals {
    stack: Vec<Modal>,
}

impl Modals {
    /// Asks `question` when `writable` (else nothing: who would answer it?).
    pub fn ask_if(&mut self, writable: bool, question: Question) {
        if writable {
            self.push(Modal::Confirm(question));
        }
    }

    /// The help, its section for `from` first.
    pub fn help(&mut self, from: Context) {
        self.push(Modal::Help { scroll: 0, from });
    }

    pub fn push(&mut self, modal: Modal) {
        self.stack.push(modal);
    }

    pub fn top(&self) -> Option<&Modal> {
        self.stack.last()
    }

    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    pub fn clear(&mut self) {
        self.stack.clear();
    }

    /// Bottom first, as they are drawn.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Modal> {
        self.stack.iter()
    }

    /// The context of the top pop-up, if any.
    pub fn context(&self) -> Option<Context> {
        self.top().map(Modal::context)
    }

    /// The note editor open, under whatever is over it.
    pub fn editor(&self) -> Option<&Editor> {
        self.stack.iter().rev().find_map(|m| match m {
            Modal::Editor(editor) => Some(&**editor),
            _ => None,
        })
    }

    /// Whether a note's editor is open (its autosaves are not changes of
    /// their own: the note saved is).
    pub fn editing(&self) -> bool {
        self.stack.iter().any(|m| matches!(m, Modal::Editor(_)))
    }

    /// The search overlay, when it is on top.
    pub fn search_mut(&mut self) -> Option<&mut Search> {
        match self.stack.last_mut() {
            Some(Modal::Search(search)) => Some(search),
            _ => None,
        }
    }

    /// Gives an action to the top pop-up; `None` when there is none. The
    /// idle autosave goes to the editor or form, even under a question.
    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Option<Reply> {
        if action == Action::SaveDraft && !self.stack.is_empty() {
            let Some(at) = self
                .stack
                .iter()
                .rposition(|m| matches!(m, Modal::Editor(_) | Modal::ExperienceForm(_)))
            else {
                return Some(Reply::stay());
            };
            let reply = match &mut self.stack[at] {
                Modal::Editor(editor) => editor.update(ctx, action),
                Modal::ExperienceForm(form) => form.update(ctx, action),
                _ => unreachable!("found above"),
            };
            return Some(reply);
        }
        let mut top = self.stack.pop()?;
        let reply = match &mut top {
            Modal::Help { scroll, .. } => help::update(scroll, &action),
            Modal::Search(search) => search.update(ctx, action),
            Modal::Editor(editor) => editor.update(ctx, action),
            Modal::LinkPicker(picker) => match self.stack.last_mut() {
                Some(Modal::Editor(editor)) => picker.update(ctx, &mut editor.links, action),
                _ => Reply::close(),
            },
            Modal::ExperienceForm(form) => form.update(ctx, action),
            Modal::CellNotes(notes) => notes.update(&action),
            Modal::NextSteps(steps) => steps.update(&action),
            Modal::Name(form) => form.update(ctx, action),
            Modal::Confirm(question) => confirm::update(question, &action),
            Modal::Unreadable { doc, error } => unreadable::update(ctx, *doc, error, &action),
            Modal::Messages { scroll } => help::update(scroll, &action),
            Modal::ExportMenu(menu) => menu.update(&action),
        };
        Some(self.settle(ctx, top, reply))
    }

    /// Puts the pop-up that answered back, or not, as its reply says; a yes
    /// goes to the pop-up below it. What is left is for the app.
    fn settle(&mut self, ctx: &mut Ctx, top: Modal, reply: Reply) -> Reply {
        match reply.then {
            Then::Stay => {
                self.stack.push(top);
                reply
            }
            Then::Ask(question) => {
                self.stack.push(top);
                self.stack.push(Modal::Confirm(question));
                Reply::stay().with(reply.effects).selecting(reply.select)
            }
            Then::Links => {
                self.stack.push(top);
                let picker = LinkPicker::new(ctx.session.experiences(), ctx.session.pieces());
                self.stack.push(Modal::LinkPicker(picker));
                Reply::stay().with(reply.effects).selecting(reply.select)
            }
            Then::Answered(question) => {
                let Some(mut below) = self.stack.pop() else {
                    return Reply::new(Then::Answered(question)).with(reply.effects);
                };
                let answer = match &mut below {
                    Modal::Editor(editor) => editor.answer(ctx, &question),
                    Modal::ExperienceForm(form) => form.answer(ctx, &question),
                    _ => Reply::stay(),
                };
                let mut settled = self.settle(ctx, below, answer);
                let mut effects = reply.effects;
                effects.append(&mut settled.effects);
                settled.effects = effects;
                settled
            }
            Then::Close | Then::Jump(_) | Then::Open(_) => reply,
        }
    }
}
