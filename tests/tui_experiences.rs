//! Experiences, links from notes, and the coverage matrix, driven by keys
//! through `update()` and drawn at 80×24 and 200×50.

mod common;

use common::{RNCP, now, opened, screen, type_keys};
use insta::assert_snapshot;
use livret::experience::{Experience, Month};
use livret::portfolio::Portfolio;
use livret::tui::app::{App, Pane, Popup, Screen};
use livret::tui::keymap::Context;

fn portfolio(app: &App) -> &Portfolio {
    app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap()
}

/// Seven experiences and notes on BC1 to BC4, linked to some of them.
fn candidate() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    let experiences = [
        (
            "Export Maghreb",
            "Lacroix Emballages",
            (2019, 3),
            Some((2022, 6)),
        ),
        (
            "Salon Gulfood Dubaï",
            "Lacroix Emballages",
            (2021, 2),
            Some((2021, 2)),
        ),
        ("Prospection Sénégal", "Atlas Distribution", (2022, 9), None),
        (
            "Négociation Atlas",
            "Atlas Distribution",
            (2023, 1),
            Some((2023, 4)),
        ),
        (
            "Veille concurrentielle",
            "Atlas Distribution",
            (2022, 9),
            None,
        ),
        (
            "Tableau de bord export",
            "Lacroix Emballages",
            (2020, 1),
            Some((2022, 6)),
        ),
        ("Bénévolat CCI", "CCI Lyon", (2017, 5), Some((2019, 1))),
    ];
    let ids: Vec<String> = experiences
        .iter()
        .map(|&(title, employer, (y, m), to)| {
            p.add_experience(Experience {
                title: title.into(),
                employer: employer.into(),
                from: Month::new(y, m),
                to: to.and_then(|(y, m)| Month::new(y, m)),
                ..Experience::default()
            })
        })
        .collect();
    let notes: [(&str, &str, &[usize]); 8] = [
        ("C1.1.CR1", "Analyse de la zone Maghreb", &[0, 5]),
        ("C1.1.CR1", "Tableau de bord mensuel", &[0, 5]),
        ("C1.1.CR2", "Plan marketing Maroc", &[0]),
        ("C1.2.CR3", "Ciblage des distributeurs", &[2]),
        ("C2.1.CR5", "Contrat-cadre Atlas", &[3]),
        ("C3.1.CR1", "Note sans expérience", &[]),
        ("C4.1.CR2", "Salon de Dubaï", &[1, 6]),
        ("C4.1.CR2", "Compte rendu du salon", &[1]),
    ];
    for (critere, text, links) in notes {
        let index = p.add_note(critere, text, now()).unwrap();
        let links: Vec<String> = links.iter().map(|&i| ids[i].clone()).collect();
        p.set_links(critere, index, &links, now());
    }
    p
}

#[test]
fn x_opens_the_experiences_and_every_field_is_filled_from_the_keyboard() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "X");
    assert_eq!(app.screens.shown, Screen::Experiences);
    assert_snapshot!("experiences_empty_80x24", screen(&app, 80, 24));
    type_keys(&mut app, "a");
    assert_eq!(app.context(), Context::ExperienceForm);
    type_keys(
        &mut app,
        "Export Maghreb<Enter>Lacroix Emballages<Tab>Chargée d’affaires export<Enter>\
         03/2019<Enter>06/2022<Enter>Casablanca<Enter>Ventes en Algérie et au Maroc.<Enter>Équipe de 3.",
    );
    assert_snapshot!("experience_form_80x24", screen(&app, 80, 24));
    let effects = type_keys(&mut app, "<C-s>");
    assert_eq!(effects, [livret::tui::app::Effect::Changed]);
    assert_eq!(app.context(), Context::Experiences);
    let experience = &portfolio(&app).experiences[0];
    assert_eq!(
        experience,
        &Experience {
            id: "exp-1".into(),
            title: "Export Maghreb".into(),
            employer: "Lacroix Emballages".into(),
            role: "Chargée d’affaires export".into(),
            from: Month::new(2019, 3),
            to: Month::new(2022, 6),
            place: "Casablanca".into(),
            description: "Ventes en Algérie et au Maroc.\nÉquipe de 3.".into(),
        }
    );
    assert_snapshot!("experiences_one_200x50", screen(&app, 200, 50));
}

#[test]
fn an_empty_end_means_ongoing_and_a_bad_month_keeps_the_form_open() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "Xa<C-s>");
    assert_eq!(
        common::form(&app).unwrap().error.as_deref(),
        Some("L’intitulé est obligatoire.")
    );
    type_keys(&mut app, "Veille<Tab><Tab><Tab>13/2021<C-s>");
    let error = common::form(&app).unwrap().error.clone().unwrap();
    assert!(
        error.starts_with("Début : « 13/2021 » n’est pas un mois"),
        "{error}"
    );
    type_keys(
        &mut app,
        "<Backspace><Backspace><Backspace><Backspace><Backspace><Backspace><Backspace>09/2022<C-s>",
    );
    assert!(common::form(&app).is_none());
    let experience = &portfolio(&app).experiences[0];
    assert_eq!(experience.period(), "depuis septembre 2022 (en cours)");
}

#[test]
fn escape_with_changes_asks_before_dropping_the_form() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "XaBrouillon<Esc>");
    assert_eq!(app.context(), Context::Confirm);
    type_keys(&mut app, "n");
    assert_eq!(app.context(), Context::ExperienceForm);
    type_keys(&mut app, "<Esc>o");
    assert_eq!(app.context(), Context::Experiences);
    assert!(portfolio(&app).experiences.is_empty());
    type_keys(&mut app, "<Esc>");
    assert_eq!(app.screens.shown, Screen::Main);
}

#[test]
fn editing_keeps_the_id_and_the_links() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "Xje");
    type_keys(&mut app, " 2021<C-s>");
    let p = portfolio(&app);
    assert_eq!(p.experiences[1].title, "Salon Gulfood Dubaï 2021");
    assert_eq!(p.experiences[1].id, "exp-2");
    assert_eq!(p.notes_linking("exp-2").len(), 2);
    assert_eq!(
        common::message(&app).as_deref(),
        Some("Expérience enregistrée.")
    );
}

#[test]
fn deleting_an_experience_asks_removes_its_links_keeps_the_notes_and_u_undoes() {
    let mut app = opened(RNCP, vec![candidate()]);
    let notes = portfolio(&app).note_count();
    type_keys(&mut app, "Xd");
    assert_eq!(app.context(), Context::Confirm);
    let question = common::question(&app).unwrap().text();
    assert!(
        question.starts_with("Supprimer l’expérience « Export Maghreb » ? 3 notes y sont liées"),
        "{question}"
    );
    assert_snapshot!("experience_delete_question_80x24", screen(&app, 80, 24));
    type_keys(&mut app, "o");
    let p = portfolio(&app);
    assert_eq!(p.experiences.len(), 6);
    assert_eq!(p.note_count(), notes, "notes are kept");
    assert!(p.notes_linking("exp-1").is_empty());
    assert_eq!(p.notes("C1.1.CR1")[0].experiences, ["exp-6"]);
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .contains("3 liens retirés")
    );

    type_keys(&mut app, "u");
    let p = portfolio(&app);
    assert_eq!(p.experiences[0].id, "exp-1");
    assert_eq!(p.notes("C1.1.CR1")[0].experiences, ["exp-1", "exp-6"]);
    assert_eq!(p.notes_linking("exp-1").len(), 3);
    type_keys(&mut app, "u");
    assert_eq!(
        common::message(&app).as_deref(),
        Some("Rien à annuler (depuis l’ouverture de la certification).")
    );
}

#[test]
fn answering_no_deletes_nothing() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "Xdn");
    assert_eq!(portfolio(&app).experiences.len(), 7);
}

#[test]
fn ctrl_l_in_the_note_editor_links_experiences_and_ctrl_s_keeps_them() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "aMission au salon<C-l>");
    assert_eq!(app.context(), Context::LinkPicker);
    type_keys(&mut app, "dubai");
    assert_snapshot!("link_picker_80x24", screen(&app, 80, 24));
    type_keys(&mut app, "<Enter>");
    // The editor stays open, under the picker.
    let editor = app.modals.editor().expect("the editor stays open");
    assert_eq!(editor.links.ids, ["exp-2"]);
    type_keys(
        &mut app,
        "<Backspace><Backspace><Backspace><Backspace><Backspace>export<Down><Enter><Esc>",
    );
    assert_eq!(app.context(), Context::Editor);
    type_keys(&mut app, "<C-s>");
    let notes = portfolio(&app).notes("C1.1.CR1");
    assert_eq!(notes[2].text, "Mission au salon");
    assert_eq!(notes[2].experiences, ["exp-2", "exp-6"]);

    // The detail pane shows them under the note.
    type_keys(&mut app, "<Tab>");
    let shown = screen(&app, 200, 50);
    assert!(
        shown.contains("↳ Expériences : Salon Gulfood Dubaï · Tableau de bord export"),
        "{shown}"
    );
}

#[test]
fn unlinking_an_existing_note_saves_it_even_with_the_same_text() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "llll<Tab>e<C-l><Enter><Esc>");
    let Some(Popup::Editor(editor)) = app.modals.top() else {
        panic!("editor");
    };
    assert!(editor.is_modified());
    type_keys(&mut app, "<C-s>");
    assert_eq!(common::message(&app).as_deref(), Some("Note enregistrée."));
    assert_eq!(portfolio(&app).notes("C1.1.CR1")[0].experiences, ["exp-6"]);
}

#[test]
fn m_opens_the_matrix_on_the_selected_critère() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "lllljm");
    assert_eq!(app.screens.shown, Screen::Matrix);
    // BC1, C1.1, CR1, CR2.
    assert_eq!(app.screens.matrix.line, 3);
}

#[test]
fn enter_on_a_cell_lists_its_notes_and_opens_one() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "mjj<Enter>");
    let notes = common::cell_notes(&app).expect("the cell's notes");
    assert_eq!(notes.critere, "C1.1.CR1");
    assert_eq!(notes.notes.len(), 2);
    assert_eq!(app.context(), Context::MatrixNotes);
    assert_snapshot!("matrix_cell_notes_80x24", screen(&app, 80, 24));
    type_keys(&mut app, "j<Enter>");
    assert_eq!(app.screens.shown, Screen::Main);
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C1.1.CR1")
    );
    assert_eq!(app.screens.main.note, 1);
    assert_eq!(app.screens.main.focus, Pane::Detail);
}

#[test]
fn enter_on_an_empty_cell_says_so_and_on_a_group_folds_it() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "mjjl<Enter>");
    assert!(common::cell_notes(&app).is_none());
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .starts_with("Aucune note de C1.1.CR1 n’est liée à « Salon Gulfood Dubaï »")
    );
    type_keys(&mut app, "k<Enter>");
    assert!(app.screens.matrix.collapsed.contains("C1.1"));
    type_keys(&mut app, "j");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("▸ C1.1"), "{shown}");
    assert!(shown.contains("▾ C1.2"), "{shown}");
    type_keys(&mut app, "k<Enter>");
    assert!(app.screens.matrix.collapsed.is_empty());
}

#[test]
fn matrix_200x50() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "m");
    assert_snapshot!("matrix_200x50", screen(&app, 200, 50));
}

#[test]
fn matrix_80x24_scrolled_right_and_down() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "m");
    assert_snapshot!("matrix_80x24", screen(&app, 80, 24));
    type_keys(&mut app, "llllll");
    type_keys(&mut app, &"j".repeat(40));
    assert_eq!(app.screens.matrix.column, 6);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Bénévolat"), "last column in view:\n{shown}");
    assert!(
        shown.contains("Critère \\ expérience"),
        "column headers kept"
    );
    assert!(shown.contains("Total (notes liées)"), "totals kept");
    assert_snapshot!("matrix_80x24_scrolled", shown);
}

#[test]
fn the_matrix_without_experiences_still_shows_critères_without_evidence() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "m");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("aucune : X pour en décrire"), "{shown}");
    assert!(shown.contains("✗ CR1"), "{shown}");
    type_keys(&mut app, "jj<Enter>");
    assert_eq!(
        common::message(&app).as_deref(),
        Some("Aucune expérience : X pour en décrire une.")
    );
}

#[test]
fn the_new_screens_never_panic_at_any_size() {
    let mut screens = Vec::new();
    for keys in ["X", "Xa", "Xd", "m", "mjj<Enter>", "llllaé<C-l>"] {
        let mut app = opened(RNCP, vec![candidate()]);
        type_keys(&mut app, keys);
        screens.push(app);
    }
    for app in &screens {
        for width in 0..=100 {
            for height in 0..=30 {
                common::render(app, width, height);
            }
        }
    }
}

#[test]
fn read_only_portfolios_keep_their_experiences() {
    let mut app = opened(RNCP, vec![candidate()]);
    app.session.docs[app.session.current].read_only = Some("ouvert ailleurs".into());
    type_keys(&mut app, "Xd");
    assert!(common::question(&app).is_none());
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .starts_with("Lecture seule")
    );
    type_keys(&mut app, "a");
    assert!(common::form(&app).is_none());
}

#[test]
fn a_hang_up_keeps_a_form_that_has_a_title() {
    use livret::tui::action::Action;
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "Xa<Tab>Atlas");
    assert!(
        app.update(Action::SaveDraft).is_empty(),
        "no title: nothing kept"
    );
    type_keys(&mut app, "<Tab><Tab><Tab><Tab><Tab><Tab>Veille");
    let effects = app.update(Action::SaveDraft);
    assert_eq!(effects, [livret::tui::app::Effect::Changed]);
    assert_eq!(portfolio(&app).experiences[0].title, "Veille");
    assert_eq!(portfolio(&app).experiences[0].employer, "Atlas");
    let form = common::form(&app).expect("the form stays open");
    assert_eq!(form.editing.as_deref(), Some("exp-1"));
    assert!(!form.is_modified());
    type_keys(&mut app, " 2022<C-s>");
    assert_eq!(portfolio(&app).experiences.len(), 1, "the same experience");
    assert_eq!(portfolio(&app).experiences[0].title, "Veille 2022");
}
