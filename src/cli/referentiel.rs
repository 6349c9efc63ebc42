//! The référentiel as an outline: `livret export-referentiel`, `livret
//! new-referentiel`, `livret check FILE.md`, and `livret import` of an
//! outline or of a Moodle, Mahara or CASE framework.

use std::path::Path;

use serde::Serialize;

use crate::fiche::printable;
use crate::outline;
use crate::store::DataDir;
use crate::store::import::{ImportReport, import_other as store_import_other};
use crate::text::count;

/// `livret export-referentiel ID --format md`: the outline, to a file or
/// standard output.
pub fn export_outline(
    data: &DataDir,
    id: &str,
    path: Option<&Path>,
    force: bool,
) -> Result<(), String> {
    let catalog = crate::store::load_catalog(data);
    let Some(entry) = catalog.get(id) else {
        return Err(super::unknown_certification(id, &catalog));
    };
    let text = outline::write(&entry.certification);
    super::deliver(
        crate::export::Format::Markdown,
        text.as_bytes(),
        path,
        force,
    )
}

/// `livret new-referentiel FILE.md`: the commented skeleton, never over a
/// file without `--force`.
pub fn new_outline(path: &Path, force: bool) -> Result<String, String> {
    if path.exists() && !force {
        return Err(format!(
            "{} existe déjà : --force pour le remplacer, ou un autre nom",
            path.display()
        ));
    }
    super::write_output(path, outline::SKELETON.as_bytes())?;
    Ok(format!(
        "Écrit : {}\nRemplacez les exemples par votre référentiel, puis : livret check {0} ; \
         livret import {0}\n",
        printable(&path.display().to_string())
    ))
}

/// `livret check FILE.md`: the outline read and validated, each problem
/// with its line.
pub fn check_outline(path: &Path) -> Result<String, String> {
    let shown = path.display().to_string();
    let text = crate::store::safe::read_given(path).map_err(|e| format!("{shown} : {e}"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = outline::parse(&text, &name).map_err(|e| format!("{shown}: {e}"))?;
    let problems = crate::referentiel::validate(&parsed.certification, None);
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                let line = parsed.line_of(&p.path).unwrap_or(1);
                let earlier = p
                    .earlier
                    .as_deref()
                    .and_then(|path| parsed.line_of(path))
                    .map(|l| format!(" (déjà à la ligne {l})"))
                    .unwrap_or_default();
                format!("{shown}: ligne {line} : {p}{earlier}")
            })
            .collect();
        return Err(lines.join("\n"));
    }
    let mut out = super::summary(path, &parsed.certification);
    for warning in &parsed.warnings {
        out.push_str(&format!("\n  - {}", printable(warning)));
    }
    Ok(out)
}

/// `livret import FILE` for an outline or a framework: `None` when the file
/// is neither (the register's export, read by the RNCP import).
pub fn import_other(
    data: &DataDir,
    path: &Path,
    update: bool,
    json: bool,
) -> Option<Result<String, String>> {
    let report = match store_import_other(data, path, update, jiff::Timestamp::now()) {
        Ok(None) => return None,
        Ok(Some(report)) => report,
        Err(error) => return Some(Err(printable(&error.to_string()))),
    };
    Some(Ok(if json {
        json_report(&report)
    } else {
        text_report(&report)
    }))
}

#[derive(Serialize)]
struct Written<'a> {
    written: String,
    format: &'a str,
    id: &'a str,
    title: &'a str,
    updated: bool,
    blocs: usize,
    competences: usize,
    criteres: usize,
    warnings: &'a [String],
    orphans: Vec<(&'a str, usize)>,
}

fn json_report(report: &ImportReport) -> String {
    let c = &report.certification;
    let written = Written {
        written: report.path.display().to_string(),
        format: report.export.shape.label(),
        id: &c.id,
        title: &c.title,
        updated: report.backup.is_some(),
        blocs: c.blocs.len(),
        competences: c.competences().count(),
        criteres: c.criteres().count(),
        warnings: &report.warnings,
        orphans: report
            .orphans
            .iter()
            .map(|(id, n)| (id.as_str(), *n))
            .collect(),
    };
    serde_json::to_string_pretty(&written).expect("plain data serializes") + "\n"
}

fn text_report(report: &ImportReport) -> String {
    let c = &report.certification;
    let verb = if report.backup.is_some() {
        "Mis à jour"
    } else {
        "Écrit"
    };
    let mut out = format!(
        "{verb} : {} ({})\n{} ({})\n{}, {}, {}\n",
        printable(&report.path.display().to_string()),
        report.export.shape.label(),
        printable(&c.title),
        c.id,
        count(c.blocs.len(), "bloc", "blocs"),
        count(c.competences().count(), "compétence", "compétences"),
        count(c.criteres().count(), "critère", "critères"),
    );
    if !report.warnings.is_empty() {
        out.push_str("Points à vérifier :\n");
    }
    for warning in &report.warnings {
        out.push_str(&format!("  - {}\n", printable(warning)));
    }
    if let Some(backup) = &report.backup {
        out.push_str(&format!(
            "Ancienne version gardée : {}\n",
            printable(&backup.display().to_string())
        ));
    }
    for (id, notes) in &report.orphans {
        out.push_str(&format!(
            "Hors référentiel désormais : {} ({})\n",
            printable(id),
            count(*notes, "note", "notes")
        ));
    }
    out.push_str(&format!("Ouvrir : livret open {}\n", c.id));
    out
}
