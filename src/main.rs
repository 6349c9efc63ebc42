use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use color_eyre::eyre::{Result, eyre};

use livret::cli;
use livret::store::{DataDir, load_catalog};

/// livret — préparez votre dossier de VAE critère par critère.
#[derive(Debug, Parser)]
#[command(name = "livret", version, about)]
struct Args {
    /// Dossier de données (portfolios, référentiels ajoutés). Par défaut, le
    /// dossier de données de l’utilisateur.
    #[arg(long, global = true, env = "LIVRET_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Liste les certifications disponibles, avec leurs nombres de blocs,
    /// compétences et critères.
    List {
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Progression par bloc d’une certification : critères prêts et en cours.
    Status {
        /// Identifiant de la certification (livret list). Par défaut, la
        /// dernière ouverte.
        id: Option<String>,
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Vérifie un fichier de référentiel (.ron) et dit ce qui ne va pas, et où.
    Check {
        /// Le fichier à vérifier.
        file: PathBuf,
    },
}

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let args = Args::parse();
    let data = DataDir::resolve(args.data_dir)
        .ok_or_else(|| eyre!("aucun dossier de données : précisez --data-dir DIR"))?;
    match args.command.unwrap_or(Command::List { json: false }) {
        Command::List { json } => {
            let catalog = load_catalog(&data);
            for error in &catalog.errors {
                eprintln!("livret: fichier ignoré : {error}");
            }
            print!("{}", cli::list(&catalog, json));
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { id, json } => match cli::status(&data, id.as_deref(), json) {
            Ok(report) => {
                print!("{report}");
                Ok(ExitCode::SUCCESS)
            }
            Err(problem) => {
                eprintln!("livret: {problem}");
                Ok(ExitCode::FAILURE)
            }
        },
        Command::Check { file } => match cli::check(&file) {
            Ok(summary) => {
                println!("{summary}");
                Ok(ExitCode::SUCCESS)
            }
            Err(problems) => {
                eprintln!("{problems}");
                Ok(ExitCode::FAILURE)
            }
        },
    }
}
