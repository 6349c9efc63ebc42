//! A tutor's cohort at scale: one data directory per candidate under one
//! folder (the layout `livret tutor DIR` reads), each a portfolio of N notes
//! on the largest bundled référentiel, named, with the tutor's review.
//!
//! Needs `mod fixture;` beside it (`#[path = "support/fixture.rs"]`).
#![allow(dead_code)] // each user takes only part of it

use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use livret::portfolio::{Portfolio, Status};
use livret::referentiel::Certification;
use livret::review::Review;
use livret::store::{DataDir, load_catalog, save_review};

use super::fixture;

/// The tutor whose reviews the cohort holds.
pub const TUTOR: &str = "marie";

const FIRST: [&str; 10] = [
    "Amandine", "Bruno", "Chloé", "Driss", "Élodie", "Fatou", "Gaëtan", "Hélène", "Issa", "Jeanne",
];
const LAST: [&str; 10] = [
    "Martin", "Nguyen", "Benali", "Lefèvre", "Diallo", "Moreau", "Garcia", "Rousseau", "Traoré",
    "Fontaine",
];

/// The folder of candidate `i` under the cohort folder.
pub fn folder(i: usize) -> String {
    format!("candidat-{i:03}")
}

/// The name in candidate `i`'s portfolio.
pub fn name(i: usize) -> String {
    format!("{} {} {i:03}", FIRST[i % 10], LAST[(i / 10) % 10])
}

/// The largest bundled certification (the one candidates work on).
pub fn certification() -> Certification {
    let empty = tempfile::tempdir().expect("a temp dir");
    load_catalog(&DataDir::new(empty.path()))
        .entries
        .into_iter()
        .map(|e| e.certification)
        .max_by_key(|c| c.criteres().count())
        .expect("bundled référentiels")
}

/// Candidate `i`'s portfolio: `notes` notes; candidate 0 has every critère
/// it touched prêt, so it waits most for the tutor and heads the cohort
/// screen (sorted by what waits first).
pub fn portfolio(certification: &Certification, i: usize, notes: usize) -> Portfolio {
    let mut portfolio = fixture::portfolio(certification, notes, 1_000 + i as u64);
    portfolio.set_name(Some(&name(i)));
    if i == 0 {
        for work in portfolio.criteres.values_mut() {
            std::sync::Arc::make_mut(work).status = Status::Ready;
        }
    }
    portfolio
}

/// The tutor's review of `portfolio`: a verdict on one prêt critère in
/// four, a comment on one in eight (candidate 0's left unjudged).
fn review(portfolio: &Portfolio, i: usize) -> Review {
    let mut review = Review::new(&portfolio.referentiel, TUTOR);
    let when: Timestamp = "2025-12-01T09:00:00Z".parse().expect("a date");
    if i == 0 {
        return review;
    }
    let ready = portfolio
        .criteres
        .iter()
        .filter(|(_, w)| w.status == Status::Ready)
        .map(|(id, _)| id);
    for (n, id) in ready.enumerate() {
        if n % 4 == 0 {
            review.cycle_verdict(id, when);
        }
        if n % 8 == 0 {
            review.add_comment(id, "Précisez le contexte et chiffrez le résultat.", when);
        }
    }
    review
}

/// Writes `candidates` candidates of `notes` notes under `dir`; returns
/// their data directories.
pub fn write(dir: &Path, candidates: usize, notes: usize) -> io::Result<Vec<PathBuf>> {
    let certification = certification();
    (0..candidates)
        .map(|i| {
            let path = dir.join(folder(i));
            let portfolio = portfolio(&certification, i, notes);
            fixture::write_data_dir(
                &path,
                None,
                std::slice::from_ref(&portfolio),
                &certification.id,
            )?;
            save_review(&DataDir::new(&path), &review(&portfolio, i))?;
            Ok(path)
        })
        .collect()
}
