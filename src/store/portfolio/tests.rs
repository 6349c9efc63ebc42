use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use jiff::Timestamp;

use super::*;
use crate::portfolio::Status;

const ID: &str = "rncp23675-responsable-commerce-international";

const EXAMPLE: &str = r#"(
    format_version: 7,
    referentiel: "rncp23675-responsable-commerce-international",
    identity: (
        name: "Awa Diallo",
    ),
    criteres: {
        "C1.1.CR1": (
            status: Ready,
            level: 3,
            notes: [
                (
                    text: "Titre
Corps",
                    created: "2026-01-05T10:00:00Z",
                    updated: "2026-01-05T10:00:00Z",
                    pieces: [
                        "piece-1",
                    ],
                ),
            ],
        ),
    },
    targeted: [],
    experiences: [],
    pieces: [
        (
            id: "piece-1",
            title: "Attestation d’emploi",
            file: "attestation-lacroix.pdf",
        ),
    ],
    last_piece: 1,
    written: [
        (
            at: "2026-01-05T10:00:00Z",
            words: 2,
        ),
    ],
)
"#;

/// The identity part of [`EXAMPLE`], which formats before 6 did not have.
const IDENTITY: &str = "    identity: (\n        name: \"Awa Diallo\",\n    ),\n";

/// [`EXAMPLE`] as a file of format 1 reads: no identity, no pieces.
fn example_before_6() -> String {
    let citation = "                    pieces: [\n                        \"piece-1\",\n                    ],\n";
    let start = EXAMPLE.find("    pieces: [\n        (").unwrap();
    let end = EXAMPLE.find("    written: [").unwrap();
    let mut text = EXAMPLE.to_string();
    text.replace_range(start..end, "");
    text.replace(IDENTITY, "").replace(citation, "")
}

fn data() -> (tempfile::TempDir, DataDir) {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    (dir, data)
}

fn write(data: &DataDir, text: &str) -> PathBuf {
    let path = data.portfolio(ID);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

fn sample() -> Portfolio {
    let t = Timestamp::from_second(1_767_607_200).unwrap();
    let mut p = Portfolio::new(ID);
    p.add_note("C1.1.CR1", "Titre\nCorps", t);
    p.cycle_status("C1.1.CR1", jiff::Timestamp::UNIX_EPOCH);
    p.set_level("C1.1.CR1", Some(3));
    p.add_note("C1.2.CR2", "Autre « preuve »", t);
    p.toggle_target("BC4");
    p
}

#[test]
fn the_documented_shape_loads_and_is_written_back_identically() {
    let (_dir, data) = data();
    write(&data, EXAMPLE);
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(p.status("C1.1.CR1"), Status::Ready);
    assert_eq!(p.critere("C1.1.CR1").unwrap().level, Some(3));
    assert_eq!(p.notes("C1.1.CR1")[0].title(), "Titre");
    assert_eq!(
        p.notes("C1.1.CR1")[0].created.to_string(),
        "2026-01-05T10:00:00Z"
    );
    assert_eq!(p.name(), Some("Awa Diallo"));
    assert_eq!(
        p.piece_labels(&p.notes("C1.1.CR1")[0].pieces),
        ["Pièce 1 — Attestation d’emploi"]
    );
    assert_eq!(portfolio_to_ron(&p), EXAMPLE);
}

#[test]
fn a_version_5_file_loads_without_a_name_and_is_saved_as_the_current_version() {
    let (_dir, data) = data();
    assert!(EXAMPLE.contains(IDENTITY));
    let v5 = EXAMPLE
        .replace(IDENTITY, "")
        .replace("format_version: 7,", "format_version: 5,");
    let path = write(&data, &v5);
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(p.format_version, FORMAT_VERSION);
    assert_eq!((p.name(), p.status("C1.1.CR1")), (None, Status::Ready));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        v5,
        "loading writes nothing"
    );
    save_portfolio(&data, &p).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert_eq!(
        saved,
        EXAMPLE.replace(IDENTITY, ""),
        "no empty identity written"
    );
}

#[test]
fn a_name_edited_by_hand_is_read_as_if_typed() {
    let (_dir, data) = data();
    let planted = "\"  Awa\u{1b}]0;x\u{7}\\n Diallo \"";
    write(&data, &EXAMPLE.replace("\"Awa Diallo\"", planted));
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(p.name(), Some("Awa]0;x Diallo"));
}

#[test]
fn the_compact_shape_loads_too() {
    let (_dir, data) = data();
    write(
        &data,
        "(\n    format_version: 1,\n    referentiel: \"rncp23675-responsable-commerce-international\",\n    criteres: {\n        \"C1.1.CR1\": (status: Ready, level: 3, notes: [(text: \"Titre\\nCorps\", created: \"2026-01-05T10:00:00Z\", updated: \"2026-01-05T10:00:00Z\")]),\n    },\n    targeted: [],\n    view: (selected: \"C1.1.CR1\", expanded: [\"BC1\"]),\n)\n",
    );
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(portfolio_to_ron(&p), example_before_6());
}

#[test]
fn the_place_in_the_tree_of_an_older_file_is_read_and_no_longer_written() {
    let (_dir, data) = data();
    let end = EXAMPLE.find("    written: [").unwrap();
    let view = "    view: (\n        selected: \"C1.1.CR1\",\n        expanded: [\n            \"BC1\",\n        ],\n    ),\n";
    let mut older = EXAMPLE.to_string();
    older.insert_str(end, view);
    write(&data, &older);
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(p.view.selected.as_deref(), Some("C1.1.CR1"));
    assert!(p.view.expanded.contains("BC1"));
    assert_eq!(portfolio_to_ron(&p), EXAMPLE, "written back without it");
}

#[test]
fn the_place_in_the_tree_has_its_own_private_file() {
    let (_dir, data) = data();
    assert_eq!(load_view(&data, ID), None);
    let view = crate::portfolio::ViewState {
        selected: Some("C1.1.CR1".into()),
        expanded: ["BC1".to_string()].into(),
    };
    save_view(&data, ID, &view).unwrap();
    assert_eq!(load_view(&data, ID), Some(view));
    assert!(!data.portfolio(ID).exists(), "the portfolio is not written");
    #[cfg(unix)]
    assert_eq!(
        fs::metadata(data.view(ID)).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // A broken one is only a convenience lost.
    fs::write(data.view(ID), "(selected: ").unwrap();
    assert_eq!(load_view(&data, ID), None);
}

#[test]
fn save_then_load_gives_the_same_portfolio() {
    let (_dir, data) = data();
    let p = sample();
    save_portfolio(&data, &p).unwrap();
    assert_eq!(load_portfolio(&data, ID).unwrap(), p);
}

#[cfg(unix)]
#[test]
fn saved_portfolios_are_private() {
    let (_dir, data) = data();
    save_portfolio(&data, &sample()).unwrap();
    let mode = fs::metadata(data.portfolio(ID))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_missing_file_gives_an_empty_portfolio_and_writes_nothing() {
    let (dir, data) = data();
    assert_eq!(load_portfolio(&data, ID).unwrap(), Portfolio::new(ID));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_corrupt_file_is_located_and_left_untouched() {
    let (_dir, data) = data();
    let text = EXAMPLE.replace("            level: 3,", "            levle: 3,");
    let path = write(&data, &text);
    let error = load_portfolio(&data, ID).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "{}:10:13: champ inconnu « levle »",
            path.display()
        )),
        "{message}"
    );
    assert!(
        message.ends_with("le fichier n’a pas été modifié"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_truncated_file_says_so() {
    let (_dir, data) = data();
    // Cut between two fields (inside a string, the string is what is cut).
    write(&data, &EXAMPLE[..EXAMPLE.find("    targeted").unwrap()]);
    let message = load_portfolio(&data, ID).unwrap_err().to_string();
    assert!(message.contains("fichier tronqué"), "{message}");
}

#[test]
fn the_version_is_read_without_parsing_the_whole_file() {
    assert_eq!(
        quick_version("(\n    format_version: 2,\n    referentiel: \"x\")"),
        Some(2)
    );
    assert_eq!(
        quick_version(
            "// format_version: 9\n(referentiel: \"format_version: 7\", format_version: 3)"
        ),
        Some(3)
    );
    assert_eq!(quick_version("(referentiel: \"x\")"), None);
}

#[test]
fn a_version_1_file_is_migrated_and_saved_as_the_current_version() {
    let (_dir, data) = data();
    let fixture = include_str!("../../../tests/fixtures/portfolio-v1.ron");
    let path = write(&data, fixture);
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(p.format_version, FORMAT_VERSION);
    assert_eq!(p.status("C1.1.CR1"), Status::Ready);
    assert_eq!(p.notes("C2.1.CR5")[0].text, "Négociation à Dubaï");
    assert!(p.criteres.values().flat_map(|w| &w.notes).all(|n| !n.draft));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fixture,
        "loading writes nothing"
    );
    save_portfolio(&data, &p).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(saved.contains("format_version: 7,"), "{saved}");
    assert_eq!(load_portfolio(&data, ID).unwrap(), without_view(p));
}

#[test]
fn a_version_2_file_is_migrated_to_the_current_version_without_experiences() {
    let (_dir, data) = data();
    let fixture = include_str!("../../../tests/fixtures/portfolio-v2.ron");
    let path = write(&data, fixture);
    let p = load_portfolio(&data, ID).unwrap();
    assert_eq!(p.format_version, FORMAT_VERSION);
    assert_eq!(p.status("C1.1.CR1"), Status::Ready);
    assert_eq!(p.notes("C1.1.CR1").len(), 2);
    assert!(p.notes("C1.1.CR1")[1].draft, "drafts are kept");
    assert_eq!(p.notes("C2.1.CR5")[0].text, "Négociation à Dubaï");
    assert!(p.targeted.contains("BC4"));
    assert!(p.experiences.is_empty());
    assert!(
        p.criteres
            .values()
            .flat_map(|w| &w.notes)
            .all(|n| n.experiences.is_empty())
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fixture,
        "loading writes nothing"
    );
    save_portfolio(&data, &p).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(saved.contains("format_version: 7,"), "{saved}");
    assert!(saved.contains("experiences: [],"), "{saved}");
    assert_eq!(load_portfolio(&data, ID).unwrap(), without_view(p));
}

/// The place in the tree an older file held goes to its own file: it is
/// read, never written back into the portfolio.
fn without_view(mut p: Portfolio) -> Portfolio {
    assert_ne!(p.view, Default::default(), "the older file has one");
    p.view = Default::default();
    p
}

#[test]
fn experiences_and_links_round_trip() {
    let (_dir, data) = data();
    let mut p = sample();
    let id = p.add_experience(crate::experience::Experience {
        title: "Export Maghreb".into(),
        employer: "Lacroix Emballages".into(),
        from: crate::experience::Month::new(2019, 3),
        ..Default::default()
    });
    p.set_links(
        "C1.1.CR1",
        0,
        std::slice::from_ref(&id),
        Timestamp::UNIX_EPOCH,
    );
    save_portfolio(&data, &p).unwrap();
    let text = fs::read_to_string(data.portfolio(ID)).unwrap();
    assert!(text.contains("from: \"2019-03\","), "{text}");
    assert!(text.contains("last_experience: 1,"), "{text}");
    assert!(
        text.contains("experiences: [\n                        \"exp-1\","),
        "{text}"
    );
    assert_eq!(load_portfolio(&data, ID).unwrap(), p);
}

#[test]
fn a_portfolio_cut_at_any_byte_gives_a_located_error_never_a_panic() {
    let text = portfolio_to_ron(&sample());
    let path = Path::new("p.ron");
    for cut in 0..text.len() {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let partial = &text[..cut];
        match parse(partial, path, ID) {
            Ok(p) => assert_eq!(p, sample(), "only the final newline may go"),
            Err(PortfolioError::Syntax { position, .. }) => {
                assert!(position.line >= 1 && position.col >= 1)
            }
            Err(PortfolioError::Version {
                position: Some(_), ..
            }) => {}
            Err(other) => panic!("cut at {cut}: unlocated error {other}"),
        }
    }
}

#[test]
fn a_newer_format_is_refused_even_with_new_fields() {
    let (_dir, data) = data();
    let text = EXAMPLE
        .replace("format_version: 7,", "format_version: 8,")
        .replace("    targeted: [],", "    targeted: [],\n    projects: [],");
    let path = write(&data, &text);
    let message = load_portfolio(&data, ID).unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("{}:2:21: ", path.display())),
        "{message}"
    );
    assert!(message.contains("mettez livret à jour"), "{message}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn another_certifications_portfolio_is_refused() {
    let (_dir, data) = data();
    let path = write(
        &data,
        &EXAMPLE.replace(ID, "manager-developpement-commercial"),
    );
    let message = load_portfolio(&data, ID).unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("{}:3:18: ", path.display())),
        "{message}"
    );
    assert!(
        message.contains("« manager-developpement-commercial »"),
        "{message}"
    );
}

#[test]
fn state_round_trips_and_a_broken_one_is_ignored() {
    let (_dir, data) = data();
    assert_eq!(load_state(&data), State::default());
    let state = State {
        last_referentiel: Some(ID.into()),
    };
    save_state(&data, &state).unwrap();
    assert_eq!(load_state(&data), state);
    fs::write(data.state(), "(last_referentiel: ").unwrap();
    assert_eq!(load_state(&data), State::default());
}

#[test]
fn a_portfolio_read_ahead_is_the_one_loaded_with_its_stamp() {
    let (_dir, data) = data();
    let ahead = ReadAhead::start(&data, ID);
    assert_eq!(ahead.id(), ID);
    let (disk, none) = ahead.join();
    assert_eq!(disk, None, "no file yet");
    assert_eq!(none.unwrap(), Portfolio::new(ID), "an empty one, as loaded");
    save_portfolio(&data, &sample()).unwrap();
    let (disk, read) = ReadAhead::start(&data, ID).join();
    assert_eq!(disk, crate::store::disk_stamp(&data.portfolio(ID)));
    assert_eq!(read.unwrap(), load_portfolio(&data, ID).unwrap());
    // A broken file is refused the same way, with its place.
    let path = write(&data, "(\n    format_version: 7,\n    referentiel: ");
    let error = ReadAhead::start(&data, ID)
        .join()
        .1
        .unwrap_err()
        .to_string();
    assert_eq!(error, load_portfolio(&data, ID).unwrap_err().to_string());
    assert!(error.contains(&path.display().to_string()), "{error}");
    // A path for an id reads nothing.
    let outside = data.root().join("secret.ron");
    fs::write(&outside, "pas un portfolio").unwrap();
    let (disk, read) = ReadAhead::start(&data, "../secret").join();
    assert_eq!((disk, read.unwrap()), (None, Portfolio::new("../secret")));
}
