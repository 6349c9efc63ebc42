//! What `livret import` prints: the fiches of an export, and what an import wrote.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::fiche::printable;
use crate::rncp::{FicheSummary, Register};
use crate::store::DataDir;
use crate::store::import::{ImportReport, Probe, Shape, each_fiche, import_fiches};
use crate::text::{count, truncate};
use unicode_width::UnicodeWidthStr;

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

fn listed(f: &FicheSummary) -> ListedFiche<'_> {
    ListedFiche {
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
    }
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Xml => "xml",
        Shape::ZipXml => "zip-xml",
        Shape::Csv => "csv",
        Shape::ZipCsv => "zip-csv",
        Shape::Other(_) => "other",
    }
}

/// Widths of the listing's columns, fixed so that each row is printed as
/// soon as its fiche is read (a whole register is tens of thousands).
const WIDTHS: [usize; 5] = [11, 60, 9, 6, 10];

fn row(cells: [&str; 6]) -> String {
    let mut line = String::new();
    for (cell, width) in cells.iter().zip(WIDTHS) {
        let cell = truncate(cell, width);
        line.push_str(&cell);
        line.push_str(&" ".repeat(width.saturating_sub(cell.width()) + 2));
    }
    line.push_str(cells[5]);
    line.trim_end().to_string() + "\n"
}

fn text_row(f: &FicheSummary) -> String {
    let blocs = match reason(f) {
        None => f.blocs.len().to_string(),
        Some(_) if f.register() == Register::Rs => "RS, sans bloc".to_string(),
        Some(_) => "aucun".to_string(),
    };
    let level = f.niveau.as_deref().map(printable);
    let end = f.date_fin.as_deref().map(printable);
    row([
        &printable(&f.numero),
        &printable(&f.intitule),
        level.as_deref().unwrap_or("–"),
        match f.actif {
            Some(true) => "oui",
            Some(false) => "non",
            None => "–",
        },
        end.as_deref().unwrap_or("–"),
        &blocs,
    ])
}

/// `livret import FILE [--list [QUERY]] [--json]`, written to `out` fiche by
/// fiche as the export is read.
pub fn list(out: &mut dyn Write, path: &Path, query: &str, json: bool) -> Result<(), String> {
    let file = shown(path);
    let mut listed_count = 0usize;
    let mut importable = None;
    let mut importable_count = 0usize;
    // A closed pipe (`| head`) ends the read quietly.
    let mut closed = false;
    let mut emit = |out: &mut dyn Write, text: &str| {
        if !closed && out.write_all(text.as_bytes()).is_err() {
            closed = true;
        }
        !closed
    };
    if json {
        let head = format!(
            "{{\n  \"file\": {},\n  \"query\": {},\n  \"fiches\": [",
            serde_json::to_string(&path.display().to_string()).expect("a string serializes"),
            serde_json::to_string(query).expect("a string serializes"),
        );
        emit(out, &head);
    } else {
        emit(
            out,
            &row(["NUMÉRO", "INTITULÉ", "NIVEAU", "ACTIVE", "FIN", "BLOCS"]),
        );
    }
    let result = each_fiche(path, query, &Probe::new(), &mut |f| {
        listed_count += 1;
        if f.importable() {
            importable_count += 1;
            importable.get_or_insert_with(|| f.numero.clone());
        }
        let text = if json {
            let fiche = serde_json::to_string_pretty(&listed(&f)).expect("plain data serializes");
            let separator = if listed_count == 1 { "\n" } else { ",\n" };
            format!("{separator}    {}", fiche.replace('\n', "\n    "))
        } else {
            text_row(&f)
        };
        emit(out, &text)
    });
    let info = result.map_err(|e| printable(&e.to_string()))?;
    if json {
        let tail = format!(
            "\n  ],\n  \"shape\": \"{}\",\n  \"export_date\": {}\n}}\n",
            shape_name(info.shape),
            serde_json::to_string(&info.date).expect("plain data serializes"),
        );
        emit(out, &tail);
        return Ok(());
    }
    let mut tail = String::new();
    if listed_count == 0 {
        tail = if query.trim().is_empty() {
            format!("Aucune fiche dans {file}.\n")
        } else {
            format!(
                "Aucune fiche ne correspond à « {} » dans {file}.\n",
                printable(query)
            )
        };
    } else {
        tail.push_str(&format!(
            "\n{} sur {listed_count} : importables (RNCP avec blocs de compétences).\n",
            count(importable_count, "fiche", "fiches"),
        ));
        if let Some(first) = importable {
            tail.push_str(&format!(
                "Importer : livret import {file} --fiche {}\n",
                printable(&first)
            ));
        }
    }
    emit(out, &tail);
    Ok(())
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
        super::output::print(&out, super::output::Kind::of(json));
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
