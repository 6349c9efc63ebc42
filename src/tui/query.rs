//! A one-line filter typed in a list (search, experiences to link, fiches
//! to import, the fiche's search): the same keys everywhere.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key typed in `query`: Ctrl-U clears it, a character is added,
/// Backspace takes the last one off. Whether the query changed.
pub fn edit(query: &mut String, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => {
            query.clear();
            true
        }
        KeyCode::Char(c) if !ctrl => {
            query.push(c);
            true
        }
        KeyCode::Backspace => query.pop().is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_u_clears_characters_add_backspace_removes() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let mut query = String::new();
        assert!(edit(&mut query, key(KeyCode::Char('é'))));
        assert!(edit(&mut query, key(KeyCode::Char('t'))));
        assert_eq!(query, "ét");
        assert!(edit(&mut query, key(KeyCode::Backspace)));
        assert_eq!(query, "é");
        assert!(!edit(&mut query, key(KeyCode::Enter)));
        assert!(!edit(
            &mut query,
            KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL)
        ));
        assert!(edit(
            &mut query,
            KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)
        ));
        assert_eq!(query, "");
        assert!(
            !edit(&mut query, key(KeyCode::Backspace)),
            "nothing to take off"
        );
    }
}
