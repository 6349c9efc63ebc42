//! End to end: what the real binary writes to a real terminal (tmux), escape
//! codes included: NO_COLOR gives none, a 16-colour terminal gets the 16
//! colours, a truecolor one the theme's own.
//!
//! Skipped with a notice when tmux is missing, unless LIVRET_REQUIRE_TMUX is set.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_livret");
const RNCP: &str = "rncp23675-responsable-commerce-international";

struct Tmux {
    socket: String,
}

impl Tmux {
    /// Runs livret at 80×24 with exactly these terminal variables.
    fn start(dir: &Path, env: &[(&str, &str)], args: &str) -> Tmux {
        static SESSIONS: AtomicUsize = AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let tmux = Tmux {
            socket: format!("livret-theme-{}-{n}", std::process::id()),
        };
        let vars: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let command = format!(
            "env -u NO_COLOR -u COLORTERM LIVRET_CONFIG={}/config.ron {} {BIN} --data-dir {}/data {args}",
            dir.display(),
            vars.join(" "),
            dir.display()
        );
        let output = tmux.command(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "80",
            "-y",
            "24",
            &command,
        ]);
        assert!(output.status.success(), "tmux could not start");
        tmux
    }

    fn command(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The screen with its escape codes, once it shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let out = self
                .command(&["capture-pane", "-p", "-e", "-t", "t"])
                .stdout;
            let screen = String::from_utf8_lossy(&out).into_owned();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "« {text} » never appeared:\n{screen}"
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

/// The parameters of every SGR sequence (`ESC [ … m`) on the screen.
fn sgr(screen: &str) -> Vec<Vec<u16>> {
    screen
        .split("\x1b[")
        .skip(1)
        .filter_map(|rest| rest.split_once('m'))
        .filter(|(params, _)| params.chars().all(|c| c.is_ascii_digit() || c == ';'))
        .map(|(params, _)| params.split(';').filter_map(|p| p.parse().ok()).collect())
        .collect()
}

/// Whether a sequence sets a foreground or background colour (39 and 49,
/// back to the terminal's own, do not).
fn sets_colour(params: &[u16]) -> bool {
    params
        .iter()
        .any(|&p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

#[test]
fn no_color_writes_no_colour_code() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("NO_COLOR", "1"),
        ("COLORTERM", "truecolor"),
        ("TERM", "xterm-256color"),
    ];
    let tmux = Tmux::start(dir.path(), &env, &format!("open {RNCP}"));
    let screen = tmux.wait_for("Référentiel");
    let codes = sgr(&screen);
    assert!(codes.iter().any(|p| p.contains(&1)), "bold is still used");
    let coloured: Vec<_> = codes.iter().filter(|p| sets_colour(p)).collect();
    assert!(
        coloured.is_empty(),
        "colour codes under NO_COLOR: {coloured:?}"
    );
}

#[test]
fn colours_follow_what_the_terminal_can_show() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let args = format!("--theme light open {RNCP}");

    let tmux = Tmux::start(dir.path(), &[("COLORTERM", "truecolor")], &args);
    let screen = tmux.wait_for("Référentiel");
    // The light theme's title, #0000af, as is.
    assert!(screen.contains("\x1b[1m\x1b[38;2;0;0;175m"), "{screen:?}");
    drop(tmux);

    let tmux = Tmux::start(dir.path(), &[("TERM", "xterm")], &args);
    let screen = tmux.wait_for("Référentiel");
    assert!(sgr(&screen).iter().any(|p| sets_colour(p)), "{screen:?}");
    for params in sgr(&screen) {
        assert!(
            !params.windows(2).any(|w| w == [38, 2] || w == [48, 2]),
            "RGB on a 16-colour terminal: {params:?}"
        );
        if let Some(i) = params
            .windows(3)
            .find(|w| w[1] == 5 && (w[0] == 38 || w[0] == 48))
        {
            assert!(i[2] < 16, "colour {} on a 16-colour terminal", i[2]);
        }
    }
}
