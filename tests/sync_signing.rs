//! Reviews that travel by `livret sync` carry the tutor's SSH signature:
//! the tutor's sync signs what they wrote, the candidate's side verifies it
//! against the centre's list of allowed signers, and a review forged under
//! the tutor's name in the candidate's repository is neither signed by the
//! tutor's sync nor taken for theirs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{RNCP, now};
use livret::portfolio::Portfolio;
use livret::review::Review;
use livret::store::{DataDir, load_reviews, save_portfolio, save_review};

/// `livret sync ARGS` on `data`, with a config.ron holding `config`.
fn sync(data: &Path, config: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
        .arg("sync")
        .args(args)
        .env("LIVRET_CONFIG", config)
        .env_remove("SSH_AUTH_SOCK")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "sync {args:?}: {text}");
    text
}

fn git(args: &[&str]) {
    let out = Command::new("git").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A candidate's laptop and the tutor marie's cohort of clones, synced
/// through a bare repository; marie's key, and the centre's list naming it.
struct Setup {
    _dir: tempfile::TempDir,
    laptop: PathBuf,
    cohort: PathBuf,
    clone: PathBuf,
    /// A config.ron that does not exist (the candidate's side).
    no_config: PathBuf,
    /// A config.ron with marie's `signing_key`.
    marie_config: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let key = root.join("marie_key");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "marie", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let public = fs::read_to_string(root.join("marie_key.pub")).unwrap();
    let signers = format!("marie namespaces=\"livret-review\" {}", public.trim());
    let bare = root.join("alice.git");
    let bare_s = bare.to_str().unwrap();
    git(&["init", "--quiet", "--bare", "--initial-branch=main", bare_s]);
    let no_config = root.join("none.ron");
    let marie_config = root.join("marie.ron");
    fs::write(
        &marie_config,
        format!("(signing_key: {:?})\n", key.to_str().unwrap()),
    )
    .unwrap();

    let laptop = root.join("laptop");
    let mut portfolio = Portfolio::new(RNCP);
    portfolio.add_note("C1.1.CR1", "Analyse de la zone Maghreb", now());
    save_portfolio(&DataDir::new(&laptop), &portfolio).unwrap();
    sync(&laptop, &no_config, &["init", bare_s]);
    let cohort = root.join("cohorte");
    fs::create_dir(&cohort).unwrap();
    fs::write(cohort.join("allowed_signers"), &signers).unwrap();
    let clone = cohort.join("alice");
    sync(&clone, &marie_config, &["--as", "marie", "init", bare_s]);
    Setup {
        _dir: dir,
        laptop,
        cohort,
        clone,
        no_config,
        marie_config,
    }
}

#[test]
fn a_tutors_review_travels_signed_and_a_forgery_under_their_name_stays_out() {
    if !(common::tools::git() && common::tools::ssh_keygen()) {
        return;
    }
    let Setup {
        _dir,
        laptop,
        cohort,
        clone,
        no_config,
        marie_config,
    } = setup();

    // Marie reviews; her sync of the cohort signs it and sends it, with
    // the centre's list.
    let mut review = Review::new(RNCP, "marie");
    review.cycle_verdict("C1.1.CR1", now());
    review.cycle_verdict("C1.1.CR1", now());
    save_review(&DataDir::new(&clone), &review).unwrap();
    let said = sync(
        &cohort,
        &marie_config,
        &["--cohort", cohort.to_str().unwrap(), "--as", "marie"],
    );
    assert!(said.contains("envoyé 1 avis"), "{said}");
    let signature = clone.join(format!("reviews/marie/{RNCP}.ron.sig"));
    assert!(signature.is_file(), "signed before it travelled");

    // Alice receives it: verified with the list that came from the centre.
    let said = sync(&laptop, &no_config, &[]);
    assert!(said.contains("reçu 1 avis"), "{said}");
    assert!(laptop.join("allowed_signers").is_file());
    let (reviews, _) = load_reviews(&DataDir::new(&laptop), RNCP);
    assert_eq!(reviews.len(), 1);
    assert!(
        reviews[0].unverified.is_none(),
        "{:?}",
        reviews[0].unverified
    );

    // Alice forges a verdict in marie's name and syncs it.
    let forged = laptop.join(format!("reviews/marie/{RNCP}.ron"));
    let mut fake = review.clone();
    fake.add_comment("C1.2.CR1", "Tout est validé", now());
    fake.cycle_verdict("C1.2.CR1", now());
    fake.cycle_verdict("C1.2.CR1", now());
    save_review(&DataDir::new(&laptop), &fake).unwrap();
    assert!(
        fs::read_to_string(&forged)
            .unwrap()
            .contains("Tout est validé")
    );
    sync(&laptop, &no_config, &[]);
    let (reviews, _) = load_reviews(&DataDir::new(&laptop), RNCP);
    assert!(
        reviews[0].unverified.is_some(),
        "the forgery does not verify"
    );

    // Marie's sync leaves it out, and never signs it.
    let said = sync(
        &cohort,
        &marie_config,
        &["--cohort", cohort.to_str().unwrap(), "--as", "marie"],
    );
    assert!(said.contains("laissée de côté"), "{said}");
    let mine = fs::read_to_string(clone.join(format!("reviews/marie/{RNCP}.ron"))).unwrap();
    assert!(
        !mine.contains("Tout est validé"),
        "the forgery came in: {mine}"
    );
    let (reviews, _) = load_reviews(&DataDir::new(&clone), RNCP);
    assert!(reviews.iter().all(|r| r.comments("C1.2.CR1").is_empty()));
    // And Alice's copy is put back to what marie signed.
    sync(&laptop, &no_config, &[]);
    assert!(
        !fs::read_to_string(&forged)
            .unwrap()
            .contains("Tout est validé")
    );
    let (reviews, _) = load_reviews(&DataDir::new(&laptop), RNCP);
    assert!(
        reviews[0].unverified.is_none(),
        "{:?}",
        reviews[0].unverified
    );
}

#[test]
fn an_older_signed_review_a_review_in_the_old_layout_and_the_candidates_signers_stay_out() {
    if !(common::tools::git() && common::tools::ssh_keygen()) {
        return;
    }
    let Setup {
        _dir,
        laptop,
        cohort,
        clone,
        no_config,
        marie_config,
    } = setup();
    let cohort_sync = |config: &Path| {
        sync(
            &cohort,
            config,
            &["--cohort", cohort.to_str().unwrap(), "--as", "marie"],
        )
    };

    // Version 1, signed and sent; Alice keeps a copy of it and its signature.
    let mut review = Review::new(RNCP, "marie");
    review.cycle_verdict("C1.1.CR1", now());
    review.cycle_verdict("C1.1.CR1", now());
    save_review(&DataDir::new(&clone), &review).unwrap();
    cohort_sync(&marie_config);
    sync(&laptop, &no_config, &[]);
    let file = laptop.join(format!("reviews/marie/{RNCP}.ron"));
    let (v1, v1_sig) = (
        fs::read(&file).unwrap(),
        fs::read(laptop.join(format!("reviews/marie/{RNCP}.ron.sig"))).unwrap(),
    );
    // Version 2: a comment that matters.
    review.add_comment("C1.1.CR1", "Trois pages manquent", now());
    save_review(&DataDir::new(&clone), &review).unwrap();
    cohort_sync(&marie_config);
    sync(&laptop, &no_config, &[]);
    // Alice sends version 1 back, a review in the old layout under
    // marie's name, and a list of signers with her own key as marie's.
    fs::write(&file, &v1).unwrap();
    fs::write(
        laptop.join(format!("reviews/marie/{RNCP}.ron.sig")),
        &v1_sig,
    )
    .unwrap();
    let legacy = laptop.join(format!("reviews/{RNCP}/marie.ron"));
    fs::create_dir_all(legacy.parent().unwrap()).unwrap();
    fs::write(
        &legacy,
        format!(
            "(format_version: 2, referentiel: \"{RNCP}\", tutor: \"marie\", items: \
             {{\"C1.2.CR1\": (verdict: Some(Validated))}})\n"
        ),
    )
    .unwrap();
    fs::write(
        laptop.join("allowed_signers"),
        "marie ssh-ed25519 AAAAfaux\n",
    )
    .unwrap();
    sync(&laptop, &no_config, &[]);

    let said = cohort_sync(&marie_config);
    assert!(said.contains("plus ancienne que la vôtre"), "{said}");
    assert!(said.contains("hors de votre dossier"), "{said}");
    assert!(said.contains("allowed_signers venu du candidat"), "{said}");
    let mine = fs::read_to_string(clone.join(format!("reviews/marie/{RNCP}.ron"))).unwrap();
    assert!(
        mine.contains("Trois pages manquent"),
        "version 2 stays: {mine}"
    );
    assert!(!clone.join(format!("reviews/{RNCP}/marie.ron")).exists());
    assert!(
        !fs::read_to_string(clone.join("allowed_signers"))
            .unwrap()
            .contains("faux")
    );
}
