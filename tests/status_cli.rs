//! `livret status` on temporary data directories, with the real binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

const ID: &str = "rncp23675-responsable-commerce-international";

/// One critère prêt and one en cours in BC1 (10 critères).
const PORTFOLIO: &str = r#"(
    format_version: 1,
    referentiel: "rncp23675-responsable-commerce-international",
    criteres: {
        "C1.1.CR1": (status: Ready, level: 3, notes: [(text: "Titre\nCorps", created: "2026-01-05T10:00:00Z", updated: "2026-01-05T10:00:00Z")]),
        "C1.2.CR2": (status: InProgress),
    },
    targeted: [],
    view: (selected: "C1.1.CR1", expanded: ["BC1"]),
)
"#;

fn livret(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
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

fn write_portfolio(data: &Path, text: &str) -> PathBuf {
    let dir = data.join("portfolios");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{ID}.ron"));
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn json_counts_the_tutors_verdicts_per_bloc() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(dir.path(), PORTFOLIO);
    let reviews = dir.path().join(format!("reviews/{ID}"));
    fs::create_dir_all(&reviews).unwrap();
    fs::write(
        reviews.join("marie.ron"),
        format!(
            "(format_version: 1, referentiel: \"{ID}\", tutor: \"marie\", items: {{ \
             \"C1.1.CR1\": (verdict: Validated), \"C1.1.CR2\": (verdict: Rework) }})"
        ),
    )
    .unwrap();
    let output = livret(dir.path(), &["status", ID, "--json"]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["blocs"][0]["validated"], 1);
    assert_eq!(report["blocs"][0]["rework"], 1);
    assert_eq!(report["blocs"][1]["validated"], 0);
}

#[test]
fn json_gives_the_figures_of_each_bloc() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(dir.path(), PORTFOLIO);
    let output = livret(dir.path(), &["status", ID, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "behind",
            "blocs",
            "days_left",
            "due",
            "experiences",
            "items_left",
            "next",
            "orphans",
            "pace_needed",
            "pace_so_far",
            "positioning",
            "projected",
            "referentiel",
            "requests",
            "target_per_item",
            "target_words",
            "weeks",
            "words",
            "words_left",
            "words_toward_target"
        ]
    );
    assert_eq!(report["experiences"], json!([]), "none described yet");
    assert_eq!(report["referentiel"], ID);
    let blocs = report["blocs"].as_array().unwrap();
    assert_eq!(blocs.len(), 4);
    let mut first = blocs[0].clone();
    let items = first.as_object_mut().unwrap().remove("items").unwrap();
    assert_eq!(
        first,
        json!({
            "id": "BC1",
            "title": "Stratégie commerciale et stratégie de prospection à l’international",
            "optional": false,
            "targeted": true,
            "units": 10,
            "criteres": 10,
            "ready": 1,
            "in_progress": 1,
            "percent": 10,
            "validated": 0,
            "rework": 0,
            "words": 2,
            "target_words": 3000,
        })
    );
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 10, "one item per unit of evidence");
    assert_eq!(
        items[0],
        json!({
            "id": "C1.1.CR1",
            "kind": "critere",
            "parent": "C1.1",
            "status": "Ready",
            "level": 3,
            "notes": 1,
            "drafts": 0,
            "words": 2,
            "verdict": null,
        })
    );
    assert_eq!(blocs[1]["ready"], 0);
    assert_eq!(blocs[1]["in_progress"], 0);
}

#[test]
fn json_lists_the_experiences_with_the_critères_they_cover() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(
        dir.path(),
        r#"(
    format_version: 3,
    referentiel: "rncp23675-responsable-commerce-international",
    criteres: {
        "C1.1.CR1": (notes: [
            (text: "Un", created: "2026-01-05T10:00:00Z", updated: "2026-01-05T10:00:00Z", experiences: ["exp-1", "exp-3"]),
            (text: "Deux", created: "2026-01-06T10:00:00Z", updated: "2026-01-06T10:00:00Z", experiences: ["exp-1"]),
        ]),
        "C1.2.CR2": (notes: [
            (text: "Trois", created: "2026-01-07T10:00:00Z", updated: "2026-01-07T10:00:00Z", experiences: ["exp-1"]),
        ]),
    },
    experiences: [
        (id: "exp-1", title: "Export Maghreb", employer: "Lacroix", from: "2019-03", to: "2022-06"),
        (id: "exp-3", title: "Salon de Dubaï « Gulfood »"),
    ],
    last_experience: 3,
)
"#,
    );
    let output = livret(dir.path(), &["status", ID, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        report["experiences"],
        json!([
            { "id": "exp-1", "title": "Export Maghreb", "criteres_covered": 2 },
            { "id": "exp-3", "title": "Salon de Dubaï « Gulfood »", "criteres_covered": 1 },
        ])
    );
}

#[test]
fn text_shows_a_gauge_and_counts_per_bloc() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(dir.path(), PORTFOLIO);
    let output = livret(dir.path(), &["status", ID]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let bc1 = out
        .lines()
        .find(|line| line.starts_with("BC1 "))
        .unwrap_or_else(|| panic!("no BC1 row:\n{out}"));
    assert!(bc1.contains("[██░░░░░░░░░░░░░░░░░░]  10 %"), "{bc1}");
    assert!(bc1.contains("1/10 prêt"), "{bc1}");
    assert!(bc1.contains("1 en cours"), "{bc1}");
    assert!(
        bc1.contains("Stratégie commerciale et stratégie de p…"),
        "{bc1}"
    );
    assert!(
        out.contains(
            "Ensemble des blocs visés : [░░░░░░░░░░░░░░░░░░░░] 1/34 prêt (2 %), 1 en cours\n"
        ),
        "{out}"
    );
}

#[test]
fn optional_blocs_say_whether_they_are_aimed_for() {
    let dir = tempfile::tempdir().unwrap();
    let id = "developpement-commercial-national-international";
    let portfolios = dir.path().join("portfolios");
    fs::create_dir_all(&portfolios).unwrap();
    fs::write(
        portfolios.join(format!("{id}.ron")),
        format!("(format_version: 1, referentiel: \"{id}\", targeted: [\"BC5\"])"),
    )
    .unwrap();
    let out = stdout(&livret(dir.path(), &["status", id]));
    let row = |bloc: &str| {
        out.lines()
            .find(|line| line.starts_with(bloc))
            .unwrap()
            .to_string()
    };
    assert!(!row("BC1 ").contains("optionnel"), "{out}");
    assert!(row("BC4 ").ends_with("optionnel, non visé"), "{out}");
    assert!(row("BC5 ").ends_with("optionnel, visé"), "{out}");
}

#[test]
fn without_an_id_the_last_certification_is_used() {
    let dir = tempfile::tempdir().unwrap();
    write_portfolio(dir.path(), PORTFOLIO);
    fs::write(
        dir.path().join("state.ron"),
        format!("(last_referentiel: \"{ID}\")\n"),
    )
    .unwrap();
    let output = livret(dir.path(), &["status", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["referentiel"], ID);
}

#[test]
fn without_an_id_or_a_last_certification_it_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = livret(dir.path(), &["status"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "livret: aucune certification ouverte récemment ; précisez un identifiant (livret list)\n"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn an_unknown_id_lists_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let output = livret(dir.path(), &["status", "inconnue"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("« inconnue » inconnue"), "{err}");
    for id in [
        "cqpm-animateur-commercial-international",
        "developpement-commercial-national-international",
        "manager-developpement-commercial",
        "responsable-developpement-commercial-france-intl",
        ID,
    ] {
        assert!(err.contains(&format!("\n  {id}")), "{err}");
    }
}

#[test]
fn a_corrupt_portfolio_is_reported_with_its_position_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let text = PORTFOLIO.replace("(status: InProgress)", "(statut: InProgress)");
    let path = write_portfolio(dir.path(), &text);
    let output = livret(dir.path(), &["status", ID]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{}:6:22: champ inconnu « statut »",
            path.display()
        )),
        "{err}"
    );
    assert!(err.contains("le fichier n’a pas été modifié"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}
