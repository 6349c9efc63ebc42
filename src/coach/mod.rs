//! The coach: help to write a dossier and a pace to keep. Writing prompts
//! and their frame, word counts against a target, hints on each note, the
//! next things to do, the pace towards the jury date, France VAE's
//! self-positioning.
//!
//! Pure: no IO, no terminal. Today's date and the time zone are given by
//! the caller.

pub mod frame;
pub mod hints;
pub mod next;
pub mod pace;
pub mod positioning;
pub mod tally;

use crate::referentiel::{Certification, Writing};

pub use crate::text::words::{FRAME_MARK, count, is_frame_heading};

/// Words expected per unit of evidence when neither the référentiel nor the
/// user says: a livret 2 runs to some forty pages for thirty to forty items.
pub const DEFAULT_TARGET: u32 = 300;

/// The usual questions of a dossier de validation, as headings the
/// candidate writes under.
pub const DEFAULT_PROMPTS: [&str; 5] = [
    "La situation : où, quand, pour qui ?",
    "Ce que j’ai fait, étape par étape",
    "Avec qui, avec quels moyens",
    "Le résultat, et comment je l’ai mesuré",
    "Ce que j’en ai appris",
];

/// The writing help that applies to one certification: the référentiel's
/// and the user's (`writing:` in `config.ron`).
#[derive(Debug, Clone, Copy)]
pub struct Guide<'a> {
    certification: &'a Certification,
    user: &'a Writing,
}

impl<'a> Guide<'a> {
    pub fn new(certification: &'a Certification, user: &'a Writing) -> Self {
        Guide {
            certification,
            user,
        }
    }

    /// Words expected per unit: the référentiel's target, else the user's,
    /// else [`DEFAULT_TARGET`].
    pub fn target(&self) -> u32 {
        self.certification
            .writing
            .target_words
            .filter(|&t| t > 0)
            .or(self.user.target_words.filter(|&t| t > 0))
            .unwrap_or(DEFAULT_TARGET)
    }

    /// The prompts for the item `id`: the nearest ones up from it (the item,
    /// its compétence or evaluation, its activité, its bloc, then `"*"`),
    /// the user's before the référentiel's, else [`DEFAULT_PROMPTS`].
    pub fn prompts(&self, id: &str) -> Vec<&'a str> {
        let mut chain = ancestors(self.certification, id);
        chain.push("*");
        for writing in [self.user, &self.certification.writing] {
            let found = chain
                .iter()
                .filter_map(|key| writing.prompts.get(*key))
                .find(|p| p.iter().any(|line| !line.trim().is_empty()));
            if let Some(prompts) = found {
                return prompts
                    .iter()
                    .map(|p| p.trim())
                    .filter(|p| !p.is_empty())
                    .collect();
            }
        }
        DEFAULT_PROMPTS.to_vec()
    }
}

/// `id` and the nodes above it, nearest first, up to its bloc: a critère,
/// its compétence (or evaluation), the activité, the bloc. Empty for an id
/// that names nothing.
pub fn ancestors<'c>(certification: &'c Certification, id: &str) -> Vec<&'c str> {
    for bloc in &certification.blocs {
        let mut chain: Vec<&str> = Vec::new();
        if bloc.id == id {
            return vec![&bloc.id];
        }
        for modalite in &bloc.modalites {
            let Some(m) = &modalite.id else { continue };
            if m == id {
                chain = vec![m];
            } else if let Some(k) = modalite.criteres.iter().find(|k| k.id == id) {
                chain = vec![&k.id, m];
            }
        }
        for activite in &bloc.activites {
            if activite.id == id {
                chain = vec![&activite.id];
            }
            for competence in &activite.competences {
                if let Some(found) = in_competence(competence, id) {
                    chain = found;
                    chain.push(&activite.id);
                }
            }
        }
        for competence in &bloc.competences {
            if let Some(found) = in_competence(competence, id) {
                chain = found;
            }
        }
        if !chain.is_empty() {
            chain.push(&bloc.id);
            return chain;
        }
    }
    Vec::new()
}

fn in_competence<'c>(
    competence: &'c crate::referentiel::Competence,
    id: &str,
) -> Option<Vec<&'c str>> {
    if competence.id == id {
        return Some(vec![&competence.id]);
    }
    let critere = competence.criteres.iter().find(|k| k.id == id)?;
    Some(vec![&critere.id, &competence.id])
}

#[cfg(test)]
mod tests;
