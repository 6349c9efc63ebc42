//! `livret due` and the coach's part of `livret status`, with the real
//! binary on temporary data directories.

mod common;

use common::livret_in as livret;
use serde_json::Value;
use std::path::Path;

const ID: &str = "rncp23675-responsable-commerce-international";

fn out(output: &std::process::Output) -> (bool, String, String) {
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn status_json(data: &Path) -> Value {
    let (ok, stdout, stderr) = out(&livret(data, &["status", ID, "--json"]));
    assert!(ok, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Today and a date `days` later, as the binary reads them (the system's zone).
fn in_days(days: i64) -> jiff::civil::Date {
    let today = jiff::Zoned::now().date();
    today.checked_add(jiff::Span::new().days(days)).unwrap()
}

#[test]
fn a_due_date_is_set_shown_and_cleared_and_bad_ones_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (ok, _, stderr) = out(&livret(data, &["due", ID, "2027-02-30"]));
    assert!(!ok);
    assert!(
        stderr.contains("date « 2027-02-30 » impossible"),
        "{stderr}"
    );
    let (ok, _, stderr) = out(&livret(data, &["due", ID, "01/01/2020"]));
    assert!(!ok);
    assert!(stderr.contains("le 01/01/2020 est déjà passé"), "{stderr}");
    assert!(
        !data.join("portfolios").exists(),
        "a refused date writes nothing"
    );
    let due = in_days(70);
    let (ok, stdout, stderr) = out(&livret(data, &["due", ID, &due.to_string()]));
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("dossier attendu le "), "{stdout}");
    let (_, stdout, _) = out(&livret(data, &["due", ID]));
    assert_eq!(stdout.trim(), due.to_string());
    let report = status_json(data);
    assert_eq!(report["due"], due.to_string());
    assert_eq!(report["days_left"], 70);
    // Ten weeks to write 34 × 300 words.
    assert_eq!(report["pace_needed"], 1020.0);
    let (ok, stdout, _) = out(&livret(data, &["due", ID, "--clear"]));
    assert!(ok && stdout.contains("retirée"), "{stdout}");
    assert_eq!(status_json(data)["due"], Value::Null);
    assert_eq!(status_json(data)["pace_needed"], Value::Null);
}

#[test]
fn status_counts_words_the_pace_and_the_next_steps() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = jiff::Timestamp::now();
    let at = |days: i64| now.checked_sub(jiff::Span::new().hours(24 * days)).unwrap();
    std::fs::create_dir_all(data.join("portfolios")).unwrap();
    std::fs::write(
        data.join(format!("portfolios/{ID}.ron")),
        format!(
            "(format_version: 5, referentiel: \"{ID}\", criteres: {{\n\
             \"C1.1.CR1\": (status: InProgress, notes: [(text: \"Titre\\n▸ La situation : où ?\\nl’équipe export\", created: \"{a}\", updated: \"{a}\")]),\n\
             \"C1.1.CR2\": (status: InProgress, notes: [(text: \"Un deux trois quatre\", created: \"{b}\", updated: \"{b}\")]),\n\
             }}, written: [(at: \"{a}\", words: 4), (at: \"{b}\", words: 4)])\n",
            a = at(10),
            b = at(2),
        ),
    )
    .unwrap();
    let report = status_json(data);
    // « Titre » and « l’équipe export » (3): the frame's heading is not counted.
    assert_eq!(report["blocs"][0]["items"][0]["words"], 4);
    assert_eq!(report["blocs"][0]["words"], 8);
    assert_eq!(report["blocs"][0]["target_words"], 3000);
    assert_eq!(report["words"], 8);
    assert_eq!(report["target_words"], 34 * 300);
    assert_eq!(report["target_per_item"], 300);
    // 8 words over the 11 days since the first: at least a week, 8 / (11 / 7).
    assert_eq!(report["pace_so_far"], 5.1);
    assert_eq!(report["due"], Value::Null);
    let next = report["next"].as_array().unwrap();
    assert_eq!(next.len(), 5);
    assert_eq!(next[0]["node"], "C1.1.CR1");
    assert_eq!(next[0]["reason"], "almost_done");
    assert_eq!(next[2]["node"], "C1.1.CR3");
    assert_eq!(next[2]["reason"], "untouched");
    assert_eq!(report["positioning"][0]["competence"], "C1.1");
    assert_eq!(report["positioning"][0]["value"], "partiellement");
    assert_eq!(report["positioning"][0]["set"], false);
    let weeks = report["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 8);
    let written: i64 = weeks.iter().map(|w| w["words"].as_i64().unwrap()).sum();
    assert_eq!(written, 8);
    let (_, text, _) = out(&livret(data, &["status", ID]));
    assert!(
        text.contains("Rédaction : 8 mots sur 10\u{a0}200 visés (300 par critère)"),
        "{text}"
    );
    assert!(
        text.contains("Que faire maintenant :\n  C1.1.CR1  à terminer\n"),
        "{text}"
    );
}

#[test]
fn a_target_of_zero_words_in_the_config_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(\n    writing: (target_words: 0),\n)\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(["--data-dir"])
        .arg(dir.path())
        .args(["status", ID])
        .env("LIVRET_CONFIG", &config)
        .env_remove("LIVRET_DATA_DIR")
        .output()
        .unwrap();
    let (ok, stdout, stderr) = out(&output);
    assert!(ok, "the defaults apply: {stderr}");
    assert!(
        stderr.contains("config.ron:2:29: writing.target_words vaut 0"),
        "{stderr}"
    );
    assert!(stdout.contains("(300 par critère)"), "{stdout}");
    // A target given in the config applies.
    std::fs::write(&config, "(writing: (target_words: 250))").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["status", ID, "--json"])
        .env("LIVRET_CONFIG", &config)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["target_per_item"], 250);
}

#[test]
fn check_refuses_prompts_for_an_unknown_node_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string("tests/valid_referentiels/exemple-minimal.ron").unwrap();
    let text = example.replacen(
        "    blocs: [",
        "    writing: (\n        prompts: { \"ZZ9\": [\"Où ?\"] },\n    ),\n    blocs: [",
        1,
    );
    let path = dir.path().join("exemple-minimal.ron");
    std::fs::write(&path, text).unwrap();
    let (ok, _, stderr) = out(&livret(dir.path(), &["check", path.to_str().unwrap()]));
    assert!(!ok);
    assert!(
        stderr.contains(":19:") && stderr.contains("« ZZ9 », qui ne désigne aucun élément"),
        "{stderr}"
    );
}
