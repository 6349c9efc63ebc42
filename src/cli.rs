//! What the non-interactive subcommands print.

use std::path::Path;

use serde::Serialize;

use crate::referentiel::Certification;
use crate::store::{Catalog, Entry, Origin, check_file};
use crate::text::{count, table};

/// One line of `livret list --json`.
#[derive(Debug, Serialize)]
pub struct ListItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub code: Option<&'a str>,
    pub blocs: usize,
    pub optional_blocs: usize,
    pub competences: usize,
    pub criteres: usize,
    pub source: String,
}

impl<'a> ListItem<'a> {
    pub fn new(entry: &'a Entry) -> Self {
        let c = &entry.certification;
        ListItem {
            id: &c.id,
            title: &c.title,
            code: c.code.as_deref(),
            blocs: c.blocs.len(),
            optional_blocs: c.optional_blocs(),
            competences: c.competences().count(),
            criteres: c.criteres().count(),
            source: match &entry.origin {
                Origin::Bundled => "bundled".to_string(),
                Origin::File(path) => path.display().to_string(),
            },
        }
    }
}

/// `livret list`: a table, or JSON for scripts.
pub fn list(catalog: &Catalog, json: bool) -> String {
    let items: Vec<ListItem> = catalog.entries.iter().map(ListItem::new).collect();
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
    table(&rows)
}

/// One-line summary of a valid référentiel, as `livret check` prints it.
pub fn summary(path: &Path, certification: &Certification) -> String {
    format!(
        "{} : valide — « {} » ({}), {} dont {}, {}, {}",
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
    check_file(path)
        .map(|certification| summary(path, &certification))
        .map_err(|error| error.to_string())
}
