//! What the non-interactive subcommands print.

mod coaching;
mod cycle;
mod history;
pub mod identity;
pub mod import;
pub mod output;
pub mod referentiel;
mod restore;
mod search;
pub mod sync;
pub mod user;

/// `livret demo --cohort DIR`: three sample candidates in DIR (new or
/// empty), each in a folder of their name, and how to open them as a tutor.
pub fn demo_cohort(dir: &std::path::Path) -> Result<String, String> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(format!(
            "{} n’est pas vide : donnez un dossier nouveau ou vide ; rien n’a été écrit",
            dir.display()
        ));
    }
    for (name, portfolio) in crate::demo::cohort(jiff::Timestamp::now()) {
        let data = DataDir::new(dir.join(name));
        crate::store::save_portfolio(&data, &portfolio)
            .and_then(|_| crate::store::save_view(&data, &portfolio.referentiel, &portfolio.view))
            .map_err(|e| format!("{} : {e}", dir.join(name).display()))?;
    }
    Ok(format!(
        "Trois candidats d’exemple (awa, bruno, chloe) dans {dir}.\nPour les relire en tuteur : livret tutor {dir}\n",
        dir = dir.display()
    ))
}

pub use coaching::{Coaching, due};
pub use cycle::{log, request};
pub use restore::{restore, restore_list};
pub use search::{Scope, SearchResult, Searched, search};

use std::path::Path;

use serde::Serialize;

use crate::export::{Dossier, ExportContext, Format, Options};
use crate::portfolio::Portfolio;
use crate::progress::{self, Tally};
use crate::referentiel::Certification;
use crate::store::{
    Catalog, DataDir, Entry, Origin, check_file, load_catalog, load_portfolio_for, load_state,
    write_atomic,
};
use crate::text::{count, table, truncate};

/// One line of `livret list --json`.
#[derive(Debug, Serialize)]
pub struct ListItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub code: Option<&'a str>,
    pub blocs: usize,
    pub optional_blocs: usize,
    pub competences: usize,
    /// Every critère once, a compétence's own or an evaluation's.
    pub criteres: usize,
    /// Units of evidence: the critères, and the compétences without one.
    pub units: usize,
    /// End of registration, `YYYY-MM-DD`, when the file gives it.
    pub valid_until: Option<&'a str>,
    /// Whether `valid_until` is before today.
    pub expired: bool,
    pub source: String,
}

impl<'a> ListItem<'a> {
    pub fn new(entry: &'a Entry, today: jiff::civil::Date) -> Self {
        let c = &entry.certification;
        ListItem {
            id: &c.id,
            title: &c.title,
            code: c.code.as_deref(),
            blocs: c.blocs.len(),
            optional_blocs: c.optional_blocs(),
            competences: c.competences().count(),
            criteres: c.criteres().count(),
            units: c.units().count(),
            valid_until: c.valid_until.as_deref(),
            expired: c.expired_on(today),
            source: match &entry.origin {
                Origin::Bundled => "bundled".to_string(),
                Origin::File(path) => path.display().to_string(),
            },
        }
    }
}

/// `livret list`: a table, or JSON for scripts. `today` tells which
/// registrations have ended.
pub fn list(catalog: &Catalog, json: bool, today: jiff::civil::Date) -> String {
    let items: Vec<ListItem> = catalog
        .entries
        .iter()
        .map(|entry| ListItem::new(entry, today))
        .collect();
    if json {
        return serde_json::to_string_pretty(&items).expect("plain data serializes") + "\n";
    }
    let mut rows = vec![
        [
            "ID",
            "CODE",
            "BLOCS",
            "OPTIONNELS",
            "COMPÉTENCES",
            "CRITÈRES",
            "TITRE",
            "SOURCE",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for item in &items {
        rows.push(vec![
            item.id.to_string(),
            item.code.unwrap_or("—").to_string(),
            item.blocs.to_string(),
            item.optional_blocs.to_string(),
            item.competences.to_string(),
            item.criteres.to_string(),
            item.title.to_string(),
            if item.source == "bundled" {
                "intégré".to_string()
            } else {
                item.source.clone()
            },
        ]);
    }
    let mut out = table(&rows);
    for entry in &catalog.entries {
        if let Some(warning) = crate::fiche::expiry_warning(&entry.certification, today) {
            out.push_str(&format!("\n⚠ {} — {warning}", entry.certification.id));
        }
    }
    if out.contains('⚠') {
        out.push('\n');
    }
    out
}

/// `livret show ID`: every text of a référentiel, as plain text (`bold`
/// marks the headings for a terminal) or as the JSON of [`crate::fiche::Fiche`].
pub fn show(
    catalog: &Catalog,
    id: &str,
    json: bool,
    bold: bool,
    today: jiff::civil::Date,
) -> Result<String, String> {
    let Some(entry) = catalog.get(id) else {
        return Err(unknown_certification(id, catalog));
    };
    let certification = &entry.certification;
    Ok(if json {
        crate::fiche::Fiche::new(certification, today).json()
    } else {
        crate::fiche::plain(&crate::fiche::document(certification, today), bold)
    })
}

/// One-line summary of a valid référentiel, as `livret check` prints it.
pub fn summary(path: &Path, certification: &Certification) -> String {
    let bare = certification.competences().filter(|c| c.is_leaf()).count();
    let bare = if bare == 0 {
        String::new()
    } else {
        format!(
            " ; {} sans critère, où les preuves s’attachent directement",
            count(bare, "compétence", "compétences")
        )
    };
    format!(
        "{} : valide — « {} » ({}), {} dont {}, {}, {}{bare}",
        path.display(),
        certification.title,
        certification.id,
        count(certification.blocs.len(), "bloc", "blocs"),
        count(certification.optional_blocs(), "optionnel", "optionnels"),
        count(
            certification.competences().count(),
            "compétence",
            "compétences"
        ),
        count(certification.criteres().count(), "critère", "critères"),
    )
}

/// `livret check FILE`: the summary, or every problem with its line:column.
pub fn check(path: &Path) -> Result<String, String> {
    let outline = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    if outline {
        return referentiel::check_outline(path);
    }
    check_file(path)
        .map(|certification| summary(path, &certification))
        .map_err(|error| error.to_string())
}

/// Cells of the text gauge in `livret status`.
pub const GAUGE_CELLS: usize = 20;
/// Display columns kept of a bloc title in `livret status`.
pub const TITLE_WIDTH: usize = 40;

/// `[████████░░░░░░░░░░░░]`: the share of critères prêt, rounded down.
pub fn gauge(tally: Tally, cells: usize) -> String {
    let filled = (tally.ready * cells)
        .checked_div(tally.units)
        .unwrap_or(0)
        .min(cells);
    format!("[{}{}]", "█".repeat(filled), "░".repeat(cells - filled))
}

/// `12/40 prêts`, `1/10 prêt`.
fn ready_count(tally: Tally) -> String {
    format!(
        "{}/{} {}",
        tally.ready,
        tally.units,
        if tally.ready < 2 { "prêt" } else { "prêts" }
    )
}

/// `livret status` as text: one row per bloc, then the figure over the
/// targeted blocs.
pub fn status_text(certification: &Certification, portfolio: &Portfolio) -> String {
    let mut out = format!("{} ({})\n\n", certification.title, certification.id);
    let mut rows = vec![
        ["BLOC", "TITRE", "PROGRESSION", "PRÊTS", "EN COURS", ""]
            .map(String::from)
            .to_vec(),
    ];
    for bloc in &certification.blocs {
        let tally = progress::bloc(bloc, portfolio);
        let mark = match (bloc.optional, progress::is_targeted(bloc, portfolio)) {
            (false, _) => "",
            (true, true) => "optionnel, visé",
            (true, false) => "optionnel, non visé",
        };
        rows.push(vec![
            bloc.id.clone(),
            truncate(&bloc.title, TITLE_WIDTH),
            format!("{} {:>3} %", gauge(tally, GAUGE_CELLS), tally.percent()),
            ready_count(tally),
            format!("{} en cours", tally.in_progress),
            mark.to_string(),
        ]);
    }
    out.push_str(&table(&rows));
    let overall = progress::overall(certification, portfolio);
    out.push_str(&format!(
        "\nEnsemble des blocs visés : {} {} ({} %), {} en cours\n",
        gauge(overall, GAUGE_CELLS),
        ready_count(overall),
        overall.percent(),
        overall.in_progress,
    ));
    let orphans = orphans(certification, portfolio);
    if !orphans.is_empty() {
        out.push_str(&format!(
            "\nHors référentiel ({}) : le référentiel ne les contient plus, leurs notes sont \
             gardées ; M sur une note, dans l’interface, la range sous un critère.\n",
            count(orphans.len(), "élément", "éléments")
        ));
        for orphan in &orphans {
            out.push_str(&format!(
                "  {}  {}, {}\n",
                orphan.id,
                count(orphan.notes, "note", "notes"),
                orphan.status.label()
            ));
        }
    }
    out
}

/// Work kept on an id the référentiel no longer has, for `status`.
#[derive(Debug, Serialize)]
struct Orphan {
    id: String,
    notes: usize,
    status: crate::portfolio::Status,
}

fn orphans(certification: &Certification, portfolio: &Portfolio) -> Vec<Orphan> {
    portfolio
        .orphans(certification)
        .into_iter()
        .map(|id| Orphan {
            notes: portfolio.notes(&id).len(),
            status: portfolio.status(&id),
            id,
        })
        .collect()
}

/// `livret status --json`: the progress report, then the experiences and
/// how many critères each covers.
#[derive(Debug, Serialize)]
struct StatusJson<'a> {
    #[serde(flatten)]
    report: progress::StatusReport<'a>,
    experiences: Vec<crate::coverage::ExperienceStatus<'a>>,
    /// The review requests not withdrawn, with where each stands.
    requests: Vec<crate::cycle::RequestView>,
    /// Work kept « hors référentiel »: ids the référentiel no longer has.
    orphans: Vec<Orphan>,
    /// Words, the jury date and the pace, the next steps, the
    /// self-positioning.
    #[serde(flatten)]
    coach: coaching::CoachJson,
}

/// `livret status --json`: `{ "referentiel", "blocs": [ … ], "experiences": [ … ] }`.
pub fn status_json(
    certification: &Certification,
    portfolio: &Portfolio,
    reviews: &[crate::review::Review],
    coaching: &Coaching,
) -> String {
    let target = crate::coach::Guide::new(certification, &coaching.writing).target();
    let json = StatusJson {
        coach: coaching::coach_json(certification, portfolio, reviews, coaching),
        report: progress::status(certification, portfolio, reviews, target),
        experiences: crate::coverage::coverage(certification, portfolio).experience_status(),
        requests: crate::cycle::requests(certification, portfolio, reviews),
        orphans: orphans(certification, portfolio),
    };
    serde_json::to_string_pretty(&json).expect("plain data serializes") + "\n"
}

/// `livret status [ID]`: the certification given, else the one opened last.
/// Errors are full messages for stderr.
pub fn status(
    data: &DataDir,
    id: Option<&str>,
    json: bool,
    coaching: &Coaching,
) -> Result<String, String> {
    let id = match id {
        Some(id) => id.to_string(),
        None => load_state(data).last_referentiel.ok_or_else(|| {
            "aucune certification ouverte récemment ; précisez un identifiant (livret list)"
                .to_string()
        })?,
    };
    let catalog = load_catalog(data);
    let Some(entry) = catalog.get(&id) else {
        return Err(unknown_certification(&id, &catalog));
    };
    let certification = &entry.certification;
    let portfolio = load_portfolio_for(data, certification).map_err(|error| error.to_string())?;
    // A review that cannot be read is left out of the figures, not fatal.
    let (reviews, _) = crate::store::load_reviews_for(data, certification);
    Ok(if json {
        status_json(certification, &portfolio, &reviews, coaching)
    } else {
        status_text(certification, &portfolio)
            + "\n"
            + &coaching::coach_text(certification, &portfolio, &reviews, coaching)
    })
}

/// `livret export ID`: the dossier in the format asked for. Errors are full
/// messages for stderr.
pub fn export(
    data: &DataDir,
    id: &str,
    format: Format,
    options: &Options,
    context: &ExportContext,
) -> Result<Vec<u8>, String> {
    let catalog = load_catalog(data);
    let Some(entry) = catalog.get(id) else {
        return Err(unknown_certification(id, &catalog));
    };
    let certification = &entry.certification;
    options.check(certification)?;
    let portfolio = load_portfolio_for(data, certification).map_err(|error| error.to_string())?;
    // The tutors' reviews go in too; one that cannot be read, or that its
    // file's owner did not write, is left out and named on stderr; one not
    // verified as its tutor's gives no verdict, and is named too.
    let (reviews, ignored) = crate::store::load_reviews_for(data, certification);
    for problem in &ignored {
        output::complain(problem);
    }
    for (review, why) in reviews
        .iter()
        .filter_map(|r| Some((r, r.unverified.as_ref()?)))
    {
        output::complain(&format!(
            "avis de {} {} : ses verdicts ne sont pas repris ; {why}",
            review.tutor,
            crate::review::UNVERIFIED
        ));
    }
    let context = ExportContext {
        reviews,
        ..context.clone()
    };
    Ok(format.render(&Dossier::build(
        certification,
        &portfolio,
        options,
        &context,
    )))
}

/// Where an export goes: the file `-o` names (an existing one only with
/// `--force`), else the standard output; a Word document only to a file or
/// a pipe, never onto the terminal.
pub fn deliver(
    format: Format,
    bytes: &[u8],
    path: Option<&Path>,
    force: bool,
) -> Result<(), String> {
    if let Some(path) = path {
        if path.is_file() && !force {
            return Err(format!(
                "{} existe déjà : --force pour le remplacer, ou un autre nom avec -o",
                path.display()
            ));
        }
        return write_output(path, bytes);
    }
    if format.is_text() {
        output::print(&String::from_utf8_lossy(bytes), output::Kind::Text);
        return Ok(());
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(format!(
            "un document {} ne s’affiche pas dans le terminal : -o FICHIER.{}",
            format.extension().to_uppercase(),
            format.extension()
        ));
    }
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|error| format!("sortie standard : {}", crate::store::describe_io(&error)))
}

/// Writes an export to `path` (atomically, 0600 when new). Its directory must
/// already exist: a mistyped path is reported rather than created.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "{} : le dossier « {} » n’existe pas ; créez-le d’abord ou choisissez \
             un autre chemin avec -o",
            path.display(),
            dir.display()
        ));
    }
    if path.is_dir() {
        return Err(format!(
            "{} : c’est un dossier ; donnez un nom de fichier, par exemple {}",
            path.display(),
            path.join("dossier.html").display()
        ));
    }
    write_atomic(path, bytes).map_err(|error| {
        format!(
            "{} : écriture impossible : {}",
            path.display(),
            crate::store::describe_io(&error)
        )
    })
}

/// The error for an id that is not in the catalog: the ids that are, and the
/// user files that were skipped (the one wanted may be among them).
pub fn unknown_certification(id: &str, catalog: &Catalog) -> String {
    let mut message =
        format!("certification « {id} » inconnue ; identifiants disponibles (livret list) :");
    for entry in &catalog.entries {
        message.push_str(&format!("\n  {}", entry.certification.id));
    }
    for error in &catalog.errors {
        message.push_str(&format!("\nfichier ignoré : {error}"));
    }
    message
}

/// `livret themes`: every theme, the one used at start marked with `*`,
/// and where the user's own go.
pub fn themes(files: &crate::tui::settings::UserFiles, current: &str) -> String {
    let mut rows = vec![
        ["", "THÈME", "DESCRIPTION", "FICHIER"]
            .map(String::from)
            .to_vec(),
    ];
    for entry in &files.themes.entries {
        let name = &entry.theme.name;
        rows.push(vec![
            if name == current { "*" } else { "" }.to_string(),
            name.clone(),
            entry.description.clone(),
            entry
                .path
                .as_ref()
                .map_or_else(|| "intégré".to_string(), |p| p.display().to_string()),
        ]);
    }
    let mut out = table(&rows);
    out.push_str(
        "\n* : le thème de départ (--theme, sinon theme: dans config.ron, sinon mono si \
         NO_COLOR est défini) ; T le change dans l’interface.\n",
    );
    if let Some(config) = &files.config_path {
        out.push_str(&format!(
            "Configuration : {}\nVos thèmes : {}/NOM.ron (base: \"default\" pour ne changer \
             que quelques styles).\n",
            config.display(),
            crate::store::config::themes_dir(config).display()
        ));
    }
    out
}

/// One bloc in `livret tutor --json`.
#[derive(Debug, Serialize)]
struct CohortBloc<'a> {
    id: &'a str,
    /// Units of evidence (critères, shared ones once, and compétences
    /// without critère).
    units: usize,
    ready: usize,
    in_progress: usize,
    validated: usize,
    rework: usize,
}

/// One candidate × certification in `livret tutor --json`.
#[derive(Debug, Serialize)]
struct CohortEntry<'a> {
    /// The name in the portfolio, else the folder's.
    candidate: &'a str,
    folder: &'a str,
    dir: String,
    referentiel: &'a str,
    blocs: Vec<CohortBloc<'a>>,
    awaiting_review: usize,
    last_change: Option<jiff::Timestamp>,
    requests: &'a [crate::cycle::RequestView],
    /// The candidate's replies this tutor has not read.
    unread_replies: usize,
}

/// `livret tutor DIR --json`: the cohort overview for scripts.
pub fn cohort_json(dir: &Path, tutor: &str) -> String {
    let rows = crate::store::overview(dir, tutor);
    let entries: Vec<CohortEntry> = rows
        .iter()
        .map(|row| CohortEntry {
            candidate: &row.candidate,
            folder: &row.folder,
            dir: row.dir.display().to_string(),
            referentiel: &row.referentiel,
            blocs: row
                .blocs
                .iter()
                .map(|(id, t)| CohortBloc {
                    id,
                    units: t.units,
                    ready: t.ready,
                    in_progress: t.in_progress,
                    validated: t.validated,
                    rework: t.rework,
                })
                .collect(),
            awaiting_review: row.awaiting,
            last_change: row.last_change,
            requests: &row.requests,
            unread_replies: row.unread,
        })
        .collect();
    serde_json::to_string_pretty(&entries).expect("plain data serializes") + "\n"
}
