//! The coverage matrix (`m`): critères grouped under bloc and compétence
//! (collapsible) × experiences. State and update only; drawing is in
//! `view/matrix.rs`, and the figures come from [`crate::coverage`].

use std::collections::BTreeSet;
use std::ops::Range;

use crate::coverage::{Coverage, coverage};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Popup, Screen};
use crate::tui::modals::cell_notes::CellNotes;
use crate::tui::outline::Node;

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

impl App {
    /// Shows the matrix on the critère (or group) selected in the tree.
    pub(crate) fn open_matrix(&mut self) -> Vec<Effect> {
        let from_tree = self.screen == Screen::Main;
        let selected = match (from_tree, self.selected_node()) {
            (true, Some(Node::Critere(critere, competence))) => {
                let bloc = self.selected_path().map(|p| p.bloc_index());
                Some((critere.id.clone(), Some(competence.id.clone()), bloc))
            }
            (true, Some(Node::Shared(critere, modalite))) => {
                let bloc = self.selected_path().map(|p| p.bloc_index());
                Some((critere.id.clone(), modalite.id.clone(), bloc))
            }
            (true, Some(Node::Evaluation(modalite))) => {
                let bloc = self.selected_path().map(|p| p.bloc_index());
                modalite.id.clone().map(|id| (id, None, bloc))
            }
            (true, Some(Node::Competence(competence))) => {
                let bloc = self.selected_path().map(|p| p.bloc_index());
                Some((competence.id.clone(), None, bloc))
            }
            (true, Some(Node::Bloc(bloc))) => Some((bloc.id.clone(), None, None)),
            _ => None,
        };
        self.screen = Screen::Matrix;
        if let Some((id, competence, bloc)) = selected {
            let bloc_id = bloc.and_then(|b| {
                let (certification, _) = self.session.open()?;
                Some(certification.blocs.get(b)?.id.clone())
            });
            self.matrix.collapsed.remove(&id);
            for open in [competence, bloc_id].into_iter().flatten() {
                self.matrix.collapsed.remove(&open);
            }
            if let Some((certification, portfolio)) = self.session.open() {
                let coverage = coverage(certification, portfolio);
                if let Some(line) = lines(&coverage, &self.matrix.collapsed)
                    .iter()
                    .position(|l| l.id(&coverage) == id)
                {
                    self.matrix.line = line;
                }
            }
        }
        Vec::new()
    }

    pub(crate) fn update_matrix(&mut self, action: Action) -> Vec<Effect> {
        let Some((certification, portfolio)) = self.session.open() else {
            return Vec::new();
        };
        let coverage = coverage(certification, portfolio);
        let lines = lines(&coverage, &self.matrix.collapsed);
        let columns = coverage.experiences.len();
        let page = usize::from(self.viewport.1.saturating_sub(12)).max(1);
        // What Enter does, worked out while the coverage is borrowed.
        let activate = match (action == Action::Activate, lines.get(self.matrix.line)) {
            (true, Some(line)) if line.kind != LineKind::Critere => {
                Some(Err(line.id(&coverage).to_string()))
            }
            (true, Some(line)) => {
                let row = &coverage.rows[line.rows.start];
                let critere = row.unit.id.to_string();
                Some(Ok(match coverage.experiences.get(self.matrix.column) {
                    None => Err("Aucune expérience : X pour en décrire une.".to_string()),
                    Some(e) if row.count(self.matrix.column) == 0 => Err(format!(
                        "Aucune note de {critere} n’est liée à « {} » (Ctrl-L dans l’éditeur de note).",
                        e.title
                    )),
                    Some(e) => Ok(CellNotes {
                        notes: row.cells[self.matrix.column]
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
        let matrix = &mut self.matrix;
        match action {
            Action::Down => matrix.line = (matrix.line + 1).min(last),
            Action::Up => matrix.line = matrix.line.saturating_sub(1),
            Action::PageDown => matrix.line = (matrix.line + page).min(last),
            Action::PageUp => matrix.line = matrix.line.saturating_sub(page),
            Action::Top => matrix.line = 0,
            Action::Bottom => matrix.line = last,
            Action::Right => matrix.column = (matrix.column + 1).min(columns.saturating_sub(1)),
            Action::Left => matrix.column = matrix.column.saturating_sub(1),
            Action::Activate => match activate {
                Some(Err(group)) if !matrix.collapsed.remove(&group) => {
                    matrix.collapsed.insert(group);
                }
                Some(Ok(Ok(notes))) => self.modals.push(Popup::CellNotes(notes)),
                Some(Ok(Err(message))) => self.say(message),
                Some(Err(_)) | None => {}
            },
            Action::OpenExperiences => {
                self.experiences.selected = self.matrix.column;
                return self.open_experiences();
            }
            Action::Back => self.screen = Screen::Main,
            Action::Help => self.modals.push(Popup::Help { scroll: 0 }),
            Action::CycleTheme => self.cycle_theme(),
            Action::Quit => return vec![Effect::Quit],
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
