//! Real keys made by `ssh-keygen` in a temporary folder. Without
//! `ssh-keygen` a test says SKIPPED, and fails when `LIVRET_REQUIRE_SSH=1`.

use super::*;
use crate::review::Review;
use crate::store::{load_reviews, review_path, save_review};
use std::cell::Cell;
use std::time::Instant;

/// Whether `ssh-keygen` is here to test with.
fn have_ssh_keygen() -> bool {
    let found = Command::new("ssh-keygen")
        .arg("-?")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        assert!(
            std::env::var("LIVRET_REQUIRE_SSH").map_or(true, |v| v != "1"),
            "ssh-keygen is required here (LIVRET_REQUIRE_SSH=1) but not installed"
        );
        eprintln!("SKIPPED: ssh-keygen absent; set LIVRET_REQUIRE_SSH=1 to make this fail");
    }
    found
}

/// A new ed25519 key `name` in `dir`, with `passphrase` (empty: none).
fn new_key(dir: &Path, name: &str, passphrase: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-C", name, "-N", passphrase, "-f"])
        .arg(&path)
        .stdin(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    path
}

/// An allowed_signers file at `path`: each principal with its key.
fn allow(path: &Path, signers: &[(&str, &Path)]) {
    let lines: String = signers
        .iter()
        .map(|(principal, key)| {
            let public = fs::read_to_string(format!("{}.pub", key.display())).unwrap();
            format!("{principal} namespaces=\"{NAMESPACE}\" {public}")
        })
        .collect();
    fs::write(path, lines).unwrap();
}

/// A folder with marie's key, a file she signed and the centre's list.
struct Signed {
    dir: tempfile::TempDir,
    file: PathBuf,
    signers: PathBuf,
}

fn signed_by_marie() -> Signed {
    let dir = tempfile::tempdir().unwrap();
    let key = new_key(dir.path(), "marie", "");
    let file = dir.path().join("rncp1.ron");
    fs::write(&file, "(avis: \"validé\")\n").unwrap();
    sign(&file, &key).unwrap();
    let signers = dir.path().join("allowed_signers");
    allow(&signers, &[("marie", &key)]);
    Signed { dir, file, signers }
}

#[test]
fn a_signed_file_verifies_for_its_signer_only() {
    if !have_ssh_keygen() {
        return;
    }
    let s = signed_by_marie();
    assert!(signature_path(&s.file).is_file());
    let verified = verify(&s.file, &s.signers, "marie");
    assert_eq!(verified, Verification::Verified);
    assert!(verified.is_verified());
    assert_eq!(verified.label(), "vérifié");
    // Another principal, even one listed with another key.
    let jean = new_key(s.dir.path(), "jean", "");
    allow(
        &s.signers,
        &[("marie", &s.dir.path().join("marie")), ("jean", &jean)],
    );
    let wrong = verify(&s.file, &s.signers, "jean");
    assert!(
        matches!(&wrong, Verification::Invalid(why) if why.contains("« jean »")),
        "{wrong:?}"
    );
    assert_eq!(wrong.label(), "« non vérifié »");
    // Signing again replaces the signature.
    sign(&s.file, &jean).unwrap();
    assert!(verify(&s.file, &s.signers, "jean").is_verified());
    assert!(!verify(&s.file, &s.signers, "marie").is_verified());
}

#[test]
fn a_changed_file_no_longer_verifies() {
    if !have_ssh_keygen() {
        return;
    }
    let s = signed_by_marie();
    fs::write(&s.file, "(avis: \"validé\", en_plus: 1)\n").unwrap();
    let verification = verify(&s.file, &s.signers, "marie");
    assert!(
        matches!(&verification, Verification::Invalid(why) if why.contains("signature refusée")),
        "{verification:?}"
    );
}

#[test]
fn a_signature_for_another_use_does_not_pass() {
    if !have_ssh_keygen() {
        return;
    }
    let s = signed_by_marie();
    // (ssh-keygen asks before replacing a signature.)
    fs::remove_file(signature_path(&s.file)).unwrap();
    let status = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "git", "-f"])
        .arg(s.dir.path().join("marie"))
        .arg(&s.file)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!verify(&s.file, &s.signers, "marie").is_verified());
}

#[test]
fn no_signature_or_no_list_is_said_apart() {
    if !have_ssh_keygen() {
        return;
    }
    let s = signed_by_marie();
    let absent = s.dir.path().join("absent_signers");
    assert_eq!(verify(&s.file, &absent, "marie"), Verification::NoSigners);
    assert_eq!(Verification::NoSigners.label(), "« non vérifié »");
    fs::remove_file(signature_path(&s.file)).unwrap();
    assert_eq!(verify(&s.file, &s.signers, "marie"), Verification::Unsigned);
    assert_eq!(Verification::Unsigned.label(), "« non vérifié »");
}

#[test]
fn nothing_is_verified_through_a_link() {
    if !have_ssh_keygen() {
        return;
    }
    let s = signed_by_marie();
    // The signature elsewhere, linked: refused even though it is valid.
    let elsewhere = s.dir.path().join("elsewhere.sig");
    fs::rename(signature_path(&s.file), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, signature_path(&s.file)).unwrap();
    let verification = verify(&s.file, &s.signers, "marie");
    assert!(
        matches!(&verification, Verification::Invalid(why) if why.contains("lien symbolique")),
        "{verification:?}"
    );
    // The file linked, its (valid) signature beside the link.
    fs::remove_file(signature_path(&s.file)).unwrap();
    let link = s.dir.path().join("link.ron");
    std::os::unix::fs::symlink(&s.file, &link).unwrap();
    fs::rename(&elsewhere, signature_path(&link)).unwrap();
    let verification = verify(&link, &s.signers, "marie");
    assert!(
        matches!(&verification, Verification::Invalid(why) if why.contains("lien symbolique")),
        "{verification:?}"
    );
    // Nor the list of signers.
    let list = s.dir.path().join("list");
    fs::rename(&s.signers, &list).unwrap();
    std::os::unix::fs::symlink(&list, &s.signers).unwrap();
    fs::rename(signature_path(&link), signature_path(&s.file)).unwrap();
    assert!(!verify(&s.file, &s.signers, "marie").is_verified());
    // And a link is never signed.
    let error = sign(&link, &s.dir.path().join("marie")).unwrap_err();
    assert!(error.contains("lien symbolique"), "{error}");
}

#[test]
fn a_key_with_a_passphrase_and_no_agent_fails_at_once_with_what_to_do() {
    if !have_ssh_keygen() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = new_key(dir.path(), "marie", "secret");
    let file = dir.path().join("x.ron");
    fs::write(&file, "()").unwrap();
    fs::write(signature_path(&file), "stale").unwrap();
    let keygen = Keygen {
        program: "ssh-keygen",
        agent: false,
    };
    let started = Instant::now();
    let error = sign_with(&keygen, &file, &key).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "it never waits for a passphrase"
    );
    assert!(error.contains("phrase secrète"), "{error}");
    assert!(error.contains("ssh-add"), "{error}");
    assert!(error.starts_with(&file.display().to_string()), "{error}");
    assert!(
        !signature_path(&file).exists(),
        "no stale signature is left"
    );
}

#[test]
fn a_missing_key_or_ssh_keygen_is_said_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.ron");
    fs::write(&file, "()").unwrap();
    let error = sign(&file, &dir.path().join("absente")).unwrap_err();
    assert!(error.contains("la clé SSH"), "{error}");
    assert!(error.contains("n’existe pas"), "{error}");
    let key = dir.path().join("key");
    fs::write(&key, "pas une clé").unwrap();
    let missing = Keygen {
        program: "livret-test-no-such-ssh-keygen",
        agent: true,
    };
    let error = sign_with(&missing, &file, &key).unwrap_err();
    assert!(
        error.contains("ssh-keygen est introuvable : installez openssh-client"),
        "{error}"
    );
    assert!(error.contains("x.ron"), "{error}");
    fs::write(signature_path(&file), "sig").unwrap();
    fs::write(dir.path().join("allowed_signers"), "").unwrap();
    let verification = verify_with(
        &missing,
        b"()",
        &file,
        &dir.path().join("allowed_signers"),
        "marie",
    );
    assert!(
        matches!(&verification, Verification::Invalid(why) if why.contains("introuvable")),
        "{verification:?}"
    );
}

#[test]
fn principals_are_the_tutors_file_names() {
    assert_eq!(principal("marie"), "marie");
    assert_eq!(principal("Jean Paul"), "Jean%20Paul");
    assert_eq!(principal("Élodie"), "%C3%89lodie");
    assert_eq!(
        signature_path(Path::new("reviews/marie/rncp1.ron")),
        Path::new("reviews/marie/rncp1.ron.sig")
    );
}

#[test]
fn the_cohorts_list_of_signers_wins_over_a_clones() {
    let cohort = tempfile::tempdir().unwrap();
    let alice = cohort.path().join("alice");
    fs::create_dir(&alice).unwrap();
    let data = DataDir::new(&alice);
    assert!(!is_synced(&data));
    fs::create_dir(alice.join(".git")).unwrap();
    assert!(is_synced(&data));
    assert_eq!(signers_for(&data), None);
    fs::write(alice.join("allowed_signers"), "").unwrap();
    let own = fs::canonicalize(&alice).unwrap().join("allowed_signers");
    assert_eq!(signers_for(&data), Some(own));
    fs::write(cohort.path().join("allowed_signers"), "").unwrap();
    let centre = fs::canonicalize(cohort.path())
        .unwrap()
        .join("allowed_signers");
    assert_eq!(signers_for(&data), Some(centre.clone()));
    // Whatever way the directory is named.
    assert_eq!(
        signers_for(&DataDir::new(alice.join("."))),
        Some(centre.clone())
    );
    assert_eq!(
        signers_for(&DataDir::new(alice.join("../alice"))),
        Some(centre)
    );
}

#[test]
fn the_key_is_the_configured_one_else_gits_else_the_usual_ones() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let ssh = home.join(".ssh");
    fs::create_dir(&ssh).unwrap();
    assert_eq!(choose_key(None, None, Some(home)), None);
    fs::write(ssh.join("id_rsa"), "").unwrap();
    assert_eq!(choose_key(None, None, Some(home)), Some(ssh.join("id_rsa")));
    fs::write(ssh.join("id_ed25519"), "").unwrap();
    assert_eq!(
        choose_key(None, None, Some(home)),
        Some(ssh.join("id_ed25519"))
    );
    // git's, when it names a file; a literal key is not one.
    fs::write(ssh.join("git_key"), "").unwrap();
    assert_eq!(
        choose_key(None, Some("~/.ssh/git_key"), Some(home)),
        Some(ssh.join("git_key"))
    );
    assert_eq!(
        choose_key(None, Some("key::ssh-ed25519 AAAA"), Some(home)),
        Some(ssh.join("id_ed25519"))
    );
    // The configured one, as given, `~` expanded.
    let configured = Path::new("~/cles/livret");
    assert_eq!(
        choose_key(Some(configured), Some("~/.ssh/git_key"), Some(home)),
        Some(home.join("cles/livret"))
    );
    assert_eq!(choose_key(None, None, None), None);
}

/// A synced data dir with marie's signed review and jean's unsigned one.
#[test]
fn in_a_synced_directory_only_signed_reviews_are_verified() {
    if !have_ssh_keygen() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path().join("alice"));
    let mut marie = Review::new("x", "marie");
    marie.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    save_review(&data, &marie).unwrap();
    save_review(&data, &Review::new("x", "jean")).unwrap();
    // Not synced: as before, nothing is checked.
    let (reviews, errors) = load_reviews(&data, "x");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(reviews.iter().all(Review::is_verified));
    fs::create_dir(data.root().join(".git")).unwrap();
    let (reviews, _) = load_reviews(&data, "x");
    let why = reviews[1].unverified.as_deref().unwrap();
    assert!(why.contains("allowed_signers"), "{why}");
    let key = new_key(dir.path(), "marie", "");
    sign(&review_path(&data, "x", "marie"), &key).unwrap();
    allow(&data.root().join("allowed_signers"), &[("marie", &key)]);
    let (reviews, errors) = load_reviews(&data, "x");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reviews[0].tutor, "jean");
    let why = reviews[0].unverified.as_deref().unwrap();
    assert!(why.contains("avis non signé"), "{why}");
    assert!(why.contains("jean/x.ron"), "{why}");
    assert_eq!(reviews[1].tutor, "marie");
    assert!(reviews[1].is_verified(), "{:?}", reviews[1].unverified);
    assert_eq!(reviews[1].verdict("CR1"), marie.verdict("CR1"));
    // Written again without being signed: no longer verified.
    marie.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
    save_review(&data, &marie).unwrap();
    assert!(!load_reviews(&data, "x").0[1].is_verified());
}

#[test]
fn a_verification_is_kept_for_the_same_bytes_only() {
    if !have_ssh_keygen() {
        return;
    }
    let s = signed_by_marie();
    let runs = || RUNS.with(Cell::get);
    let before = runs();
    assert!(verify(&s.file, &s.signers, "marie").is_verified());
    assert!(verify(&s.file, &s.signers, "marie").is_verified());
    assert_eq!(runs(), before + 1, "verified once, then remembered");
    // One byte differs, same size: verified again, and refused.
    let original = fs::read(&s.file).unwrap();
    fs::write(&s.file, "(aviz: \"validé\")\n").unwrap();
    assert!(!verify(&s.file, &s.signers, "marie").is_verified());
    assert_eq!(runs(), before + 2);
    // Another principal asked of the same bytes: verified again, refused.
    fs::write(&s.file, &original).unwrap();
    assert!(!verify(&s.file, &s.signers, "jean").is_verified());
    assert_eq!(runs(), before + 3);
    assert!(verify(&s.file, &s.signers, "marie").is_verified());
    assert_eq!(runs(), before + 3, "the bytes that verified, remembered");
    // The list changed: verified again.
    let mut list = fs::read_to_string(&s.signers).unwrap();
    list.push_str("# une ligne de plus\n");
    fs::write(&s.signers, &list).unwrap();
    assert!(verify(&s.file, &s.signers, "marie").is_verified());
    assert_eq!(runs(), before + 4);
    // A key valid for a time only: its answer is never kept.
    let timed = list.replacen("namespaces=", "valid-before=\"29990101\",namespaces=", 1);
    fs::write(&s.signers, timed).unwrap();
    assert!(verify(&s.file, &s.signers, "marie").is_verified());
    assert!(verify(&s.file, &s.signers, "marie").is_verified());
    assert_eq!(runs(), before + 6);
}
