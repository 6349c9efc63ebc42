//! The dossier as one self-contained HTML page: inline CSS, no script, no
//! external request, printable on A4 with each bloc on a new page.

use std::fmt::Write;

use super::dossier::{
    Bloc, Competence, Critere, Dossier, Evidence, Experiences, Piece, SIGNATURE, Said, Status,
    Tally, position_marks, todo,
};
use super::escape::{html_paragraphs as paragraphs, html_text as esc};

const STYLE: &str = include_str!("style.css");

/// The whole dossier as an HTML page. Every text from the référentiel or the
/// portfolio is escaped, so it shows as written and cannot add markup.
pub fn print(dossier: &Dossier) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Dossier VAE — {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(dossier.title)
    );
    header(&mut out, dossier);
    out.push_str("<main>\n");
    summary(&mut out, dossier);
    if let Some(experiences) = &dossier.experiences {
        experiences_section(&mut out, experiences);
    }
    for bloc in &dossier.blocs {
        bloc_section(&mut out, bloc, dossier.suivi);
    }
    positioning(&mut out, dossier);
    pieces(&mut out, &dossier.pieces, dossier.suivi);
    if let Some(declaration) = &dossier.declaration {
        let _ = writeln!(
            out,
            "<section class=\"declaration\">\n<h2>Déclaration sur l’honneur</h2>\n<p>{}</p>",
            esc(declaration)
        );
        for line in SIGNATURE {
            let _ = writeln!(out, "<p class=\"signature\">{line}</p>");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, dossier: &Dossier) {
    let _ = writeln!(
        out,
        "<header>\n<p class=\"kicker\">Dossier de validation des acquis de l’expérience (VAE)</p>\n\
         <h1>{}</h1>\n<dl class=\"meta\">",
        esc(dossier.title)
    );
    for (label, value) in &dossier.fields {
        let _ = writeln!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(value));
    }
    let _ = writeln!(
        out,
        "<div><dt>Date de l’export</dt><dd>{}</dd></div>\n</dl>",
        dossier.date
    );
    if dossier.only_ready && dossier.suivi {
        out.push_str("<p class=\"notice\">Seuls les critères prêts sont détaillés.</p>\n");
    }
    out.push_str("</header>\n");
}

fn summary(out: &mut String, dossier: &Dossier) {
    if !dossier.suivi {
        // The jury reads the blocs presented, not where the work stands.
        out.push_str(
            "<section class=\"summary\" aria-labelledby=\"blocs\">\n\
             <h2 id=\"blocs\">Blocs présentés</h2>\n<ul>\n",
        );
        for bloc in &dossier.blocs {
            let mark = bloc
                .mark
                .map(|m| format!(" <span class=\"tag\">{m}</span>"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><span class=\"id\">{}</span> {}{mark}</li>",
                esc(bloc.id),
                esc(bloc.title)
            );
        }
        out.push_str("</ul>\n");
        not_targeted(out, dossier);
        out.push_str("</section>\n");
        return;
    }
    out.push_str(
        "<section class=\"summary\" aria-labelledby=\"progression\">\n\
         <h2 id=\"progression\">Progression</h2>\n<table>\n\
         <caption>Critères par bloc : prêts, en cours, à faire</caption>\n\
         <thead>\n<tr><th scope=\"col\">Bloc</th><th scope=\"col\">Intitulé</th>\
         <th scope=\"col\" class=\"num\">Prêts</th><th scope=\"col\" class=\"num\">En cours</th>\
         <th scope=\"col\" class=\"num\">À faire</th><th scope=\"col\">Progression</th></tr>\n\
         </thead>\n<tbody>\n",
    );
    for bloc in &dossier.blocs {
        let mut title = esc(bloc.title);
        if let Some(mark) = bloc.mark {
            let _ = write!(title, " <span class=\"tag\">{mark}</span>");
        }
        row(out, "", &esc(bloc.id), &title, bloc.tally);
    }
    if let Some(overall) = dossier.overall {
        row(out, " class=\"total\"", "Ensemble", "blocs visés", overall);
    }
    out.push_str("</tbody>\n</table>\n");
    not_targeted(out, dossier);
    out.push_str("</section>\n");
}

/// The optional blocs left out, in one line.
fn not_targeted(out: &mut String, dossier: &Dossier) {
    if !dossier.not_targeted.is_empty() {
        let names: Vec<String> = dossier
            .not_targeted
            .iter()
            .map(|b| format!("{} — {}", esc(b.id), esc(b.title)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"not-targeted\">Blocs optionnels non visés, absents de ce dossier : {}.</p>",
            names.join(" ; ")
        );
    }
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

/// The annexes: each piece, its file, where the dossier cites it, what it
/// shows.
fn pieces(out: &mut String, pieces: &[Piece], suivi: bool) {
    if pieces.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"pieces\" aria-labelledby=\"pieces\">\n\
         <h2 id=\"pieces\">Pièces justificatives</h2>\n",
    );
    for piece in pieces {
        let _ = writeln!(
            out,
            "<article class=\"piece\">\n<h3>{} — {}</h3>",
            piece.number,
            esc(piece.title)
        );
        let cited = piece.citations(suivi).map(|c| esc(&c));
        let file = (!piece.file.trim().is_empty()).then(|| esc(piece.file));
        if file.is_some() || cited.is_some() {
            out.push_str("<dl class=\"meta\">\n");
            for (label, value) in [("Fichier", file), ("Citée dans", cited)] {
                if let Some(value) = value {
                    let _ = writeln!(out, "<div><dt>{label}</dt><dd>{value}</dd></div>");
                }
            }
            out.push_str("</dl>\n");
        }
        out.push_str(&paragraphs(piece.description));
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

/// The experiences section and the coverage table.
fn experiences_section(out: &mut String, experiences: &Experiences) {
    out.push_str(
        "<section class=\"experiences\" aria-labelledby=\"experiences\">\n\
         <h2 id=\"experiences\">Expériences</h2>\n",
    );
    for experience in &experiences.list {
        let _ = writeln!(
            out,
            "<article class=\"experience\">\n<h3>{}</h3>",
            esc(experience.title)
        );
        if !experience.fields.is_empty() {
            out.push_str("<dl class=\"meta\">\n");
            for (label, value) in &experience.fields {
                let _ = writeln!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(value));
            }
            out.push_str("</dl>\n");
        }
        out.push_str(&paragraphs(experience.description));
        let _ = writeln!(
            out,
            "<p class=\"figures\">{}</p>\n</article>",
            experience.figures
        );
    }
    out.push_str("</section>\n");

    out.push_str(
        "<section class=\"coverage\" aria-labelledby=\"couverture\">\n\
         <h2 id=\"couverture\">Couverture des critères par les expériences</h2>\n<table>\n\
         <caption>Nombre de notes de preuve qui relient chaque critère à chaque expérience\
         </caption>\n<thead>\n<tr><th scope=\"col\">Critère</th>",
    );
    for experience in &experiences.list {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            esc(experience.title)
        );
    }
    out.push_str("<th scope=\"col\" class=\"num\">Total</th></tr>\n</thead>\n<tbody>\n");
    for row in &experiences.rows {
        let class = if row.bare { " class=\"bare\"" } else { "" };
        let _ = write!(out, "<tr{class}><th scope=\"row\">{}</th>", esc(row.id));
        for cell in &row.cells {
            let _ = write!(out, "<td class=\"num\">{cell}</td>");
        }
        let total = if row.bare {
            "aucune preuve"
        } else {
            &row.total
        };
        let _ = writeln!(out, "<td class=\"num\">{total}</td></tr>");
    }
    out.push_str("</tbody>\n<tfoot>\n<tr class=\"total\"><th scope=\"row\">Total</th>");
    for total in &experiences.column_totals {
        let _ = write!(out, "<td class=\"num\">{total}</td>");
    }
    let _ = writeln!(
        out,
        "<td class=\"num\">{}</td></tr>\n</tfoot>\n</table>\n</section>",
        experiences.total
    );
}

fn bloc_section(out: &mut String, bloc: &Bloc, suivi: bool) {
    let _ = writeln!(
        out,
        "<section class=\"bloc\">\n<h2><span class=\"id\">{}</span> {}</h2>",
        esc(bloc.id),
        esc(bloc.title)
    );
    if let Some(mark) = bloc.mark {
        let _ = writeln!(
            out,
            "<p class=\"tag-line\"><span class=\"tag\">Bloc {mark}</span></p>"
        );
    }
    if bloc.groups.is_empty() && bloc.evaluations.is_empty() {
        // The jury's dossier says nothing of what is not there.
        if suivi {
            out.push_str("<p class=\"empty\">Aucun critère prêt dans ce bloc.</p>\n");
        }
    }
    for group in &bloc.groups {
        let mut level = 3;
        if let Some(activite) = group.activite {
            let _ = writeln!(
                out,
                "<section class=\"activite\">\n<h3><span class=\"id\">Activité {}</span> {}</h3>",
                esc(activite.id),
                esc(activite.title)
            );
            level = 4;
        }
        for c in &group.competences {
            competence(out, level, c);
            if !c.evaluated_by.is_empty() {
                let names: Vec<String> = c.evaluated_by.iter().map(|n| esc(n)).collect();
                let _ = writeln!(
                    out,
                    "<p class=\"group\">Évaluée par : {}</p>",
                    names.join(" ; ")
                );
            }
            if let Some(evidence) = &c.evidence {
                state(out, evidence, suivi);
            }
            said(out, &c.said);
            if let Some(evidence) = &c.evidence {
                notes(out, level + 1, evidence);
            }
            for critere_ in &c.criteres {
                critere(out, level + 1, critere_, suivi);
            }
            out.push_str("</section>\n");
        }
        if group.activite.is_some() {
            out.push_str("</section>\n");
        }
    }
    for evaluation in &bloc.evaluations {
        let _ = writeln!(
            out,
            "<section class=\"competence evaluation\">\n<h3>Évaluation {}</h3>\n\
             <p class=\"group\">Compétences évaluées : {}</p>",
            esc(&evaluation.name),
            esc(&evaluation.covers.join(", "))
        );
        for critere_ in &evaluation.criteres {
            critere(out, 4, critere_, suivi);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

fn competence(out: &mut String, level: usize, competence: &Competence) {
    let _ = writeln!(
        out,
        "<section class=\"competence\">\n<h{level}><span class=\"id\">{}</span> {}</h{level}>",
        esc(competence.id),
        esc(competence.title)
    );
    let texts = [
        ("Conditions de réalisation", competence.conditions),
        ("Résultats attendus", competence.results),
        (
            "Positionnement (France VAE)",
            competence.positioning.as_str(),
        ),
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
fn said(out: &mut String, said: &Said) {
    if said.is_empty() {
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
            comment.date,
            esc(comment.text)
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

fn critere(out: &mut String, level: usize, critere: &Critere, suivi: bool) {
    let _ = writeln!(
        out,
        "<article class=\"critere\">\n<h{level}>Critère <span class=\"id\">{}</span></h{level}>",
        esc(critere.id)
    );
    if let Some(group) = critere.group {
        let _ = writeln!(out, "<p class=\"group\">{}</p>", esc(group));
    }
    let _ = writeln!(
        out,
        "<div class=\"critere-text\">\n{}</div>",
        paragraphs(critere.text),
    );
    state(out, &critere.evidence, suivi);
    said(out, &critere.said);
    notes(out, level + 1, &critere.evidence);
    out.push_str("</article>\n");
}

/// The candidate's status and self-assessment on a unit of evidence, in the
/// follow-up only.
fn state(out: &mut String, evidence: &Evidence, suivi: bool) {
    if !suivi {
        return;
    }
    let status = evidence.status;
    let _ = writeln!(
        out,
        "<dl class=\"state\">\
         <div><dt>Statut</dt><dd><span class=\"status {}\">{} {}</span></dd></div>\
         <div><dt>Auto-évaluation</dt><dd>{}</dd></div></dl>",
        status_class(status),
        status.symbol(),
        status.label(),
        evidence.level
    );
}

/// The evidence notes of a unit, each under a heading at `note_level`.
fn notes(out: &mut String, note_level: usize, evidence: &Evidence) {
    if evidence.notes.is_empty() {
        out.push_str("<p class=\"empty\">Aucune note de preuve.</p>\n");
    }
    for note in &evidence.notes {
        let experiences = if note.experiences.is_empty() {
            String::new()
        } else {
            let titles: Vec<String> = note.experiences.iter().map(|t| esc(t)).collect();
            format!(
                "<p class=\"linked\">Expériences : {}</p>\n",
                titles.join(" ; ")
            )
        };
        let pieces = if note.pieces.is_empty() {
            String::new()
        } else {
            let labels: Vec<String> = note.pieces.iter().map(|t| esc(t)).collect();
            format!(
                "<p class=\"linked\">Pièces justificatives : {}</p>\n",
                labels.join(" ; ")
            )
        };
        let _ = writeln!(
            out,
            "<section class=\"note\">\n<h{note_level}>{}</h{note_level}>\n{}{experiences}{pieces}\
             <p class=\"dates\">{}</p>\n</section>",
            esc(note.title),
            paragraphs(&note.body),
            note.dates
        );
    }
}

/// Per bloc, compétence × « oui / partiellement / non », as France VAE's
/// platform asks the candidate to position themselves.
fn positioning(out: &mut String, dossier: &Dossier) {
    let blocs: Vec<&Bloc> = dossier
        .blocs
        .iter()
        .filter(|b| !b.positioning.is_empty())
        .collect();
    if blocs.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"positioning\" aria-labelledby=\"positionnement\">\n\
         <h2 id=\"positionnement\">Auto-positionnement</h2>\n",
    );
    for bloc in blocs {
        let _ = writeln!(
            out,
            "<table>\n<caption>{} — {}</caption>\n<thead>\n<tr><th scope=\"col\">Compétence</th>\
             <th scope=\"col\">Oui</th><th scope=\"col\">Partiellement</th>\
             <th scope=\"col\">Non</th></tr>\n</thead>\n<tbody>",
            esc(bloc.id),
            esc(bloc.title)
        );
        for (competence, stance) in &bloc.positioning {
            let [oui, partiellement, non] = position_marks(stance, dossier.suivi);
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{} — {}</th><td>{oui}</td><td>{partiellement}</td>\
                 <td>{non}</td></tr>",
                esc(competence.id),
                esc(competence.title)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if dossier.suivi {
        out.push_str(
            "<p class=\"notice\">(estimé) : déduit des critères, le candidat ne l’a pas encore \
             donné.</p>\n",
        );
    }
    out.push_str("</section>\n");
}
