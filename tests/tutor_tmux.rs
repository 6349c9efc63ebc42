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
    tmux.wait("tuteur", "Commentaire — C1.1.CR1", Duration::from_secs(5));
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

/// A file's bytes, hashed: who wrote it is seen by whether it changed.
fn checksum(path: &std::path::Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(path).unwrap_or_default().hash(&mut hasher);
    hasher.finish()
}

#[test]
fn a_review_request_goes_to_the_tutor_s_queue_and_comes_back_returned() {
    if !tmux::available() {
        return;
    }
    let cohort = tempfile::tempdir().unwrap();
    let alice = cohort.path().join("alice");
    std::fs::create_dir_all(cohort.path().join("bruno/portfolios")).unwrap();
    std::fs::write(
        cohort.path().join(format!("bruno/portfolios/{ID}.ron")),
        format!("(format_version: 4, referentiel: \"{ID}\")\n"),
    )
    .unwrap();
    let tmux = Tmux::new();

    // The candidate asks for a review of a critère, with a word.
    tmux.livret("candidat", &alice, &format!("open {ID}"));
    tmux.wait("candidat", "Référentiel", Duration::from_secs(10));
    tmux.keys("candidat", &["l", "l", "l", "l", "R"]);
    tmux.wait(
        "candidat",
        "Demande de relecture — C1.1.CR1",
        Duration::from_secs(5),
    );
    tmux.type_text("candidat", "Relisez mon analyse");
    tmux.keys("candidat", &["C-s"]);
    tmux.wait(
        "candidat",
        "Relecture demandée : C1.1.CR1.",
        Duration::from_secs(5),
    );
    sleep(Duration::from_millis(900));
    let portfolio = alice.join(format!("portfolios/{ID}.ron"));
    let written = checksum(&portfolio);
    assert!(
        std::fs::read_to_string(&portfolio)
            .unwrap()
            .contains("Relisez mon analyse")
    );

    // The tutor sees it in the queue and opens it.
    tmux.livret(
        "tuteur",
        cohort.path(),
        &format!("tutor {} --as marie", cohort.path().display()),
    );
    tmux.wait(
        "tuteur",
        "1 demande de relecture (d)",
        Duration::from_secs(10),
    );
    tmux.keys("tuteur", &["d"]);
    tmux.wait("tuteur", "Relisez mon analyse", Duration::from_secs(5));
    tmux.keys("tuteur", &["Enter"]);
    tmux.wait("tuteur", "Relecture de C1.1.CR1", Duration::from_secs(10));
    // « en relecture » reaches the candidate.
    tmux.wait("candidat", "en relecture par marie", Duration::from_secs(5));
    tmux.keys("tuteur", &["v", "v"]);
    tmux.wait("tuteur", "C1.1.CR1 : validé.", Duration::from_secs(5));
    // Returned, seen live by the candidate without a key pressed.
    let (screen, took) = tmux.wait("candidat", "rendue par marie", Duration::from_secs(5));
    // And says what arrived, without moving the cursor.
    assert!(screen.contains("avis de marie"), "{screen}");
    assert!(screen.contains("Critère C1.1.CR1"), "{screen}");
    eprintln!("« rendue » visible chez le candidat après {took:?}");
    sleep(Duration::from_millis(900));
    assert_eq!(
        checksum(&portfolio),
        written,
        "the tutor never wrote the portfolio"
    );

    // The tutor comments; the candidate reads it live and replies; the
    // tutor sees the reply arrive.
    tmux.keys("tuteur", &["c"]);
    tmux.wait("tuteur", "Commentaire — C1.1.CR1", Duration::from_secs(5));
    tmux.type_text("tuteur", "Ajoutez les chiffres");
    tmux.keys("tuteur", &["C-s"]);
    tmux.wait("candidat", "Ajoutez les chiffres", Duration::from_secs(5));
    sleep(Duration::from_millis(900));
    let review = alice.join(format!("reviews/marie/{ID}.ron"));
    let reviewed = checksum(&review);
    tmux.keys("candidat", &["c"]);
    tmux.wait(
        "candidat",
        "Réponse au tuteur — C1.1.CR1",
        Duration::from_secs(5),
    );
    tmux.type_text("candidat", "Chiffres ajoutés");
    tmux.keys("candidat", &["C-s"]);
    tmux.wait("candidat", "Réponse envoyée", Duration::from_secs(5));
    let (screen, _) = tmux.wait(
        "tuteur",
        "nouvelle réponse du candidat",
        Duration::from_secs(5),
    );
    assert!(screen.contains("Chiffres ajoutés"), "{screen}");
    sleep(Duration::from_millis(900));
    assert_eq!(
        checksum(&review),
        reviewed,
        "the candidate never wrote the review"
    );

    // Each file written by its owner only, to the end.
    let written = checksum(&portfolio);
    tmux.keys("tuteur", &["q"]);
    sleep(Duration::from_millis(800));
    assert_eq!(
        checksum(&portfolio),
        written,
        "the tutor never wrote the portfolio"
    );
    let reviewed = checksum(&review);
    tmux.keys("candidat", &["q"]);
    sleep(Duration::from_millis(800));
    assert_eq!(
        checksum(&review),
        reviewed,
        "the candidate never wrote the review"
    );
    let text = std::fs::read_to_string(&review).unwrap();
    assert!(
        text.contains("opened:") && text.contains("history:"),
        "{text}"
    );
}
