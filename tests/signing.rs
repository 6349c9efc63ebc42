//! Signed reviews in a git-synced data directory, with the real binary: a
//! review whose signature verifies against the centre's allowed_signers
//! counts; an unsigned or altered one is shown « non vérifié » and its
//! verdicts are never exported nor counted. Keys are made by `ssh-keygen`:
//! without it the tests say SKIPPED, and fail when `LIVRET_REQUIRE_SSH=1`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::livret_in;
use livret::store::signing;
use serde_json::Value;

const EXAMPLE: &str = include_str!("valid_referentiels/exemple-minimal.ron");
const ID: &str = "exemple-minimal";
const CR: &str = "A1.C1.CR1";

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A review file of `tutor` with one verdict and one comment on [`CR`].
fn write_review(data: &Path, tutor: &str, verdict: &str, comment: &str) -> PathBuf {
    let path = data.join(format!("reviews/{tutor}/{ID}.ron"));
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        &path,
        format!(
            "(format_version: 2, referentiel: \"{ID}\", tutor: \"{tutor}\", items: {{ \
             \"{CR}\": (verdict: Some({verdict}), comments: [(text: \"{comment}\", author: \
             \"{tutor}\", created: \"2026-01-06T10:00:00Z\")]) }})\n"
        ),
    )
    .unwrap();
    path
}

/// A cohort folder holding the centre's allowed_signers (marie's key) and
/// alice's clone: a `.git`, her portfolio (one critère prêt), marie's review
/// signed, jean's not.
struct Cohort {
    dir: tempfile::TempDir,
    alice: PathBuf,
    marie: PathBuf,
}

fn cohort() -> Cohort {
    let dir = tempfile::tempdir().unwrap();
    let alice = dir.path().join("alice");
    fs::create_dir_all(alice.join(".git")).unwrap();
    fs::create_dir_all(alice.join("referentiels")).unwrap();
    fs::write(alice.join(format!("referentiels/{ID}.ron")), EXAMPLE).unwrap();
    fs::create_dir_all(alice.join("portfolios")).unwrap();
    fs::write(
        alice.join(format!("portfolios/{ID}.ron")),
        format!(
            "(format_version: 1, referentiel: \"{ID}\", criteres: {{ \"{CR}\": (status: Ready, \
             notes: [(text: \"Diagnostic\", created: \"2026-01-05T10:00:00Z\", updated: \
             \"2026-01-05T10:00:00Z\")]) }})\n"
        ),
    )
    .unwrap();
    let key = dir.path().join("marie_key");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "marie", "-f"])
        .arg(&key)
        .stdin(Stdio::null())
        .status()
        .unwrap();
    assert!(made.success());
    let public = fs::read_to_string(dir.path().join("marie_key.pub")).unwrap();
    fs::write(
        dir.path().join("allowed_signers"),
        format!("{} {public}", signing::principal("marie")),
    )
    .unwrap();
    let marie = write_review(&alice, "marie", "Validated", "Bien vu");
    signing::sign(&marie, &key).unwrap();
    write_review(&alice, "jean", "Rework", "Signé de personne");
    Cohort { dir, alice, marie }
}

fn suivi(data: &Path) -> Output {
    livret_in(
        data,
        &["export", ID, "--format", "md", "--suivi", "--with-reviews"],
    )
}

#[test]
fn only_the_signed_reviews_verdict_is_exported() {
    if !common::tools::ssh_keygen() {
        return;
    }
    let cohort = cohort();
    let output = suivi(&cohort.alice);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("- marie : ✔ validé"), "{text}");
    assert!(
        !text.contains("jean :"),
        "jean's verdict is left out: {text}"
    );
    assert!(!text.contains("à retravailler"), "{text}");
    // jean's comment is readable, marked.
    assert!(
        text.contains("- *jean « non vérifié », 06/01/2026"),
        "{text}"
    );
    assert!(text.contains("Signé de personne"), "{text}");
    assert!(text.contains("- *marie, 06/01/2026"), "{text}");
    let said = stderr(&output);
    assert!(said.contains("avis de jean « non vérifié »"), "{said}");
    assert!(said.contains("avis non signé"), "{said}");
    assert!(!said.contains("marie"), "{said}");
    // The jury's dossier has no verdict at all, as before.
    let dossier = livret_in(&cohort.alice, &["export", ID, "--format", "md"]);
    assert!(!stdout(&dossier).contains("validé"), "{}", stdout(&dossier));
}

#[test]
fn status_counts_only_the_signed_verdicts() {
    if !common::tools::ssh_keygen() {
        return;
    }
    let cohort = cohort();
    let output = livret_in(&cohort.alice, &["status", ID, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // jean's « à retravailler » would win over marie's « validé ».
    assert_eq!(report["blocs"][0]["validated"], 1);
    assert_eq!(report["blocs"][0]["rework"], 0);
}

#[test]
fn a_review_changed_after_its_signature_no_longer_counts() {
    if !common::tools::ssh_keygen() {
        return;
    }
    let cohort = cohort();
    let text = fs::read_to_string(&cohort.marie).unwrap();
    fs::write(&cohort.marie, text.replace("Bien vu", "Bien vu !")).unwrap();
    let output = suivi(&cohort.alice);
    let text = stdout(&output);
    assert!(!text.contains("✔ validé"), "{text}");
    assert!(text.contains("marie « non vérifié »"), "{text}");
    assert!(
        stderr(&output).contains("signature refusée"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn without_the_centres_list_nothing_is_verified() {
    if !common::tools::ssh_keygen() {
        return;
    }
    let cohort = cohort();
    fs::remove_file(cohort.dir.path().join("allowed_signers")).unwrap();
    let output = suivi(&cohort.alice);
    let text = stdout(&output);
    assert!(!text.contains("✔ validé"), "{text}");
    assert!(
        stderr(&output).contains("allowed_signers"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_data_dir_not_synced_is_trusted_as_before() {
    if !common::tools::ssh_keygen() {
        return;
    }
    let cohort = cohort();
    fs::remove_dir(cohort.alice.join(".git")).unwrap();
    let output = suivi(&cohort.alice);
    let text = stdout(&output);
    assert!(text.contains("- jean : ↺ à retravailler"), "{text}");
    assert!(text.contains("- marie : ✔ validé"), "{text}");
    assert!(!text.contains("non vérifié"), "{text}");
    assert_eq!(stderr(&output), "");
}
