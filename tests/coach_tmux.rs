//! The coach in the real binary, in tmux at 80×24: a note written with the
//! frame, its words counted in the editor and the « rédaction » gauge, a
//! jury date set on the dashboard and the pace read there; back after days
//! away, « Que faire maintenant ? » first.

mod common;

use common::tmux::{self, Tmux};

const ID: &str = "rncp23675-responsable-commerce-international";

#[test]
fn a_note_written_with_the_frame_moves_the_gauge_and_the_date_gives_a_pace() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("c", data.path(), &format!("open {ID}"));
    tmux.wait_for("c", "rédaction 0/3\u{a0}000");
    tmux.keys("c", &["l", "l", "l", "l"]);
    tmux.wait_for("c", "Critère C1.1.CR1");
    tmux.keys("c", &["a"]);
    tmux.wait_for("c", "Pour vous aider (Ctrl-T les insère comme trame)");
    tmux.keys("c", &["C-t"]);
    tmux.wait_for("c", "▸ Ce que j’en ai appris");
    tmux.type_text("c", "Export au Brésil");
    tmux.keys("c", &["Down", "Down", "Down"]);
    tmux.type_text("c", "En 2023, j’ai ouvert trois pays avec 12 clients.");
    // Title and text, the headings left out: 3 + 10 words.
    tmux.wait_for("c", "13/300 mots");
    tmux.keys("c", &["C-s"]);
    tmux.wait_for("c", "Note ajoutée.");
    let screen = tmux.wait_for("c", "rédaction 13/3\u{a0}000");
    assert!(screen.contains("Rédaction : 13/300 mots (4 %)"), "{screen}");
    tmux.keys("c", &["p"]);
    tmux.wait_for("c", "Aucune date : d pour donner");
    tmux.keys("c", &["d"]);
    tmux.wait_for("c", "Date où le dossier est attendu");
    let due = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(70))
        .unwrap();
    tmux.type_text("c", &due.to_string());
    tmux.keys("c", &["Enter"]);
    let screen = tmux.wait_for("c", "— dans 70 jours");
    // 34 × 300 words less 13, over ten weeks.
    assert!(screen.contains("Nécessaire : 1\u{a0}019 mots"), "{screen}");
    assert!(
        screen.contains("Votre rythme : 13 mots par semaine"),
        "{screen}"
    );
    assert!(screen.contains("⚠ Fini vers le"), "{screen}");
    tmux.keys("c", &["q"]);
    tmux.wait_exit("c");
    let saved = std::fs::read_to_string(data.path().join(format!("portfolios/{ID}.ron"))).unwrap();
    assert!(saved.contains(&format!("due: \"{due}\"")), "{saved}");
    assert!(
        saved.contains("▸ La situation : où, quand, pour qui ?"),
        "{saved}"
    );
}

#[test]
fn back_after_days_away_the_next_steps_come_first_and_enter_goes_there() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let old = jiff::Timestamp::now()
        .checked_sub(jiff::Span::new().hours(24 * 9))
        .unwrap();
    std::fs::create_dir_all(data.path().join("portfolios")).unwrap();
    std::fs::write(
        data.path().join(format!("portfolios/{ID}.ron")),
        format!(
            "(format_version: 5, referentiel: \"{ID}\", criteres: {{ \"C1.2.CR3\": \
             (status: InProgress, notes: [(text: \"Cibles\", created: \"{old}\", updated: \"{old}\")]) }})\n"
        ),
    )
    .unwrap();
    // The default config: the greeting is on, and so is the question of
    // the name, which a portfolio of format 5 does not have: asked first.
    let config = data.path().join("config.ron");
    std::fs::write(&config, "()\n").unwrap();
    let tmux = Tmux::new();
    tmux.start(
        "w",
        &format!(
            "LIVRET_CONFIG={} exec {} --data-dir {} open {ID}",
            config.display(),
            tmux::BIN,
            data.path().display()
        ),
    );
    tmux.wait_for("w", "Votre nom");
    tmux.keys("w", &["Escape"]);
    // The greeting was under the question: its first step shows once it goes.
    let screen = tmux.wait_for("w", "▶ C1.2.CR3");
    assert!(screen.contains("Bon retour ! 9 jours"), "{screen}");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "Critère C1.2.CR3");
    tmux.keys("w", &["q"]);
    tmux.wait_exit("w");
}
