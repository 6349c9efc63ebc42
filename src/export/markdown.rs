//! The dossier as CommonMark (with a GFM table for the summary).

use std::fmt::Write;

use super::escape::{markdown_inline as inline, markdown_paragraphs as paragraphs};
use super::{
    BlocPlan, ExportContext, Options, Plan, Said, evaluation_name, level_label, note_dates,
    optional_mark, todo,
};
use crate::portfolio::Portfolio;
use crate::progress::Tally;
use crate::referentiel::{Certification, Competence, Critere};

/// Cells of the text bar in the summary table.
const BAR_CELLS: usize = 10;

/// The whole dossier as Markdown. Every text from the référentiel or the
/// portfolio is escaped, so it shows as written and cannot add structure.
pub fn markdown(
    certification: &Certification,
    portfolio: &Portfolio,
    options: &Options,
    context: &ExportContext,
) -> String {
    let plan = Plan::new(certification, portfolio, options);
    let mut out = String::new();
    header(&mut out, certification, options, context);
    summary(&mut out, &plan);
    super::experiences::markdown(&mut out, &plan, certification, portfolio);
    for bloc in &plan.blocs {
        bloc_section(&mut out, bloc, portfolio, context, options);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn header(out: &mut String, c: &Certification, options: &Options, context: &ExportContext) {
    let _ = writeln!(out, "# {}\n", inline(&c.title));
    out.push_str("Dossier de validation des acquis de l’expérience (VAE)\n\n");
    let fields = [
        ("Code", c.code.as_deref()),
        ("Niveau", c.level.as_deref()),
        ("Certificateur", c.certifier.as_deref()),
        ("Candidat", context.candidate.as_deref()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            let _ = writeln!(out, "- **{label} :** {}", inline(value));
        }
    }
    let _ = writeln!(out, "- **Date de l’export :** {}\n", context.long_date());
    if options.only_ready {
        out.push_str("Seuls les critères prêts sont détaillés.\n\n");
    }
}

fn summary(out: &mut String, plan: &Plan) {
    out.push_str("## Progression\n\n");
    out.push_str("| Bloc | Intitulé | Prêts | En cours | À faire | Progression |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | --- |\n");
    for bloc in &plan.blocs {
        let title = match optional_mark(bloc) {
            Some(mark) => format!("{} *({mark})*", inline(&bloc.bloc.title)),
            None => inline(&bloc.bloc.title),
        };
        row(out, &inline(&bloc.bloc.id), &title, bloc.tally);
    }
    if let Some(overall) = plan.overall {
        row(out, "**Ensemble**", "*blocs visés*", overall);
    }
    out.push('\n');
    if !plan.not_targeted.is_empty() {
        let names: Vec<String> = plan
            .not_targeted
            .iter()
            .map(|b| format!("{} — {}", inline(&b.id), inline(&b.title)))
            .collect();
        let _ = writeln!(
            out,
            "Blocs optionnels non visés, absents de ce dossier : {}.\n",
            names.join(" ; ")
        );
    }
}

fn row(out: &mut String, id: &str, title: &str, tally: Tally) {
    let _ = writeln!(
        out,
        "| {id} | {title} | {} | {} | {} | {} {} % |",
        tally.ready,
        tally.in_progress,
        todo(tally),
        bar(tally),
        tally.percent()
    );
}

/// `██████░░░░`: the share of critères prêt, rounded down.
fn bar(tally: Tally) -> String {
    let filled = (tally.ready * BAR_CELLS)
        .checked_div(tally.units)
        .unwrap_or(0)
        .min(BAR_CELLS);
    format!("{}{}", "█".repeat(filled), "░".repeat(BAR_CELLS - filled))
}

fn bloc_section(
    out: &mut String,
    plan: &BlocPlan,
    portfolio: &Portfolio,
    ctx: &ExportContext,
    options: &Options,
) {
    let bloc = plan.bloc;
    let _ = writeln!(out, "## {} — {}\n", inline(&bloc.id), inline(&bloc.title));
    if let Some(mark) = optional_mark(plan) {
        let _ = writeln!(out, "*Bloc {mark}.*\n");
    }
    if plan.groups.is_empty() && plan.evaluations.is_empty() {
        out.push_str("Aucun critère prêt dans ce bloc.\n\n");
    }
    for group in &plan.groups {
        let mut level = 3;
        if let Some(activite) = group.activite {
            let _ = writeln!(
                out,
                "### Activité {} — {}\n",
                inline(&activite.id),
                inline(&activite.title)
            );
            level = 4;
        }
        for c in &group.competences {
            competence(out, level, c.competence);
            if !c.covered_by.is_empty() {
                let names: Vec<String> = c
                    .covered_by
                    .iter()
                    .map(|m| inline(&evaluation_name(m)))
                    .collect();
                let _ = writeln!(out, "*Évaluée par : {}.*\n", names.join(" ; "));
            }
            if c.own_evidence {
                state(out, &c.competence.id, portfolio);
            }
            said(out, &ctx.said(&c.competence.id, options), ctx);
            if c.own_evidence {
                notes(out, level + 1, &c.competence.id, portfolio, ctx);
            }
            for critere_ in &c.criteres {
                critere(out, level + 1, critere_, portfolio, ctx, options);
            }
        }
    }
    for evaluation in &plan.evaluations {
        let m = evaluation.modalite;
        heading(
            out,
            3,
            &format!("Évaluation {}", inline(&evaluation_name(m))),
        );
        let _ = writeln!(
            out,
            "*Compétences évaluées : {}.*\n",
            inline(&m.covers.join(", "))
        );
        for critere_ in &evaluation.criteres {
            critere(out, 4, critere_, portfolio, ctx, options);
        }
    }
}

/// The tutors' verdicts and comments, as a list; nothing when they said nothing.
fn said(out: &mut String, said: &Said, ctx: &ExportContext) {
    if said.verdicts.is_empty() && said.comments.is_empty() {
        return;
    }
    out.push_str("**Avis des tuteurs :**\n\n");
    for (tutor, verdict) in &said.verdicts {
        let _ = writeln!(
            out,
            "- {} : {} {}",
            inline(tutor),
            verdict.symbol(),
            verdict.label()
        );
    }
    for comment in &said.comments {
        let _ = writeln!(
            out,
            "- *{}, {} :* {}",
            inline(&comment.author),
            ctx.short_date(comment.created),
            inline(
                &comment
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        );
    }
    out.push('\n');
}

fn heading(out: &mut String, level: usize, text: &str) {
    let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
}

fn competence(out: &mut String, level: usize, competence: &Competence) {
    heading(
        out,
        level,
        &format!("{} — {}", inline(&competence.id), inline(&competence.title)),
    );
    labelled(out, "Conditions de réalisation", &competence.conditions);
    labelled(out, "Résultats attendus", &competence.results);
}

/// `*Label :* text`, the text's paragraphs following; nothing when blank.
fn labelled(out: &mut String, label: &str, text: &str) {
    let text = paragraphs(text);
    if !text.is_empty() {
        let _ = writeln!(out, "*{label} :* {text}\n");
    }
}

fn critere(
    out: &mut String,
    level: usize,
    critere: &Critere,
    portfolio: &Portfolio,
    ctx: &ExportContext,
    options: &Options,
) {
    heading(out, level, &format!("Critère {}", inline(&critere.id)));
    if let Some(group) = &critere.group {
        let _ = writeln!(out, "*{}*\n", inline(group));
    }
    let _ = writeln!(out, "{}\n", paragraphs(&critere.text));
    state(out, &critere.id, portfolio);
    said(out, &ctx.said(&critere.id, options), ctx);
    notes(out, level + 1, &critere.id, portfolio, ctx);
}

/// The candidate's status and self-assessment on a unit of evidence.
fn state(out: &mut String, id: &str, portfolio: &Portfolio) {
    let status = portfolio.status(id);
    let level_ = portfolio.critere(id).and_then(|w| w.level);
    let _ = writeln!(
        out,
        "- **Statut :** {} {}\n- **Auto-évaluation :** {}\n",
        status.symbol(),
        status.label(),
        level_label(level_)
    );
}

/// The evidence notes of a unit, each under a heading at `level`.
fn notes(out: &mut String, level: usize, id: &str, portfolio: &Portfolio, ctx: &ExportContext) {
    let notes = portfolio.notes(id);
    if notes.is_empty() {
        out.push_str("*Aucune note de preuve.*\n\n");
    }
    for note in notes {
        heading(out, level, &inline(note.title()));
        let body = paragraphs(&note.body().collect::<Vec<_>>().join("\n"));
        if !body.is_empty() {
            let _ = writeln!(out, "{body}\n");
        }
        let experiences = super::experiences::note_experiences(note, portfolio);
        if !experiences.is_empty() {
            let titles: Vec<String> = experiences.iter().map(|t| inline(t)).collect();
            let _ = writeln!(out, "**Expériences :** {}\n", titles.join(" ; "));
        }
        let _ = writeln!(out, "*{}*\n", note_dates(note, ctx));
    }
}
