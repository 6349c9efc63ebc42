//! The parsed copies of large files (`<data>/cache/`, see `store::cache`):
//! read instead of the RON files while they match them byte for byte, and
//! never in place of what the files say.

#[path = "../benches/support/fixture.rs"]
mod fixture;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use livret::store::{DataDir, ReadAhead, load_catalog, load_portfolio, save_portfolio};

/// A data dir whose portfolio and référentiel are past the size from which
/// copies are kept (512 KiB): 1 500 critères, 1 500 notes.
fn large() -> (tempfile::TempDir, DataDir) {
    let dir = tempfile::tempdir().unwrap();
    let certification = fixture::certification(1_500, 2);
    let portfolio = fixture::portfolio(&certification, 1_500, 2);
    fixture::write_data_dir(dir.path(), Some(&certification), &[portfolio], fixture::ID).unwrap();
    let data = DataDir::new(dir.path());
    for file in [
        data.portfolio(fixture::ID),
        data.referentiels().join(format!("{}.ron", fixture::ID)),
    ] {
        let len = fs::metadata(&file).unwrap().len();
        assert!(len > 600 * 1024, "{} : {len} bytes only", file.display());
    }
    // The fixture is written through `save_portfolio`, which keeps a copy:
    // the data dir starts as one written before copies were.
    if data.cache().exists() {
        fs::remove_dir_all(data.cache()).unwrap();
    }
    (dir, data)
}

/// Waits for the copy a read writes on a thread of its own.
fn wait_for(path: &Path) {
    let since = Instant::now();
    while !path.exists() {
        assert!(
            since.elapsed() < Duration::from_secs(30),
            "{} never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `text` with the char at byte `at` made Z's, as many as it had bytes.
fn first_letter_to_z(text: &str, at: usize) -> String {
    let len = text[at..].chars().next().unwrap().len_utf8();
    format!("{}{}{}", &text[..at], "Z".repeat(len), &text[at + len..])
}

/// The portfolio, read once its copy is written: no copy written late
/// by that read replaces one a test makes next.
fn settled(data: &DataDir) -> livret::portfolio::Portfolio {
    let portfolio = load_portfolio(data, fixture::ID).unwrap();
    wait_for(&data.cached("portfolios", fixture::ID));
    portfolio
}

fn copies(data: &DataDir) -> [std::path::PathBuf; 2] {
    [
        data.cached("portfolios", fixture::ID),
        data.cached("referentiels", fixture::ID),
    ]
}

#[test]
fn a_first_read_leaves_copies_that_the_next_reads_give_back_unchanged() {
    let (_dir, data) = large();
    let catalog = load_catalog(&data);
    let (_, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    let portfolio = read.unwrap();
    assert!(words.is_empty(), "no copy to read yet");
    for copy in copies(&data) {
        wait_for(&copy);
    }
    let again = load_catalog(&data);
    assert_eq!(
        again.get(fixture::ID).unwrap().certification,
        catalog.get(fixture::ID).unwrap().certification
    );
    assert_eq!(load_portfolio(&data, fixture::ID).unwrap(), portfolio);
    // With the words of each note, as the gauges count them.
    let (disk, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    assert!(disk.is_some());
    assert_eq!(read.unwrap(), portfolio);
    assert_eq!(words, portfolio.word_counts());
    assert_eq!(words.len(), 1_500);
}

#[test]
fn a_save_writes_the_copy_of_what_it_wrote() {
    let (_dir, data) = large();
    let mut portfolio = settled(&data);
    let now = jiff::Timestamp::from_second(1_767_607_200).unwrap();
    portfolio.add_note("C1.1.1.CR1", "Une note écrite à l’instant", now);
    save_portfolio(&data, &portfolio).unwrap();
    let (_, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    assert_eq!(read.unwrap(), portfolio);
    assert_eq!(words, portfolio.word_counts(), "read from the copy");
}

#[test]
fn a_file_changed_elsewhere_is_read_from_the_file_not_the_copy() {
    let (_dir, data) = large();
    let portfolio = settled(&data);
    save_portfolio(&data, &portfolio).unwrap();
    let path = data.portfolio(fixture::ID);
    // The same length, one letter changed: only the bytes tell.
    let text = fs::read_to_string(&path).unwrap();
    let at = text.find("text: \"").unwrap() + 7;
    let edited = first_letter_to_z(&text, at);
    assert_eq!(edited.len(), text.len());
    fs::write(&path, &edited).unwrap();
    let (_, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    let read = read.unwrap();
    assert_ne!(read, portfolio);
    let first = read
        .criteres
        .values()
        .flat_map(|w| &w.notes)
        .next()
        .unwrap();
    assert!(first.text.starts_with('Z'), "{}", &first.text[..20]);
    assert!(
        words.is_empty(),
        "counted from the text, not taken from the copy"
    );

    // Broken by hand: refused with its place, copy or not.
    fs::write(&path, text.replacen("status:", "statut:", 1)).unwrap();
    let error = load_portfolio(&data, fixture::ID).unwrap_err().to_string();
    let place = error
        .split_once(&format!("{}:", path.display()))
        .map(|(_, after)| after)
        .unwrap_or_else(|| panic!("no file:line in {error}"));
    assert!(place.starts_with(|c: char| c.is_ascii_digit()), "{error}");
}

#[test]
fn a_copy_changed_by_hand_is_not_read() {
    let (_dir, data) = large();
    let portfolio = settled(&data);
    save_portfolio(&data, &portfolio).unwrap();
    let copy = data.cached("portfolios", fixture::ID);
    let text = fs::read_to_string(&copy).unwrap();
    // Another note's text in the copy, its header left as it was.
    let at = text.find("\"text\":\"").unwrap() + 8;
    fs::write(&copy, first_letter_to_z(&text, at)).unwrap();
    let (_, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    assert_eq!(read.unwrap(), portfolio);
    assert!(words.is_empty(), "the RON file was read");
}

#[test]
fn copies_stay_out_of_a_sync_and_small_files_have_none() {
    assert!(!livret::sync::travels("cache/portfolios/x.json"));
    assert!(livret::sync::GITIGNORE.contains("/cache/"));
    let dir = tempfile::tempdir().unwrap();
    let certification = fixture::certification(50, 2);
    let portfolio = fixture::portfolio(&certification, 20, 2);
    fixture::write_data_dir(dir.path(), Some(&certification), &[portfolio], fixture::ID).unwrap();
    let data = DataDir::new(dir.path());
    let portfolio = load_portfolio(&data, fixture::ID).unwrap();
    save_portfolio(&data, &portfolio).unwrap();
    let _ = load_catalog(&data);
    std::thread::sleep(Duration::from_millis(100));
    assert!(!data.cache().exists(), "a small data dir keeps no copy");
}

/// `livret search` answers the same with the copies as without them.
#[test]
fn the_cli_reads_the_same_through_the_copies() {
    let (dir, data) = large();
    let search = || {
        let out = Command::new(env!("CARGO_BIN_EXE_livret"))
            .args(["--data-dir"])
            .arg(dir.path())
            .args([
                "search",
                "--referentiel",
                fixture::ID,
                "politique tarifaire",
            ])
            .env("LIVRET_CONFIG", dir.path().join("absent-config.ron"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let without = search();
    let portfolio = settled(&data);
    save_portfolio(&data, &portfolio).unwrap();
    let _ = load_catalog(&data);
    for copy in copies(&data) {
        wait_for(&copy);
    }
    assert!(without.lines().count() > 3, "{without}");
    assert_eq!(search(), without);
}

/// Whether this test may give files away (root); says so when it may not,
/// and fails then under `.ci/run` (LIVRET_REQUIRE_ROOT).
fn root() -> bool {
    if livret::store::account::current_uid() == 0 {
        return true;
    }
    assert!(
        std::env::var_os("LIVRET_REQUIRE_ROOT").is_none(),
        "LIVRET_REQUIRE_ROOT is set but this is not root"
    );
    eprintln!("SKIPPED: giving a file to another account needs root");
    false
}

/// Nobody's uid: a file given to it is someone else's.
const NOBODY: u32 = 65_534;

#[test]
fn someone_elses_files_are_read_without_copies() {
    if !root() {
        return;
    }
    let (_dir, data) = large();
    let portfolio = settled(&data);
    save_portfolio(&data, &portfolio).unwrap();
    let copy = data.cached("portfolios", fixture::ID);
    // A copy that is not the reader's own is not read…
    std::os::unix::fs::chown(&copy, Some(NOBODY), None).unwrap();
    let (_, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    assert_eq!(read.unwrap(), portfolio);
    assert!(words.is_empty(), "someone else's copy was read");
    // (and one of the reader's own is written in its place, on a thread.)
    let since = Instant::now();
    while fs::metadata(&copy).map_or(true, |m| m.uid() == NOBODY) {
        assert!(
            since.elapsed() < Duration::from_secs(30),
            "the copy was not written again"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // …nor one of a file that is not (a tutor reading a candidate's).
    fs::remove_file(&copy).unwrap();
    save_portfolio(&data, &portfolio).unwrap();
    std::os::unix::fs::chown(data.portfolio(fixture::ID), Some(NOBODY), None).unwrap();
    let (_, read, words) = ReadAhead::start(&data, fixture::ID).join_counted();
    assert_eq!(read.unwrap(), portfolio);
    assert!(words.is_empty(), "the copy of someone else's file was read");
    // And no copy is written for it.
    fs::remove_file(&copy).unwrap();
    load_portfolio(&data, fixture::ID).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(!copy.exists());
}
