//! Tutor review: verdicts and comments through `update()`, one writer per
//! file, and what the candidate sees.

mod common;

use common::{RNCP, now, opened, screen, type_keys};
use livret::portfolio::{Portfolio, Status};
use livret::review::{Review, Verdict};
use livret::tui::app::{App, Effect, Popup};
use livret::tui::msg::Msg;
use livret::tui::screens::main::review::Tutor;

/// A candidate with C1.1.CR1 prêt (one note) and C1.1.CR2 en cours.
fn candidate() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    p.add_note("C1.1.CR1", "Analyse Maghreb", now());
    p.cycle_status("C1.1.CR1", now());
    p.add_note("C1.1.CR2", "Plan Maroc", now());
    p
}

/// The tutor's view of that candidate, as `livret tutor` opens it.
fn tutor_app() -> App {
    let mut app = opened(RNCP, vec![candidate()]);
    for doc in &mut app.session.docs {
        doc.read_only = Some("le portfolio du candidat ne se modifie que de son côté".into());
    }
    app.session.tutor = Some(Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    app
}

fn own(app: &App) -> &Review {
    app.session.own_review().expect("the tutor has a review")
}

#[test]
fn v_cycles_the_verdict_of_the_selected_critere() {
    let mut app = tutor_app();
    type_keys(&mut app, "llll");
    assert_eq!(type_keys(&mut app, "v"), [Effect::ReviewChanged]);
    assert_eq!(own(&app).verdict("C1.1.CR1"), Some(Verdict::Rework));
    type_keys(&mut app, "v");
    assert_eq!(own(&app).verdict("C1.1.CR1"), Some(Verdict::Validated));
}

#[test]
fn c_comments_a_competence_in_a_multi_line_editor() {
    let mut app = tutor_app();
    type_keys(&mut app, "ll");
    assert_eq!(crate::common::selected_node(&app).unwrap().id(), "C1.1");
    type_keys(&mut app, "cPrécisez les chiffres<Enter>et les sources");
    assert!(matches!(app.modals.top(), Some(Popup::Editor(e)) if e.comment));
    assert_eq!(type_keys(&mut app, "<C-s>"), [Effect::ReviewChanged]);
    let comment = &own(&app).comments("C1.1")[0];
    assert_eq!(comment.text, "Précisez les chiffres\net les sources");
    assert_eq!((comment.author.as_str(), comment.created), ("marie", now()));
}

#[test]
fn a_tutor_cannot_change_the_candidates_notes() {
    let mut app = tutor_app();
    type_keys(&mut app, "llll");
    let before = app.session.docs[app.session.current]
        .portfolio
        .clone()
        .unwrap();
    let effects = type_keys(&mut app, "aeds3t");
    assert!(effects.is_empty());
    assert!(app.modals.top().is_none());
    assert!(
        common::message(&app)
            .as_deref()
            .unwrap()
            .starts_with("Lecture seule")
    );
    assert_eq!(
        app.session.docs[app.session.current]
            .portfolio
            .as_ref()
            .unwrap(),
        &before
    );
}

#[test]
fn the_filter_shows_only_ready_criteres_without_this_tutors_verdict() {
    let mut app = tutor_app();
    type_keys(&mut app, "f");
    let ids: Vec<String> = app
        .screens
        .main
        .rows
        .iter()
        .map(|r| {
            crate::common::resolve(&app, r.path)
                .unwrap()
                .id()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["BC1", "C1.1", "C1.1.CR1"]);
    type_keys(&mut app, "jjvv");
    assert_eq!(own(&app).verdict("C1.1.CR1"), Some(Verdict::Validated));
    assert_eq!(
        app.screens.main.rows.len(),
        3,
        "it stays in view until the filter is toggled"
    );
    type_keys(&mut app, "ff");
    assert!(app.screens.main.rows.is_empty(), "nothing waits any more");
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Rien à revoir : aucun critère prêt sans votre avis"),
        "the panes say so: {shown}"
    );
    type_keys(&mut app, "f");
    assert_eq!(
        app.screens.main.rows.len(),
        4 + 2 + 5,
        "the tree, open where the tutor was"
    );
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C1.1.CR1")
    );
}

#[test]
fn verdict_keys_in_the_candidates_own_interface_say_they_are_for_tutors() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "llll");
    assert!(type_keys(&mut app, "v").is_empty());
    assert!(common::message(&app).as_deref().unwrap().contains("tuteur"));
}

fn reviewed_by_marie() -> Review {
    let mut marie = Review::new(RNCP, "marie");
    marie.cycle_verdict("C1.1.CR1", now());
    marie.cycle_verdict("C1.1.CR1", now());
    marie.add_comment(
        "C1.1.CR1",
        "Très bien, ajoutez le chiffre d’affaires.",
        now(),
    );
    marie
}

#[test]
fn the_candidate_sees_verdicts_comments_and_what_is_unread() {
    let mut app = opened(RNCP, vec![candidate()]);
    app.session.reviews = vec![reviewed_by_marie()];
    type_keys(&mut app, "ll");
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("✉1/5"),
        "the closed compétence shows it: {text}"
    );
    type_keys(&mut app, "l");
    let portfolio = app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap();
    assert!(livret::tui::screens::main::review::unread(
        &app.session,
        portfolio,
        "C1.1.CR1"
    ));
    let text = screen(&app, 80, 24);
    assert!(text.contains("✉✔"), "{text}");
    // Opening the critère reads the comment, and that is saved.
    assert_eq!(type_keys(&mut app, "l"), [Effect::Changed]);
    let portfolio = app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap();
    assert!(!livret::tui::screens::main::review::unread(
        &app.session,
        portfolio,
        "C1.1.CR1"
    ));
    let text = screen(&app, 80, 24);
    assert!(text.contains("marie : ✔ validé"), "{text}");
    assert!(text.contains("ajoutez le chiffre"), "{text}");
    assert!(!text.contains('✉'), "{text}");
}

#[test]
fn a_reload_keeps_the_selection_and_an_open_editor() {
    let mut app = tutor_app();
    type_keys(&mut app, "llllcEn cours d’écriture");
    let mut changed = candidate();
    changed.add_note("C2.1.CR1", "Nouvelle preuve", now());
    changed.view.selected = Some("BC4".into());
    app.update(Msg::PortfolioChanged {
        doc: app.session.current,
        portfolio: Box::new(changed),
        said: None,
    });
    app.update(Msg::ReviewsChanged(vec![Review::new(RNCP, "jean")]));
    assert_eq!(
        crate::common::selected_critere(&app).as_deref(),
        Some("C1.1.CR1")
    );
    let Some(Popup::Editor(editor)) = app.modals.top() else {
        panic!("the editor stays open");
    };
    assert_eq!(editor.text(), "En cours d’écriture");
    let portfolio = app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap();
    assert_eq!(portfolio.notes("C2.1.CR1").len(), 1);
    assert_eq!(portfolio.status("C1.1.CR1"), Status::Ready);
    let tutors: Vec<&str> = app
        .session
        .reviews
        .iter()
        .map(|r| r.tutor.as_str())
        .collect();
    assert_eq!(
        tutors,
        ["jean"],
        "marie has no review yet: nothing of hers to keep"
    );
}

#[test]
fn review_screen_snapshot() {
    let mut app = tutor_app();
    app.session.reviews = vec![reviewed_by_marie()];
    type_keys(&mut app, "llll");
    insta::assert_snapshot!("review_screen_80x24", screen(&app, 80, 24));
}

#[test]
fn cohort_screen_snapshot() {
    use livret::progress::Tally;
    use livret::store::CandidateOverview;
    let mut app = common::app_with(vec![]);
    app.session.tutor = Some(Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    let tally = |units, ready, in_progress, validated| Tally {
        units,
        ready,
        in_progress,
        validated,
        rework: 0,
    };
    // Each row: the folder, and the name in the portfolio where one was given.
    let row = |(folder, name): (&str, Option<&str>), awaiting, blocs: Vec<Tally>, hours: i64| {
        CandidateOverview {
            candidate: name.unwrap_or(folder).into(),
            folder: folder.into(),
            dir: format!("/srv/cohorte/{folder}").into(),
            referentiel: RNCP.into(),
            title: "Responsable en commerce international".into(),
            blocs: blocs
                .into_iter()
                .enumerate()
                .map(|(i, t)| (format!("BC{}", i + 1), t))
                .collect(),
            awaiting,
            last_change: Some(now().checked_sub(jiff::Span::new().hours(hours)).unwrap()),
            problem: None,
            requests: Vec::new(),
            unread: 0,
        }
    };
    app.session.cohort = vec![
        row(
            ("alice", Some("Alice Moreau")),
            3,
            vec![
                tally(10, 6, 2, 2),
                tally(10, 1, 3, 0),
                tally(9, 0, 0, 0),
                tally(5, 0, 1, 0),
            ],
            2,
        ),
        row(
            ("bruno", None),
            0,
            vec![
                tally(10, 10, 0, 10),
                tally(10, 4, 2, 4),
                tally(9, 0, 0, 0),
                tally(5, 0, 0, 0),
            ],
            30,
        ),
        row(
            ("chloe", Some("Chloé Martin")),
            7,
            vec![
                tally(10, 7, 1, 0),
                tally(10, 0, 0, 0),
                tally(9, 0, 0, 0),
                tally(5, 0, 0, 0),
            ],
            1,
        ),
    ];
    app.screens.cohort.sort(&mut app.session.cohort);
    app.screens.shown = livret::tui::app::Screen::Cohort;
    // Narrow: each bloc's share prêt; wide: a bar of ten cells beside it.
    insta::assert_snapshot!("cohort_screen_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("cohort_screen_200x50", screen(&app, 200, 50));
    assert_eq!(type_keys(&mut app, "<Enter>"), [Effect::OpenCandidate(0)]);
    type_keys(&mut app, "s");
    assert_eq!(app.session.cohort[0].candidate, "Chloé Martin");
    // By name: the names given, not the folders, in a reader's order.
    type_keys(&mut app, "sss");
    let names: Vec<&str> = app
        .session
        .cohort
        .iter()
        .map(|r| r.candidate.as_str())
        .collect();
    assert_eq!(names, ["Alice Moreau", "bruno", "Chloé Martin"]);
}

#[test]
fn tutor_json_gives_the_cohort_overview() {
    let cohort = tempfile::tempdir().unwrap();
    let alice = cohort.path().join("alice");
    let data = livret::store::DataDir::new(&alice);
    let mut named = candidate();
    named.set_name(Some("Alice Moreau"));
    livret::store::save_portfolio(&data, &named).unwrap();
    // Bruno has not given his name: his folder's stands for it.
    let bruno = livret::store::DataDir::new(cohort.path().join("bruno"));
    livret::store::save_portfolio(&bruno, &candidate()).unwrap();
    std::fs::create_dir_all(cohort.path().join("pas-un-candidat")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(["tutor", "--json", "--as", "marie"])
        .arg(cohort.path())
        .env_remove("LIVRET_DATA_DIR")
        .env("LIVRET_CONFIG", "/nonexistent/config.ron")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "awaiting_review",
            "blocs",
            "candidate",
            "dir",
            "folder",
            "last_change",
            "referentiel",
            "requests",
            "unread_replies"
        ]
    );
    assert_eq!(
        (&rows[0]["candidate"], &rows[0]["folder"]),
        (&"Alice Moreau".into(), &"alice".into())
    );
    assert_eq!(
        (&rows[1]["candidate"], &rows[1]["folder"]),
        (&"bruno".into(), &"bruno".into())
    );
    assert_eq!(rows[0]["awaiting_review"], 1);
    assert_eq!(
        rows[0]["blocs"][0],
        serde_json::json!({"id": "BC1", "units": 10, "ready": 1, "in_progress": 1, "validated": 0, "rework": 0})
    );
}

/// marie's review as loaded from a synced data dir where it did not verify.
fn unverified(mut review: Review) -> Review {
    review.unverified = Some("reviews/marie/x.ron : avis non signé".into());
    review
}

#[test]
fn the_candidate_sees_an_unverified_review_marked_and_its_verdict_uncounted() {
    let mut app = opened(RNCP, vec![candidate()]);
    app.session
        .load_reviews(vec![unverified(reviewed_by_marie())]);
    type_keys(&mut app, "lll");
    let text = screen(&app, 200, 50);
    assert!(!text.contains('✔'), "not counted in the tree: {text}");
    type_keys(&mut app, "l");
    let text = screen(&app, 200, 50);
    assert!(
        text.contains("marie « non vérifié » : ✔ validé (non compté)"),
        "{text}"
    );
    assert!(text.contains("marie « non vérifié », "), "{text}");
    assert!(text.contains("ajoutez le chiffre"), "{text}");
    assert!(!text.contains("marie : ✔"), "{text}");
}

#[test]
fn a_tutors_own_review_is_theirs_and_others_unverified_are_marked() {
    let mut app = tutor_app();
    let mut jean = Review::new(RNCP, "jean");
    jean.cycle_verdict("C1.1.CR1", now());
    app.session
        .load_reviews(vec![unverified(reviewed_by_marie()), unverified(jean)]);
    assert!(own(&app).is_verified());
    type_keys(&mut app, "llll");
    let text = screen(&app, 200, 50);
    assert!(text.contains("marie : ✔ validé"), "{text}");
    assert!(!text.contains("marie « non vérifié »"), "{text}");
    assert!(
        text.contains("jean « non vérifié » : ↺ à retravailler (non compté)"),
        "{text}"
    );
}
