//! The benchmark fixture generator (`examples/gen_fixture.rs`): same seed,
//! same files, and livret reads them like any user's data dir.

#[path = "../benches/support/fixture.rs"]
mod fixture;

use livret::store::{DataDir, load_catalog, load_portfolio, load_state};

#[test]
fn the_same_seed_gives_the_same_fixture() {
    let certification = fixture::certification(200, 3);
    assert_eq!(certification, fixture::certification(200, 3));
    assert_eq!(
        fixture::portfolio(&certification, 80, 3),
        fixture::portfolio(&certification, 80, 3)
    );
    assert_ne!(certification, fixture::certification(200, 4));
}

#[test]
fn a_generated_data_dir_opens_on_the_synthetic_certification() {
    let dir = tempfile::tempdir().unwrap();
    let certification = fixture::certification(200, 1);
    let portfolio = fixture::portfolio(&certification, 80, 1);
    fixture::write_data_dir(dir.path(), Some(&certification), &[portfolio], fixture::ID).unwrap();

    let data = DataDir::new(dir.path());
    let catalog = load_catalog(&data);
    assert!(catalog.errors.is_empty(), "{:?}", catalog.errors);
    let loaded = &catalog.get(fixture::ID).unwrap().certification;
    assert_eq!(loaded.criteres().count(), 200);
    assert_eq!(loaded.blocs.len(), fixture::BLOCS);
    let portfolio = load_portfolio(&data, fixture::ID).unwrap();
    assert_eq!(portfolio.note_count(), 80);
    assert_eq!(portfolio.experiences.len(), fixture::EXPERIENCES);
    assert!(
        portfolio
            .criteres
            .values()
            .flat_map(|w| &w.notes)
            .all(|n| n.experiences.len() == 1),
        "every note tells about one experience"
    );
    for note in portfolio.criteres.values().flat_map(|w| &w.notes) {
        let chars = note.text.chars().count();
        assert!((200..=2_000).contains(&chars), "{chars} chars");
    }
    assert_eq!(
        load_state(&data).last_referentiel.as_deref(),
        Some(fixture::ID)
    );
}
