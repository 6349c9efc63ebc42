//! The dossier as CommonMark (with GFM tables for the summary and the
//! coverage).

use std::fmt::Write;

use super::dossier::{
    Bloc, Competence, Critere, Dossier, Evidence, Experiences, Piece, SIGNATURE, Said, Tally,
    position_marks, todo,
};
use super::escape::{markdown_inline as inline, markdown_paragraphs as paragraphs};

/// Cells of the text bar in the summary table.
const BAR_CELLS: usize = 10;

/// The whole dossier as Markdown. Every text from the référentiel or the
/// portfolio is escaped, so it shows as written and cannot add structure.
pub fn print(dossier: &Dossier) -> String {
    let mut out = String::new();
    header(&mut out, dossier);
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
        // It names the candidate: escaped like every text.
        let _ = writeln!(
            out,
            "## Déclaration sur l’honneur\n\n{}\n",
            inline(declaration)
        );
        for line in SIGNATURE {
            let _ = writeln!(out, "{line}\n");
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn header(out: &mut String, dossier: &Dossier) {
    let _ = writeln!(out, "# {}\n", inline(dossier.title));
    out.push_str("Dossier de validation des acquis de l’expérience (VAE)\n\n");
    for (label, value) in &dossier.fields {
        let _ = writeln!(out, "- **{label} :** {}", inline(value));
    }
    let _ = writeln!(out, "- **Date de l’export :** {}\n", dossier.date);
    if dossier.only_ready && dossier.suivi {
        out.push_str("Seuls les critères prêts sont détaillés.\n\n");
    }
}

fn summary(out: &mut String, dossier: &Dossier) {
    if !dossier.suivi {
        // The jury reads the blocs presented, not where the work stands.
        out.push_str("## Blocs présentés\n\n");
        for bloc in &dossier.blocs {
            let mark = bloc.mark.map(|m| format!(" *({m})*")).unwrap_or_default();
            let _ = writeln!(out, "- {} — {}{mark}", inline(bloc.id), inline(bloc.title));
        }
        out.push('\n');
    } else {
        progression(out, dossier);
    }
    if !dossier.not_targeted.is_empty() {
        let names: Vec<String> = dossier
            .not_targeted
            .iter()
            .map(|b| format!("{} — {}", inline(b.id), inline(b.title)))
            .collect();
        let _ = writeln!(
            out,
            "Blocs optionnels non visés, absents de ce dossier : {}.\n",
            names.join(" ; ")
        );
    }
}

/// Where the work stands per bloc: the follow-up's summary.
fn progression(out: &mut String, dossier: &Dossier) {
    out.push_str("## Progression\n\n");
    out.push_str("| Bloc | Intitulé | Prêts | En cours | À faire | Progression |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | --- |\n");
    for bloc in &dossier.blocs {
        let title = match bloc.mark {
            Some(mark) => format!("{} *({mark})*", inline(bloc.title)),
            None => inline(bloc.title),
        };
        row(out, &inline(bloc.id), &title, bloc.tally);
    }
    if let Some(overall) = dossier.overall {
        row(out, "**Ensemble**", "*blocs visés*", overall);
    }
    out.push('\n');
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

/// `## Expériences` then `## Couverture…`.
fn experiences_section(out: &mut String, experiences: &Experiences) {
    out.push_str("## Expériences\n\n");
    for experience in &experiences.list {
        let _ = writeln!(out, "### {}\n", inline(experience.title));
        for (label, value) in &experience.fields {
            let _ = writeln!(out, "- **{label} :** {}", inline(value));
        }
        if !experience.fields.is_empty() {
            out.push('\n');
        }
        let description = paragraphs(experience.description);
        if !description.is_empty() {
            let _ = writeln!(out, "{description}\n");
        }
        let _ = writeln!(out, "*{}.*\n", experience.figures);
    }

    out.push_str("## Couverture des critères par les expériences\n\n");
    out.push_str("Nombre de notes de preuve qui relient chaque critère à chaque expérience.\n\n");
    let _ = write!(out, "| Critère |");
    for experience in &experiences.list {
        let _ = write!(out, " {} |", inline(experience.title));
    }
    out.push_str(" Total |\n| --- |");
    out.push_str(&" ---: |".repeat(experiences.list.len() + 1));
    out.push('\n');
    for row in &experiences.rows {
        let _ = write!(out, "| {} |", inline(row.id));
        for cell in &row.cells {
            let _ = write!(out, " {cell} |");
        }
        let total = if row.bare {
            "*aucune preuve*"
        } else {
            &row.total
        };
        let _ = writeln!(out, " {total} |");
    }
    let _ = write!(out, "| **Total** |");
    for total in &experiences.column_totals {
        let _ = write!(out, " {total} |");
    }
    let _ = writeln!(out, " {} |\n", experiences.total);
}

fn bloc_section(out: &mut String, bloc: &Bloc, suivi: bool) {
    let _ = writeln!(out, "## {} — {}\n", inline(bloc.id), inline(bloc.title));
    if let Some(mark) = bloc.mark {
        let _ = writeln!(out, "*Bloc {mark}.*\n");
    }
    if bloc.groups.is_empty() && bloc.evaluations.is_empty() {
        // The jury's dossier says nothing of what is not there.
        if suivi {
            out.push_str("Aucun critère prêt dans ce bloc.\n\n");
        }
    }
    for group in &bloc.groups {
        let mut level = 3;
        if let Some(activite) = group.activite {
            let _ = writeln!(
                out,
                "### Activité {} — {}\n",
                inline(activite.id),
                inline(activite.title)
            );
            level = 4;
        }
        for c in &group.competences {
            competence(out, level, c);
            if !c.evaluated_by.is_empty() {
                let names: Vec<String> = c.evaluated_by.iter().map(|n| inline(n)).collect();
                let _ = writeln!(out, "*Évaluée par : {}.*\n", names.join(" ; "));
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
        }
    }
    for evaluation in &bloc.evaluations {
        heading(out, 3, &format!("Évaluation {}", inline(&evaluation.name)));
        let _ = writeln!(
            out,
            "*Compétences évaluées : {}.*\n",
            inline(&evaluation.covers.join(", "))
        );
        for critere_ in &evaluation.criteres {
            critere(out, 4, critere_, suivi);
        }
    }
}

/// The tutors' verdicts and comments, as a list; nothing when they said nothing.
fn said(out: &mut String, said: &Said) {
    if said.is_empty() {
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
            comment.date,
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
        &format!("{} — {}", inline(competence.id), inline(competence.title)),
    );
    labelled(out, "Conditions de réalisation", competence.conditions);
    labelled(out, "Résultats attendus", competence.results);
    labelled(out, "Positionnement (France VAE)", &competence.positioning);
}

/// `*Label :* text`, the text's paragraphs following; nothing when blank.
fn labelled(out: &mut String, label: &str, text: &str) {
    let text = paragraphs(text);
    if !text.is_empty() {
        let _ = writeln!(out, "*{label} :* {text}\n");
    }
}

fn critere(out: &mut String, level: usize, critere: &Critere, suivi: bool) {
    heading(out, level, &format!("Critère {}", inline(critere.id)));
    if let Some(group) = critere.group {
        let _ = writeln!(out, "*{}*\n", inline(group));
    }
    let _ = writeln!(out, "{}\n", paragraphs(critere.text));
    state(out, &critere.evidence, suivi);
    said(out, &critere.said);
    notes(out, level + 1, &critere.evidence);
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
        "- **Statut :** {} {}\n- **Auto-évaluation :** {}\n",
        status.symbol(),
        status.label(),
        evidence.level
    );
}

/// The evidence notes of a unit, each under a heading at `level`.
fn notes(out: &mut String, level: usize, evidence: &Evidence) {
    if evidence.notes.is_empty() {
        out.push_str("*Aucune note de preuve.*\n\n");
    }
    for note in &evidence.notes {
        heading(out, level, &inline(note.title));
        let body = paragraphs(&note.body);
        if !body.is_empty() {
            let _ = writeln!(out, "{body}\n");
        }
        if !note.experiences.is_empty() {
            let titles: Vec<String> = note.experiences.iter().map(|t| inline(t)).collect();
            let _ = writeln!(out, "**Expériences :** {}\n", titles.join(" ; "));
        }
        if !note.pieces.is_empty() {
            let labels: Vec<String> = note.pieces.iter().map(|t| inline(t)).collect();
            let _ = writeln!(out, "**Pièces justificatives :** {}\n", labels.join(" ; "));
        }
        let _ = writeln!(out, "*{}*\n", note.dates);
    }
}

/// The annexes: each piece, its file, where the dossier cites it, what it
/// shows.
fn pieces(out: &mut String, pieces: &[Piece], suivi: bool) {
    if pieces.is_empty() {
        return;
    }
    out.push_str("## Pièces justificatives\n\n");
    for piece in pieces {
        let _ = writeln!(out, "### {} — {}\n", piece.number, inline(piece.title));
        let mut items = Vec::new();
        if !piece.file.trim().is_empty() {
            items.push(format!("- **Fichier :** {}", inline(piece.file)));
        }
        if let Some(cited) = piece.citations(suivi) {
            items.push(format!("- **Citée dans :** {}", inline(&cited)));
        }
        if !items.is_empty() {
            let _ = writeln!(out, "{}\n", items.join("\n"));
        }
        let description = paragraphs(piece.description);
        if !description.is_empty() {
            let _ = writeln!(out, "{description}\n");
        }
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
    out.push_str("## Auto-positionnement\n\n");
    for bloc in blocs {
        let _ = writeln!(out, "### {} — {}\n", inline(bloc.id), inline(bloc.title));
        out.push_str(
            "| Compétence | Oui | Partiellement | Non |\n| --- | :---: | :---: | :---: |\n",
        );
        for (competence, stance) in &bloc.positioning {
            let [oui, partiellement, non] = position_marks(stance, dossier.suivi);
            let _ = writeln!(
                out,
                "| {} — {} | {oui} | {partiellement} | {non} |",
                inline(competence.id),
                inline(competence.title)
            );
        }
        out.push('\n');
    }
    if dossier.suivi {
        out.push_str("*(estimé) : déduit des critères, le candidat ne l’a pas encore donné.*\n\n");
    }
}
