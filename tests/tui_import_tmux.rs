//! End to end: importing a certification from the picker, in the real
//! binary at 80×24 in tmux, then working on it.
//!
//! Skipped with a notice when tmux is missing (unless LIVRET_REQUIRE_TMUX is
//! set) or when `../shared/data` is (unless LIVRET_REQUIRE_SHARED=1).

mod common;

use common::tmux::{self, Tmux};

/// The first gauge line of the main screen: the one of the first bloc (the
/// header's figures have no bar).
fn first_gauge(screen: &str) -> String {
    screen
        .lines()
        .find(|line| line.contains(" prêts · ") && line.contains(['█', '▓', '▒', '░']))
        .unwrap_or_else(|| panic!("no gauge on screen:\n{screen}"))
        .trim()
        .to_string()
}

#[test]
fn a_fiche_imported_from_the_picker_opens_and_takes_notes() {
    if !tmux::available() {
        return;
    }
    let Some(export) = common::shared_data("rncp/export-fiches-rncp-dev.xml") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("t", data.path(), "");
    tmux.wait_for("t", "Importer une certification…");
    tmux.keys("t", &["I"]);
    tmux.wait_for("t", "Tab complète");
    tmux.type_text("t", &export.display().to_string());
    tmux.keys("t", &["Enter"]);
    tmux.wait_for("t", "Filtre :");
    tmux.type_text("t", "concepteur");
    let list = tmux.wait_for("t", "Concepteur développeur d'applications");
    assert!(list.contains("RNCP36490"), "{list}");
    tmux.keys("t", &["Enter"]);
    let opened = tmux.wait_for("t", "RNCP36490 importée");
    assert!(opened.contains("Référentiel"), "{opened}");
    let before = first_gauge(&opened);
    assert!(before.contains(" 0/"), "{before}");

    // The first bloc, its first compétence, down to its first unit of
    // evidence (its first critère, or itself when the fiche gives none): a
    // note, then « prêt ».
    tmux.keys("t", &["l", "l"]);
    let competence = tmux.wait_for("t", "Compétence ");
    if competence.contains("Critères d’évaluation") {
        tmux.keys("t", &["l", "l"]);
        tmux.wait_for("t", "Critère ");
    }
    tmux.keys("t", &["a"]);
    tmux.wait_for("t", "Nouvelle note");
    tmux.type_text("t", "Application de gestion des stocks — 2023");
    tmux.keys("t", &["C-s"]);
    let noted = tmux.wait_for("t", "Note ajoutée.");
    tmux.keys("t", &["s"]);
    let ready = tmux.wait_for("t", "Statut : prêt");
    let after = first_gauge(&ready);
    assert_ne!(before, after, "the gauge moved:\n{noted}\n{ready}");
    assert!(after.contains(" 1/"), "{after}");
    assert!(after.contains('▓'), "one unit prêt on the bar: {after}");
    tmux.keys("t", &["q"]);
    tmux.wait_exit("t");

    assert!(data.path().join("referentiels/rncp36490.ron").is_file());
    let portfolio = std::fs::read_to_string(data.path().join("portfolios/rncp36490.ron")).unwrap();
    assert!(
        portfolio.contains("Application de gestion des stocks — 2023"),
        "{portfolio}"
    );
}
