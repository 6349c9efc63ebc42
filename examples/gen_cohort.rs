//! Writes a synthetic tutor's cohort for measuring `livret tutor` at scale:
//!
//!     cargo run --release --example gen_cohort -- DIR [CANDIDATES] [NOTES] [signed]
//!     livret tutor DIR --json --as marie
//!
//! 200 candidates × 300 notes by default, each on a bundled référentiel;
//! `signed`: synced folders and reviews signed by marie (needs ssh-keygen).

#[path = "../benches/support/cohort_signed.rs"]
mod cohort;
#[path = "../benches/support/fixture.rs"]
mod fixture;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage : gen_cohort DIR [CANDIDATS] [NOTES] [signed]");
        return ExitCode::FAILURE;
    };
    let mut number = |default| args.next().and_then(|a| a.parse().ok()).unwrap_or(default);
    let (candidates, notes) = (number(200), number(300));
    let signed = args.next().is_some_and(|a| a == "signed");
    let written = cohort::write_cohort(dir.as_ref(), candidates, notes).and_then(|folders| {
        if signed {
            cohort::sign_reviews(dir.as_ref(), &folders)?;
        }
        Ok(folders)
    });
    match written {
        Ok(folders) => {
            println!("{dir}: {} candidats × {notes} notes", folders.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("gen_cohort: {dir}: {error}");
            ExitCode::FAILURE
        }
    }
}
