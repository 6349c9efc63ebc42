use std::fs::{self, File};
use std::time::{Duration, SystemTime};

use super::*;
use crate::portfolio::{Portfolio, Status};
use crate::review::Review;
use crate::store::{save_portfolio, save_review};

fn certification() -> &'static Certification {
    bundled_certifications()
        .next()
        .expect("a bundled référentiel")
}

/// A candidate's data directory under `cohort`, named `name`, with one
/// critère prêt.
fn candidate(cohort: &Path, folder: &str, name: &str) -> DataDir {
    let data = DataDir::new(cohort.join(folder));
    let certification = certification();
    let mut portfolio = Portfolio::new(&certification.id);
    portfolio.identity.name = Some(name.to_string());
    let first = certification.units().next().unwrap().id;
    portfolio.add_note(first, "Une note", Timestamp::UNIX_EPOCH);
    std::sync::Arc::make_mut(portfolio.criteres.get_mut(first).unwrap()).status = Status::Ready;
    save_portfolio(&data, &portfolio).unwrap();
    data
}

fn set_modified(path: &Path, time: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn an_unchanged_cohort_is_not_read_again() {
    let dir = tempfile::tempdir().unwrap();
    candidate(dir.path(), "a", "Anne");
    candidate(dir.path(), "b", "Bruno");
    let mut overview = Overview::read(dir.path(), "marie");
    assert_eq!(overview.rows().len(), 2);
    assert_eq!(overview.reads(), 2);
    assert_eq!(overview.rows()[0].candidate, "Anne");
    assert_eq!(overview.rows()[0].awaiting, 1);
    assert!(overview.refresh().is_empty());
    assert_eq!(overview.reads(), 2, "nothing changed, nothing read");
}

#[test]
fn a_file_touched_is_read_again_and_a_same_size_edit_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let anne = candidate(dir.path(), "a", "Anne");
    candidate(dir.path(), "b", "Bruno");
    let mut overview = Overview::read(dir.path(), "marie");
    let path = anne.portfolio(&certification().id);
    // Same bytes, another modification time: read again, the same row but
    // its date.
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    set_modified(&path, before - Duration::from_secs(3600));
    assert_eq!(overview.refresh(), [0]);
    assert_eq!(overview.reads(), 3, "only Anne's row read again");
    assert_eq!(overview.rows()[0].candidate, "Anne");
    // Same size, same modification time, other bytes (written in place):
    // still seen, by its change time.
    let text = fs::read_to_string(&path).unwrap().replace("Anne", "Anna");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, text).unwrap();
    set_modified(&path, modified);
    assert_eq!(overview.refresh(), [0]);
    assert_eq!(overview.rows()[0].candidate, "Anna");
    assert_eq!(overview.reads(), 4);
}

#[test]
fn a_new_review_or_candidate_changes_only_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    candidate(dir.path(), "a", "Anne");
    let bruno = candidate(dir.path(), "c", "Bruno");
    let mut overview = Overview::read(dir.path(), "marie");
    let mut review = Review::new(&certification().id, "marie");
    let first = certification().units().next().unwrap().id;
    review.cycle_verdict(first, Timestamp::UNIX_EPOCH);
    save_review(&bruno, &review).unwrap();
    assert_eq!(overview.refresh(), [1]);
    assert_eq!(overview.rows()[1].awaiting, 0, "judged now");
    assert_eq!(overview.reads(), 3);
    // A candidate between the two: the rows from there on move.
    candidate(dir.path(), "b", "Berthe");
    assert_eq!(overview.refresh(), [1, 2]);
    assert_eq!(overview.reads(), 4, "the two others kept");
    let names: Vec<&str> = overview
        .rows()
        .iter()
        .map(|r| r.candidate.as_str())
        .collect();
    assert_eq!(names, ["Anne", "Berthe", "Bruno"]);
    fs::remove_dir_all(bruno.root()).unwrap();
    assert!(overview.refresh().is_empty());
    assert_eq!(overview.rows().len(), 2);
}

#[test]
fn the_overview_is_what_a_full_read_gives() {
    let dir = tempfile::tempdir().unwrap();
    candidate(dir.path(), "a", "Anne");
    let mut overview = Overview::read(dir.path(), "marie");
    candidate(dir.path(), "b", "Bruno");
    overview.refresh();
    assert_eq!(
        overview.rows(),
        Overview::read(dir.path(), "marie").rows(),
        "refreshed as if read afresh"
    );
}
