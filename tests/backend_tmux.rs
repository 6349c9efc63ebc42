//! End to end: graphemes that terminals may draw at another width than
//! `unicode-width` says (`❤️`, a symbol made an emoji by VS16; `👩‍💻`, two
//! emoji joined by a ZWJ; `界面`, two wide characters) in note titles of the
//! detail pane, while the selection moves across them in a real terminal
//! (tmux). The screen must then be what a fresh redraw of it gives, and every
//! row of the two panes must end on the last column: the text after such a
//! grapheme stays where the app put it, whatever width the terminal gave it.
//!
//! Skipped with a notice when tmux is missing, unless LIVRET_REQUIRE_TMUX is set.

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::RNCP;
use common::tmux::{self, Tmux};
use unicode_width::UnicodeWidthChar;

const HEART: &str = "❤\u{fe0f}";
const CODER: &str = "👩\u{200d}💻";

/// Notes with those graphemes on C1.1.CR1 and C1.1.CR3, plain ones on
/// C1.1.CR2 and none on C1.1.CR4, so that moving between them rewrites the
/// same rows with and without them.
fn portfolio() -> String {
    let note = |text: &str| {
        format!(
            "(text: {text:?}, created: \"2026-01-05T10:00:00Z\", \
             updated: \"2026-01-05T10:00:00Z\")"
        )
    };
    let cr1 = [
        note(&format!(
            "{HEART} Bénévolat {CODER} au club des exportateurs, 界面 et la suite du titre\n\
             Ventes {HEART} par pays {CODER} sur trois exercices."
        )),
        note(&format!(
            "Tableau de bord {HEART}{HEART} des ventes {CODER}{CODER} par pays"
        )),
    ];
    let cr2 = [note(
        "Étude de marché sur trois pays du Maghreb, avec les chiffres de l’export\n\
         Chiffres des douanes, entretiens avec deux importateurs.",
    )];
    let cr3 = [note(&format!(
        "{CODER} Atelier numérique {HEART} pour l’équipe export, 界面 traduite"
    ))];
    format!(
        "(format_version: 2, referentiel: {RNCP:?}, criteres: {{\
         \"C1.1.CR1\": (status: InProgress, notes: [{}]),\
         \"C1.1.CR2\": (status: InProgress, notes: [{}]),\
         \"C1.1.CR3\": (status: Ready, notes: [{}])}},\
         view: (selected: \"C1.1.CR1\", expanded: [\"BC1\", \"C1.1\"]))",
        cr1.join(", "),
        cr2.join(", "),
        cr3.join(", ")
    )
}

/// How many columns this tmux gives each grapheme: printed alone in a
/// pane, where the cursor ends.
fn widths_in(tmux: &Tmux) -> Vec<(&'static str, usize)> {
    [HEART, CODER]
        .into_iter()
        .enumerate()
        .map(|(i, grapheme)| {
            let session = format!("w{i}");
            tmux.start(
                &session,
                &format!("printf '%s' '{grapheme}'; exec sleep 60"),
            );
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let x = tmux.run(&["display-message", "-p", "-t", &session, "#{cursor_x}"]);
                let x: usize = String::from_utf8_lossy(&x.stdout).trim().parse().unwrap();
                if x > 0 {
                    return (grapheme, x);
                }
                assert!(Instant::now() < deadline, "{grapheme} never printed");
                sleep(Duration::from_millis(50));
            }
        })
        .collect()
}

/// The columns `line` takes on this terminal: the graphemes measured, and
/// every other character at its `unicode-width`.
fn columns(line: &str, widths: &[(&str, usize)]) -> usize {
    let mut rest = line;
    let mut total = 0;
    while let Some(c) = rest.chars().next() {
        if let Some((grapheme, width)) = widths.iter().find(|(g, _)| rest.starts_with(g)) {
            total += width;
            rest = &rest[grapheme.len()..];
        } else {
            total += c.width().unwrap_or(0);
            rest = &rest[c.len_utf8()..];
        }
    }
    total
}

/// The screen, once it has not changed for 400 ms.
fn settled(tmux: &Tmux, session: &str) -> String {
    let mut screen = tmux.screen(session);
    let mut since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(10);
    while since.elapsed() < Duration::from_millis(400) && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
        let now = tmux.screen(session);
        if now != screen {
            screen = now;
            since = Instant::now();
        }
    }
    screen
}

/// Every row of the panes (those that end with a frame) ends on column `width`.
fn assert_rows_end_at(screen: &str, width: usize, widths: &[(&str, usize)], what: &str) {
    for (row, line) in screen.lines().enumerate() {
        if line.ends_with(['│', '┐', '┘']) {
            assert_eq!(
                columns(line, widths),
                width,
                "{what}: row {row} does not end on column {width} \
                 (tmux widths {widths:?}):\n{line}\n\n{screen}"
            );
        }
    }
}

fn resize(tmux: &Tmux, session: &str, width: usize) {
    tmux.run(&[
        "resize-window",
        "-t",
        session,
        "-x",
        &width.to_string(),
        "-y",
        "24",
    ]);
}

#[test]
fn emoji_in_note_titles_leave_the_screen_as_a_fresh_redraw_draws_it() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    write_portfolio(data.path());
    let tmux = Tmux::new();
    let widths = widths_in(&tmux);
    eprintln!("tmux draws {widths:?} (unicode-width: 2 and 2)");

    tmux.livret("e", data.path(), &format!("open {RNCP}"));
    tmux.wait_for("e", "Bénévolat");
    // One key at a time (the detail pane follows each), across the three
    // critères and back, into the notes of C1.1.CR1 and back to the tree.
    let moves = "j j k k j j j k k k Tab j k j Tab j k j j k k";
    for key in moves.split(' ') {
        tmux.keys("e", &[key]);
        sleep(Duration::from_millis(150));
    }
    // Then held down: the detail pane catches up when the keys stop.
    tmux.keys("e", &["j", "j", "j", "k", "k", "j", "k", "k"]);
    let moved = settled(&tmux, "e");
    assert!(moved.contains("Bénévolat"), "back on C1.1.CR1:\n{moved}");

    // A resize clears the terminal and draws every cell again.
    resize(&tmux, "e", 81);
    tmux.wait_with(
        || {
            let screen = tmux.screen("e");
            let top = screen.lines().nth(1).unwrap_or_default().to_string();
            if columns(&top, &widths) == 81 {
                screen
            } else {
                String::new()
            }
        },
        "Bénévolat",
        Duration::from_secs(10),
    );
    resize(&tmux, "e", 80);
    let deadline = Instant::now() + Duration::from_secs(10);
    let fresh = loop {
        let screen = settled(&tmux, "e");
        let top = screen.lines().nth(1).unwrap_or_default().to_string();
        if columns(&top, &widths) == 80 {
            break screen;
        }
        assert!(
            Instant::now() < deadline,
            "not back to 80 columns:\n{screen}"
        );
    };

    let differ: Vec<String> = moved
        .lines()
        .zip(fresh.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(row, (a, b))| format!("row {row}, after the moves:\n{a}\nfresh redraw:\n{b}"))
        .collect();
    assert!(
        differ.is_empty() && moved == fresh,
        "the screen after the moves is not what a fresh redraw draws:\n{}\n\n\
         after the moves:\n{moved}\nfresh redraw:\n{fresh}",
        differ.join("\n")
    );
    assert_rows_end_at(&fresh, 80, &widths, "a fresh redraw");
    assert_rows_end_at(&moved, 80, &widths, "after the moves");
    tmux.keys("e", &["q"]);
    tmux.wait_exit("e");
}

fn write_portfolio(data: &Path) {
    let dir = data.join("portfolios");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{RNCP}.ron")), portfolio()).unwrap();
}
