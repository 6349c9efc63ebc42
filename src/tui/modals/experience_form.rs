//! Adding or editing an experience: one text field per line of the form;
//! Ctrl-S keeps it (and selects it in the list below), Échap with changes asks.

use ratatui::crossterm::event::KeyCode;
use ratatui_textarea::{TextArea, WrapMode};

use crate::experience::{Experience, Month};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::reply::{Question, Reply, Then};
use crate::tui::session::Ctx;

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

/// Adding or editing an experience: one text field per line of the form.
#[derive(Debug)]
pub struct ExperienceForm {
    /// The experience edited; `None` for a new one.
    pub editing: Option<String>,
    pub fields: Vec<TextArea<'static>>,
    /// The field being typed in.
    pub focus: usize,
    pub original: Vec<String>,
    /// Why the last Ctrl-S was refused.
    pub error: Option<String>,
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
        }
    }

    pub fn value(&self, field: usize) -> String {
        self.fields[field].lines().join("\n")
    }

    pub fn values(&self) -> Vec<String> {
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

impl ExperienceForm {
    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Reply {
        match action {
            // Idle or hang-up: a form that is complete enough is kept as it is.
            Action::SaveDraft => match self.experience() {
                Ok(experience) if self.is_modified() => {
                    let (effects, select) = self.keep(ctx, experience);
                    self.original = self.values();
                    Reply::stay().with(effects).selecting(select)
                }
                _ => Reply::stay(),
            },
            Action::SaveNote => match self.experience() {
                Ok(experience) => {
                    let added = self.editing.is_none();
                    let (effects, select) = self.keep(ctx, experience);
                    ctx.say(if added {
                        "Expérience ajoutée (Ctrl-L dans une note pour l’y lier)."
                    } else if effects.is_empty() {
                        "Expérience inchangée."
                    } else {
                        "Expérience enregistrée."
                    });
                    Reply::close().with(effects).selecting(select)
                }
                Err(error) => {
                    self.error = Some(error);
                    Reply::stay()
                }
            },
            Action::NextField => {
                self.next();
                Reply::stay()
            }
            Action::PrevField => {
                self.previous();
                Reply::stay()
            }
            Action::Back if self.is_modified() => {
                Reply::new(Then::Ask(Question::DiscardExperience))
            }
            Action::Back => Reply::close(),
            Action::Type(key) => {
                self.error = None;
                self.input(key);
                Reply::stay()
            }
            _ => Reply::stay(),
        }
    }

    /// « Abandonner les modifications ? » answered yes.
    pub fn answer(&mut self, ctx: &mut Ctx, question: &Question) -> Reply {
        if *question != Question::DiscardExperience {
            return Reply::stay();
        }
        ctx.say("Modifications abandonnées.");
        Reply::close()
    }

    /// Adds the experience or updates the one edited; its index, to select.
    fn keep(&mut self, ctx: &mut Ctx, experience: Experience) -> (Vec<Effect>, Option<usize>) {
        let Some(portfolio) = ctx.session.open_mut() else {
            return (Vec::new(), None);
        };
        let changed = match &self.editing {
            Some(id) => portfolio.update_experience(id, experience),
            None => {
                self.editing = Some(portfolio.add_experience(experience));
                true
            }
        };
        let id = self.editing.clone().unwrap_or_default();
        let select = portfolio.experiences.iter().position(|e| e.id == id);
        let effects = if changed {
            vec![Effect::Changed]
        } else {
            Vec::new()
        };
        (effects, select)
    }
}
