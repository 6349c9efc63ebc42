//! The detail pane says, under each note, when it was synced and by whom,
//! once the history read from git has come (`Msg::SyncHistory`).

mod common;

use common::{RNCP, now, opened, screen, type_keys};
use insta::assert_snapshot;
use jiff::Timestamp;
use livret::portfolio::Portfolio;
use livret::sync::history::{NoteSyncs, Synced, note_syncs};
use livret::tui::app::App;
use livret::tui::msg::Msg;

fn earlier(hours: i64) -> Timestamp {
    now().checked_sub(jiff::Span::new().hours(hours)).unwrap()
}

/// Two notes on C1.1.CR1: the first as synced by Marie on 21 November,
/// the second written since.
fn portfolios() -> (Portfolio, Portfolio) {
    let mut synced = Portfolio::new(RNCP);
    synced.add_note(
        "C1.1.CR1",
        "Analyse de la zone Maghreb (2022)\nVentes des trois derniers exercices par pays.",
        earlier(72),
    );
    let mut now_ = synced.clone();
    now_.add_note("C1.1.CR1", "Tableau de bord export\nSuivi mensuel.", now());
    (synced, now_)
}

fn history(synced: Portfolio, author: &str) -> NoteSyncs {
    let sync = Synced {
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        parents: Vec::new(),
        author: author.into(),
        when: earlier(48),
    };
    note_syncs(&[(sync, synced)])
}

fn app_with_history(author: &str) -> App {
    let (synced, current) = portfolios();
    let mut app = opened(RNCP, vec![current]);
    app.update(Msg::SyncHistory {
        id: RNCP.into(),
        syncs: Some(history(synced, author)),
    });
    type_keys(&mut app, "llll<Tab>");
    app
}

#[test]
fn a_synced_note_says_when_and_by_whom() {
    let app = app_with_history("Marie Dupont");
    let wide = screen(&app, 200, 50);
    assert_eq!(wide.matches("synchronisée le").count(), 1, "{wide}");
    assert_snapshot!("note_synced_80x24", screen(&app, 80, 24));
}

#[test]
fn a_note_edited_since_loses_its_sync_line() {
    let mut app = app_with_history("Marie Dupont");
    let doc = app.session.current;
    let portfolio = app.session.docs[doc].portfolio.as_mut().unwrap();
    portfolio.update_note("C1.1.CR1", 0, "Analyse revue", now());
    assert!(!screen(&app, 80, 24).contains("synchronisée"));
}

#[test]
fn a_name_from_git_cannot_command_the_terminal() {
    let app = app_with_history("Marie\u{1b}]0;pwned\u{7}");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("par Marie␛]0;pwned␇"), "{shown}");
}

#[test]
fn without_git_nothing_is_said() {
    let (_, current) = portfolios();
    let mut app = opened(RNCP, vec![current]);
    app.update(Msg::SyncHistory {
        id: RNCP.into(),
        syncs: None,
    });
    type_keys(&mut app, "llll<Tab>");
    assert!(!screen(&app, 80, 24).contains("synchronisée"));
}
