//! What the screen shows, at 80×24 and 200×50, and that no size panics.

mod common;

use common::{OPTIONAL, RNCP, now, opened, screen, type_keys};
use insta::assert_snapshot;
use livret::portfolio::Portfolio;

fn both_sizes(name: &str, app: &livret::tui::app::App) {
    assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    assert_snapshot!(format!("{name}_200x50"), screen(app, 200, 50));
}

/// A candidate with two notes on C1.1.CR1, one more elsewhere, a level and
/// a ready critère.
fn candidate() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    let earlier = now().checked_sub(jiff::Span::new().hours(72)).unwrap();
    p.add_note(
        "C1.1.CR1",
        "Analyse de la zone Maghreb (2022)\nVentes des trois derniers exercices par pays.\n\
         Synthèse présentée au comité de direction.\nTroisième ligne.\nQuatrième ligne.",
        earlier,
    );
    p.add_note(
        "C1.1.CR1",
        "Tableau de bord 📊 export\nSuivi mensuel, 日本 inclus.",
        now(),
    );
    p.cycle_status("C1.1.CR1", now());
    p.set_level("C1.1.CR1", Some(3));
    p.add_note("C1.1.CR2", "Plan marketing Maroc", earlier);
    p.cycle_status("C1.1.CR2", now());
    p
}

#[test]
fn picker() {
    let app = common::app_with(vec![candidate()]);
    both_sizes("picker", &app);
}

#[test]
fn tree_with_a_bloc_expanded() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "l");
    both_sizes("tree_bloc_expanded", &app);
}

#[test]
fn critere_with_two_notes() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "llll<Tab>j");
    both_sizes("critere_two_notes", &app);
}

#[test]
fn optional_blocs_not_targeted_are_dimmed_and_labelled() {
    let mut app = opened(OPTIONAL, vec![]);
    type_keys(&mut app, "jjjt");
    assert_snapshot!("optional_blocs_80x24", screen(&app, 80, 24));
}

#[test]
fn editor() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(
        &mut app,
        "llllaTitre de la preuve<Enter>Un texte assez long pour passer à la ligne dans la fenêtre d’édition, avec des accents é è à et un emoji 🎉.",
    );
    both_sizes("editor", &app);
}

#[test]
fn help_overlay() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "?");
    both_sizes("help", &app);
}

#[test]
fn too_small() {
    let app = opened(RNCP, vec![]);
    assert_snapshot!("too_small_59x20", screen(&app, 59, 20));
    assert_snapshot!("too_small_80x15", screen(&app, 80, 15));
}

#[test]
fn no_size_panics_on_any_screen() {
    let mut screens = vec![common::app_with(vec![candidate()])];
    let mut main = opened(RNCP, vec![candidate()]);
    type_keys(&mut main, "llll<Tab>");
    screens.push(main);
    let mut editing = opened(RNCP, vec![candidate()]);
    type_keys(&mut editing, "llllaé🎉<Enter>x");
    screens.push(editing);
    let mut help = opened(OPTIONAL, vec![]);
    type_keys(&mut help, "?");
    screens.push(help);
    for app in &screens {
        for width in 0..=120 {
            for height in 0..=40 {
                common::render(app, width, height);
            }
        }
    }
}

#[test]
fn search_overlay() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "/strategie");
    both_sizes("search", &app);
}
