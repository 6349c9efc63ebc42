//! Building the index: the référentiel's entries once, the notes of a
//! critère replaced when they change.

use std::collections::HashMap;

use super::folding::fold_text;
use super::matching::{Matcher, tokens};
use super::{Entry, Index, Kind, SEPARATOR, Target, Token};
use crate::portfolio::{ORPHANS, Portfolio};
use crate::referentiel::{Certification, Competence, Critere, short_id};

impl Index {
    pub fn new(certification: &Certification, portfolio: &Portfolio) -> Self {
        let mut index = Index {
            referentiel: certification.id.clone(),
            entries: Vec::new(),
            vocabulary: Vec::new(),
            token_ids: HashMap::default(),
            exact_ids: HashMap::default(),
            dead: 0,
            matcher: Matcher::new(),
            unit_paths: HashMap::default(),
        };
        index.index_referentiel(certification);
        for unit in certification.units() {
            if let Some(path) = index.unit_paths.get(unit.id).cloned() {
                index.add_notes(unit.id, &path, portfolio);
            }
        }
        // Work the référentiel no longer places is found too, under the
        // tree's « hors référentiel » branch.
        for orphan in portfolio.orphans(certification) {
            let path = format!("{ORPHANS}{SEPARATOR}{orphan}");
            index.unit_paths.insert(orphan.clone(), path.clone());
            index.add_notes(&orphan, &path, portfolio);
        }
        index
    }

    /// Entries that can be found.
    pub fn len(&self) -> usize {
        self.entries.len() - self.dead
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&mut self, kind: Kind, id: String, path: String, text: String, target: Target) {
        let index = self.entries.len() as u32;
        let folded = fold_text(&text);
        for (_, token) in tokens(&folded) {
            let token_id = match self.token_ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = self.vocabulary.len() as u32;
                    self.vocabulary.push(Token {
                        text: token.to_string(),
                        entries: Vec::new(),
                    });
                    self.token_ids.insert(token.to_string(), id);
                    id
                }
            };
            let postings = &mut self.vocabulary[token_id as usize].entries;
            if postings.last() != Some(&index) {
                postings.push(index);
            }
        }
        self.exact_ids
            .entry(fold_text(&id))
            .or_default()
            .push(index);
        self.entries.push(Entry {
            kind,
            id,
            path,
            text,
            target,
            alive: true,
        });
    }

    fn index_referentiel(&mut self, certification: &Certification) {
        for bloc in &certification.blocs {
            let bloc_path = bloc.id.clone();
            self.push(
                Kind::Bloc,
                bloc.id.clone(),
                bloc_path.clone(),
                format!("{} {}", bloc.id, bloc.title),
                Target::Node(bloc.id.clone()),
            );
            for (i, modalite) in bloc.modalites.iter().enumerate() {
                let label = modalite
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("modalité {}", i + 1));
                let id = modalite.id.clone().unwrap_or_else(|| format!("M{}", i + 1));
                let text = match &modalite.id {
                    Some(mid) => format!("{mid} {} {}", modalite.title, modalite.text),
                    None => format!("{} {}", modalite.title, modalite.text),
                };
                let text = [text]
                    .into_iter()
                    .chain(modalite.requirements.iter().cloned())
                    .chain(modalite.deliverables.iter().cloned())
                    .collect::<Vec<_>>()
                    .join(" ");
                // An evaluation with critères is a node of the tree.
                let carries = !modalite.criteres.is_empty() && modalite.id.is_some();
                let target = if carries {
                    Target::Node(id.clone())
                } else {
                    Target::Node(bloc.id.clone())
                };
                let path = format!("{bloc_path}{SEPARATOR}{label}");
                self.push(
                    Kind::Modalite,
                    if carries {
                        id.clone()
                    } else {
                        format!("{}/{id}", bloc.id)
                    },
                    path.clone(),
                    text,
                    target,
                );
                for critere in &modalite.criteres {
                    self.push_critere(critere, &path, &id);
                }
            }
            for activite in &bloc.activites {
                let path = format!("{bloc_path}{SEPARATOR}{}", short_id(&activite.id, &bloc.id));
                self.push(
                    Kind::Activite,
                    activite.id.clone(),
                    path.clone(),
                    format!("{} {}", activite.id, activite.title),
                    Target::Node(activite.id.clone()),
                );
                for competence in &activite.competences {
                    self.index_competence(competence, &path, &activite.id);
                }
            }
            for competence in &bloc.competences {
                self.index_competence(competence, &bloc_path, &bloc.id);
            }
        }
    }

    fn index_competence(&mut self, competence: &Competence, parent_path: &str, parent_id: &str) {
        let path = format!(
            "{parent_path}{SEPARATOR}{}",
            short_id(&competence.id, parent_id)
        );
        self.push(
            Kind::Competence,
            competence.id.clone(),
            path.clone(),
            format!("{} {}", competence.id, competence.title),
            Target::Node(competence.id.clone()),
        );
        if competence.is_leaf() {
            self.unit_paths.insert(competence.id.clone(), path.clone());
        }
        for critere in &competence.criteres {
            self.push_critere(critere, &path, &competence.id);
        }
    }

    fn push_critere(&mut self, critere: &Critere, parent_path: &str, parent_id: &str) {
        let path = format!(
            "{parent_path}{SEPARATOR}{}",
            short_id(&critere.id, parent_id)
        );
        self.unit_paths.insert(critere.id.clone(), path.clone());
        self.push(
            Kind::Critere,
            critere.id.clone(),
            path,
            format!("{} {}", critere.id, critere.text),
            Target::Node(critere.id.clone()),
        );
    }

    fn add_notes(&mut self, critere: &str, critere_path: &str, portfolio: &Portfolio) {
        for (i, note) in portfolio.notes(critere).iter().enumerate() {
            self.push(
                if note.draft { Kind::Draft } else { Kind::Note },
                format!("{critere}#{}", i + 1),
                format!("{critere_path}{SEPARATOR}note {}", i + 1),
                note.text.clone(),
                Target::Note {
                    critere: critere.to_string(),
                    index: i,
                },
            );
        }
    }

    /// Replaces the entries of one unit's notes (a critère's, or a
    /// compétence's without critère; call after they change).
    pub fn refresh_critere(&mut self, critere: &str, portfolio: &Portfolio) {
        let Some(path) = self.unit_paths.get(critere).cloned() else {
            return;
        };
        for entry in &mut self.entries {
            if entry.alive
                && matches!(entry.kind, Kind::Note | Kind::Draft)
                && matches!(&entry.target, Target::Note { critere: c, .. } if c == critere)
            {
                entry.alive = false;
                self.dead += 1;
            }
        }
        self.add_notes(critere, &path, portfolio);
    }
}
