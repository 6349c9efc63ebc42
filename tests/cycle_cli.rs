//! The review cycle from the command line: `livret request`, the requests
//! in `status --json`, and `livret log`, on temporary data directories.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const ID: &str = "rncp23675-responsable-commerce-international";

fn livret(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LIVRET_DATA_DIR")
        .env("TZ", "UTC")
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn requests(data: &Path) -> Value {
    let output = livret(data, &["status", ID, "--json"]);
    assert!(output.status.success(), "{}", text(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["requests"].clone()
}

#[test]
fn a_request_is_asked_opened_returned_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let asked = livret(
        data,
        &["request", ID, "C1.1.CR1", "--message", "Relisez svp"],
    );
    assert!(asked.status.success(), "{}", text(&asked));
    assert!(text(&asked).contains("relecture demandée : C1.1.CR1"));
    let again = livret(data, &["request", ID, "C1.1.CR1"]);
    assert!(!again.status.success());
    assert!(text(&again).contains("déjà en cours"), "{}", text(&again));
    let unknown = livret(data, &["request", ID, "C9.9"]);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("« C9.9 » n’est ni un bloc"),
        "{}",
        text(&unknown)
    );

    let list = requests(data);
    assert_eq!(list[0]["node"], "C1.1.CR1");
    assert_eq!(list[0]["state"], "requested");
    assert_eq!(list[0]["message"], "Relisez svp");
    let since = list[0]["since"].as_str().unwrap().to_string();

    // marie opens it, then gives a verdict after it: returned.
    let review = |history: &str| {
        let folder = data.join("reviews/marie");
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(format!("{ID}.ron")),
            format!(
                "(format_version: 2, referentiel: \"{ID}\", tutor: \"marie\", items: {{ \
                 \"C1.1.CR1\": (verdict: Validated) }}, history: [{history}], \
                 opened: {{ \"{since}\": \"2099-01-01T00:00:00Z\" }})"
            ),
        )
        .unwrap();
    };
    review("");
    assert_eq!(requests(data)[0]["state"], "in_review");
    assert_eq!(requests(data)[0]["tutor"], "marie");
    review("(id: \"C1.1.CR1\", at: \"2099-01-01T00:00:01Z\", from: None, to: Some(Validated))");
    assert_eq!(requests(data)[0]["state"], "returned");

    let log = livret(data, &["log", ID, "--json"]);
    assert!(log.status.success(), "{}", text(&log));
    let events: Value = serde_json::from_slice(&log.stdout).unwrap();
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["requested", "opened", "verdict"]);
    assert_eq!(events[2]["author"], "marie");
    assert_eq!(events[2]["node"], "C1.1.CR1");
    assert_eq!(events[2]["what"], "sans avis → validé");
    let table = text(&livret(data, &["log", ID]));
    assert!(
        table.contains("relecture demandée") && table.contains("Relisez svp"),
        "{table}"
    );

    // Withdrawn: gone from the list, kept in the log.
    let withdrawn = livret(data, &["request", ID, "C1.1.CR1", "--withdraw"]);
    assert!(withdrawn.status.success(), "{}", text(&withdrawn));
    assert_eq!(requests(data), Value::Array(vec![]));
    assert!(text(&livret(data, &["log", ID])).contains("demande retirée"));
    let none = livret(data, &["request", ID, "--withdraw"]);
    assert!(text(&none).contains("aucune demande de relecture en cours sur tout le dossier"));
}

#[test]
fn a_request_is_refused_while_the_app_holds_the_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let lock = livret::store::lock(
        &dir.path().join(format!("portfolios/{ID}.ron")),
        "le candidat",
    )
    .unwrap();
    let output = livret(dir.path(), &["request", ID]);
    assert!(!output.status.success());
    assert!(text(&output).contains("touche R"), "{}", text(&output));
    drop(lock);
    assert!(livret(dir.path(), &["request", ID]).status.success());
}
