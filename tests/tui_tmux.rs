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
        let command = format!("{BIN} --data-dir {} {args}", data.display());
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
    let screen = tmux.wait_for("Étude de la zone Maghreb — œuvre");
    assert!(screen.contains("Critère C1.1.CR1"), "{screen}");
    assert!(screen.contains("Ventes par pays"), "{screen}");
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
