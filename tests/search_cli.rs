//! `livret search`, the same ranking as the TUI, for scripts.

#[path = "../benches/support/fixture.rs"]
mod fixture;

use std::fs;
use std::process::{Command, Output};

use livret::search::{Hit, Index, search_stream};

const RNCP: &str = "rncp23675-responsable-commerce-international";

fn livret(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("LIVRET_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn with_a_note() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("portfolios")).unwrap();
    fs::write(
        dir.path().join(format!("portfolios/{RNCP}.ron")),
        format!(
            "(format_version: 1, referentiel: \"{RNCP}\", criteres: {{ \"C2.1.CR5\": (notes: [\
             (text: \"Négociation à Dubaï\\nContrat-cadre signé\", created: \"2026-01-05T10:00:00Z\", \
             updated: \"2026-01-05T10:00:00Z\")]) }})"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn json_results_have_exactly_the_documented_fields() {
    let data = with_a_note();
    let output = livret(data.path(), &["search", "dubai", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results.len(), 1);
    let mut keys: Vec<&str> = results[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["id", "kind", "path", "referentiel", "score", "text"]);
    assert_eq!(results[0]["kind"], "note");
    assert_eq!(results[0]["referentiel"], RNCP);
    assert_eq!(results[0]["id"], "C2.1.CR5#1");
    assert_eq!(results[0]["path"], "BC2 › C2.1 › CR5 › note 1");
}

#[test]
fn text_mode_puts_the_path_first_one_result_per_line() {
    let data = with_a_note();
    let output = livret(
        data.path(),
        &["search", "C2.1.CR5", "--referentiel", RNCP, "--limit", "3"],
    );
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() <= 3 && !lines.is_empty(), "{out}");
    assert!(
        lines[0].starts_with("BC2 › C2.1 › CR5  [critère]  C2.1.CR5 "),
        "{out}"
    );
}

#[test]
fn an_unknown_referentiel_lists_the_available_ones() {
    let data = tempfile::tempdir().unwrap();
    let output = livret(data.path(), &["search", "x", "--referentiel", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(RNCP));
}

#[test]
fn an_unreadable_portfolio_is_reported_and_the_referentiel_still_searched() {
    let data = tempfile::tempdir().unwrap();
    fs::create_dir_all(data.path().join("portfolios")).unwrap();
    let broken = data.path().join(format!("portfolios/{RNCP}.ron"));
    fs::write(&broken, "(format_version: 1,").unwrap();
    let output = livret(data.path(), &["search", "strategie", "--referentiel", RNCP]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("recherche sans les notes"));
    assert!(!output.stdout.is_empty());
    assert_eq!(fs::read_to_string(&broken).unwrap(), "(format_version: 1,");
}

/// The data dir with a note on two certifications, the RNCP one opened last.
fn two_certifications() -> tempfile::TempDir {
    let data = with_a_note();
    let other = "manager-developpement-commercial";
    fs::write(
        data.path().join(format!("portfolios/{other}.ron")),
        format!(
            "(format_version: 1, referentiel: \"{other}\", criteres: {{ \"BC1.C1.CR1\": (notes: [\
             (text: \"Salon à Dubaï\", created: \"2026-01-05T10:00:00Z\", \
             updated: \"2026-01-05T10:00:00Z\")]) }})"
        ),
    )
    .unwrap();
    fs::write(
        data.path().join("state.ron"),
        format!("(last_referentiel: Some(\"{RNCP}\"))"),
    )
    .unwrap();
    data
}

#[test]
fn search_looks_in_the_certification_opened_last_unless_all() {
    let data = two_certifications();
    let results = |args: &[&str]| -> Vec<serde_json::Value> {
        let output = livret(data.path(), args);
        assert!(output.status.success(), "{args:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let here = results(&["search", "dubai", "--json"]);
    assert_eq!(here.len(), 1, "{here:?}");
    assert_eq!(here[0]["referentiel"], RNCP);
    let everywhere = results(&["search", "dubai", "--all", "--json"]);
    assert_eq!(everywhere.len(), 2, "{everywhere:?}");
}

#[test]
fn nothing_found_says_aucun_resultat_and_exits_1() {
    let data = two_certifications();
    let output = livret(data.path(), &["search", "zzyzx"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("Aucun résultat pour « zzyzx » dans {RNCP}")),
        "{stderr}"
    );
    assert!(stderr.contains("--all"), "{stderr}");
    let output = livret(data.path(), &["search", "zzyzx", "--all"]);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("dans toutes les certifications"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // For scripts: an empty list, and the same exit code.
    let output = livret(data.path(), &["search", "zzyzx", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(results.is_empty());
}

#[test]
fn veille_finds_veillant_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    fs::create_dir_all(data.path().join("portfolios")).unwrap();
    fs::write(
        data.path().join(format!("portfolios/{RNCP}.ron")),
        format!(
            "(format_version: 1, referentiel: \"{RNCP}\", criteres: {{ \"C2.1.CR5\": (notes: [\
             (text: \"En veillant sur les salons\", created: \"2026-01-05T10:00:00Z\", \
             updated: \"2026-01-05T10:00:00Z\")]) }})"
        ),
    )
    .unwrap();
    let output = livret(
        data.path(),
        &["search", "veille", "--referentiel", RNCP, "--json"],
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        results.iter().any(|r| r["id"] == "C2.1.CR5#1"),
        "{results:?}"
    );
}

/// What a test compares of a result: everything the CLI and the overlay show.
fn key(hit: &Hit) -> (String, String, String, i64, Vec<usize>) {
    (
        hit.entry.id.clone(),
        hit.entry.path.clone(),
        hit.entry.text.clone(),
        hit.score,
        hit.positions.clone(),
    )
}

const QUERIES: &[&str] = &[
    "strategie commerciale",
    "s",
    "negociation client",
    "c1",
    "veille",
    "BC1",
    "prospection export zz",
];

#[test]
fn the_streamed_search_gives_exactly_what_the_index_gives_on_a_generated_portfolio() {
    let certification = fixture::certification(400, 7);
    let portfolio = fixture::portfolio(&certification, 400, 7);
    let index = Index::new(&certification, &portfolio);
    for query in QUERIES {
        for limit in [1, 20, 500] {
            let indexed: Vec<_> = index
                .search(query, limit, &portfolio)
                .iter()
                .map(key)
                .collect();
            let streamed: Vec<_> = search_stream(&certification, &portfolio, query, limit)
                .iter()
                .map(key)
                .collect();
            assert_eq!(indexed, streamed, "« {query} », at most {limit}");
        }
    }
}

#[test]
fn typing_a_query_char_by_char_narrows_to_what_a_fresh_index_finds() {
    let certification = fixture::certification(400, 8);
    let portfolio = fixture::portfolio(&certification, 400, 8);
    let typed = Index::new(&certification, &portfolio);
    for query in QUERIES {
        let chars: Vec<char> = query.chars().collect();
        // Typed, then erased: each prefix is answered from the last ones.
        let prefixes = (1..=chars.len()).chain((1..chars.len()).rev());
        for end in prefixes {
            let prefix: String = chars[..end].iter().collect();
            let fresh = Index::new(&certification, &portfolio);
            let expected: Vec<_> = fresh
                .search(&prefix, 50, &portfolio)
                .iter()
                .map(key)
                .collect();
            let got: Vec<_> = typed
                .search(&prefix, 50, &portfolio)
                .iter()
                .map(key)
                .collect();
            assert_eq!(got, expected, "« {prefix} »");
        }
    }
}

#[test]
fn the_command_line_gives_what_the_index_gives_on_a_generated_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let certification = fixture::certification(300, 9);
    let portfolio = fixture::portfolio(&certification, 300, 9);
    fixture::write_data_dir(
        dir.path(),
        Some(&certification),
        std::slice::from_ref(&portfolio),
        fixture::ID,
    )
    .unwrap();
    let index = Index::new(&certification, &portfolio);
    for query in ["strategie commerciale", "veille", "c1"] {
        let output = livret(dir.path(), &["search", query, "--json", "--limit", "30"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        let got: Vec<(String, i64)> = results
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["score"].as_i64().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(String, i64)> = index
            .search(query, 30, &portfolio)
            .into_iter()
            .map(|hit| (hit.entry.id, hit.score))
            .collect();
        assert_eq!(got, expected, "« {query} »");
    }
}
