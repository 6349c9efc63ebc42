use jiff::Timestamp;

use super::*;
use crate::portfolio::{Note, Portfolio};

fn at(hours: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + hours * 3600).unwrap()
}

fn sync(commit: &str, parents: &[&str], author: &str, hours: i64) -> Synced {
    Synced {
        commit: commit.to_string(),
        parents: parents.iter().map(|p| p.to_string()).collect(),
        author: author.to_string(),
        when: at(hours),
    }
}

fn note(text: &str, created: i64) -> Note {
    Note::new(text, at(created), false)
}

fn portfolio(notes: &[(&str, Note)]) -> Portfolio {
    let mut p = Portfolio::new("rncp1");
    for (critere, note) in notes {
        std::sync::Arc::make_mut(p.criteres.entry(critere.to_string()).or_default())
            .notes
            .push(note.clone());
    }
    p
}

/// Who synced the note `text` created at `created` on `critere`.
fn who(syncs: &NoteSyncs, critere: &str, text: &str, created: i64) -> Option<String> {
    synced(syncs, critere, &note(text, created)).map(|s| format!("{} {}", s.author, s.commit))
}

#[test]
fn each_note_is_credited_to_the_sync_where_its_text_first_appeared() {
    let first = portfolio(&[("CR1", note("Analyse", 0)), ("CR2", note("Plan", 0))]);
    let second = portfolio(&[("CR1", note("Analyse", 0)), ("CR2", note("Plan v2", 0))]);
    let third = portfolio(&[
        ("CR1", note("Analyse", 0)),
        ("CR2", note("Plan v2", 0)),
        ("CR3", note("Budget", 5)),
    ]);
    let versions = [
        (sync("c", &["b"], "Camille", 30), third),
        (sync("b", &["a"], "Marie Dupont", 20), second),
        (sync("a", &[], "Camille", 10), first),
    ];
    let syncs = note_syncs(&versions);
    assert_eq!(syncs.len(), 3);
    assert_eq!(who(&syncs, "CR1", "Analyse", 0).unwrap(), "Camille a");
    assert_eq!(who(&syncs, "CR2", "Plan v2", 0).unwrap(), "Marie Dupont b");
    assert_eq!(who(&syncs, "CR3", "Budget", 5).unwrap(), "Camille c");
    let cr2 = synced(&syncs, "CR2", &note("Plan v2", 0)).unwrap();
    assert_eq!(cr2.when, at(20));
}

#[test]
fn a_note_changed_since_the_last_sync_has_no_entry() {
    let versions = [(
        sync("a", &[], "Camille", 10),
        portfolio(&[("CR1", note("Analyse", 0))]),
    )];
    let syncs = note_syncs(&versions);
    assert!(who(&syncs, "CR1", "Analyse", 0).is_some());
    assert_eq!(who(&syncs, "CR1", "Analyse, complétée", 0), None);
    assert_eq!(who(&syncs, "CR1", "Nouvelle", 3), None, "never synced");
    assert_eq!(who(&syncs, "CR2", "Analyse", 0), None, "other critère");
}

#[test]
fn both_versions_of_a_note_in_conflict_get_their_own_sync() {
    let base = portfolio(&[("CR1", note("Analyse", 0))]);
    let laptop = portfolio(&[("CR1", note("Analyse (portable)", 0))]);
    let office = portfolio(&[("CR1", note("Analyse (bureau)", 0))]);
    let both = portfolio(&[
        ("CR1", note("Analyse (portable)", 0)),
        ("CR1", note("Analyse (bureau)", 0)),
    ]);
    let versions = [
        (sync("m", &["l", "o"], "Camille", 40), both),
        (sync("o", &["a"], "Camille au bureau", 30), office),
        (sync("l", &["a"], "Camille en déplacement", 20), laptop),
        (sync("a", &[], "Camille", 10), base),
    ];
    let syncs = note_syncs(&versions);
    assert_eq!(syncs.len(), 2);
    assert_eq!(
        who(&syncs, "CR1", "Analyse (portable)", 0).unwrap(),
        "Camille en déplacement l"
    );
    assert_eq!(
        who(&syncs, "CR1", "Analyse (bureau)", 0).unwrap(),
        "Camille au bureau o"
    );
}

#[test]
fn a_change_taken_in_from_the_remote_is_credited_to_who_synced_it_there() {
    // Marie's sync changed CR2; the candidate's next sync took it in with
    // their own change to CR1 (a commit with two parents).
    let base = portfolio(&[("CR1", note("Analyse", 0)), ("CR2", note("Plan", 0))]);
    let theirs = portfolio(&[("CR1", note("Analyse", 0)), ("CR2", note("Plan revu", 0))]);
    let ours = portfolio(&[("CR1", note("Analyse v2", 0)), ("CR2", note("Plan", 0))]);
    let merged = portfolio(&[
        ("CR1", note("Analyse v2", 0)),
        ("CR2", note("Plan revu", 0)),
    ]);
    let versions = [
        (sync("m", &["o", "t"], "Camille", 40), merged),
        (sync("t", &["a"], "Marie Dupont", 30), theirs),
        (sync("o", &["a"], "Camille", 20), ours),
        (sync("a", &[], "Camille", 10), base),
    ];
    let syncs = note_syncs(&versions);
    assert_eq!(
        who(&syncs, "CR2", "Plan revu", 0).unwrap(),
        "Marie Dupont t"
    );
    assert_eq!(who(&syncs, "CR1", "Analyse v2", 0).unwrap(), "Camille o");
}

#[test]
fn a_text_brought_back_is_credited_to_when_it_came_back() {
    let versions = [
        (
            sync("c", &["b"], "Marie", 30),
            portfolio(&[("CR1", note("A", 0))]),
        ),
        (
            sync("b", &["a"], "Camille", 20),
            portfolio(&[("CR1", note("B", 0))]),
        ),
        (
            sync("a", &[], "Camille", 10),
            portfolio(&[("CR1", note("A", 0))]),
        ),
    ];
    assert_eq!(
        who(&note_syncs(&versions), "CR1", "A", 0).unwrap(),
        "Marie c"
    );
}

#[test]
fn a_parent_not_read_ends_the_walk_and_loops_do_not_hang() {
    let p = || portfolio(&[("CR1", note("A", 0))]);
    // "x" is older than the versions read (or did not parse).
    let versions = [
        (sync("b", &["a"], "Marie", 20), p()),
        (sync("a", &["x"], "Camille", 10), p()),
    ];
    assert_eq!(
        who(&note_syncs(&versions), "CR1", "A", 0).unwrap(),
        "Camille a"
    );
    let looping = [
        (sync("b", &["a"], "Marie", 20), p()),
        (sync("a", &["b"], "Camille", 10), p()),
    ];
    assert!(who(&note_syncs(&looping), "CR1", "A", 0).is_some());
    assert!(note_syncs(&[]).is_empty());
}

#[test]
fn the_fingerprint_is_stable() {
    assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fingerprint("a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(fingerprint("Analyse"), fingerprint("Analyse "));
}
