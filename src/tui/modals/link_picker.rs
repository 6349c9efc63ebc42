//! The experiences a note links to and the pièces justificatives it cites,
//! while its editor is open, and the picker that toggles them (Ctrl-L in the
//! note editor).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::experience::Experience;
use crate::portfolio::Piece;
use crate::search::fold;
use crate::text::{count, visible};
use crate::tui::action::Action;
use crate::tui::reply::Reply;
use crate::tui::session::Ctx;

/// The links of the note being edited; kept with the note by Ctrl-S.
#[derive(Debug, Default)]
pub struct NoteLinks {
    /// Experience ids, in the experiences' order.
    pub ids: Vec<String>,
    /// Ids of the pieces cited, in the pieces' order.
    pub pieces: Vec<String>,
    original: (Vec<String>, Vec<String>),
}

impl NoteLinks {
    pub fn new(ids: Vec<String>, pieces: Vec<String>) -> Self {
        NoteLinks {
            original: (ids.clone(), pieces.clone()),
            ids,
            pieces,
        }
    }

    pub fn is_modified(&self) -> bool {
        self.ids != self.original.0 || self.pieces != self.original.1
    }

    /// The ids of one kind.
    pub fn of(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Experience => &self.ids,
            Kind::Piece => &self.pieces,
        }
    }

    /// Checks or unchecks `id`, kept in the order of `order`; whether it is
    /// now linked.
    fn toggle(&mut self, kind: Kind, id: &str, order: &[&str]) -> bool {
        let ids = match kind {
            Kind::Experience => &mut self.ids,
            Kind::Piece => &mut self.pieces,
        };
        if let Some(at) = ids.iter().position(|e| e == id) {
            ids.remove(at);
            return false;
        }
        ids.push(id.to_string());
        ids.sort_by_key(|e| order.iter().position(|o| o == e));
        true
    }
}

/// What a line of the picker links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Experience,
    Piece,
}

/// The filter line and the experiences that match it.
#[derive(Debug, Default)]
pub struct LinkPicker {
    pub query: String,
    pub choices: Vec<Choice>,
    pub selected: usize,
}

/// An experience or a piece that matches the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub kind: Kind,
    /// Index in the portfolio's experiences, or its pieces.
    pub index: usize,
    /// What is shown and matched: title, then role, employer, place, years.
    pub label: String,
    /// Matched char positions in `label`.
    pub positions: Vec<usize>,
}

/// `Titre — Poste · Employeur · Lieu (2019–22)`.
pub fn label(experience: &Experience) -> String {
    let mut label = experience.title.clone();
    let context = experience.context();
    if !context.is_empty() {
        label.push_str(" — ");
        label.push_str(&context);
    }
    let years = experience.years();
    if !years.is_empty() {
        label.push_str(&format!(" ({years})"));
    }
    label
}

/// `Pièce 2 : Attestation d’emploi — attestation.pdf`.
pub fn piece_label(index: usize, piece: &Piece) -> String {
    let mut label = format!("{} : {}", Piece::number(index), visible(&piece.title));
    if !piece.file.trim().is_empty() {
        label.push_str(" — ");
        label.push_str(&visible(piece.file.trim()));
    }
    label
}

/// The experiences then the pieces matching `query` (fuzzy, accents and
/// case ignored), best first; all of them in order for a blank query.
pub fn choices(experiences: &[Experience], pieces: &[Piece], query: &str) -> Vec<Choice> {
    let query = fold(query.trim()).text;
    let matcher = SkimMatcherV2::default();
    let entries = experiences
        .iter()
        .enumerate()
        .map(|(index, e)| (Kind::Experience, index, label(e)))
        .chain(
            pieces
                .iter()
                .enumerate()
                .map(|(index, p)| (Kind::Piece, index, piece_label(index, p))),
        );
    let mut scored: Vec<(i64, Choice)> = entries
        .filter_map(|(kind, index, label)| {
            if query.is_empty() {
                return Some((
                    0,
                    Choice {
                        kind,
                        index,
                        label,
                        positions: Vec::new(),
                    },
                ));
            }
            let folded = fold(&label);
            let (score, indexes) = matcher.fuzzy_indices(&folded.text, &query)?;
            let mut positions: Vec<usize> = indexes
                .into_iter()
                .filter_map(|i| folded.origin.get(i).copied())
                .collect();
            positions.dedup();
            Some((
                score,
                Choice {
                    kind,
                    index,
                    label,
                    positions,
                },
            ))
        })
        .collect();
    // Stable: equal scores keep the candidate's order.
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, choice)| choice).collect()
}

impl LinkPicker {
    /// Every experience and piece of the open portfolio, unfiltered.
    pub fn new(experiences: &[Experience], pieces: &[Piece]) -> Self {
        LinkPicker {
            choices: choices(experiences, pieces, ""),
            ..LinkPicker::default()
        }
    }

    /// Keys while the picker is open over the note editor, whose `links`
    /// it changes.
    pub fn update(&mut self, ctx: &mut Ctx, links: &mut NoteLinks, action: Action) -> Reply {
        match action {
            Action::Back => {
                let experiences = ctx.session.experiences();
                let pieces = ctx.session.pieces();
                ctx.say(format!(
                    "{} ; Ctrl-S garde la note et ses liens.",
                    summary(
                        &titles(experiences, &links.ids),
                        &Piece::labels(pieces, &links.pieces)
                    )
                ));
                return Reply::close();
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1));
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Activate => {
                let (experiences, pieces) = (ctx.session.experiences(), ctx.session.pieces());
                let entry = self.choices.get(self.selected).and_then(|c| match c.kind {
                    Kind::Experience => {
                        let e = experiences.get(c.index)?;
                        Some((c.kind, e.id.as_str(), visible(&e.title).into_owned()))
                    }
                    Kind::Piece => {
                        let p = pieces.get(c.index)?;
                        let title = format!("{} — {}", Piece::number(c.index), visible(&p.title));
                        Some((c.kind, p.id.as_str(), title))
                    }
                });
                if let Some((kind, id, title)) = entry {
                    let order: Vec<&str> = match kind {
                        Kind::Experience => experiences.iter().map(|e| e.id.as_str()).collect(),
                        Kind::Piece => pieces.iter().map(|p| p.id.as_str()).collect(),
                    };
                    let said = match (links.toggle(kind, id, &order), kind) {
                        (true, Kind::Experience) => format!("« {title} » liée à la note."),
                        (true, Kind::Piece) => format!("« {title} » est citée par la note."),
                        (false, Kind::Experience) => format!("« {title} » n’est plus liée."),
                        (false, Kind::Piece) => {
                            format!("« {title} » n’est plus citée par la note.")
                        }
                    };
                    ctx.say(said);
                }
            }
            Action::Type(key) => {
                let changed = crate::tui::query::edit(&mut self.query, key);
                if changed {
                    let (experiences, pieces) = (ctx.session.experiences(), ctx.session.pieces());
                    self.choices = choices(experiences, pieces, &self.query);
                    self.selected = 0;
                }
            }
            _ => {}
        }
        Reply::stay()
    }
}

/// Titles of the experiences of a list of ids, for display.
pub fn titles(experiences: &[Experience], ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| experiences.iter().find(|e| e.id == *id))
        .map(|e| e.title.clone())
        .collect()
}

/// `2 expériences liées : A, B ; pièces : Pièce 1 — C`, or that none is.
pub fn summary(titles: &[String], pieces: &[String]) -> String {
    let experiences = if titles.is_empty() {
        "Aucune expérience liée".to_string()
    } else {
        format!(
            "{} : {}",
            count(titles.len(), "expérience liée", "expériences liées"),
            titles.join(", ")
        )
    };
    if pieces.is_empty() {
        experiences
    } else {
        format!("{experiences} ; pièces : {}", pieces.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn experience(title: &str, employer: &str) -> Experience {
        Experience {
            title: title.to_string(),
            employer: employer.to_string(),
            ..Experience::default()
        }
    }

    #[test]
    fn the_filter_ignores_accents_and_matches_the_employer_too() {
        let list = [
            experience("Stratégie export", "Lacroix"),
            experience("Salon de Dubaï", "Atlas"),
        ];
        let all = choices(&list, &[], "");
        assert_eq!(all.iter().map(|c| c.index).collect::<Vec<_>>(), [0, 1]);
        let found = choices(&list, &[], "dubai");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].index, 1);
        assert_eq!(found[0].label, "Salon de Dubaï — Atlas");
        assert_eq!(found[0].positions, [9, 10, 11, 12, 13]);
        assert_eq!(choices(&list, &[], "strategie")[0].index, 0);
        assert_eq!(choices(&list, &[], "atlas")[0].index, 1);
        assert!(choices(&list, &[], "zzz").is_empty());
    }

    #[test]
    fn pieces_follow_the_experiences_and_are_found_by_title_or_file() {
        let list = [experience("Stratégie export", "Lacroix")];
        let pieces = [
            Piece {
                id: "piece-1".into(),
                title: "Attestation d’emploi".into(),
                file: "attestation.pdf".into(),
                ..Piece::default()
            },
            Piece {
                id: "piece-2".into(),
                title: "Organigramme".into(),
                ..Piece::default()
            },
        ];
        let all = choices(&list, &pieces, "");
        let kinds: Vec<(Kind, usize)> = all.iter().map(|c| (c.kind, c.index)).collect();
        assert_eq!(
            kinds,
            [(Kind::Experience, 0), (Kind::Piece, 0), (Kind::Piece, 1)]
        );
        assert_eq!(
            all[1].label,
            "Pièce 1 : Attestation d’emploi — attestation.pdf"
        );
        let found = choices(&list, &pieces, "organi");
        assert_eq!((found[0].kind, found[0].index), (Kind::Piece, 1));
        assert_eq!(choices(&list, &pieces, "pdf")[0].index, 0);
        let mut links = NoteLinks::new(Vec::new(), vec!["piece-2".into()]);
        assert!(links.toggle(Kind::Piece, "piece-1", &["piece-1", "piece-2"]));
        assert_eq!(links.pieces, ["piece-1", "piece-2"]);
        assert!(links.is_modified());
        assert!(!links.toggle(Kind::Piece, "piece-1", &["piece-1", "piece-2"]));
        assert!(!links.is_modified());
        assert_eq!(
            summary(&[], &Piece::labels(&pieces, &links.pieces)),
            "Aucune expérience liée ; pièces : Pièce 2 — Organigramme"
        );
    }
}
