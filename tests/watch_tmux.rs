//! End to end, in real terminals: the interface sleeps while nothing
//! happens (no wake-up at all), and what the other side writes reaches the
//! screen through file-system notifications, the tutor's cohort screen
//! included, row by row.

mod common;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use common::tmux::{self, Tmux};

const ID: &str = "rncp23675-responsable-commerce-international";
const BIN: &str = env!("CARGO_BIN_EXE_livret");

/// Context switches of every thread of `pid`, by thread: each is a wake-up.
fn switches(pid: u32) -> Vec<(String, u64)> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
    tasks
        .flatten()
        .filter_map(|task| {
            let status = std::fs::read_to_string(task.path().join("status")).ok()?;
            let count = status
                .lines()
                .filter(|l| l.contains("ctxt_switches"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum();
            Some((task.file_name().to_string_lossy().into_owned(), count))
        })
        .collect()
}

/// Wake-ups of the threads there at both reads.
fn woken(before: &[(String, u64)], after: &[(String, u64)]) -> u64 {
    after
        .iter()
        .filter_map(|(task, now)| {
            let (_, then) = before.iter().find(|(t, _)| t == task)?;
            Some(now - then)
        })
        .sum()
}

#[test]
fn an_idle_interface_does_not_wake_up() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("idle", data.path(), &format!("open {ID}"));
    tmux.wait("idle", "Référentiel", Duration::from_secs(10));
    // A key, then time for everything it starts (the draft's timer, the
    // detail held during a burst) to end.
    tmux.keys("idle", &["j"]);
    sleep(Duration::from_millis(3500));
    let pid = tmux.pid("idle");
    let before = switches(pid);
    sleep(Duration::from_secs(3));
    let after = switches(pid);
    let count = woken(&before, &after);
    eprintln!(
        "réveils en 3 s d’inactivité : {count} ({} fils)",
        after.len()
    );
    // Polling every 50 ms would be 60 and more; a stray one is allowed.
    assert!(count <= 2, "{count} wake-ups in 3 s of idleness");
    // Still awake to a key.
    tmux.keys("idle", &["q"]);
    tmux.wait_exit("idle");
}

/// A candidate's data directory under `cohort`, with a portfolio.
fn candidate(cohort: &Path, folder: &str) -> std::path::PathBuf {
    let dir = cohort.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    livret(&dir, &["identite", ID, "--contact", "ici"]);
    dir
}

fn livret(data: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("LIVRET_CONFIG", tmux::quiet_config())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_candidates_save_reaches_the_tutors_cohort_screen_at_once() {
    if !tmux::available() {
        return;
    }
    let cohort = tempfile::tempdir().unwrap();
    let awa = candidate(cohort.path(), "awa");
    let bruno = candidate(cohort.path(), "bruno");
    let tmux = Tmux::new();
    tmux.livret(
        "tuteur",
        cohort.path(),
        &format!("tutor {} --as marie", cohort.path().display()),
    );
    let screen = tmux.wait_for("tuteur", "bruno");
    assert!(screen.contains("awa"), "{screen}");
    // The candidates save, each in their own livret; no key on the tutor's side.
    livret(&awa, &["identite", ID, "--nom", "Awa Diallo"]);
    let (_, took) = tmux.wait("tuteur", "Awa Diallo", Duration::from_secs(2));
    eprintln!("enregistrement d’Awa visible chez le tuteur après {took:?}");
    livret(&bruno, &["request", ID]);
    let (screen, took) = tmux.wait("tuteur", "1 demande", Duration::from_secs(2));
    eprintln!("demande de Bruno visible chez le tuteur après {took:?}:\n{screen}");
    assert!(screen.contains("Awa Diallo"), "{screen}");
    // A candidate who was not there at start: their first save shows too.
    let chloe = candidate(cohort.path(), "chloe");
    livret(&chloe, &["identite", ID, "--nom", "Chloé Martin"]);
    let (_, took) = tmux.wait("tuteur", "Chloé Martin", Duration::from_secs(2));
    eprintln!("nouvelle candidate visible chez le tuteur après {took:?}");
    tmux.keys("tuteur", &["q"]);
    tmux.wait_exit("tuteur");
}
