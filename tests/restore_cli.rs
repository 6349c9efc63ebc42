//! `livret restore`: list the backups, put one back, never lose the current file.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const ID: &str = "rncp23675-responsable-commerce-international";

fn livret(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("LIVRET_DATA_DIR")
        .env("TZ", "UTC")
        .output()
        .expect("the binary runs")
}

fn portfolio(notes: &[&str]) -> String {
    let notes: Vec<String> = notes
        .iter()
        .map(|t| {
            format!(
                "(text: \"{t}\", created: \"2026-01-05T10:00:00Z\", updated: \"2026-01-05T10:00:00Z\")"
            )
        })
        .collect();
    format!(
        "(format_version: 2, referentiel: \"{ID}\", criteres: {{ \"C1.1.CR1\": (notes: [{}]) }})\n",
        notes.join(", ")
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups").join(ID);
    fs::create_dir_all(&backups).unwrap();
    fs::write(backups.join("20260101T080000Z.ron"), portfolio(&["Une"])).unwrap();
    fs::write(
        backups.join("20260102T080000Z.ron"),
        portfolio(&["Une", "Deux"]),
    )
    .unwrap();
    fs::write(
        backups.join("20260103T080000Z.ron"),
        "(format_version: 2, refer",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("portfolios")).unwrap();
    fs::write(dir.path().join(format!("portfolios/{ID}.ron")), "(cassé").unwrap();
    dir
}

#[test]
fn list_shows_dates_and_note_counts_newest_first() {
    let data = setup();
    let output = livret(data.path(), &["restore", ID, "--list"]);
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("N°"), "{out}");
    assert!(
        lines[1].starts_with("1   03/01/2026 08:00:00  illisible (1:"),
        "{out}"
    );
    assert!(lines[2].starts_with("2   02/01/2026 08:00:00  2 "), "{out}");
    assert!(lines[3].starts_with("3   01/01/2026 08:00:00  1 "), "{out}");
}

#[test]
fn restoring_keeps_the_replaced_file_as_a_backup() {
    let data = setup();
    let output = livret(data.path(), &["restore", ID, "2"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let current = fs::read_to_string(data.path().join(format!("portfolios/{ID}.ron"))).unwrap();
    assert_eq!(current, portfolio(&["Une", "Deux"]));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("l’ancienne version est gardée dans"), "{out}");
    let kept: Vec<String> = fs::read_dir(data.path().join("backups").join(ID))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        kept.contains(&"(cassé".to_string()),
        "the broken file is kept"
    );
}

#[test]
fn an_unreadable_backup_is_refused_and_nothing_changes() {
    let data = setup();
    let output = livret(data.path(), &["restore", ID, "1"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("20260103T080000Z.ron:1:"), "{err}");
    let current = fs::read_to_string(data.path().join(format!("portfolios/{ID}.ron"))).unwrap();
    assert_eq!(current, "(cassé");
}

#[test]
fn a_number_out_of_range_says_how_many_there_are() {
    let data = setup();
    let output = livret(data.path(), &["restore", ID, "9"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("pas de sauvegarde n° 9") && err.contains("3 en tout"),
        "{err}"
    );
}

#[test]
fn a_portfolio_open_in_the_app_is_not_restored_under_it() {
    let data = setup();
    // What the app holds while the portfolio is open.
    let file = data.path().join(format!("portfolios/{ID}.ron"));
    let lock = livret::store::lock(&file, "le candidat (pid 4242)").unwrap();
    let output = livret(data.path(), &["restore", ID, "2"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("ouvert par le candidat (pid 4242)") && err.contains("rien n’a été modifié"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "(cassé");
    drop(lock);
    let output = livret(data.path(), &["restore", ID, "2"]);
    assert!(output.status.success(), "once closed, it restores");
}
