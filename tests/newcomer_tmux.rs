//! What a newcomer trips over (issue 21), in the real binary in tmux: a
//! broken référentiel file shows in the picker with where and why.

mod common;

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
