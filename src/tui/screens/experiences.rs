//! The experiences screen (`X`): the list and deletion (`u` takes it back,
//! like any change: `tui/undo.rs`). The form
//! that adds or edits one is a pop-up (`modals/experience_form.rs`); drawing
//! is in `view/experiences.rs`.

use crate::text::count;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::experience_form::ExperienceForm;
use crate::tui::modals::{Modal, Modals};
use crate::tui::nav::Go;
use crate::tui::reply::{Deletion, Question};
use crate::tui::session::{Ctx, Session};

/// The screen's state.
#[derive(Debug, Default)]
pub struct Experiences {
    /// Selected line of the list.
    pub selected: usize,
}

impl Experiences {
    /// Shows the screen on `selected` (kept from the last visit when `None`).
    pub fn open(&mut self, session: &Session, selected: Option<usize>) {
        let count = session.experiences().len();
        let selected = selected.unwrap_or(self.selected);
        self.selected = selected.min(count.saturating_sub(1));
    }

    pub fn update(&mut self, ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
        let last = ctx.session.experiences().len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::AddExperience | Action::EditExperience | Action::DeleteExperience
                if !ctx.writable() => {}
            Action::AddExperience => {
                modals.push(Modal::ExperienceForm(Box::new(ExperienceForm::new(None))));
            }
            Action::EditExperience | Action::Activate => {
                match ctx.session.experiences().get(self.selected).cloned() {
                    Some(e) => modals.push(Modal::ExperienceForm(Box::new(ExperienceForm::new(
                        Some(&e),
                    )))),
                    None => ctx.say("Aucune expérience : a pour en décrire une."),
                }
            }
            Action::DeleteExperience => {
                let deletion = ctx.session.open().and_then(|(_, p)| {
                    let e = p.experiences.get(self.selected)?;
                    Some(Deletion {
                        id: e.id.clone(),
                        title: e.title.clone(),
                        notes: p.notes_linking(&e.id).len(),
                    })
                });
                if let Some(deletion) = deletion {
                    modals.push(Modal::Confirm(Question::DeleteExperience(deletion)));
                }
            }
            Action::OpenMatrix => ctx.go(Go::Matrix),
            Action::OpenPieces => ctx.go(Go::Pieces),
            Action::Back => ctx.go(Go::Main),
            _ => {}
        }
        Vec::new()
    }

    /// « Supprimer l'expérience ? » answered yes.
    pub fn delete(&mut self, ctx: &mut Ctx, deletion: Deletion) -> Vec<Effect> {
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        let Some(removed) = portfolio.delete_experience(&deletion.id) else {
            return Vec::new();
        };
        let left = portfolio.experiences.len();
        let links = removed.links.len();
        self.selected = self.selected.min(left.saturating_sub(1));
        ctx.say(format!(
            "Expérience supprimée ({}, notes gardées) ; u pour annuler.",
            count(links, "lien retiré", "liens retirés")
        ));
        vec![Effect::Changed]
    }
}
