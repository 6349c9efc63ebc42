//! Which key does what, where. The help overlay and the hint bar are built
//! from this table, so they can never disagree with the keys. The user's
//! overrides (`keys` in `config.ron`) are applied to the same table.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::tui::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Picker,
    Main,
    Editor,
    Confirm,
    Help,
    Search,
    Unreadable,
    Cohort,
    Experiences,
    /// The pièces justificatives.
    Pieces,
    ExperienceForm,
    Matrix,
    MatrixNotes,
    LinkPicker,
    Fiche,
    FicheSearch,
    /// Import: typing the path of the export.
    ImportPath,
    /// Import: the file being read.
    ImportReading,
    /// Import: choosing a fiche of the file.
    ImportList,
    /// « Que faire maintenant ? ».
    NextSteps,
    /// The dashboard: the jury date and the pace.
    Pace,
    /// The messages shown this session.
    Messages,
    /// What to export (`x`).
    ExportMenu,
    /// « Votre nom ».
    Name,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Picker => "Choix de la certification",
            Context::Main => "Référentiel",
            Context::Editor => "Éditeur de note",
            Context::Confirm => "Question",
            Context::Help => "Aide",
            Context::Search => "Recherche",
            Context::Unreadable => "Portfolio illisible",
            Context::Cohort => "Candidats (tuteur)",
            Context::Experiences => "Expériences",
            Context::Pieces => "Pièces justificatives",
            Context::ExperienceForm => "Fiche : expérience, pièce ou identité",
            Context::Matrix => "Matrice critères × expériences",
            Context::MatrixNotes => "Notes d’une case de la matrice",
            Context::LinkPicker => "Lier une note à des expériences ou des pièces",
            Context::Fiche => "Fiche complète",
            Context::FicheSearch => "Recherche dans la fiche",
            Context::ImportPath => "Import : chemin de l’export",
            Context::ImportReading => "Import : lecture du fichier",
            Context::ImportList => "Import : choix de la fiche",
            Context::NextSteps => "Que faire maintenant ?",
            Context::Pace => "Tableau de bord : date et rythme",
            Context::Messages => "Derniers messages",
            Context::ExportMenu => "Exporter le dossier",
            Context::Name => "Votre nom",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            // Shifted letters arrive as uppercase chars; the shift is in the char.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        ctrl == self.ctrl && alt == self.alt && code == self.code
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Espace".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Entrée".to_string(),
            KeyCode::Esc => "Échap".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Maj-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgPréc".to_string(),
            KeyCode::PageDown => "PgSuiv".to_string(),
            KeyCode::Home => "Début".to_string(),
            KeyCode::End => "Fin".to_string(),
            KeyCode::Backspace => "Retour".to_string(),
            KeyCode::Delete => "Suppr".to_string(),
            KeyCode::Insert => "Inser".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (false, false) => base,
            (true, false) => format!("Ctrl-{}", base.to_uppercase()),
            (false, true) => format!("Alt-{}", base.to_uppercase()),
            (true, true) => format!("Ctrl-Alt-{}", base.to_uppercase()),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The key names `config.ron` accepts, for error messages.
const KEY_NAMES: &str = "une lettre ou un signe (\"T\", \"?\"), \"ctrl-\" suivi d’une lettre \
     (\"ctrl-s\"), \"alt-\" suivi d’une touche (\"alt-x\"), ou enter, esc, tab, backtab, space, backspace, delete, insert, up, down, left, \
     right, pageup, pagedown, home, end, f1…f12";

impl FromStr for Key {
    type Err = String;

    /// `"a"`, `"T"`, `"?"`, `"ctrl-s"`, `"enter"`, `"pagedown"`, `"f2"`…
    fn from_str(text: &str) -> Result<Key, String> {
        let (mut ctrl, mut alt, mut name) = (false, false, text);
        loop {
            let lower = name.to_lowercase();
            match (lower.strip_prefix("ctrl-"), lower.strip_prefix("alt-")) {
                (Some(rest), _) if !rest.is_empty() && !ctrl => ctrl = true,
                (_, Some(rest)) if !rest.is_empty() && !alt => alt = true,
                _ => break,
            }
            // The prefixes are ASCII: the rest keeps the case typed.
            name = &name[name.find('-').expect("a prefix ends with -") + 1..];
        }
        let code = match name.to_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            f if f.len() > 1
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().expect("checked"))
            }
            _ => {
                let mut chars = name.chars();
                match (chars.next(), chars.next()) {
                    // Ctrl with a letter arrives lowercase (see `matches`).
                    (Some(c), None) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                    (Some(c), None) if !c.is_control() => KeyCode::Char(c),
                    _ => return Err(format!("touche « {text} » inconnue : {KEY_NAMES}")),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The `keys` section of `config.ron`, in the order written: a key and the
/// action it now does, or `None` to free the key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyOverrides(pub Vec<(Key, Option<Action>)>);

impl<'de> Deserialize<'de> for KeyOverrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = KeyOverrides;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("une table { \"touche\": action, … }")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<KeyOverrides, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(KeyOverrides(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// An action as written in `config.ron`: `save_note`, `set_level(3)`.
fn config_name(action: &Action) -> String {
    let mut name = String::new();
    for (i, c) in format!("{action:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else {
            name.push(c);
        }
    }
    name
}

/// Contexts where typing a plain character writes it: an override there
/// would make the character impossible to type.
pub(crate) fn is_text_entry(context: Context) -> bool {
    matches!(
        context,
        Context::Editor
            | Context::Search
            | Context::ExperienceForm
            | Context::LinkPicker
            | Context::FicheSearch
            | Context::ImportPath
            | Context::ImportList
            | Context::Name
    )
}

/// Who may use a binding: a tutor writes no notes, a candidate gives no
/// verdict. The hint bar shows only what the person at the keyboard may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anyone,
    Candidate,
    Tutor,
}

impl Who {
    /// Whether a tutor (`tutor`) or a candidate may use it.
    pub fn allows(self, tutor: bool) -> bool {
        match self {
            Who::Anyone => true,
            Who::Candidate => !tutor,
            Who::Tutor => tutor,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub who: Who,
    pub keys: Vec<Key>,
    pub action: Action,
    /// Short label for the hint bar; `None` keeps it out of the bar.
    pub hint: Option<&'static str>,
    /// Full description for the help overlay.
    pub help: &'static str,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Keymap {
    pub fn action(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .filter(|b| b.context == context)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action.clone())
    }

    /// The default keymap with the user's overrides: each key goes to its
    /// action wherever that action has a key (first, so the hints show it),
    /// and leaves whatever it did there before. Returns what could not be
    /// applied, in French.
    pub fn with_overrides(mut self, overrides: &KeyOverrides) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        for (key, action) in &overrides.0 {
            match action {
                None => {
                    let mut found = false;
                    for binding in &mut self.bindings {
                        let before = binding.keys.len();
                        binding.keys.retain(|k| k != key);
                        found |= binding.keys.len() != before;
                    }
                    if !found {
                        problems.push(format!("« {key} » n’était liée à aucune action"));
                    }
                }
                Some(action) => {
                    if let Err(problem) = self.bind(*key, action) {
                        problems.push(problem);
                    }
                }
            }
        }
        (self, problems)
    }

    fn bind(&mut self, key: Key, action: &Action) -> Result<(), String> {
        let mut contexts: Vec<Context> = Vec::new();
        for binding in &self.bindings {
            if binding.action == *action && !contexts.contains(&binding.context) {
                contexts.push(binding.context);
            }
        }
        if contexts.is_empty() {
            return Err(format!(
                "« {key} » : l’action {} n’a de place nulle part dans livret",
                config_name(action)
            ));
        }
        let plain_char = !key.ctrl && !key.alt && matches!(key.code, KeyCode::Char(_));
        contexts.retain(|&c| !(plain_char && is_text_entry(c)));
        if contexts.is_empty() {
            return Err(format!(
                "« {key} » ne peut pas servir à {} : là où cette action existe, \
                 une touche simple écrit du texte (prenez par exemple « ctrl-{key} »)",
                config_name(action)
            ));
        }
        for context in contexts {
            for binding in self.bindings.iter_mut().filter(|b| b.context == context) {
                binding.keys.retain(|k| *k != key);
            }
            if let Some(binding) = self
                .bindings
                .iter_mut()
                .find(|b| b.context == context && b.action == *action)
            {
                binding.keys.insert(0, key);
            }
        }
        Ok(())
    }

    /// `key label` pairs for the hint bar of a context.
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.context == context)
            .filter_map(|b| Some((b.keys.first()?.label(), b.hint?)))
            .collect()
    }

    /// The hints a tutor (`tutor`) or a candidate may use.
    pub fn hints_for(&self, context: Context, tutor: bool) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.who.allows(tutor))
            .filter_map(|b| Some((b.keys.first()?.label(), b.hint?)))
            .collect()
    }

    pub fn in_context(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }
}

#[cfg(test)]
mod tests;
