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

/// What a message says, on the screen: its words, whatever the lines.
fn words_on(shown: &str) -> String {
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_long_message_wraps_above_the_hints_and_l_lists_every_message() {
    let mut app = opened(RNCP, vec![two_notes()]);
    let folder = "/home/candidate/.local/share/livret/exports/un-dossier-au-nom-tres-long";
    let said = format!("Exporté : {RNCP}.md et {RNCP}.html dans {folder}");
    app.update(livret::tui::msg::Msg::Said(
        livret::tui::status::Status::info(said.clone()),
    ));
    for (w, h) in [(80, 24), (200, 50), (60, 16)] {
        let shown = screen(&app, w, h);
        // Every char is there, in order, the folder whole; the hints stay
        // on the last line.
        let squeezed: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
        let wanted: String = said.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains(&wanted), "{w}×{h}:\n{shown}");
        assert!(shown.lines().last().unwrap().contains("? aide"), "{shown}");
    }
    assert_snapshot!("long_message_80x24", screen(&app, 80, 24));
    // Replaced by the next, it is still in the journal.
    type_keys(&mut app, "llll1");
    type_keys(&mut app, "L");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Derniers messages"), "{shown}");
    assert!(shown.contains("Auto-évaluation : 1/4"), "{shown}");
    assert!(words_on(&shown).contains("Exporté :"), "{shown}");
    assert_snapshot!("messages_80x24", shown);
    assert_snapshot!("messages_200x50", screen(&app, 200, 50));
    type_keys(&mut app, "<Esc>");
    assert!(app.modals.is_empty());
}

#[test]
fn the_tutor_banner_wraps_instead_of_being_cut() {
    let mut app = opened(RNCP, vec![two_notes()]);
    app.session.tutor = Some(livret::tui::session::Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    let current = app.session.current;
    app.session.docs[current].read_only =
        Some("le portfolio de awa-diallo-ndiaye ne se modifie que de son côté".into());
    let shown = screen(&app, 80, 24);
    assert!(
        words_on(&shown).contains("ne se modifie que de son côté"),
        "{shown}"
    );
    for (w, h) in [(60, 16), (200, 50), (20, 5)] {
        screen(&app, w, h);
    }
}

#[test]
fn a_wide_screen_shows_more_of_a_note_and_a_small_one_scrolls_to_all_of_it() {
    let mut p = Portfolio::new(RNCP);
    let body: Vec<String> = (1..=12).map(|i| format!("Ligne {i} du récit.")).collect();
    p.add_note(
        "C1.1.CR1",
        &format!("Première preuve\n{}", body.join("\n")),
        now(),
    );
    let id = p.add_experience(livret::experience::Experience {
        title: "Export Maghreb".into(),
        ..Default::default()
    });
    p.add_note("C1.1.CR1", "Seconde preuve\nLe marché tunisien.", now());
    p.work_mut("C1.1.CR1").unwrap().notes[1].experiences = vec![id];
    let mut app = opened(RNCP, vec![p]);
    type_keys(&mut app, "/C1.1.CR1<Enter>");
    // 200×50: the whole first note, and the tree shows the critère's title whole.
    let wide = screen(&app, 200, 50);
    assert!(wide.contains("Ligne 12 du récit."), "{wide}");
    assert!(
        wide.contains(
            "CR1 Analyser les caractéristiques de sa zone et les résultats des exercices"
        ),
        "{wide}"
    );
    // 80×24: three lines, and the second note's experiences reached with j.
    let small = screen(&app, 80, 24);
    assert!(small.contains("Ligne 3 du récit."), "{small}");
    assert!(!small.contains("Ligne 4 du récit."), "{small}");
    type_keys(&mut app, "lj");
    let small = screen(&app, 80, 24);
    assert!(small.contains("▶ Seconde preuve"), "{small}");
    let mut presses = 0;
    while !screen(&app, 80, 24).contains("↳ Expériences : Export Maghreb") {
        assert!(presses < 12, "never reached:\n{}", screen(&app, 80, 24));
        type_keys(&mut app, "j");
        presses += 1;
    }
    assert_snapshot!("long_note_200x50", wide);
    // Back up: k scrolls back first, then selects the first note.
    for _ in 0..20 {
        type_keys(&mut app, "k");
    }
    assert!(screen(&app, 80, 24).contains("▶ Première preuve"));
}
