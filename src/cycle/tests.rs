//! Unit tests of the review cycle: states, threads, news, the log.

use super::*;

const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap()
}

fn certification() -> Certification {
    crate::referentiel::parse(EXAMPLE, None).unwrap()
}

#[test]
fn a_request_goes_from_asked_to_in_review_to_returned() {
    let certification = certification();
    let units = units_under(&certification, Some("A1.C1"));
    assert!(!units.is_empty());
    let mut portfolio = Portfolio::new(&certification.id);
    portfolio.request_review(Some("A1.C1"), "Pouvez-vous relire ?", at(100), |_| false);
    let request = portfolio.requests[0].clone();
    let mut marie = Review::new(&certification.id, "marie");
    assert_eq!(
        state(&request, &certification, std::slice::from_ref(&marie)),
        (State::Requested, None)
    );
    marie.opened.insert(request.created, at(200));
    let reviews = [marie.clone()];
    assert_eq!(
        state(&request, &certification, &reviews),
        (State::InReview, Some("marie"))
    );
    // A verdict from before the request does not answer it.
    let mut early = marie.clone();
    for unit in &units {
        early.cycle_verdict(unit, at(50));
    }
    assert_eq!(state(&request, &certification, &[early]).0, State::InReview);
    // Every unit answered since: a verdict on all but one, a comment on that one.
    let (last, rest) = units.split_last().unwrap();
    for unit in rest {
        marie.cycle_verdict(unit, at(300));
    }
    assert_eq!(
        unanswered(&request, &certification, &marie),
        [last.as_str()]
    );
    marie.add_comment(last, "À compléter", at(301));
    let reviews = [marie];
    assert_eq!(
        state(&request, &certification, &reviews),
        (State::Returned, Some("marie"))
    );
    portfolio.withdraw_request(Some("A1.C1"), at(400));
    assert_eq!(
        state(&portfolio.requests[0], &certification, &reviews).0,
        State::Withdrawn
    );
}

#[test]
fn the_units_of_the_dossier_a_bloc_and_a_unit() {
    let certification = certification();
    let all = units_under(&certification, None);
    assert_eq!(all.len(), certification.units().count());
    let bloc = &certification.blocs[0];
    assert_eq!(
        units_under(&certification, Some(&bloc.id)).len(),
        bloc.units().count()
    );
    let unit = all[0].clone();
    assert_eq!(units_under(&certification, Some(&unit)), [unit]);
    assert!(units_under(&certification, Some("plus-là")).is_empty());
}

#[test]
fn a_thread_is_in_time_order_and_a_reply_to_a_lost_comment_comes_last() {
    let mut portfolio = Portfolio::new("x");
    let mut marie = Review::new("x", "marie");
    marie.add_comment("CR1", "Précisez le chiffre", at(10));
    portfolio.reply("CR1", "Ajouté : 2 M€", Some(at(10)), at(20));
    marie.add_comment("CR1", "Merci, validé", at(30));
    portfolio.reply(
        "CR1",
        "Répondait à un commentaire supprimé",
        Some(at(5)),
        at(25),
    );
    let reviews = [marie.clone()];
    let thread = thread(&portfolio, &reviews, "CR1");
    let texts: Vec<(&str, bool)> = thread.iter().map(|m| (m.text, m.orphan)).collect();
    assert_eq!(
        texts,
        [
            ("Précisez le chiffre", false),
            ("Ajouté : 2 M€", false),
            ("Merci, validé", false),
            ("Répondait à un commentaire supprimé", true),
        ]
    );
    assert_eq!(thread[0].author, Author::Tutor("marie"));
    assert_eq!(thread[1].author, Author::Candidate);
    assert_eq!(unread_replies(&portfolio, &marie, "CR1"), 2);
    marie.seen.insert("CR1".into(), at(20));
    assert_eq!(unread_replies(&portfolio, &marie, "CR1"), 1);
}

#[test]
fn news_from_the_other_side_is_counted_per_author() {
    let old_marie = Review::new("x", "marie");
    let mut marie = old_marie.clone();
    marie.add_comment("CR1", "Un", at(1));
    marie.add_comment("CR2", "Deux", at(2));
    let mut jean = Review::new("x", "jean");
    jean.cycle_verdict("CR1", at(3));
    assert_eq!(
        review_news(
            std::slice::from_ref(&old_marie),
            &[jean.clone(), marie.clone()],
            None
        )
        .as_deref(),
        Some("1 nouvel avis de jean ; 2 nouveaux commentaires de marie.")
    );
    assert_eq!(review_news(&[marie.clone()], &[marie.clone()], None), None);
    assert_eq!(review_news(&[], &[marie], Some("marie")), None, "one's own");
    let old = Portfolio::new("x");
    let mut new = old.clone();
    new.request_review(Some("BC1"), "", at(4), |_| false);
    new.reply("CR1", "Voilà", None, at(5));
    assert_eq!(
        portfolio_news(&old, &new).as_deref(),
        Some("Nouvelle demande de relecture : BC1 ; 1 nouvelle réponse du candidat.")
    );
    assert_eq!(portfolio_news(&new, &new), None);
}

#[test]
fn the_log_has_both_sides_in_time_order() {
    let certification = certification();
    let unit = units_under(&certification, None)[0].clone();
    let mut portfolio = Portfolio::new(&certification.id);
    portfolio.add_note(&unit, "Ma preuve\ncorps", at(10));
    portfolio.update_note(&unit, 0, "Ma preuve, revue\ncorps", at(40));
    portfolio.cycle_status(&unit, at(20));
    portfolio.request_review(Some(&unit), "svp", at(30), |_| false);
    let mut marie = Review::new(&certification.id, "marie");
    marie.cycle_verdict(&unit, at(50));
    marie.add_comment(&unit, "Précisez", at(60));
    let events = log(&portfolio, &[marie]);
    let kinds: Vec<(i64, Kind, &str)> = events
        .iter()
        .map(|e| (e.time.as_second(), e.kind, e.author.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (10, Kind::NoteCreated, "candidat"),
            (10, Kind::Status, "candidat"),
            (20, Kind::Status, "candidat"),
            (30, Kind::Requested, "candidat"),
            (40, Kind::NoteEdited, "candidat"),
            (50, Kind::Verdict, "marie"),
            (60, Kind::Comment, "marie"),
        ]
    );
    assert_eq!(events[1].what, "à faire → en cours");
    assert_eq!(events[2].what, "en cours → prêt");
    assert_eq!(events[5].what, "sans avis → à retravailler");
}

#[test]
fn a_note_read_then_edited_shows_the_words_that_changed() {
    let mut portfolio = Portfolio::new("x");
    portfolio.add_note("CR1", "Ventes au Maroc en 2022", at(1));
    let mut marie = Review::new("x", "marie");
    let note = portfolio.notes("CR1")[0].clone();
    assert_eq!(note_news(&marie, "CR1", &note), Some(NoteNews::New));
    assert!(notes_changed(&marie, "CR1", &portfolio));
    assert!(marie.mark_notes_read("CR1", portfolio.notes("CR1")));
    assert!(
        !marie.mark_notes_read("CR1", portfolio.notes("CR1")),
        "nothing new"
    );
    assert_eq!(note_news(&marie, "CR1", &note), None);
    portfolio.update_note("CR1", 0, "Ventes au Maroc et en Tunisie en 2023", at(5));
    let edited = portfolio.notes("CR1")[0].clone();
    let Some(NoteNews::Changed(pieces)) = note_news(&marie, "CR1", &edited) else {
        panic!("changed");
    };
    let added: String = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Added(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let removed: String = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Removed(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        added.contains("Tunisie") && added.contains("2023"),
        "{pieces:?}"
    );
    assert!(removed.contains("2022"), "{pieces:?}");
    assert!(
        pieces.contains(&Piece::Same("Ventes au Maroc ".into())),
        "{pieces:?}"
    );
}

#[test]
fn a_verdict_given_before_the_evidence_changed_is_stale_until_confirmed() {
    let mut portfolio = Portfolio::new("x");
    portfolio.add_note("CR1", "Preuve", at(1));
    let mut marie = Review::new("x", "marie");
    marie.cycle_verdict("CR1", at(2));
    assert!(!stale_verdict(&marie, "CR1", &portfolio));
    portfolio.update_note("CR1", 0, "Preuve complétée", at(3));
    assert!(stale_verdict(&marie, "CR1", &portfolio));
    assert_eq!(marie.confirm_verdict("CR1", at(4)), Some(Verdict::Rework));
    assert!(!stale_verdict(&marie, "CR1", &portfolio));
    assert_eq!(marie.verdict("CR1"), Some(Verdict::Rework));
    assert_eq!(marie.history.len(), 2, "the confirmation is in the history");
}

#[test]
fn a_renamed_item_keeps_its_replies_requests_and_review_history() {
    // A référentiel whose critère BC1.C3.CR1 was BC1.C3.CR2.
    let certification = crate::referentiel::parse(
        include_str!("../../tests/valid_referentiels/exemple-v2.ron"),
        None,
    )
    .unwrap();
    let (former, current) = ("BC1.C3.CR2".to_string(), "BC1.C3.CR1".to_string());
    let mut portfolio = Portfolio::new(&certification.id);
    portfolio.reply(&former, "réponse", None, at(1));
    portfolio.request_review(Some(&former), "", at(2), |_| false);
    portfolio.follow_renames(&certification);
    assert_eq!(portfolio.replies(&current).len(), 1);
    assert_eq!(
        portfolio.requests[0].node.as_deref(),
        Some(current.as_str())
    );
    let mut marie = Review::new(&certification.id, "marie");
    marie.cycle_verdict(&former, at(3));
    marie.follow_renames(&certification);
    assert_eq!(marie.history[0].id, current);
}
