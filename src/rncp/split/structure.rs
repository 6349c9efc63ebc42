//! Choosing the list's structure from the markers (which family gives the
//! compétences, which their critères) and building the items.

use std::collections::{HashMap, HashSet};

use super::line_starts::{Strength, word_starts};
use super::markers::{Glyph, Marker, follows};
use super::unmarked::{CutMode, cuts};
use super::{Item, Rule, Split, collapse, is_line_break, skip_blanks, starts_upper, words};

/// The markers of each code family that makes a list, in order.
fn code_families(markers: &[Marker]) -> Vec<Vec<usize>> {
    let mut families: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, m) in markers.iter().enumerate() {
        let Some(code) = m.code.as_ref().filter(|_| m.code_strong || m.code_weak) else {
            continue;
        };
        // Labels and weak codes only continue their list, one step at a time.
        let free = m.code_strong && !code.label;
        match index.get(code.family.as_str()) {
            Some(&f) => {
                let last = families[f].last().and_then(|&l| markers[l].code.as_ref());
                if free || last.is_some_and(|last| follows(last, code)) {
                    families[f].push(i);
                }
            }
            None if free || code.label => {
                index.insert(&code.family, families.len());
                families.push(vec![i]);
            }
            None => {}
        }
    }
    for family in &mut families {
        keep_in_sequence(markers, family);
    }
    families.retain(|f| is_list(markers, f));
    families
}

/// Numbers and letters count up: `2024.` after `3.` is a figure, not an item.
fn keep_in_sequence(markers: &[Marker], members: &mut Vec<usize>) {
    let mut prev: Option<u32> = None;
    members.retain(|&i| {
        let Some(code) = markers[i].code.as_ref().filter(|c| c.ordered) else {
            return true;
        };
        let ok = prev.is_none_or(|p| (p..=p + 3).contains(&code.first));
        if ok {
            prev = Some(code.first);
        }
        ok
    });
}

/// A family is a list when two different codes repeat it, or when one code
/// opens the text (or the list after a « : »).
fn is_list(markers: &[Marker], family: &[usize]) -> bool {
    let ids: HashSet<&str> = family
        .iter()
        .filter_map(|&i| markers[i].code.as_ref().map(|c| c.id.as_str()))
        .collect();
    let label = family
        .first()
        .and_then(|&i| markers[i].code.as_ref())
        .is_some_and(|c| c.label);
    match family.first() {
        // `Bloc 1 - Titre :` alone is a title, not a list.
        Some(_) if label => ids.len() >= 2,
        Some(&i) if ids.len() == 1 => {
            let m = &markers[i];
            let opens =
                m.strength == Strength::Start || (m.after_colon && m.strength == Strength::Break);
            opens && m.code.as_ref().is_some_and(|c| !c.bare)
        }
        Some(_) => true,
        None => false,
    }
}

pub(super) enum Top {
    /// The family's shallowest codes are the items, deeper ones critères.
    Codes {
        depth: usize,
        numeric: bool,
        label: bool,
    },
    Glyph(Glyph),
    /// The compétences found before « Critères : » labels, by marker.
    Anchors(HashSet<usize>),
}

pub(super) struct Plan {
    pub(super) top: Top,
    /// Markers whose code becomes [`Item::code`].
    pub(super) coded: HashSet<usize>,
    /// Top bullets accepted after a single blank (`- A - B` on one line).
    pub(super) relaxed: HashSet<usize>,
}

/// The first bullet that makes a list: repeated after line breaks, or
/// opening the text (then the same bullet after one blank also counts
/// before a capital or after a `;`).
fn glyph_list(text: &str, markers: &[Marker]) -> Option<(usize, Glyph, HashSet<usize>)> {
    let mut counts: Vec<(Glyph, usize)> = Vec::new();
    for glyph in markers
        .iter()
        .filter(|m| m.glyph_strong)
        .filter_map(|m| m.glyph)
    {
        match counts.iter_mut().find(|(g, _)| *g == glyph) {
            Some((_, n)) => *n += 1,
            None => counts.push((glyph, 1)),
        }
    }
    for (i, m) in markers.iter().enumerate().filter(|(_, m)| m.glyph_strong) {
        let glyph = m.glyph?;
        if counts.iter().any(|&(g, n)| g == glyph && n >= 2) {
            return Some((m.start, glyph, HashSet::new()));
        }
        if m.strength == Strength::Start || m.after_colon {
            // After « : », `- a - b` is a list even in lowercase, if it ends the
            // text on one line: elsewhere, a dash inside a sentence is likelier.
            let lowercase = m.after_colon && one_line_list(text, markers, i);
            let relaxed = markers
                .iter()
                .enumerate()
                .skip(i + 1)
                .filter(|(_, n)| {
                    let starts = lowercase || n.after_semicolon || starts_upper(text, n.code_start);
                    !n.glyph_strong && n.glyph == Some(glyph) && starts
                })
                .map(|(j, _)| j)
                .collect();
            return Some((m.start, glyph, relaxed));
        }
    }
    None
}

/// No former line break after marker `i` but before markers of its bullet.
fn one_line_list(text: &str, markers: &[Marker], i: usize) -> bool {
    let glyph = markers[i].glyph;
    let mut k = i;
    word_starts(&text[markers[i].start..])
        .into_iter()
        .filter(|(_, gap)| gap.strength() >= Strength::Break)
        .all(|(p, _)| {
            let p = markers[i].start + p;
            while k < markers.len() && markers[k].start < p {
                k += 1;
            }
            markers
                .get(k)
                .is_some_and(|m| m.start == p && m.glyph == glyph)
        })
}

/// The structure that opens the list wins: codes, or bullets (whose codes, if
/// they form a list too, are kept).
pub(super) fn plan(text: &str, markers: &[Marker]) -> Option<Plan> {
    let families = code_families(markers);
    let family = families
        .iter()
        .min_by_key(|f| (markers[f[0]].start, usize::MAX - f.len()))
        .cloned();
    let glyphs = glyph_list(text, markers);
    let mut coded: HashSet<usize> = family.iter().flatten().copied().collect();
    let is_label = |f: &[usize]| markers[f[0]].code.as_ref().is_some_and(|c| c.label);
    // Under numbered labels, the codes of the lists that follow (`C1.1`) are critères.
    if let Some(f) = family.as_ref().filter(|f| is_label(f)) {
        for other in families.iter().filter(|o| o[0] > f[0] && !is_label(o)) {
            coded.extend(other);
        }
    }
    match (family, glyphs) {
        (Some(f), Some((at, glyph, relaxed))) if at < markers[f[0]].start => Some(Plan {
            top: Top::Glyph(glyph),
            coded,
            relaxed,
        }),
        (Some(f), _) => {
            let codes = f.iter().filter_map(|&i| markers[i].code.as_ref());
            let depth = codes.clone().map(|c| c.depth).min().unwrap_or(1);
            let numeric = codes.clone().all(|c| c.numeric);
            let label = codes.clone().any(|c| c.label);
            Some(Plan {
                top: Top::Codes {
                    depth,
                    numeric,
                    label,
                },
                coded,
                relaxed: HashSet::new(),
            })
        }
        (None, Some((_, glyph, relaxed))) => Some(Plan {
            top: Top::Glyph(glyph),
            coded,
            relaxed,
        }),
        (None, None) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Top,
    Child,
    Skip,
}

/// `run`: a bullet list of critères opened after a « : » on the same line,
/// whose next bullets follow after a single blank.
pub(super) fn classify(i: usize, m: &Marker, plan: &Plan, run: Option<Glyph>) -> Class {
    let coded = plan.coded.contains(&i);
    let top = match plan.top {
        Top::Codes { depth, label, .. } => {
            coded
                && m.code
                    .as_ref()
                    .is_some_and(|c| c.depth == depth && c.label == label)
        }
        Top::Glyph(g) => m.glyph == Some(g) && (m.glyph_strong || plan.relaxed.contains(&i)),
        Top::Anchors(ref anchors) => anchors.contains(&i),
    };
    if top {
        Class::Top
    } else if m.glyph_strong || coded || (m.glyph.is_some() && m.glyph == run) {
        Class::Child
    } else {
        Class::Skip
    }
}

/// An item as byte ranges of the cleaned text.
struct Raw {
    code: Option<String>,
    start: usize,
    end: usize,
    children: Vec<Raw>,
}

struct Built {
    preamble_end: usize,
    items: Vec<Raw>,
    warnings: Vec<String>,
}

fn build(text: &str, markers: &[Marker], plan: &Plan) -> Built {
    let mut structural: Vec<(usize, Class)> = Vec::new();
    let mut run = None;
    for (i, m) in markers.iter().enumerate() {
        let class = match classify(i, m, plan, run) {
            // A deeper code before the first item (`1.1.1` with no `1.1`) is an item.
            Class::Child if structural.is_empty() && plan.coded.contains(&i) => Class::Top,
            Class::Child if structural.is_empty() => Class::Skip,
            class => class,
        };
        match class {
            Class::Top => run = None,
            Class::Child if m.glyph.is_some() && m.after_colon && m.strength < Strength::Break => {
                run = m.glyph;
            }
            _ => {}
        }
        if class != Class::Skip {
            structural.push((i, class));
        }
    }
    let mut seen = HashSet::new();
    let mut warnings = Vec::new();
    let mut items: Vec<Raw> = Vec::new();
    for (k, &(i, class)) in structural.iter().enumerate() {
        let m = &markers[i];
        let end = structural
            .get(k + 1)
            .map_or(text.len(), |&(j, _)| markers[j].start);
        // A label (`Compétence 1 :`) stays in the text.
        let mut code = m
            .code
            .as_ref()
            .filter(|c| plan.coded.contains(&i) && !c.label)
            .map(|c| c.id.clone());
        if let Some(id) = code.as_ref().filter(|id| !seen.insert(id.to_string())) {
            warnings.push(format!(
                "code « {id} » en double : sa répétition reste dans le texte, sans code"
            ));
            code = None;
        }
        let start = if code.is_some() {
            m.content
        } else {
            m.code_start
        };
        let raw = Raw {
            code,
            start,
            end: end.max(start),
            children: Vec::new(),
        };
        match items.last_mut() {
            Some(parent) if class == Class::Child => parent.children.push(raw),
            _ => items.push(raw),
        }
    }
    for item in items.iter_mut().filter(|item| item.children.is_empty()) {
        if let Some((end, children)) = label_children(text, item.start, item.end) {
            item.end = end;
            item.children = children;
        }
    }
    let preamble_end = structural
        .first()
        .map_or(text.len(), |&(i, _)| markers[i].start);
    Built {
        preamble_end,
        items,
        warnings,
    }
}

/// « Critères : » then critères separated by former line breaks: the label
/// stays in the parent's text, the pieces after it are its children.
fn label_children(text: &str, start: usize, end: usize) -> Option<(usize, Vec<Raw>)> {
    for (k, _) in text[start..end].match_indices(':') {
        let after = start + k + 1;
        let rest = skip_blanks(text, after).min(end);
        let blanks = &text[after..rest];
        let broken = blanks.chars().count() >= 2 || blanks.chars().any(is_line_break);
        if rest >= end || !broken || !is_label(&text[start..after]) {
            continue;
        }
        let children = cuts(&text[rest..end], CutMode::List)
            .into_iter()
            .map(|(a, b)| Raw {
                code: None,
                start: rest + a,
                end: rest + b,
                children: Vec::new(),
            })
            .collect();
        return Some((after, children));
    }
    None
}

fn is_label(before_colon: &str) -> bool {
    const LABELS: [&str; 6] = [
        "critère",
        "critere",
        "capacité",
        "capacite",
        "indicateur",
        "attendu",
    ];
    // The last words are enough, and a bounded tail keeps long items linear.
    let mut from = before_colon.len().saturating_sub(120);
    while !before_colon.is_char_boundary(from) {
        from -= 1;
    }
    words(&before_colon[from..])
        .iter()
        .rev()
        .take(3)
        .any(|w| LABELS.iter().any(|label| w.starts_with(label)))
}

fn to_item(text: &str, raw: &Raw) -> Item {
    Item {
        code: raw.code.clone(),
        text: collapse(&text[raw.start..raw.end]),
        children: raw
            .children
            .iter()
            .map(|child| to_item(text, child))
            .filter(is_kept)
            .collect(),
    }
}

/// A bullet with nothing after it is no item.
pub(super) fn is_kept(item: &Item) -> bool {
    item.code.is_some() || !item.text.is_empty() || !item.children.is_empty()
}

pub(super) fn split_marked(text: &str, markers: &[Marker]) -> Option<Split> {
    split_with(text, markers, &plan(text, markers)?)
}

pub(super) fn split_with(text: &str, markers: &[Marker], plan: &Plan) -> Option<Split> {
    let built = build(text, markers, plan);
    let items: Vec<Item> = built
        .items
        .iter()
        .map(|raw| to_item(text, raw))
        .filter(is_kept)
        .collect();
    if items.is_empty() {
        return None;
    }
    let nested = items.iter().any(|item| !item.children.is_empty());
    let rule = match plan.top {
        Top::Codes { label: true, .. } => Rule::Numbered,
        Top::Anchors(_) => Rule::Criteria,
        Top::Codes { numeric: true, .. } => Rule::Outline,
        Top::Codes { .. } if nested => Rule::CodesWithCriteria,
        Top::Codes { .. } => Rule::Codes,
        Top::Glyph(_) if nested => Rule::TwoLevels,
        Top::Glyph(Glyph::Dash) => Rule::Dashes,
        Top::Glyph(_) => Rule::Bullets,
    };
    Some(Split {
        preamble: collapse(&text[..built.preamble_end]),
        items,
        rule,
        warnings: built.warnings,
    })
}
