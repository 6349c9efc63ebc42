//! France VAE's self-positioning per compétence, « oui / partiellement /
//! non »: set by the candidate, or derived from the statuses and levels of
//! the compétence's critères until they set it.

use crate::portfolio::{Portfolio, Positioning, Status};
use crate::referentiel::{Bloc, Competence};

/// A compétence's positioning and whether the candidate set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stance {
    pub positioning: Positioning,
    /// False: derived from the critères, shown as such.
    pub set: bool,
}

impl Stance {
    /// For the tree: ✓ oui, ½ partiellement, ✗ non; `~` before one that
    /// is derived.
    pub fn mark(&self) -> String {
        let symbol = match self.positioning {
            Positioning::Oui => "✓",
            Positioning::Partiellement => "½",
            Positioning::Non => "✗",
        };
        if self.set {
            symbol.to_string()
        } else {
            format!("~{symbol}")
        }
    }

    /// « oui », « partiellement (estimé) ».
    pub fn label(&self) -> String {
        if self.set {
            self.positioning.label().to_string()
        } else {
            format!("{} (estimé)", self.positioning.label())
        }
    }
}

/// Derived from the units the compétence answers for: every one prêt and
/// none self-assessed under 3 → oui; any work on one (a note, a status, a
/// level of 2 or more) → partiellement; else non.
pub fn derived(bloc: &Bloc, competence: &Competence, portfolio: &Portfolio) -> Positioning {
    let units: Vec<&str> = bloc.units_of(competence).map(|u| u.id).collect();
    let all_ready = !units.is_empty()
        && units.iter().all(|id| {
            portfolio.status(id) == Status::Ready
                && portfolio
                    .critere(id)
                    .and_then(|w| w.level)
                    .is_none_or(|l| l >= 3)
        });
    let some_work = units.iter().any(|id| {
        portfolio.critere(id).is_some_and(|w| {
            w.status != Status::Todo
                || w.notes.iter().any(|n| !n.draft)
                || w.level.is_some_and(|l| l >= 2)
        })
    });
    if all_ready {
        Positioning::Oui
    } else if some_work {
        Positioning::Partiellement
    } else {
        Positioning::Non
    }
}

/// The candidate's positioning on the compétence, else the derived one.
pub fn stance(bloc: &Bloc, competence: &Competence, portfolio: &Portfolio) -> Stance {
    match portfolio.positioning.get(&competence.id) {
        Some(&positioning) => Stance {
            positioning,
            set: true,
        },
        None => Stance {
            positioning: derived(bloc, competence, portfolio),
            set: false,
        },
    }
}
