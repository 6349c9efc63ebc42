//! The experiences section and the critères × experiences coverage table,
//! in both formats, from [`crate::coverage`]: the same figures as the
//! matrix view and `livret status --json`.

use std::fmt::Write;

use super::Plan;
use super::escape::{
    html_paragraphs, html_text as esc, markdown_inline as inline, markdown_paragraphs,
};
use crate::coverage::{Coverage, CritereRow, coverage};
use crate::experience::Experience;
use crate::portfolio::{Note, Portfolio};
use crate::referentiel::Certification;
use crate::text::count;

/// The rows of the critères the export details, in référentiel order.
fn exported_rows<'c>(plan: &Plan, coverage: &'c Coverage<'c>) -> Vec<&'c CritereRow<'c>> {
    let shown = |id: &str| {
        plan.blocs.iter().any(|b| {
            b.groups.iter().any(|g| {
                g.competences.iter().any(|c| {
                    (c.own_evidence && c.competence.id == id)
                        || c.criteres.iter().any(|k| k.id == id)
                })
            }) || b
                .evaluations
                .iter()
                .any(|e| e.criteres.iter().any(|k| k.id == id))
        })
    };
    coverage.rows.iter().filter(|r| shown(r.unit.id)).collect()
}

/// Employer, role, period and place, as (label, value), those filled in.
fn fields(experience: &Experience) -> Vec<(&'static str, String)> {
    [
        ("Employeur", experience.employer.clone()),
        ("Poste", experience.role.clone()),
        ("Période", experience.period()),
        ("Lieu", experience.place.clone()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .collect()
}

/// `3 notes, 2 critères couverts`.
fn figures(coverage: &Coverage, column: usize) -> String {
    format!(
        "{}, {}",
        count(coverage.column_total(column), "note liée", "notes liées"),
        count(
            coverage.criteres_covered(column),
            "critère couvert",
            "critères couverts"
        )
    )
}

/// The titles of the experiences a note links to.
pub(super) fn note_experiences<'p>(note: &Note, portfolio: &'p Portfolio) -> Vec<&'p str> {
    note.experiences
        .iter()
        .filter_map(|id| portfolio.experience(id))
        .map(|e| e.title.as_str())
        .collect()
}

/// `## Expériences` then `## Couverture…`; nothing without experiences.
pub(super) fn markdown(
    out: &mut String,
    plan: &Plan,
    certification: &Certification,
    portfolio: &Portfolio,
) {
    if portfolio.experiences.is_empty() {
        return;
    }
    let coverage = coverage(certification, portfolio);
    out.push_str("## Expériences\n\n");
    for (column, experience) in coverage.experiences.iter().enumerate() {
        let _ = writeln!(out, "### {}\n", inline(&experience.title));
        let fields = fields(experience);
        for (label, value) in &fields {
            let _ = writeln!(out, "- **{label} :** {}", inline(value));
        }
        if !fields.is_empty() {
            out.push('\n');
        }
        let description = markdown_paragraphs(&experience.description);
        if !description.is_empty() {
            let _ = writeln!(out, "{description}\n");
        }
        let _ = writeln!(out, "*{}.*\n", figures(&coverage, column));
    }

    out.push_str("## Couverture des critères par les expériences\n\n");
    out.push_str("Nombre de notes de preuve qui relient chaque critère à chaque expérience.\n\n");
    let _ = write!(out, "| Critère |");
    for experience in &coverage.experiences {
        let _ = write!(out, " {} |", inline(&experience.title));
    }
    out.push_str(" Total |\n| --- |");
    out.push_str(&" ---: |".repeat(coverage.experiences.len() + 1));
    out.push('\n');
    let rows = exported_rows(plan, &coverage);
    for row in &rows {
        let _ = write!(out, "| {} |", inline(row.unit.id));
        for column in 0..coverage.experiences.len() {
            let _ = write!(out, " {} |", cell(row.count(column)));
        }
        let total = if row.is_bare() {
            "*aucune preuve*".to_string()
        } else {
            cell(row.total())
        };
        let _ = writeln!(out, " {total} |");
    }
    let _ = write!(out, "| **Total** |");
    for column in 0..coverage.experiences.len() {
        let _ = write!(out, " {} |", column_total(&rows, column));
    }
    let _ = writeln!(
        out,
        " {} |\n",
        rows.iter().map(|r| r.total()).sum::<usize>()
    );
}

/// Notes linked to a column's experience among the rows shown.
fn column_total(rows: &[&CritereRow], column: usize) -> usize {
    rows.iter().map(|r| r.count(column)).sum()
}

fn cell(n: usize) -> String {
    if n == 0 {
        "–".to_string()
    } else {
        n.to_string()
    }
}

/// The experiences section and the coverage table; nothing without experiences.
pub(super) fn html(
    out: &mut String,
    plan: &Plan,
    certification: &Certification,
    portfolio: &Portfolio,
) {
    if portfolio.experiences.is_empty() {
        return;
    }
    let coverage = coverage(certification, portfolio);
    out.push_str(
        "<section class=\"experiences\" aria-labelledby=\"experiences\">\n\
         <h2 id=\"experiences\">Expériences</h2>\n",
    );
    for (column, experience) in coverage.experiences.iter().enumerate() {
        let _ = writeln!(
            out,
            "<article class=\"experience\">\n<h3>{}</h3>",
            esc(&experience.title)
        );
        let fields = fields(experience);
        if !fields.is_empty() {
            out.push_str("<dl class=\"meta\">\n");
            for (label, value) in &fields {
                let _ = writeln!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(value));
            }
            out.push_str("</dl>\n");
        }
        out.push_str(&html_paragraphs(&experience.description));
        let _ = writeln!(
            out,
            "<p class=\"figures\">{}</p>\n</article>",
            figures(&coverage, column)
        );
    }
    out.push_str("</section>\n");

    out.push_str(
        "<section class=\"coverage\" aria-labelledby=\"couverture\">\n\
         <h2 id=\"couverture\">Couverture des critères par les expériences</h2>\n<table>\n\
         <caption>Nombre de notes de preuve qui relient chaque critère à chaque expérience\
         </caption>\n<thead>\n<tr><th scope=\"col\">Critère</th>",
    );
    for experience in &coverage.experiences {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            esc(&experience.title)
        );
    }
    out.push_str("<th scope=\"col\" class=\"num\">Total</th></tr>\n</thead>\n<tbody>\n");
    let rows = exported_rows(plan, &coverage);
    for row in &rows {
        let class = if row.is_bare() { " class=\"bare\"" } else { "" };
        let _ = write!(
            out,
            "<tr{class}><th scope=\"row\">{}</th>",
            esc(row.unit.id)
        );
        for column in 0..coverage.experiences.len() {
            let _ = write!(out, "<td class=\"num\">{}</td>", cell(row.count(column)));
        }
        let total = if row.is_bare() {
            "aucune preuve".to_string()
        } else {
            cell(row.total())
        };
        let _ = writeln!(out, "<td class=\"num\">{total}</td></tr>");
    }
    out.push_str("</tbody>\n<tfoot>\n<tr class=\"total\"><th scope=\"row\">Total</th>");
    for column in 0..coverage.experiences.len() {
        let _ = write!(
            out,
            "<td class=\"num\">{}</td>",
            column_total(&rows, column)
        );
    }
    let _ = writeln!(
        out,
        "<td class=\"num\">{}</td></tr>\n</tfoot>\n</table>\n</section>",
        rows.iter().map(|r| r.total()).sum::<usize>()
    );
}
