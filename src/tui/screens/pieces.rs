//! The pièces justificatives screen (`J`): the documents the candidate
//! joins to the dossier, numbered as the export numbers them, and where
//! the notes cite them. The form is the experiences' (`modals/
//! experience_form.rs`, for a piece); drawing is in `view/pieces.rs`.

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
pub struct Pieces {
    /// Selected line of the list.
    pub selected: usize,
}

impl Pieces {
    /// Shows the screen where it was left, within the list.
    pub fn open(&mut self, session: &Session) {
        self.selected = self.selected.min(session.pieces().len().saturating_sub(1));
    }

    pub fn update(&mut self, ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
        let last = ctx.session.pieces().len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::AddExperience | Action::EditExperience | Action::DeleteExperience
                if !ctx.writable() => {}
            Action::AddExperience => {
                let form = ExperienceForm::for_piece(None);
                modals.push(Modal::ExperienceForm(Box::new(form)));
            }
            Action::EditExperience | Action::Activate => {
                match ctx.session.pieces().get(self.selected) {
                    Some(piece) => {
                        let form = ExperienceForm::for_piece(Some(piece));
                        modals.push(Modal::ExperienceForm(Box::new(form)));
                    }
                    None => ctx.say("Aucune pièce : a pour en ajouter une."),
                }
            }
            Action::DeleteExperience => {
                let deletion = ctx.session.open().and_then(|(_, p)| {
                    let piece = p.pieces.get(self.selected)?;
                    Some(Deletion {
                        id: piece.id.clone(),
                        title: crate::text::visible(&piece.title).into_owned(),
                        notes: p.notes_citing(&piece.id).len(),
                    })
                });
                if let Some(deletion) = deletion {
                    modals.push(Modal::Confirm(Question::DeletePiece(deletion)));
                }
            }
            Action::OpenExperiences => ctx.go(Go::Experiences),
            Action::Back => ctx.go(Go::Main),
            _ => {}
        }
        Vec::new()
    }

    /// « Supprimer la pièce ? » answered yes.
    pub fn delete(&mut self, ctx: &mut Ctx, deletion: Deletion) -> Vec<Effect> {
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        let Some(citing) = portfolio.delete_piece(&deletion.id) else {
            return Vec::new();
        };
        let left = portfolio.pieces.len();
        let renumbered = self.selected < left;
        self.selected = self.selected.min(left.saturating_sub(1));
        let mut said = "Pièce supprimée".to_string();
        if citing > 0 {
            let retirees = count(citing, "citation retirée", "citations retirées");
            said.push_str(&format!(" ({retirees}, notes gardées)"));
        }
        if renumbered {
            said.push_str(" ; les suivantes sont renumérotées");
        }
        said.push_str(" ; u pour annuler.");
        ctx.say(said);
        vec![Effect::Changed]
    }
}
