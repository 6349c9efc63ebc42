//! « Critères : » labels without item markers: the sentence before each
//! label is a compétence, the list after it its critères.

use std::collections::HashSet;

use super::line_starts::{Gap, Strength, word_starts};
use super::markers::Marker;
use super::structure::{Class, Plan, Top, classify, plan, split_with};
use super::unmarked::mid_sentence;
use super::{Split, is_line_break, starts_upper};

/// `Réaliser l’accueil. Critères d’évaluation : - a - b   Traiter. Critères : - c`:
/// the sentence before each label (back to a former line break) is a
/// compétence, the list after the label its critères. Only when no list
/// opens before the first label: then the list is that of the compétences.
pub(super) fn split_criteria(text: &str, markers: &[Marker]) -> Option<Split> {
    let labels = criteria_labels(text);
    let first_label = labels.first()?.0;
    if let Some(plan) = plan(text, markers) {
        let first_top = markers
            .iter()
            .enumerate()
            .find(|&(i, m)| plan.coded.contains(&i) || classify(i, m, &plan, None) == Class::Top);
        if first_top.is_some_and(|(_, m)| m.start < first_label) {
            return None;
        }
    }
    let anchors = criteria_anchors(text, &labels)?;
    let (markers, tops) = with_anchors(markers, &anchors);
    let plan = Plan {
        top: Top::Anchors(tops),
        coded: HashSet::new(),
        relaxed: HashSet::new(),
    };
    let split = split_with(text, &markers, &plan)?;
    split
        .items
        .iter()
        .any(|item| !item.children.is_empty())
        .then_some(split)
}

/// Where each compétence starts: the former line break before its label, or
/// (when the critères ran on one line) the last capital after a sentence end
/// or a bare word. Before the first one, former lines are compétences
/// without critères, but for a preamble ending with « : ».
fn criteria_anchors(text: &str, labels: &[(usize, usize)]) -> Option<Vec<usize>> {
    let starts = word_starts(text);
    let mut anchors = Vec::new();
    let mut k = 0;
    let mut low = 0;
    let mut used = 0;
    // `A   B   Critères :   - x   - y`: one label on its own line after
    // several lines is a heading for the bloc, not a compétence's.
    let mut heading = false;
    for (n, &(label, colon_end)) in labels.iter().enumerate() {
        if label < low {
            continue; // within the previous label (`Critères : Indicateurs :`)
        }
        while k < starts.len() && starts[k].0 <= low {
            k += 1;
        }
        let from = k;
        while k < starts.len() && starts[k].0 < label {
            k += 1;
        }
        let between = &starts[from..k];
        let is_break = |&&(p, gap): &&(usize, Gap)| is_boundary(text, p, gap);
        if n == 0 {
            let first = starts.first().map_or(0, |&(p, _)| p);
            if first >= label {
                return None; // the text opens with the label: no compétence
            }
            let breaks: Vec<usize> = between.iter().filter(is_break).map(|&(p, _)| p).collect();
            // `Le candidat doit : Réaliser l’accueil. Critères :` on one line.
            let last_break = breaks.last().copied().unwrap_or(first);
            let after_colon = between
                .iter()
                .rev()
                .take_while(|&&(p, _)| p > last_break)
                .find(|&&(p, gap)| gap.prev == Some(':') && starts_upper(text, p))
                .map(|&(p, _)| p);
            let pieces: Vec<usize> = std::iter::once(first)
                .chain(breaks)
                .chain(after_colon)
                .collect();
            // The pieces up to the last one ending with « : » are the preamble.
            let preamble = (1..pieces.len())
                .rev()
                .find(|&i| text[..pieces[i]].trim_end().ends_with(':'))
                .unwrap_or(0);
            anchors.extend_from_slice(&pieces[preamble..]);
            let own_line = starts
                .get(k)
                .is_some_and(|&(p, gap)| p == label && is_boundary(text, p, gap));
            heading = own_line && pieces.len() - preamble >= 2;
        } else {
            let start = between.iter().rev().find(is_break).or_else(|| {
                between.iter().rev().find(|&&(p, gap)| {
                    let after_word = gap.strength() == Strength::Weak
                        && gap.prev.is_some_and(char::is_alphanumeric);
                    let after_sentence = matches!(gap.prev, Some('.' | ';' | '!' | '?'));
                    starts_upper(text, p) && (after_word || after_sentence)
                })
            });
            match start {
                Some(&(p, _)) => anchors.push(p),
                None => continue, // one more critère of the previous compétence
            }
        }
        low = colon_end;
        used += 1;
    }
    (used > 1 || !heading).then_some(anchors)
}

/// A former line break: a line break or 2+ blanks, not before a lowercase
/// word that goes on with a sentence.
fn is_boundary(text: &str, p: usize, gap: Gap) -> bool {
    gap.prev.is_some() && (gap.line_break || (gap.blanks >= 2 && !mid_sentence(text, p, gap)))
}

/// The markers with one more at each anchor (or the marker there), and the anchors' indexes.
fn with_anchors(markers: &[Marker], anchors: &[usize]) -> (Vec<Marker>, HashSet<usize>) {
    let anchor = |start: usize| Marker {
        start,
        code_start: start,
        content: start,
        glyph: None,
        code: None,
        strength: Strength::Break,
        after_colon: false,
        after_semicolon: false,
        glyph_strong: false,
        code_strong: false,
        code_weak: false,
    };
    let mut out = Vec::with_capacity(markers.len() + anchors.len());
    let mut tops = HashSet::new();
    let mut next = anchors.iter().copied().peekable();
    for m in markers {
        while let Some(a) = next.next_if(|&a| a < m.content.max(m.start + 1)) {
            if a < m.start {
                tops.insert(out.len());
                out.push(anchor(a));
            } else {
                tops.insert(out.len()); // the marker itself starts the compétence
            }
        }
        out.push(m.clone());
    }
    for a in next {
        tops.insert(out.len());
        out.push(anchor(a));
    }
    (out, tops)
}

/// « Critères d’évaluation : », « Indicateurs : », « Savoir-faire : »… at a
/// sentence start: where each label starts, and where its colon ends.
fn criteria_labels(text: &str) -> Vec<(usize, usize)> {
    text.match_indices(':')
        .filter_map(|(c, _)| criteria_label_before(text, c).map(|start| (start, c + 1)))
        .collect()
}

fn criteria_label_before(text: &str, colon: usize) -> Option<usize> {
    const LABELS: [&str; 12] = [
        "critère",
        "critères",
        "critere",
        "criteres",
        "indicateur",
        "indicateurs",
        "capacité",
        "capacités",
        "capacite",
        "capacites",
        "savoir-faire",
        "savoirs-faire",
    ];
    const QUALIFIERS: [&str; 9] = [
        "d'évaluation",
        "d'evaluation",
        "de",
        "évaluation",
        "performance",
        "réussite",
        "associés",
        "observables",
        "attendus",
    ];
    let is_blank = |c: char| c.is_whitespace() && !is_line_break(c);
    let mut end = colon;
    // Up to three words back: the label, then its qualifiers. A word is
    // letters, `'` and `-` after a blank, so the scan never passes another
    // colon: all colons together stay linear.
    for _ in 0..3 {
        let word_end = text[..end].trim_end_matches(is_blank).len();
        let mut word_start = word_end;
        for (i, c) in text[..word_end].char_indices().rev().take(21) {
            if !(c.is_alphabetic() || matches!(c, '\'' | '’' | '-')) {
                break;
            }
            word_start = i;
        }
        let before = text[..word_start].chars().next_back();
        if word_start == word_end
            || word_end - word_start > 40
            || before.is_some_and(|c| !c.is_whitespace())
        {
            return None;
        }
        let word = text[word_start..word_end].to_lowercase().replace('’', "'");
        if LABELS.contains(&word.as_str()) {
            let before = text[..word_start].trim_end_matches(is_blank);
            let blanks = text[before.len()..word_start].chars().count();
            let opens = before.chars().next_back().is_none_or(|c| {
                is_line_break(c) || blanks >= 2 || matches!(c, '.' | ';' | ':' | '!' | '?')
            });
            return opens.then_some(word_start);
        }
        if !QUALIFIERS.contains(&word.as_str()) {
            return None;
        }
        end = word_start;
    }
    None
}
