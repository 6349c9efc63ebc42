//! The coach in the interface: prompts and the frame in the editor, words
//! and hints in the detail, « Que faire maintenant ? », the dashboard with
//! the jury date, France VAE's positioning. Rendered at 80×24 and 200×50.

mod common;

use common::{RNCP, now, opened, screen, selected_critere, type_keys};
use insta::assert_snapshot;
use jiff::ToSpan;
use livret::portfolio::{Hint, Portfolio, Positioning};
use livret::tui::modals::Modal;

fn both_sizes(name: &str, app: &livret::tui::app::App) {
    assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    assert_snapshot!(format!("{name}_200x50"), screen(app, 200, 50));
}

fn days_ago(days: i64) -> jiff::Timestamp {
    now().checked_sub((24 * days).hours()).unwrap()
}

/// Words written over the last weeks, two critères made prêt, a jury date
/// four months away.
fn writing_candidate() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    let words = |n: usize| vec!["mot"; n].join(" ");
    p.add_note(
        "C1.1.CR1",
        &format!("Zone Maghreb\n{}", words(180)),
        days_ago(20),
    );
    p.add_note(
        "C1.1.CR2",
        &format!("Plan Maroc\n{}", words(120)),
        days_ago(12),
    );
    p.add_note("C1.2.CR1", &format!("Veille\n{}", words(60)), days_ago(3));
    p.cycle_status("C1.1.CR1", days_ago(19));
    p.cycle_status("C1.1.CR2", days_ago(2));
    p.due = Some(jiff::civil::date(2027, 3, 31));
    p
}

fn open_editor_on_empty_critere(app: &mut livret::tui::app::App) {
    // BC1 › C1.1 › CR1 (no note yet).
    type_keys(app, "llll");
    assert_eq!(selected_critere(app).as_deref(), Some("C1.1.CR1"));
    type_keys(app, "a");
}

fn editor(app: &livret::tui::app::App) -> &livret::tui::modals::editor::Editor {
    app.modals.editor().expect("the editor is open")
}

#[test]
fn the_editor_shows_the_prompts_beside_an_empty_note() {
    let mut app = opened(RNCP, vec![]);
    open_editor_on_empty_critere(&mut app);
    both_sizes("editor_prompts", &app);
}

#[test]
fn ctrl_t_inserts_the_frame_its_headings_count_no_word_and_ctrl_t_takes_them_out() {
    let mut app = opened(RNCP, vec![]);
    open_editor_on_empty_critere(&mut app);
    type_keys(
        &mut app,
        "<C-t>Export au Brésil<Down><Down><Down>En 2023, j’ai ouvert trois pays.",
    );
    let text = editor(&app).text();
    assert!(
        text.starts_with("Export au Brésil\n\n▸ La situation"),
        "{text}"
    );
    assert_eq!(livret::coach::count(&text), 3 + 7);
    both_sizes("editor_frame", &app);
    // Out again: every word written stays.
    type_keys(&mut app, "<C-t>");
    assert_eq!(
        editor(&app).text(),
        "Export au Brésil\n\nEn 2023, j’ai ouvert trois pays."
    );
    type_keys(&mut app, "<C-t><C-s>");
    let (_, portfolio) = app.session.open().unwrap();
    assert_eq!(portfolio.words("C1.1.CR1"), 10);
    assert_eq!(portfolio.written.iter().map(|w| w.words).sum::<i64>(), 10);
}

#[test]
fn words_and_hints_show_in_the_detail_and_a_hint_is_dismissed_for_its_note() {
    let mut app = opened(RNCP, vec![writing_candidate()]);
    type_keys(&mut app, "llll");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Rédaction : 182/300 mots (60 %)"), "{shown}");
    type_keys(&mut app, "<Tab>");
    let shown = screen(&app, 200, 50);
    assert!(shown.contains("182 mots"), "{shown}");
    assert!(
        shown.contains("✱ aucune expérience liée · ni date ni durée"),
        "{shown}"
    );
    type_keys(&mut app, "H");
    let (_, portfolio) = app.session.open().unwrap();
    assert_eq!(
        portfolio.notes("C1.1.CR1")[0].dismissed,
        [Hint::NoExperience]
    );
    let shown = screen(&app, 200, 50);
    assert!(!shown.contains("✱ aucune expérience liée"), "{shown}");
    assert!(shown.contains("✱ ni date ni durée"), "{shown}");
    assert!(shown.contains("Conseil écarté"), "{shown}");
    // The gauges line counts the words against the bloc's target.
    assert!(shown.contains("rédaction 365/3\u{a0}000"), "{shown}");
}

#[test]
fn the_next_steps_come_most_useful_first_and_enter_goes_there() {
    let mut app = opened(RNCP, vec![writing_candidate()]);
    type_keys(&mut app, "w");
    both_sizes("next_steps", &app);
    // The first en cours is the one closest to its target: C1.2.CR1 only
    // (C1.1.CR1 and CR2 are prêt).
    type_keys(&mut app, "<Enter>");
    assert!(app.modals.is_empty());
    assert_eq!(selected_critere(&app).as_deref(), Some("C1.2.CR1"));
}

#[test]
fn the_dashboard_shows_the_date_what_is_left_and_the_pace() {
    let mut app = opened(RNCP, vec![writing_candidate()]);
    type_keys(&mut app, "p");
    both_sizes("dashboard", &app);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Dossier attendu le 31/03/2027 — dans 128 jours"),
        "{shown}"
    );
    assert!(
        shown.contains("Reste : 9\u{a0}835 mots et 32 critères"),
        "{shown}"
    );
}

#[test]
fn the_date_is_set_from_the_dashboard_and_bad_dates_are_explained() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "pd2027-02-30<Enter>");
    assert!(
        common::message(&app).unwrap().contains("impossible"),
        "{:?}",
        common::message(&app)
    );
    assert!(
        app.modals.editor().is_some(),
        "the editor stays, with the date"
    );
    for _ in 0.."2027-02-30".len() {
        type_keys(&mut app, "<Backspace>");
    }
    type_keys(&mut app, "01/01/2020<Enter>");
    assert!(common::message(&app).unwrap().contains("déjà passé"));
    for _ in 0.."01/01/2020".len() {
        type_keys(&mut app, "<Backspace>");
    }
    type_keys(&mut app, "15/06/2027<Enter>");
    assert!(app.modals.is_empty());
    let (_, portfolio) = app.session.open().unwrap();
    assert_eq!(portfolio.due, Some(jiff::civil::date(2027, 6, 15)));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Dossier attendu le 15/06/2027"), "{shown}");
    assert!(shown.contains("Nécessaire :"), "{shown}");
    // Blank: the date goes.
    type_keys(&mut app, "d");
    for _ in 0.."2027-06-15".len() {
        type_keys(&mut app, "<Backspace>");
    }
    type_keys(&mut app, "<Enter>");
    assert_eq!(app.session.open().unwrap().1.due, None);
}

#[test]
fn positioning_cycles_on_the_competence_and_shows_in_the_tree() {
    let mut app = opened(RNCP, vec![writing_candidate()]);
    type_keys(&mut app, "ll");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("~½"), "derived from the critères: {shown}");
    type_keys(&mut app, "P");
    let (_, portfolio) = app.session.open().unwrap();
    assert_eq!(portfolio.positioning.get("C1.1"), Some(&Positioning::Oui));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Positionnement France VAE : oui"), "{shown}");
    type_keys(&mut app, "PPP");
    assert!(app.session.open().unwrap().1.positioning.is_empty());
}

#[test]
fn after_days_away_the_next_steps_greet_the_candidate() {
    let mut p = Portfolio::new(RNCP);
    p.add_note("C1.1.CR1", "Vieille note", days_ago(10));
    let app = opened(RNCP, vec![p.clone()]);
    match app.modals.top() {
        Some(Modal::NextSteps(panel)) => assert_eq!(panel.welcome, Some(10)),
        other => panic!("{other:?}"),
    }
    assert!(screen(&app, 80, 24).contains("Bon retour ! 10 jours"));
    // Yesterday: no greeting.
    let mut recent = Portfolio::new(RNCP);
    recent.add_note("C1.1.CR1", "Note d’hier", days_ago(1));
    assert!(opened(RNCP, vec![recent]).modals.is_empty());
}

#[test]
fn no_size_panics_on_the_coach_screens() {
    let mut screens = Vec::new();
    for keys in ["p", "w", "llll<Tab>", "lllla", "lllla<C-t>", "pd"] {
        let mut app = opened(RNCP, vec![writing_candidate()]);
        type_keys(&mut app, keys);
        screens.push(app);
    }
    for app in &screens {
        for width in 0..=130 {
            for height in 0..=40 {
                common::render(app, width, height);
            }
        }
    }
}

#[test]
fn a_single_prompt_of_the_config_leaves_a_line_to_write_on() {
    let mut app = opened(RNCP, vec![]);
    app.session
        .writing
        .prompts
        .insert("*".into(), vec!["Une seule question".into()]);
    open_editor_on_empty_critere(&mut app);
    type_keys(&mut app, "<C-t>Titre<Down><Down><Down>Ma réponse");
    assert_eq!(
        editor(&app).text(),
        "Titre\n\n▸ Une seule question\nMa réponse"
    );
    assert_eq!(livret::coach::count(&editor(&app).text()), 3);
}
