//! The pièces justificatives: documents the candidate joins to the dossier
//! (an attestation, an organigramme, a report), listed once and cited by
//! the notes they support. The dossier lists them as annexes, numbered in
//! the candidate's order, with where each is cited.
//!
//! A piece has a stable id (`piece-1`, `piece-2`…) never given out twice in
//! a portfolio, like an experience: a citation cannot come to mean another
//! document.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Note, Portfolio};

/// A document joined to the dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Piece {
    /// `piece-N`, given by [`Portfolio::add_piece`].
    pub id: String,
    /// What the document is: « Attestation d’emploi, Lacroix SA ».
    pub title: String,
    /// Its file name, or where the jury finds it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// What it shows, in a few lines.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Piece {
    /// `Pièce 3`: how the dossier numbers the piece at `index` (from 0).
    pub fn number(index: usize) -> String {
        format!("Pièce {}", index + 1)
    }

    /// `Pièce 2 — Attestation d’emploi` for each id of `ids` that names
    /// one of `pieces`, in the list's order.
    pub fn labels(pieces: &[Piece], ids: &[String]) -> Vec<String> {
        pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| ids.contains(&p.id))
            .map(|(i, p)| format!("{} — {}", Piece::number(i), crate::text::visible(&p.title)))
            .collect()
    }
}

impl Portfolio {
    pub fn piece(&self, id: &str) -> Option<&Piece> {
        self.pieces.iter().find(|p| p.id == id)
    }

    /// Adds a piece at the end of the list under a new id; returns the id.
    pub fn add_piece(&mut self, mut piece: Piece) -> String {
        let (next, id) = super::entries::fresh_id(
            "piece",
            self.last_piece,
            self.pieces.iter().map(|p| p.id.as_str()),
        );
        self.last_piece = self.last_piece.max(next);
        piece.id = id.clone();
        self.pieces.push(piece);
        id
    }

    /// Replaces the fields of a piece, keeping its id. Returns whether
    /// anything changed.
    pub fn update_piece(&mut self, id: &str, piece: Piece) -> bool {
        super::entries::update(&mut self.pieces, id, piece)
    }

    /// The notes that cite a piece: (critère, index), drafts included.
    pub fn notes_citing(&self, id: &str) -> Vec<(&str, usize)> {
        self.notes_where(|n| n.pieces.iter().any(|p| p == id))
    }

    /// Deletes a piece and every citation of it; the notes stay. Returns
    /// how many notes cited it (undo puts it all back: `portfolio/undo.rs`).
    pub fn delete_piece(&mut self, id: &str) -> Option<usize> {
        let position = self.pieces.iter().position(|p| p.id == id)?;
        self.pieces.remove(position);
        let mut citing = 0;
        let cites = |note: &Note| note.pieces.iter().any(|p| p == id);
        self.change_notes(cites, |_, _, note| {
            note.pieces.retain(|p| p != id);
            citing += 1;
        });
        Some(citing)
    }

    /// Sets the pieces a note cites, kept in the list's order; ids of no
    /// piece are dropped. Returns whether anything changed; `now` is the
    /// note's new modification time when they did.
    pub fn cite_pieces(
        &mut self,
        critere: &str,
        index: usize,
        ids: &[String],
        now: Timestamp,
    ) -> bool {
        let order: Vec<String> = self
            .pieces
            .iter()
            .filter(|p| ids.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        match self.work_mut(critere).and_then(|w| w.notes.get_mut(index)) {
            Some(note) if note.pieces != order => {
                note.pieces = order;
                if !note.draft {
                    note.updated = now;
                }
                true
            }
            _ => false,
        }
    }

    /// `Pièce 2 — Attestation d’emploi` for each id that names a piece,
    /// in the list's order.
    pub fn piece_labels(&self, ids: &[String]) -> Vec<String> {
        Piece::labels(&self.pieces, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(title: &str) -> Piece {
        Piece {
            title: title.to_string(),
            ..Piece::default()
        }
    }

    #[test]
    fn ids_are_never_given_twice_even_after_a_deletion_or_a_hand_edit() {
        let mut p = Portfolio::new("x");
        let a = p.add_piece(piece("Attestation"));
        let b = p.add_piece(piece("Organigramme"));
        assert_eq!((a.as_str(), b.as_str()), ("piece-1", "piece-2"));
        p.delete_piece(&b);
        assert_eq!(p.add_piece(piece("Compte rendu")), "piece-3");
        p.pieces.push(Piece {
            id: "piece-9".into(),
            ..piece("À la main")
        });
        assert_eq!(p.add_piece(piece("Suite")), "piece-10");
        p.last_piece = u32::MAX;
        assert_eq!(p.add_piece(piece("Au bout")), "piece-2");
    }

    #[test]
    fn citations_follow_the_list_and_go_with_the_piece() {
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let mut p = Portfolio::new("x");
        p.add_note("CR1", "Salon de Dubaï", at);
        p.add_note("CR2", "Prospection", at);
        let a = p.add_piece(piece("Attestation"));
        let b = p.add_piece(piece("Organigramme"));
        assert!(p.cite_pieces("CR1", 0, &[b.clone(), "piece-77".into(), a.clone()], at));
        assert_eq!(p.notes("CR1")[0].pieces, [a.clone(), b.clone()]);
        assert!(!p.cite_pieces("CR1", 0, &[a.clone(), b.clone()], at));
        assert!(p.cite_pieces("CR2", 0, std::slice::from_ref(&b), at));
        assert_eq!(
            p.piece_labels(&p.notes("CR1")[0].pieces),
            ["Pièce 1 — Attestation", "Pièce 2 — Organigramme"]
        );
        assert_eq!(p.notes_citing(&b), [("CR1", 0), ("CR2", 0)]);
        assert_eq!(p.delete_piece(&b), Some(2));
        assert_eq!(p.notes("CR1")[0].pieces, [a]);
        assert!(p.notes("CR2")[0].pieces.is_empty());
        assert_eq!(p.note_count(), 2);
    }
}
