//! The coverage matrix (`m`): critères grouped under bloc and compétence
//! (collapsible) × experiences. State and update only; drawing is in
//! `view/matrix.rs`, and the figures come from [`crate::coverage`].

use std::collections::BTreeSet;
use std::ops::Range;

use crate::coverage::{Coverage, coverage};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::cell_notes::CellNotes;
use crate::tui::modals::{Modal, Modals};
use crate::tui::nav::Go;
use crate::tui::outline::Node;
use crate::tui::session::{Ctx, Session};

/// The screen's state. Which branches are folded lasts for the session.
#[derive(Debug, Default)]
pub struct Matrix {
    /// Selected line (index in [`lines`]).
    pub line: usize,
    /// Selected experience (column).
    pub column: usize,
    /// Ids of the blocs and compétences folded.
    pub collapsed: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Bloc,
    Competence,
    Critere,
}

/// One line of the matrix: a group heading or a critère, over a range of
/// the coverage's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixLine {
    pub kind: LineKind,
    pub rows: Range<usize>,
    pub collapsed: bool,
}

impl MatrixLine {
    /// The id of the bloc, compétence or critère.
    pub fn id<'a>(&self, coverage: &Coverage<'a>) -> &'a str {
        let row = &coverage.rows[self.rows.start];
        match self.kind {
            LineKind::Bloc => &row.bloc.id,
            LineKind::Competence => row.parent.id,
            LineKind::Critere => row.unit.id,
        }
    }

    /// Notes linking the line's critères to the experience of a column.
    pub fn count(&self, coverage: &Coverage, column: usize) -> usize {
        coverage.rows[self.rows.clone()]
            .iter()
            .map(|r| r.count(column))
            .sum()
    }

    pub fn total(&self, coverage: &Coverage) -> usize {
        coverage.rows[self.rows.clone()]
            .iter()
            .map(|r| r.total())
            .sum()
    }

    /// Critères of the line without any evidence.
    pub fn bare(&self, coverage: &Coverage) -> usize {
        coverage.rows[self.rows.clone()]
            .iter()
            .filter(|r| r.is_bare())
            .count()
    }
}

/// The visible lines: each bloc, its compétences unless folded, their
/// critères unless folded.
pub fn lines(coverage: &Coverage, collapsed: &BTreeSet<String>) -> Vec<MatrixLine> {
    let rows = &coverage.rows;
    let mut lines = Vec::new();
    let run = |from: usize, end: usize, same: &dyn Fn(usize) -> bool| {
        from + (from..end).take_while(|&i| same(i)).count()
    };
    let mut b = 0;
    while b < rows.len() {
        let bloc = &rows[b].bloc.id;
        let bloc_end = run(b, rows.len(), &|i| rows[i].bloc.id == *bloc);
        let folded = collapsed.contains(bloc);
        lines.push(MatrixLine {
            kind: LineKind::Bloc,
            rows: b..bloc_end,
            collapsed: folded,
        });
        let mut c = b;
        while !folded && c < bloc_end {
            let competence = rows[c].parent.id;
            let end = run(c, bloc_end, &|i| rows[i].parent.id == competence);
            // A compétence without critère is its own row: no heading over it.
            if end == c + 1 && rows[c].unit.id == competence {
                lines.push(MatrixLine {
                    kind: LineKind::Critere,
                    rows: c..end,
                    collapsed: false,
                });
                c = end;
                continue;
            }
            let folded = collapsed.contains(competence);
            lines.push(MatrixLine {
                kind: LineKind::Competence,
                rows: c..end,
                collapsed: folded,
            });
            if !folded {
                lines.extend((c..end).map(|k| MatrixLine {
                    kind: LineKind::Critere,
                    rows: k..k + 1,
                    collapsed: false,
                }));
            }
            c = end;
        }
        b = bloc_end;
    }
    lines
}

/// What the matrix opens on: an id, and the compétence and bloc (by
/// index) above it, which are unfolded.
pub type Focus = (String, Option<String>, Option<usize>);

/// What the tree's selection opens the matrix on.
pub fn focus(node: Option<Node>, bloc: Option<usize>) -> Option<Focus> {
    match node? {
        Node::Critere(critere, competence) => {
            Some((critere.id.clone(), Some(competence.id.clone()), bloc))
        }
        Node::Shared(critere, modalite) => Some((critere.id.clone(), modalite.id.clone(), bloc)),
        Node::Evaluation(modalite) => modalite.id.clone().map(|id| (id, None, bloc)),
        Node::Competence(competence) => Some((competence.id.clone(), None, bloc)),
        Node::Bloc(bloc) => Some((bloc.id.clone(), None, None)),
        _ => None,
    }
}

impl Matrix {
    /// Shows the matrix on what the tree had selected, if anything.
    pub fn open(&mut self, session: &Session, focus: Option<Focus>) {
        let Some((id, competence, bloc)) = focus else {
            return;
        };
        let bloc_id = bloc.and_then(|b| {
            let (certification, _) = session.open()?;
            Some(certification.blocs.get(b)?.id.clone())
        });
        self.collapsed.remove(&id);
        for open in [competence, bloc_id].into_iter().flatten() {
            self.collapsed.remove(&open);
        }
        if let Some((certification, portfolio)) = session.open() {
            let coverage = coverage(certification, portfolio);
            if let Some(line) = lines(&coverage, &self.collapsed)
                .iter()
                .position(|l| l.id(&coverage) == id)
            {
                self.line = line;
            }
        }
    }

    pub fn update(&mut self, ctx: &mut Ctx, modals: &mut Modals, action: Action) -> Vec<Effect> {
        let Some((certification, portfolio)) = ctx.session.open() else {
            return Vec::new();
        };
        let coverage = coverage(certification, portfolio);
        let lines = lines(&coverage, &self.collapsed);
        let columns = coverage.experiences.len();
        let page = usize::from(ctx.viewport.1.saturating_sub(12)).max(1);
        // What Enter does, worked out while the coverage is borrowed.
        let activate = match (action == Action::Activate, lines.get(self.line)) {
            (true, Some(line)) if line.kind != LineKind::Critere => {
                Some(Err(line.id(&coverage).to_string()))
            }
            (true, Some(line)) => {
                let row = &coverage.rows[line.rows.start];
                let critere = row.unit.id.to_string();
                Some(Ok(match coverage.experiences.get(self.column) {
                    None => Err("Aucune expérience : X pour en décrire une.".to_string()),
                    Some(e) if row.count(self.column) == 0 => Err(format!(
                        "Aucune note de {critere} n’est liée à « {} » (Ctrl-L dans l’éditeur de note).",
                        e.title
                    )),
                    Some(e) => Ok(CellNotes {
                        notes: row.cells[self.column]
                            .iter()
                            .map(|&i| (i, portfolio.notes(&critere)[i].title().to_string()))
                            .collect(),
                        critere,
                        experience: e.title.clone(),
                        selected: 0,
                    }),
                }))
            }
            _ => None,
        };
        let last = lines.len().saturating_sub(1);
        match action {
            Action::Down => self.line = (self.line + 1).min(last),
            Action::Up => self.line = self.line.saturating_sub(1),
            Action::PageDown => self.line = (self.line + page).min(last),
            Action::PageUp => self.line = self.line.saturating_sub(page),
            Action::Top => self.line = 0,
            Action::Bottom => self.line = last,
            Action::Right => self.column = (self.column + 1).min(columns.saturating_sub(1)),
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Activate => match activate {
                Some(Err(group)) if !self.collapsed.remove(&group) => {
                    self.collapsed.insert(group);
                }
                Some(Ok(Ok(notes))) => modals.push(Modal::CellNotes(notes)),
                Some(Ok(Err(message))) => ctx.say(message),
                Some(Err(_)) | None => {}
            },
            // The experiences screen opens on this column's experience.
            Action::OpenExperiences => ctx.go(Go::Experiences),
            Action::Back => ctx.go(Go::Main),
            _ => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::Portfolio;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn lines_group_critères_under_bloc_and_compétence_and_fold() {
        let c = parse(EXAMPLE, None).unwrap();
        let p = Portfolio::new(&c.id);
        let cov = coverage(&c, &p);
        let ids = |collapsed: &BTreeSet<String>| -> Vec<String> {
            lines(&cov, collapsed)
                .iter()
                .map(|l| l.id(&cov).to_string())
                .collect()
        };
        assert_eq!(
            ids(&BTreeSet::new()),
            [
                "BC01",
                "A1.C1",
                "A1.C1.CR1",
                "A1.C1.CR2",
                "BC02",
                "C2.1",
                "C2.1.CR1"
            ]
        );
        let folded: BTreeSet<String> = ["A1.C1".to_string(), "BC02".to_string()].into();
        assert_eq!(ids(&folded), ["BC01", "A1.C1", "BC02"]);
        let all = lines(&cov, &folded);
        assert!(all[1].collapsed && all[2].collapsed && !all[0].collapsed);
        assert_eq!(all[0].bare(&cov), 2);
    }
}
