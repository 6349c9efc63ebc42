//! The pièces justificatives as the dossier lists them: numbered in the
//! candidate's order (the numbers the notes cite), with where this dossier
//! cites each one.

use super::{Bloc, Note, Piece};
use crate::portfolio::{self, Portfolio};

/// The pieces the dossier lists: all of them for the whole certification;
/// for some blocs only (`partial`), those cited by the notes shown.
pub(super) fn pieces<'a>(
    portfolio: &'a Portfolio,
    blocs: &[Bloc<'a>],
    partial: bool,
) -> Vec<Piece<'a>> {
    let shown = shown_notes(blocs);
    portfolio
        .pieces
        .iter()
        .enumerate()
        .filter_map(|(index, piece)| {
            let cited: Vec<String> = shown
                .iter()
                .filter(|(_, note)| note.cites.contains(&piece.id))
                .map(|(unit, note)| format!("{unit} — {}", note.title))
                .collect();
            if partial && cited.is_empty() {
                return None;
            }
            Some(Piece {
                number: portfolio::Piece::number(index),
                title: &piece.title,
                file: &piece.file,
                description: &piece.description,
                cited,
            })
        })
        .collect()
}

/// Every note the dossier shows, with the id of its unit, in the order
/// printed.
fn shown_notes<'d, 'a>(blocs: &'d [Bloc<'a>]) -> Vec<(&'a str, &'d Note<'a>)> {
    let mut shown = Vec::new();
    for bloc in blocs {
        for competence in bloc.groups.iter().flat_map(|g| &g.competences) {
            if let Some(evidence) = &competence.evidence {
                shown.extend(evidence.notes.iter().map(|n| (competence.id, n)));
            }
            for critere in &competence.criteres {
                shown.extend(critere.evidence.notes.iter().map(|n| (critere.id, n)));
            }
        }
        for critere in bloc.evaluations.iter().flat_map(|e| &e.criteres) {
            shown.extend(critere.evidence.notes.iter().map(|n| (critere.id, n)));
        }
    }
    shown
}
