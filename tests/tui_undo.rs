//! Undo and redo of the candidate's work (`u`, Ctrl-R), `s` asking before
//! it drops a unit with notes back to « à faire », and notes kept « hors
//! référentiel » found and moved to a critère (issue 21, points 5 and 6).

mod common;

use common::{RNCP, message, now, opened, question, screen, type_keys};
use livret::portfolio::{Portfolio, Status};
use livret::tui::app::{App, Effect, Popup};
use livret::tui::reply::Question;

fn portfolio(app: &App) -> &Portfolio {
    app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap()
}

fn on_critere() -> App {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "/C1.1.CR1<Enter>");
    assert_eq!(common::selected_critere(&app).as_deref(), Some("C1.1.CR1"));
    app
}

#[test]
fn every_change_of_the_session_can_be_taken_back_and_done_again() {
    let mut app = on_critere();
    type_keys(&mut app, "aPremière preuve<C-s>");
    type_keys(&mut app, "s3");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Ready);
    assert_eq!(portfolio(&app).critere("C1.1.CR1").unwrap().level, Some(3));
    // Back, one change at a time, each saved.
    let effects = type_keys(&mut app, "u");
    assert!(effects.contains(&Effect::Changed));
    assert_eq!(portfolio(&app).critere("C1.1.CR1").unwrap().level, None);
    let said = message(&app).unwrap();
    assert!(said.starts_with("Annulé : C1.1.CR1"), "{said}");
    type_keys(&mut app, "u");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::InProgress);
    type_keys(&mut app, "u");
    assert!(
        portfolio(&app).notes("C1.1.CR1").is_empty(),
        "the note is gone"
    );
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Todo);
    type_keys(&mut app, "u");
    assert!(message(&app).unwrap().starts_with("Rien à annuler"));
    // And forward again.
    type_keys(&mut app, "<C-r><C-r>");
    assert_eq!(portfolio(&app).notes("C1.1.CR1")[0].text, "Première preuve");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Ready);
    assert!(message(&app).unwrap().starts_with("Refait : C1.1.CR1"));
    // A new change forgets what could be done again.
    type_keys(&mut app, "1<C-r>");
    assert_eq!(message(&app).as_deref(), Some("Rien à refaire."));
    // Moving in the tree is not a change.
    type_keys(&mut app, "jjkk");
    type_keys(&mut app, "u");
    assert_eq!(portfolio(&app).critere("C1.1.CR1").unwrap().level, None);
}

#[test]
fn an_edit_with_its_autosaves_is_one_change() {
    let mut app = on_critere();
    type_keys(&mut app, "aAvant<C-s>");
    type_keys(&mut app, "lePendant");
    // The idle autosave keeps a draft while the editor is open.
    app.update(livret::tui::action::Action::SaveDraft);
    type_keys(&mut app, " et après<C-s>");
    assert!(
        portfolio(&app).notes("C1.1.CR1")[0]
            .text
            .ends_with("et après")
    );
    type_keys(&mut app, "<Esc>u");
    assert_eq!(portfolio(&app).notes("C1.1.CR1")[0].text, "Avant");
    assert!(!portfolio(&app).notes("C1.1.CR1")[0].draft);
}

#[test]
fn deleting_an_experience_is_undone_with_its_links() {
    let mut p = Portfolio::new(RNCP);
    p.add_note("C1.1.CR1", "Salon de Dubaï", now());
    let id = p.add_experience(livret::experience::Experience {
        title: "Export Maghreb".into(),
        ..Default::default()
    });
    p.work_mut("C1.1.CR1").unwrap().notes[0].experiences = vec![id.clone()];
    let mut app = opened(RNCP, vec![p]);
    type_keys(&mut app, "Xdo");
    assert!(portfolio(&app).experiences.is_empty());
    type_keys(&mut app, "u");
    assert_eq!(portfolio(&app).experiences[0].id, id);
    assert_eq!(
        portfolio(&app).notes("C1.1.CR1")[0].experiences,
        std::slice::from_ref(&id)
    );
    // Undoing an addition never gives its id out again.
    type_keys(&mut app, "aTitre<C-s>");
    let added = portfolio(&app).experiences.last().unwrap().id.clone();
    type_keys(&mut app, "u");
    type_keys(&mut app, "aAutre<C-s>");
    let again = portfolio(&app).experiences.last().unwrap().id.clone();
    assert_ne!(added, again);
}

#[test]
fn an_editor_left_with_a_draft_is_one_change_of_its_own() {
    let mut app = on_critere();
    type_keys(&mut app, "aBrouillon en cours");
    app.update(livret::tui::action::Action::SaveDraft);
    type_keys(&mut app, "<Esc>");
    if question(&app).is_some() {
        type_keys(&mut app, "o");
    }
    // Another change, elsewhere; undo takes back only that one.
    type_keys(&mut app, "j3");
    type_keys(&mut app, "u");
    let said = message(&app).unwrap();
    assert!(said.starts_with("Annulé : C1.1.CR2"), "{said}");
}

#[test]
fn s_asks_before_a_unit_with_notes_goes_back_to_a_faire() {
    let mut app = on_critere();
    type_keys(&mut app, "aUne preuve<C-s>s");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Ready);
    type_keys(&mut app, "s");
    match question(&app) {
        Some(q @ Question::ResetStatus { notes: 1, .. }) => {
            assert!(q.text().contains("1 note gardée"), "{}", q.text());
        }
        other => panic!("{other:?}"),
    }
    type_keys(&mut app, "n");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Ready);
    type_keys(&mut app, "so");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Todo);
    assert_eq!(portfolio(&app).notes("C1.1.CR1").len(), 1);
    // Without notes, s cycles as before.
    type_keys(&mut app, "jss");
    type_keys(&mut app, "s");
    assert!(question(&app).is_none());
}

fn with_an_orphan() -> App {
    let mut p = Portfolio::new(RNCP);
    p.add_note(
        "C9.9.CR9",
        "Veille sur les salons\nGardée d’une ancienne version.",
        now(),
    );
    opened(RNCP, vec![p])
}

#[test]
fn an_orphan_note_is_found_by_search_and_shown_in_the_tree() {
    let mut app = with_an_orphan();
    type_keys(&mut app, "/ancienne version");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search is open");
    };
    assert_eq!(
        search.results[0].path,
        "hors référentiel › C9.9.CR9 › note 1"
    );
    type_keys(&mut app, "<Enter>");
    assert_eq!(common::selected_critere(&app).as_deref(), Some("C9.9.CR9"));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Hors référentiel"), "{shown}");
    assert!(shown.contains("Veille sur les salons"), "{shown}");
    insta::assert_snapshot!("orphan_found_80x24", shown);
    insta::assert_snapshot!("orphan_found_200x50", screen(&app, 200, 50));
}

#[test]
fn an_orphan_note_moves_to_a_critere_and_the_orphan_goes() {
    let mut app = with_an_orphan();
    type_keys(&mut app, "/ancienne version<Enter>M");
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Déplacer « Veille sur les salons » vers…"),
        "{shown}"
    );
    insta::assert_snapshot!("move_note_80x24", shown);
    // Only units of evidence are offered: not blocs, not notes.
    type_keys(&mut app, "C1.1.CR2");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search is open");
    };
    assert!(
        search.results.iter().all(|f| matches!(
            f.kind,
            livret::search::Kind::Critere | livret::search::Kind::Competence
        )),
        "{:?}",
        search.results
    );
    let effects = type_keys(&mut app, "<Enter>");
    assert!(effects.contains(&Effect::Changed));
    let p = portfolio(&app);
    assert_eq!(p.notes("C1.1.CR2")[0].title(), "Veille sur les salons");
    assert!(
        p.critere("C9.9.CR9").is_none(),
        "nothing left hors référentiel"
    );
    assert!(app.session.doc().unwrap().orphans.is_empty());
    assert_eq!(common::selected_critere(&app).as_deref(), Some("C1.1.CR2"));
    assert!(
        message(&app)
            .unwrap()
            .contains("déplacée de C9.9.CR9 vers C1.1.CR2")
    );
    // And back.
    type_keys(&mut app, "u");
    assert_eq!(portfolio(&app).notes("C9.9.CR9").len(), 1);
    assert!(portfolio(&app).notes("C1.1.CR2").is_empty());
    assert_eq!(app.session.doc().unwrap().orphans, ["C9.9.CR9"]);
}

#[test]
fn a_tutor_has_nothing_to_undo() {
    let mut app = on_critere();
    app.session.tutor = Some(livret::tui::session::Tutor {
        name: "Claire".into(),
        filter: false,
        read_only: None,
    });
    let effects = type_keys(&mut app, "u");
    assert!(!effects.contains(&Effect::Changed));
}
