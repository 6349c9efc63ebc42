//! Which key does what, where. The help overlay and the hint bar are built
//! from this table, so they can never disagree with the keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Picker,
    Main,
    Editor,
    Confirm,
    Help,
    Search,
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
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Key { code, ctrl: false }
    }

    pub const fn ctrl(c: char) -> Self {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            // Shifted letters arrive as uppercase chars; the shift is in the char.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        ctrl == self.ctrl && code == self.code
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Espace".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Entrée".to_string(),
            KeyCode::Esc => "Échap".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgPréc".to_string(),
            KeyCode::PageDown => "PgSuiv".to_string(),
            KeyCode::Home => "Début".to_string(),
            KeyCode::End => "Fin".to_string(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
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

fn c(ch: char) -> Key {
    Key::plain(KeyCode::Char(ch))
}

fn k(code: KeyCode) -> Key {
    Key::plain(code)
}

impl Default for Keymap {
    fn default() -> Self {
        use Action as A;
        use Context::*;
        use KeyCode::*;
        let b = |context, keys: Vec<Key>, action, hint, help| Binding {
            context,
            keys,
            action,
            hint,
            help,
        };
        let mut bindings = vec![
            b(
                Picker,
                vec![c('j'), k(Down)],
                A::Down,
                None,
                "certification suivante",
            ),
            b(
                Picker,
                vec![c('k'), k(Up)],
                A::Up,
                None,
                "certification précédente",
            ),
            b(
                Picker,
                vec![k(Enter), c('l')],
                A::Activate,
                Some("ouvrir"),
                "ouvrir la certification",
            ),
            b(
                Picker,
                vec![c('?')],
                A::Help,
                Some("aide"),
                "afficher l’aide",
            ),
            b(
                Picker,
                vec![c('q'), k(Esc)],
                A::Quit,
                Some("quitter"),
                "quitter",
            ),
            b(
                Main,
                vec![c('j'), k(Down)],
                A::Down,
                None,
                "descendre (arbre) ou note suivante (détail)",
            ),
            b(
                Main,
                vec![c('k'), k(Up)],
                A::Up,
                None,
                "monter (arbre) ou note précédente (détail)",
            ),
            b(
                Main,
                vec![c('h'), k(Left)],
                A::Collapse,
                None,
                "replier, ou remonter au parent",
            ),
            b(
                Main,
                vec![c('l'), k(Right)],
                A::Expand,
                None,
                "déplier ; sur un critère, aller au détail",
            ),
            b(
                Main,
                vec![k(Enter)],
                A::Activate,
                None,
                "déplier/replier ; dans le détail, modifier la note",
            ),
            b(
                Main,
                vec![k(Tab)],
                A::SwitchPane,
                None,
                "passer de l’arbre au détail et inversement",
            ),
            b(Main, vec![c('g'), k(Home)], A::Top, None, "aller en haut"),
            b(Main, vec![c('G'), k(End)], A::Bottom, None, "aller en bas"),
            b(
                Main,
                vec![k(PageDown), Key::ctrl('d')],
                A::PageDown,
                None,
                "page suivante",
            ),
            b(
                Main,
                vec![k(PageUp), Key::ctrl('u')],
                A::PageUp,
                None,
                "page précédente",
            ),
            b(
                Main,
                vec![c('a')],
                A::AddNote,
                Some("note"),
                "ajouter une note de preuve au critère",
            ),
            b(
                Main,
                vec![c('e')],
                A::EditNote,
                Some("modifier"),
                "modifier la note sélectionnée",
            ),
            b(
                Main,
                vec![c('E')],
                A::EditNoteExternal,
                None,
                "modifier la note dans $VISUAL / $EDITOR",
            ),
            b(
                Main,
                vec![c('d')],
                A::DeleteNote,
                None,
                "supprimer la note sélectionnée (avec confirmation)",
            ),
            b(
                Main,
                vec![c('s')],
                A::CycleStatus,
                Some("statut"),
                "statut : à faire → en cours → prêt",
            ),
        ];
        for level in 1..=4u8 {
            bindings.push(b(
                Main,
                vec![c(char::from(b'0' + level))],
                A::SetLevel(level),
                None,
                [
                    "",
                    "auto-évaluation 1",
                    "auto-évaluation 2",
                    "auto-évaluation 3",
                    "auto-évaluation 4",
                ][level as usize],
            ));
        }
        bindings.extend([
            b(
                Main,
                vec![c('0')],
                A::SetLevel(0),
                Some("niveau"),
                "effacer l’auto-évaluation (1–4 pour la donner)",
            ),
            b(
                Main,
                vec![c('t')],
                A::ToggleTarget,
                Some("viser"),
                "viser ou non le bloc optionnel sélectionné",
            ),
            b(
                Main,
                vec![c('o')],
                A::OpenPicker,
                None,
                "changer de certification",
            ),
            b(Main, vec![k(Esc)], A::Back, None, "revenir à l’arbre"),
            b(
                Main,
                vec![c('/')],
                A::Search,
                Some("chercher"),
                "chercher dans le référentiel et vos notes",
            ),
            b(Main, vec![c('?')], A::Help, Some("aide"), "afficher l’aide"),
            b(
                Main,
                vec![c('q')],
                A::Quit,
                Some("quitter"),
                "enregistrer et quitter",
            ),
            b(
                Editor,
                vec![Key::ctrl('s')],
                A::SaveNote,
                Some("garder"),
                "garder la note et fermer",
            ),
            b(
                Editor,
                vec![k(Esc)],
                A::Back,
                Some("fermer"),
                "fermer (demande si des modifications seraient perdues)",
            ),
            b(
                Confirm,
                vec![c('o'), c('y')],
                A::Confirm(true),
                Some("oui"),
                "répondre oui",
            ),
            b(
                Confirm,
                vec![c('n'), k(Esc)],
                A::Confirm(false),
                Some("non"),
                "répondre non",
            ),
            b(
                Search,
                vec![k(Down), Key::ctrl('n')],
                A::Down,
                Some("suivant"),
                "résultat suivant",
            ),
            b(
                Search,
                vec![k(Up), Key::ctrl('p')],
                A::Up,
                None,
                "résultat précédent",
            ),
            b(
                Search,
                vec![k(Enter)],
                A::Activate,
                Some("aller"),
                "aller au résultat (déplie l’arbre jusqu’à lui)",
            ),
            b(
                Search,
                vec![k(Esc)],
                A::Back,
                Some("fermer"),
                "fermer et revenir où vous étiez",
            ),
            b(
                Help,
                vec![c('j'), k(Down)],
                A::Down,
                None,
                "faire défiler l’aide",
            ),
            b(
                Help,
                vec![c('k'), k(Up)],
                A::Up,
                None,
                "faire défiler l’aide",
            ),
            b(
                Help,
                vec![k(Esc), c('?'), c('q')],
                A::Back,
                Some("fermer"),
                "fermer l’aide",
            ),
        ]);
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn action(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .filter(|b| b.context == context)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action.clone())
    }

    /// `key label` pairs for the hint bar of a context.
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.context == context)
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
}
