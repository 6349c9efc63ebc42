//! Unit tests of the keymap: defaults, overrides, conflicts.

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
