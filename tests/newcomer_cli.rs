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

#[test]
fn a_demo_cohort_is_written_for_a_tutor_to_try_and_never_over_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = dir.path().join("cohorte");
    let output = livret(dir.path())
        .args(["demo", "--cohort"])
        .arg(&cohort)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("livret tutor {}", cohort.display())),
        "{stdout}"
    );
    let output = livret(dir.path())
        .args(["tutor"])
        .arg(&cohort)
        .args(["--as", "marie", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = json.to_string();
    for name in ["awa", "bruno", "chloe"] {
        assert!(text.contains(&format!("\"{name}\"")), "{name} in {text}");
    }
    // A second time: the folder is not empty, nothing is written.
    let output = livret(dir.path())
        .args(["demo", "--cohort"])
        .arg(&cohort)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("n’est pas vide"));
}

#[test]
fn clap_speaks_french_in_help_usage_and_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| livret(dir.path()).args(args).output().unwrap();
    for args in [
        &["--help"][..],
        &["-h"],
        &["export", "--help"],
        &["help", "export"],
    ] {
        let output = run(args);
        assert!(output.status.success(), "{args:?}");
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(help.contains("Utilisation : livret"), "{args:?}: {help}");
        assert!(help.contains("Affiche l’aide"), "{args:?}: {help}");
        for english in ["Usage", "Print help", "Possible values", "[default", "[env"] {
            assert!(!help.contains(english), "{args:?}: « {english} » in {help}");
        }
    }
    let help = String::from_utf8_lossy(&run(&["--help"]).stdout).into_owned();
    assert!(help.contains("Commandes:"), "{help}");
    // A mistake: one French line, the way to the help, exit code 2.
    for (args, said) in [
        (
            &["opne"][..],
            "commande inconnue « opne » ; vouliez-vous dire « open » ?",
        ),
        (&["status", "--jsn"], "option inconnue « --jsn »"),
        (
            &["export", "X", "--format", "doc"],
            "valeur « doc » refusée",
        ),
        (&["open"], "il manque <ID>"),
        (&["help", "nope"], "commande inconnue « nope »"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("livret : "), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
    }
}

#[test]
fn theme_is_an_option_of_the_commands_that_draw_only() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| livret(dir.path()).args(args).output().unwrap();
    for args in [
        &["--theme", "mono", "status"][..],
        &["status", "--theme", "mono"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    assert!(run(&["themes", "--theme", "mono"]).status.success());
    assert!(run(&["--theme", "mono", "themes"]).status.success());
    let help = String::from_utf8_lossy(&run(&["status", "--help"]).stdout).into_owned();
    assert!(!help.contains("--theme"), "{help}");
    let help = String::from_utf8_lossy(&run(&["open", "--help"]).stdout).into_owned();
    assert!(help.contains("--theme"), "{help}");
}

#[test]
fn status_lists_the_work_kept_hors_referentiel() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("portfolios")).unwrap();
    std::fs::write(
        dir.path().join(format!("portfolios/{ID}.ron")),
        format!(
            "(format_version: 1, referentiel: \"{ID}\", criteres: {{ \"C9.9.CR9\": (status: \
             InProgress, notes: [(text: \"Gardée\", created: \"2026-01-05T10:00:00Z\", \
             updated: \"2026-01-05T10:00:00Z\")]) }})"
        ),
    )
    .unwrap();
    let output = livret(dir.path()).args(["status", ID]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Hors référentiel (1 élément)"), "{text}");
    assert!(text.contains("  C9.9.CR9  1 note, en cours"), "{text}");
    let output = livret(dir.path())
        .args(["status", ID, "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["orphans"],
        serde_json::json!([{"id": "C9.9.CR9", "notes": 1, "status": "InProgress"}])
    );
}
