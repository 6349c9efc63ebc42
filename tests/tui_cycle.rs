//! The review cycle in the interface, candidate side: `R` asks for a review
//! of the selected part (or the whole dossier), says where it stands, and
//! takes it back.

mod common;

use common::{RNCP, opened, question, type_keys};
use livret::cycle::State;
use livret::portfolio::Portfolio;
use livret::review::Review;
use livret::tui::app::{Effect, Popup, Question};

fn requests(app: &livret::tui::app::App) -> Vec<(Option<String>, String, bool)> {
    let (_, portfolio) = app.session.open().unwrap();
    portfolio
        .requests
        .iter()
        .map(|r| (r.node.clone(), r.message.clone(), r.is_open()))
        .collect()
}

#[test]
fn r_asks_for_a_review_with_a_message_and_r_again_takes_it_back() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "llll");
    type_keys(&mut app, "R");
    assert!(matches!(app.modals.top(), Some(Popup::Editor(e)) if e.request.is_some()));
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("Demande de relecture — C1.1.CR1"), "{shown}");
    type_keys(&mut app, "Relisez svp");
    let effects = type_keys(&mut app, "<C-s>");
    assert_eq!(effects, [Effect::Changed]);
    assert_eq!(
        requests(&app),
        [(Some("C1.1.CR1".into()), "Relisez svp".into(), true)]
    );
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("Relecture demandée : C1.1.CR1."), "{shown}");
    assert!(shown.contains("⚑ Relecture demandée le"), "{shown}");

    // A tutor opens it: the candidate sees it « en relecture ».
    let created = app.session.open().unwrap().1.requests[0].created;
    let mut marie = Review::new(RNCP, "marie");
    marie.opened.insert(created, created);
    app.session.reviews = vec![marie];
    app.session.touch();
    let shown = common::screen(&app, 200, 50);
    assert!(shown.contains("en relecture par marie"), "{shown}");
    assert_eq!(
        livret::cycle::state(
            &app.session.open().unwrap().1.requests[0],
            app.session.open().unwrap().0,
            &app.session.reviews
        )
        .0,
        State::InReview
    );

    // R on the same critère: take it back?
    type_keys(&mut app, "R");
    assert_eq!(
        question(&app),
        Some(&Question::WithdrawRequest(Some("C1.1.CR1".into())))
    );
    assert_eq!(type_keys(&mut app, "o"), [Effect::Changed]);
    assert_eq!(
        requests(&app),
        [(Some("C1.1.CR1".into()), "Relisez svp".into(), false)]
    );
}

#[test]
fn ctrl_d_asks_for_the_whole_dossier_instead() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "R<C-d>");
    let shown = common::screen(&app, 80, 24);
    assert!(
        shown.contains("Demande de relecture — tout le dossier"),
        "{shown}"
    );
    type_keys(&mut app, "<C-s>");
    assert_eq!(requests(&app), [(None, String::new(), true)]);
    // Asked again for the whole dossier: take the open one back?
    type_keys(&mut app, "R<C-d><C-s>");
    assert_eq!(question(&app), Some(&Question::WithdrawRequest(None)));
    type_keys(&mut app, "o");
    assert_eq!(requests(&app), [(None, String::new(), false)]);
    assert!(app.modals.top().is_none());
}

#[test]
fn a_tutor_or_a_read_only_window_asks_nothing() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    let current = app.session.current;
    app.session.docs[current].read_only = Some("ouvert ailleurs".into());
    type_keys(&mut app, "llllR");
    assert!(app.modals.top().is_none());
    assert!(requests(&app).is_empty());
}

fn tutor_with_a_request() -> (livret::tui::app::App, jiff::Timestamp) {
    use livret::tui::session::Tutor;
    let mut portfolio = Portfolio::new(RNCP);
    let since = common::now();
    portfolio.request_review(Some("C1.1"), "Le plan d’actions, svp", since, |_| false);
    let mut app = opened(RNCP, vec![portfolio]);
    for doc in &mut app.session.docs {
        doc.read_only = Some("le portfolio du candidat ne se modifie que de son côté".into());
    }
    app.session.tutor = Some(Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    let (certification, portfolio) = app.session.open().unwrap();
    let requests = livret::cycle::requests(certification, portfolio, &[]);
    app.session.cohort = vec![livret::store::CandidateOverview {
        candidate: "alice".into(),
        folder: "alice".into(),
        dir: "/srv/cohorte/alice".into(),
        referentiel: RNCP.into(),
        title: "Responsable en commerce international".into(),
        blocs: Vec::new(),
        awaiting: 0,
        last_change: Some(since),
        problem: None,
        requests,
        unread: 0,
    }];
    app.screens.shown = livret::tui::app::Screen::Cohort;
    (app, since)
}

#[test]
fn the_tutor_s_queue_opens_on_the_request_and_n_walks_its_items() {
    let (mut app, since) = tutor_with_a_request();
    let shown = common::screen(&app, 100, 30);
    assert!(shown.contains("1 demande de relecture (d)"), "{shown}");
    type_keys(&mut app, "d");
    let shown = common::screen(&app, 100, 30);
    assert!(
        shown.contains("demandes de relecture pour marie"),
        "{shown}"
    );
    assert!(shown.contains("alice") && shown.contains("C1.1"), "{shown}");
    assert!(
        shown.contains("demandée") && shown.contains("Le plan d’actions"),
        "{shown}"
    );
    assert_eq!(type_keys(&mut app, "<Enter>"), [Effect::OpenCandidate(0)]);
    assert_eq!(app.session.request, Some(since));

    // The candidate's files are read, then the reviews: the request starts.
    let current = app.session.current;
    app.open(current);
    let effects = app.update(livret::tui::msg::Msg::Opened {
        reviews: Vec::new(),
        read_only: None,
    });
    assert_eq!(effects, [Effect::ReviewChanged]);
    let own = app.session.own_review().unwrap();
    assert!(own.opened.contains_key(&since), "marked « en relecture »");
    assert_eq!(common::selected_critere(&app).as_deref(), Some("C1.1.CR1"));
    let status = common::message(&app).unwrap();
    assert!(
        status.starts_with("Relecture de C1.1 : « Le plan d’actions, svp » ; 5 élément(s)"),
        "{status}"
    );

    // A verdict here, then n: the next item without an answer.
    type_keys(&mut app, "v");
    type_keys(&mut app, "n");
    assert_eq!(common::selected_critere(&app).as_deref(), Some("C1.1.CR2"));
    let (certification, portfolio) = app.session.open().unwrap();
    let request = &portfolio.requests[0];
    assert_eq!(
        livret::cycle::state(request, certification, &app.session.reviews).0,
        State::InReview
    );
    // Every item answered: returned.
    for _ in 0..4 {
        type_keys(&mut app, "vn");
    }
    let (certification, portfolio) = app.session.open().unwrap();
    assert_eq!(
        livret::cycle::state(&portfolio.requests[0], certification, &app.session.reviews).0,
        State::Returned
    );
    assert!(common::message(&app).unwrap().contains("elle est rendue"));
}

#[test]
fn the_candidate_replies_and_both_sides_see_one_thread() {
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    let mut marie = Review::new(RNCP, "marie");
    marie.add_comment("C1.1.CR1", "Précisez le chiffre d’affaires", common::now());
    app.session.reviews = vec![marie];
    app.session.touch();
    let shown = common::screen(&app, 80, 24);
    assert!(
        shown.contains("✉ 1 non lu "),
        "counted in the title: {shown}"
    );
    type_keys(&mut app, "llll");
    let shown = common::screen(&app, 80, 24);
    assert!(!shown.contains("non lu"), "read once shown: {shown}");
    type_keys(&mut app, "c");
    let shown = common::screen(&app, 80, 24);
    assert!(shown.contains("Réponse au tuteur — C1.1.CR1"), "{shown}");
    type_keys(&mut app, "Ajouté : 2 M€ en 2023");
    assert_eq!(type_keys(&mut app, "<C-s>"), [Effect::Changed]);
    let (_, portfolio) = app.session.open().unwrap();
    assert_eq!(
        portfolio.replies("C1.1.CR1")[0].text,
        "Ajouté : 2 M€ en 2023"
    );
    assert_eq!(portfolio.replies("C1.1.CR1")[0].to, Some(common::now()));
    let shown = common::screen(&app, 200, 50);
    assert!(shown.contains("marie, "), "{shown}");
    assert!(shown.contains("vous, "), "{shown}");
    assert!(shown.contains("Ajouté : 2 M€ en 2023"), "{shown}");
    // Nothing to answer on a critère without comments.
    type_keys(&mut app, "j");
    assert!(type_keys(&mut app, "c").is_empty());
    assert!(
        common::message(&app)
            .unwrap()
            .contains("rien à quoi répondre")
    );

    // The tutor's side: the reply is news until seen.
    let (portfolio, reviews) = {
        let (_, p) = app.session.open().unwrap();
        (p.clone(), app.session.reviews.clone())
    };
    let mut tutor = opened(RNCP, vec![portfolio]);
    for doc in &mut tutor.session.docs {
        doc.read_only = Some("le portfolio du candidat ne se modifie que de son côté".into());
    }
    tutor.session.tutor = Some(livret::tui::session::Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    tutor.session.reviews = reviews;
    let shown = common::screen(&tutor, 80, 24);
    assert!(shown.contains('✉'), "an unread reply is marked: {shown}");
    // It opens where the candidate left the tree (C1.1.CR2): up one, and
    // the reply shown there is read.
    let effects = type_keys(&mut tutor, "k");
    assert_eq!(
        common::selected_critere(&tutor).as_deref(),
        Some("C1.1.CR1")
    );
    assert!(effects.contains(&Effect::ReviewChanged), "{effects:?}");
    assert!(
        tutor
            .session
            .own_review()
            .unwrap()
            .seen
            .contains_key("C1.1.CR1")
    );
    let shown = common::screen(&tutor, 200, 50);
    assert!(shown.contains("le candidat, "), "{shown}");
}

#[test]
fn the_tutor_sees_what_changed_since_they_read_it_and_a_stale_verdict() {
    use livret::tui::session::Tutor;
    let earlier = common::now()
        .checked_sub(jiff::Span::new().hours(48))
        .unwrap();
    let mut portfolio = Portfolio::new(RNCP);
    portfolio.add_note("C1.1.CR1", "Ventes au Maroc en 2022", earlier);
    let mut marie = Review::new(RNCP, "marie");
    marie.mark_notes_read("C1.1.CR1", portfolio.notes("C1.1.CR1"));
    marie.cycle_verdict("C1.1.CR1", earlier);
    // The candidate reworks the note after the verdict.
    portfolio.update_note(
        "C1.1.CR1",
        0,
        "Ventes au Maroc et en Tunisie en 2023",
        common::now(),
    );
    let mut app = opened(RNCP, vec![portfolio]);
    for doc in &mut app.session.docs {
        doc.read_only = Some("le portfolio du candidat ne se modifie que de son côté".into());
    }
    app.session.tutor = Some(Tutor {
        name: "marie".into(),
        filter: false,
        read_only: None,
    });
    app.session.reviews = vec![marie];
    app.session.touch();
    type_keys(&mut app, "llll");
    assert_eq!(common::selected_critere(&app).as_deref(), Some("C1.1.CR1"));
    let shown = common::screen(&app, 100, 30);
    assert!(shown.contains("CR1") && shown.contains('Δ'), "{shown}");
    assert!(shown.contains("modifié depuis le verdict"), "{shown}");
    assert!(
        shown.contains("Modifiée depuis votre dernière lecture"),
        "{shown}"
    );
    assert!(
        shown.contains("{+et en Tunisie +}en [-2022-]{+2023+}"),
        "{shown}"
    );
    // V keeps the verdict: no longer stale.
    assert_eq!(type_keys(&mut app, "V"), [Effect::ReviewChanged]);
    let shown = common::screen(&app, 100, 30);
    assert!(!shown.contains("modifié depuis le verdict"), "{shown}");
    // Leaving the critère: its notes are read, the mark goes.
    let effects = type_keys(&mut app, "j");
    assert!(effects.contains(&Effect::ReviewChanged), "{effects:?}");
    type_keys(&mut app, "k");
    let shown = common::screen(&app, 100, 30);
    assert!(
        !shown.contains("Modifiée depuis votre dernière lecture"),
        "{shown}"
    );
}

#[test]
fn the_cohort_sorts_by_waiting_request_progress_or_name_and_filters_what_waits() {
    let (mut app, since) = tutor_with_a_request();
    let mut quiet = app.session.cohort[0].clone();
    quiet.candidate = "aline".into();
    quiet.requests = Vec::new();
    quiet.last_change = Some(since.checked_add(jiff::Span::new().hours(1)).unwrap());
    let mut replied = quiet.clone();
    replied.candidate = "zoé".into();
    replied.unread = 2;
    app.session.cohort.extend([quiet, replied]);
    let names = |app: &livret::tui::app::App| -> Vec<String> {
        app.session
            .cohort
            .iter()
            .map(|r| r.candidate.clone())
            .collect()
    };
    type_keys(&mut app, "ss");
    let shown = common::screen(&app, 100, 30);
    assert!(shown.contains("tri : demande la plus ancienne"), "{shown}");
    assert_eq!(names(&app)[0], "alice", "the one with a request first");
    type_keys(&mut app, "ss");
    assert_eq!(names(&app), ["alice", "aline", "zoé"]);
    assert!(common::screen(&app, 100, 30).contains("✉2"));
    // f: only who waits for something (a request, an unread reply).
    type_keys(&mut app, "f");
    let shown = common::screen(&app, 100, 30);
    assert!(
        !shown.contains("aline") && shown.contains("alice") && shown.contains("zoé"),
        "{shown}"
    );
    assert_eq!(app.screens.cohort.selected, 0, "the first one shown");
    type_keys(&mut app, "j");
    assert_eq!(app.screens.cohort.selected, 2, "aline skipped");
    assert_eq!(type_keys(&mut app, "<Enter>"), [Effect::OpenCandidate(2)]);
}

#[test]
fn second_read_fixes_hold() {
    // G on an empty cohort does not panic.
    let (mut app, _) = tutor_with_a_request();
    app.session.cohort.clear();
    type_keys(&mut app, "Gfg<Enter>");
    assert!(app.modals.top().is_none());

    // Ctrl-D in a note editor deletes forward, as the text area does.
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "llllaabc<Left><Left><C-d>");
    let Some(Popup::Editor(editor)) = app.modals.top() else {
        panic!("the editor is open");
    };
    assert_eq!(editor.text(), "ac");

    // A request a tutor returned may be asked again on the same part.
    let mut app = opened(RNCP, vec![Portfolio::new(RNCP)]);
    type_keys(&mut app, "llllR<C-s>");
    let created = app.session.open().unwrap().1.requests[0].created;
    let mut marie = Review::new(RNCP, "marie");
    marie.opened.insert(created, created);
    marie.cycle_verdict("C1.1.CR1", created);
    app.session.reviews = vec![marie];
    type_keys(&mut app, "R");
    assert!(question(&app).is_none(), "not « take it back? »");
    type_keys(&mut app, "encore<C-s>");
    assert_eq!(requests(&app).len(), 2);
}
