//! What `livret import` prints: the fiches of an export, and what an import wrote.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::fiche::printable;
use crate::rncp::{FicheSummary, Register};
use crate::store::DataDir;
use crate::store::import::{ExportInfo, ImportReport, Probe, import_fiches, list_fiches};
use crate::text::{count, table, truncate};

/// One fiche of `livret import FILE --list --json`.
#[derive(Debug, Serialize)]
struct ListedFiche<'a> {
    number: &'a str,
    title: &'a str,
    level: Option<&'a str>,
    active: Option<bool>,
    /// As the export writes it, `31/08/2024`.
    registration_end: Option<&'a str>,
    /// `YYYY-MM-DD`.
    valid_until: Option<String>,
    register: &'static str,
    blocs: Vec<ListedBloc<'a>>,
    importable: bool,
    /// Why not, when not importable.
    reason: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct ListedBloc<'a> {
    code: &'a str,
    title: &'a str,
}

#[derive(Debug, Serialize)]
struct Listing<'a> {
    file: String,
    shape: &'static str,
    export_date: Option<&'a str>,
    query: &'a str,
    fiches: Vec<ListedFiche<'a>>,
}

fn register_name(register: Register) -> &'static str {
    match register {
        Register::Rncp => "rncp",
        Register::Rs => "rs",
        Register::Other => "other",
    }
}

fn reason(summary: &FicheSummary) -> Option<&'static str> {
    match summary.register() {
        _ if summary.importable() => None,
        Register::Rs => Some("fiche RS : pas de blocs de compétences"),
        Register::Rncp => Some("aucun bloc de compétences"),
        Register::Other => Some("numéro inconnu au RNCP"),
    }
}

/// `livret import FILE [--list [QUERY]] [--json]`.
pub fn list(path: &Path, query: &str, json: bool) -> Result<String, String> {
    let (fiches, info) =
        list_fiches(path, query, &Probe::new()).map_err(|e| printable(&e.to_string()))?;
    if json {
        return Ok(list_json(path, query, &fiches, &info));
    }
    Ok(list_text(path, query, &fiches))
}

fn list_json(path: &Path, query: &str, fiches: &[FicheSummary], info: &ExportInfo) -> String {
    let listing = Listing {
        file: path.display().to_string(),
        shape: match info.shape {
            crate::store::import::Shape::Xml => "xml",
            crate::store::import::Shape::ZipXml => "zip-xml",
            crate::store::import::Shape::Csv => "csv",
            crate::store::import::Shape::ZipCsv => "zip-csv",
        },
        export_date: info.date.as_deref(),
        query,
        fiches: fiches
            .iter()
            .map(|f| ListedFiche {
                number: &f.numero,
                title: &f.intitule,
                level: f.niveau.as_deref(),
                active: f.actif,
                registration_end: f.date_fin.as_deref(),
                valid_until: f
                    .date_fin
                    .as_deref()
                    .and_then(crate::rncp::convert::iso_date),
                register: register_name(f.register()),
                blocs: f
                    .blocs
                    .iter()
                    .map(|(code, title)| ListedBloc { code, title })
                    .collect(),
                importable: f.importable(),
                reason: reason(f),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&listing).expect("plain data serializes") + "\n"
}

fn list_text(path: &Path, query: &str, fiches: &[FicheSummary]) -> String {
    let file = shown(path);
    if fiches.is_empty() {
        return if query.trim().is_empty() {
            format!("Aucune fiche dans {file}.\n")
        } else {
            format!(
                "Aucune fiche ne correspond à « {} » dans {}.\n",
                printable(query),
                file
            )
        };
    }
    let mut rows = vec![
        ["NUMÉRO", "INTITULÉ", "NIVEAU", "ACTIVE", "FIN", "BLOCS"]
            .map(String::from)
            .to_vec(),
    ];
    for f in fiches {
        let blocs = match reason(f) {
            None => f.blocs.len().to_string(),
            Some(_) if f.register() == Register::Rs => "RS, sans bloc".to_string(),
            Some(_) => "aucun".to_string(),
        };
        rows.push(vec![
            printable(&f.numero),
            truncate(&printable(&f.intitule), 60),
            f.niveau
                .as_deref()
                .map(printable)
                .unwrap_or_else(|| "–".into()),
            match f.actif {
                Some(true) => "oui".into(),
                Some(false) => "non".into(),
                None => "–".into(),
            },
            f.date_fin
                .as_deref()
                .map(printable)
                .unwrap_or_else(|| "–".into()),
            blocs,
        ]);
    }
    let importable = fiches.iter().filter(|f| f.importable()).count();
    let mut out = table(&rows);
    out.push_str(&format!(
        "\n{} sur {} : importables (RNCP avec blocs de compétences).\n",
        count(importable, "fiche", "fiches"),
        fiches.len()
    ));
    if let Some(first) = fiches.iter().find(|f| f.importable()) {
        out.push_str(&format!(
            "Importer : livret import {} --fiche {}\n",
            file,
            printable(&first.numero)
        ));
    }
    out
}

#[derive(Debug, Serialize)]
struct Imported<'a> {
    written: String,
    id: &'a str,
    code: Option<&'a str>,
    title: &'a str,
    updated: bool,
    backup: Option<String>,
    export_date: Option<&'a str>,
    blocs: Vec<ImportedBloc<'a>>,
    competences: usize,
    criteres: usize,
    warnings: &'a [String],
    /// Work the new version no longer names, kept « hors référentiel ».
    orphans: Vec<Orphan<'a>>,
}

#[derive(Debug, Serialize)]
struct ImportedBloc<'a> {
    id: &'a str,
    title: &'a str,
    competences: usize,
    criteres: usize,
}

#[derive(Debug, Serialize)]
struct Orphan<'a> {
    id: &'a str,
    notes: usize,
}

/// `livret import FILE --fiche N… [--update] [--json]`. Every fiche is
/// attempted; the command fails if any of them did.
pub fn import(
    data: &DataDir,
    path: &Path,
    numeros: &[String],
    update: bool,
    json: bool,
) -> Result<String, String> {
    let results = import_fiches(
        data,
        path,
        numeros,
        update,
        &Arc::new(Probe::default()),
        jiff::Timestamp::now(),
    )
    .map_err(|e| printable(&e.to_string()))?;
    let mut out = String::new();
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for result in &results {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => failures.push(printable(&error.to_string())),
        }
    }
    if json {
        let imported: Vec<Imported> = reports.iter().map(|r| imported(r)).collect();
        out = serde_json::to_string_pretty(&imported).expect("plain data serializes") + "\n";
    } else {
        for report in &reports {
            out.push_str(&report_text(report));
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        // What succeeded is printed with the failure.
        print!("{out}");
        Err(failures.join("\nlivret: "))
    }
}

fn imported(report: &ImportReport) -> Imported<'_> {
    let c = &report.certification;
    Imported {
        written: report.path.display().to_string(),
        id: &c.id,
        code: c.code.as_deref(),
        title: &c.title,
        updated: report.backup.is_some(),
        backup: report.backup.as_ref().map(|p| p.display().to_string()),
        export_date: report.export.date.as_deref(),
        blocs: c
            .blocs
            .iter()
            .map(|b| ImportedBloc {
                id: &b.id,
                title: &b.title,
                competences: b.competences().count(),
                criteres: b.criteres().count(),
            })
            .collect(),
        competences: c.competences().count(),
        criteres: c.criteres().count(),
        warnings: &report.warnings,
        orphans: report
            .orphans
            .iter()
            .map(|(id, notes)| Orphan { id, notes: *notes })
            .collect(),
    }
}

fn report_text(report: &ImportReport) -> String {
    let c = &report.certification;
    let mut out = format!(
        "{} {}\n",
        if report.backup.is_some() {
            "Mis à jour :"
        } else {
            "Écrit :"
        },
        shown(&report.path)
    );
    out.push_str(&format!(
        "{} ({}{})\n",
        printable(&c.title),
        c.code.as_deref().map(printable).unwrap_or_default(),
        c.level
            .as_deref()
            .map(|l| format!(", {}", printable(l)))
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "{}, {}, {}\n",
        count(c.blocs.len(), "bloc", "blocs"),
        count(c.competences().count(), "compétence", "compétences"),
        count(c.criteres().count(), "critère", "critères"),
    ));
    for bloc in &c.blocs {
        out.push_str(&format!(
            "  {}  {} — {}\n",
            printable(&bloc.id),
            truncate(&printable(&bloc.title), 70),
            count(bloc.competences().count(), "compétence", "compétences"),
        ));
    }
    if let Some(backup) = &report.backup {
        out.push_str(&format!("Ancienne version gardée : {}\n", shown(backup)));
    }
    if !report.warnings.is_empty() {
        out.push_str("Avertissements :\n");
        for warning in &report.warnings {
            out.push_str(&format!("  - {}\n", printable(warning)));
        }
    }
    if !report.orphans.is_empty() {
        out.push_str(
            "Travail sur des éléments que cette version ne contient plus (gardé, visible \
             dans « hors référentiel ») :\n",
        );
        for (id, notes) in &report.orphans {
            out.push_str(&format!(
                "  - {} : {}\n",
                printable(id),
                count(*notes, "note", "notes")
            ));
        }
    }
    out.push_str(&format!("Ouvrir : livret open {}\n", c.id));
    out
}

/// A path as printed: a file name is data, and may hold control characters.
fn shown(path: &Path) -> String {
    printable(&path.display().to_string())
}
