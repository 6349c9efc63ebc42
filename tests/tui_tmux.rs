//! End to end: the real binary in a real terminal (tmux), as a candidate uses it.
//!
//! Skipped with a notice when tmux is missing, unless LIVRET_REQUIRE_TMUX is
//! set (CI sets it, so there the test always runs).

mod common;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{self, BIN, Tmux};

#[test]
fn a_note_written_in_the_terminal_is_kept_counted_and_shown_again() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let id = "rncp23675-responsable-commerce-international";

    let tmux = Tmux::new();
    tmux.livret("t", data.path(), &format!("open {id}"));
    tmux.wait_for("t", "Référentiel");
    tmux.keys("t", &["l", "l", "l", "l"]);
    tmux.wait_for("t", "Critère C1.1.CR1");
    tmux.keys("t", &["a"]);
    tmux.wait_for("t", "Nouvelle note");
    tmux.type_text("t", "Étude de la zone Maghreb — œuvre");
    tmux.keys("t", &["Enter"]);
    tmux.type_text("t", "Ventes par pays sur trois exercices.");
    tmux.keys("t", &["C-s"]);
    tmux.wait_for("t", "Note ajoutée.");
    tmux.keys("t", &["q"]);
    tmux.wait_exit("t");
    assert!(
        !data
            .path()
            .join(format!("portfolios/{id}.ron.lock"))
            .exists(),
        "a clean quit leaves no lock file"
    );

    let status = Command::new(BIN)
        .args(["status", id, "--json", "--data-dir"])
        .arg(data.path())
        .env_remove("LIVRET_DATA_DIR")
        .output()
        .unwrap();
    assert!(status.status.success());
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["blocs"][0]["id"], "BC1");
    assert_eq!(json["blocs"][0]["in_progress"], 1);
    assert_eq!(json["blocs"][0]["ready"], 0);

    // Started again without arguments: the last certification, on the same critère.
    tmux.livret("t2", data.path(), "");
    tmux.wait_for("t2", "Étude de la zone Maghreb — œuvre");
    // A capture may catch a frame half drawn: wait for its last part too.
    let screen = tmux.wait_for("t2", "Ventes par pays");
    assert!(screen.contains("Critère C1.1.CR1"), "{screen}");
    tmux.keys("t2", &["q"]);
    tmux.wait_exit("t2");
}

#[test]
fn the_demo_opens_on_a_sample_candidate_and_leaves_no_trace() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("t", data.path(), "demo");
    let screen = tmux.wait_for("t", "Analyse de la zone Maghreb");
    assert!(screen.contains("2/34 prêts"), "{screen}");
    tmux.keys("t", &["q"]);
    tmux.wait_exit("t");
    assert_eq!(
        std::fs::read_dir(data.path()).unwrap().count(),
        0,
        "the demo works in a throwaway directory, not the data dir"
    );
}

/// Whether the process still runs (a zombie waiting to be reaped has exited).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat
                .rsplit(')')
                .next()?
                .split_whitespace()
                .next()?
                .to_string();
            Some(state != "Z")
        })
        .unwrap_or(false)
}

/// Waits at most `limit` for the process to end; panics otherwise.
fn gone_within(pid: u32, limit: Duration) -> Duration {
    let start = Instant::now();
    while alive(pid) {
        assert!(
            start.elapsed() < limit,
            "livret still running after {limit:?}"
        );
        sleep(Duration::from_millis(20));
    }
    start.elapsed()
}

const ID: &str = "rncp23675-responsable-commerce-international";

/// Opens the editor on C1.1.CR1 and types a note without keeping it.
fn type_unsaved_note(data: &Path) -> (Tmux, u32) {
    let tmux = Tmux::new();
    tmux.livret("t", data, &format!("open {ID}"));
    tmux.wait_for("t", "Référentiel");
    tmux.keys("t", &["l", "l", "l", "l", "a"]);
    tmux.wait_for("t", "Nouvelle note");
    tmux.type_text("t", "Brouillon jamais enregistré — é");
    tmux.wait_for("t", "jamais enregistré");
    let pid = tmux.pid("t");
    (tmux, pid)
}

fn portfolio_text(data: &Path) -> String {
    std::fs::read_to_string(data.join(format!("portfolios/{ID}.ron"))).unwrap_or_default()
}

fn assert_draft_kept(data: &Path) {
    let text = portfolio_text(data);
    assert!(text.contains("Brouillon jamais enregistré — é"), "{text}");
    assert!(text.contains("draft: true"), "{text}");
}

#[test]
fn a_dropped_connection_saves_the_open_editor_as_a_draft() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (tmux, pid) = type_unsaved_note(data.path());
    // Killing the server hangs up the pane's terminal: SIGHUP, as over SSH.
    tmux.run(&["kill-server"]);
    let took = gone_within(pid, Duration::from_secs(1));
    eprintln!("sorti {took:?} après la coupure");
    assert_draft_kept(data.path());
}

#[test]
fn sigterm_saves_the_open_editor_as_a_draft() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (_tmux, pid) = type_unsaved_note(data.path());
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    gone_within(pid, Duration::from_secs(2));
    assert_draft_kept(data.path());
}

#[test]
fn kill_9_after_a_pause_loses_nothing_thanks_to_the_idle_autosave() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (_tmux, pid) = type_unsaved_note(data.path());
    // 3 s idle before the draft is kept, then 0.5 s before it is written.
    let deadline = Instant::now() + Duration::from_secs(8);
    while !portfolio_text(data.path()).contains("draft: true") {
        assert!(Instant::now() < deadline, "no idle autosave");
        sleep(Duration::from_millis(100));
    }
    Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    gone_within(pid, Duration::from_secs(2));
    assert_draft_kept(data.path());
}

/// Keys sent in one go arrive faster than the detail pane is drawn for
/// each: it waits, then shows where the selection stopped.
#[test]
fn a_held_key_moves_the_tree_and_the_detail_catches_up_when_it_stops() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let id = "rncp23675-responsable-commerce-international";
    let tmux = Tmux::new();
    tmux.livret("h", data.path(), &format!("open {id}"));
    tmux.wait_for("h", "Bloc BC1 —");
    tmux.keys("h", &["j", "j", "j", "k", "j"]);
    // Without the end of the burst, it would stay on BC1 for good.
    tmux.wait_for("h", "Bloc BC4 —");
    tmux.keys("h", &["q"]);
    tmux.wait_exit("h");
}

#[test]
fn temporary_files_left_by_a_kill_are_cleaned_at_the_next_start() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let id = "rncp23675-responsable-commerce-international";
    let portfolios = data.path().join("portfolios");
    let backups = data.path().join("backups").join(id);
    std::fs::create_dir_all(&portfolios).unwrap();
    std::fs::create_dir_all(&backups).unwrap();
    // Past the kernel's largest process number: a writer that is gone.
    let stale = [
        portfolios.join(format!(".{id}.ron.tmp-4194305-0")),
        backups.join(".20260101T080000Z.ron.tmp-4194305-1"),
    ];
    // This test is running: its half-written file stays.
    let live = portfolios.join(format!(".{id}.ron.tmp-{}-0", std::process::id()));
    for path in stale.iter().chain([&live]) {
        std::fs::write(path, "(à moitié").unwrap();
    }
    let tmux = Tmux::new();
    tmux.livret("k", data.path(), &format!("open {id}"));
    tmux.wait_for("k", "Référentiel");
    tmux.keys("k", &["q"]);
    tmux.wait_exit("k");
    for path in &stale {
        assert!(!path.exists(), "{} removed", path.display());
    }
    assert!(live.exists(), "a running writer's file is left alone");
}

/// Adds a note with `text` on C1.1.CR1 in session `s` (already on it) and
/// waits for the save after it.
fn add_note(tmux: &Tmux, s: &str, text: &str) {
    tmux.keys(s, &["a"]);
    tmux.wait_for(s, "Nouvelle note");
    tmux.type_text(s, text);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for(s, "Note ajoutée.");
    sleep(Duration::from_millis(900));
}

#[test]
fn a_second_writer_after_a_deleted_lock_loses_no_note() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("a", data.path(), &format!("open {ID}"));
    tmux.wait_for("a", "Référentiel");
    tmux.keys("a", &["l", "l", "l", "l"]);
    tmux.wait_for("a", "Critère C1.1.CR1");
    add_note(&tmux, "a", "Première note, fenêtre A");
    // Someone removes the lock file: a second window writes too.
    std::fs::remove_file(data.path().join(format!("portfolios/{ID}.ron.lock"))).unwrap();
    tmux.livret("b", data.path(), &format!("open {ID}"));
    // The place in the tree is written at quit, in its own file: the second
    // window opens at the top and goes to the critère.
    tmux.wait_for("b", "Référentiel");
    tmux.keys("b", &["l", "l", "l", "l"]);
    let screen = tmux.wait_for("b", "Première note, fenêtre A");
    assert!(!screen.contains("LECTURE SEULE"), "{screen}");
    add_note(&tmux, "b", "Deuxième note, fenêtre B");
    add_note(&tmux, "a", "Troisième note, fenêtre A");
    let screen = tmux.wait_for("a", "rien n’est perdu");
    tmux.keys("a", &["q"]);
    tmux.wait_exit("a");
    tmux.keys("b", &["q"]);
    tmux.wait_exit("b");
    let text = portfolio_text(data.path());
    for note in ["Première note", "Deuxième note", "Troisième note"] {
        assert!(text.contains(note), "{note} lost:\n{text}\n{screen}");
    }
}

#[test]
fn a_full_disk_asks_before_quitting_keeps_a_recovery_copy_and_offers_it_back() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let stderr = temp.path().join("stderr.txt");
    // A portfolio just under the 4 KB that `ulimit -f 4` lets a file reach.
    let long = "Contexte détaillé de la mission. ".repeat(100);
    let portfolio = format!(
        "(format_version: 3, referentiel: \"{ID}\", criteres: {{ \"C1.1.CR2\": (status: \
         InProgress, notes: [(text: \"{long}\", created: \"2026-01-05T10:00:00Z\", updated: \
         \"2026-01-05T10:00:00Z\")]) }})\n"
    );
    assert!(portfolio.len() < 3900, "{}", portfolio.len());
    std::fs::create_dir_all(data.path().join("portfolios")).unwrap();
    std::fs::write(data.path().join(format!("portfolios/{ID}.ron")), &portfolio).unwrap();
    let env = format!(
        "XDG_RUNTIME_DIR={} TMPDIR={} LIVRET_CONFIG={}",
        runtime.path().display(),
        temp.path().display(),
        common::tmux::quiet_config().display()
    );
    let tmux = Tmux::new();
    tmux.start(
        "t",
        &format!(
            "bash -c 'ulimit -f 4; exec env {env} {BIN} --data-dir {} open {ID} 2>{}'",
            data.path().display(),
            stderr.display()
        ),
    );
    tmux.wait_for("t", "Référentiel");
    tmux.keys("t", &["l", "l", "l", "l"]);
    tmux.wait_for("t", "Critère C1.1.CR1");
    tmux.keys("t", &["a"]);
    tmux.wait_for("t", "Nouvelle note");
    tmux.type_text("t", &"Preuve tapée sur un disque plein. ".repeat(12));
    tmux.keys("t", &["C-s"]);
    tmux.wait_for("t", "Échec de l’enregistrement");
    // q does not quit at once: it asks.
    tmux.keys("t", &["q"]);
    tmux.wait_for("t", "Quitter quand même");
    tmux.keys("t", &["o"]);
    tmux.wait_exit("t");
    let said = std::fs::read_to_string(&stderr).unwrap();
    assert!(said.contains("copie de secours (les changements"), "{said}");
    assert!(
        !said.contains("Location") && !said.contains("panicked"),
        "{said}"
    );
    let copies: Vec<_> = walk(runtime.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    assert_eq!(copies.len(), 1, "{said}");
    assert!(said.contains(copies[0].to_str().unwrap()), "{said}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&copies[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(!portfolio_text(data.path()).contains("disque plein"));

    // The next start, with room again, offers it back.
    tmux.start(
        "u",
        &format!(
            "exec env {env} {BIN} --data-dir {} open {ID}",
            data.path().display()
        ),
    );
    tmux.wait_for("u", "copie de secours");
    tmux.keys("u", &["o"]);
    tmux.wait_for("u", "Copie de secours reprise");
    tmux.keys("u", &["q"]);
    tmux.wait_exit("u");
    let text = portfolio_text(data.path());
    assert!(text.contains("Preuve tapée sur un disque plein."), "{text}");
    assert!(text.contains("Contexte détaillé"), "{text}");
    assert!(!copies[0].exists(), "taken back, removed");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
