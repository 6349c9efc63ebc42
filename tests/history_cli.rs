//! `livret log` in a synced data directory: for each note, when its current
//! text was synced and by whom, read from the data directory's git history.
//!
//! Skipped with a notice when git is missing, unless LIVRET_REQUIRE_GIT=1
//! (CI sets it), where its absence is a failure.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use jiff::Timestamp;
use livret::portfolio::Portfolio;
use livret::store::{DataDir, save_portfolio};
use serde_json::Value;

const ID: &str = "rncp23675-responsable-commerce-international";

fn livret(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LIVRET_DATA_DIR")
        .env_remove("LIVRET_GIT")
        .env("LIVRET_CONFIG", data.join("absent-config.ron"))
        .env("TZ", "UTC")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// git in `dir`, as `author` at `when`, away from the user's own settings.
fn git(dir: &Path, author: &str, when: &str, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", &format!("user.name={author}")])
        .args(["-c", "user.email=someone@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes the portfolio and commits it, as `author` at `when` (one sync).
fn sync(data: &Path, portfolio: &Portfolio, author: &str, when: &str) {
    save_portfolio(&DataDir::new(data), portfolio).unwrap();
    git(data, author, when, &["add", "portfolios"]);
    git(data, author, when, &["commit", "-q", "-m", "livret sync"]);
}

fn at(time: &str) -> Timestamp {
    time.parse().unwrap()
}

/// Two notes written on 20 November.
fn candidate() -> Portfolio {
    let mut p = Portfolio::new(ID);
    let written = at("2026-11-20T10:00:00Z");
    p.add_note("C1.1.CR1", "Analyse de la zone Maghreb", written);
    p.add_note("C1.1.CR2", "Plan marketing Maroc", written);
    p
}

/// The event of `livret log --json` of this kind on this critère.
fn event<'v>(events: &'v Value, kind: &str, node: &str) -> &'v Value {
    events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["node"] == node)
        .unwrap_or_else(|| panic!("no {kind} on {node} in {events:#}"))
}

#[test]
fn the_log_names_who_synced_each_note_and_when() {
    if !common::tools::git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut portfolio = candidate();
    git(
        data,
        "-",
        "2026-12-01T09:00:00Z",
        &["init", "-q", "-b", "main"],
    );
    sync(data, &portfolio, "Camille Martin", "2026-12-01T09:00:00Z");
    portfolio.update_note(
        "C1.1.CR2",
        0,
        "Plan marketing Maroc, revu",
        at("2026-12-05T08:00:00Z"),
    );
    sync(data, &portfolio, "Marie Dupont", "2026-12-07T14:03:00Z");
    // Written since the last sync.
    portfolio.add_note(
        "C1.1.CR3",
        "Budget prévisionnel",
        at("2026-12-08T08:00:00Z"),
    );
    save_portfolio(&DataDir::new(data), &portfolio).unwrap();

    let log = stdout(&livret(data, &["log", ID]));
    for line in [
        "C1.1.CR1 — Analyse de la zone Maghreb : synchronisée le 01/12/2026 à 09:00 par \
         Camille Martin",
        "C1.1.CR2 — Plan marketing Maroc, revu : synchronisée le 07/12/2026 à 14:03 par \
         Marie Dupont",
        "C1.1.CR3 — Budget prévisionnel : pas encore synchronisée",
    ] {
        assert!(log.contains(line), "{line}\nnot in:\n{log}");
    }
    assert!(
        log.contains("note modifiée"),
        "the events are still there:\n{log}"
    );

    let events: Value =
        serde_json::from_str(&stdout(&livret(data, &["log", ID, "--json"]))).expect("JSON");
    let cr1 = &event(&events, "note_created", "C1.1.CR1")["synced"];
    assert_eq!(cr1["author"], "Camille Martin");
    assert_eq!(cr1["when"], "2026-12-01T09:00:00Z");
    assert_eq!(cr1["commit"].as_str().map(str::len), Some(40));
    let cr2 = &event(&events, "note_edited", "C1.1.CR2")["synced"];
    assert_eq!(cr2["author"], "Marie Dupont");
    assert_eq!(cr2["when"], "2026-12-07T14:03:00Z");
    assert!(
        event(&events, "note_created", "C1.1.CR2")
            .get("synced")
            .is_none(),
        "only a note's latest event carries its sync"
    );
    let cr3 = event(&events, "note_created", "C1.1.CR3");
    assert!(cr3["synced"].is_null() && cr3.get("synced").is_some());
}

#[test]
fn a_change_taken_in_from_another_machine_keeps_its_author() {
    if !common::tools::git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut portfolio = candidate();
    git(
        data,
        "-",
        "2026-12-01T09:00:00Z",
        &["init", "-q", "-b", "main"],
    );
    sync(data, &portfolio, "Camille Martin", "2026-12-01T09:00:00Z");
    // On another machine, synced by Marie…
    git(
        data,
        "-",
        "2026-12-02T09:00:00Z",
        &["checkout", "-q", "-b", "other"],
    );
    let mut there = portfolio.clone();
    there.update_note(
        "C1.1.CR2",
        0,
        "Plan Maroc, revu",
        at("2026-12-02T08:00:00Z"),
    );
    sync(data, &there, "Marie Dupont", "2026-12-02T09:00:00Z");
    // …while Camille changed the other note here, then took Marie's in.
    git(
        data,
        "-",
        "2026-12-03T09:00:00Z",
        &["checkout", "-q", "main"],
    );
    portfolio.update_note(
        "C1.1.CR1",
        0,
        "Analyse, chiffrée",
        at("2026-12-03T08:00:00Z"),
    );
    sync(data, &portfolio, "Camille Martin", "2026-12-03T09:00:00Z");
    git(
        data,
        "Camille Martin",
        "2026-12-04T09:00:00Z",
        &["merge", "-q", "--no-edit", "other"],
    );

    let log = stdout(&livret(data, &["log", ID]));
    for line in [
        "C1.1.CR1 — Analyse, chiffrée : synchronisée le 03/12/2026 à 09:00 par Camille Martin",
        "C1.1.CR2 — Plan Maroc, revu : synchronisée le 02/12/2026 à 09:00 par Marie Dupont",
    ] {
        assert!(log.contains(line), "{line}\nnot in:\n{log}");
    }
}

#[test]
fn without_git_the_log_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    save_portfolio(&DataDir::new(data), &candidate()).unwrap();
    let log = stdout(&livret(data, &["log", ID]));
    assert!(!log.contains("synchronis"), "{log}");
    let json = stdout(&livret(data, &["log", ID, "--json"]));
    assert!(!json.contains("synced"), "{json}");
}
