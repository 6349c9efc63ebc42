//! The real binary in a real terminal: tmux on a private socket, sessions
//! at 80×24, keys sent and screens read back.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_livret");

/// A config.ron with nothing but `welcome_after_days: 0` and `ask_name:
/// false`: the fixtures' notes are months old, and « Que faire maintenant ? »
/// would greet every test at start, and their portfolios have no name, which
/// would be asked (the tests of those pop-ups set their own config).
pub fn quiet_config() -> std::path::PathBuf {
    // Its name changes with its text: a checkout with another text, its
    // tests running at the same time, does not write over this one.
    let path = std::env::temp_dir().join("livret-tests-quiet-config-2.ron");
    let text = "(welcome_after_days: 0, ask_name: false)\n";
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
        // Written beside and renamed: tests running at once never see half a file.
        let part = path.with_extension(format!("ron.{}", std::process::id()));
        std::fs::write(&part, text).expect("the temp dir is writable");
        std::fs::rename(&part, &path).expect("the temp dir is writable");
    }
    path
}

/// Whether tmux is here; without it the end-to-end tests say so and skip,
/// unless LIVRET_REQUIRE_TMUX is set (CI sets it), where they fail.
pub fn available() -> bool {
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

/// A tmux server of the test's own, killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new() -> Tmux {
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let n = SERVERS.fetch_add(1, Ordering::Relaxed);
        Tmux {
            socket: format!("livret-test-{}-{n}", std::process::id()),
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("LIVRET_DATA_DIR")
            .output()
            .expect("tmux runs")
    }

    /// Starts `command` (a shell line) in a new 80×24 session.
    pub fn start(&self, session: &str, command: &str) {
        let started = self
            .run(&[
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "80",
                "-y",
                "24",
                command,
            ])
            .status
            .success();
        assert!(started, "tmux could not start {session}");
    }

    /// Starts livret itself (`exec`: signals reach it), never on the
    /// developer's own data or config: with `quiet_config`.
    pub fn livret(&self, session: &str, data: &std::path::Path, args: &str) {
        self.start(
            session,
            &format!(
                "LIVRET_CONFIG={} exec {BIN} --data-dir {} {args}",
                quiet_config().display(),
                data.display()
            ),
        );
    }

    pub fn screen(&self, session: &str) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", session]).stdout)
            .into_owned()
    }

    /// The screen with its escape codes.
    pub fn screen_escaped(&self, session: &str) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["capture-pane", "-p", "-e", "-t", session])
                .stdout,
        )
        .into_owned()
    }

    /// Waits for `text` (read with `read`); returns the screen and how long it took.
    pub fn wait_with(
        &self,
        read: impl Fn() -> String,
        text: &str,
        limit: Duration,
    ) -> (String, Duration) {
        let start = Instant::now();
        loop {
            let screen = read();
            if screen.contains(text) {
                return (screen, start.elapsed());
            }
            assert!(
                start.elapsed() < limit,
                "« {text} » not there after {limit:?}:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    pub fn wait(&self, session: &str, text: &str, limit: Duration) -> (String, Duration) {
        self.wait_with(|| self.screen(session), text, limit)
    }

    /// Waits up to 10 s for `text`; returns the screen.
    pub fn wait_for(&self, session: &str, text: &str) -> String {
        self.wait(session, text, Duration::from_secs(10)).0
    }

    pub fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend(keys);
        self.run(&args);
    }

    /// Types text literally (accents included).
    pub fn type_text(&self, session: &str, text: &str) {
        self.run(&["send-keys", "-t", session, "-l", text]);
    }

    /// The process id of the session's program.
    pub fn pid(&self, session: &str) -> u32 {
        let out = self.run(&["display-message", "-p", "-t", session, "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    /// Waits for the session's program to end.
    pub fn wait_exit(&self, session: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.run(&["has-session", "-t", session]).status.success() {
            assert!(
                Instant::now() < deadline,
                "livret did not quit:\n{}",
                self.screen(session)
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
