//! The searchable items of a certification and its portfolio, in one fixed
//! order: the index and the streaming matcher both walk them here, so that
//! equal scores rank the same way in both.

use std::collections::HashMap;

use super::{Entry, Kind, SEPARATOR, Target};
use crate::portfolio::{Note, ORPHANS, Portfolio};
use crate::referentiel::{Certification, Competence, Critere, short_id};

/// One item met by the walk. A référentiel entry is small and made whole; a
/// note is borrowed, its id and path made only when it is kept.
pub(super) enum Item<'a> {
    Node(Entry),
    Note {
        unit: &'a str,
        path: &'a str,
        index: usize,
        note: &'a Note,
    },
}

impl Item<'_> {
    pub(super) fn kind(&self) -> Kind {
        match self {
            Item::Node(entry) => entry.kind,
            Item::Note { note, .. } => note_kind(note),
        }
    }

    pub(super) fn text(&self) -> &str {
        match self {
            Item::Node(entry) => &entry.text,
            Item::Note { note, .. } => &note.text,
        }
    }

    /// The entry, its note text copied.
    pub(super) fn into_entry(self) -> Entry {
        match self {
            Item::Node(entry) => entry,
            Item::Note {
                unit,
                path,
                index,
                note,
            } => note_entry(unit, path, index, note, note.text.to_string()),
        }
    }
}

fn note_kind(note: &Note) -> Kind {
    if note.draft { Kind::Draft } else { Kind::Note }
}

/// The entry of the `index`-th note of `unit` (whose path is `path`).
pub(super) fn note_entry(unit: &str, path: &str, index: usize, note: &Note, text: String) -> Entry {
    Entry {
        kind: note_kind(note),
        id: format!("{unit}#{}", index + 1),
        path: format!("{path}{SEPARATOR}note {}", index + 1),
        text,
        target: Target::Note {
            critere: unit.to_string(),
            index,
        },
    }
}

/// Walks the référentiel's entries, then the notes of each unit in the
/// référentiel's order, then the notes kept « hors référentiel ». Returns
/// the path of every unit of evidence, orphans included.
pub(super) fn walk(
    certification: &Certification,
    portfolio: &Portfolio,
    visit: &mut dyn FnMut(Item<'_>),
) -> HashMap<String, String> {
    let mut walker = Walker {
        unit_paths: HashMap::new(),
        visit,
    };
    walker.referentiel(certification);
    for unit in certification.units() {
        if let Some(path) = walker.unit_paths.get(unit.id) {
            notes(unit.id, path, portfolio, walker.visit);
        }
    }
    // Work the référentiel no longer places is found too, under the
    // tree's « hors référentiel » branch.
    for orphan in portfolio.orphans(certification) {
        let path = format!("{ORPHANS}{SEPARATOR}{orphan}");
        notes(&orphan, &path, portfolio, walker.visit);
        walker.unit_paths.insert(orphan, path);
    }
    walker.unit_paths
}

/// Visits the notes of `unit`, whose path is `path`.
pub(super) fn notes(
    unit: &str,
    path: &str,
    portfolio: &Portfolio,
    visit: &mut dyn FnMut(Item<'_>),
) {
    for (index, note) in portfolio.notes(unit).iter().enumerate() {
        visit(Item::Note {
            unit,
            path,
            index,
            note,
        });
    }
}

struct Walker<'v> {
    unit_paths: HashMap<String, String>,
    visit: &'v mut dyn FnMut(Item<'_>),
}

impl Walker<'_> {
    fn node(&mut self, kind: Kind, id: String, path: String, text: String, target: Target) {
        (self.visit)(Item::Node(Entry {
            kind,
            id,
            path,
            text,
            target,
        }));
    }

    fn referentiel(&mut self, certification: &Certification) {
        for bloc in &certification.blocs {
            let bloc_path = bloc.id.clone();
            self.node(
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
                let entry_id = if carries {
                    id.clone()
                } else {
                    format!("{}/{id}", bloc.id)
                };
                self.node(Kind::Modalite, entry_id, path.clone(), text, target);
                for critere in &modalite.criteres {
                    self.critere(critere, &path, &id);
                }
            }
            for activite in &bloc.activites {
                let path = format!("{bloc_path}{SEPARATOR}{}", short_id(&activite.id, &bloc.id));
                self.node(
                    Kind::Activite,
                    activite.id.clone(),
                    path.clone(),
                    format!("{} {}", activite.id, activite.title),
                    Target::Node(activite.id.clone()),
                );
                for competence in &activite.competences {
                    self.competence(competence, &path, &activite.id);
                }
            }
            for competence in &bloc.competences {
                self.competence(competence, &bloc_path, &bloc.id);
            }
        }
    }

    fn competence(&mut self, competence: &Competence, parent_path: &str, parent_id: &str) {
        let path = format!(
            "{parent_path}{SEPARATOR}{}",
            short_id(&competence.id, parent_id)
        );
        self.node(
            Kind::Competence,
            competence.id.clone(),
            path.clone(),
            format!("{} {}", competence.id, competence.title),
            Target::Node(competence.id.clone()),
        );
        for critere in &competence.criteres {
            self.critere(critere, &path, &competence.id);
        }
        if competence.is_leaf() {
            self.unit_paths.insert(competence.id.clone(), path);
        }
    }

    fn critere(&mut self, critere: &Critere, parent_path: &str, parent_id: &str) {
        let path = format!(
            "{parent_path}{SEPARATOR}{}",
            short_id(&critere.id, parent_id)
        );
        self.unit_paths.insert(critere.id.clone(), path.clone());
        self.node(
            Kind::Critere,
            critere.id.clone(),
            path,
            format!("{} {}", critere.id, critere.text),
            Target::Node(critere.id.clone()),
        );
    }
}
