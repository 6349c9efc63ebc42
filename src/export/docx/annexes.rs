//! The end of the Word document: the self-positioning tables, the annexes
//! (experiences, coverage, pièces justificatives, words per bloc) and the
//! declaration to sign.

use super::{Doc, SMALL, TEXT_WIDTH, table};
use crate::export::dossier::{Bloc, Dossier, Experiences, SIGNATURE, position_marks};

/// Per bloc, compétence × « oui / partiellement / non », as France VAE's
/// platform asks the candidate to position themselves.
pub(super) fn positioning(doc: &mut Doc, dossier: &Dossier) {
    let blocs: Vec<&Bloc> = dossier
        .blocs
        .iter()
        .filter(|b| !b.positioning.is_empty())
        .collect();
    if blocs.is_empty() {
        return;
    }
    doc.page_break();
    doc.heading(1, "Auto-positionnement");
    for bloc in blocs {
        doc.heading(2, &format!("{} — {}", bloc.id, bloc.title));
        let mut rows = vec![
            ["Compétence", "Oui", "Partiellement", "Non"]
                .map(String::from)
                .to_vec(),
        ];
        for (competence, stance) in &bloc.positioning {
            let [oui, partiellement, non] = position_marks(stance, dossier.suivi);
            rows.push(vec![
                format!("{} — {}", competence.id, competence.title),
                oui.to_string(),
                partiellement.to_string(),
                non.to_string(),
            ]);
        }
        doc.table(table(rows, &[TEXT_WIDTH - 3900, 1300, 1300, 1300]));
    }
    if dossier.suivi {
        doc.styled(
            SMALL,
            "(estimé) : déduit des critères, le candidat ne l’a pas encore donné.",
        );
    }
}

/// The experiences (a table), then the critères × experiences coverage.
pub(super) fn experiences_section(doc: &mut Doc, experiences: &Experiences) {
    doc.page_break();
    doc.heading(1, "Annexe : expériences");
    let mut rows = vec![
        [
            "Expérience",
            "Employeur, poste, période, lieu",
            "Description",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for e in &experiences.list {
        let fields: Vec<String> = e.fields.iter().map(|(l, v)| format!("{l} : {v}")).collect();
        rows.push(vec![
            e.title.to_string(),
            fields.join(" · "),
            format!("{} ({})", e.description.trim(), e.figures),
        ]);
    }
    doc.table(table(rows, &[2200, 2800, TEXT_WIDTH - 5000]));

    doc.heading(1, "Annexe : couverture des critères par les expériences");
    doc.styled(
        SMALL,
        "Nombre de notes de preuve qui relient chaque critère à chaque expérience.",
    );
    let mut header = vec!["Critère".to_string()];
    header.extend(experiences.list.iter().map(|e| e.title.to_string()));
    header.push("Total".to_string());
    let mut rows = vec![header];
    for row in &experiences.rows {
        let mut cells = vec![row.id.to_string()];
        cells.extend(row.cells.iter().cloned());
        cells.push(if row.bare {
            "aucune preuve".to_string()
        } else {
            row.total.clone()
        });
        rows.push(cells);
    }
    let mut totals = vec!["Total".to_string()];
    totals.extend(experiences.column_totals.iter().map(|t| t.to_string()));
    totals.push(experiences.total.to_string());
    rows.push(totals);
    doc.table(table(rows, &[]));
}

/// The pièces justificatives: a table of their numbers, titles and what
/// they show, files, and where the dossier cites them.
pub(super) fn pieces(doc: &mut Doc, dossier: &Dossier) {
    if dossier.pieces.is_empty() {
        return;
    }
    doc.heading(1, "Annexe : pièces justificatives");
    let mut rows = vec![
        ["Pièce", "Intitulé", "Fichier", "Citée dans"]
            .map(String::from)
            .to_vec(),
    ];
    for piece in &dossier.pieces {
        let mut what = piece.title.to_string();
        if !piece.description.trim().is_empty() {
            what.push('\n');
            what.push_str(piece.description.trim());
        }
        rows.push(vec![
            piece.number.clone(),
            what,
            piece.file.trim().to_string(),
            piece
                .citations(dossier.suivi)
                .unwrap_or_default()
                .replace(" ; ", "\n"),
        ]);
    }
    doc.table(table(rows, &[1200, 2800, 1700, TEXT_WIDTH - 5700]));
}

/// Words written per bloc, against the words expected.
pub(super) fn words(doc: &mut Doc, dossier: &Dossier) {
    doc.heading(1, "Annexe : rédaction par bloc");
    // The words written; against the words expected in the follow-up only.
    let header: &[&str] = if dossier.suivi {
        &["Bloc", "Mots écrits", "Visés", "Part"]
    } else {
        &["Bloc", "Mots écrits"]
    };
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for bloc in &dossier.blocs {
        let mut row = vec![bloc.id.to_string(), bloc.words.words.to_string()];
        if dossier.suivi {
            row.push(bloc.words.target_words.to_string());
            row.push(format!("{} %", bloc.words.percent()));
        }
        rows.push(row);
    }
    doc.table(table(rows, &[]));
}

/// The declaration a livret 2 ends with, and room to sign.
pub(super) fn declaration(doc: &mut Doc, dossier: &Dossier) {
    let Some(declaration) = &dossier.declaration else {
        return;
    };
    doc.page_break();
    doc.heading(1, "Déclaration sur l’honneur");
    doc.styled("Normal", declaration);
    for line in SIGNATURE {
        doc.styled("Normal", line);
    }
}
