//! A tutor's cohort at any scale, for `examples/gen_cohort.rs` (benches/scale uses `cohort.rs`, without signatures): `candidates` data directories side by
//! side, each a portfolio of `notes` notes on one of the bundled
//! référentiels (in turn), a name, open review requests on some, and a
//! review by [`TUTOR`] on every third. Deterministic, like the fixture it
//! builds on (`mod fixture` must be declared beside this module).
#![allow(dead_code)] // each user takes only part of it

use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use livret::review::Review;
use livret::store::{DataDir, load_catalog, save_portfolio, save_review};

use super::fixture;

/// The tutor whose reviews the cohort holds.
pub const TUTOR: &str = "marie";

/// Each candidate's folder under the cohort: `candidat-007`.
pub fn folder(index: usize) -> String {
    format!("candidat-{index:03}")
}

/// Writes the cohort under `dir` and returns the candidates' folders.
pub fn write_cohort(dir: &Path, candidates: usize, notes: usize) -> io::Result<Vec<PathBuf>> {
    let bundled = load_catalog(&DataDir::new(dir.join("nowhere"))).entries;
    let mut folders = Vec::with_capacity(candidates);
    for index in 0..candidates {
        let folder = dir.join(folder(index));
        let data = DataDir::new(&folder);
        let certification = &bundled[index % bundled.len()].certification;
        let seed = index as u64 + 1;
        let mut portfolio = fixture::portfolio(certification, notes, seed);
        portfolio.identity.name = Some(format!("Candidat {index}"));
        if index % 4 == 0 {
            portfolio.request_review(
                None,
                "",
                Timestamp::from_second(1_767_225_600).unwrap(),
                |_| true,
            );
        }
        save_portfolio(&data, &portfolio)?;
        if index % 3 == 0 {
            let mut review = Review::new(&certification.id, TUTOR);
            for id in portfolio.criteres.keys().step_by(2) {
                review.cycle_verdict(id, Timestamp::from_second(1_767_225_600).unwrap());
            }
            save_review(&data, &review)?;
        }
        folders.push(folder);
    }
    Ok(folders)
}

/// Makes the cohort look synced and signed, as `livret sync` leaves it: a
/// key for [`TUTOR`] (`DIR/tutor_key`), the centre's `allowed_signers`, a
/// `.git` in each candidate's folder, and every review signed.
pub fn sign_reviews(dir: &Path, folders: &[PathBuf]) -> io::Result<()> {
    let key = dir.join("tutor_key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-C", TUTOR, "-N", "", "-f"])
        .arg(&key)
        .stdin(std::process::Stdio::null())
        .status()?;
    if !made.success() {
        return Err(io::Error::other("ssh-keygen could not make a key"));
    }
    let public = std::fs::read_to_string(dir.join("tutor_key.pub"))?;
    let principal = livret::store::signing::principal(TUTOR);
    let namespace = livret::store::signing::NAMESPACE;
    std::fs::write(
        dir.join("allowed_signers"),
        format!("{principal} namespaces=\"{namespace}\" {public}"),
    )?;
    for folder in folders {
        std::fs::create_dir_all(folder.join(".git"))?;
        let reviews = folder
            .join("reviews")
            .join(livret::store::tutor_file_name(TUTOR));
        for entry in std::fs::read_dir(&reviews).into_iter().flatten().flatten() {
            livret::store::signing::sign(&entry.path(), &key).map_err(io::Error::other)?;
        }
    }
    Ok(())
}
