//! The sync in the interface, through `update()` and rendered: `S` asks
//! for a sync only where there is a remote, the status line shows the last
//! one, and a note kept twice by a sync is marked « conflit ».

mod common;

use common::{RNCP, message, now, opened, screen, type_keys};
use insta::assert_snapshot;
use livret::portfolio::Portfolio;
use livret::store::sync::{LastSync, Outcome};
use livret::tui::app::Effect;
use livret::tui::msg::Msg;
use livret::tui::syncing::{SyncEvent, SyncLine};

/// The same note edited on two laptops, both kept by a sync.
fn in_conflict() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    p.add_note(
        "C1.1.CR1",
        "Analyse de la zone Maghreb, version du portable",
        now(),
    );
    let note = &mut p.work_mut("C1.1.CR1").unwrap().notes[0];
    note.updated = now() + jiff::SignedDuration::from_secs(60);
    let mut other = note.clone();
    other.text = "Analyse de la zone Maghreb, version du bureau".into();
    other.updated = now() + jiff::SignedDuration::from_secs(120);
    p.work_mut("C1.1.CR1").unwrap().notes.push(other);
    p
}

fn last(outcome: Outcome, line: &str) -> LastSync {
    LastSync {
        when: now(),
        outcome,
        line: line.to_string(),
    }
}

#[test]
fn s_without_a_remote_says_how_to_set_one() {
    let mut app = opened(RNCP, vec![in_conflict()]);
    assert!(type_keys(&mut app, "S").is_empty());
    assert!(message(&app).unwrap().contains("livret sync init"));
}

#[test]
fn s_syncs_once_at_a_time_and_the_end_is_said() {
    let mut app = opened(RNCP, vec![in_conflict()]);
    app.update(Msg::Sync(SyncEvent::Known {
        last: None,
        auto: false,
    }));
    assert!(screen(&app, 80, 24).contains("⇅ jamais synchronisé"));
    assert_eq!(type_keys(&mut app, "S"), [Effect::Sync]);
    assert!(type_keys(&mut app, "S").is_empty(), "one sync at a time");
    assert!(screen(&app, 80, 24).contains("⇅ synchronisation…"));
    app.update(Msg::Sync(SyncEvent::Done(last(
        Outcome::Unreachable("Connection refused".into()),
        "Serveur injoignable (Connection refused) : votre travail reste ici",
    ))));
    let text = screen(&app, 80, 24);
    assert!(text.contains("hors ligne"), "{text}");
    assert!(text.contains("Serveur injoignable"), "{text}");
    assert_eq!(type_keys(&mut app, "S"), [Effect::Sync], "and again");
}

#[test]
fn auto_sync_asks_for_one_at_start() {
    let mut app = opened(RNCP, vec![in_conflict()]);
    let effects = app.update(Msg::Sync(SyncEvent::Known {
        last: None,
        auto: true,
    }));
    assert_eq!(effects, [Effect::Sync]);
}

#[test]
fn the_status_line_and_a_note_in_conflict() {
    let mut app = opened(RNCP, vec![in_conflict()]);
    app.session.sync = Some(SyncLine {
        running: false,
        auto: false,
        last: Some(last(Outcome::Done, "Synchronisé : reçu 1 note")),
    });
    type_keys(&mut app, "llll");
    app.update(Msg::Sync(SyncEvent::Done(last(
        Outcome::Done,
        "Synchronisé : reçu 1 note, BC1 ; 2 notes en conflit",
    ))));
    let small = screen(&app, 80, 24);
    assert!(small.contains("conflit"), "{small}");
    assert_snapshot!("sync_conflict_80x24", small);
    assert_snapshot!("sync_conflict_200x50", screen(&app, 200, 50));
}
