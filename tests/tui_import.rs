//! Importing a certification from the picker: the import screen driven by
//! keys through `update()`, its effects answered by the test (or performed
//! for real on a temporary data dir), and what it shows.

mod common;

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use common::{app_with, now, screen, type_keys};
use insta::assert_snapshot;
use livret::portfolio::Portfolio;
use livret::rncp::FicheSummary;
use livret::store::DataDir;
use livret::store::import::{ExportInfo, ImportError, ImportReport, Shape};
use livret::tui::app::{App, Effect, Popup, Question, Screen};
use livret::tui::keymap::Context;
use livret::tui::msg::Msg;
use livret::tui::screens::import::{DirEntry, Done, Job, Reading, Step, Task, Written};

const DEV_EXPORT: &str = "rncp/export-fiches-rncp-dev.xml";

fn fiche(numero: &str, intitule: &str, blocs: &[(&str, &str)]) -> FicheSummary {
    FicheSummary {
        numero: numero.to_string(),
        intitule: intitule.to_string(),
        niveau: numero.starts_with("RNCP").then(|| "Niveau 6".to_string()),
        actif: Some(true),
        date_fin: Some("31/08/2027".to_string()),
        blocs: blocs
            .iter()
            .map(|(code, title)| (code.to_string(), title.to_string()))
            .collect(),
    }
}

/// The fiches of a small export: an RNCP fiche with blocs, an RS fiche, an
/// RNCP fiche without bloc, an inactive one.
fn fiches() -> Vec<FicheSummary> {
    let mut inactive = fiche(
        "RNCP14506",
        "Concepteur développeur informatique",
        &[("RNCP14506BC01", "Concevoir une application")],
    );
    inactive.actif = Some(false);
    inactive.date_fin = Some("01/12/2019".to_string());
    vec![
        fiche(
            "RNCP34762",
            "Programme Grande École – Diplôme d’études supérieures en management",
            &[("RNCP34762BC01", "Piloter une organisation")],
        ),
        fiche(
            "RNCP36490",
            "Concepteur développeur d'applications",
            &[
                ("RNCP36490BC01", "Développer une application sécurisée"),
                (
                    "RNCP36490BC02",
                    "Concevoir et développer une application sécurisée organisée en couches",
                ),
                (
                    "RNCP36490BC03",
                    "Préparer le déploiement d’une application sécurisée",
                ),
            ],
        ),
        fiche(
            "RS6626",
            "Réaliser un diagnostic de performance énergétique",
            &[],
        ),
        fiche("RNCP40344", "Auxiliaire spécialisé vétérinaire", &[]),
        inactive,
    ]
}

fn export() -> ExportInfo {
    ExportInfo {
        shape: Shape::Xml,
        date: Some("2026-08-16".to_string()),
    }
}

/// The one job among the effects.
fn job(effects: &[Effect]) -> Job {
    match effects {
        [Effect::Import(job)] => job.clone(),
        other => panic!("expected one import job, got {other:?}"),
    }
}

fn step(app: &App) -> Step {
    app.screens.import.as_ref().unwrap().step.clone()
}

fn path_text(app: &App) -> String {
    app.screens.import.as_ref().unwrap().path_text()
}

/// The import screen with a path typed and Enter pressed: the read asked for.
fn reading(path: &str) -> (App, Job) {
    let mut app = app_with(vec![]);
    type_keys(&mut app, "I");
    let effects = type_keys(&mut app, &format!("{path}<Enter>"));
    let job = job(&effects);
    (app, job)
}

/// The list of [`fiches`], read from `/exports/export-fiches-rncp-v4-1-2026-08-16.xml`.
fn listed() -> App {
    let (mut app, job) = reading("/exports/export-fiches-rncp-v4-1-2026-08-16.xml");
    let effects = app.job_done(job.token, Done::Listed(Ok((fiches(), export()))));
    assert!(effects.is_empty());
    assert_eq!(step(&app), Step::List);
    app
}

fn selected_numero(app: &App) -> String {
    app.screens
        .import
        .as_ref()
        .unwrap()
        .selected_fiche()
        .unwrap()
        .numero
        .clone()
}

/// What an import of RNCP36490 writes: a certification cut from a bundled one.
fn report(app: &App) -> ImportReport {
    let mut certification = (*app.session.docs[0].certification).clone();
    certification.id = "rncp36490".to_string();
    certification.code = Some("RNCP36490".to_string());
    certification.title = "Concepteur développeur d'applications".to_string();
    ImportReport {
        path: PathBuf::from("/data/referentiels/rncp36490.ron"),
        certification,
        warnings: vec!["BC02 : découpage incertain".to_string(); 2],
        backup: None,
        orphans: Vec::new(),
        export: export(),
    }
}

#[test]
fn the_picker_ends_with_an_import_row_and_i_opens_it_too() {
    let mut app = app_with(vec![]);
    let docs = app.session.docs.len();
    type_keys(&mut app, &"j".repeat(docs + 3));
    assert_eq!(
        app.screens.picker.selected, docs,
        "the row after the certifications"
    );
    let effects = type_keys(&mut app, "<Enter>");
    assert!(effects.is_empty());
    assert_eq!(app.screens.shown, Screen::Import);
    assert_eq!(app.context(), Context::ImportPath);
    type_keys(&mut app, "<Esc>");
    assert_eq!(app.screens.shown, Screen::Picker);
    assert_eq!(app.screens.picker.selected, docs, "back where it was left");
    type_keys(&mut app, "gI");
    assert_eq!(app.screens.shown, Screen::Import);
}

#[test]
fn a_typed_path_is_read_on_enter_letters_included() {
    let (app, job) = reading("~/Téléchargements/qjk export.xml");
    assert_eq!(job.path, "~/Téléchargements/qjk export.xml");
    assert_eq!(job.task, Task::List);
    assert_eq!(step(&app), Step::Reading(Reading::List));
    assert_eq!(app.context(), Context::ImportReading);
    assert!(app.import_reading());
}

#[test]
fn a_pasted_path_loses_its_quotes_and_an_empty_one_is_explained() {
    let (_, job) = reading("'/a b/export.xml'");
    assert_eq!(job.path, "/a b/export.xml");
    let mut app = app_with(vec![]);
    let effects = type_keys(&mut app, "I   <Enter>");
    assert!(effects.is_empty());
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert!(
        notice.error && notice.text.contains("Tapez le chemin"),
        "{notice:?}"
    );
}

#[test]
fn tab_completes_the_path_as_far_as_the_names_agree() {
    let mut app = app_with(vec![]);
    type_keys(&mut app, "I/dl/ex");
    let effects = type_keys(&mut app, "<Tab>");
    assert_eq!(effects, [Effect::ListDir("/dl/".to_string())]);
    let entry = |name: &str, dir: bool| DirEntry {
        name: name.to_string(),
        dir,
    };
    let entries = vec![
        entry("export-fiches-rncp-v4-1.zip", false),
        entry("export-fiches-rncp-v4-1.xml", false),
        entry("exercices", true),
        entry(".export-cache", false),
        entry("notes.txt", false),
    ];
    app.update(Msg::DirListed {
        dir: "/dl/".to_string(),
        entries: Ok(entries.clone()),
    });
    assert_eq!(path_text(&app), "/dl/ex");
    assert_eq!(
        app.screens.import.as_ref().unwrap().completions,
        [
            "exercices/",
            "export-fiches-rncp-v4-1.xml",
            "export-fiches-rncp-v4-1.zip"
        ]
    );
    type_keys(&mut app, "p");
    assert!(app.screens.import.as_ref().unwrap().completions.is_empty());
    app.update(Msg::DirListed {
        dir: "/dl/".to_string(),
        entries: Ok(entries.clone()),
    });
    assert_eq!(path_text(&app), "/dl/export-fiches-rncp-v4-1.");
    type_keys(&mut app, "x");
    app.update(Msg::DirListed {
        dir: "/dl/".to_string(),
        entries: Ok(entries.clone()),
    });
    assert_eq!(path_text(&app), "/dl/export-fiches-rncp-v4-1.xml");
    assert!(app.screens.import.as_ref().unwrap().completions.is_empty());
    // A directory gets its slash; the case typed does not have to match.
    type_keys(&mut app, "<C-u>/dl/EXE");
    app.update(Msg::DirListed {
        dir: "/dl/".to_string(),
        entries: Ok(entries.clone()),
    });
    assert_eq!(path_text(&app), "/dl/exercices/");
    // A listing for another directory (typed since) changes nothing.
    app.update(Msg::DirListed {
        dir: "/ailleurs/".to_string(),
        entries: Ok(entries),
    });
    assert_eq!(path_text(&app), "/dl/exercices/");
    app.update(Msg::DirListed {
        dir: "/dl/exercices/".to_string(),
        entries: Err("/dl/exercices/ : dossier introuvable".into()),
    });
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.text.contains("introuvable"), "{notice:?}");
}

#[test]
fn a_broken_file_is_reported_under_the_path_which_is_kept() {
    let path = "/exports/export-fiches-rncp-v4-1-2026-08-16.xml";
    let (mut app, job) = reading(path);
    let error = ImportError::Read {
        path: PathBuf::from(path),
        entry: None,
        line: 18_204,
        column: 7,
        kind: livret::rncp::ReadErrorKind::Truncated {
            open: "FICHE".to_string(),
        },
    };
    app.job_done(job.token, Done::Listed(Err(error)));
    assert_eq!(step(&app), Step::Path);
    assert_eq!(path_text(&app), path);
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.error);
    assert!(notice.text.contains(":18204:7 :"), "{}", notice.text);
    assert_snapshot!("path_error_80x24", screen(&app, 80, 24));
    assert_snapshot!("path_error_200x50", screen(&app, 200, 50));
}

#[test]
fn escape_interrupts_the_read_and_its_late_outcome_is_ignored() {
    let (mut app, job) = reading("/exports/gros.xml");
    type_keys(&mut app, "<Esc>");
    assert!(
        job.progress.0.cancel.load(Ordering::Relaxed),
        "the thread is told"
    );
    assert_eq!(step(&app), Step::Path);
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert_eq!(notice.text, "Lecture interrompue.");
    assert!(!notice.error);
    app.job_done(job.token, Done::Listed(Err(ImportError::Cancelled)));
    app.job_done(job.token, Done::Listed(Ok((fiches(), export()))));
    assert_eq!(step(&app), Step::Path, "a stale outcome changes nothing");
    // Read again: a new job, with a new token and a fresh probe.
    let again = job_of(type_keys(&mut app, "<Enter>"));
    assert_ne!(again.token, job.token);
    assert!(!again.progress.0.cancel.load(Ordering::Relaxed));
}

fn job_of(effects: Vec<Effect>) -> Job {
    job(&effects)
}

#[test]
fn the_reading_step_shows_bytes_and_fiches_found() {
    let (app, job) = reading("/exports/export-fiches-rncp-v4-1-2026-08-16.xml");
    let probe = &job.progress.0;
    probe.total.store(570_123_456, Ordering::Relaxed);
    probe.bytes.store(123_412_345, Ordering::Relaxed);
    probe.fiches.store(2345, Ordering::Relaxed);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Lecture… 123,4 Mo sur 570,1 Mo · 2 345 fiches"),
        "{text}"
    );
    assert_snapshot!("reading_80x24", text);
    assert_snapshot!("reading_200x50", screen(&app, 200, 50));
}

#[test]
fn typing_filters_the_fiches_accents_ignored_and_the_preview_follows() {
    let mut app = listed();
    assert_eq!(app.context(), Context::ImportList);
    assert_eq!(app.screens.import.as_ref().unwrap().shown.len(), 5);
    type_keys(&mut app, "developpeur");
    assert_eq!(selected_numero(&app), "RNCP36490");
    let text = screen(&app, 80, 24);
    assert!(text.contains("BC02"), "{text}");
    assert!(
        text.contains("Développer une application sécurisée"),
        "{text}"
    );
    assert_snapshot!("list_80x24", text);
    assert_snapshot!("list_200x50", screen(&app, 200, 50));
    type_keys(&mut app, "<C-u>zzzz");
    assert!(app.screens.import.as_ref().unwrap().shown.is_empty());
    assert!(screen(&app, 80, 24).contains("Aucune fiche ne correspond"));
    type_keys(&mut app, "<C-u>");
    assert_eq!(
        app.screens.import.as_ref().unwrap().shown.len(),
        5,
        "all again"
    );
    type_keys(&mut app, "<Down><Down><C-n><C-p>");
    assert_eq!(selected_numero(&app), "RS6626");
}

#[test]
fn rs_fiches_and_fiches_without_bloc_are_listed_as_such_and_refused() {
    let mut app = listed();
    let text = screen(&app, 80, 24);
    assert!(text.contains("RS, sans bloc"), "{text}");
    assert!(text.contains("aucun bloc"), "{text}");
    let effects = type_keys(&mut app, "RS6626<Enter>");
    assert!(effects.is_empty());
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert!(
        notice.text.contains("répertoire spécifique (RS)"),
        "{notice:?}"
    );
    assert!(!notice.text.contains("--list"), "the screen's own advice");
    assert!(screen(&app, 80, 24).contains("répertoire spécifique"));
    let effects = type_keys(&mut app, "<C-u>40344<Enter>");
    assert!(effects.is_empty());
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.text.contains("aucun bloc"), "{notice:?}");
}

#[test]
fn enter_on_an_rncp_fiche_imports_it_and_the_result_opens_it() {
    let mut app = listed();
    let effects = type_keys(&mut app, "developpeur<Enter>");
    let job = job(&effects);
    assert_eq!(
        job.task,
        Task::Import {
            numero: "RNCP36490".to_string(),
            update: false
        }
    );
    assert_eq!(job.path, "/exports/export-fiches-rncp-v4-1-2026-08-16.xml");
    assert_eq!(
        step(&app),
        Step::Reading(Reading::Import("RNCP36490".to_string()))
    );
    let docs = app.session.docs.len();
    let report = report(&app);
    let portfolio = Ok(Portfolio::new("rncp36490"));
    let effects = app.job_done(
        job.token,
        Done::Imported(Ok(Box::new(Written { report, portfolio }))),
    );
    assert_eq!(effects, [Effect::Opened("rncp36490".to_string())]);
    assert_eq!(app.screens.shown, Screen::Main);
    assert_eq!(app.session.docs.len(), docs + 1);
    assert_eq!(app.session.current, docs);
    let message = common::message(&app).clone().unwrap();
    assert!(message.starts_with("RNCP36490 importée : "), "{message}");
    assert!(message.ends_with("(2 avertissements)"), "{message}");
    assert!(
        app.screens.import.as_ref().unwrap().fiches.is_empty(),
        "the list is let go"
    );
}

#[test]
fn an_existing_referentiel_is_replaced_only_after_a_yes() {
    let mut app = listed();
    let job1 = job(&type_keys(&mut app, "developpeur<Enter>"));
    let exists = ImportError::Exists {
        path: PathBuf::from("/data/referentiels/rncp36490.ron"),
    };
    let effects = app.job_done(job1.token, Done::Imported(Err(exists)));
    assert!(effects.is_empty());
    assert_eq!(
        app.modals.top().map(|p| matches!(p, Popup::Confirm(Question::ReplaceReferentiel { numero }) if numero == "RNCP36490")),
        Some(true)
    );
    let text = screen(&app, 80, 24);
    assert!(text.contains("RNCP36490 est déjà importée"), "{text}");
    assert!(
        text.contains("vos notes") && text.contains("sont gardées"),
        "{text}"
    );
    assert!(type_keys(&mut app, "n").is_empty());
    assert_eq!(step(&app), Step::List);
    app.job_done(
        job1.token,
        Done::Imported(Err(ImportError::Exists {
            path: PathBuf::from("x"),
        })),
    );
    assert!(
        app.modals.top().is_none(),
        "an outcome already dealt with is stale"
    );
    let job2 = job(&type_keys(&mut app, "<Enter>"));
    app.job_done(
        job2.token,
        Done::Imported(Err(ImportError::Exists {
            path: PathBuf::from("x"),
        })),
    );
    let job3 = job(&type_keys(&mut app, "o"));
    assert_eq!(
        job3.task,
        Task::Import {
            numero: "RNCP36490".to_string(),
            update: true
        }
    );
}

#[test]
fn a_reimport_that_strands_notes_says_so_and_keeps_the_portfolio_in_memory() {
    let mut app = listed();
    let job1 = job(&type_keys(&mut app, "developpeur<Enter>"));
    let mut first = report(&app);
    first.warnings.clear();
    app.job_done(
        job1.token,
        Done::Imported(Ok(Box::new(Written {
            report: first.clone(),
            portfolio: Ok(Portfolio::new("rncp36490")),
        }))),
    );
    let index = app.session.current;
    // A note not saved yet.
    app.session.docs[index]
        .portfolio
        .as_mut()
        .unwrap()
        .add_note("ANCIEN.C9", "Note sur une compétence disparue", now());
    let list = job(&type_keys(&mut app, "oI<C-u>/exports/x.xml<Enter>"));
    app.job_done(list.token, Done::Listed(Ok((fiches(), export()))));
    let job2 = job(&type_keys(&mut app, "36490<Enter>"));
    let mut second = first;
    second.backup = Some(PathBuf::from("/data/backups/referentiels/rncp36490/x.ron"));
    second.orphans = vec![("ANCIEN.C9".to_string(), 1)];
    let effects = app.job_done(
        job2.token,
        Done::Imported(Ok(Box::new(Written {
            report: second,
            portfolio: Ok(Portfolio::new("rncp36490")),
        }))),
    );
    assert_eq!(effects, [Effect::Opened("rncp36490".to_string())]);
    assert_eq!(app.session.current, index, "replaced in place");
    let message = common::message(&app).clone().unwrap();
    assert!(message.contains("mise à jour"), "{message}");
    assert!(
        message.contains("1 élément hors référentiel (1 note gardée)"),
        "{message}"
    );
    let portfolio = app.session.docs[index].portfolio.as_ref().unwrap();
    assert_eq!(
        portfolio.notes("ANCIEN.C9").len(),
        1,
        "the unsaved note stays"
    );
    assert_eq!(app.session.docs[index].orphans, ["ANCIEN.C9"]);
}

#[test]
fn escape_steps_back_list_to_path_to_picker() {
    let mut app = listed();
    type_keys(&mut app, "<Esc>");
    assert_eq!(step(&app), Step::Path);
    assert_eq!(
        path_text(&app),
        "/exports/export-fiches-rncp-v4-1-2026-08-16.xml"
    );
    type_keys(&mut app, "<Esc>");
    assert_eq!(app.screens.shown, Screen::Picker);
    type_keys(&mut app, "I");
    assert_eq!(
        path_text(&app),
        "/exports/export-fiches-rncp-v4-1-2026-08-16.xml",
        "the path is kept for next time"
    );
}

#[test]
fn the_picker_with_its_import_row() {
    let mut app = app_with(vec![]);
    assert_snapshot!("picker_80x24", screen(&app, 80, 24));
    let docs = app.session.docs.len();
    type_keys(&mut app, &"j".repeat(docs));
    assert_snapshot!("picker_import_row_200x50", screen(&app, 200, 50));
}

#[test]
fn no_size_panics_on_any_step() {
    let mut apps = Vec::new();
    let mut path = app_with(vec![]);
    type_keys(&mut path, "I/tmp/日本語 é\u{301} 📊/");
    path.update(Msg::DirListed {
        dir: "/tmp/日本語 é\u{301} 📊/".to_string(),
        entries: Ok(vec![
            DirEntry {
                name: "a".repeat(300),
                dir: false,
            },
            DirEntry {
                name: "ab".to_string(),
                dir: true,
            },
        ]),
    });
    apps.push(path);
    let (reading, job) = reading("/x");
    job.progress.0.bytes.store(u64::MAX, Ordering::Relaxed);
    job.progress.0.total.store(3, Ordering::Relaxed);
    apps.push(reading);
    let mut list = listed();
    let mut odd = fiche(
        "RNCP1\u{7}",
        "Titre\tavec\u{1b}[31m contrôle 日本語 📊 très long très long très long très long",
        &[("RNCP1BC01\u{8}", "Bloc\u{0}")],
    );
    odd.niveau = None;
    odd.date_fin = None;
    odd.actif = None;
    let job = list.screens.import.as_ref().unwrap().job.clone();
    assert!(job.is_none());
    type_keys(&mut list, "<Esc><Enter>");
    let token = list.screens.import.as_ref().unwrap().job.clone().unwrap().0;
    list.job_done(token, Done::Listed(Ok((vec![odd], export()))));
    apps.push(list);
    let mut refused = listed();
    type_keys(&mut refused, "RS<Enter>");
    apps.push(refused);
    let heights = [0, 1, 2, 15, 16, 17, 18, 23, 24, 25, 37, 49, 50];
    let widths = [
        0, 1, 2, 59, 60, 61, 63, 64, 65, 79, 80, 81, 109, 111, 139, 140, 141, 199, 200,
    ];
    for app in &apps {
        for width in 0..=200 {
            for height in heights {
                common::render(app, width, height);
            }
        }
        for height in 0..=50 {
            for width in widths {
                common::render(app, width, height);
            }
        }
        for (width, height) in [(60, 16), (80, 24), (141, 33), (200, 50)] {
            let text = screen(app, width, height);
            assert!(
                !text.contains('\u{1b}'),
                "no escape reaches the screen:\n{text}"
            );
            assert!(!text.contains('\u{7}'), "no bell either:\n{text}");
        }
    }
}

/// The effects performed for real, as the run loop does, on the
/// development export of `../shared/data/rncp/`.
#[test]
fn the_real_export_is_listed_imported_opened_and_reimported() {
    let Some(export) = common::shared_data(DEV_EXPORT) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut app = app_with(vec![]);
    let perform = |job: &Job| livret::tui::io::perform(job, &data, None);

    // A directory is not a file: said under the path.
    let folder = export.parent().unwrap().display().to_string();
    let job1 = job(&type_keys(&mut app, &format!("I{folder}<Enter>")));
    app.job_done(job1.token, perform(&job1));
    let notice = app.screens.import.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.text.contains("c’est un dossier"), "{notice:?}");

    let job2 = job(&type_keys(
        &mut app,
        &format!("<C-u>{}<Enter>", export.display()),
    ));
    app.job_done(job2.token, perform(&job2));
    assert_eq!(step(&app), Step::List);
    let (bytes, total, found) = job2.progress.figures();
    assert_eq!(bytes, total, "the whole file was read");
    assert!(found >= 4, "{found}");
    type_keys(&mut app, "developpeur");
    assert_eq!(selected_numero(&app), "RNCP36490");
    let preview = screen(&app, 200, 50);
    assert!(
        preview.contains("Concepteur développeur d'applications"),
        "{preview}"
    );

    let job3 = job(&type_keys(&mut app, "<Enter>"));
    let effects = app.job_done(job3.token, perform(&job3));
    assert_eq!(effects, [Effect::Opened("rncp36490".to_string())]);
    assert!(data.referentiels().join("rncp36490.ron").is_file());
    assert_eq!(app.screens.shown, Screen::Main);
    assert_eq!(
        app.session.docs[app.session.current].certification.id,
        "rncp36490"
    );
    let message = common::message(&app).clone().unwrap();
    assert!(message.starts_with("RNCP36490 importée : "), "{message}");
    let main = screen(&app, 80, 24);
    assert!(main.contains("BC01") || main.contains("BC1"), "{main}");

    // Again: the file exists, a yes replaces it after a backup.
    type_keys(&mut app, "oI");
    let job4 = job(&type_keys(&mut app, "<Enter>"));
    app.job_done(job4.token, perform(&job4));
    let job5 = job(&type_keys(&mut app, "concepteur<Enter>"));
    assert_eq!(
        app.screens
            .import
            .as_ref()
            .and_then(|s| s.selected_fiche())
            .map(|f| f.numero.as_str()),
        Some("RNCP36490")
    );
    assert!(app.job_done(job5.token, perform(&job5)).is_empty());
    assert!(matches!(app.modals.top(), Some(Popup::Confirm(_))));
    let job6 = job(&type_keys(&mut app, "o"));
    let effects = app.job_done(job6.token, perform(&job6));
    assert_eq!(effects, [Effect::Opened("rncp36490".to_string())]);
    let message = common::message(&app).clone().unwrap();
    assert!(message.contains("mise à jour"), "{message}");
    assert!(dir.path().join("backups/referentiels/rncp36490").is_dir());
    assert_eq!(
        app.session
            .docs
            .iter()
            .filter(|d| d.certification.id == "rncp36490")
            .count(),
        1
    );
}

/// A Moodle framework typed in the import screen: no list of fiches, it is
/// installed and opens; again, a yes replaces it.
#[test]
fn a_moodle_framework_is_imported_from_the_picker_and_opens() {
    let Some(moodle) = common::shared_data("moodle/pharmacy-example.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut app = app_with(vec![]);
    let perform = |job: &Job| livret::tui::io::perform(job, &data, None);
    let job1 = job(&type_keys(
        &mut app,
        &format!("I{}<Enter>", moodle.display()),
    ));
    let effects = app.job_done(job1.token, perform(&job1));
    assert_eq!(effects, [Effect::Opened("pharmacy".to_string())]);
    assert_eq!(app.screens.shown, Screen::Main);
    let message = common::message(&app).clone().unwrap();
    assert!(
        message.starts_with("Pharmacy importée : 6 blocs"),
        "{message}"
    );

    type_keys(&mut app, "oI");
    let job2 = job(&type_keys(&mut app, "<Enter>"));
    assert!(app.job_done(job2.token, perform(&job2)).is_empty());
    let question = common::question(&app).unwrap().text();
    assert!(
        question.starts_with("pharmacy est déjà importée"),
        "{question}"
    );
    let job3 = job(&type_keys(&mut app, "o"));
    let effects = app.job_done(job3.token, perform(&job3));
    assert_eq!(effects, [Effect::Opened("pharmacy".to_string())]);
    assert!(
        common::message(&app)
            .clone()
            .unwrap()
            .contains("mise à jour")
    );
}
