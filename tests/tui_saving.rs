//! The interface when saving fails (disk full, `ulimit -f`): quitting asks
//! first; a recovery copy found at the start is offered back. Pure: the
//! messages the saver would send are given by hand.

mod common;

use std::path::PathBuf;

use common::{RNCP, opened, question, type_keys};
use livret::portfolio::Portfolio;
use livret::tui::app::{Effect, Question};
use livret::tui::msg::Msg;
use livret::tui::status::Status;

#[test]
fn q_asks_first_while_the_last_save_failed_and_not_once_it_succeeded() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    app.update(Msg::Unsaved(Some(Status::error(
        "Échec de l’enregistrement : disque plein",
    ))));
    assert!(type_keys(&mut app, "q").is_empty(), "not quitting yet");
    assert_eq!(question(&app), Some(&Question::QuitUnsaved));
    assert_eq!(type_keys(&mut app, "n"), []);
    assert!(question(&app).is_none());
    type_keys(&mut app, "q");
    assert_eq!(type_keys(&mut app, "o"), [Effect::Quit]);

    // Saved again: q quits at once.
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    app.update(Msg::Unsaved(Some(Status::error("disque plein"))));
    app.update(Msg::Unsaved(None));
    assert_eq!(type_keys(&mut app, "q"), [Effect::Quit]);
}

#[test]
fn a_recovery_copy_found_is_offered_and_taken_only_on_yes() {
    let copy = vec![PathBuf::from("/run/user/1000/livret/k/x.ron")];
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    app.update(Msg::RecoveryFound(copy.clone()));
    assert_eq!(question(&app), Some(&Question::TakeRecovery(copy.clone())));
    assert_eq!(
        type_keys(&mut app, "o"),
        [Effect::TakeRecovery(copy.clone())]
    );

    // Read-only (another window writes it): not offered.
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    app.session.docs[app.session.current].read_only = Some("ouvert ailleurs".into());
    app.update(Msg::RecoveryFound(copy));
    assert!(question(&app).is_none());
}
