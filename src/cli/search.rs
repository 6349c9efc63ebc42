//! `livret search`: the interface's search, for scripts.

use serde::Serialize;

use super::{load_catalog, load_portfolio_for, load_state, truncate, unknown_certification};
use crate::portfolio::Portfolio;
use crate::store::{DataDir, ReadAhead};

/// One result of `livret search --json`.
#[derive(Debug, Serialize)]
pub struct SearchResult {
    pub kind: crate::search::Kind,
    pub referentiel: String,
    pub id: String,
    pub path: String,
    pub text: String,
    pub score: i64,
}

/// Where `livret search` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// One certification, named.
    One(&'a str),
    /// Every certification (`--all`).
    All,
    /// The certification opened last; every one when none was.
    Current,
}

/// What `livret search` found: the output, warnings for stderr (an
/// unreadable portfolio is searched without its notes), and how many.
#[derive(Debug)]
pub struct Searched {
    pub output: String,
    pub warnings: Vec<String>,
    pub found: usize,
    /// Where it looked, said when nothing was found.
    pub scope: String,
}

/// `livret search`: the TUI's ranking over the current certification (or
/// one, or every one), for scripts.
pub fn search(
    data: &DataDir,
    query: &str,
    scope: Scope,
    limit: usize,
    json: bool,
) -> Result<Searched, String> {
    let wanted = match scope {
        Scope::One(id) => Some(id.to_string()),
        Scope::All => None,
        Scope::Current => load_state(data).last_referentiel,
    };
    // The portfolio is parsed while the catalog is.
    let mut ahead = wanted.as_deref().map(|id| ReadAhead::start(data, id));
    let catalog = load_catalog(data);
    let referentiel = match scope {
        Scope::Current => wanted.filter(|id| catalog.get(id).is_some()),
        _ => wanted,
    };
    let referentiel = referentiel.as_deref();
    if let Some(id) = referentiel
        && catalog.get(id).is_none()
    {
        return Err(unknown_certification(id, &catalog));
    }
    let mut warnings = Vec::new();
    // One query: each certification's texts are streamed through the
    // matcher, no index is built.
    let mut searched = 0;
    let mut results: Vec<SearchResult> = Vec::new();
    for e in catalog
        .entries
        .iter()
        .filter(|e| referentiel.is_none_or(|id| e.certification.id == id))
    {
        let loaded = match ahead.take_if(|a| a.id() == e.certification.id) {
            Some(ahead) => ahead.join_for(&e.certification),
            None => load_portfolio_for(data, &e.certification),
        };
        let portfolio = loaded.unwrap_or_else(|error| {
            warnings.push(format!("{error} (recherche sans les notes)"));
            Portfolio::new(&e.certification.id)
        });
        searched += 1;
        results.extend(
            crate::search::search_stream(&e.certification, &portfolio, query, limit)
                .into_iter()
                .map(|hit| SearchResult {
                    kind: hit.entry.kind,
                    referentiel: e.certification.id.clone(),
                    id: hit.entry.id,
                    path: hit.entry.path,
                    text: hit.entry.text,
                    score: hit.score,
                }),
        );
    }
    // Stable: equal scores keep the catalog's and the référentiel's order.
    results.sort_by_key(|r| std::cmp::Reverse(r.score));
    results.truncate(limit);
    let scope = match referentiel {
        Some(id) => format!("dans {id} (--all pour chercher partout)"),
        None => "dans toutes les certifications".to_string(),
    };
    let found = results.len();
    if json {
        let output = serde_json::to_string_pretty(&results).expect("plain data serializes") + "\n";
        return Ok(Searched {
            output,
            warnings,
            found,
            scope,
        });
    }
    let several = searched > 1;
    let mut out = String::new();
    for result in &results {
        let path = if several {
            format!("{} › {}", result.referentiel, result.path)
        } else {
            result.path.clone()
        };
        let text: String = result.text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!(
            "{path}  [{}]  {}\n",
            result.kind.label(),
            truncate(&text, 100)
        ));
    }
    Ok(Searched {
        output: out,
        warnings,
        found,
        scope,
    })
}
