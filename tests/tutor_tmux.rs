//! End to end: a candidate and a tutor on the same data directory, each in
//! a real terminal; the tutor comments, the candidate sees it live.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_livret");
const ID: &str = "rncp23675-responsable-commerce-international";

struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.0])
            .args(args)
            .env_remove("LIVRET_DATA_DIR")
            .env("LIVRET_CONFIG", "/nonexistent/livret-config.ron")
            .output()
            .expect("tmux runs")
    }

    fn screen(&self, pane: &str) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", pane]).stdout).into_owned()
    }

    /// Waits for `text` on the pane; returns the screen and how long it took.
    fn wait(&self, pane: &str, text: &str, limit: Duration) -> (String, Duration) {
        let start = Instant::now();
        loop {
            let screen = self.screen(pane);
            if screen.contains(text) {
                return (screen, start.elapsed());
            }
            assert!(
                start.elapsed() < limit,
                "« {text} » not in {pane} after {limit:?}:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, pane: &str, text: &str, limit: Duration) -> String {
        self.wait(pane, text, limit).0
    }

    fn keys(&self, pane: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", pane];
        args.extend(keys);
        self.run(&args);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
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

fn start(tmux: &Tmux, session: &str, data: &Path, args: &str) {
    let command = format!("exec {BIN} --data-dir {} {args}", data.display());
    let ok = tmux
        .run(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            &command,
        ])
        .status
        .success();
    assert!(ok, "tmux could not start {session}");
}

#[test]
fn the_tutors_comment_reaches_the_candidates_screen_within_two_seconds() {
    if !tmux_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux(format!("livret-tutor-{}", std::process::id()));

    // The candidate writes a note and marks the critère prêt.
    start(&tmux, "candidat", data.path(), &format!("open {ID}"));
    tmux.wait_for("candidat", "Référentiel", Duration::from_secs(10));
    tmux.keys("candidat", &["l", "l", "l", "l", "a"]);
    tmux.wait_for("candidat", "Nouvelle note", Duration::from_secs(5));
    tmux.run(&[
        "send-keys",
        "-t",
        "candidat",
        "-l",
        "Analyse de la zone Maghreb",
    ]);
    tmux.keys("candidat", &["C-s"]);
    tmux.wait_for("candidat", "Note ajoutée.", Duration::from_secs(5));
    tmux.keys("candidat", &["s"]);
    tmux.wait_for("candidat", "Statut : prêt.", Duration::from_secs(5));
    // Away from the critère, so the comment arrives unread.
    tmux.keys("candidat", &["g"]);
    sleep(Duration::from_millis(800));

    // The tutor opens the same directory: one candidate, straight to it.
    start(
        &tmux,
        "tuteur",
        data.path(),
        &format!("tutor {} --as marie", data.path().display()),
    );
    tmux.wait_for("tuteur", "LECTURE SEULE", Duration::from_secs(10));
    tmux.keys("tuteur", &["f"]);
    tmux.wait_for("tuteur", "Filtre", Duration::from_secs(5));
    tmux.keys("tuteur", &["j", "j", "c"]);
    tmux.wait_for("tuteur", "critère C1.1.CR1", Duration::from_secs(5));
    tmux.run(&[
        "send-keys",
        "-t",
        "tuteur",
        "-l",
        "Ajoutez le chiffre d'affaires",
    ]);
    tmux.keys("tuteur", &["C-s"]);
    tmux.wait_for("tuteur", "Commentaire ajouté.", Duration::from_secs(5));
    tmux.keys("tuteur", &["v", "v"]);
    tmux.wait_for("tuteur", "validé", Duration::from_secs(5));

    // The candidate's screen shows it without a key pressed.
    let (_, took) = tmux.wait("candidat", "1 validé", Duration::from_secs(2));
    eprintln!("avis visible chez le candidat après {took:?}");
    tmux.keys("candidat", &["l", "l", "l", "l"]);
    let screen = tmux.wait_for("candidat", "Ajoutez le chiffre", Duration::from_secs(5));
    assert!(screen.contains("marie : ✔ validé"), "{screen}");

    // The tutor never wrote the portfolio; the candidate never wrote a review.
    tmux.keys("tuteur", &["q"]);
    tmux.keys("candidat", &["q"]);
    sleep(Duration::from_millis(500));
    let review = data.path().join(format!("reviews/{ID}/marie.ron"));
    assert!(
        std::fs::read_to_string(review)
            .unwrap()
            .contains("chiffre d'affaires")
    );
    let portfolio =
        std::fs::read_to_string(data.path().join(format!("portfolios/{ID}.ron"))).unwrap();
    assert!(portfolio.contains("Analyse de la zone Maghreb"));
    assert!(!portfolio.contains("chiffre d'affaires"));
}

#[test]
fn a_second_candidate_instance_is_read_only_and_says_who_writes() {
    if !tmux_available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux(format!("livret-second-{}", std::process::id()));
    start(&tmux, "un", data.path(), &format!("open {ID}"));
    tmux.wait_for("un", "Référentiel", Duration::from_secs(10));
    start(&tmux, "deux", data.path(), &format!("open {ID}"));
    let screen = tmux.wait_for("deux", "LECTURE SEULE", Duration::from_secs(10));
    assert!(
        screen.contains("ouvert ailleurs par le candidat"),
        "{screen}"
    );
}
