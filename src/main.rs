use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};

use livret::export::{ExportContext, Format, Options};
use livret::store::{Catalog, DataDir, load_catalog, load_state, save_portfolio};
use livret::{cli, demo, tui};

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
    /// Ouvre l’interface sur une certification (livret list pour les identifiants).
    Open {
        /// Identifiant de la certification.
        id: String,
    },
    /// Ouvre l’interface sur un exemple de candidat, dans un dossier jetable.
    Demo,
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
    /// Exporte le dossier en Markdown ou en page HTML imprimable.
    Export {
        /// Identifiant de la certification (livret list).
        id: String,
        /// Format du document.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Fichier à écrire (son dossier doit exister). Par défaut, la sortie standard.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Ne détaille que les critères prêts.
        #[arg(long)]
        only_ready: bool,
        /// Sans les commentaires des tuteurs.
        #[arg(long)]
        no_comments: bool,
        /// N’exporte que ce bloc (option répétable) ; par défaut, tous les blocs visés.
        #[arg(long = "bloc", value_name = "ID")]
        blocs: Vec<String>,
    },
    /// Cherche dans les référentiels et vos notes (même classement que « / »).
    Search {
        /// Les mots à chercher (accents et majuscules indifférents).
        query: String,
        /// Ne chercher que dans cette certification.
        #[arg(long, value_name = "ID")]
        referentiel: Option<String>,
        /// Nombre maximal de résultats.
        #[arg(long, default_value_t = 20)]
        limit: usize,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Markdown (CommonMark).
    Md,
    /// Une page HTML autonome, imprimable.
    Html,
}

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let args = Args::parse();
    let data = DataDir::resolve(args.data_dir)
        .ok_or_else(|| eyre!("aucun dossier de données : précisez --data-dir DIR"))?;
    let Some(command) = args.command else {
        // No subcommand: the last certification used, or the picker.
        let catalog = load_catalog(&data);
        let last = load_state(&data).last_referentiel;
        let open = last.and_then(|id| {
            catalog
                .entries
                .iter()
                .position(|e| e.certification.id == id)
        });
        return interface(&data, &catalog, open);
    };
    match command {
        Command::Open { id } => {
            let catalog = load_catalog(&data);
            match catalog
                .entries
                .iter()
                .position(|e| e.certification.id == id)
            {
                Some(index) => interface(&data, &catalog, Some(index)),
                None => {
                    eprintln!("livret: {}", cli::unknown_certification(&id, &catalog));
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Demo => {
            let dir = tempfile::tempdir()?;
            let data = DataDir::new(dir.path());
            save_portfolio(&data, &demo::portfolio(jiff::Timestamp::now()))?;
            let catalog = load_catalog(&data);
            let open = catalog
                .entries
                .iter()
                .position(|e| e.certification.id == demo::REFERENTIEL);
            interface(&data, &catalog, open)
        }
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
        Command::Export {
            id,
            format,
            output,
            only_ready,
            no_comments,
            blocs,
        } => {
            let format = match format {
                FormatArg::Md => Format::Markdown,
                FormatArg::Html => Format::Html,
            };
            let options = Options {
                only_ready,
                no_comments,
                blocs,
            };
            let written = cli::export(&data, &id, format, &options, &ExportContext::now())
                .and_then(|text| match &output {
                    Some(path) => cli::write_output(path, &text),
                    None => {
                        print!("{text}");
                        Ok(())
                    }
                });
            match written {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(problem) => {
                    eprintln!("livret: {problem}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Search {
            query,
            referentiel,
            limit,
            json,
        } => match cli::search(&data, &query, referentiel.as_deref(), limit, json) {
            Ok((results, warnings)) => {
                for warning in warnings {
                    eprintln!("livret: {warning}");
                }
                print!("{results}");
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

/// Runs the TUI; broken user référentiels are reported first, on the terminal.
fn interface(data: &DataDir, catalog: &Catalog, open: Option<usize>) -> Result<ExitCode> {
    for error in &catalog.errors {
        eprintln!("livret: fichier ignoré : {error}");
    }
    tui::run(data, tui::load_docs(catalog, data), open)?;
    Ok(ExitCode::SUCCESS)
}
