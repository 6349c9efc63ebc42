use super::*;
use crate::referentiel::parse;
use crate::store::list_backups;
use crate::tui::session::Doc;

const EXAMPLE: &str = include_str!("../../../../tests/valid_referentiels/exemple-minimal.ron");

fn session() -> Session {
    let certification = parse(EXAMPLE, None).unwrap();
    let portfolio = crate::portfolio::Portfolio::new(&certification.id);
    Session::new(vec![Doc::new(certification, Ok(portfolio))])
}

/// A save, waited for.
fn save(
    saver: &mut Saver,
    session: &Session,
    data: &DataDir,
    said: &mut Vec<Msg>,
) -> io::Result<()> {
    saver.save_now(session, data, &Waker::default(), said)
}

fn changed(session: &mut Session, saver: &mut Saver) {
    let portfolio = session.docs[0].portfolio.as_mut().unwrap();
    portfolio.cycle_status("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
    saver.changed(0);
}

/// What was said, as text.
fn said(msgs: &[Msg]) -> Vec<String> {
    msgs.iter()
        .filter_map(|m| match m {
            Msg::Said(status) | Msg::Unsaved(Some(status)) => Some(status.text.clone()),
            _ => None,
        })
        .collect()
}

fn merged(msgs: &[Msg]) -> Option<(&crate::portfolio::Portfolio, Option<&Status>)> {
    msgs.iter().find_map(|m| match m {
        Msg::PortfolioChanged {
            portfolio, said, ..
        } => Some((portfolio.as_ref(), said.as_ref())),
        _ => None,
    })
}

#[test]
fn a_file_changed_on_disk_is_merged_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let id = session.docs[0].certification.id.clone();
    let mut saver = Saver::default();
    changed(&mut session, &mut saver);
    save(&mut saver, &session, &data, &mut Vec::new()).unwrap();
    // Another writer (its lock file deleted) adds a note and saves.
    let mut other = crate::store::load_portfolio(&data, &id).unwrap();
    other.add_note(
        "A1.C1.CR1",
        "Note de l’autre processus",
        Timestamp::from_second(10).unwrap(),
    );
    save_portfolio(&data, &other).unwrap();
    // This process adds its own and saves: both are on disk.
    let portfolio = session.docs[0].portfolio.as_mut().unwrap();
    portfolio.add_note(
        "A1.C1.CR1",
        "Note d’ici",
        Timestamp::from_second(20).unwrap(),
    );
    saver.changed(0);
    let mut msgs = Vec::new();
    save(&mut saver, &session, &data, &mut msgs).unwrap();
    let on_disk = crate::store::load_portfolio(&data, &id).unwrap();
    let texts: Vec<&str> = on_disk
        .notes("A1.C1.CR1")
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(texts, ["Note d’ici", "Note de l’autre processus"]);
    let (in_memory, said) = merged(&msgs).expect("the merge goes back to the session");
    assert_eq!(*in_memory, on_disk);
    assert!(said.unwrap().text.contains("rien n’est perdu"), "{said:?}");
    // Our own writes are not news: the next save merges nothing.
    saver.changed(0);
    let mut msgs = Vec::new();
    session.docs[0].portfolio = Ok(on_disk);
    save(&mut saver, &session, &data, &mut msgs).unwrap();
    assert!(merged(&msgs).is_none());
}

#[test]
fn a_file_changed_on_disk_that_does_not_read_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let id = session.docs[0].certification.id.clone();
    let mut saver = Saver::default();
    changed(&mut session, &mut saver);
    save(&mut saver, &session, &data, &mut Vec::new()).unwrap();
    std::fs::write(data.portfolio(&id), "(cassé").unwrap();
    changed(&mut session, &mut saver);
    let mut msgs = Vec::new();
    assert!(save(&mut saver, &session, &data, &mut msgs).is_err());
    assert!(said(&msgs)[0].contains("pas écrasé"), "{:?}", said(&msgs));
    assert_eq!(
        std::fs::read_to_string(data.portfolio(&id)).unwrap(),
        "(cassé"
    );
    assert_eq!(saver.dirty, [0], "still to save");
}

#[test]
fn a_failed_save_is_said_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the portfolios directory should be: every save fails.
    std::fs::write(dir.path().join("portfolios"), "").unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let mut saver = Saver::default();
    changed(&mut session, &mut saver);
    let mut msgs = Vec::new();
    assert!(save(&mut saver, &session, &data, &mut msgs).is_err());
    let message = said(&msgs).pop().unwrap();
    assert!(
        message.starts_with("Échec de l’enregistrement"),
        "{message}"
    );
    assert!(message.contains("réessayées"), "{message}");
    assert_eq!(saver.dirty, [0], "still to save");
    assert!(saver.last_change.is_some(), "retried after the delay");
}

#[test]
fn read_only_portfolios_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    session.docs[0].read_only = Some("test".into());
    let mut saver = Saver::default();
    changed(&mut session, &mut saver);
    saver.flush(&session, &data, &mut Vec::new()).unwrap();
    assert!(!data.portfolios().exists());
}

#[test]
fn the_file_on_disk_is_backed_up_once_per_session_before_saving() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let id = session.docs[0].certification.id.clone();
    let mut saver = Saver::default();
    changed(&mut session, &mut saver);
    save(&mut saver, &session, &data, &mut Vec::new()).unwrap();
    assert!(
        list_backups(&data, &id).unwrap().is_empty(),
        "nothing to back up yet"
    );
    let mut later = Saver::default();
    for _ in 0..3 {
        changed(&mut session, &mut later);
        save(&mut later, &session, &data, &mut Vec::new()).unwrap();
    }
    assert_eq!(
        list_backups(&data, &id).unwrap().len(),
        1,
        "one per session"
    );
}

#[test]
fn after_a_panic_the_work_goes_beside_the_portfolio_never_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let id = session.docs[0].certification.id.clone();
    write_atomic(&data.portfolio(&id), b"original").unwrap();
    let mut saver = Saver::default();
    changed(&mut session, &mut saver);
    let message = recover_after_panic(&session, &data).to_string();
    assert_eq!(std::fs::read(data.portfolio(&id)).unwrap(), b"original");
    let recovered: Vec<_> = std::fs::read_dir(data.portfolios())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".recovered-"))
        .collect();
    assert_eq!(recovered.len(), 1);
    let text = std::fs::read_to_string(&recovered[0]).unwrap();
    assert!(text.contains("A1.C1.CR1"), "{text}");
    assert!(
        message.contains(&format!("livret restore {id} ")),
        "{message}"
    );
}

fn note(saver: &mut Saver, session: &mut Session, text: &str, at: i64) {
    let portfolio = session.docs[0].portfolio.as_mut().unwrap();
    portfolio.add_note("A1.C1.CR1", text, Timestamp::from_second(at).unwrap());
    saver.changed(0);
}

fn texts(portfolio: &Portfolio) -> Vec<&str> {
    let mut texts: Vec<&str> = portfolio
        .notes("A1.C1.CR1")
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    texts.sort();
    texts
}

#[test]
fn one_save_at_a_time_the_next_waits_for_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let mut saver = Saver::default();
    note(&mut saver, &mut session, "Une", 10);
    saver.start(&session, &data, &Waker::default());
    assert!(saver.dirty.is_empty() && saver.pending());
    note(&mut saver, &mut session, "Deux", 20);
    saver.start(&session, &data, &Waker::default());
    assert_eq!(saver.dirty, [0], "not started while the first runs");
    assert!(!saver.due(), "nor due");
    saver.wait(&mut Vec::new()).unwrap();
    save(&mut saver, &session, &data, &mut Vec::new()).unwrap();
    assert!(!saver.pending());
    let id = &session.docs[0].certification.id;
    let on_disk = crate::store::load_portfolio(&data, id).unwrap();
    assert_eq!(texts(&on_disk), ["Deux", "Une"]);
}

#[test]
fn the_end_of_a_save_wakes_the_loop() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let mut saver = Saver::default();
    let (waker, woken) = Waker::channel();
    note(&mut saver, &mut session, "Une", 10);
    saver.start(&session, &data, &waker);
    let wake = woken.recv_timeout(Duration::from_secs(10));
    assert!(matches!(wake, Ok(crate::tui::wake::Wake::Io)));
    // Its outcome is there to collect, without waiting.
    saver.collect(&mut Vec::new()).unwrap();
    assert!(!saver.pending());
}

#[test]
fn a_merge_is_not_taken_over_changes_made_since_the_copy_the_next_save_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut session = session();
    let id = session.docs[0].certification.id.clone();
    let mut saver = Saver::default();
    note(&mut saver, &mut session, "Une", 10);
    save(&mut saver, &session, &data, &mut Vec::new()).unwrap();
    // Another writer (its lock file deleted) adds a note meanwhile.
    let mut other = crate::store::load_portfolio(&data, &id).unwrap();
    other.add_note(
        "A1.C1.CR1",
        "De l’autre",
        Timestamp::from_second(15).unwrap(),
    );
    save_portfolio(&data, &other).unwrap();
    // The save starts from a copy; a note is typed while it runs.
    note(&mut saver, &mut session, "Deux", 20);
    saver.start(&session, &data, &Waker::default());
    note(&mut saver, &mut session, "Trois", 30);
    let mut msgs = Vec::new();
    saver.wait(&mut msgs).unwrap();
    assert!(merged(&msgs).is_none(), "it would lose « Trois »");
    // The next save puts the three together, with the other's.
    let mut msgs = Vec::new();
    save(&mut saver, &session, &data, &mut msgs).unwrap();
    let (in_memory, said) = merged(&msgs).expect("the merge goes back to the session");
    assert_eq!(texts(in_memory), ["De l’autre", "Deux", "Trois", "Une"]);
    assert!(said.unwrap().text.contains("1 note"), "{said:?}");
    let on_disk = crate::store::load_portfolio(&data, &id).unwrap();
    assert_eq!(on_disk, *in_memory);
}
