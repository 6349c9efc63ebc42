//! The experiences screen (`X`): the list, the form that adds or edits one,
//! and deletion with its undo. State and update only; drawing is in
//! `view/experiences.rs`.

use ratatui::crossterm::event::KeyCode;
use ratatui_textarea::{TextArea, WrapMode};

use crate::experience::{Experience, Month, Removed};
use crate::text::count;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Popup, Screen};
use crate::tui::keymap::Context;

/// The form's fields: label, and what to type.
pub const FIELDS: [(&str, &str); 7] = [
    ("Intitulé", "obligatoire, ex. Développement export Maghreb"),
    ("Employeur", "entreprise, association, administration…"),
    ("Poste", "votre fonction, ex. Chargée d’affaires export"),
    ("Début", "MM/AAAA, ex. 03/2019"),
    ("Fin", "MM/AAAA ; laissez vide si elle est en cours"),
    ("Lieu", "ville, pays, ou « à distance »"),
    (
        "Description",
        "missions, responsabilités, équipe, résultats… (Entrée : nouvelle ligne)",
    ),
];

/// The index of the description, the only field of several lines.
pub const DESCRIPTION: usize = 6;

/// The screen's state.
#[derive(Debug, Default)]
pub struct Experiences {
    /// Selected line of the list.
    pub selected: usize,
    pub form: Option<Box<ExperienceForm>>,
    /// A deletion waiting for a yes/no.
    pub confirm: Option<Deletion>,
    /// What was deleted this session, last last, with the certification it
    /// was deleted from: `u` puts back the last one of the open certification.
    pub undo: Vec<(String, Removed)>,
}

/// The question asked before deleting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub id: String,
    pub title: String,
    /// Notes that link to it.
    pub notes: usize,
}

impl Deletion {
    pub fn question(&self) -> String {
        let links = match self.notes {
            0 => "Aucune note n’y est liée.".to_string(),
            1 => "1 note y est liée : le lien sera retiré, la note gardée.".to_string(),
            n => format!("{n} notes y sont liées : les liens seront retirés, les notes gardées."),
        };
        format!(
            "Supprimer l’expérience « {} » ? {links} (u l’annule ensuite, jusqu’à la fermeture de livret.)",
            self.title
        )
    }
}

/// Adding or editing an experience: one text field per line of the form.
#[derive(Debug)]
pub struct ExperienceForm {
    /// The experience edited; `None` for a new one.
    pub editing: Option<String>,
    pub fields: Vec<TextArea<'static>>,
    /// The field being typed in.
    pub focus: usize,
    original: Vec<String>,
    /// Why the last Ctrl-S was refused.
    pub error: Option<String>,
    /// Esc was pressed with unsaved changes: waiting for a yes/no.
    pub confirm_discard: bool,
}

impl ExperienceForm {
    pub fn new(editing: Option<&Experience>) -> Self {
        let values: Vec<String> = match editing {
            Some(e) => vec![
                e.title.clone(),
                e.employer.clone(),
                e.role.clone(),
                e.from.map(Month::numeric).unwrap_or_default(),
                e.to.map(Month::numeric).unwrap_or_default(),
                e.place.clone(),
                e.description.clone(),
            ],
            None => vec![String::new(); FIELDS.len()],
        };
        let fields = values
            .iter()
            .zip(FIELDS)
            .enumerate()
            .map(|(i, (value, (_, placeholder)))| {
                let lines: Vec<String> = if value.is_empty() {
                    vec![String::new()]
                } else {
                    value.lines().map(String::from).collect()
                };
                let mut area = TextArea::new(lines);
                area.set_wrap_mode(if i == DESCRIPTION {
                    WrapMode::WordOrGlyph
                } else {
                    WrapMode::None
                });
                area.set_placeholder_text(placeholder);
                area.set_cursor_line_style(ratatui::style::Style::new());
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                area
            })
            .collect();
        ExperienceForm {
            editing: editing.map(|e| e.id.clone()),
            fields,
            focus: 0,
            original: values,
            error: None,
            confirm_discard: false,
        }
    }

    pub fn value(&self, field: usize) -> String {
        self.fields[field].lines().join("\n")
    }

    fn values(&self) -> Vec<String> {
        (0..self.fields.len()).map(|i| self.value(i)).collect()
    }

    pub fn is_modified(&self) -> bool {
        self.values() != self.original
    }

    /// The experience as filled in, or what is wrong with it, in French.
    pub fn experience(&self) -> Result<Experience, String> {
        let single = |i: usize| self.value(i).trim().to_string();
        let title = single(0);
        if title.is_empty() {
            return Err("L’intitulé est obligatoire.".to_string());
        }
        let month = |i: usize| -> Result<Option<Month>, String> {
            let text = single(i);
            if text.is_empty() {
                return Ok(None);
            }
            text.parse()
                .map(Some)
                .map_err(|e| format!("{} : {e}.", FIELDS[i].0))
        };
        let (from, to) = (month(3)?, month(4)?);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(format!(
                "La fin ({}) précède le début ({}).",
                to.numeric(),
                from.numeric()
            ));
        }
        Ok(Experience {
            id: self.editing.clone().unwrap_or_default(),
            title,
            employer: single(1),
            role: single(2),
            from,
            to,
            place: single(5),
            description: self.value(DESCRIPTION).trim_end().to_string(),
        })
    }

    fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    fn previous(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// A key typed in the form: one line per field but the description.
    fn input(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        let multi_line = self.focus == DESCRIPTION;
        match key.code {
            KeyCode::Enter | KeyCode::Down if !multi_line => self.next(),
            KeyCode::Up if !multi_line => self.previous(),
            KeyCode::Up if self.fields[self.focus].cursor().0 == 0 => self.previous(),
            _ => {
                self.fields[self.focus].input(key);
            }
        }
    }
}

impl App {
    /// The context of the experiences screen.
    pub(crate) fn experiences_context(&self) -> Context {
        match (&self.experiences.form, &self.experiences.confirm) {
            (Some(form), _) if form.confirm_discard => Context::Confirm,
            (Some(_), _) => Context::ExperienceForm,
            (None, Some(_)) => Context::Confirm,
            (None, None) => Context::Experiences,
        }
    }

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
        if let Some(form) = self.experiences.form.take() {
            return self.update_form(form, action);
        }
        if let Some(deletion) = self.experiences.confirm.take() {
            return match action {
                Action::Confirm(true) => self.delete_experience(deletion),
                Action::Confirm(false) => Vec::new(),
                _ => {
                    self.experiences.confirm = Some(deletion);
                    Vec::new()
                }
            };
        }
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
                self.experiences.form = Some(Box::new(ExperienceForm::new(None)));
            }
            Action::EditExperience | Action::Activate => {
                let experience = self
                    .session
                    .open()
                    .map(|(_, p)| p)
                    .and_then(|p| p.experiences.get(self.experiences.selected).cloned());
                match experience {
                    Some(e) => {
                        self.experiences.form = Some(Box::new(ExperienceForm::new(Some(&e))))
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
                self.experiences.confirm = deletion;
            }
            Action::UndoDelete => return self.undo_delete(),
            Action::OpenMatrix => return self.open_matrix(),
            Action::Back => self.screen = Screen::Main,
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::CycleTheme => self.cycle_theme(),
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }

    fn update_form(&mut self, mut form: Box<ExperienceForm>, action: Action) -> Vec<Effect> {
        if action == Action::SaveDraft {
            // Idle or hang-up: a form that is complete enough is kept as it is.
            let effects = match form.experience() {
                Ok(experience) if form.is_modified() => {
                    let effects = self.keep_experience(&mut form, experience);
                    form.original = form.values();
                    effects
                }
                _ => Vec::new(),
            };
            self.experiences.form = Some(form);
            return effects;
        }
        if form.confirm_discard {
            match action {
                Action::Confirm(true) => {
                    self.say("Modifications abandonnées.".to_string());
                    return Vec::new();
                }
                Action::Confirm(false) => form.confirm_discard = false,
                _ => {}
            }
            self.experiences.form = Some(form);
            return Vec::new();
        }
        match action {
            Action::SaveNote => match form.experience() {
                Ok(experience) => {
                    let added = form.editing.is_none();
                    let effects = self.keep_experience(&mut form, experience);
                    self.say(
                        if added {
                            "Expérience ajoutée (Ctrl-L dans une note pour l’y lier)."
                        } else if effects.is_empty() {
                            "Expérience inchangée."
                        } else {
                            "Expérience enregistrée."
                        }
                        .to_string(),
                    );
                    return effects;
                }
                Err(error) => form.error = Some(error),
            },
            Action::NextField => form.next(),
            Action::PrevField => form.previous(),
            Action::Back if form.is_modified() => form.confirm_discard = true,
            Action::Back => return Vec::new(),
            Action::Type(key) => {
                form.error = None;
                form.input(key);
            }
            _ => {}
        }
        self.experiences.form = Some(form);
        Vec::new()
    }

    /// Adds the form's experience or updates the one it edits, and selects it.
    fn keep_experience(
        &mut self,
        form: &mut ExperienceForm,
        experience: Experience,
    ) -> Vec<Effect> {
        let Some(portfolio) = self.portfolio_mut() else {
            return Vec::new();
        };
        let changed = match &form.editing {
            Some(id) => portfolio.update_experience(id, experience),
            None => {
                form.editing = Some(portfolio.add_experience(experience));
                true
            }
        };
        let id = form.editing.clone().unwrap_or_default();
        if let Some(index) = portfolio.experiences.iter().position(|e| e.id == id) {
            self.experiences.selected = index;
        }
        if changed {
            vec![Effect::Changed]
        } else {
            Vec::new()
        }
    }

    fn delete_experience(&mut self, deletion: Deletion) -> Vec<Effect> {
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
