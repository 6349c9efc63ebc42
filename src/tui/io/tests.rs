use super::*;
use crate::referentiel::parse;
use crate::tui::session::Doc;

const EXAMPLE: &str = include_str!("../../../tests/valid_referentiels/exemple-minimal.ron");

/// A data directory with the example référentiel and `portfolio` as
/// its file; the session as the interface opens it.
fn started(data: &DataDir, portfolio: Option<&str>) -> (Session, Io, String) {
    crate::store::write_atomic(
        &data.referentiels().join("exemple-minimal.ron"),
        EXAMPLE.as_bytes(),
    )
    .unwrap();
    if let Some(text) = portfolio {
        crate::store::write_atomic(&data.portfolio("exemple-minimal"), text.as_bytes()).unwrap();
    }
    let docs = crate::tui::session::load_docs(crate::store::load_catalog(data), data, None);
    let mut session = Session::new(docs);
    let id = "exemple-minimal".to_string();
    session.current = session
        .docs
        .iter()
        .position(|d| d.certification.id == id)
        .unwrap();
    let mut io = Io::new(Workspace::candidate(data));
    io.perform(Effect::Opened(id.clone()), &session);
    (session, io, id)
}

fn a_portfolio() -> String {
    let mut portfolio = crate::portfolio::Portfolio::new("exemple-minimal");
    portfolio.add_note("A1.C1.CR1", "Une note", Timestamp::UNIX_EPOCH);
    crate::store::portfolio_to_ron(&portfolio)
}

fn modified(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn backups(data: &DataDir, id: &str) -> usize {
    list_backups(data, id).unwrap().len()
}

#[test]
fn quitting_with_nothing_changed_writes_nothing_and_a_move_only_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let (mut session, mut io, id) = started(&data, Some(&a_portfolio()));
    let before = modified(&data.portfolio(&id));
    io.finish(&session).unwrap();
    assert_eq!(modified(&data.portfolio(&id)), before);
    assert_eq!(backups(&data, &id), 0);
    assert!(!data.views().exists());

    // The candidate moved in the tree: only its place is written, and
    // found again at the next start.
    let portfolio = session.open_mut().unwrap();
    portfolio.view.selected = Some("A1.C1.CR2".into());
    portfolio.view.expanded.insert("BC01".into());
    io.finish(&session).unwrap();
    drop(io);
    let (mut session, mut io, _) = started(&data, None);
    assert_eq!(modified(&data.portfolio(&id)), before);
    assert_eq!(backups(&data, &id), 0);
    let view = &session.open().unwrap().1.view;
    assert_eq!(view.selected.as_deref(), Some("A1.C1.CR2"));
    assert!(view.expanded.contains("BC01"));
    // Quitting again, nothing moved: the place is not written again.
    let place = modified(&data.view(&id));
    io.finish(&session).unwrap();
    assert_eq!(modified(&data.view(&id)), place);

    // A change of content is saved, after a backup of the file there.
    let portfolio = session.open_mut().unwrap();
    portfolio.cycle_status("A1.C1.CR1", Timestamp::UNIX_EPOCH);
    io.perform(Effect::Changed, &session);
    io.finish(&session).unwrap();
    assert_ne!(modified(&data.portfolio(&id)), before);
    assert_eq!(backups(&data, &id), 1);
    let saved = load_portfolio(&data, &id).unwrap();
    assert_eq!(saved.note_count(), 1);
    assert_eq!(saved.view, Default::default(), "never in the portfolio");
}

#[test]
fn the_place_in_an_older_portfolio_file_moves_to_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let older = a_portfolio().replacen(
        "\n)\n",
        "\n    view: (selected: \"A1.C1.CR2\", expanded: [\"BC01\"]),\n)\n",
        1,
    );
    assert!(older.contains("view:"), "{older}");
    let (session, mut io, id) = started(&data, Some(&older));
    let view = session.open().unwrap().1.view.clone();
    assert_eq!(view.selected.as_deref(), Some("A1.C1.CR2"));
    let before = modified(&data.portfolio(&id));
    io.finish(&session).unwrap();
    assert_eq!(modified(&data.portfolio(&id)), before, "not rewritten");
    assert_eq!(crate::store::load_view(&data, &id), Some(view));
    // From now on, its own file wins over the one in the portfolio.
    let moved = crate::portfolio::ViewState {
        selected: Some("C2.1.CR1".into()),
        ..Default::default()
    };
    crate::store::save_view(&data, &id, &moved).unwrap();
    drop(io);
    let (session, _io, _) = started(&data, None);
    assert_eq!(session.open().unwrap().1.view, moved);
}

#[test]
fn switching_certifications_writes_the_previous_one_before_its_lock_goes() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let first = parse(EXAMPLE, None).unwrap();
    let mut second = first.clone();
    second.id = format!("{}-bis", first.id);
    let docs = [first, second].map(|c| {
        let portfolio = crate::portfolio::Portfolio::new(&c.id);
        Doc::new(c, Ok(portfolio))
    });
    let ids: Vec<String> = docs.iter().map(|d| d.certification.id.clone()).collect();
    let mut session = Session::new(docs.into());
    let mut io = Io::new(Workspace::candidate(&data));
    io.perform(Effect::Opened(ids[0].clone()), &session);
    assert!(crate::store::lock_path(&data.portfolio(&ids[0])).exists());
    let portfolio = session.docs[0].portfolio.as_mut().unwrap();
    portfolio.cycle_status("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
    io.perform(Effect::Changed, &session);
    // The candidate opens the other certification at once.
    session.current = 1;
    io.perform(Effect::Opened(ids[1].clone()), &session);
    let saved = crate::store::load_portfolio(&data, &ids[0]).unwrap();
    assert_eq!(
        saved.status("A1.C1.CR1"),
        crate::portfolio::Status::InProgress
    );
    assert!(!io.saver.pending());
}
