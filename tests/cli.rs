//! The real binary on temporary data directories.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const EXAMPLE: &str = include_str!("valid_referentiels/exemple-minimal.ron");

fn livret(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(args)
        .env_remove("LIVRET_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A data dir with one valid user référentiel and one broken one.
fn data_dir_with_user_referentiels() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let referentiels = dir.path().join("referentiels");
    fs::create_dir_all(&referentiels).unwrap();
    fs::write(referentiels.join("exemple-minimal.ron"), EXAMPLE).unwrap();
    fs::write(
        referentiels.join("casse.ron"),
        "(\n    format_version: 1,\n    id: \"casse\",\n    titre: \"x\",\n)\n",
    )
    .unwrap();
    dir
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[test]
fn list_shows_bundled_then_user_certifications_and_reports_the_broken_file() {
    let dir = data_dir_with_user_referentiels();
    let output = livret(&["list", "--data-dir", path(dir.path())]);
    assert!(output.status.success());
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("ID "), "{out}");
    // The table, then a blank line and the warning of 003's ended registration.
    assert_eq!(lines.len(), 1 + 5 + 1 + 2, "five bundled, one user:\n{out}");
    assert!(lines[8].starts_with("⚠ rncp23675-"), "{out}");
    assert!(lines[6].starts_with("exemple-minimal "), "{out}");
    assert!(lines[6].ends_with("exemple-minimal.ron"), "{out}");
    let err = stderr(&output);
    assert!(
        err.contains("casse.ron:4:5: champ inconnu « titre »"),
        "{err}"
    );
}

#[test]
fn list_json_has_exactly_the_documented_fields() {
    let dir = data_dir_with_user_referentiels();
    let output = livret(&["--data-dir", path(dir.path()), "list", "--json"]);
    assert!(output.status.success());
    let items: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(items.len(), 6);
    for item in &items {
        let mut keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "blocs",
                "code",
                "competences",
                "criteres",
                "expired",
                "id",
                "optional_blocs",
                "source",
                "title",
                "units",
                "valid_until"
            ]
        );
    }
    assert!(items[..5].iter().all(|i| i["source"] == "bundled"));
    let user = &items[5];
    assert_eq!(user["id"], "exemple-minimal");
    assert_eq!(user["code"], "RNCP00000");
    assert_eq!(user["blocs"], 2);
    assert_eq!(user["optional_blocs"], 1);
    assert_eq!(user["competences"], 2);
    assert_eq!(user["criteres"], 3);
    assert!(
        user["source"]
            .as_str()
            .unwrap()
            .ends_with("referentiels/exemple-minimal.ron")
    );
}

#[test]
fn the_data_dir_can_come_from_the_environment() {
    let dir = data_dir_with_user_referentiels();
    let output = Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(["list", "--json"])
        .env("LIVRET_DATA_DIR", dir.path())
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(items.len(), 6);
}

#[test]
fn check_accepts_a_valid_file_with_a_summary() {
    let output = livret(&["check", "tests/valid_referentiels/exemple-minimal.ron"]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output),
        "tests/valid_referentiels/exemple-minimal.ron : valide — « Exemple de certification » \
         (exemple-minimal), 2 blocs dont 1 optionnel, 2 compétences, 3 critères\n"
    );
}

#[test]
fn check_refuses_a_broken_file_with_line_and_column() {
    let output = livret(&["check", "tests/invalid_referentiels/wrong-type.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "tests/invalid_referentiels/wrong-type.ron:55:22: booléen attendu : true ou false\n"
    );
}

#[test]
fn check_says_when_the_file_cannot_be_read() {
    let output = livret(&["check", "/nonexistent/x.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("/nonexistent/x.ron: lecture impossible"));
}

#[test]
fn open_with_an_unknown_id_lists_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let output = livret(&["open", "rncp99999", "--data-dir", path(dir.path())]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("certification « rncp99999 » inconnue"),
        "{err}"
    );
    assert!(
        err.contains("rncp23675-responsable-commerce-international"),
        "{err}"
    );
}
