use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};

use livret::cli::output::{self, Kind};
use livret::export::{ExportContext, Format, Options};
use livret::store::config::ConfigEnv;
use livret::store::{Catalog, DataDir, load_catalog, load_state, save_portfolio};
use livret::tui::keymap::KeyOverrides;
use livret::tui::settings::{Environment, UserFiles};
use livret::{cli, demo, tui};

/// livret — préparez votre dossier de VAE critère par critère.
#[derive(Debug, Parser)]
#[command(name = "livret", version, about)]
struct Args {
    /// Dossier de données (portfolios, référentiels ajoutés). Par défaut, le
    /// dossier de données de l’utilisateur.
    #[arg(long, global = true, env = "LIVRET_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Thème de l’interface (livret themes pour la liste). Par défaut, celui
    /// de config.ron, sinon « mono » si NO_COLOR est défini, sinon « default ».
    #[arg(long, global = true, value_name = "NAME")]
    theme: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum CohortCommand {
    /// Crée (ou remet en ordre) le dossier de la cohorte : à vous, au groupe
    /// des tuteurs, mode 0751.
    Init {
        dir: PathBuf,
        /// Le groupe Unix des tuteurs (les candidats n’en sont pas).
        #[arg(long, value_name = "GROUPE")]
        group: String,
    },
    /// Ajoute un candidat (son compte Unix) : son dossier, à lui, lisible par
    /// les tuteurs, et reviews/ où chaque tuteur écrit ses avis.
    Add {
        dir: PathBuf,
        /// Le compte Unix du candidat.
        name: String,
    },
    /// Signale tout fichier ou dossier dont le propriétaire, le groupe ou le
    /// mode s’écarte de ce que la cohorte attend.
    Check { dir: PathBuf },
    /// (Lancé par `cohort add`, comme le candidat.)
    #[command(hide = true)]
    Adopt { dir: PathBuf, gid: u32 },
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ouvre l’interface sur une certification (livret list pour les identifiants).
    Open {
        /// Identifiant de la certification.
        id: String,
    },
    /// Ouvre l’interface sur un exemple de candidat, dans un dossier jetable.
    Demo {
        /// Écrit plutôt trois candidats d’exemple dans DIR, pour un tuteur.
        #[arg(long, value_name = "DIR")]
        cohort: Option<PathBuf>,
    },
    /// Liste les certifications disponibles, avec leurs nombres de blocs,
    /// compétences et critères.
    List {
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Affiche toute la fiche d’une certification : blocs, compétences,
    /// critères, modalités d’évaluation, jury, sections, source.
    Show {
        /// Identifiant de la certification (livret list).
        id: String,
        /// Sortie JSON, pour les scripts (format stable, voir le README).
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
    /// Liste les sauvegardes d’un portfolio, ou en restaure une.
    #[command(arg_required_else_help = true)]
    Restore {
        /// Identifiant de la certification.
        id: String,
        /// Numéro dans la liste (1 = la plus récente) ou chemin d’un fichier
        /// de portfolio (sauvegarde, fichier « recovered »).
        #[arg(required_unless_present = "list")]
        which: Option<String>,
        /// Lister les sauvegardes avec leur date et leur nombre de notes.
        #[arg(long, conflicts_with = "which")]
        list: bool,
    },
    /// Demande une relecture à vos tuteurs (un critère, une compétence, un
    /// bloc ; sans NŒUD : tout le dossier), ou retire la demande en cours.
    Request {
        /// Identifiant de la certification.
        id: String,
        /// Le critère, la compétence, l’évaluation ou le bloc.
        node: Option<String>,
        /// Un mot pour le tuteur.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        message: String,
        /// Retirer la demande en cours sur ce nœud.
        #[arg(long, conflicts_with = "message")]
        withdraw: bool,
    },
    /// La date où le dossier est attendu (jury, dépôt) : la donne, la
    /// retire ou l’affiche ; le rythme nécessaire en découle (status).
    Due {
        /// Identifiant de la certification.
        id: String,
        /// La date, AAAA-MM-JJ ou JJ/MM/AAAA ; sans date : l’affiche.
        #[arg(conflicts_with = "clear")]
        date: Option<String>,
        /// Retirer la date.
        #[arg(long)]
        clear: bool,
    },
    /// L’historique d’un dossier, des deux côtés : notes, statuts,
    /// demandes de relecture, avis, commentaires.
    Log {
        /// Identifiant de la certification.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Liste les thèmes : intégrés et les vôtres (<config>/themes/*.ron).
    Themes,
    /// Mode tuteur : les candidats d’un dossier, leurs critères à relire,
    /// vos avis et commentaires.
    Tutor {
        /// Le dossier de données d’un candidat, ou un dossier de cohorte qui
        /// contient ceux de plusieurs candidats.
        dir: PathBuf,
        /// Votre nom de tuteur, dans un dossier à vous seul (par défaut : name
        /// dans config.ron, sinon votre compte). Dans un dossier partagé, vos
        /// avis sont signés de votre compte Unix : un autre nom est refusé.
        #[arg(long = "as", value_name = "NOM")]
        name: Option<String>,
        /// Vue d’ensemble de la cohorte en JSON, sans l’interface.
        #[arg(long)]
        json: bool,
    },
    /// Met en place une cohorte sur un serveur de formation (pour
    /// l’administrateur) : voir la section « Sécurité » du README.
    #[command(subcommand)]
    Cohort(CohortCommand),
    /// Partage votre dossier de données avec un groupe de tuteurs, sans
    /// administrateur (une cohorte, `livret cohort`, protège mieux les avis).
    Share {
        /// Le groupe Unix des tuteurs.
        #[arg(long, value_name = "NOM")]
        group: String,
    },
    /// Importe une certification du RNCP depuis l’export open data de France
    /// compétences (le XML, les CSV, ou leur zip) : sans --fiche, liste les
    /// fiches du fichier.
    Import {
        /// L’export : export-fiches-rncp-….xml, le zip qui le contient, le CSV
        /// des blocs de compétences ou le zip des CSV.
        file: PathBuf,
        /// Numéro de la fiche à importer (RNCP35340 ou 35340) ; répétable.
        #[arg(long, value_name = "NUMÉRO")]
        fiche: Vec<String>,
        /// Liste les fiches du fichier, filtrées par des mots du numéro ou de
        /// l’intitulé (accents et majuscules indifférents).
        #[arg(long, value_name = "MOTS", num_args = 0..=1, default_missing_value = "", conflicts_with = "fiche")]
        list: Option<String>,
        /// Remplace un référentiel déjà importé (l’ancien est sauvegardé, les
        /// notes sont gardées).
        #[arg(long)]
        update: bool,
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

/// An error ends in one French line and a hint; `RUST_BACKTRACE=1` gives
/// the whole report, with where it came from.
fn main() -> ExitCode {
    let detailed = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    match run() {
        Ok(code) => code,
        Err(report) if detailed => {
            eprintln!("{report:?}");
            ExitCode::FAILURE
        }
        Err(report) => {
            output::complain(&output::failure_line(&report));
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    color_eyre::install()?;
    // Past `ulimit -f`, a write fails with an error (handled: the work is
    // kept, see the saver) instead of the signal killing livret mid-save.
    signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    )?;
    let args = Args::parse();
    let data = DataDir::resolve(args.data_dir)
        .ok_or_else(|| eyre!("aucun dossier de données : précisez --data-dir DIR"))?;
    let theme = args.theme.as_deref();
    let Some(command) = args.command else {
        // No subcommand: the last certification used, or the picker.
        let catalog = load_catalog(&data);
        let last = load_state(&data).last_referentiel;
        let open = last.and_then(|id| position(&catalog, &id));
        return interface(&data, &catalog, open, theme);
    };
    match command {
        Command::Open { id } => {
            let catalog = load_catalog(&data);
            match position(&catalog, &id) {
                Some(index) => interface(&data, &catalog, Some(index), theme),
                None => {
                    output::complain(&cli::unknown_certification(&id, &catalog));
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Demo { cohort: Some(dir) } => {
            Ok(print_or_fail(cli::demo_cohort(&dir), Kind::Text))
        }
        Command::Demo { cohort: None } => {
            let dir = tempfile::tempdir()?;
            let data = DataDir::new(dir.path());
            save_portfolio(&data, &demo::portfolio(jiff::Timestamp::now()))?;
            let catalog = load_catalog(&data);
            let open = position(&catalog, demo::REFERENTIEL);
            interface(&data, &catalog, open, theme)
        }
        Command::List { json } => {
            let catalog = load_catalog(&data);
            for error in &catalog.errors {
                output::complain(&format!("fichier ignoré : {error}"));
            }
            output::print(&cli::list(&catalog, json, today()), Kind::of(json));
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let catalog = load_catalog(&data);
            let bold = std::io::IsTerminal::is_terminal(&std::io::stdout());
            // The fiche drops the data's control characters itself, and
            // marks titles with the terminal's bold.
            let kind = if json { Kind::Json } else { Kind::Styled };
            Ok(print_or_fail(
                cli::show(&catalog, &id, json, bold, today()),
                kind,
            ))
        }
        Command::Status { id, json } => Ok(print_or_fail(
            cli::status(
                &data,
                id.as_deref(),
                json,
                &cli::user::coaching::<KeyOverrides>(today()),
            ),
            Kind::of(json),
        )),
        Command::Due { id, date, clear } => Ok(print_or_fail(
            cli::due(&data, &id, date.as_deref(), clear, today()),
            Kind::Text,
        )),
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
            let context = ExportContext {
                candidate: cli::user::candidate_name::<KeyOverrides>(),
                ..ExportContext::now()
            };
            let written =
                cli::export(&data, &id, format, &options, &context).and_then(
                    |text| match &output {
                        Some(path) => cli::write_output(path, &text),
                        None => {
                            output::print(&text, Kind::Text);
                            Ok(())
                        }
                    },
                );
            match written {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(problem) => {
                    output::complain(&problem.to_string());
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
                    output::complain(&warning.to_string());
                }
                output::print(&results, Kind::of(json));
                Ok(ExitCode::SUCCESS)
            }
            Err(problem) => {
                output::complain(&problem.to_string());
                Ok(ExitCode::FAILURE)
            }
        },
        Command::Restore { id, which, list } => {
            let result = match which {
                Some(which) if !list => cli::restore(&data, &id, &which),
                _ => cli::restore_list(&data, &id, &jiff::tz::TimeZone::system()),
            };
            Ok(print_or_fail(result, Kind::Text))
        }
        Command::Request {
            id,
            node,
            message,
            withdraw,
        } => Ok(print_or_fail(
            cli::request(&data, &id, node.as_deref(), &message, withdraw),
            Kind::Text,
        )),
        Command::Log { id, json } => Ok(print_or_fail(
            cli::log(&data, &id, json, &jiff::tz::TimeZone::system()),
            Kind::of(json),
        )),
        Command::Themes => {
            let files = UserFiles::load(&ConfigEnv::from_env());
            let env = Environment::from_env();
            match tui::Settings::resolve(files.clone(), theme, &env) {
                Ok(settings) => {
                    for problem in &settings.problems {
                        output::complain(&problem.to_string());
                    }
                    output::print(&cli::themes(&files, &settings.theme.name), Kind::Text);
                    Ok(ExitCode::SUCCESS)
                }
                Err(problem) => {
                    output::complain(&problem.to_string());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Tutor { dir, name, json } => {
            if !dir.is_dir() {
                output::complain(&format!(
                    "{} n’est pas un dossier ; donnez le dossier de données d’un \
                     candidat ou celui d’une cohorte",
                    dir.display()
                ));
                return Ok(ExitCode::FAILURE);
            }
            let configured = cli::user::candidate_name::<KeyOverrides>();
            let name =
                match livret::store::tutor_identity(&dir, name.as_deref(), configured.as_deref()) {
                    Ok(name) => name,
                    Err(problem) => {
                        output::complain(&problem);
                        return Ok(ExitCode::FAILURE);
                    }
                };
            if json {
                output::print(&cli::cohort_json(&dir, &name), Kind::Json);
                return Ok(ExitCode::SUCCESS);
            }
            let files = UserFiles::load(&ConfigEnv::from_env());
            let settings = match tui::Settings::resolve(files, theme, &Environment::from_env()) {
                Ok(settings) => settings,
                Err(problem) => {
                    output::complain(&problem.to_string());
                    return Ok(ExitCode::FAILURE);
                }
            };
            tui::run_tutor(&dir, &name, settings)
        }
        Command::Cohort(command) => Ok(cohort(command)),
        Command::Share { group } => Ok(print_or_fail(
            livret::store::share(data.root(), &group),
            Kind::Text,
        )),
        Command::Import {
            file,
            fiche,
            list,
            update: _,
            json,
        } if fiche.is_empty() => {
            // Printed as the export is read: a register is tens of thousands of fiches.
            let query = list.as_deref().unwrap_or("");
            let mut out = output::Safe::new(std::io::stdout().lock(), Kind::of(json));
            match cli::import::list(&mut out, &file, query, json) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(problem) => {
                    drop(out);
                    output::complain(&problem.to_string());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Import {
            file,
            fiche,
            update,
            json,
            ..
        } => Ok(print_or_fail(
            cli::import::import(&data, &file, &fiche, update, json),
            Kind::of(json),
        )),
        Command::Check { file } => match cli::check(&file) {
            Ok(summary) => {
                output::print(&format!("{summary}\n"), Kind::Text);
                Ok(ExitCode::SUCCESS)
            }
            Err(problems) => {
                eprintln!("{}", livret::text::terminal_safe(&problems));
                Ok(ExitCode::FAILURE)
            }
        },
    }
}

/// Runs the TUI; broken user référentiels are reported first, on the terminal.
fn interface(
    data: &DataDir,
    catalog: &Catalog,
    open: Option<usize>,
    theme: Option<&str>,
) -> Result<ExitCode> {
    let files = UserFiles::load(&ConfigEnv::from_env());
    let settings = match tui::Settings::resolve(files, theme, &Environment::from_env()) {
        Ok(settings) => settings,
        Err(problem) => {
            output::complain(&problem.to_string());
            return Ok(ExitCode::FAILURE);
        }
    };
    for error in &catalog.errors {
        output::complain(&format!("fichier ignoré : {error}"));
    }
    for problem in &settings.problems {
        output::complain(&problem.to_string());
    }
    // What a write killed half-way (power cut, kill -9) left behind.
    let dirs = data.write_dirs();
    livret::store::remove_stale_temps(dirs.iter().map(|d| d.as_path()));
    let unreadable = catalog.errors.iter().map(|e| e.to_string()).collect();
    tui::run(
        data,
        (tui::load_docs(catalog, data), unreadable),
        open,
        settings,
    )
}

/// Where the certification `id` is in the catalog.
fn position(catalog: &Catalog, id: &str) -> Option<usize> {
    catalog
        .entries
        .iter()
        .position(|e| e.certification.id == id)
}

/// Today in the system's time zone: registrations that ended before it are
/// announced as expired.
fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// A command's text on stdout and success, or its problem on stderr and
/// failure.
fn cohort(command: CohortCommand) -> ExitCode {
    use livret::store::cohort_setup;
    match command {
        CohortCommand::Init { dir, group } => {
            print_or_fail(cohort_setup::init(&dir, &group), Kind::Text)
        }
        CohortCommand::Add { dir, name } => {
            print_or_fail(cohort_setup::add(&dir, &name), Kind::Text)
        }
        CohortCommand::Adopt { dir, gid } => {
            print_or_fail(cohort_setup::adopt(&dir, gid), Kind::Text)
        }
        CohortCommand::Check { dir } => match cohort_setup::check(&dir) {
            Ok(problems) if problems.is_empty() => {
                output::print(
                    &format!("{} : tout est conforme.\n", dir.display()),
                    Kind::Text,
                );
                ExitCode::SUCCESS
            }
            Ok(problems) => {
                let mut text = problems.join("\n");
                text.push_str(&format!("\n{} écart(s).\n", problems.len()));
                output::print(&text, Kind::Text);
                ExitCode::FAILURE
            }
            Err(problem) => {
                output::complain(&problem);
                ExitCode::FAILURE
            }
        },
    }
}

fn print_or_fail(result: Result<String, String>, kind: Kind) -> ExitCode {
    match result {
        Ok(text) => {
            output::print(&text, kind);
            ExitCode::SUCCESS
        }
        Err(problem) => {
            output::complain(&problem);
            ExitCode::FAILURE
        }
    }
}
