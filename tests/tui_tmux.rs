//! End to end: the real binary in a real terminal (tmux), as a candidate uses it.
//!
//! Skipped with a notice when tmux is missing, unless LIVRET_REQUIRE_TMUX is
//! set (CI sets it, so there the test always runs).

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_livret");

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(data: &Path, args: &str) -> Tmux {
        static SESSIONS: AtomicUsize = AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let socket = format!("livret-test-{}-{n}", std::process::id());
        let tmux = Tmux { socket };
        // `exec`: the pane's process is livret itself, so signals reach it.
        let command = format!("exec {BIN} --data-dir {} {args}", data.display());
        let status = tmux
            .command(&[
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "80",
                "-y",
                "24",
                &command,
            ])
            .status
            .success();
        assert!(status, "tmux could not start");
        tmux
    }

    fn command(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("LIVRET_DATA_DIR")
            // Never the developer's own config.ron (keys, theme).
            .env("LIVRET_CONFIG", "/nonexistent/livret-test/config.ron")
            .output()
            .expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.command(&args);
    }

    /// Types text literally (accents included).
    fn type_text(&self, text: &str) {
        self.command(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.command(&["capture-pane", "-p", "-t", "t"]).stdout)
            .into_owned()
    }

    /// Waits until the screen shows `text`; panics with the screen otherwise.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "« {text} » never appeared; screen:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// The process id of livret in the pane.
    fn pid(&self) -> u32 {
        let out = self.command(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    /// Waits for the program (and so the session) to end.
    fn wait_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.command(&["has-session", "-t", "t"]).status.success() {
            assert!(
                Instant::now() < deadline,
                "livret did not quit:\n{}",
                self.screen()
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("LIVRET_REQUIRE_TMUX").is_none(),
            "tmux is required here (LIVRET_REQUIRE_TMUX is set) but missing"
        );
        eprintln!("tmux introuvable : test de bout en bout sauté");
    }
    found
}

#[test]
fn a_note_written_in_the_terminal_is_kept_counted_and_shown_again() {
    if !tmux_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let id = "rncp23675-responsable-commerce-international";

    let tmux = Tmux::start(data.path(), &format!("open {id}"));
    tmux.wait_for("Référentiel");
    tmux.keys(&["l", "l", "l", "l"]);
    tmux.wait_for("Critère C1.1.CR1");
    tmux.keys(&["a"]);
    tmux.wait_for("Nouvelle note");
    tmux.type_text("Étude de la zone Maghreb — œuvre");
    tmux.keys(&["Enter"]);
    tmux.type_text("Ventes par pays sur trois exercices.");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Note ajoutée.");
    tmux.keys(&["q"]);
    tmux.wait_exit();
    drop(tmux);

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
    let tmux = Tmux::start(data.path(), "");
    tmux.wait_for("Étude de la zone Maghreb — œuvre");
    // A capture may catch a frame half drawn: wait for its last part too.
    let screen = tmux.wait_for("Ventes par pays");
    assert!(screen.contains("Critère C1.1.CR1"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_exit();
}

#[test]
fn the_demo_opens_on_a_sample_candidate_and_leaves_no_trace() {
    if !tmux_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(data.path(), "demo");
    let screen = tmux.wait_for("Analyse de la zone Maghreb");
    assert!(screen.contains("2/34 prêts"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_exit();
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
    let tmux = Tmux::start(data, &format!("open {ID}"));
    tmux.wait_for("Référentiel");
    tmux.keys(&["l", "l", "l", "l", "a"]);
    tmux.wait_for("Nouvelle note");
    tmux.type_text("Brouillon jamais enregistré — é");
    tmux.wait_for("jamais enregistré");
    let pid = tmux.pid();
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
    if !tmux_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (tmux, pid) = type_unsaved_note(data.path());
    // Killing the server hangs up the pane's terminal: SIGHUP, as over SSH.
    tmux.command(&["kill-server"]);
    let took = gone_within(pid, Duration::from_secs(1));
    eprintln!("sorti {took:?} après la coupure");
    assert_draft_kept(data.path());
}

#[test]
fn sigterm_saves_the_open_editor_as_a_draft() {
    if !tmux_available() {
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
    if !tmux_available() {
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
