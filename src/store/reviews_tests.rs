use super::*;
use jiff::Timestamp;

fn private_data() -> (tempfile::TempDir, DataDir) {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    assert_eq!(trust(dir.path()), Trust::Private);
    (dir, data)
}

#[test]
fn reviews_round_trip_and_are_listed_per_tutor() {
    let (_dir, data) = private_data();
    let mut marie = Review::new("x", "marie");
    marie.add_comment("CR1", "Bien « argumenté »\nmerci", Timestamp::UNIX_EPOCH);
    marie.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    save_review(&data, &marie).unwrap();
    save_review(&data, &Review::new("x", "jean paul")).unwrap();
    assert_eq!(load_review(&data, "x", "marie").unwrap(), marie);
    let (reviews, errors) = load_reviews(&data, "x");
    assert!(errors.is_empty(), "{errors:?}");
    let tutors: Vec<&str> = reviews.iter().map(|r| r.tutor.as_str()).collect();
    assert_eq!(tutors, ["jean paul", "marie"]);
    assert!(review_path(&data, "x", "jean paul").ends_with("reviews/jean%20paul/x.ron"));
    assert!(review_path(&data, "x", "marie").ends_with("reviews/marie/x.ron"));
}

#[test]
fn a_broken_review_is_reported_with_its_place() {
    let (_dir, data) = private_data();
    let path = review_path(&data, "x", "marie");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        &path,
        "(format_version: 1, referentiel: \"x\", tutr: \"m\")",
    )
    .unwrap();
    let (reviews, errors) = load_reviews(&data, "x");
    assert!(reviews.is_empty());
    assert!(errors[0].contains("marie/x.ron:1:"), "{}", errors[0]);
    assert!(load_review(&data, "x", "marie").is_err());
}

#[test]
fn tutor_names_map_to_file_names_one_to_one() {
    assert_eq!(tutor_file_name("marie"), "marie");
    assert_eq!(tutor_file_name("jean-paul_2"), "jean-paul_2");
    assert_eq!(tutor_file_name("../../etc/x"), "%2E%2E%2F%2E%2E%2Fetc%2Fx");
    assert_eq!(tutor_file_name("Élodie"), "%C3%89lodie");
    assert_eq!(tutor_file_name("Èlodie"), "%C3%88lodie");
    assert_eq!(tutor_file_name("a%41"), "a%2541");
    assert_ne!(tutor_file_name("a%41"), tutor_file_name("aA"));
    assert_eq!(tutor_file_name(""), "%");
    // Two tutors whose names earlier versions confused keep two reviews.
    let (_dir, data) = private_data();
    let mut elodie = Review::new("x", "Élodie");
    elodie.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    save_review(&data, &elodie).unwrap();
    save_review(&data, &Review::new("x", "Èlodie")).unwrap();
    assert_eq!(load_review(&data, "x", "Élodie").unwrap(), elodie);
    assert_eq!(load_reviews(&data, "x").0.len(), 2);
}

#[test]
fn a_file_claiming_another_tutor_is_ignored_and_never_merged() {
    let (_dir, data) = private_data();
    let mut marie = Review::new("x", "marie");
    marie.add_comment("CR1", "vrai commentaire", Timestamp::UNIX_EPOCH);
    save_review(&data, &marie).unwrap();
    // A file under another name that says it is marie's, verdicts forged.
    let mut forged = Review::new("x", "marie");
    forged.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    forged.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    let text = ron_style::options()
        .to_string_pretty(&forged, ron_style::pretty())
        .unwrap();
    for place in ["reviews/aaa/x.ron", "reviews/x/aaa.ron"] {
        let path = data.root().join(place);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &text).unwrap();
    }
    let (reviews, errors) = load_reviews(&data, "x");
    assert_eq!(reviews, [marie.clone()]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("se dit de « marie »"), "{}", errors[0]);
    assert_eq!(load_review(&data, "x", "marie").unwrap(), marie);
}

#[test]
fn a_review_naming_another_certification_is_reported() {
    let (_dir, data) = private_data();
    let path = review_path(&data, "x", "marie");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = ron_style::options()
        .to_string_pretty(&Review::new("y", "marie"), ron_style::pretty())
        .unwrap();
    fs::write(&path, text).unwrap();
    let (reviews, errors) = load_reviews(&data, "x");
    assert!(reviews.is_empty());
    assert!(
        errors[0].contains("avis sur « y », pas sur « x »"),
        "{errors:?}"
    );
}

#[test]
fn a_review_at_the_earlier_place_is_read_then_moved() {
    let (_dir, data) = private_data();
    let mut old = Review::new("x", "jean paul");
    old.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    let path = data.root().join("reviews/x/jean_paul.ron");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = ron_style::options()
        .to_string_pretty(&old, ron_style::pretty())
        .unwrap();
    fs::write(&path, text).unwrap();
    assert_eq!(load_reviews(&data, "x").0, [old.clone()]);
    let mut own = load_review(&data, "x", "jean paul").unwrap();
    assert_eq!(own, old);
    own.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    save_review(&data, &own).unwrap();
    assert!(!path.exists(), "the earlier copy is gone once moved");
    assert_eq!(load_reviews(&data, "x").0, [own]);
}

#[test]
fn a_planted_link_or_fifo_among_reviews_is_reported_not_followed() {
    let (dir, data) = private_data();
    let folder = data.root().join("reviews/marie");
    fs::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("x.ron")).unwrap();
    let fifo = data.root().join("reviews/x/jean.ron");
    fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success());
    let (reviews, errors) = load_reviews(&data, "x");
    assert!(reviews.is_empty());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("lien symbolique")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("pas un fichier ordinaire")),
        "{errors:?}"
    );
    drop(dir);
}
