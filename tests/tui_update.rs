//! The interface driven by keys through `update()`, without a terminal.

mod common;

use common::{OPTIONAL, RNCP, now, opened, type_keys};
use livret::portfolio::{Portfolio, Status};
use livret::tui::action::Action;
use livret::tui::app::{Effect, Pane, Popup, Question, Screen};

fn portfolio(app: &livret::tui::app::App) -> &Portfolio {
    app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap()
}

#[test]
fn the_picker_opens_the_selected_certification() {
    let mut app = common::app_with(vec![]);
    assert_eq!(app.screens.shown, Screen::Picker);
    let effects = type_keys(&mut app, "jjjj<Enter>");
    assert_eq!(app.screens.shown, Screen::Main);
    assert_eq!(effects, [Effect::Opened(RNCP.to_string())]);
}

#[test]
fn expanding_and_collapsing_the_tree() {
    let mut app = opened(RNCP, vec![]);
    assert_eq!(app.screens.main.rows.len(), 4, "four closed blocs");
    type_keys(&mut app, "l");
    assert_eq!(
        app.screens.main.rows.len(),
        6,
        "BC1 shows its two compétences"
    );
    type_keys(&mut app, "ll");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "C1.1");
    type_keys(&mut app, "l");
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C1.1.CR1")
    );
    type_keys(&mut app, "hh");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "C1.1");
    assert_eq!(app.screens.main.rows.len(), 6, "C1.1 collapsed");
    type_keys(&mut app, "h<Enter>");
    assert_eq!(app.screens.main.rows.len(), 4, "Enter toggles BC1 closed");
    type_keys(&mut app, "G");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "BC4");
    type_keys(&mut app, "g");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "BC1");
}

#[test]
fn adding_a_note_through_the_editor_marks_the_critere_in_progress() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    let effects = type_keys(&mut app, "aMission Maroc<Enter>Détails, q inclus<C-s>");
    assert_eq!(effects, [Effect::Changed]);
    assert!(app.modals.top().is_none());
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Mission Maroc\nDétails, q inclus");
    assert_eq!(notes[0].created, now());
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::InProgress);
    assert_eq!(common::message(&app).as_deref(), Some("Note ajoutée."));
}

#[test]
fn editing_a_note_changes_its_text_and_date() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "aPremier<C-s>aSecond<C-s>");
    app.now = now().checked_add(jiff::Span::new().hours(1)).unwrap();
    type_keys(&mut app, "<Tab>k<Enter> modifié<C-s>");
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes[0].text, "Premier modifié");
    assert_eq!(notes[0].updated, app.now);
    assert_eq!(notes[1].text, "Second");
}

#[test]
fn escape_with_unsaved_changes_asks_first() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "aBrouillon<Esc>");
    assert!(matches!(
        app.modals.top(),
        Some(Popup::Confirm(Question::DiscardNote))
    ));
    type_keys(&mut app, "n");
    assert!(matches!(app.modals.top(), Some(Popup::Editor(_))));
    type_keys(&mut app, " encore<Esc>o");
    assert!(app.modals.top().is_none());
    assert!(portfolio(&app).notes("C1.1.CR1").is_empty(), "nothing kept");
    type_keys(&mut app, "a<Esc>");
    assert!(
        app.modals.top().is_none(),
        "an untouched editor closes at once"
    );
}

#[test]
fn deleting_a_note_needs_confirmation() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "aUn<C-s>aDeux<C-s>");
    type_keys(&mut app, "<Tab>kd");
    assert!(matches!(app.modals.top(), Some(Popup::Confirm(_))));
    type_keys(&mut app, "n");
    assert_eq!(portfolio(&app).notes("C1.1.CR1").len(), 2);
    let effects = type_keys(&mut app, "do");
    assert_eq!(effects, [Effect::Changed]);
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Deux");
}

#[test]
fn status_and_level_keys_act_on_the_critere_from_either_pane() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "s");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::InProgress);
    type_keys(&mut app, "<Tab>s3");
    assert_eq!(app.screens.main.focus, Pane::Detail);
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Ready);
    assert_eq!(portfolio(&app).critere("C1.1.CR1").unwrap().level, Some(3));
    type_keys(&mut app, "0s");
    assert!(
        portfolio(&app).critere("C1.1.CR1").is_none(),
        "back to nothing"
    );
}

#[test]
fn note_keys_on_a_bloc_explain_what_to_do() {
    let mut app = opened(RNCP, vec![]);
    let effects = type_keys(&mut app, "as");
    assert!(effects.is_empty());
    assert!(app.modals.top().is_none());
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .contains("critère")
    );
}

#[test]
fn optional_blocs_can_be_targeted_and_mandatory_ones_cannot() {
    let mut app = opened(OPTIONAL, vec![]);
    let effects = type_keys(&mut app, "t");
    assert!(effects.is_empty());
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .contains("obligatoire")
    );
    type_keys(&mut app, "jjjt");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "BC4");
    assert!(portfolio(&app).targeted.contains("BC4"));
    type_keys(&mut app, "t");
    assert!(portfolio(&app).targeted.is_empty());
}

#[test]
fn the_selection_and_open_branches_are_restored() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    let saved = portfolio(&app).clone();
    assert_eq!(saved.view.selected.as_deref(), Some("C1.1.CR1"));
    let app = opened(RNCP, vec![saved]);
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C1.1.CR1")
    );
    assert_eq!(app.screens.main.rows.len(), 6 + 5);
}

#[test]
fn a_restored_selection_inside_a_closed_branch_falls_back_to_its_bloc() {
    let mut saved = Portfolio::new(RNCP);
    saved.view.selected = Some("C2.1.CR3".to_string());
    let app = opened(RNCP, vec![saved]);
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "BC2");
}

#[test]
fn an_unreadable_portfolio_is_not_opened_for_writing_and_says_why() {
    let mut app = common::app_with(vec![]);
    app.session.docs[0].portfolio = Err("x.ron:3:4: champ inconnu".to_string());
    let effects = type_keys(&mut app, "<Enter>");
    assert!(effects.is_empty());
    assert_eq!(app.screens.shown, Screen::Picker);
    assert!(
        matches!(app.modals.top(), Some(Popup::Unreadable { error, .. }) if error.contains("3:4"))
    );
    type_keys(&mut app, "<Esc>");
    assert!(app.modals.top().is_none());
}

#[test]
fn q_quits_but_types_a_q_in_the_editor() {
    let mut app = opened(RNCP, vec![]);
    assert_eq!(type_keys(&mut app, "q"), [Effect::Quit]);
    type_keys(&mut app, "lllla");
    assert!(type_keys(&mut app, "q").is_empty());
}

#[test]
fn the_external_editor_edits_the_selected_note() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    let effects = type_keys(&mut app, "E");
    assert_eq!(effects, [Effect::ExternalEditor(String::new())]);
    app.update(livret::tui::action::Action::ExternalEditDone(Some(
        "Depuis vim\ncorps\n".to_string(),
    )));
    assert_eq!(
        portfolio(&app).notes("C1.1.CR1")[0].text,
        "Depuis vim\ncorps"
    );
    let effects = type_keys(&mut app, "E");
    assert_eq!(
        effects,
        [Effect::ExternalEditor("Depuis vim\ncorps".to_string())]
    );
}

#[test]
fn help_opens_and_closes() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "?");
    assert!(matches!(app.modals.top(), Some(Popup::Help { .. })));
    type_keys(&mut app, "<Esc>");
    assert!(app.modals.top().is_none());
}

#[test]
fn search_jumps_to_a_critere_and_opens_the_tree_to_it() {
    let mut app = opened(RNCP, vec![]);
    assert_eq!(app.screens.main.rows.len(), 4);
    type_keys(&mut app, "/enquetes satisfaction");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert_eq!(search.results[0].path, "BC2 › C2.2 › CR5");
    type_keys(&mut app, "<Enter>");
    assert!(app.modals.top().is_none());
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C2.2.CR5")
    );
    assert_eq!(app.screens.main.focus, Pane::Tree);
    assert!(portfolio(&app).view.expanded.contains("C2.2"));
}

#[test]
fn a_word_typed_ahead_is_searched_once_at_its_last_key() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "/");
    // The run loop says more keys are waiting: no search meanwhile.
    app.session.keys_waiting = true;
    type_keys(&mut app, "enquetes satisfactio");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert!(search.stale && search.results.is_empty(), "{search:?}");
    // The last key: the whole word is searched.
    app.session.keys_waiting = false;
    type_keys(&mut app, "n");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert!(!search.stale);
    assert_eq!(search.results[0].path, "BC2 › C2.2 › CR5");
    // Enter typed ahead after letters goes to the results of the whole word.
    app.session.keys_waiting = true;
    type_keys(&mut app, "<Backspace>");
    type_keys(&mut app, "n");
    app.session.keys_waiting = false;
    type_keys(&mut app, "<Enter>");
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C2.2.CR5")
    );
}

#[test]
fn search_finds_a_note_and_selects_it_in_the_detail_pane() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "aPremière<C-s>aSalon Gulfood à Dubaï<C-s>gh");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "BC1");
    type_keys(&mut app, "/dubai<Enter>");
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C1.1.CR1")
    );
    assert_eq!(app.screens.main.focus, Pane::Detail);
    assert_eq!(app.screens.main.note, 1);
}

#[test]
fn escape_leaves_search_where_you_were() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "jj/negociation<Down><C-n><C-p>");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert_eq!(search.selected, 1);
    type_keys(&mut app, "<Esc>");
    assert!(app.modals.top().is_none());
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "BC3");
}

#[test]
fn an_exact_id_comes_first_and_backspace_edits_the_query() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "/C2.1x<Backspace>");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert_eq!(search.query, "C2.1");
    assert_eq!(search.results[0].path, "BC2 › C2.1");
    type_keys(&mut app, "<C-u>");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert!(search.query.is_empty() && search.results.is_empty());
}

#[test]
fn a_new_note_is_found_without_reopening() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "/x<Esc>");
    type_keys(&mut app, "llllaIncoterms DAP<C-s>");
    type_keys(&mut app, "/incoterms");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert_eq!(search.results.len(), 1);
    assert_eq!(search.results[0].path, "BC1 › C1.1 › CR1 › note 1");
}

#[test]
fn an_idle_editor_keeps_its_text_as_a_draft_and_ctrl_s_makes_it_a_note() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llllaMission en cours");
    let effects = app.update(livret::tui::action::Action::SaveDraft);
    assert_eq!(effects, [Effect::Changed]);
    let note = &portfolio(&app).notes("C1.1.CR1")[0];
    assert!(note.draft);
    assert_eq!(note.text, "Mission en cours");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::Todo);
    assert!(
        app.update(livret::tui::action::Action::SaveDraft)
            .is_empty(),
        "nothing new to keep"
    );
    type_keys(&mut app, " au Maroc<C-s>");
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes.len(), 1, "the draft became the note");
    assert!(!notes[0].draft);
    assert_eq!(notes[0].text, "Mission en cours au Maroc");
    assert_eq!(portfolio(&app).status("C1.1.CR1"), Status::InProgress);
}

#[test]
fn a_draft_is_offered_again_and_discarding_it_removes_it() {
    let mut saved = Portfolio::new(RNCP);
    saved.put_draft("C1.1.CR1", None, "Texte sauvé au raccroché", now());
    saved.view.selected = Some("C1.1.CR1".into());
    saved
        .view
        .expanded
        .extend(["BC1".to_string(), "C1.1".to_string()]);
    let mut app = opened(RNCP, vec![saved]);
    type_keys(&mut app, "a");
    let Some(Popup::Editor(editor)) = app.modals.top() else {
        panic!("the editor is open");
    };
    assert_eq!(editor.text(), "Texte sauvé au raccroché");
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .contains("Brouillon repris")
    );
    type_keys(&mut app, "<Esc>");
    assert!(
        app.modals.top().is_none(),
        "unchanged: closes and keeps the draft"
    );
    assert_eq!(portfolio(&app).draft("C1.1.CR1"), Some(0));
    type_keys(&mut app, "a !<Esc>o");
    assert!(portfolio(&app).notes("C1.1.CR1").is_empty());
}

#[test]
fn editing_a_note_keeps_a_separate_draft_until_saved() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llllaOriginal<C-s>e");
    type_keys(&mut app, " modifié");
    app.update(livret::tui::action::Action::SaveDraft);
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].text, "Original", "the note itself is untouched");
    assert!(notes[1].draft);
    type_keys(&mut app, "<C-s>");
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Original modifié");
}

#[test]
fn an_unreadable_portfolio_can_be_opened_read_only_and_nothing_changes() {
    let mut app = common::app_with(vec![]);
    let index = app
        .session
        .docs
        .iter()
        .position(|d| d.certification.id == RNCP)
        .unwrap();
    app.session.docs[index].portfolio = Err("p.ron:3:4: champ inconnu".to_string());
    type_keys(&mut app, "jjjj<Enter>");
    assert!(matches!(app.modals.top(), Some(Popup::Unreadable { .. })));
    let effects = type_keys(&mut app, "l");
    assert_eq!(app.screens.shown, Screen::Main);
    assert_eq!(effects, [Effect::Opened(RNCP.to_string())]);
    let effects = type_keys(&mut app, "llllas3t");
    assert!(effects.is_empty(), "no change is ever asked to be saved");
    assert!(app.modals.top().is_none());
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .starts_with("Lecture seule")
    );
    assert!(portfolio(&app).criteres.is_empty());
}

#[test]
fn an_unreadable_portfolio_offers_to_restore_the_latest_backup() {
    let mut app = common::app_with(vec![]);
    app.session.docs[0].portfolio = Err("p.ron:1:1: illisible".to_string());
    let effects = type_keys(&mut app, "<Enter>r");
    assert_eq!(effects, [Effect::RestoreLatestBackup(0)]);
}

#[test]
fn an_unreadable_portfolio_opened_read_only_is_never_exported_over_the_last_dossier() {
    let mut app = common::app_with(vec![]);
    app.session.docs[0].portfolio = Err("p.ron:1:1: illisible".to_string());
    type_keys(&mut app, "<Enter>l");
    assert_eq!(app.screens.shown, Screen::Main, "opened read-only");
    let effects = app.update(Action::Export);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Export(_))),
        "{effects:?}"
    );
    assert!(app.modals.is_empty(), "no export menu either");
    let message = common::message(&app).unwrap();
    assert!(
        message.starts_with("Export refusé : le portfolio est illisible"),
        "{message}"
    );
}

#[test]
fn an_index_built_off_the_loop_catches_up_with_notes_written_meanwhile() {
    let mut app = opened(RNCP, vec![]);
    let (token, certification, copy) = app.session.index_source().expect("nothing built yet");
    // The candidate writes while the index is being built from the copy.
    type_keys(&mut app, "llllaIncoterms DAP<C-s>");
    let built = livret::search::Index::new(&certification, &copy);
    app.install_index(token, built);
    type_keys(&mut app, "/incoterms");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert_eq!(
        search.results.len(),
        1,
        "the note written meanwhile is found"
    );
    assert!(
        app.session.index_source().is_none(),
        "nothing left to build"
    );
}

#[test]
fn an_index_for_another_certification_is_dropped() {
    let mut app = opened(RNCP, vec![]);
    let (token, certification, copy) = app.session.index_source().unwrap();
    type_keys(&mut app, "o<Up><Enter>");
    app.install_index(token, livret::search::Index::new(&certification, &copy));
    assert!(
        app.session.index_source().is_some(),
        "the other certification still needs one"
    );
}

#[test]
fn x_opens_the_export_menu_and_enter_asks_the_run_loop_for_what_it_says() {
    let mut app = opened(RNCP, vec![]);
    assert!(type_keys(&mut app, "x").is_empty());
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("‹ le dossier pour le jury ›"), "{shown}");
    assert!(shown.contains(&format!("{RNCP}.docx")), "{shown}");
    insta::assert_snapshot!("export_menu_80x24", shown);
    insta::assert_snapshot!("export_menu_200x50", common::screen(&app, 200, 50));
    // The follow-up, in Word only, of the first bloc.
    let effects = type_keys(&mut app, "ljlj<Right><Enter>");
    let [Effect::Export(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(request.options.suivi);
    assert_eq!(request.options.blocs, ["BC1"]);
    assert_eq!(request.formats, [livret::export::Format::Docx]);
    assert!(!request.overwrite);
    assert!(app.modals.is_empty());
    // Files already there: asked first, replaced only after yes.
    let names = vec![format!("{RNCP}-suivi-bc1.docx")];
    app.update(livret::tui::msg::Msg::ExportExists(request.clone(), names));
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("existe déjà dans exports/"), "{shown}");
    let effects = type_keys(&mut app, "o");
    assert_eq!(
        effects,
        [Effect::Export(livret::export::Request {
            overwrite: true,
            ..request.clone()
        })]
    );
}

fn shown(app: &livret::tui::app::App) -> String {
    crate::common::detail_node(app).unwrap().id().to_string()
}

fn selected(app: &livret::tui::app::App) -> String {
    crate::common::selected_node(app).unwrap().id().to_string()
}

fn later(app: &mut livret::tui::app::App, millis: i64) {
    app.now = app
        .now
        .checked_add(jiff::SignedDuration::from_millis(millis))
        .unwrap();
}

#[test]
fn a_burst_of_tree_moves_keeps_the_detail_until_the_keys_stop() {
    use livret::tui::action::Action;
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    assert_eq!(selected(&app), "C1.1.CR1");
    // A move on its own: the detail follows at once.
    later(&mut app, 500);
    type_keys(&mut app, "j");
    assert_eq!(shown(&app), "C1.1.CR2");
    assert!(!crate::common::detail_held(&app));
    // Moves closer together than HOLD (a held key): the detail waits.
    later(&mut app, 30);
    type_keys(&mut app, "j");
    later(&mut app, 30);
    type_keys(&mut app, "j");
    assert_eq!(selected(&app), "C1.1.CR4");
    assert_eq!(shown(&app), "C1.1.CR2");
    assert!(crate::common::detail_held(&app));
    // The run loop says the keys stopped: the detail catches up.
    let effects = app.update(Action::Settle);
    assert!(effects.is_empty());
    assert_eq!(shown(&app), "C1.1.CR4");
    assert!(!crate::common::detail_held(&app));
    // A move after a pause is on its own again.
    later(&mut app, 30);
    type_keys(&mut app, "k");
    later(&mut app, 200);
    type_keys(&mut app, "k");
    assert_eq!(shown(&app), selected(&app));
    // Anything else than a move shows the selection at once.
    later(&mut app, 30);
    type_keys(&mut app, "j");
    assert!(crate::common::detail_held(&app));
    type_keys(&mut app, "<Tab>");
    assert_eq!(shown(&app), selected(&app));
    assert!(!crate::common::detail_held(&app));
}

#[test]
fn a_message_outlives_the_end_of_a_burst() {
    use livret::tui::action::Action;
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "s");
    assert!(common::message(&app).is_some());
    app.update(Action::Settle);
    assert!(
        common::message(&app).is_some(),
        "Settle is not a key: the message stays"
    );
}

#[test]
fn the_tree_scrolls_by_half_a_screen_past_its_edges_only() {
    // Every bloc, activité and compétence open: far more rows than fit.
    let closed = opened(OPTIONAL, vec![]);
    let mut portfolio = Portfolio::new(OPTIONAL);
    for bloc in &closed.session.docs[closed.session.current]
        .certification
        .blocs
    {
        portfolio.view.expanded.insert(bloc.id.clone());
        for activite in &bloc.activites {
            portfolio.view.expanded.insert(activite.id.clone());
            for competence in &activite.competences {
                portfolio.view.expanded.insert(competence.id.clone());
            }
        }
        for competence in &bloc.competences {
            portfolio.view.expanded.insert(competence.id.clone());
        }
    }
    let mut app = opened(OPTIONAL, vec![portfolio]);
    type_keys(&mut app, "g");
    app.set_viewport((80, 24));
    assert!(
        app.screens.main.rows.len() > 30,
        "{} rows",
        app.screens.main.rows.len()
    );
    assert_eq!(app.screens.main.tree_offset, 0);
    let height = livret::tui::view::tree_rows(&app, (80, 24));
    for _ in 0..height - 1 {
        type_keys(&mut app, "j");
    }
    assert_eq!(
        app.screens.main.tree_offset, 0,
        "the last visible row: no scroll yet"
    );
    type_keys(&mut app, "j");
    assert_eq!(
        app.screens.main.tree_offset,
        height / 2,
        "one step past: half a screen"
    );
    type_keys(&mut app, "k");
    assert_eq!(
        app.screens.main.tree_offset,
        height / 2,
        "back inside: no scroll"
    );
    type_keys(&mut app, "G");
    assert_eq!(
        app.screens.main.tree_offset,
        app.screens.main.rows.len() - height
    );
}

#[test]
fn a_search_typed_while_the_index_is_built_streams_the_same_results() {
    let mut app = opened(RNCP, vec![]);
    let (token, certification, copy) = app.session.index_source().expect("nothing built yet");
    assert!(app.session.index_building());
    // `/` opens at once rather than building a second index on the spot,
    // and the texts are streamed through the matcher meanwhile.
    type_keys(&mut app, "/commerce");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert_eq!(search.query, "commerce");
    assert!(app.session.index_building(), "no index built on the spot");
    let streamed = search.results.clone();
    assert!(!streamed.is_empty());
    let screen = common::screen(&app, 80, 24);
    assert!(screen.contains("résultats"), "{screen}");

    app.install_index(token, livret::search::Index::new(&certification, &copy));
    assert!(!app.session.index_building());
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is still open");
    };
    assert_eq!(
        search.results, streamed,
        "the index gives what was streamed"
    );
}

#[test]
fn keys_that_come_together_keep_the_detail_the_screen_shows() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llll");
    app.update(livret::tui::msg::Msg::FrameDrawn);
    assert_eq!(shown(&app), "C1.1.CR1");
    // Five moves read in one go, before any frame: the first of them is
    // never on screen, so the detail stays on what was.
    later(&mut app, 500);
    type_keys(&mut app, "jjjkj");
    assert_eq!(shown(&app), "C1.1.CR1");
    assert_ne!(selected(&app), "C1.1.CR1");
    // The idle autosave is not a key: the burst is still waiting for its end.
    app.update(livret::tui::action::Action::SaveDraft);
    assert!(crate::common::detail_held(&app));
}

#[test]
fn one_index_is_built_at_a_time_and_a_failed_build_is_replaced_on_the_spot() {
    let mut app = opened(RNCP, vec![]);
    let (token, certification, copy) = app.session.index_source().expect("nothing built yet");
    assert!(app.session.index_source().is_none(), "one build at a time");
    // Opened again from the picker while it builds: still the same build.
    type_keys(&mut app, "o<Enter>");
    assert!(app.session.index_source().is_none());
    app.install_index(token + 1, livret::search::Index::new(&certification, &copy));
    assert!(
        app.session.index_building(),
        "another build's index is not taken"
    );

    // The thread fails: the search builds the index itself.
    type_keys(&mut app, "/");
    app.session.index_failed(token);
    assert!(!app.session.index_building());
    type_keys(&mut app, "commerce");
    let Some(Popup::Search(search)) = app.modals.top() else {
        panic!("the search overlay is open");
    };
    assert!(!search.results.is_empty());
}

#[test]
fn a_failed_save_is_shown_and_keeps_the_editor_with_its_text() {
    use livret::store::DataDir;
    use livret::tui::io::saver::Saver;
    let dir = tempfile::tempdir().unwrap();
    // A file where the portfolios directory should be: every save fails.
    std::fs::write(dir.path().join("portfolios"), "").unwrap();
    let data = DataDir::new(dir.path());
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "llllaPreuve");
    let mut saver = Saver::default();
    saver.changed(app.session.current);
    let mut said = Vec::new();
    let waker = livret::tui::wake::Waker::default();
    assert!(
        saver
            .save_now(&app.session, &data, &waker, &mut said)
            .is_err()
    );
    for msg in said {
        app.update(msg);
    }
    let Some(Popup::Editor(editor)) = app.modals.top() else {
        panic!("the editor stays open");
    };
    assert_eq!(editor.text(), "Preuve", "the text typed is still there");
    let message = common::message(&app).unwrap();
    assert!(
        message.starts_with("Échec de l’enregistrement"),
        "{message}"
    );
}

#[test]
fn text_that_would_reorder_or_hide_itself_is_shown_with_markers() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "lllla");
    // A title that a bidi override would show as « Rapport_exe.pdf ».
    for c in "Rapport_\u{202e}fdp.exe\u{200b}".chars() {
        let key =
            ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c));
        app.update(Action::Type(key));
    }
    type_keys(&mut app, "<C-s>");
    let shown = common::screen(&app, 200, 50);
    assert!(shown.contains("Rapport_⟨U+202E⟩fdp.exe⟨U+200B⟩"), "{shown}");
    type_keys(&mut app, "/rapport");
    let shown = common::screen(&app, 200, 50);
    assert!(
        shown.contains("Rapport_⟨U+202E⟩fdp.exe⟨U+200B⟩"),
        "search: {shown}"
    );
    assert!(!shown.contains('\u{202e}'), "never applied");

    // In a référentiel too (a candidate's own import, read by a tutor):
    // the tree and the fiche.
    let doc = app.session.current;
    std::sync::Arc::make_mut(&mut app.session.docs[doc].certification).blocs[0].title =
        "Bloc \u{202e}zorglub".into();
    type_keys(&mut app, "<Esc>");
    let shown = common::screen(&app, 200, 50);
    assert!(shown.contains("Bloc ⟨U+202E⟩zorglub"), "tree: {shown}");
    type_keys(&mut app, "i");
    let fiche = app.screens.fiche.as_ref().expect("the fiche is open");
    assert!(
        fiche
            .lines
            .iter()
            .any(|l| l.text.contains("Bloc ⟨U+202E⟩zorglub")),
        "fiche"
    );
    let shown = common::screen(&app, 200, 50);
    assert!(!shown.contains('\u{202e}'), "never applied");
}
