//! « Que faire maintenant ? »: the next few things to do, most useful
//! first: what a tutor sent back, comments not answered, critères en cours
//! closest to done in the targeted blocs, then untouched ones.

use std::collections::HashSet;

use serde::Serialize;

use crate::portfolio::{Portfolio, Status};
use crate::progress::is_targeted;
use crate::referentiel::Certification;
use crate::review::{self, Review, Verdict};

/// Why an item is proposed, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A tutor's verdict « à retravailler ».
    Rework,
    /// A tutor's comment newer than the candidate's last reply.
    Comment,
    /// En cours, with this share of its target written.
    AlmostDone,
    /// Nothing written yet.
    Untouched,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::Rework => "renvoyé par le tuteur",
            Reason::Comment => "commentaire sans réponse",
            Reason::AlmostDone => "à terminer",
            Reason::Untouched => "pas encore commencé",
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The critère, compétence or evaluation.
    pub node: String,
    pub reason: Reason,
    /// Words written on it, and expected (units only; 0 otherwise).
    pub words: usize,
    pub target_words: usize,
    /// What it says: a critère's text, a compétence's or evaluation's title.
    pub text: String,
}

/// The first `limit` things to do. `target` is the words expected per
/// unit, `words_of` the words written on one.
pub fn steps(
    certification: &Certification,
    portfolio: &Portfolio,
    reviews: &[Review],
    (target, words_of): (u32, &dyn Fn(&str) -> usize),
    limit: usize,
) -> Vec<Step> {
    let target = target as usize;
    let mut taken: HashSet<String> = HashSet::new();
    let mut out: Vec<Step> = Vec::new();
    let step = |node: &str, reason: Reason| {
        let unit = certification.unit(node);
        Step {
            node: node.to_string(),
            reason,
            words: words_of(node),
            target_words: if unit.is_some() { target } else { 0 },
            text: unit
                .map(|u| u.text.to_string())
                .or_else(|| {
                    let competence = certification.competences().find(|c| c.id == node);
                    competence.map(|c| c.title.clone())
                })
                .or_else(|| {
                    let mut modalites = certification.blocs.iter().flat_map(|b| &b.modalites);
                    modalites
                        .find(|m| m.id.as_deref() == Some(node))
                        .map(|m| m.title.clone())
                })
                .unwrap_or_default(),
        }
    };
    // Items with a verdict or a comment, in the référentiel's order.
    let order = node_order(certification);
    let mut reviewed: Vec<&str> = reviews
        .iter()
        .flat_map(|r| r.items.keys())
        .map(String::as_str)
        .filter(|id| order.contains_key(id))
        .collect();
    reviewed.sort_by_key(|id| order[id]);
    reviewed.dedup();
    for id in &reviewed {
        if out.len() >= limit {
            break;
        }
        if review::combined_verdict(reviews, id) == Some(Verdict::Rework)
            && taken.insert(id.to_string())
        {
            out.push(step(id, Reason::Rework));
        }
    }
    for id in &reviewed {
        if out.len() >= limit {
            break;
        }
        let Some(comment) = review::latest_comment(reviews, id) else {
            continue;
        };
        let replied = portfolio.replies(id).iter().any(|r| r.created > comment);
        if !replied && taken.insert(id.to_string()) {
            out.push(step(id, Reason::Comment));
        }
    }
    let targeted: Vec<_> = certification
        .blocs
        .iter()
        .filter(|b| is_targeted(b, portfolio))
        .flat_map(|b| b.units())
        .collect();
    let mut started: Vec<(usize, usize)> = targeted
        .iter()
        .enumerate()
        .filter(|(_, u)| portfolio.status(u.id) == Status::InProgress)
        .map(|(i, u)| (i, words_of(u.id).min(target)))
        .collect();
    // Closest to done first; the référentiel's order between equals.
    started.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (i, _) in started {
        if out.len() >= limit {
            break;
        }
        let id = targeted[i].id;
        if taken.insert(id.to_string()) {
            out.push(step(id, Reason::AlmostDone));
        }
    }
    for unit in &targeted {
        let untouched = portfolio.status(unit.id) == Status::Todo
            && portfolio.notes(unit.id).iter().all(|n| n.draft);
        if untouched && taken.insert(unit.id.to_string()) {
            out.push(step(unit.id, Reason::Untouched));
        }
        if out.len() >= limit {
            break;
        }
    }
    out.truncate(limit);
    out
}

/// Each node's place in the référentiel (blocs' compétences, critères,
/// evaluations, in reading order).
fn node_order(certification: &Certification) -> std::collections::HashMap<&str, usize> {
    let mut order = std::collections::HashMap::new();
    for bloc in &certification.blocs {
        for competence in bloc.competences() {
            let n = order.len();
            order.entry(competence.id.as_str()).or_insert(n);
            for critere in &competence.criteres {
                let n = order.len();
                order.entry(critere.id.as_str()).or_insert(n);
            }
        }
        for modalite in &bloc.modalites {
            if let Some(id) = &modalite.id {
                let n = order.len();
                order.entry(id.as_str()).or_insert(n);
            }
            for critere in &modalite.criteres {
                let n = order.len();
                order.entry(critere.id.as_str()).or_insert(n);
            }
        }
    }
    order
}
