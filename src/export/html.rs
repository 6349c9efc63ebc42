//! The dossier as one self-contained HTML page: inline CSS, no script, no
//! external request, printable on A4 with each bloc on a new page.

use std::fmt::Write;

use super::escape::{html_paragraphs as paragraphs, html_text as esc};
use super::{
    BlocPlan, ExportContext, Options, Plan, Said, evaluation_name, level_label, note_dates,
    optional_mark, todo,
};
use crate::portfolio::{Portfolio, Status};
use crate::progress::Tally;
use crate::referentiel::{Certification, Competence, Critere};

const STYLE: &str = include_str!("style.css");

/// The whole dossier as an HTML page. Every text from the référentiel or the
/// portfolio is escaped, so it shows as written and cannot add markup.
pub fn html(
    certification: &Certification,
    portfolio: &Portfolio,
    options: &Options,
    context: &ExportContext,
) -> String {
    let plan = Plan::new(certification, portfolio, options);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Dossier VAE — {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&certification.title)
    );
    header(&mut out, certification, options, context);
    out.push_str("<main>\n");
    summary(&mut out, &plan);
    super::experiences::html(&mut out, &plan, certification, portfolio);
    for bloc in &plan.blocs {
        bloc_section(&mut out, bloc, portfolio, context, options);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, c: &Certification, options: &Options, context: &ExportContext) {
    let _ = writeln!(
        out,
        "<header>\n<p class=\"kicker\">Dossier de validation des acquis de l’expérience (VAE)</p>\n\
         <h1>{}</h1>\n<dl class=\"meta\">",
        esc(&c.title)
    );
    let fields = [
        ("Code", c.code.as_deref()),
        ("Niveau", c.level.as_deref()),
        ("Certificateur", c.certifier.as_deref()),
        ("Candidat", context.candidate.as_deref()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            let _ = writeln!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(value));
        }
    }
    let _ = writeln!(
        out,
        "<div><dt>Date de l’export</dt><dd>{}</dd></div>\n</dl>",
        context.long_date()
    );
    if options.only_ready {
        out.push_str("<p class=\"notice\">Seuls les critères prêts sont détaillés.</p>\n");
    }
    out.push_str("</header>\n");
}

fn summary(out: &mut String, plan: &Plan) {
    out.push_str(
        "<section class=\"summary\" aria-labelledby=\"progression\">\n\
         <h2 id=\"progression\">Progression</h2>\n<table>\n\
         <caption>Critères par bloc : prêts, en cours, à faire</caption>\n\
         <thead>\n<tr><th scope=\"col\">Bloc</th><th scope=\"col\">Intitulé</th>\
         <th scope=\"col\" class=\"num\">Prêts</th><th scope=\"col\" class=\"num\">En cours</th>\
         <th scope=\"col\" class=\"num\">À faire</th><th scope=\"col\">Progression</th></tr>\n\
         </thead>\n<tbody>\n",
    );
    for bloc in &plan.blocs {
        let mut title = esc(&bloc.bloc.title);
        if let Some(mark) = optional_mark(bloc) {
            let _ = write!(title, " <span class=\"tag\">{mark}</span>");
        }
        row(out, "", &esc(&bloc.bloc.id), &title, bloc.tally);
    }
    if let Some(overall) = plan.overall {
        row(out, " class=\"total\"", "Ensemble", "blocs visés", overall);
    }
    out.push_str("</tbody>\n</table>\n");
    if !plan.not_targeted.is_empty() {
        let names: Vec<String> = plan
            .not_targeted
            .iter()
            .map(|b| format!("{} — {}", esc(&b.id), esc(&b.title)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"not-targeted\">Blocs optionnels non visés, absents de ce dossier : {}.</p>",
            names.join(" ; ")
        );
    }
    out.push_str("</section>\n");
}

fn row(out: &mut String, class: &str, id: &str, title: &str, tally: Tally) {
    let percent = tally.percent();
    let _ = writeln!(
        out,
        "<tr{class}><th scope=\"row\">{id}</th><td>{title}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"progress\"><span class=\"bar\" aria-hidden=\"true\">\
         <span class=\"fill\" style=\"width: {percent}%\"></span></span> {percent} %</td></tr>",
        tally.ready,
        tally.in_progress,
        todo(tally),
    );
}

fn bloc_section(
    out: &mut String,
    plan: &BlocPlan,
    portfolio: &Portfolio,
    ctx: &ExportContext,
    options: &Options,
) {
    let bloc = plan.bloc;
    let _ = writeln!(
        out,
        "<section class=\"bloc\">\n<h2><span class=\"id\">{}</span> {}</h2>",
        esc(&bloc.id),
        esc(&bloc.title)
    );
    if let Some(mark) = optional_mark(plan) {
        let _ = writeln!(
            out,
            "<p class=\"tag-line\"><span class=\"tag\">Bloc {mark}</span></p>"
        );
    }
    if plan.groups.is_empty() && plan.evaluations.is_empty() {
        out.push_str("<p class=\"empty\">Aucun critère prêt dans ce bloc.</p>\n");
    }
    for group in &plan.groups {
        let mut level = 3;
        if let Some(activite) = group.activite {
            let _ = writeln!(
                out,
                "<section class=\"activite\">\n<h3><span class=\"id\">Activité {}</span> {}</h3>",
                esc(&activite.id),
                esc(&activite.title)
            );
            level = 4;
        }
        for c in &group.competences {
            competence(out, level, c.competence);
            if !c.covered_by.is_empty() {
                let names: Vec<String> = c
                    .covered_by
                    .iter()
                    .map(|m| esc(&evaluation_name(m)))
                    .collect();
                let _ = writeln!(
                    out,
                    "<p class=\"group\">Évaluée par : {}</p>",
                    names.join(" ; ")
                );
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
            out.push_str("</section>\n");
        }
        if group.activite.is_some() {
            out.push_str("</section>\n");
        }
    }
    for evaluation in &plan.evaluations {
        let m = evaluation.modalite;
        let _ = writeln!(
            out,
            "<section class=\"competence evaluation\">\n<h3>Évaluation {}</h3>\n\
             <p class=\"group\">Compétences évaluées : {}</p>",
            esc(&evaluation_name(m)),
            esc(&m.covers.join(", "))
        );
        for critere_ in &evaluation.criteres {
            critere(out, 4, critere_, portfolio, ctx, options);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

fn competence(out: &mut String, level: usize, competence: &Competence) {
    let _ = writeln!(
        out,
        "<section class=\"competence\">\n<h{level}><span class=\"id\">{}</span> {}</h{level}>",
        esc(&competence.id),
        esc(&competence.title)
    );
    let texts = [
        ("Conditions de réalisation", &competence.conditions),
        ("Résultats attendus", &competence.results),
    ];
    if texts.iter().any(|(_, t)| !t.trim().is_empty()) {
        out.push_str("<dl class=\"context\">\n");
        for (label, text) in texts {
            if !text.trim().is_empty() {
                let _ = writeln!(out, "<dt>{label}</dt>\n<dd>{}</dd>", paragraphs(text));
            }
        }
        out.push_str("</dl>\n");
    }
}

/// The tutors' verdicts and comments; nothing when they said nothing.
fn said(out: &mut String, said: &Said, ctx: &ExportContext) {
    if said.verdicts.is_empty() && said.comments.is_empty() {
        return;
    }
    out.push_str("<div class=\"reviews\"><p class=\"reviews-title\">Avis des tuteurs</p>\n<ul>\n");
    for (tutor, verdict) in &said.verdicts {
        let _ = writeln!(
            out,
            "<li>{} : {} {}</li>",
            esc(tutor),
            verdict.symbol(),
            verdict.label()
        );
    }
    for comment in &said.comments {
        let _ = writeln!(
            out,
            "<li><span class=\"dates\">{}, {} :</span> {}</li>",
            esc(&comment.author),
            ctx.short_date(comment.created),
            esc(&comment.text)
        );
    }
    out.push_str("</ul></div>\n");
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Todo => "todo",
        Status::InProgress => "in-progress",
        Status::Ready => "ready",
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
    let _ = writeln!(
        out,
        "<article class=\"critere\">\n<h{level}>Critère <span class=\"id\">{}</span></h{level}>",
        esc(&critere.id)
    );
    if let Some(group) = &critere.group {
        let _ = writeln!(out, "<p class=\"group\">{}</p>", esc(group));
    }
    let _ = writeln!(
        out,
        "<div class=\"critere-text\">\n{}</div>",
        paragraphs(&critere.text),
    );
    state(out, &critere.id, portfolio);
    said(out, &ctx.said(&critere.id, options), ctx);
    notes(out, level + 1, &critere.id, portfolio, ctx);
    out.push_str("</article>\n");
}

/// The candidate's status and self-assessment on a unit of evidence.
fn state(out: &mut String, id: &str, portfolio: &Portfolio) {
    let status = portfolio.status(id);
    let self_assessment = level_label(portfolio.critere(id).and_then(|w| w.level));
    let _ = writeln!(
        out,
        "<dl class=\"state\">\
         <div><dt>Statut</dt><dd><span class=\"status {}\">{} {}</span></dd></div>\
         <div><dt>Auto-évaluation</dt><dd>{}</dd></div></dl>",
        status_class(status),
        status.symbol(),
        status.label(),
        self_assessment
    );
}

/// The evidence notes of a unit, each under a heading at `note_level`.
fn notes(
    out: &mut String,
    note_level: usize,
    id: &str,
    portfolio: &Portfolio,
    ctx: &ExportContext,
) {
    let notes = portfolio.notes(id);
    if notes.is_empty() {
        out.push_str("<p class=\"empty\">Aucune note de preuve.</p>\n");
    }
    for note in notes {
        let body = note.body().collect::<Vec<_>>().join("\n");
        let experiences = super::experiences::note_experiences(note, portfolio);
        let experiences = if experiences.is_empty() {
            String::new()
        } else {
            let titles: Vec<String> = experiences.iter().map(|t| esc(t)).collect();
            format!(
                "<p class=\"linked\">Expériences : {}</p>\n",
                titles.join(" ; ")
            )
        };
        let _ = writeln!(
            out,
            "<section class=\"note\">\n<h{note_level}>{}</h{note_level}>\n{}{experiences}\
             <p class=\"dates\">{}</p>\n</section>",
            esc(note.title()),
            paragraphs(&body),
            note_dates(note, ctx)
        );
    }
}
