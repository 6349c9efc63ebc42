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
            Context::ExperienceForm => "Fiche d’expérience",
            Context::Matrix => "Matrice critères × expériences",
            Context::MatrixNotes => "Notes d’une case de la matrice",
            Context::LinkPicker => "Lier une note à des expériences",
            Context::Fiche => "Fiche complète",
            Context::FicheSearch => "Recherche dans la fiche",
            Context::ImportPath => "Import : chemin de l’export",
            Context::ImportReading => "Import : lecture du fichier",
            Context::ImportList => "Import : choix de la fiche",
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
mod tests {
    use super::*;

    fn c(ch: char) -> Key {
        Key::plain(KeyCode::Char(ch))
    }

    fn k(code: KeyCode) -> Key {
        Key::plain(code)
    }

    #[test]
    fn alt_is_part_of_a_key() {
        let keymap = Keymap::default();
        let alt_x = press(KeyCode::Char('X'), KeyModifiers::ALT);
        assert_eq!(keymap.action(Context::Main, &alt_x), None, "Alt-X is not X");
        let x = press(KeyCode::Char('X'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Context::Main, &x),
            Some(Action::OpenExperiences)
        );
        let key = |s: &str| s.parse::<Key>().unwrap();
        let alt = Key {
            code: KeyCode::Char('x'),
            ctrl: false,
            alt: true,
        };
        assert_eq!(key("alt-x"), alt);
        assert_eq!(key("Alt-x"), alt);
        assert!(alt.matches(&press(KeyCode::Char('x'), KeyModifiers::ALT)));
        assert!(!alt.matches(&press(KeyCode::Char('x'), KeyModifiers::NONE)));
        assert_eq!(alt.label(), "Alt-X");
        let both = key("ctrl-alt-s");
        assert!((both.ctrl, both.alt) == (true, true));
        assert!(both.matches(&press(
            KeyCode::Char('s'),
            KeyModifiers::ALT | KeyModifiers::CONTROL
        )));
        assert_eq!(both.label(), "Ctrl-Alt-S");
        assert_eq!(
            key("alt--"),
            Key {
                code: KeyCode::Char('-'),
                ctrl: false,
                alt: true
            }
        );
        assert!("alt-".parse::<Key>().is_err());
        // An override with Alt goes to the action, and leaves the plain key.
        let (keymap, problems) = Keymap::default().with_overrides(&parse(r#"{"alt-e": add_note}"#));
        assert!(problems.is_empty(), "{problems:?}");
        let alt_e = press(KeyCode::Char('e'), KeyModifiers::ALT);
        assert_eq!(keymap.action(Context::Main, &alt_e), Some(Action::AddNote));
        let e = press(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Main, &e), Some(Action::EditNote));
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_map_to_actions_by_context() {
        let keymap = Keymap::default();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Main, &q), Some(Action::Quit));
        assert_eq!(keymap.action(Context::Editor, &q), None, "q types a q");
        let ctrl_s = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action(Context::Editor, &ctrl_s),
            Some(Action::SaveNote)
        );
        let shift_e = press(KeyCode::Char('E'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.action(Context::Main, &shift_e),
            Some(Action::EditNoteExternal)
        );
    }

    #[test]
    fn every_binding_has_a_help_text_and_no_key_is_bound_twice_in_a_context() {
        let keymap = Keymap::default();
        for binding in &keymap.bindings {
            assert!(!binding.help.is_empty());
            for other in &keymap.bindings {
                if std::ptr::eq(binding, other) || binding.context != other.context {
                    continue;
                }
                // One key, one action, told differently to a tutor and a
                // candidate (`c`: comment, or reply).
                let roles = [binding.who, other.who];
                if binding.action == other.action
                    && roles.contains(&Who::Tutor)
                    && roles.contains(&Who::Candidate)
                {
                    continue;
                }
                for key in &binding.keys {
                    assert!(!other.keys.contains(key), "{key:?} bound twice");
                }
            }
        }
    }

    #[test]
    fn slash_opens_search_and_typing_j_in_search_is_text() {
        let keymap = Keymap::default();
        let slash = press(KeyCode::Char('/'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Main, &slash), Some(Action::Search));
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Search, &j), None);
    }

    fn parse(overrides: &str) -> KeyOverrides {
        crate::ron_style::options().from_str(overrides).unwrap()
    }

    #[test]
    fn key_names_parse_as_written_in_the_config() {
        let key = |s: &str| s.parse::<Key>().unwrap();
        assert_eq!(key("ctrl-s"), Key::ctrl('s'));
        assert_eq!(key("Ctrl-S"), Key::ctrl('s'));
        assert_eq!(key("T"), c('T'));
        assert_eq!(key("?"), c('?'));
        assert_eq!(key("-"), c('-'));
        assert_eq!(key("enter"), k(KeyCode::Enter));
        assert_eq!(key("PageDown"), k(KeyCode::PageDown));
        assert_eq!(key("space"), c(' '));
        assert_eq!(key("f5"), k(KeyCode::F(5)));
        assert_eq!(key("f"), c('f'));
        let error = "ctrl+s".parse::<Key>().unwrap_err();
        assert!(error.starts_with("touche « ctrl+s » inconnue"), "{error}");
        assert!("f13".parse::<Key>().is_err());
    }

    #[test]
    fn an_override_moves_the_key_and_shows_first() {
        let overrides = parse(r#"{ "x": delete_note, "ctrl-w": save_note, "s": quit }"#);
        let (keymap, problems) = Keymap::default().with_overrides(&overrides);
        assert!(problems.is_empty(), "{problems:?}");
        let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Main, &x), Some(Action::DeleteNote));
        let d = press(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Context::Main, &d),
            Some(Action::DeleteNote),
            "d still works"
        );
        let ctrl_w = press(KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action(Context::Editor, &ctrl_w),
            Some(Action::SaveNote)
        );
        assert!(
            keymap
                .hints(Context::Editor)
                .contains(&("Ctrl-W".to_string(), "garder"))
        );
        let s = press(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Main, &s), Some(Action::Quit));
        assert_eq!(keymap.action(Context::Picker, &s), Some(Action::Quit));
        let hints = keymap.hints(Context::Main);
        assert!(hints.contains(&("s".to_string(), "quitter")), "{hints:?}");
        assert!(
            !hints.iter().any(|(_, label)| *label == "statut"),
            "the status has no key left for the bar: {hints:?}"
        );
    }

    #[test]
    fn a_key_can_be_freed_and_typing_keys_are_protected() {
        let overrides = parse(r#"{ "d": None, "w": save_note, "3": set_level(2), "z": None }"#);
        let (keymap, problems) = Keymap::default().with_overrides(&overrides);
        let d = press(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Context::Main, &d), None);
        let three = press(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(Context::Main, &three),
            Some(Action::SetLevel(2))
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("« w » ne peut pas servir à save_note"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("« z » n’était liée à aucune action"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_action_without_a_place_is_reported() {
        let overrides = parse(r#"{ "x": set_level(7) }"#);
        let (_, problems) = Keymap::default().with_overrides(&overrides);
        assert!(
            problems[0].contains("set_level(7) n’a de place nulle part"),
            "{problems:?}"
        );
    }

    #[test]
    fn t_cycles_themes_in_the_picker_and_the_tree() {
        let keymap = Keymap::default();
        let t = press(KeyCode::Char('T'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(Context::Main, &t), Some(Action::CycleTheme));
        assert_eq!(keymap.action(Context::Picker, &t), Some(Action::CycleTheme));
    }
}
