//! `livret sync` end to end: the real binary on two (or three) data
//! directories and a bare repository over a local path, as a candidate's
//! laptop, a second laptop and the tutor's clone at the centre.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{RNCP, livret_in, now};
use livret::portfolio::Portfolio;
use livret::review::Review;
use livret::store::{DataDir, load_portfolio, load_reviews, save_portfolio, save_review};

struct Centre {
    _dir: tempfile::TempDir,
    root: PathBuf,
    bare: PathBuf,
}

fn centre() -> Centre {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let bare = root.join("alice.git");
    let out = Command::new("git")
        .args(["init", "--quiet", "--bare", "--initial-branch=main"])
        .arg(&bare)
        .output()
        .unwrap();
    assert!(out.status.success());
    Centre {
        _dir: dir,
        root,
        bare,
    }
}

fn sync(data: &Path, args: &[&str]) -> (String, bool) {
    let mut all = vec!["sync"];
    all.extend_from_slice(args);
    let out: Output = livret_in(data, &all);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (text, out.status.success())
}

fn candidate_portfolio() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    p.add_note("C1.1.CR1", "Analyse de la zone Maghreb", now());
    p.cycle_status("C1.1.CR1", now());
    p.add_note("C1.1.CR2", "Plan d’action Maroc", now());
    p
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
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
fn the_candidate_sends_the_tutor_comments_and_the_candidate_reads_them() {
    if !common::tools::git() {
        return;
    }
    let centre = centre();
    let bare = centre.bare.to_str().unwrap();
    let laptop = centre.root.join("laptop");
    save_portfolio(&DataDir::new(&laptop), &candidate_portfolio()).unwrap();
    let (said, ok) = sync(&laptop, &["--as", "Alice Martin", "init", bare]);
    assert!(ok, "{said}");
    assert!(said.contains("envoyé 2 notes, 2 statuts, BC1"), "{said}");
    // One commit, saying what, by the candidate; owner-only repository.
    let log = git(&laptop, &["log", "--format=%an|%s"]);
    assert_eq!(log.trim(), "Alice Martin|2 notes, 2 statuts, BC1");
    let mode = fs::metadata(laptop.join(".git"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);

    // The tutor's clone at the centre.
    let clone = centre.root.join("cohorte").join("alice");
    let (said, ok) = sync(&clone, &["--as", "marie", "init", bare]);
    assert!(ok, "{said}");
    assert!(said.contains("reçu 2 notes, 2 statuts, BC1"), "{said}");
    let portfolio = clone.join("portfolios").join(format!("{RNCP}.ron"));
    let mode = fs::metadata(&portfolio).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a received file is owner-only");
    let read = load_portfolio(&DataDir::new(&clone), RNCP).unwrap();
    assert_eq!(read.criteres, candidate_portfolio().criteres);

    // The tutor reviews, syncs.
    let mut review = Review::new(RNCP, "marie");
    review.cycle_verdict("C1.1.CR1", now());
    review.add_comment("C1.1.CR1", "Ajoutez le chiffre d’affaires.", now());
    save_review(&DataDir::new(&clone), &review).unwrap();
    let (said, ok) = sync(&clone, &["--as", "marie"]);
    assert!(ok, "{said}");
    assert!(said.contains("envoyé 1 avis, 1 commentaire, BC1"), "{said}");

    // The candidate sees the comment.
    let (said, ok) = sync(&laptop, &["--as", "Alice Martin"]);
    assert!(ok, "{said}");
    assert!(said.contains("reçu 1 avis, 1 commentaire, BC1"), "{said}");
    let (reviews, problems) = load_reviews(&DataDir::new(&laptop), RNCP);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        reviews[0].comments("C1.1.CR1")[0].text,
        "Ajoutez le chiffre d’affaires."
    );
    // And again: nothing to do, said so.
    let (said, ok) = sync(&laptop, &[]);
    assert!(ok && said.contains("déjà à jour"), "{said}");
}

#[test]
fn one_note_edited_on_two_laptops_is_kept_twice_and_nothing_is_lost() {
    if !common::tools::git() {
        return;
    }
    let centre = centre();
    let bare = centre.bare.to_str().unwrap();
    let first = centre.root.join("portable");
    let second = centre.root.join("bureau");
    save_portfolio(&DataDir::new(&first), &candidate_portfolio()).unwrap();
    assert!(sync(&first, &["init", bare]).1);
    assert!(sync(&second, &["init", bare]).1);
    // Each laptop edits the same note its own way, and adds one of its own.
    for (dir, words, seconds) in [(&first, "au portable", 60), (&second, "au bureau", 120)] {
        let data = DataDir::new(dir);
        let mut p = load_portfolio(&data, RNCP).unwrap();
        let later = now() + jiff::SignedDuration::from_secs(seconds);
        let note = &mut p.work_mut("C1.1.CR1").unwrap().notes[0];
        note.text = format!("Analyse de la zone Maghreb, reprise {words}").into();
        note.updated = later;
        p.add_note("C1.2.CR1", &format!("Nouvelle note {words}"), later);
        save_portfolio(&data, &p).unwrap();
    }
    assert!(sync(&first, &[]).1);
    let (said, ok) = sync(&second, &[]);
    assert!(ok, "{said}");
    assert!(said.contains("2 notes en conflit"), "{said}");
    // The first gets the merge back: both have every word.
    assert!(sync(&first, &[]).1);
    for dir in [&first, &second] {
        let text = fs::read_to_string(dir.join("portfolios").join(format!("{RNCP}.ron"))).unwrap();
        for words in [
            "reprise au portable",
            "reprise au bureau",
            "Nouvelle note au portable",
            "Nouvelle note au bureau",
            "Plan d’action Maroc",
        ] {
            assert!(text.contains(words), "{words} in {}", dir.display());
        }
        assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"));
        let p = load_portfolio(&DataDir::new(dir), RNCP).unwrap();
        assert_eq!(livret::sync::conflicts(&p), 2);
    }
}

#[test]
fn a_note_edited_on_one_laptop_while_the_other_wrote_elsewhere_is_not_kept_twice() {
    if !common::tools::git() {
        return;
    }
    let centre = centre();
    let bare = centre.bare.to_str().unwrap();
    let first = centre.root.join("portable");
    let second = centre.root.join("bureau");
    save_portfolio(&DataDir::new(&first), &candidate_portfolio()).unwrap();
    assert!(sync(&first, &["init", bare]).1);
    assert!(sync(&second, &["init", bare]).1);
    let later = now() + jiff::SignedDuration::from_secs(60);
    // The first edits a note; the second writes a new one elsewhere.
    let data = DataDir::new(&first);
    let mut p = load_portfolio(&data, RNCP).unwrap();
    let note = &mut p.work_mut("C1.1.CR1").unwrap().notes[0];
    note.text = "Analyse de la zone Maghreb, chiffrée".into();
    note.updated = later;
    save_portfolio(&data, &p).unwrap();
    let data = DataDir::new(&second);
    let mut p = load_portfolio(&data, RNCP).unwrap();
    p.add_note("C2.1.CR1", "Négociation avec Atlas", later);
    save_portfolio(&data, &p).unwrap();
    assert!(sync(&first, &[]).1);
    let (said, ok) = sync(&second, &[]);
    assert!(ok && !said.contains("conflit"), "{said}");
    assert!(sync(&first, &[]).1);
    for dir in [&first, &second] {
        let p = load_portfolio(&DataDir::new(dir), RNCP).unwrap();
        let notes: Vec<&str> = p
            .notes("C1.1.CR1")
            .iter()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(
            notes,
            ["Analyse de la zone Maghreb, chiffrée"],
            "{}",
            dir.display()
        );
        assert_eq!(p.notes("C2.1.CR1").len(), 1);
        assert_eq!(livret::sync::conflicts(&p), 0);
    }
}

#[test]
fn an_unreachable_remote_leaves_everything_as_it_was() {
    if !common::tools::git() {
        return;
    }
    let centre = centre();
    let laptop = centre.root.join("laptop");
    let data = DataDir::new(&laptop);
    save_portfolio(&data, &candidate_portfolio()).unwrap();
    assert!(sync(&laptop, &["init", centre.bare.to_str().unwrap()]).1);
    let gone = centre.root.join("gone.git");
    fs::rename(&centre.bare, &gone).unwrap();
    let mut p = load_portfolio(&data, RNCP).unwrap();
    p.add_note("C2.1.CR1", "Écrite hors ligne", now());
    save_portfolio(&data, &p).unwrap();
    let before = fs::read(data.portfolio(RNCP)).unwrap();
    let (said, ok) = sync(&laptop, &[]);
    assert!(!ok);
    assert!(said.contains("Serveur injoignable"), "{said}");
    assert!(said.contains("reste ici"), "{said}");
    assert_eq!(fs::read(data.portfolio(RNCP)).unwrap(), before);
    // Back online, the note goes.
    fs::rename(&gone, &centre.bare).unwrap();
    let (said, ok) = sync(&laptop, &[]);
    assert!(ok, "{said}");
    assert!(
        said.contains("envoyé 1 note"),
        "what waited is said sent: {said}"
    );
    let sent = git(&centre.bare, &["log", "--format=%s", "-1"]);
    assert!(sent.contains("1 note, 1 statut, BC2"), "{sent}");
}

#[test]
fn no_git_no_repository_or_a_password_is_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["sync", "init", "/nulle/part.git"])
        .env("LIVRET_GIT", "/nulle/part/git")
        .env("LIVRET_CONFIG", dir.path().join("none.ron"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("git est introuvable"), "{said}");
    assert!(!dir.path().join(".git").exists());
    if !common::tools::git() {
        return;
    }
    let (said, ok) = sync(dir.path(), &[]);
    assert!(!ok && said.contains("livret sync init"), "{said}");
    for url in [
        "https://alice:secret@example.org/a.git",
        "https://ghp_jeton@example.org/a.git",
    ] {
        let (said, ok) = sync(dir.path(), &["init", url]);
        assert!(!ok && said.contains("mot de passe"), "{said}");
    }
    assert!(!dir.path().join(".git").exists());
}

#[test]
fn a_remote_cannot_plant_links_other_files_or_run_hooks() {
    if !common::tools::git() {
        return;
    }
    let centre = centre();
    let bare = centre.bare.to_str().unwrap();
    let laptop = centre.root.join("laptop");
    save_portfolio(&DataDir::new(&laptop), &candidate_portfolio()).unwrap();
    assert!(sync(&laptop, &["init", bare]).1);
    // Someone with access to the remote pushes a link, a script and a
    // review through a linked folder.
    let evil = centre.root.join("evil");
    git(&centre.root, &["clone", "--quiet", bare, "evil"]);
    std::os::unix::fs::symlink("/etc/passwd", evil.join("portfolios/vol.ron")).unwrap();
    fs::write(evil.join("post-merge.sh"), "touch /tmp/owned\n").unwrap();
    std::os::unix::fs::symlink("/tmp", evil.join("reviews")).unwrap();
    git(&evil, &["add", "-A"]);
    git(
        &evil,
        &[
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@x",
            "commit",
            "-qm",
            "x",
        ],
    );
    git(&evil, &["push", "--quiet", "origin", "HEAD:main"]);
    // A hook here would have run on push: it does not.
    let marker = centre.root.join("hook-ran");
    let hook = laptop.join(".git/hooks/pre-push");
    fs::write(&hook, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    let data = DataDir::new(&laptop);
    let mut p = load_portfolio(&data, RNCP).unwrap();
    p.add_note("C2.1.CR1", "Encore une", now());
    save_portfolio(&data, &p).unwrap();
    let (said, ok) = sync(&laptop, &[]);
    assert!(ok, "{said}");
    assert!(said.contains("laissé de côté"), "{said}");
    assert!(fs::symlink_metadata(laptop.join("portfolios/vol.ron")).is_err());
    assert!(!laptop.join("post-merge.sh").exists());
    assert!(fs::symlink_metadata(laptop.join("reviews")).is_err());
    assert!(!marker.exists(), "no hook runs");
}
