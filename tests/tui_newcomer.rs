//! What a newcomer trips over (issue 21), in the interface: which note the
//! note keys act on, drafts shown as « brouillon » and never as evidence.

mod common;

use common::{RNCP, now, opened, question, screen, type_keys};
use insta::assert_snapshot;
use livret::portfolio::Portfolio;
use livret::tui::reply::Question;

fn two_notes() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    let earlier = now().checked_sub(jiff::Span::new().hours(2)).unwrap();
    p.add_note("C1.1.CR1", "Première preuve\nLe marché marocain.", earlier);
    p.add_note("C1.1.CR1", "Seconde preuve\nLe marché tunisien.", now());
    p
}

/// The note `d` asks to delete (answered no).
fn delete_asks_for(app: &mut livret::tui::app::App) -> (usize, String) {
    type_keys(app, "d");
    let asked = match question(app) {
        Some(Question::DeleteNote { index, title, .. }) => (*index, title.clone()),
        other => panic!("{other:?}"),
    };
    type_keys(app, "n");
    asked
}

#[test]
fn the_note_the_keys_act_on_is_marked_even_with_the_tree_focused() {
    let mut app = opened(RNCP, vec![two_notes()]);
    type_keys(&mut app, "llll");
    // Tree focused: the first note is the one marked, and `d` acts on it.
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("▶ Première preuve"), "{shown}");
    assert!(shown.contains("▸ Seconde preuve"), "{shown}");
    assert_eq!(delete_asks_for(&mut app), (0, "Première preuve".into()));
    // A note just added is the one marked, and the one `d` acts on.
    type_keys(&mut app, "aTroisième preuve<C-s>");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("▶ Troisième preuve"), "{shown}");
    assert_eq!(delete_asks_for(&mut app), (2, "Troisième preuve".into()));
    assert_snapshot!("marked_note_tree_focused_80x24", screen(&app, 80, 24));
    assert_snapshot!("marked_note_tree_focused_200x50", screen(&app, 200, 50));
}

#[test]
fn a_draft_is_shown_as_a_brouillon_in_the_tree_and_the_detail() {
    let mut p = two_notes();
    p.put_draft("C1.1.CR2", None, "Brouillon inachevé", now());
    p.put_draft("C1.1.CR1", None, "Autre brouillon", now());
    let mut app = opened(RNCP, vec![p]);
    type_keys(&mut app, "lll");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("✎2✐1"), "two notes, one draft: {shown}");
    assert!(shown.contains("… ✐1"), "a draft alone: {shown}");
    type_keys(&mut app, "l");
    let shown = screen(&app, 200, 50);
    assert!(
        shown.contains("Notes de preuve (2) et 1 brouillon"),
        "{shown}"
    );
    assert!(shown.contains("Autre brouillon (brouillon)"), "{shown}");
    // Not evidence: the unit's words leave it out.
    assert!(shown.contains("Rédaction : 10/300 mots"), "{shown}");
}

#[test]
fn the_picker_lists_unreadable_referentiels_with_where_and_why() {
    let mut app = common::app_with(vec![]);
    app.session.unreadable = vec![
        "/home/awa/.local/share/livret/referentiels/casse.ron:12:9: champ inconnu « critère » ; \
         champs possibles ici : id, text, group, former_ids"
            .to_string(),
    ];
    assert_snapshot!("picker_unreadable_80x24", screen(&app, 80, 24));
    assert_snapshot!("picker_unreadable_200x50", screen(&app, 200, 50));
    // Never openable: the list holds the readable ones and the import line.
    type_keys(&mut app, "jjjjjjjjjj");
    assert_eq!(app.screens.picker.selected, app.session.docs.len());
    type_keys(&mut app, "g");
    assert_eq!(app.screens.picker.selected, 0);
    type_keys(&mut app, "G");
    assert_eq!(app.screens.picker.selected, app.session.docs.len());
}

#[test]
fn levels_have_names_in_the_detail_the_status_line_and_the_hint_bar() {
    let mut app = opened(RNCP, vec![two_notes()]);
    type_keys(&mut app, "llll3");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("auto-évaluation 3/4 (autonome)"), "{shown}");
    assert!(
        shown.contains("Auto-évaluation : 3/4 (autonome)."),
        "{shown}"
    );
    type_keys(&mut app, "0");
    let shown = screen(&app, 200, 50);
    assert!(shown.contains("1 à 4 : niveau"), "{shown}");
    assert!(!shown.contains("0 niveau"), "{shown}");
}

#[test]
fn help_opens_on_the_section_of_the_screen_it_was_asked_from() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "?");
    let first_section = |app: &livret::tui::app::App| {
        screen(app, 80, 24)
            .lines()
            .nth(3)
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        first_section(&app).contains("Référentiel"),
        "{}",
        screen(&app, 80, 24)
    );
    type_keys(&mut app, "<Esc>mX?");
    assert!(
        first_section(&app).contains("Expériences"),
        "{}",
        screen(&app, 80, 24)
    );
    type_keys(&mut app, "<Esc><Esc>p?");
    assert!(
        first_section(&app).contains("Tableau de bord"),
        "{}",
        screen(&app, 80, 24)
    );
}
