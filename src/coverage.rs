//! Which experiences back which critères: the one computation behind the
//! matrix view, `livret status --json` and the export's coverage table.
//!
//! Pure. A cell counts the evidence notes of a critère that link to an
//! experience; drafts are not evidence and are left out.

use serde::Serialize;

use crate::experience::Experience;
use crate::portfolio::Portfolio;
use crate::referentiel::{Bloc, Certification, Unit, UnitKind};

/// Critères (rows, in référentiel order) × experiences (columns, in the
/// candidate's order).
#[derive(Debug, Clone)]
pub struct Coverage<'a> {
    pub experiences: Vec<&'a Experience>,
    pub rows: Vec<CritereRow<'a>>,
}

/// What a row is grouped under: its compétence, or the evaluation that
/// carries a shared critère. A compétence without critère is its own group.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

/// One unit of evidence (a critère, or a compétence without critère), where
/// it sits, and its notes per experience. Each unit has one row, a shared
/// critère too.
#[derive(Debug, Clone)]
pub struct CritereRow<'a> {
    pub bloc: &'a Bloc,
    pub parent: Group<'a>,
    pub unit: Unit<'a>,
    /// Evidence notes on the critère, linked or not.
    pub evidence: usize,
    /// Per experience (the columns' order): indexes of the critère's notes
    /// that link to it.
    pub cells: Vec<Vec<usize>>,
}

impl CritereRow<'_> {
    pub fn count(&self, column: usize) -> usize {
        self.cells.get(column).map_or(0, Vec::len)
    }

    /// The row's cells added up (a note linked to two experiences counts in both).
    pub fn total(&self) -> usize {
        self.cells.iter().map(Vec::len).sum()
    }

    /// No evidence note at all: what the matrix makes stand out.
    pub fn is_bare(&self) -> bool {
        self.evidence == 0
    }
}

/// One experience in `livret status --json`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ExperienceStatus<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub criteres_covered: usize,
}

impl<'a> Coverage<'a> {
    /// Notes linked to the experience of a column.
    pub fn column_total(&self, column: usize) -> usize {
        self.rows.iter().map(|r| r.count(column)).sum()
    }

    /// Critères with at least one note linked to the experience of a column.
    pub fn criteres_covered(&self, column: usize) -> usize {
        self.rows.iter().filter(|r| r.count(column) > 0).count()
    }

    /// Every cell added up.
    pub fn total(&self) -> usize {
        self.rows.iter().map(CritereRow::total).sum()
    }

    /// Critères with a note linked to some experience.
    pub fn criteres_linked(&self) -> usize {
        self.rows.iter().filter(|r| r.total() > 0).count()
    }

    /// Per experience: id, title and how many critères it covers.
    pub fn experience_status(&self) -> Vec<ExperienceStatus<'a>> {
        self.experiences
            .iter()
            .enumerate()
            .map(|(column, e)| ExperienceStatus {
                id: &e.id,
                title: &e.title,
                criteres_covered: self.criteres_covered(column),
            })
            .collect()
    }

    /// The row of a critère.
    pub fn row(&self, critere: &str) -> Option<&CritereRow<'a>> {
        self.rows.iter().find(|r| r.unit.id == critere)
    }
}

/// The coverage of every critère of the certification.
pub fn coverage<'a>(certification: &'a Certification, portfolio: &'a Portfolio) -> Coverage<'a> {
    let experiences: Vec<&Experience> = portfolio.experiences.iter().collect();
    let mut rows = Vec::new();
    for bloc in &certification.blocs {
        for unit in bloc.units() {
            let parent = match unit.kind {
                UnitKind::Critere(c) => Group {
                    id: &c.id,
                    title: &c.title,
                },
                UnitKind::Shared(m) => Group {
                    id: m.id.as_deref().unwrap_or(&bloc.id),
                    title: &m.title,
                },
                UnitKind::Competence => Group {
                    id: unit.id,
                    title: unit.text,
                },
            };
            {
                let notes = portfolio.notes(unit.id);
                let evidence = notes.iter().filter(|n| !n.draft);
                let cells = experiences
                    .iter()
                    .map(|e| {
                        notes
                            .iter()
                            .enumerate()
                            .filter(|(_, n)| !n.draft && n.experiences.contains(&e.id))
                            .map(|(i, _)| i)
                            .collect()
                    })
                    .collect();
                rows.push(CritereRow {
                    bloc,
                    parent,
                    unit,
                    evidence: evidence.count(),
                    cells,
                });
            }
        }
    }
    Coverage { experiences, rows }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../tests/valid_referentiels/exemple-minimal.ron");

    fn experience(title: &str) -> Experience {
        Experience {
            title: title.to_string(),
            ..Experience::default()
        }
    }

    fn t() -> Timestamp {
        Timestamp::UNIX_EPOCH
    }

    #[test]
    fn an_empty_portfolio_has_bare_rows_and_no_columns() {
        let c = parse(EXAMPLE, None).unwrap();
        let p = Portfolio::new(&c.id);
        let cov = coverage(&c, &p);
        assert_eq!(cov.rows.len(), c.criteres().count());
        assert!(cov.experiences.is_empty());
        assert!(cov.rows.iter().all(|r| r.is_bare() && r.total() == 0));
        assert_eq!(cov.total(), 0);
        assert!(cov.experience_status().is_empty());
    }

    #[test]
    fn notes_without_experiences_are_evidence_but_cover_nothing() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut p = Portfolio::new(&c.id);
        p.add_experience(experience("Export"));
        p.add_note("A1.C1.CR1", "Preuve", t());
        p.put_draft("A1.C1.CR2", None, "Brouillon", t());
        let cov = coverage(&c, &p);
        let row = cov.row("A1.C1.CR1").unwrap();
        assert_eq!((row.evidence, row.total()), (1, 0));
        assert!(!row.is_bare());
        assert!(
            cov.row("A1.C1.CR2").unwrap().is_bare(),
            "a draft is no evidence"
        );
        assert_eq!(cov.criteres_covered(0), 0);
        assert_eq!(cov.column_total(0), 0);
    }

    #[test]
    fn several_links_count_in_each_cell_and_in_the_totals() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut p = Portfolio::new(&c.id);
        let a = p.add_experience(experience("Export"));
        let b = p.add_experience(experience("Salon"));
        p.add_note("A1.C1.CR1", "Un", t());
        p.add_note("A1.C1.CR1", "Deux", t());
        p.add_note("A1.C1.CR2", "Trois", t());
        p.set_links("A1.C1.CR1", 0, &[a.clone(), b.clone()], t());
        p.set_links("A1.C1.CR1", 1, std::slice::from_ref(&a), t());
        p.set_links("A1.C1.CR2", 0, std::slice::from_ref(&b), t());
        // A draft linked to an experience is not counted.
        let d = p.put_draft("A1.C1.CR2", None, "Brouillon", t()).unwrap();
        p.set_links("A1.C1.CR2", d, std::slice::from_ref(&a), t());

        let cov = coverage(&c, &p);
        let cr1 = cov.row("A1.C1.CR1").unwrap();
        assert_eq!(cr1.cells, [vec![0, 1], vec![0]]);
        assert_eq!(cr1.total(), 3);
        assert_eq!(cov.row("A1.C1.CR2").unwrap().cells, [vec![], vec![0]]);
        assert_eq!((cov.column_total(0), cov.column_total(1)), (2, 2));
        assert_eq!(cov.total(), 4);
        assert_eq!(cov.criteres_linked(), 2);
        assert_eq!(
            cov.experience_status(),
            [
                ExperienceStatus {
                    id: "exp-1",
                    title: "Export",
                    criteres_covered: 1
                },
                ExperienceStatus {
                    id: "exp-2",
                    title: "Salon",
                    criteres_covered: 2
                },
            ]
        );
    }
}
