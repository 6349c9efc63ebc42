//! End to end: a candidate and a tutor on the same data directory, each in
//! a real terminal; the tutor comments, the candidate sees it live.

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::tmux::{self, Tmux};

const ID: &str = "rncp23675-responsable-commerce-international";

#[test]
fn the_tutors_comment_reaches_the_candidates_screen_within_two_seconds() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();

    // The candidate writes a note and marks the critère prêt.
    tmux.livret("candidat", data.path(), &format!("open {ID}"));
    tmux.wait("candidat", "Référentiel", Duration::from_secs(10));
    tmux.keys("candidat", &["l", "l", "l", "l", "a"]);
    tmux.wait("candidat", "Nouvelle note", Duration::from_secs(5));
    tmux.type_text("candidat", "Analyse de la zone Maghreb");
    tmux.keys("candidat", &["C-s"]);
    tmux.wait("candidat", "Note ajoutée.", Duration::from_secs(5));
    tmux.keys("candidat", &["s"]);
    tmux.wait("candidat", "Statut : prêt.", Duration::from_secs(5));
    // Away from the critère, so the comment arrives unread.
    tmux.keys("candidat", &["g"]);
    sleep(Duration::from_millis(800));

    // The tutor opens the same directory: one candidate, straight to it.
    tmux.livret(
        "tuteur",
        data.path(),
        &format!("tutor {} --as marie", data.path().display()),
    );
    tmux.wait("tuteur", "LECTURE SEULE", Duration::from_secs(10));
    tmux.keys("tuteur", &["f"]);
    tmux.wait("tuteur", "Filtre", Duration::from_secs(5));
    tmux.keys("tuteur", &["j", "j", "c"]);
    tmux.wait("tuteur", "critère C1.1.CR1", Duration::from_secs(5));
    tmux.type_text("tuteur", "Ajoutez le chiffre d'affaires");
    tmux.keys("tuteur", &["C-s"]);
    tmux.wait("tuteur", "Commentaire ajouté.", Duration::from_secs(5));
    tmux.keys("tuteur", &["v", "v"]);
    tmux.wait("tuteur", "validé", Duration::from_secs(5));

    // The candidate's screen shows it without a key pressed.
    let (_, took) = tmux.wait("candidat", "1 validé", Duration::from_secs(2));
    eprintln!("avis visible chez le candidat après {took:?}");
    tmux.keys("candidat", &["l", "l", "l", "l"]);
    let (screen, _) = tmux.wait("candidat", "Ajoutez le chiffre", Duration::from_secs(5));
    assert!(screen.contains("marie : ✔ validé"), "{screen}");

    // The tutor never wrote the portfolio; the candidate never wrote a review.
    tmux.keys("tuteur", &["q"]);
    tmux.keys("candidat", &["q"]);
    sleep(Duration::from_millis(500));
    let review = data.path().join(format!("reviews/marie/{ID}.ron"));
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
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("un", data.path(), &format!("open {ID}"));
    tmux.wait("un", "Référentiel", Duration::from_secs(10));
    tmux.livret("deux", data.path(), &format!("open {ID}"));
    let (screen, _) = tmux.wait("deux", "LECTURE SEULE", Duration::from_secs(10));
    assert!(
        screen.contains("ouvert ailleurs par le candidat"),
        "{screen}"
    );
}
