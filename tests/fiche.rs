//! The fiche: `livret show` and `show --json` hold every text of a
//! référentiel, `list` announces an ended registration, and the fiche screen
//! (`i`) opens, scrolls, searches and goes back. Fixture:
//! `tests/valid_referentiels/fiche-complete.ron` (every field of format 2).

mod common;

use std::fs;
use std::process::Output;

use common::{RNCP, letters, livret_in, now, screen, type_keys};
use insta::assert_snapshot;
use jiff::tz::TimeZone;
use livret::portfolio::Portfolio;
use livret::referentiel::{Certification, parse};
use livret::store::{DataDir, load_catalog};
use livret::tui::app::{App, Doc, Screen};

const FICHE: &str = include_str!("valid_referentiels/fiche-complete.ron");
const ID: &str = "fiche-complete";

fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("referentiels")).unwrap();
    fs::write(dir.path().join("referentiels/fiche-complete.ron"), FICHE).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Every text a référentiel holds, with what it is.
fn every_text(c: &Certification) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut push = |what: &str, text: &str| texts.push((what.to_string(), text.to_string()));
    push("title", &c.title);
    push("summary", &c.summary);
    for r in &c.requirements {
        push("requirement", r);
    }
    for t in [&c.code, &c.level, &c.certifier, &c.bloc_validity, &c.jury]
        .into_iter()
        .flatten()
    {
        push("fact", t);
    }
    for s in &c.sections {
        push("section title", &s.title);
        push("section", &s.text);
    }
    push("source", &c.source.file);
    if let Some(note) = &c.source.note {
        push("source note", note);
    }
    for b in &c.blocs {
        push("bloc", &b.title);
        push("bloc description", &b.description);
        for k in &b.knowledge {
            push("knowledge", k);
        }
        for m in &b.modalites {
            push("modalité", &m.title);
            push("modalité text", &m.text);
            for d in m.deliverables.iter().chain(&m.requirements) {
                push("deliverable", d);
            }
            for k in &m.criteres {
                push("evaluation critère", &k.text);
            }
        }
        for a in &b.activites {
            push("activité", &a.title);
            push("activité description", &a.description);
        }
        for comp in b.competences() {
            push("compétence", &comp.title);
            push("conditions", &comp.conditions);
            push("results", &comp.results);
            for k in &comp.knowledge {
                push("knowledge", k);
            }
            for k in &comp.criteres {
                push("critère", &k.text);
            }
        }
    }
    texts
}

#[test]
fn show_prints_every_text_of_every_certification() {
    let data = data_dir();
    let catalog = load_catalog(&DataDir::new(data.path()));
    assert_eq!(catalog.entries.len(), 6, "five bundled and the fixture");
    for entry in &catalog.entries {
        let c = &entry.certification;
        let out = stdout(&livret_in(data.path(), &["show", &c.id]));
        assert!(!out.contains('\x1b'), "no bold when not a terminal");
        let json = stdout(&livret_in(data.path(), &["show", &c.id, "--json"]));
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut strings = Vec::new();
        collect_strings(&json, &mut strings);
        let printed = letters(&out);
        for (what, text) in every_text(c) {
            assert!(
                printed.contains(&letters(&text)),
                "{}: {what} missing from show: {text:?}",
                c.id
            );
            assert!(
                strings.iter().any(|s| letters(s).contains(&letters(&text))),
                "{}: {what} missing from show --json: {text:?}",
                c.id
            );
        }
    }
}

/// Every string value of a JSON document.
fn collect_strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn show_json_is_the_documented_contract() {
    let data = data_dir();
    let out = stdout(&livret_in(data.path(), &["show", ID, "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["id"], ID);
    assert_eq!(json["kind"], "rncp");
    assert_eq!(json["code"], "RNCP99999");
    assert_eq!(json["valid_until"], "2030-12-31");
    assert_eq!(json["leaf_label"], "Capacités évaluées");
    assert_eq!(json["sections"][1]["title"], "Métiers visés");
    assert_eq!(json["source"]["file"], "999-fiche-complete.txt");
    let bloc = &json["blocs"][0];
    assert_eq!(bloc["id"], "BC01");
    assert_eq!(json["blocs"][1]["optional"], true);
    // Compétences under activités first, with their activité, then the bloc's own.
    let comps: Vec<(&str, Option<&str>)> = bloc["competences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["activite"].as_str()))
        .collect();
    assert_eq!(
        comps,
        [("C1.1", Some("A1")), ("C1.2", Some("A1")), ("C1.3", None)]
    );
    // A covered compétence lists its own critères, then the shared ones with
    // the evaluation that carries them.
    let criteres = |i: usize| -> Vec<(String, bool, Option<String>)> {
        bloc["competences"][i]["criteres"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                (
                    k["id"].as_str().unwrap().to_string(),
                    k["shared"].as_bool().unwrap(),
                    k["evaluation"].as_str().map(String::from),
                )
            })
            .collect()
    };
    assert_eq!(
        criteres(0),
        [
            ("C1.1.CR1".into(), false, None),
            ("E1.CR1".into(), true, Some("E1".into())),
            ("E1.CR2".into(), true, Some("E1".into())),
        ]
    );
    assert_eq!(criteres(1).len(), 2, "C1.2 has only the shared ones");
    assert!(criteres(2).is_empty(), "C1.3: evidence on the compétence");
    assert_eq!(bloc["competences"][1]["former_ids"][0], "C1.2-old");
    let evaluation = &bloc["evaluations"][0];
    assert_eq!(evaluation["id"], "E1");
    assert_eq!(evaluation["covers"], serde_json::json!(["C1.1", "C1.2"]));
    assert_eq!(evaluation["duration"], "4 heures");
    assert_eq!(evaluation["criteres"][1]["group"], "Sur la forme");
    assert_eq!(evaluation["criteres"][1]["former_ids"][0], "E1.C2");
    assert_eq!(
        evaluation["deliverables"][0],
        serde_json::json!({"text": "Un rapport écrit comprenant :", "items": ["un sommaire", "une synthèse de deux pages"]})
    );
    assert_eq!(evaluation["requirements"][0], "Score TOEIC d’au moins 750.");
}

#[test]
fn show_an_unknown_id_says_which_exist() {
    let data = data_dir();
    let output = livret_in(data.path(), &["show", "nulle-part"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("« nulle-part » inconnue"), "{stderr}");
    assert!(stderr.contains(ID), "{stderr}");
}

#[test]
fn list_announces_an_ended_registration() {
    let data = data_dir();
    let out = stdout(&livret_in(data.path(), &["list"]));
    assert!(
        out.contains(&format!("⚠ {RNCP} — Enregistrement expiré le 25/07/2020")),
        "{out}"
    );
    assert_eq!(out.matches('⚠').count(), 1, "only 003 has ended: {out}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&livret_in(data.path(), &["list", "--json"]))).unwrap();
    let item = |id: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    let rncp = item(RNCP);
    assert_eq!(rncp["valid_until"], "2020-07-25");
    assert_eq!(rncp["expired"], true);
    let fixture = item(ID);
    assert_eq!(fixture["expired"], false);
    // Critères once each (C1.1.CR1, E1.CR1, E1.CR2, C2.1.CR1); units add
    // the compétences without a critère of their own (C1.2, C1.3).
    assert_eq!(fixture["criteres"], 4);
    assert_eq!(fixture["units"], 6);
    let france = item("responsable-developpement-commercial-france-intl");
    assert_eq!(
        (france["criteres"].as_u64(), france["units"].as_u64()),
        (Some(27), Some(38))
    );
    assert_eq!(france["valid_until"], serde_json::Value::Null);
}

/// An app whose only certification is the fixture.
fn fixture_app() -> App {
    let c = parse(FICHE, Some(ID)).unwrap();
    App::new(
        vec![Doc::new(c, Ok(Portfolio::new(ID)))],
        now(),
        TimeZone::UTC,
    )
}

#[test]
fn the_fiche_screen_opens_from_the_picker_and_from_the_tree() {
    let mut app = fixture_app();
    type_keys(&mut app, "i");
    assert_eq!(app.screens.shown, Screen::Fiche);
    type_keys(&mut app, "<Esc>");
    assert_eq!(app.screens.shown, Screen::Picker);
    app.open(0);
    type_keys(&mut app, "i");
    assert_eq!(app.screens.shown, Screen::Fiche);
    type_keys(&mut app, "q");
    assert_eq!(
        app.screens.shown,
        Screen::Main,
        "back where the candidate was"
    );
}

#[test]
fn the_fiche_screen_scrolls_and_finds_accents_folded() {
    let mut app = fixture_app();
    app.set_viewport((80, 24));
    type_keys(&mut app, "i");
    let top = screen(&app, 80, 24);
    assert!(top.contains("Chargé de projets d’exportation"), "{top}");
    type_keys(&mut app, "G");
    let bottom = screen(&app, 80, 24);
    assert!(bottom.contains("Note de transcription"), "{bottom}");
    assert_ne!(top, bottom);
    type_keys(&mut app, "g/negocier<Enter>");
    let found = screen(&app, 80, 24);
    assert!(found.contains("Négocier"), "{found}");
    assert!(
        common::message(&app)
            .as_deref()
            .is_some_and(|m| m.contains("« negocier » : 1/")),
        "{:?}",
        common::message(&app)
    );
    type_keys(&mut app, "n");
    assert!(
        common::message(&app)
            .as_deref()
            .is_some_and(|m| m.contains("2/")),
        "{:?}",
        common::message(&app)
    );
    type_keys(&mut app, "/introuvablexyz<Enter>");
    assert!(
        common::message(&app)
            .as_deref()
            .is_some_and(|m| m.contains("introuvable dans la fiche"))
    );
    // No size panics, however small.
    for (w, h) in [(1, 1), (10, 3), (20, 5), (39, 12)] {
        app.set_viewport((w, h));
        type_keys(&mut app, "jjG");
        screen(&app, w, h);
    }
}

#[test]
fn fiche_screen_at_both_sizes() {
    let mut app = fixture_app();
    app.set_viewport((80, 24));
    type_keys(&mut app, "i");
    assert_snapshot!("fiche_top_80x24", screen(&app, 80, 24));
    let mut app = fixture_app();
    app.set_viewport((200, 50));
    type_keys(&mut app, "i");
    assert_snapshot!("fiche_top_200x50", screen(&app, 200, 50));
    // An ended registration, announced under the title.
    let mut app = common::app_with(vec![]);
    let rncp = app
        .session
        .docs
        .iter()
        .position(|d| d.certification.id == RNCP)
        .unwrap();
    app.open(rncp);
    app.set_viewport((80, 24));
    type_keys(&mut app, "i");
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("⚠ Enregistrement expiré le 25/07/2020"),
        "{text}"
    );
    assert_snapshot!("fiche_expired_80x24", text);
}
