//! The review cycle in the interface, candidate side: `R` asks for a review
//! of the selected part (or the whole dossier), says where it stands, and
//! takes it back.

mod common;

use common::{RNCP, opened, question, type_keys};
use livret::cycle::State;
use livret::portfolio::Portfolio;
use livret::review::Review;
use livret::tui::app::{Effect, Popup, Question};

fn requests(app: &livret::tui::app::App) -> Vec<(Option<String>, String, bool)> {
    let (_, portfolio) = app.session.open().unwrap();
    portfolio
        .requests
        .iter()
        .map(|r| (r.node.clone(), r.message.clone(), r.is_open()))
        .collect()
}

#[test]
fn r_asks_for_a_review_with_a_message_and_r_again_takes_it_back() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "R");
    assert!(matches!(app.modals.top(), Some(Popup::Editor(e)) if e.request.is_some()));
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("Demande de relecture — C1.1.CR1"), "{shown}");
    type_keys(&mut app, "Relisez svp");
    let effects = type_keys(&mut app, "<C-s>");
    assert_eq!(effects, [Effect::Changed]);
    assert_eq!(
        requests(&app),
        [(Some("C1.1.CR1".into()), "Relisez svp".into(), true)]
    );
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("Relecture demandée : C1.1.CR1."), "{shown}");
    assert!(shown.contains("⚑ Relecture demandée le"), "{shown}");

    // A tutor opens it: the candidate sees it « en relecture ».
    let created = app.session.open().unwrap().1.requests[0].created;
    let mut marie = Review::new(RNCP, "marie");
    marie.opened.insert(created, created);
    app.session.reviews = vec![marie];
    app.session.touch();
    let shown = common::screen(&app, 200, 50);
    assert!(shown.contains("en relecture par marie"), "{shown}");
    assert_eq!(
        livret::cycle::state(
            &app.session.open().unwrap().1.requests[0],
            app.session.open().unwrap().0,
            &app.session.reviews
        )
        .0,
        State::InReview
    );

    // R on the same critère: take it back?
    type_keys(&mut app, "R");
    assert_eq!(
        question(&app),
        Some(&Question::WithdrawRequest(Some("C1.1.CR1".into())))
    );
    assert_eq!(type_keys(&mut app, "o"), [Effect::Changed]);
    assert_eq!(
        requests(&app),
        [(Some("C1.1.CR1".into()), "Relisez svp".into(), false)]
    );
}

#[test]
fn ctrl_d_asks_for_the_whole_dossier_instead() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "R<C-d>");
    let shown = common::screen(&app, 80, 24);
    assert!(
        shown.contains("Demande de relecture — tout le dossier"),
        "{shown}"
    );
    type_keys(&mut app, "<C-s>");
    assert_eq!(requests(&app), [(None, String::new(), true)]);
    // Asked again for the whole dossier: take the open one back?
    type_keys(&mut app, "R<C-d><C-s>");
    assert_eq!(question(&app), Some(&Question::WithdrawRequest(None)));
    type_keys(&mut app, "o");
    assert_eq!(requests(&app), [(None, String::new(), false)]);
    assert!(app.modals.top().is_none());
}

#[test]
fn a_tutor_or_a_read_only_window_asks_nothing() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    let current = app.session.current;
    app.session.docs[current].read_only = Some("ouvert ailleurs".into());
    type_keys(&mut app, "llllR");
    assert!(app.modals.top().is_none());
    assert!(requests(&app).is_empty());
}
