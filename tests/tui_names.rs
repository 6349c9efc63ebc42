//! The candidate's name, the one their tutors see instead of the folder's:
//! asked when a portfolio without one opens (unless config.ron says
//! `ask_name: false`), changed from the dashboard with `n`. Driven through
//! `update()`, rendered at 80×24 and 200×50.

mod common;

use common::{OPTIONAL, RNCP, app_with, message, opened, screen, type_keys};
use insta::assert_snapshot;
use livret::portfolio::Portfolio;
use livret::tui::app::{App, Effect};
use livret::tui::modals::Modal;
use livret::tui::screens::main::review::Tutor;

/// The app as livret starts it with the default config, in a data
/// directory named `alice`: the name is asked, hers offered.
fn asking(portfolios: Vec<Portfolio>) -> App {
    let mut app = app_with(portfolios);
    app.session.naming.ask = true;
    app.session.naming.offer(Some("alice".into()));
    app
}

fn open(app: &mut App, id: &str) -> Vec<Effect> {
    let index = app
        .session
        .docs
        .iter()
        .position(|d| d.certification.id == id)
        .unwrap();
    app.open(index)
}

/// The name in the question on top, if it is asked.
fn asked(app: &App) -> Option<String> {
    match app.modals.top() {
        Some(Modal::Name(form)) => Some(form.text()),
        _ => None,
    }
}

fn name(app: &App) -> Option<String> {
    app.session.open()?.1.name().map(str::to_string)
}

fn named(name: &str) -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    p.set_name(Some(name));
    p
}

fn erase(app: &mut App, text: &str) {
    for _ in text.chars() {
        type_keys(app, "<Backspace>");
    }
}

#[test]
fn a_portfolio_without_a_name_asks_it_at_start_offering_the_folders() {
    let mut app = asking(vec![]);
    open(&mut app, RNCP);
    assert_eq!(asked(&app).as_deref(), Some("alice"));
    assert_snapshot!("name_at_start_80x24", screen(&app, 80, 24));
    assert_snapshot!("name_at_start_200x50", screen(&app, 200, 50));
    erase(&mut app, "alice");
    let effects = type_keys(&mut app, "  Alice   Moreau <Enter>");
    assert_eq!(effects, [Effect::Changed], "saved like any change");
    assert!(app.modals.is_empty());
    assert_eq!(name(&app).as_deref(), Some("Alice Moreau"));
    assert_eq!(
        message(&app).as_deref(),
        Some("Vos tuteurs vous verront sous le nom « Alice Moreau ».")
    );
}

#[test]
fn echap_puts_the_question_off_until_livret_starts_again() {
    let mut app = asking(vec![]);
    open(&mut app, RNCP);
    assert!(type_keys(&mut app, "<Esc>").is_empty());
    assert!(app.modals.is_empty());
    assert_eq!(name(&app), None);
    assert!(
        message(&app)
            .unwrap()
            .contains("redemandé au prochain lancement"),
        "{:?}",
        message(&app)
    );
    // This certification again, or another: not in this session.
    open(&mut app, OPTIONAL);
    open(&mut app, RNCP);
    assert!(app.modals.is_empty());
    // Enter on a blank name puts it off too: nothing is written.
    let mut app = asking(vec![]);
    open(&mut app, RNCP);
    erase(&mut app, "alice");
    assert!(type_keys(&mut app, "<Enter>").is_empty());
    assert_eq!(name(&app), None);
    assert!(app.session.naming.later);
    // The next start asks again.
    let mut app = asking(vec![]);
    open(&mut app, RNCP);
    assert!(asked(&app).is_some());
}

#[test]
fn nothing_is_asked_with_a_name_of_a_tutor_on_a_read_only_portfolio_or_when_config_says_no() {
    let mut app = asking(vec![named("Awa Diallo")]);
    open(&mut app, RNCP);
    assert!(app.modals.is_empty(), "a name is there");
    let mut app = asking(vec![]);
    app.session.naming.ask = false;
    open(&mut app, RNCP);
    assert!(app.modals.is_empty(), "ask_name: false");
    let mut app = asking(vec![]);
    app.session.tutor = Some(Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    open(&mut app, RNCP);
    assert!(app.modals.is_empty(), "a tutor");
    let mut app = asking(vec![]);
    for doc in &mut app.session.docs {
        doc.read_only = Some("ouvert ailleurs".into());
    }
    open(&mut app, RNCP);
    assert!(app.modals.is_empty(), "read-only");
}

#[test]
fn the_name_given_to_one_certification_is_offered_for_the_next() {
    let mut app = asking(vec![named("Alice Moreau")]);
    open(&mut app, OPTIONAL);
    assert_eq!(asked(&app).as_deref(), Some("Alice Moreau"));
}

#[test]
fn with_the_greeting_the_name_comes_first() {
    let mut p = Portfolio::new(RNCP);
    let long_ago = common::now()
        .checked_sub(jiff::Span::new().hours(24 * 10))
        .unwrap();
    p.add_note("C1.1.CR1", "Vieille note", long_ago);
    let mut app = asking(vec![p]);
    open(&mut app, RNCP);
    assert!(asked(&app).is_some());
    type_keys(&mut app, "<Enter>");
    assert!(matches!(app.modals.top(), Some(Modal::NextSteps(_))));
}

#[test]
fn n_on_the_dashboard_changes_the_name_and_blank_gives_the_folder_back() {
    let mut app = opened(RNCP, vec![named("Awa Diallo")]);
    type_keys(&mut app, "p");
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Tableau de bord — Awa Diallo — Responsable"),
        "{shown}"
    );
    assert!(shown.contains("n nom"), "the hint bar says so: {shown}");
    type_keys(&mut app, "n");
    assert_eq!(asked(&app).as_deref(), Some("Awa Diallo"));
    assert_snapshot!("name_on_the_dashboard_80x24", screen(&app, 80, 24));
    assert_snapshot!("name_on_the_dashboard_200x50", screen(&app, 200, 50));
    // Échap here changes nothing, and puts nothing off.
    assert!(type_keys(&mut app, " B.<Esc>").is_empty());
    assert_eq!(name(&app).as_deref(), Some("Awa Diallo"));
    assert!(!app.session.naming.later);
    type_keys(&mut app, "n");
    erase(&mut app, "Awa Diallo");
    assert_eq!(type_keys(&mut app, "<Enter>"), [Effect::Changed]);
    assert_eq!(name(&app), None);
    assert!(message(&app).unwrap().contains("le nom de votre dossier"));
}

#[test]
fn a_name_planted_in_the_file_reaches_the_screen_inert() {
    let mut p = Portfolio::new(RNCP);
    // As if written by hand: a title change, a reordering mark.
    p.identity.name = Some("Awa\u{1b}]0;pwned\u{7} \u{202e}Diallo".into());
    let mut app = opened(RNCP, vec![p]);
    type_keys(&mut app, "p");
    let shown = screen(&app, 200, 50);
    assert!(
        shown.contains("Tableau de bord — Awa]0;pwned Diallo —"),
        "{shown}"
    );
    type_keys(&mut app, "n");
    assert_eq!(asked(&app).as_deref(), Some("Awa]0;pwned Diallo"));
}

#[test]
fn no_size_panics_with_the_question() {
    let mut app = asking(vec![]);
    open(&mut app, RNCP);
    type_keys(&mut app, &"Marie-Christine de La Tour ".repeat(4));
    for width in 0..=120 {
        for height in 0..=30 {
            common::render(&app, width, height);
        }
    }
}
