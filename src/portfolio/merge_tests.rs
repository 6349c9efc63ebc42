use super::*;
use crate::experience::Experience;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap()
}

fn texts(portfolio: &Portfolio, id: &str) -> Vec<String> {
    portfolio
        .notes(id)
        .iter()
        .map(|n| n.text.to_string())
        .collect()
}

#[test]
fn notes_written_on_both_sides_are_all_kept_once() {
    let mut base = Portfolio::new("x");
    base.add_note("CR1", "commune", at(1));
    let mut disk = base.clone();
    let mut memory = base.clone();
    disk.add_note("CR1", "écrite par l’autre processus", at(2));
    disk.cycle_status("CR2", jiff::Timestamp::UNIX_EPOCH);
    memory.add_note("CR1", "écrite ici", at(3));
    let merged = memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(
        merged,
        Merged {
            notes: 1,
            ..Merged::default()
        }
    );
    assert_eq!(merged.describe().as_deref(), Some("1 note ajoutée"));
    assert_eq!(
        texts(&memory, "CR1"),
        ["commune", "écrite ici", "écrite par l’autre processus"]
    );
    assert_eq!(memory.status("CR2"), Status::InProgress);
    // Merging again takes nothing more.
    assert!(
        memory
            .merge_from(&disk, Some(&Base::of(&base)), Newer::Ours)
            .is_empty()
    );
}

#[test]
fn what_this_side_deleted_or_changed_is_not_brought_back_by_the_older_copy() {
    let mut base = Portfolio::new("x");
    base.add_note("CR1", "à supprimer", at(1));
    base.add_note("CR1", "v1", at(2));
    base.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    base.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    let mut memory = base.clone();
    memory.delete_note("CR1", 0, at(4));
    memory.update_note("CR1", 0, "v2", at(5));
    memory.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    // The other process wrote the base again, plus a note of its own.
    let mut disk = base.clone();
    disk.add_note("CR2", "d’ailleurs", at(6));
    let ours = memory.status("CR1");
    assert_ne!(ours, base.status("CR1"));
    let merged = memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(merged.notes, 1);
    assert_eq!(texts(&memory, "CR1"), ["v2"]);
    assert_eq!(memory.status("CR1"), ours, "our change stands");
    assert_eq!(texts(&memory, "CR2"), ["d’ailleurs"]);
}

#[test]
fn a_note_edited_on_both_sides_keeps_both_versions_on_both_sides() {
    let mut base = Portfolio::new("x");
    base.add_note("CR1", "v1", at(1));
    let mut a = base.clone();
    let mut b = base.clone();
    a.update_note("CR1", 0, "v2 de A", at(5));
    b.update_note("CR1", 0, "v2 de B", at(9));
    // A saves first, then B merges A's file, then A merges B's.
    b.merge_from(&a, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(texts(&b, "CR1"), ["v2 de B", "v2 de A"]);
    let b_wrote = b.clone();
    a.merge_from(&b_wrote, Some(&Base::of(&a.clone())), Newer::Ours);
    assert_eq!(texts(&a, "CR1"), ["v2 de A", "v2 de B"]);
}

#[test]
fn without_a_base_nothing_is_dropped() {
    let mut disk = Portfolio::new("x");
    disk.add_note("CR1", "v1", at(1));
    disk.cycle_status("CR2", jiff::Timestamp::UNIX_EPOCH);
    let mut memory = disk.clone();
    memory.update_note("CR1", 0, "v2", at(5));
    memory.merge_from(&disk, None, Newer::Ours);
    assert_eq!(texts(&memory, "CR1"), ["v2", "v1"], "kept twice, not lost");
    assert_eq!(memory.status("CR2"), Status::InProgress);
}

#[test]
fn a_recovery_copy_wins_for_statuses_and_levels() {
    let mut disk = Portfolio::new("x");
    disk.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    disk.set_level("CR1", Some(2));
    let mut copy = disk.clone();
    copy.cycle_status("CR1", jiff::Timestamp::UNIX_EPOCH);
    copy.set_level("CR1", Some(4));
    copy.add_note("CR1", "tapée sur un disque plein", at(3));
    let changes = copy.changes_since(&disk);
    let mut memory = disk.clone();
    memory.merge_from(&changes, None, Newer::Theirs);
    assert_eq!(memory.status("CR1"), Status::Ready);
    assert_eq!(memory.critere("CR1").unwrap().level, Some(4));
    assert_eq!(texts(&memory, "CR1"), ["tapée sur un disque plein"]);
}

#[test]
fn the_changes_since_a_saved_version_merge_back_into_it() {
    let mut saved = Portfolio::new("x");
    saved.add_note("CR1", &"long texte déjà enregistré ".repeat(50), at(1));
    let mut memory = saved.clone();
    memory.add_note("CR1", "nouvelle", at(2));
    memory.cycle_status("CR2", jiff::Timestamp::UNIX_EPOCH);
    memory.request_review(Some("BC1"), "svp", at(3), |_| false);
    memory.reply("CR1", "réponse", None, at(4));
    let changes = memory.changes_since(&saved);
    assert_eq!(changes.requests.len(), 1, "a request typed on a full disk");
    assert_eq!(changes.replies("CR1").len(), 1);
    assert_eq!(changes.notes("CR1").len(), 1, "only the new note");
    assert_eq!(changes.status("CR2"), Status::InProgress);
    let mut back = saved.clone();
    back.merge_from(&changes, None, Newer::Theirs);
    assert_eq!(back.notes("CR1"), memory.notes("CR1"));
    assert_eq!(back.requests, memory.requests);
    assert_eq!(back.replies, memory.replies);
    assert_eq!(back.status("CR2"), Status::InProgress);
}

#[test]
fn pieces_come_like_experiences_and_citations_follow_a_renamed_one() {
    let piece = |title: &str| crate::portfolio::Piece {
        title: title.to_string(),
        ..Default::default()
    };
    let mut base = Portfolio::new("x");
    let id = base.add_piece(piece("Attestation"));
    let mut disk = base.clone();
    disk.update_piece(&id, piece("Attestation d’emploi"));
    disk.add_piece(piece("Organigramme"));
    disk.add_note("CR1", "preuve", at(2));
    disk.cite_pieces("CR1", 0, std::slice::from_ref(&id), at(2));
    let mut memory = base.clone();
    memory.update_piece(&id, piece("Attestation Lacroix"));
    let merged = memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(
        merged.describe().as_deref(),
        Some("1 note et 2 pièces justificatives ajoutées")
    );
    let titles: Vec<&str> = memory.pieces.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Attestation Lacroix",
            "Attestation d’emploi",
            "Organigramme"
        ]
    );
    // Theirs, changed on both sides, came under a new id: the note cites it.
    let cited = &memory.notes("CR1")[0].pieces[0];
    assert_eq!(memory.piece(cited).unwrap().title, "Attestation d’emploi");
    assert_eq!(memory.last_piece, 3);
    // A citation added there to a note both sides have is kept, and
    // ours too; from a recovery copy (the newer side), theirs stand.
    let mut base = Portfolio::new("x");
    let a = base.add_piece(piece("Attestation"));
    let b = base.add_piece(piece("Organigramme"));
    base.add_note("CR1", "commune", at(1));
    let mut disk = base.clone();
    disk.cite_pieces("CR1", 0, std::slice::from_ref(&b), at(3));
    let mut memory = base.clone();
    memory.cite_pieces("CR1", 0, std::slice::from_ref(&a), at(2));
    memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(memory.notes("CR1")[0].pieces, [a.clone(), b.clone()]);
    assert_eq!(memory.notes("CR1")[0].updated, at(3));
    let mut memory = base.clone();
    memory.cite_pieces("CR1", 0, std::slice::from_ref(&a), at(2));
    memory.merge_from(&disk, None, Newer::Theirs);
    assert_eq!(memory.notes("CR1")[0].pieces, [b]);
    // Taken back here, unchanged there: stays taken back.
    let mut cited = base.clone();
    cited.cite_pieces("CR1", 0, std::slice::from_ref(&a), at(2));
    let mut memory = cited.clone();
    memory.cite_pieces("CR1", 0, &[], at(4));
    memory.merge_from(&cited, Some(&Base::of(&cited)), Newer::Ours);
    assert!(memory.notes("CR1")[0].pieces.is_empty());
    // Changed there only: theirs.
    let mut disk = cited.clone();
    disk.cite_pieces("CR1", 0, &[], at(5));
    let mut memory = cited.clone();
    memory.merge_from(&disk, Some(&Base::of(&cited)), Newer::Ours);
    assert!(memory.notes("CR1")[0].pieces.is_empty());
    // Deleted here, unchanged there: stays deleted.
    let mut memory = base.clone();
    memory.delete_piece(&a);
    memory.merge_from(&base, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(memory.pieces.len(), 1);
    assert!(memory.piece(&a).is_none());
}

#[test]
fn experiences_changed_on_one_side_are_replaced_on_both_kept_twice() {
    let experience = |title: &str| Experience {
        title: title.to_string(),
        ..Default::default()
    };
    let mut base = Portfolio::new("x");
    let id = base.add_experience(experience("Export Maghreb"));
    // Changed there only: taken.
    let mut disk = base.clone();
    disk.update_experience(&id, experience("Export Maghreb et Liban"));
    let mut memory = base.clone();
    memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(memory.experiences.len(), 1);
    assert_eq!(memory.experiences[0].title, "Export Maghreb et Liban");
    // Deleted here, unchanged there: stays deleted.
    let mut memory = base.clone();
    memory.delete_experience(&id);
    memory.merge_from(&base, Some(&Base::of(&base)), Newer::Ours);
    assert!(memory.experiences.is_empty());
    // Changed on both sides: theirs kept under a new id, its links follow.
    let mut memory = base.clone();
    memory.update_experience(&id, experience("Export Maghreb 2019"));
    disk.add_note("CR1", "preuve", at(2));
    std::sync::Arc::make_mut(disk.criteres.get_mut("CR1").unwrap()).notes[0].experiences =
        vec![id.clone()];
    let merged = memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(
        merged.describe().as_deref(),
        Some("1 note et 1 expérience ajoutées")
    );
    let titles: Vec<&str> = memory
        .experiences
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(titles, ["Export Maghreb 2019", "Export Maghreb et Liban"]);
    let link = &memory.notes("CR1")[0].experiences[0];
    assert_eq!(
        memory.experience(link).unwrap().title,
        "Export Maghreb et Liban"
    );
}

#[test]
fn the_coachs_part_merges_against_the_base() {
    use crate::portfolio::{Hint, Positioning};
    let mut base = Portfolio::new("x");
    base.add_note("CR1", "commune", at(3600));
    base.cycle_positioning("C1");
    base.due = Some(jiff::civil::date(2027, 6, 15));
    let mut disk = base.clone();
    let mut memory = base.clone();
    // Here: C1 back to « estimé », a hint dismissed, words in hour 2.
    memory.cycle_positioning("C1");
    memory.cycle_positioning("C1");
    memory.cycle_positioning("C1");
    memory.add_note("CR2", "un deux", at(7200));
    // There: a new date, C2 set, a hint dismissed, more words in hour 2.
    disk.due = Some(jiff::civil::date(2027, 7, 1));
    disk.cycle_positioning("C2");
    disk.dismiss_hint("CR1", 0, Hint::NoDate);
    disk.add_note("CR3", "un deux trois quatre", at(7300));
    memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(memory.positioning.get("C1"), None, "our clearing stands");
    assert_eq!(memory.positioning.get("C2"), Some(&Positioning::Oui));
    assert_eq!(memory.due, Some(jiff::civil::date(2027, 7, 1)));
    assert_eq!(memory.notes("CR1")[0].dismissed, [Hint::NoDate]);
    // Both wrote in the same hour: the larger count, never the smaller.
    let hour = |p: &Portfolio| p.written.iter().find(|w| w.at == at(7200)).map(|w| w.words);
    assert_eq!(hour(&memory), Some(4));
    // A recovery copy (the newer side) replaces the hour it has.
    let mut recovered = memory.clone();
    let mut copy = memory.clone();
    copy.written.iter_mut().for_each(|w| w.words += 1);
    recovered.merge_from(&copy.changes_since(&memory), None, Newer::Theirs);
    assert_eq!(hour(&recovered), Some(5));
}

#[test]
fn the_name_given_on_one_side_is_kept_and_a_recovery_copy_brings_it_back() {
    let base = Portfolio::new("x");
    let mut disk = base.clone();
    disk.set_name(Some("Awa Diallo"));
    let mut memory = base.clone();
    memory.add_note("CR1", "ici", at(1));
    memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(memory.name(), Some("Awa Diallo"));
    // Cleared here since: the older copy on disk does not bring it back.
    let written = Base::of(&memory);
    memory.set_name(None);
    memory.merge_from(&disk, Some(&written), Newer::Ours);
    assert_eq!(memory.name(), None);
    // Typed on a full disk: the recovery copy carries it.
    let mut copy = base.clone();
    copy.set_name(Some("A. Diallo"));
    let mut back = base.clone();
    back.merge_from(&copy.changes_since(&base), None, Newer::Theirs);
    assert_eq!(back.name(), Some("A. Diallo"));
}

#[test]
fn a_note_edited_on_the_other_side_only_is_replaced_not_kept_twice() {
    let mut base = Portfolio::new("x");
    base.add_note("CR1", "première version", at(1));
    base.add_note("CR1", "une autre", at(2));
    let mut disk = base.clone();
    let mut memory = base.clone();
    std::sync::Arc::make_mut(disk.criteres.get_mut("CR1").unwrap()).notes[0].text =
        "version reprise ailleurs".into();
    // Deleted there: kept here all the same.
    std::sync::Arc::make_mut(disk.criteres.get_mut("CR1").unwrap())
        .notes
        .remove(1);
    memory.add_note("CR2", "écrite ici", at(3));
    memory.merge_from(&disk, Some(&Base::of(&base)), Newer::Ours);
    assert_eq!(
        texts(&memory, "CR1"),
        ["une autre", "version reprise ailleurs"]
    );
    assert_eq!(texts(&memory, "CR2"), ["écrite ici"]);
}
