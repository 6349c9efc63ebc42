use std::process::ExitCode;

use color_eyre::eyre::{Result, eyre};

use livret::cli::output::{self, Kind};
use livret::export::{ExportContext, Format, Options};
use livret::store::config::ConfigEnv;
use livret::store::{Catalog, DataDir, ReadAhead, load_catalog, load_state, save_portfolio};
use livret::tui::keymap::KeyOverrides;
use livret::tui::settings::{Environment, UserFiles};
use livret::{cli, demo, tui};

mod args;
use args::{CohortCommand, Command, FormatArg, SyncCommand};

/// An error ends in one French line and a hint; `RUST_BACKTRACE=1` gives
/// the whole report, with where it came from.
fn main() -> ExitCode {
    return_large_frees();
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

/// Memory freed in blocks of 128 KiB or more goes back to the system at
/// once. By default glibc raises that threshold after each large block
/// freed, up to 32 MiB, and keeps what a search's scores, a read's buffer
/// or an index's build freed: at 10,000 notes, 2 MB more resident for the
/// rest of the session.
fn return_large_frees() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets two thresholds of the allocator, before any
    // thread is started; it takes no pointer.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
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
    let args = args::parse();
    let data = DataDir::resolve(args.data_dir)
        .ok_or_else(|| eyre!("aucun dossier de données : précisez --data-dir DIR"))?;
    let root_theme = args.look.theme;
    // The theme of a command that draws, or the one given before it.
    let look = |look: args::Look| look.theme.or(root_theme.clone());
    let Some(command) = args.command else {
        let theme = root_theme.as_deref();
        // No subcommand: the last certification used, or the picker.
        let last = load_state(&data).last_referentiel;
        let ahead = last.as_deref().map(|id| ReadAhead::start(&data, id));
        let catalog = load_catalog(&data);
        let open = last.and_then(|id| position(&catalog, &id));
        return interface(&data, (catalog, ahead), open, theme);
    };
    match command {
        Command::Open { id, look: l } => {
            let theme = look(l);
            let theme = theme.as_deref();
            let ahead = ReadAhead::start(&data, &id);
            let catalog = load_catalog(&data);
            match position(&catalog, &id) {
                Some(index) => interface(&data, (catalog, Some(ahead)), Some(index), theme),
                None => {
                    output::complain(&cli::unknown_certification(&id, &catalog));
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Demo {
            cohort: Some(dir), ..
        } => Ok(print_or_fail(cli::demo_cohort(&dir), Kind::Text)),
        Command::Demo {
            cohort: None,
            look: l,
        } => {
            let theme = look(l);
            let theme = theme.as_deref();
            let dir = tempfile::tempdir()?;
            let data = DataDir::new(dir.path());
            let portfolio = demo::portfolio(jiff::Timestamp::now());
            save_portfolio(&data, &portfolio)?;
            livret::store::save_view(&data, &portfolio.referentiel, &portfolio.view)?;
            let catalog = load_catalog(&data);
            let open = position(&catalog, demo::REFERENTIEL);
            interface(&data, (catalog, None), open, theme)
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
            force,
            only_ready,
            suivi,
            with_reviews,
            no_comments: _,
            blocs,
        } => {
            let format = match format {
                FormatArg::Md => Format::Markdown,
                FormatArg::Html => Format::Html,
                FormatArg::Docx => Format::Docx,
            };
            let options = Options {
                only_ready,
                suivi,
                with_reviews,
                blocs,
            };
            let context = ExportContext {
                candidate: cli::user::candidate_name::<KeyOverrides>(),
                ..ExportContext::now()
            };
            let written = cli::export(&data, &id, format, &options, &context)
                .and_then(|bytes| cli::deliver(format, &bytes, output.as_deref(), force));
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
            all,
            limit,
            json,
        } => {
            let scope = match (&referentiel, all) {
                (Some(id), _) => cli::Scope::One(id),
                (None, true) => cli::Scope::All,
                (None, false) => cli::Scope::Current,
            };
            let query = query.join(" ");
            match cli::search(&data, &query, scope, limit, json) {
                Ok(searched) => {
                    for warning in &searched.warnings {
                        output::complain(warning);
                    }
                    output::print(&searched.output, Kind::of(json));
                    if searched.found > 0 {
                        return Ok(ExitCode::SUCCESS);
                    }
                    output::complain(&format!(
                        "Aucun résultat pour « {query} » {}.",
                        searched.scope
                    ));
                    Ok(ExitCode::FAILURE)
                }
                Err(problem) => {
                    output::complain(&problem.to_string());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
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
        Command::Identity {
            id,
            name,
            recevabilite,
            date_recevabilite,
            contact,
        } => {
            let given = cli::identity::Given {
                name: name.as_deref(),
                recevabilite: recevabilite.as_deref(),
                recevabilite_date: date_recevabilite.as_deref(),
                contact: contact.as_deref(),
            };
            Ok(print_or_fail(
                cli::identity::identity(&data, &id, &given, today()),
                Kind::Text,
            ))
        }
        Command::Log { id, json } => Ok(print_or_fail(
            cli::log(&data, &id, json, &jiff::tz::TimeZone::system()),
            Kind::of(json),
        )),
        Command::Themes { look: l } => {
            let theme = look(l);
            let theme = theme.as_deref();
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
        Command::Tutor {
            dir,
            name,
            json,
            look: l,
        } => {
            let theme = look(l);
            let theme = theme.as_deref();
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
            // The centre's bare repositories: read through the tutor's clones.
            let dir =
                match cli::sync::cohort_dir(&data, &dir, Some(&name), signing_key().as_deref()) {
                    Ok(dir) => dir,
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
        Command::Sync {
            command,
            cohort,
            name,
        } => {
            let name = name.or_else(cli::user::candidate_name::<KeyOverrides>);
            let init = command.map(|SyncCommand::Init { remote }| remote);
            let key = signing_key();
            let (text, ok) = match cohort {
                Some(dir) => cli::sync::cohort(&data, &dir, name.as_deref(), key.as_deref()),
                None => cli::sync::sync(
                    &data,
                    init.as_deref(),
                    name.as_deref(),
                    key.as_deref(),
                    false,
                ),
            };
            if ok {
                output::print(&text, Kind::Text);
                Ok(ExitCode::SUCCESS)
            } else {
                output::complain(text.trim_end());
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Share { group } => Ok(print_or_fail(
            livret::store::share(data.root(), &group),
            Kind::Text,
        )),
        Command::Import {
            ref file,
            ref fiche,
            ref list,
            update,
            json,
        } if fiche.is_empty()
            && list.is_none()
            && let Some(result) = cli::referentiel::import_other(&data, file, update, json) =>
        {
            Ok(print_or_fail(result, Kind::of(json)))
        }
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
        Command::ExportReferentiel {
            id,
            format: _,
            output,
            force,
        } => Ok(
            match cli::referentiel::export_outline(&data, &id, output.as_deref(), force) {
                Ok(()) => ExitCode::SUCCESS,
                Err(problem) => {
                    output::complain(&problem);
                    ExitCode::FAILURE
                }
            },
        ),
        Command::NewReferentiel { file, force } => Ok(print_or_fail(
            cli::referentiel::new_outline(&file, force),
            Kind::Text,
        )),
        Command::Help { command } => Ok(args::help(&command)),
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
/// The portfolio read `ahead`, if any, was started before the catalog.
fn interface(
    data: &DataDir,
    (catalog, ahead): (Catalog, Option<ReadAhead>),
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
    let docs = tui::load_docs(catalog, data, ahead);
    tui::run(data, (docs, unreadable), open, settings)
}

/// Where the certification `id` is in the catalog.
fn position(catalog: &Catalog, id: &str) -> Option<usize> {
    catalog
        .entries
        .iter()
        .position(|e| e.certification.id == id)
}

/// The SSH key that signs a tutor's reviews when they are synced:
/// `signing_key` in config.ron, else git's or the usual ones.
fn signing_key() -> Option<std::path::PathBuf> {
    let configured = cli::user::config::<KeyOverrides>("sans clé de signature configurée")
        .and_then(|c| c.signing_key);
    livret::store::signing::default_key(configured.as_deref())
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
