//! Adding or editing an experience or a pièce justificative: one text field
//! per line of the form; Ctrl-S keeps it (and selects it in the list below),
//! Échap with changes asks.

use ratatui::crossterm::event::KeyCode;
use ratatui_textarea::{TextArea, WrapMode};

use crate::experience::{Experience, Month};
use crate::portfolio::{Identity, Piece};
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

/// A piece's fields.
pub const PIECE_FIELDS: [(&str, &str); 3] = [
    (
        "Intitulé",
        "obligatoire, ex. Attestation d’emploi, Lacroix SA",
    ),
    (
        "Fichier",
        "nom du fichier joint, ex. attestation-lacroix.pdf",
    ),
    (
        "Description",
        "ce que la pièce montre, qui l’a signée… (Entrée : nouvelle ligne)",
    ),
];

/// The candidate's identity in the dossier.
pub const IDENTITY_FIELDS: [(&str, &str); 4] = [
    ("Nom", "Prénom Nom, tel qu’il figure sur le dossier"),
    ("Recevabilité", "n° de la notification de recevabilité"),
    ("Reçue le", "JJ/MM/AAAA, date de cette notification"),
    ("Contact", "adresse, téléphone ou courriel, sur une ligne"),
];

/// What a form describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Experience,
    Piece,
    /// The name and the fields a certifier asks for (dashboard `i`).
    Identity,
}

impl Entry {
    /// The form's fields: label, and what to type.
    pub fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Entry::Experience => &FIELDS,
            Entry::Piece => &PIECE_FIELDS,
            Entry::Identity => &IDENTITY_FIELDS,
        }
    }

    /// The field of several lines, the last one (a description), if any.
    pub fn multi_line(self) -> Option<usize> {
        match self {
            Entry::Identity => None,
            _ => Some(self.fields().len() - 1),
        }
    }
}

/// Adding or editing an experience or a piece: one text field per line of
/// the form.
#[derive(Debug)]
pub struct ExperienceForm {
    pub entry: Entry,
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
        Self::with(Entry::Experience, editing.map(|e| e.id.clone()), values)
    }

    /// The form of a new piece (`None`) or of the one given.
    pub fn for_piece(editing: Option<&Piece>) -> Self {
        let values = match editing {
            Some(p) => vec![p.title.clone(), p.file.clone(), p.description.clone()],
            None => vec![String::new(); PIECE_FIELDS.len()],
        };
        Self::with(Entry::Piece, editing.map(|p| p.id.clone()), values)
    }

    /// The form of the candidate's identity, as the portfolio has it.
    pub fn identity(identity: &crate::portfolio::Identity) -> Self {
        let values = vec![
            identity.display_name().unwrap_or_default(),
            identity.recevabilite.clone().unwrap_or_default(),
            identity
                .recevabilite_date
                .map(|d| d.strftime("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            identity.contact.clone().unwrap_or_default(),
        ];
        // Nothing to add: always an edit.
        Self::with(Entry::Identity, Some(String::new()), values)
    }

    fn with(entry: Entry, editing: Option<String>, values: Vec<String>) -> Self {
        let multi_line = entry.multi_line();
        let fields = values
            .iter()
            .zip(entry.fields())
            .enumerate()
            .map(|(i, (value, (_, placeholder)))| {
                let lines: Vec<String> = if value.is_empty() {
                    vec![String::new()]
                } else {
                    value.lines().map(String::from).collect()
                };
                let mut area = TextArea::new(lines);
                area.set_wrap_mode(if Some(i) == multi_line {
                    WrapMode::WordOrGlyph
                } else {
                    WrapMode::None
                });
                area.set_placeholder_text(*placeholder);
                area.set_cursor_line_style(ratatui::style::Style::new());
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                area
            })
            .collect();
        ExperienceForm {
            entry,
            editing,
            fields,
            focus: 0,
            original: values,
            error: None,
        }
    }

    /// The index of the description, the only field of several lines
    /// (past the last field when there is none).
    pub fn description(&self) -> usize {
        self.entry.multi_line().unwrap_or(self.fields.len())
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
            description: self.value(self.description()).trim_end().to_string(),
        })
    }

    /// The piece as filled in, or what is wrong with it, in French.
    pub fn piece(&self) -> Result<Piece, String> {
        let title = self.value(0).trim().to_string();
        if title.is_empty() {
            return Err("L’intitulé est obligatoire.".to_string());
        }
        Ok(Piece {
            id: self.editing.clone().unwrap_or_default(),
            title,
            file: self.value(1).trim().to_string(),
            description: self.value(self.description()).trim_end().to_string(),
        })
    }

    /// The identity as filled in, or what is wrong with it, in French.
    pub fn identity_filled(&self, today: jiff::civil::Date) -> Result<Identity, String> {
        use crate::portfolio::{LINE_MAX, clean_line, clean_name};
        let date = crate::coach::pace::parse_recevabilite(&self.value(2), today)
            .map_err(|e| format!("{} : {e}.", IDENTITY_FIELDS[2].0))?;
        Ok(Identity {
            name: clean_name(&self.value(0)),
            recevabilite: clean_line(&self.value(1), LINE_MAX),
            recevabilite_date: date,
            contact: clean_line(&self.value(3), LINE_MAX),
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
        let multi_line = Some(self.focus) == self.entry.multi_line();
        match key.code {
            // The last line of a form without a description: Enter stays
            // (Ctrl-S keeps), never back to the first field.
            KeyCode::Enter | KeyCode::Down
                if !multi_line && self.focus + 1 == self.fields.len() => {}
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
            Action::SaveDraft => match self.filled(ctx.today) {
                Ok(filled) if self.is_modified() => {
                    let (effects, select) = self.keep(ctx, filled);
                    self.original = self.values();
                    Reply::stay().with(effects).selecting(select)
                }
                _ => Reply::stay(),
            },
            Action::SaveNote => match self.filled(ctx.today) {
                Ok(filled) => {
                    let added = self.editing.is_none();
                    let (effects, select) = self.keep(ctx, filled);
                    let what = match self.entry {
                        Entry::Experience => "Expérience",
                        Entry::Piece => "Pièce",
                        Entry::Identity => "Identité",
                    };
                    ctx.say(match (added, effects.is_empty()) {
                        (true, _) => format!(
                            "{what} ajoutée (Ctrl-L dans une note pour l’y {}).",
                            match self.entry {
                                Entry::Piece => "citer",
                                _ => "lier",
                            }
                        ),
                        (false, true) => format!("{what} inchangée."),
                        (false, false) => format!("{what} enregistrée."),
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

    /// What the form describes, as filled in.
    fn filled(&self, today: jiff::civil::Date) -> Result<Filled, String> {
        match self.entry {
            Entry::Experience => self.experience().map(Filled::Experience),
            Entry::Piece => self.piece().map(Filled::Piece),
            Entry::Identity => self.identity_filled(today).map(Filled::Identity),
        }
    }

    /// Adds what the form describes or updates the one edited; its index,
    /// to select.
    fn keep(&mut self, ctx: &mut Ctx, filled: Filled) -> (Vec<Effect>, Option<usize>) {
        let Some(portfolio) = ctx.session.open_mut() else {
            return (Vec::new(), None);
        };
        let changed = match (&self.editing, filled) {
            (_, Filled::Identity(identity)) => {
                let changed = portfolio.identity != identity;
                portfolio.identity = identity;
                changed
            }
            (Some(id), Filled::Experience(e)) => portfolio.update_experience(id, e),
            (Some(id), Filled::Piece(p)) => portfolio.update_piece(id, p),
            (None, filled) => {
                self.editing = Some(match filled {
                    Filled::Experience(e) => portfolio.add_experience(e),
                    Filled::Piece(p) => portfolio.add_piece(p),
                    Filled::Identity(_) => String::new(),
                });
                true
            }
        };
        let id = self.editing.clone().unwrap_or_default();
        let select = match self.entry {
            Entry::Experience => portfolio.experiences.iter().position(|e| e.id == id),
            Entry::Piece => portfolio.pieces.iter().position(|p| p.id == id),
            Entry::Identity => None,
        };
        let effects = if changed {
            vec![Effect::Changed]
        } else {
            Vec::new()
        };
        (effects, select)
    }
}

/// An experience or a piece, as the form has it.
enum Filled {
    Experience(Experience),
    Piece(Piece),
    Identity(Identity),
}
