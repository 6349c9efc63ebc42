use jiff::Timestamp;

use super::*;
use crate::portfolio::{Note, Portfolio, Status};
use crate::review::Review;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + seconds).unwrap()
}

#[test]
fn only_livret_files_travel() {
    for path in [
        ".gitignore",
        "allowed_signers",
        "portfolios/rncp1.ron",
        "referentiels/mine.ron",
        "reviews/marie/rncp1.ron",
        "reviews/marie/rncp1.ron.sig",
        "reviews/%C3%89lodie/rncp1.ron",
    ] {
        assert!(travels(path), "{path}");
    }
    for path in [
        "state.ron",
        "views/rncp1.ron",
        "backups/rncp1/x.ron",
        "exports/dossier.md",
        "portfolios/rncp1.ron.lock",
        "portfolios/.rncp1.ron.tmp-1-2",
        "portfolios/../x.ron",
        "portfolios/sub/x.ron",
        ".git/config",
        "reviews/marie/x.txt",
        "reviews/../x.ron",
        "reviews/marie/.ron",
        "hooks/post-merge",
        "",
        "portfolios/a\u{1b}b.ron",
    ] {
        assert!(!travels(path), "{path}");
    }
}

#[test]
fn a_change_is_told_in_the_candidates_words() {
    let example = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");
    let certification = crate::referentiel::parse(example, Some("exemple-minimal")).unwrap();
    let blocs: Vec<_> = certification.blocs.iter().collect();
    let first = blocs[0].criteres().next().unwrap().id.clone();
    let other = blocs[1].criteres().next().unwrap().id.clone();
    let mut old = Portfolio::new(&certification.id);
    std::sync::Arc::make_mut(old.criteres.entry(first.clone()).or_default()).notes =
        vec![Note::new("Avant", at(0), false)];
    let mut new = old.clone();
    let work = std::sync::Arc::make_mut(new.criteres.get_mut(&first).unwrap());
    work.notes[0].text = "Après".into();
    work.notes.push(Note::new("Une autre", at(5), false));
    std::sync::Arc::make_mut(new.criteres.entry(other.clone()).or_default()).status = Status::Ready;
    let changes = portfolio_changes(Some(&old), Some(&new), Some(&certification));
    assert_eq!((changes.notes, changes.statuses), (2, 1));
    let said = changes.describe();
    assert_eq!(
        said,
        format!("2 notes, 1 statut, {}, {}", blocs[0].id, blocs[1].id)
    );
    // Nothing changed: said so; a new file counts what it holds.
    assert_eq!(
        portfolio_changes(Some(&new), Some(&new), None).describe(),
        "aucun changement"
    );
    let fresh = portfolio_changes(None, Some(&new), None);
    assert_eq!((fresh.notes, fresh.statuses), (2, 1));
}

#[test]
fn a_review_counts_verdicts_and_comments() {
    let old = Review::new("r", "marie");
    let mut new = old.clone();
    new.cycle_verdict("C1", at(1));
    new.items
        .get_mut("C1")
        .unwrap()
        .comments
        .push(crate::review::Comment {
            text: "Précisez".into(),
            author: "marie".into(),
            created: at(2),
        });
    let changes = review_changes(Some(&old), Some(&new), None);
    assert_eq!(changes.describe(), "1 avis, 1 commentaire");
}

#[test]
fn a_note_edited_on_two_machines_is_in_conflict() {
    let mut first = Note::new("Version du portable", at(0), false);
    first.updated = at(60);
    let mut second = first.clone();
    second.text = "Version du bureau".into();
    second.updated = at(120);
    let alone = Note::new("Autre", at(9), false);
    let notes = vec![first.clone(), second.clone(), alone.clone()];
    assert!(in_conflict(&notes, &first));
    assert!(in_conflict(&notes, &second));
    assert!(!in_conflict(&notes, &alone));
    // Two notes of the same instant, never edited: two notes.
    let twin = Note::new("Une autre note", at(0), false);
    let plain = Note::new("Version du portable", at(0), false);
    assert!(!in_conflict(&[plain.clone(), twin], &plain));
    let mut portfolio = Portfolio::new("r");
    std::sync::Arc::make_mut(portfolio.criteres.entry("C1".into()).or_default()).notes = notes;
    assert_eq!(conflicts(&portfolio), 2);
}
