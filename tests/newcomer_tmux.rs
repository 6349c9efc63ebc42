//! What a newcomer trips over (issue 21), in the real binary in tmux: a
//! broken référentiel file shows in the picker with where and why; at
//! first start, their name is asked (for their tutors), their folder's offered.

mod common;

use common::RNCP;
use common::tmux::{self, Tmux};

#[test]
fn a_broken_referentiel_shows_in_the_picker_and_is_never_opened() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("referentiels");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("casse.ron"),
        "(\n    format_version: 2,\n    id: \"casse\",\n    titre: \"Faute de frappe\",\n)\n",
    )
    .unwrap();
    let tmux = Tmux::new();
    tmux.livret("p", data.path(), "");
    let screen = tmux.wait_for("p", "Fichiers illisibles, ignorés (1)");
    assert!(screen.contains("casse.ron:4:5"), "{screen}");
    assert!(screen.contains("Importer une certification"), "{screen}");
    tmux.keys("p", &["q"]);
    tmux.wait_exit("p");
}

#[test]
fn at_first_start_the_name_is_asked_and_the_cohort_shows_it() {
    if !tmux::available() {
        return;
    }
    let cohort = tempfile::tempdir().unwrap();
    let alice = cohort.path().join("alice");
    std::fs::create_dir(&alice).unwrap();
    // The default config: the name is asked.
    let config = cohort.path().join("config.ron");
    std::fs::write(&config, "()\n").unwrap();
    let tmux = Tmux::new();
    tmux.start(
        "n",
        &format!(
            "LIVRET_CONFIG={} exec {} --data-dir {} open {RNCP}",
            config.display(),
            tmux::BIN,
            alice.display()
        ),
    );
    let screen = tmux.wait_for("n", "Votre nom");
    assert!(
        screen.contains("› alice"),
        "the folder's name is offered: {screen}"
    );
    tmux.keys("n", &["BSpace"; 5]);
    tmux.type_text("n", "Alice Moreau");
    tmux.keys("n", &["Enter"]);
    tmux.wait_for("n", "« Alice Moreau »");
    tmux.keys("n", &["q"]);
    tmux.wait_exit("n");
    let output = std::process::Command::new(tmux::BIN)
        .args(["tutor", "--json", "--as", "marie"])
        .arg(cohort.path())
        .env_remove("LIVRET_DATA_DIR")
        .env("LIVRET_CONFIG", &config)
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows[0]["candidate"], "Alice Moreau", "{rows}");
    assert_eq!(rows[0]["folder"], "alice");
}
