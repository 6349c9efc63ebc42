use super::*;

fn t(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + seconds).unwrap()
}

#[test]
fn adding_evidence_marks_critere_in_progress() {
    let mut p = Portfolio::new("x");
    assert_eq!(p.status("CR1"), Status::Todo);
    assert_eq!(p.add_note("CR1", "Titre\ncorps", t(0)), Some(0));
    assert_eq!(p.status("CR1"), Status::InProgress);
    assert_eq!(p.notes("CR1")[0].title(), "Titre");
}

#[test]
fn adding_evidence_keeps_a_ready_critere_ready() {
    let mut p = Portfolio::new("x");
    p.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    p.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    p.add_note("CR1", "Encore une preuve", t(0));
    assert_eq!(p.status("CR1"), Status::Ready);
}

#[test]
fn blank_notes_are_not_added() {
    let mut p = Portfolio::new("x");
    assert_eq!(p.add_note("CR1", "  \n ", t(0)), None);
    assert!(p.criteres.is_empty());
}

#[test]
fn updating_a_note_keeps_its_creation_date() {
    let mut p = Portfolio::new("x");
    p.add_note("CR1", "Avant", t(0));
    assert!(p.update_note("CR1", 0, "Après", t(60)));
    let note = &p.notes("CR1")[0];
    assert_eq!(
        (note.text.as_str(), note.created, note.updated),
        ("Après", t(0), t(60))
    );
    assert!(!p.update_note("CR1", 0, "Après", t(120)), "unchanged text");
    assert!(!p.update_note("CR1", 0, " ", t(120)), "blank text");
    assert_eq!(p.notes("CR1")[0].updated, t(60));
}

#[test]
fn status_cycles_through_the_three_states() {
    let mut p = Portfolio::new("x");
    let seen: Vec<Status> = (0..3)
        .map(|_| p.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH))
        .collect();
    assert_eq!(seen, [Status::InProgress, Status::Ready, Status::Todo]);
    assert!(
        p.criteres.is_empty(),
        "an untouched critère leaves no entry"
    );
}

#[test]
fn levels_are_one_to_four_and_zero_clears() {
    let mut p = Portfolio::new("x");
    p.set_level("CR1", Some(3));
    assert_eq!(p.critere("CR1").unwrap().level, Some(3));
    p.set_level("CR1", Some(9));
    assert!(p.critere("CR1").is_none());
}

#[test]
fn deleting_a_note_removes_only_that_note() {
    let mut p = Portfolio::new("x");
    p.add_note("CR1", "Un", t(0));
    p.add_note("CR1", "Deux", t(1));
    assert_eq!(p.delete_note("CR1", 0, t(2)).unwrap().text, "Un");
    assert_eq!(p.notes("CR1")[0].text, "Deux");
    assert!(p.delete_note("CR1", 5, t(2)).is_none());
}

#[test]
fn drafts_are_kept_updated_and_finished_without_counting_as_evidence() {
    let mut p = Portfolio::new("x");
    let d = p.put_draft("CR1", None, "Brouillon", t(0)).unwrap();
    assert_eq!(p.status("CR1"), Status::Todo, "a draft is not evidence yet");
    assert_eq!(p.draft("CR1"), Some(d));
    assert_eq!(p.put_draft("CR1", Some(d), "Brouillon long", t(5)), Some(d));
    assert_eq!(p.notes("CR1").len(), 1);
    assert!(p.finish_draft("CR1", d, "Preuve", t(9)));
    let note = &p.notes("CR1")[0];
    assert!(!note.draft);
    assert_eq!((note.text.as_str(), note.created), ("Preuve", t(0)));
    assert_eq!(p.status("CR1"), Status::InProgress);
    assert!(
        !p.finish_draft("CR1", 0, "x", t(10)),
        "not a draft any more"
    );
}

#[test]
fn a_blank_draft_is_removed() {
    let mut p = Portfolio::new("x");
    let d = p.put_draft("CR1", None, "x", t(0));
    assert_eq!(p.put_draft("CR1", d, "  ", t(1)), None);
    assert!(p.criteres.is_empty());
}

#[test]
fn titles_skip_leading_blank_lines() {
    let note = Note::new("\n  Mission export  \nDétails\nSuite", t(0), false);
    assert_eq!(note.title(), "Mission export");
    assert_eq!(note.body().collect::<Vec<_>>(), ["Détails", "Suite"]);
}

#[test]
fn toggling_a_target_twice_restores_it() {
    let mut p = Portfolio::new("x");
    assert!(p.toggle_target("BC4"));
    assert!(!p.toggle_target("BC4"));
    assert!(p.targeted.is_empty());
}
