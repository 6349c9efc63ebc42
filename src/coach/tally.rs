//! Words written against the words expected, per item, compétence, bloc
//! and over the targeted blocs: the « rédaction » gauge.

use serde::Serialize;

use crate::portfolio::Portfolio;
use crate::progress::is_targeted;
use crate::referentiel::{Certification, Unit};

/// The words of some units of evidence and what is expected of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Words {
    /// Every word of their notes (drafts and frame headings left out).
    pub words: usize,
    /// Words towards the target: each unit counts up to its target, so
    /// that one long note does not fill a bloc.
    pub toward_target: usize,
    /// The target of each unit, added up.
    pub target_words: usize,
}

impl std::ops::Add for Words {
    type Output = Words;

    fn add(self, other: Words) -> Words {
        Words {
            words: self.words + other.words,
            toward_target: self.toward_target + other.toward_target,
            target_words: self.target_words + other.target_words,
        }
    }
}

impl Words {
    /// Share of the target written, rounded down, 0 without target.
    pub fn percent(&self) -> u8 {
        (self.toward_target * 100)
            .checked_div(self.target_words)
            .unwrap_or(0)
            .min(100) as u8
    }

    pub fn ratio(&self) -> f64 {
        if self.target_words == 0 {
            0.0
        } else {
            (self.toward_target as f64 / self.target_words as f64).min(1.0)
        }
    }

    /// Words still to write to reach the target.
    pub fn left(&self) -> usize {
        self.target_words.saturating_sub(self.toward_target)
    }
}

/// The words of these units, each counted once, against `target` each.
pub fn units<'a>(
    units: impl IntoIterator<Item = Unit<'a>>,
    portfolio: &Portfolio,
    target: u32,
) -> Words {
    units_with(units, |id| portfolio.words(id), target)
}

/// [`units`] with the words of each unit already counted (`words_of`).
pub fn units_with<'a>(
    units: impl IntoIterator<Item = Unit<'a>>,
    words_of: impl Fn(&str) -> usize,
    target: u32,
) -> Words {
    let target = target as usize;
    units
        .into_iter()
        .map(|unit| {
            let words = words_of(unit.id);
            Words {
                words,
                toward_target: words.min(target),
                target_words: target,
            }
        })
        .fold(Words::default(), |a, b| a + b)
}

/// Over the blocs the candidate aims for.
pub fn overall(certification: &Certification, portfolio: &Portfolio, target: u32) -> Words {
    certification
        .blocs
        .iter()
        .filter(|b| is_targeted(b, portfolio))
        .map(|b| units(b.units(), portfolio, target))
        .fold(Words::default(), |a, b| a + b)
}
