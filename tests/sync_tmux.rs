//! End to end in a real terminal: the sync key and the status line, a
//! tutor's comment coming in through the centre's repository, and an
//! unreachable remote said plainly.

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::{self, BIN, Tmux};
use common::{RNCP, now};
use livret::portfolio::Portfolio;
use livret::review::Review;
use livret::store::{DataDir, save_portfolio, save_review};

fn sync(data: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .arg("sync")
        .args(args)
        .env("LIVRET_CONFIG", data.join("none.ron"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn s_syncs_and_the_status_line_says_when_and_whether_it_reached_the_centre() {
    if !tmux::available() || !common::tools::git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("alice.git");
    let made = Command::new("git")
        .args(["init", "--quiet", "--bare", "--initial-branch=main"])
        .arg(&bare)
        .status()
        .unwrap();
    assert!(made.success());
    let laptop = dir.path().join("laptop");
    let mut portfolio = Portfolio::new(RNCP);
    portfolio.add_note("C1.1.CR1", "Analyse de la zone Maghreb", now());
    save_portfolio(&DataDir::new(&laptop), &portfolio).unwrap();
    sync(&laptop, &["init", bare.to_str().unwrap()]);
    // The tutor's clone, a comment, sent.
    let clone = dir.path().join("tuteur");
    sync(&clone, &["--as", "marie", "init", bare.to_str().unwrap()]);
    let mut review = Review::new(RNCP, "marie");
    review.add_comment("C1.1.CR1", "Chiffrez le marché marocain", now());
    save_review(&DataDir::new(&clone), &review).unwrap();
    sync(&clone, &["--as", "marie"]);

    let tmux = Tmux::new();
    tmux.livret("candidat", &laptop, &format!("open {RNCP}"));
    // The last sync, from the command line, is on the status line.
    let screen = tmux.wait_for("candidat", "⇅ ");
    assert!(screen.lines().last().unwrap().contains("⇅ "), "{screen}");
    tmux.keys("candidat", &["S"]);
    let screen = tmux.wait_for("candidat", "reçu 1 commentaire");
    eprintln!("{screen}");
    tmux.keys("candidat", &["l", "l", "l", "l"]);
    tmux.wait_for("candidat", "Chiffrez le marché marocain");

    // A note written on a second laptop comes into the open portfolio.
    let second = dir.path().join("bureau");
    sync(&second, &["init", bare.to_str().unwrap()]);
    let data = DataDir::new(&second);
    let mut p = livret::store::load_portfolio(&data, RNCP).unwrap();
    p.add_note("C1.1.CR2", "Plan d’action Maroc, écrit au bureau", now());
    save_portfolio(&data, &p).unwrap();
    sync(&second, &[]);
    tmux.keys("candidat", &["S"]);
    let screen = tmux.wait_for("candidat", "reçu 1 note");
    // In the tree and the figures at once: C1.1.CR2 has a note, en cours.
    assert!(screen.contains("0/34 prêts · 2 en cours"), "{screen}");

    // The centre out of reach: said, nothing lost.
    std::fs::rename(&bare, dir.path().join("ailleurs.git")).unwrap();
    tmux.keys("candidat", &["S"]);
    let screen = tmux.wait_for("candidat", "hors ligne");
    assert!(screen.contains("Serveur injoignable"), "{screen}");
    eprintln!("{screen}");
    tmux.keys("candidat", &["q"]);
}

#[test]
fn without_a_remote_s_says_how_to_set_one() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::new();
    tmux.livret("candidat", dir.path(), &format!("open {RNCP}"));
    tmux.wait_for("candidat", "Référentiel");
    tmux.keys("candidat", &["S"]);
    let screen = tmux.wait_for("candidat", "livret sync init");
    assert!(!screen.contains("⇅"), "{screen}");
    tmux.keys("candidat", &["q"]);
}
