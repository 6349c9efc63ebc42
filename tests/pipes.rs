//! `livret … | head`: when the reader of a command's output goes away, the
//! command ends quietly (no panic, no backtrace, nothing on stderr), as
//! `cat` or `grep` would.

#[path = "../benches/support/fixture.rs"]
mod fixture;

use std::io::Read;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_livret");

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Far more output than a pipe holds (64 KB): the writes meet the closed pipe.
    let certification = fixture::certification(2_000, 1);
    let portfolio = fixture::portfolio(&certification, 2_000, 1);
    fixture::write_data_dir(dir.path(), Some(&certification), &[portfolio], fixture::ID).unwrap();
    for args in [
        vec!["show", fixture::ID],
        vec!["show", fixture::ID, "--json"],
        vec!["search", "strategie", "--referentiel", fixture::ID],
        vec!["search", "e", "--all", "--json"],
        vec!["log", fixture::ID],
        vec!["export-referentiel", fixture::ID],
    ] {
        let mut child = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.path())
            .args(&args)
            .env("LIVRET_CONFIG", dir.path().join("absent.ron"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `head -c 100`: a little, then the pipe closes.
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.is_empty(),
            "livret {args:?} said on stderr: {stderr}"
        );
        assert!(out.status.success(), "livret {args:?}: {:?}", out.status);
    }
}
