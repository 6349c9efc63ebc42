//! What a newcomer trips over (issue 21), on the command line: errors
//! without a terminal, `share` on a folder that is not there.

use std::process::{Command, Stdio};

const ID: &str = "rncp23675-responsable-commerce-international";

fn livret(data: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_livret"));
    command
        .arg("--data-dir")
        .arg(data)
        .env_remove("LIVRET_DATA_DIR")
        .env("LIVRET_CONFIG", data.join("absent-config.ron"));
    command
}

#[test]
fn without_a_terminal_the_interface_says_so_in_one_french_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = livret(dir.path())
        .args(["open", ID])
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("livret: l’interface a besoin d’un vrai terminal"),
        "{stderr}"
    );
    assert!(stderr.contains("livret --help"), "a hint: {stderr}");
    assert!(
        !stderr.contains("Location") && !stderr.contains("os error"),
        "{stderr}"
    );
    // The details are there for whoever asks.
    let output = livret(dir.path())
        .args(["open", ID])
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Location"), "{stderr}");
}

#[test]
fn share_refuses_a_data_dir_that_is_not_there_and_makes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("pas-la");
    let output = livret(&missing)
        .args(["share", "--group", "root"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("n’existe pas"), "{stderr}");
    assert!(stderr.contains("rien n’a été modifié"), "{stderr}");
    assert!(!missing.exists());
}
