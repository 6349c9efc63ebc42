//! The experiences screen (`X`): the list, deletion with its undo; the
//! form that adds or edits one is a pop-up (`modals/experience_form.rs`). State and update only; drawing is in
//! `view/experiences.rs`.

use crate::experience::Removed;
use crate::text::count;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Popup, Screen};
use crate::tui::modals::experience_form::ExperienceForm;
use crate::tui::reply::{Deletion, Question};

/// The screen's state.
#[derive(Debug, Default)]
pub struct Experiences {
    /// Selected line of the list.
    pub selected: usize,
    /// What was deleted this session, last last, with the certification it
    /// was deleted from: `u` puts back the last one of the open certification.
    pub undo: Vec<(String, Removed)>,
}

impl App {
    pub(crate) fn open_experiences(&mut self) -> Vec<Effect> {
        self.screen = Screen::Experiences;
        let count = self.experiences_list_len();
        self.experiences.selected = self.experiences.selected.min(count.saturating_sub(1));
        Vec::new()
    }

    fn experiences_list_len(&self) -> usize {
        self.session
            .docs
            .get(self.session.current)
            .and_then(|d| d.portfolio.as_ref().ok())
            .map_or(0, |p| p.experiences.len())
    }

    pub(crate) fn update_experiences(&mut self, action: Action) -> Vec<Effect> {
        let count = self.experiences_list_len();
        let last = count.saturating_sub(1);
        let selected = &mut self.experiences.selected;
        match action {
            Action::Down => *selected = (*selected + 1).min(last),
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = last,
            Action::AddExperience | Action::EditExperience | Action::DeleteExperience
                if !self.writable() => {}
            Action::UndoDelete if !self.writable() => {}
            Action::AddExperience => {
                self.modals
                    .push(Popup::ExperienceForm(Box::new(ExperienceForm::new(None))));
            }
            Action::EditExperience | Action::Activate => {
                let experience = self
                    .session
                    .open()
                    .map(|(_, p)| p)
                    .and_then(|p| p.experiences.get(self.experiences.selected).cloned());
                match experience {
                    Some(e) => {
                        self.modals
                            .push(Popup::ExperienceForm(Box::new(ExperienceForm::new(Some(
                                &e,
                            )))))
                    }
                    None => self.say("Aucune expérience : a pour en décrire une."),
                }
            }
            Action::DeleteExperience => {
                let deletion = self.session.open().map(|(_, p)| p).and_then(|p| {
                    let e = p.experiences.get(self.experiences.selected)?;
                    Some(Deletion {
                        id: e.id.clone(),
                        title: e.title.clone(),
                        notes: p.notes_linking(&e.id).len(),
                    })
                });
                if let Some(deletion) = deletion {
                    self.modals
                        .push(Popup::Confirm(Question::DeleteExperience(deletion)));
                }
            }
            Action::UndoDelete => return self.undo_delete(),
            Action::OpenMatrix => return self.open_matrix(),
            Action::Back => self.screen = Screen::Main,
            Action::Help => self.modals.push(Popup::Help { scroll: 0 }),
            Action::CycleTheme => self.cycle_theme(),
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }

    pub(crate) fn delete_experience(&mut self, deletion: Deletion) -> Vec<Effect> {
        let Some(portfolio) = self.portfolio_mut() else {
            return Vec::new();
        };
        let Some(removed) = portfolio.delete_experience(&deletion.id) else {
            return Vec::new();
        };
        let left = portfolio.experiences.len();
        let links = removed.links.len();
        let referentiel = portfolio.referentiel.clone();
        self.experiences.undo.push((referentiel, removed));
        self.experiences.selected = self.experiences.selected.min(left.saturating_sub(1));
        self.say(format!(
            "Expérience supprimée ({}, notes gardées) ; u pour annuler.",
            count(links, "lien retiré", "liens retirés")
        ));
        vec![Effect::Changed]
    }

    fn undo_delete(&mut self) -> Vec<Effect> {
        let referentiel = self
            .session
            .open()
            .map(|(_, p)| p)
            .map(|p| p.referentiel.clone());
        let Some(at) = self
            .experiences
            .undo
            .iter()
            .rposition(|(r, _)| Some(r) == referentiel.as_ref())
        else {
            self.say("Aucune suppression à annuler.".to_string());
            return Vec::new();
        };
        let (_, removed) = self.experiences.undo.remove(at);
        let title = removed.experience.title.clone();
        let id = removed.experience.id.clone();
        let Some(portfolio) = self.portfolio_mut() else {
            return Vec::new();
        };
        let links = portfolio.restore_experience(removed);
        if let Some(index) = portfolio.experiences.iter().position(|e| e.id == id) {
            self.experiences.selected = index;
        }
        self.say(format!(
            "Expérience « {title} » rétablie ({}).",
            count(links, "lien rétabli", "liens rétablis")
        ));
        vec![Effect::Changed]
    }
}
