//! What the commands print reaches a tutor's terminal: a candidate's note
//! must not set the window title, write the clipboard (OSC 52) or clear
//! the screen. Text shows the control characters as visible placeholders;
//! JSON escapes them.

use std::process::{Command, Output};

use livret::portfolio::Portfolio;
use livret::store::{DataDir, save_portfolio};

const RNCP: &str = "rncp23675-responsable-commerce-international";

/// A title change, a clipboard write, a C1 clear-screen, a reset.
const PLANTED: &str = "Salon\u{1b}]0;pwned\u{7}\u{1b}]52;c;Y3VybA==\u{7} Dubaï\u{9b}2J\u{1b}c fin";

fn livret(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("LIVRET_DATA_DIR")
        .env("LIVRET_CONFIG", data.join("absent-config.ron"))
        .output()
        .expect("the binary runs")
}

fn planted() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut portfolio = Portfolio::new(RNCP);
    let now = "2026-11-23T10:00:00Z".parse().unwrap();
    portfolio.add_note("C2.1.CR5", &format!("{PLANTED}\nSuite {PLANTED}"), now);
    save_portfolio(&DataDir::new(dir.path()), &portfolio).unwrap();
    dir
}

/// No byte a terminal would obey: C0 but newline and tab, DEL, C1.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in {text}");
}

#[test]
fn search_status_and_export_print_no_control_character() {
    let data = planted();
    for args in [
        vec!["search", "dubai"],
        vec!["export", RNCP, "--format", "md"],
        vec!["export", RNCP, "--format", "html"],
        vec!["status", RNCP],
    ] {
        let output = livret(data.path(), &args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_inert(&format!("{args:?}"), &output.stdout);
        assert_inert(&format!("{args:?} (stderr)"), &output.stderr);
    }
    let text = String::from_utf8(livret(data.path(), &["search", "dubai"]).stdout).unwrap();
    assert!(
        text.contains("Salon␛]0;pwned␇"),
        "visible, not obeyed: {text}"
    );
    let export =
        String::from_utf8(livret(data.path(), &["export", RNCP, "--format", "md"]).stdout).unwrap();
    assert!(export.contains("Dubaï\u{fffd}2J␛c fin"), "{export}");
}

#[test]
fn json_keeps_the_text_escaped() {
    let data = planted();
    let output = livret(data.path(), &["search", "dubai", "--json"]);
    assert!(output.status.success());
    assert_inert("search --json", &output.stdout);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = json[0]["text"].as_str().unwrap();
    assert!(found.contains(PLANTED), "the note, exactly: {found:?}");
}

#[test]
fn a_problem_quoting_a_name_shows_its_controls() {
    let data = planted();
    let output = livret(data.path(), &["status", "absent\u{1b}]0;x\u{7}"]);
    assert!(!output.status.success());
    assert_inert("status (stderr)", &output.stderr);
}
