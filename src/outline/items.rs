//! The lists of an outline: critères (and their groups), the items of a
//! `>` field, a modalité's block.

use super::error::OutlineError;
use super::labels::{self as l, FORMER, labelled, split_id, unescape};
use crate::referentiel::{Critere, Modalite};

/// `> Modalités : E1 — Titre` and the lines under it.
pub(super) fn modalite(
    head: &str,
    body: &[(usize, &str)],
    index: usize,
) -> Result<Modalite, OutlineError> {
    let (id, title) = split_id(head);
    let mut m = Modalite {
        id: id.map(str::to_string),
        title: title.to_string(),
        text: String::new(),
        duration: None,
        deliverables: Vec::new(),
        requirements: Vec::new(),
        covers: Vec::new(),
        criteres: Vec::new(),
    };
    let subs = [
        l::DURATION,
        l::COVERS,
        l::DELIVERABLES,
        l::MODALITE_REQUIREMENTS,
        l::CRITERES,
    ];
    let mut text = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let (_, line) = body[i];
        match labelled(line, &subs) {
            Some((l::DURATION, rest)) => m.duration = Some(rest.trim().to_string()),
            Some((l::COVERS, rest)) => m.covers = ids_list(rest),
            Some((label, rest)) => {
                let start = i + 1;
                let mut end = start;
                while end < body.len()
                    && (body[end].1.starts_with("- ") || body[end].1.starts_with(' '))
                {
                    end += 1;
                }
                // A first item on the label's line: `Livrables : Un dossier`.
                let first = format!("- {}", rest.trim());
                let mut items: Vec<(usize, &str)> = Vec::new();
                if !rest.trim().is_empty() {
                    items.push((body[i].0, first.as_str()));
                }
                items.extend_from_slice(&body[start..end]);
                let items = items.as_slice();
                match label {
                    l::DELIVERABLES => m.deliverables = items_of(items)?,
                    l::MODALITE_REQUIREMENTS => m.requirements = items_of(items)?,
                    _ => {
                        m.criteres = critere_items(items)?.into_iter().map(|(_, c)| c).collect();
                        let base = m.id.clone().unwrap_or_else(|| format!("M{:02}", index + 1));
                        for (k, critere) in m.criteres.iter_mut().enumerate() {
                            if critere.id.is_empty() {
                                critere.id = format!("{base}.CR{:02}", k + 1);
                            }
                        }
                    }
                }
                i = end;
                continue;
            }
            None => text.push(body[i]),
        }
        i += 1;
    }
    m.text = quoted_text(&text);
    Ok(m)
}

/// `A, B, C` as ids.
pub(super) fn ids_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The lines of a quoted text, unescaped, blank lines at both ends off.
pub(super) fn quoted_text(lines: &[(usize, &str)]) -> String {
    let lines: Vec<&str> = lines.iter().map(|(_, line)| unescape(line)).collect();
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(s), Some(e)) => lines[s..=e].join("\n"),
        _ => String::new(),
    }
}

/// The `- item` lines of a quoted list.
pub(super) fn quoted_items(lines: &[(usize, &str)]) -> Result<Vec<String>, OutlineError> {
    let lines: Vec<(usize, &str)> = lines
        .iter()
        .copied()
        .filter(|(_, line)| !line.is_empty())
        .collect();
    items_of(&lines)
}

/// `- item` lines, each with its indented continuation lines.
fn items_of(lines: &[(usize, &str)]) -> Result<Vec<String>, OutlineError> {
    let mut items: Vec<String> = Vec::new();
    for &(n, line) in lines {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_string());
        } else if let (Some(rest), Some(last)) = (line.strip_prefix("  "), items.last_mut()) {
            last.push('\n');
            last.push_str(unescape(rest));
        } else if line.trim().is_empty() && !items.is_empty() {
            items.last_mut().expect("an item").push('\n');
        } else {
            return Err(OutlineError {
                line: n,
                message: "une liste attend des lignes « - élément »".to_string(),
            });
        }
    }
    Ok(items)
}

/// An item of a critère list: its text's lines, its former ids, and the
/// critères indented under it (which make it a group).
#[derive(Default)]
struct Item {
    /// Its line in the file.
    line: usize,
    text: Vec<String>,
    former: Vec<String>,
    children: Vec<Item>,
}

/// `- ID — texte` items; an item with indented items under it is a group.
/// Each critère with its line.
pub(super) fn critere_items(
    lines: &[(usize, &str)],
) -> Result<Vec<(usize, Critere)>, OutlineError> {
    let mut items: Vec<Item> = Vec::new();
    for &(n, line) in lines {
        let unexpected = || OutlineError {
            line: n,
            message: "ligne inattendue dans les critères : « - critère », ou « - groupe » \
                      suivi de « ␣␣- critère »"
                .to_string(),
        };
        if let Some(text) = line.strip_prefix("- ") {
            items.push(Item {
                line: n,
                text: vec![text.to_string()],
                ..Item::default()
            });
            continue;
        }
        let top = items.last_mut().ok_or_else(unexpected)?;
        // Under an item, however indented (spaces or tabs): a critère of
        // its group, or more of the last one's text.
        let rest = line.trim_start();
        if line.starts_with([' ', '\t']) && rest.starts_with("- ") {
            top.children.push(Item {
                line: n,
                text: vec![rest[2..].to_string()],
                ..Item::default()
            });
        } else if line.starts_with([' ', '\t']) || rest.is_empty() {
            let last = match top.children.last_mut() {
                Some(child) => child,
                None => top,
            };
            continuation(last, rest);
        } else {
            return Err(unexpected());
        }
    }
    let mut criteres = Vec::new();
    for item in items {
        if item.children.is_empty() {
            criteres.push((item.line, critere_of(item, None)));
        } else {
            let group = item.text.join("\n").trim_end().to_string();
            for child in item.children {
                criteres.push((child.line, critere_of(child, Some(group.clone()))));
            }
        }
    }
    Ok(criteres)
}

/// A line under an item: its former ids, or more of its text.
fn continuation(item: &mut Item, rest: &str) {
    match rest.strip_prefix(FORMER) {
        Some(ids) => item.former = ids_list(ids),
        None => item.text.push(unescape(rest).to_string()),
    }
}

fn critere_of(mut item: Item, group: Option<String>) -> Critere {
    // A blank line between an item and what follows it is not its text.
    while item.text.len() > 1 && item.text.last().is_some_and(String::is_empty) {
        item.text.pop();
    }
    let text = item.text.join("\n");
    let (id, text) = split_id(&text);
    Critere {
        id: id.unwrap_or_default().to_string(),
        text: text.to_string(),
        group,
        former_ids: item.former,
    }
}
