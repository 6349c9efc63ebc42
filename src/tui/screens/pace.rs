//! The dashboard (`p`): the jury date, what is left, the pace needed and
//! the pace so far. Nothing of its own to keep: it shows the open
//! portfolio; `d` sets the date, `n` the candidate's name, `i` their
//! identity in the dossier (`modals/experience_form.rs`), `w` lists the
//! next things to do. Drawing is in `view/pace.rs`.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::experience_form::ExperienceForm;
use crate::tui::modals::name::NameForm;
use crate::tui::modals::next_steps::{NextSteps, SHOWN};
use crate::tui::modals::{Modal, Modals};
use crate::tui::nav::Go;
use crate::tui::session::Ctx;

pub fn update(ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
    match action {
        Action::SetDue if ctx.writable() => {
            let due = ctx.session.open().and_then(|(_, p)| p.due);
            modals.push(Modal::Editor(Box::new(Editor::due_date(due))));
        }
        Action::SetName if ctx.writable() => {
            modals.push(Modal::Name(Box::new(NameForm::change(ctx.session))));
        }
        Action::SetIdentity if ctx.writable() => {
            if let Some((_, portfolio)) = ctx.session.open() {
                let form = ExperienceForm::identity(&portfolio.identity);
                modals.push(Modal::ExperienceForm(Box::new(form)));
            }
        }
        Action::WhatNext => {
            let steps = ctx.session.next_steps(SHOWN);
            modals.push(Modal::NextSteps(NextSteps::new(steps, None)));
        }
        Action::Back | Action::OpenPace => ctx.go(Go::Main),
        _ => {}
    }
    Vec::new()
}
