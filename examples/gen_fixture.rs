//! Writes a synthetic data dir for measuring livret at scale:
//!
//!     cargo run --release --example gen_fixture -- --criteria 10000 --notes 10000 --out DIR
//!     cargo run --release -- --data-dir DIR
//!
//! The référentiel goes to `DIR/referentiels/`, the portfolio to
//! `DIR/portfolios/`, and `DIR/state.ron` makes livret open it at once.
//! Deterministic: the same arguments (and `--seed`) give the same files.

#[path = "../benches/support/fixture.rs"]
mod fixture;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Génère un dossier de données synthétique (référentiel + portfolio) pour les mesures.
#[derive(Debug, Parser)]
struct Args {
    /// Nombre de critères du référentiel (8 blocs, au moins un critère par bloc).
    #[arg(long, default_value_t = 10_000)]
    criteria: usize,
    /// Nombre de notes du portfolio (200 à 2 000 caractères chacune).
    #[arg(long, default_value_t = 10_000)]
    notes: usize,
    /// Graine du générateur.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Dossier de données à écrire (créé au besoin).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.criteria < fixture::BLOCS {
        eprintln!(
            "gen_fixture: --criteria doit valoir au moins {}",
            fixture::BLOCS
        );
        return ExitCode::FAILURE;
    }
    let certification = fixture::certification(args.criteria, args.seed);
    // What livret will read must be valid: check it the way livret does.
    let text = livret::referentiel::to_ron(&certification);
    if let Err(error) = livret::referentiel::parse(&text, Some(fixture::ID)) {
        eprintln!("gen_fixture: référentiel généré invalide :\n{error}");
        return ExitCode::FAILURE;
    }
    let portfolio = fixture::portfolio(&certification, args.notes, args.seed);
    let written = fixture::write_data_dir(
        &args.out,
        Some(&certification),
        std::slice::from_ref(&portfolio),
        fixture::ID,
    );
    if let Err(error) = written {
        eprintln!("gen_fixture: {}: {error}", args.out.display());
        return ExitCode::FAILURE;
    }
    let data = livret::store::DataDir::new(&args.out);
    let size = |path: PathBuf| std::fs::metadata(path).map_or(0, |m| m.len());
    println!(
        "{}: {} critères, {} notes ({:.1} Mo de notes, portfolio {:.1} Mo, référentiel {:.1} Mo)",
        args.out.display(),
        certification.criteres().count(),
        portfolio.note_count(),
        portfolio
            .criteres
            .values()
            .flat_map(|w| &w.notes)
            .map(|n| n.text.len())
            .sum::<usize>() as f64
            / 1e6,
        size(data.portfolio(fixture::ID)) as f64 / 1e6,
        size(data.referentiels().join(format!("{}.ron", fixture::ID))) as f64 / 1e6,
    );
    println!("ouvrir : livret --data-dir {}", args.out.display());
    ExitCode::SUCCESS
}
