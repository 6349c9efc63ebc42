//! Référentiel format 2 end to end: evidence on a compétence without
//! critère, critères shared by an evaluation and counted once, and work
//! keyed by former ids (a portfolio written against version 1 of a file)
//! found in its new place. Fixture: `tests/valid_referentiels/exemple-v2.ron`.

mod common;

use std::fs;

use common::{livret_in, now, type_keys};
use jiff::tz::TimeZone;
use livret::portfolio::{Portfolio, Status};
use livret::progress;
use livret::referentiel::{Certification, parse};
use livret::review::{Review, Verdict};
use livret::tui::app::{App, Doc, Effect};
use livret::tui::screens::main::review::Tutor;

const V2: &str = include_str!("valid_referentiels/exemple-v2.ron");
const V1: &str = include_str!("valid_referentiels/exemple-minimal.ron");
const ID: &str = "exemple-v2";

fn certification() -> Certification {
    parse(V2, Some(ID)).unwrap()
}

#[test]
fn a_version_1_file_reads_as_version_2() {
    let v1 = parse(V1, Some("exemple-minimal")).unwrap();
    assert_eq!(v1.format_version, 1);
    assert!(v1.competences().all(|c| !c.is_leaf()));
    assert_eq!(v1.units().count(), v1.criteres().count());
    assert_eq!(v1.leaf_label(), "Critères d’évaluation");
    assert_eq!(v1.valid_until, None);
}

#[test]
fn units_count_shared_critères_once_and_bare_compétences_as_one() {
    let c = certification();
    let ids: Vec<&str> = c.blocs[0].units().map(|u| u.id).collect();
    assert_eq!(
        ids,
        ["BC1.C1", "BC1.C2", "BC1.C3.CR1", "BC1.E1.CR1", "BC1.E1.CR2"]
    );
    assert_eq!(c.criteres().count(), 3);
    assert_eq!(c.units().count(), 6, "BC2.C1 has no critère either");
    assert_eq!(c.leaf_label(), "Indicateurs");
    assert!(c.expired_on("2026-12-03".parse().unwrap()));
    assert!(!c.expired_on("2020-07-25".parse().unwrap()));

    let mut p = Portfolio::new(ID);
    p.add_note("BC1.C1", "Étude du marché tunisien", now());
    p.add_note("BC1.E1.CR1", "Diagnostic chiffré", now());
    let bloc = &c.blocs[0];
    let tally = progress::bloc(bloc, &p);
    assert_eq!((tally.units, tally.in_progress), (5, 2));
    // Each covered compétence answers for the shared critères too; the bloc
    // counts them once.
    let c1 = progress::competence(bloc, &bloc.competences[0], &p);
    let c2 = progress::competence(bloc, &bloc.competences[1], &p);
    assert_eq!((c1.units, c1.in_progress), (3, 2));
    assert_eq!((c2.units, c2.in_progress), (3, 1));
    let c3 = progress::competence(bloc, &bloc.competences[2], &p);
    assert_eq!(c3.units, 1);
}

/// A portfolio and a review written when the file had other ids: every
/// note and verdict lands on the item it was written for.
#[test]
fn work_keyed_by_former_ids_moves_to_the_current_ones() {
    let c = certification();
    let mut p = Portfolio::new(ID);
    p.add_note("BC1.C1.CR1", "Ancienne preuve du diagnostic", now());
    p.cycle_status("BC1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
    p.add_note(
        "BC1.EVAL",
        "Preuve sur l’ancienne compétence inventée",
        now(),
    );
    p.add_note("BC1.C3.CR1", "Négociation A", now());
    let later = now().checked_add(jiff::Span::new().hours(1)).unwrap();
    p.add_note("BC1.C3.CR2", "Négociation B", later);
    p.view.selected = Some("BC1.C1.CR1".into());
    let mut review = Review::new(ID, "marie");
    review.cycle_verdict("BC1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);

    assert_eq!(p.follow_renames(&c), 3);
    assert_eq!(review.follow_renames(&c), 1);
    let texts =
        |id: &str| -> Vec<String> { p.notes(id).iter().map(|n| n.text.to_string()).collect() };
    assert_eq!(texts("BC1.E1.CR1"), ["Ancienne preuve du diagnostic"]);
    assert_eq!(p.status("BC1.E1.CR1"), Status::InProgress.next());
    assert_eq!(
        texts("BC1.C2"),
        ["Preuve sur l’ancienne compétence inventée"]
    );
    assert_eq!(
        texts("BC1.C3.CR1"),
        ["Négociation A", "Négociation B"],
        "merged in time order"
    );
    assert!(p.critere("BC1.C1.CR1").is_none() && p.critere("BC1.C3.CR2").is_none());
    assert_eq!(p.view.selected.as_deref(), Some("BC1.E1.CR1"));
    assert_eq!(review.verdict("BC1.E1.CR1"), Some(Verdict::Rework));
    assert_eq!(p.follow_renames(&c), 0, "a second pass moves nothing");
}

fn app(portfolio: Portfolio) -> App {
    let doc = Doc::new(certification(), Ok(portfolio));
    let mut app = App::new(vec![doc], now(), TimeZone::UTC);
    app.open(0);
    app
}

fn select(app: &mut App, id: &str) {
    let index = app
        .screens
        .main
        .rows
        .iter()
        .position(|r| crate::common::resolve(app, r.path).unwrap().id() == id)
        .unwrap_or_else(|| panic!("{id} is not a visible row"));
    app.screens.main.selected = index;
}

#[test]
fn the_tree_holds_the_evaluation_and_shows_its_critères_under_each_compétence() {
    let mut app = app(Portfolio::new(ID));
    type_keys(&mut app, "l");
    let ids = |app: &App| -> Vec<String> {
        app.screens
            .main
            .rows
            .iter()
            .map(|r| {
                crate::common::resolve(app, r.path)
                    .unwrap()
                    .id()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        ids(&app),
        ["BC1", "BC1.C1", "BC1.C2", "BC1.C3", "BC1.E1", "BC2"]
    );
    select(&mut app, "BC1.C1");
    type_keys(&mut app, "l");
    assert_eq!(
        ids(&app)[1..4],
        ["BC1.C1", "BC1.E1.CR1", "BC1.E1.CR2"],
        "the shared critères under a compétence they cover"
    );
    select(&mut app, "BC1.E1");
    type_keys(&mut app, "l");
    let rows = ids(&app);
    let e1 = rows.iter().position(|id| id == "BC1.E1").unwrap();
    assert_eq!(rows[e1 + 1..e1 + 3], ["BC1.E1.CR1", "BC1.E1.CR2"]);
}

#[test]
fn a_note_status_and_verdict_on_a_compétence_without_critère() {
    let mut app = app(Portfolio::new(ID));
    type_keys(&mut app, "l");
    select(&mut app, "BC1.C2");
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("BC1.C2")
    );
    let effects = type_keys(&mut app, "aPlan d’action 2025<Enter>Budget de 40 k€<C-s>");
    assert_eq!(effects, [Effect::Changed]);
    let portfolio = app.session.docs[0].portfolio.as_ref().unwrap();
    assert_eq!(
        portfolio.notes("BC1.C2")[0].text,
        "Plan d’action 2025\nBudget de 40 k€"
    );
    assert_eq!(portfolio.status("BC1.C2"), Status::InProgress);
    assert_eq!(app.session.bloc_tally(0).in_progress, 1);
    let screen = common::screen(&app, 200, 50);
    assert!(screen.contains("Compétence BC1.C2"), "{screen}");
    assert!(screen.contains("Plan d’action 2025"), "{screen}");
    assert!(
        screen.contains("0/5"),
        "the bloc's gauge counts 5 units: {screen}"
    );

    // A tutor judges the compétence itself.
    let portfolio = app.session.docs[0].portfolio.clone().unwrap();
    let mut tutor = self::app(portfolio);
    tutor.session.docs[0].read_only = Some("portfolio du candidat".into());
    tutor.session.tutor = Some(Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    type_keys(&mut tutor, "l");
    select(&mut tutor, "BC1.C2");
    assert_eq!(type_keys(&mut tutor, "v"), [Effect::ReviewChanged]);
    assert_eq!(
        tutor.session.own_review().unwrap().verdict("BC1.C2"),
        Some(Verdict::Rework)
    );
    assert_eq!(tutor.session.bloc_tally(0).rework, 1);
}

/// A data dir with the v2 fixture and a portfolio written against older
/// ids: a note on a critère since moved to the evaluation, one on a
/// compétence without critère, one on a shared critère, one on a critère
/// since merged, and a tutor's verdict on an old id.
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    fs::create_dir_all(data.join("referentiels")).unwrap();
    fs::write(data.join("referentiels/exemple-v2.ron"), V2).unwrap();
    fs::create_dir_all(data.join("portfolios")).unwrap();
    let note = |text: &str| {
        format!(
            "(text: \"{text}\", created: \"2026-01-05T10:00:00Z\", updated: \"2026-01-05T10:00:00Z\")"
        )
    };
    fs::write(
        data.join("portfolios/exemple-v2.ron"),
        format!(
            "(format_version: 3, referentiel: \"exemple-v2\", criteres: {{\n\
             \"BC1.C1.CR1\": (status: Ready, notes: [{}]),\n\
             \"BC1.C1\": (status: InProgress, level: 2, notes: [{}]),\n\
             \"BC1.E1.CR2\": (notes: [{}]),\n\
             \"BC1.C3.CR2\": (notes: [{}]),\n}})\n",
            note("Diagnostic zone Maghreb"),
            note("Veille concurrentielle Tunisie"),
            note("Plan chiffré 2025"),
            note("Négociation Dubaï"),
        ),
    )
    .unwrap();
    fs::create_dir_all(data.join("reviews/exemple-v2")).unwrap();
    fs::write(
        data.join("reviews/exemple-v2/marie.ron"),
        "(format_version: 1, referentiel: \"exemple-v2\", tutor: \"marie\", \
         items: { \"BC1.C1.CR1\": (verdict: Validated), \"BC1.C1\": (verdict: Rework) })",
    )
    .unwrap();
    dir
}

#[test]
fn status_json_export_and_search_see_every_note_in_its_place() {
    let dir = data_dir();
    let output = livret_in(dir.path(), &["status", ID, "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let bloc = &json["blocs"][0];
    assert_eq!(bloc["units"], 5);
    assert_eq!(bloc["criteres"], 3);
    assert_eq!(
        (bloc["ready"].as_u64(), bloc["in_progress"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (bloc["validated"].as_u64(), bloc["rework"].as_u64()),
        (Some(1), Some(1))
    );
    let item = |id: &str| {
        bloc["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {bloc}"))
            .clone()
    };
    assert_eq!(
        item("BC1.C1"),
        serde_json::json!({"id": "BC1.C1", "kind": "competence", "parent": null,
            "status": "InProgress", "level": 2, "notes": 1, "drafts": 0, "words": 3,
            "verdict": "Rework"})
    );
    assert_eq!(item("BC1.E1.CR1")["kind"], "shared_critere");
    assert_eq!(item("BC1.E1.CR1")["parent"], "BC1.E1");
    assert_eq!(
        item("BC1.E1.CR1")["verdict"],
        "Validated",
        "verdict followed the rename"
    );
    assert_eq!(item("BC1.C3.CR1")["notes"], 1);

    let output = livret_in(dir.path(), &["export", ID, "--format", "md"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let md = String::from_utf8(output.stdout).unwrap();
    for text in [
        "Diagnostic zone Maghreb",
        "Veille concurrentielle Tunisie",
        "Plan chiffré 2025",
        "Négociation Dubaï",
        "Évaluation BC1.E1 — Dossier professionnel",
    ] {
        assert!(md.contains(text), "{text} missing from:\n{md}");
    }
    let c1 = md.find("BC1.C1 — Analyser le marché").unwrap();
    let veille = md.find("Veille concurrentielle Tunisie").unwrap();
    let c2 = md.find("BC1.C2 —").unwrap();
    assert!(
        c1 < veille && veille < c2,
        "the compétence's note under it:\n{md}"
    );

    let output = livret_in(dir.path(), &["search", "veille tunisie", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hits[0]["id"], "BC1.C1#1", "{hits}");
    let output = livret_in(dir.path(), &["search", "maghreb", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hits[0]["id"], "BC1.E1.CR1#1", "{hits}");
}

fn both_sizes(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), common::screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_200x50"), common::screen(app, 200, 50));
}

/// The tree open on a covered compétence, a bare one with a note, and the
/// evaluation; the detail of each kind of node.
#[test]
fn screens_of_the_new_nodes() {
    let mut p = Portfolio::new(ID);
    p.add_note(
        "BC1.C1",
        "Étude du marché tunisien\nTrois sources croisées.",
        now(),
    );
    p.add_note("BC1.E1.CR1", "Diagnostic chiffré", now());
    p.cycle_status("BC1.E1.CR1", jiff::Timestamp::UNIX_EPOCH);
    let mut app = app(p);
    type_keys(&mut app, "l");
    select(&mut app, "BC1.C1");
    type_keys(&mut app, "l");
    select(&mut app, "BC1.E1");
    type_keys(&mut app, "l");
    select(&mut app, "BC1.C1");
    both_sizes("v2_bare_competence", &app);
    select(&mut app, "BC1.E1");
    both_sizes("v2_evaluation", &app);
    let shared = app
        .screens
        .main
        .rows
        .iter()
        .rposition(|r| crate::common::resolve(&app, r.path).unwrap().id() == "BC1.E1.CR1")
        .unwrap();
    app.screens.main.selected = shared;
    both_sizes("v2_shared_critere", &app);
    for (w, h) in [(0, 0), (1, 1), (10, 3), (20, 5), (40, 10)] {
        common::screen(&app, w, h);
    }
}

/// Work on an id the référentiel no longer has (and no former id leads
/// to) is kept, shown « hors référentiel », and can still be read and edited.
#[test]
fn work_on_a_vanished_node_is_kept_and_shown_hors_referentiel() {
    let mut p = Portfolio::new(ID);
    p.add_note("BC1.C9.CR4", "Preuve d’un critère disparu", now());
    let mut app = app(p);
    assert_eq!(app.session.docs[0].orphans, ["BC1.C9.CR4"]);
    let last = app.screens.main.rows.len() - 1;
    app.screens.main.selected = last;
    assert_eq!(
        crate::common::selected_node(&app).unwrap().id(),
        "hors référentiel"
    );
    type_keys(&mut app, "l");
    select(&mut app, "BC1.C9.CR4");
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("BC1.C9.CR4")
    );
    both_sizes("v2_orphan", &app);
    type_keys(&mut app, "aEt une seconde<C-s>");
    let portfolio = app.session.docs[0].portfolio.as_ref().unwrap();
    assert_eq!(portfolio.notes("BC1.C9.CR4").len(), 2);
    assert_eq!(
        app.session.bloc_tally(0).units,
        5,
        "not counted in any bloc"
    );
}
