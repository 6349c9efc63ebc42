//! A bloc of the fiche into a bloc of the référentiel: its compétences
//! and critères from the split of `LISTE_COMPETENCES`, and its modalités.

use super::ids::Ids;
use super::texts::{one_line, paragraphs};
use crate::referentiel::{Bloc, Competence, Critere, Modalite};
use crate::rncp::FicheBloc;
use crate::rncp::split::{self, Item, Split};

/// An item's text, or its code when the source gives nothing else (`C1.`
/// alone): a compétence is never without a title.
fn text_or_code(item: &Item) -> Option<String> {
    Some(item.text.trim())
        .filter(|t| !t.is_empty())
        .or(item.code.as_deref())
        .map(str::to_string)
}

pub(super) fn convert_bloc(
    numero: &str,
    source: &FicheBloc,
    index: usize,
    ids: &mut Ids,
    warnings: &mut Vec<String>,
) -> (Bloc, String) {
    let code = source.code.trim();
    // `RNCP36490BC01` reads `BC01` in the tree and the gauges; the code stays
    // whole beside it.
    let short = code
        .strip_prefix(numero)
        .filter(|rest| !rest.is_empty() && !rest.chars().any(char::is_whitespace));
    let id = ids.take(&match (code.is_empty(), short) {
        (true, _) => format!("BC{:02}", index + 1),
        (false, Some(short)) => short.to_string(),
        (false, None) => code.to_string(),
    });
    let title = one_line(&source.libelle).unwrap_or_else(|| id.clone());
    let Split {
        preamble,
        items,
        rule,
        warnings: split_warnings,
    } = split::split(&source.competences);
    warnings.extend(split_warnings.into_iter().map(|w| format!("{id} : {w}")));
    // Unchanged texts claim their old ids first (see `Ids`).
    let kept: Vec<Option<String>> = items
        .iter()
        .map(|item| ids.unchanged(&id, &item.text))
        .collect();
    let mut competences: Vec<Competence> = items
        .iter()
        .zip(kept)
        .enumerate()
        .filter_map(|(n, (item, kept))| competence(&id, n, item, kept, &preamble, ids))
        .collect();
    let mut rule = rule.describe().to_string();
    if competences.is_empty() {
        // Nothing to split (the CSV export has no compétence text): the bloc
        // itself is what the candidate gives evidence for.
        competences.push(Competence {
            id: ids
                .unchanged(&id, &title)
                .unwrap_or_else(|| ids.item(&id, &id, None, &title, "C", 1)),
            title: title.clone(),
            conditions: preamble.clone(),
            results: String::new(),
            knowledge: Vec::new(),
            criteres: Vec::new(),
            former_ids: Vec::new(),
        });
        rule = "pas de liste de compétences dans la source : le bloc est une seule \
                compétence, son intitulé"
            .to_string();
    }
    let modalites = match source.modalites.trim() {
        "" => Vec::new(),
        text => vec![Modalite {
            id: None,
            title: "Modalités d’évaluation".to_string(),
            text: paragraphs(text),
            duration: None,
            deliverables: Vec::new(),
            requirements: Vec::new(),
            covers: Vec::new(),
            criteres: Vec::new(),
        }],
    };
    let bloc = Bloc {
        code: (!code.is_empty() && code != id).then(|| code.to_string()),
        id,
        title,
        optional: false,
        description: preamble,
        modalites,
        knowledge: Vec::new(),
        activites: Vec::new(),
        competences,
    };
    (bloc, rule)
}

fn competence(
    bloc: &str,
    n: usize,
    item: &Item,
    kept: Option<String>,
    preamble: &str,
    ids: &mut Ids,
) -> Option<Competence> {
    let title = text_or_code(item)?;
    let id = kept.unwrap_or_else(|| ids.item(bloc, bloc, item.code.as_deref(), &title, "C", n + 1));
    let children: Vec<(&Item, String)> = item
        .children
        .iter()
        .filter_map(|child| Some((child, text_or_code(child)?)))
        .collect();
    let kept: Vec<Option<String>> = children
        .iter()
        .map(|(_, text)| ids.unchanged(&id, text))
        .collect();
    let criteres = children
        .iter()
        .zip(kept)
        .enumerate()
        .map(|(k, ((child, text), kept))| {
            // `1.1.1` under `1.1` is already a whole code of the bloc: the id
            // reads `BC01.1.1.1`, not `BC01.1.1.1.1.1`.
            let extends = match (&item.code, &child.code) {
                (Some(parent), Some(code)) => code
                    .strip_prefix(parent.as_str())
                    .is_some_and(|rest| rest.starts_with('.')),
                _ => false,
            };
            let prefix = if extends { bloc } else { id.as_str() };
            let id = kept
                .unwrap_or_else(|| ids.item(prefix, &id, child.code.as_deref(), text, "", k + 1));
            Critere {
                former_ids: ids.former(&id),
                id,
                text: text.clone(),
                group: None,
            }
        })
        .collect();
    Some(Competence {
        former_ids: ids.former(&id),
        id,
        title,
        conditions: preamble.to_string(),
        results: String::new(),
        knowledge: Vec::new(),
        criteres,
    })
}
