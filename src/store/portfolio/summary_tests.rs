use super::*;
use crate::portfolio::CritereWork;
use crate::store::{load_portfolio_for, portfolio_to_ron};
use jiff::Timestamp;

fn slim(text: &str) -> String {
    String::from_utf8(without_texts(text.as_bytes()).unwrap()).unwrap()
}

#[test]
fn only_the_values_never_shown_are_cut_out() {
    assert_eq!(
        slim(r#"(text: "a \" text: \"b\" \\", texte: "c", context: "d")"#),
        r#"(text: "", texte: "c", context: "d")"#
    );
    assert_eq!(
        slim("(text:\n  r##\"un \"# deux\"##, b: 'x', c: '\"', d: '\\'', text: \"e\")"),
        "(text:\n  \"\", b: 'x', c: '\"', d: '\\'', text: \"\")"
    );
    // Comments and other strings are skipped whole, never read as fields.
    assert_eq!(
        slim("(/* text: \"x\" /* \" */ */ // text: \"y\n a: \"text: \\\"z\", text: \"w\")"),
        "(/* text: \"x\" /* \" */ */ // text: \"y\n a: \"text: \\\"z\", text: \"\")"
    );
    assert_eq!(slim("(r#text: \"x\", r: 1)"), "(r#text: \"\", r: 1)");
    // Whole lists and structs, brackets in their strings not counted.
    assert_eq!(
        slim("(status: Ready, notes: [(text: \"])}\", e: ['[']), ()], level: 2, view: (a: {}))"),
        "(status: Ready, notes: [], level: 2, view: ())"
    );
    assert_eq!(slim("(notes: None, seen: 3)"), "(notes: None, seen: 3)");
    assert_eq!(without_texts(b"(text: \"open"), None);
    assert_eq!(without_texts(b"(a: 1) /* open"), None);
    assert_eq!(without_texts(b"(notes: [(a: 1)"), None);
}

fn sample() -> (Certification, Portfolio) {
    let certification = crate::store::referentiels::bundled_certifications()
        .next()
        .unwrap()
        .clone();
    let mut portfolio = Portfolio::new(&certification.id);
    portfolio.identity.name = Some("Anne « text: »".to_string());
    let units: Vec<String> = certification.units().map(|u| u.id.to_string()).collect();
    let at = Timestamp::UNIX_EPOCH;
    for (i, id) in units.iter().take(6).enumerate() {
        portfolio.add_note(
            id,
            "text: \"guillemet\" r#\"brut\"# // pas un commentaire",
            at,
        );
        portfolio.criteres.insert(
            id.clone(),
            CritereWork {
                status: if i % 2 == 0 {
                    Status::Ready
                } else {
                    Status::InProgress
                },
                level: Some(2),
                notes: portfolio.criteres[id].notes.clone(),
            }
            .into(),
        );
    }
    portfolio.reply(&units[0], "merci, text: \"x\"", None, at);
    portfolio.request_review(None, "à relire", at, |_| true);
    (certification, portfolio)
}

#[test]
fn a_summary_counts_as_a_full_read_without_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let (certification, portfolio) = sample();
    crate::store::save_portfolio(&data, &portfolio).unwrap();
    let full = load_portfolio_for(&data, &certification).unwrap();
    let summary = load_portfolio_summary(&data, &certification).unwrap();
    assert_eq!(summary.identity, full.identity);
    assert_eq!(summary.requests, full.requests);
    assert_eq!(summary.replies.len(), full.replies.len());
    for (id, work) in &full.criteres {
        assert_eq!(summary.status(id), work.status);
        assert!(summary.notes(id).is_empty());
    }
    assert_eq!(summary.criteres.len(), 6);
}

#[test]
fn a_broken_or_older_file_is_read_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let (certification, portfolio) = sample();
    let path = data.portfolio(&certification.id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Broken after the notes: the same refusal, at the same place.
    let text = portfolio_to_ron(&portfolio).replace("status: Ready", "status: Pret");
    std::fs::write(&path, &text).unwrap();
    let full = load_portfolio_for(&data, &certification)
        .unwrap_err()
        .to_string();
    let summary = load_portfolio_summary(&data, &certification);
    assert_eq!(summary.unwrap_err().to_string(), full);
    // Format 1, from before drafts: migrated as by a full read.
    let old = format!(
        "(format_version: 1, referentiel: \"{}\", criteres: {{\"{}\": (status: Ready, \
         notes: [(text: \"n\", created: \"2025-01-01T00:00:00Z\", updated: \
         \"2025-01-01T00:00:00Z\")])}})",
        certification.id,
        certification.units().next().unwrap().id
    );
    std::fs::write(&path, old).unwrap();
    let summary = load_portfolio_summary(&data, &certification).unwrap();
    assert_eq!(summary, load_portfolio_for(&data, &certification).unwrap());
}
