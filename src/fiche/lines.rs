//! [`document`]: the fiche as lines in reading order, every text made
//! printable.

use jiff::civil::Date;

use super::json::deliverables;
use super::{Kind, Line, expiry_warning, french_date, printable};
use crate::referentiel::{Bloc, Certification, Competence, Critere, Modalite};

/// Builds the lines; every text goes through [`printable`].
#[derive(Default)]
struct Doc {
    lines: Vec<Line>,
}

impl Doc {
    fn push(&mut self, kind: Kind, depth: usize, bullet: bool, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.lines.push(Line {
            kind,
            depth,
            bullet,
            text: printable(text),
        });
    }

    fn text(&mut self, depth: usize, text: &str) {
        self.push(Kind::Text, depth, false, text);
    }

    fn labelled(&mut self, depth: usize, label: &str, text: Option<&str>) {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.push(Kind::Label, depth, false, label);
            self.text(depth, text);
        }
    }

    fn items(&mut self, depth: usize, label: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.push(Kind::Label, depth, false, label);
        for item in items {
            self.push(Kind::Text, depth, true, item);
        }
    }

    fn former(&mut self, depth: usize, former: &[String]) {
        if !former.is_empty() {
            let text = format!("Anciens identifiants : {}", former.join(", "));
            self.push(Kind::Dim, depth, false, &text);
        }
    }

    /// Critères under their groups, a label each time the group changes.
    fn criteres(&mut self, depth: usize, label: &str, criteres: &[Critere]) {
        if criteres.is_empty() {
            return;
        }
        self.push(Kind::Label, depth, false, label);
        let mut group = None;
        for k in criteres {
            if k.group.is_some() && k.group != group {
                self.push(Kind::Dim, depth, false, k.group.as_deref().unwrap_or(""));
            }
            group = k.group.clone();
            self.push(Kind::Text, depth, true, &format!("{} — {}", k.id, k.text));
            self.former(depth + 1, &k.former_ids);
        }
    }
}

/// The whole fiche as lines, in the source's order.
pub fn document(c: &Certification, today: Date) -> Vec<Line> {
    let mut doc = Doc::default();
    doc.push(Kind::Title, 0, false, &c.title);
    let mut facts = vec![c.id.clone(), c.kind.label().to_string()];
    facts.extend(c.code.clone());
    doc.push(Kind::Dim, 0, false, &facts.join(" · "));
    if let Some(warning) = expiry_warning(c, today) {
        doc.push(Kind::Warning, 0, false, &format!("⚠ {warning}"));
    }
    for (label, value) in [
        ("Code", c.code.clone()),
        ("Niveau", c.level.clone()),
        ("Certificateur", c.certifier.clone()),
        (
            "Enregistrement valable jusqu’au",
            c.valid_until.as_deref().map(french_date),
        ),
        ("Nom des critères dans la source", c.leaf_label.clone()),
    ] {
        if let Some(value) = value {
            doc.text(0, &format!("{label} : {value}"));
        }
    }
    if !c.summary.trim().is_empty() {
        doc.push(Kind::Heading, 0, false, "Résumé");
        doc.text(0, &c.summary);
    }
    if !c.requirements.is_empty() {
        doc.push(Kind::Heading, 0, false, "Prérequis et conditions");
        for item in &c.requirements {
            doc.push(Kind::Text, 0, true, item);
        }
    }
    for (label, text) in [
        ("Validité des blocs", c.bloc_validity.as_deref()),
        ("Jury", c.jury.as_deref()),
    ] {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            doc.push(Kind::Heading, 0, false, label);
            doc.text(0, text);
        }
    }
    for section in &c.sections {
        doc.push(Kind::Heading, 0, false, &section.title);
        doc.text(0, &section.text);
    }
    for b in &c.blocs {
        bloc_lines(&mut doc, c, b);
    }
    doc.push(Kind::Heading, 0, false, "Source");
    doc.text(0, &format!("Fichier : {}", c.source.file));
    doc.labelled(0, "Note de transcription", c.source.note.as_deref());
    doc.lines
}

fn bloc_lines(doc: &mut Doc, c: &Certification, b: &Bloc) {
    let optional = if b.optional { " (optionnel)" } else { "" };
    doc.push(
        Kind::Heading,
        0,
        false,
        &match &b.code {
            Some(code) => format!("Bloc {} ({code}) — {}{optional}", b.id, b.title),
            None => format!("Bloc {} — {}{optional}", b.id, b.title),
        },
    );
    doc.text(0, &b.description);
    for m in &b.modalites {
        modalite_lines(doc, c, m);
    }
    doc.items(0, "Connaissances associées", &b.knowledge);
    for a in &b.activites {
        doc.push(
            Kind::Subheading,
            0,
            false,
            &format!("Activité {} — {}", a.id, a.title),
        );
        doc.text(1, &a.description);
        for competence in &a.competences {
            competence_lines(doc, c, b, competence, 1);
        }
    }
    for competence in &b.competences {
        competence_lines(doc, c, b, competence, 0);
    }
}

fn modalite_lines(doc: &mut Doc, c: &Certification, m: &Modalite) {
    let title = match &m.id {
        Some(id) => format!("Modalité d’évaluation {id} — {}", m.title),
        None => format!("Modalité d’évaluation — {}", m.title),
    };
    doc.push(Kind::Subheading, 0, false, &title);
    if let Some(duration) = &m.duration {
        doc.text(1, &format!("Durée : {duration}"));
    }
    doc.text(1, &m.text);
    let deliverables = deliverables(&m.deliverables);
    if !deliverables.is_empty() {
        doc.push(Kind::Label, 1, false, "Livrables");
        for d in &deliverables {
            doc.push(Kind::Text, 1, true, d.text);
            for item in &d.items {
                doc.push(Kind::Text, 2, true, item);
            }
        }
    }
    doc.items(1, "Exigences propres à cette modalité", &m.requirements);
    if !m.covers.is_empty() {
        doc.text(1, &format!("Couvre : {}", m.covers.join(", ")));
    }
    doc.criteres(1, c.leaf_label(), &m.criteres);
}

fn competence_lines(
    doc: &mut Doc,
    c: &Certification,
    b: &Bloc,
    competence: &Competence,
    depth: usize,
) {
    doc.push(
        Kind::Subheading,
        depth,
        false,
        &format!("Compétence {} — {}", competence.id, competence.title),
    );
    let depth = depth + 1;
    doc.former(depth, &competence.former_ids);
    doc.labelled(
        depth,
        "Conditions de réalisation",
        Some(&competence.conditions),
    );
    doc.labelled(depth, "Résultats attendus", Some(&competence.results));
    doc.items(depth, "Connaissances", &competence.knowledge);
    doc.criteres(depth, c.leaf_label(), &competence.criteres);
    let evaluations: Vec<&str> = b
        .evaluations_of(&competence.id)
        .filter_map(|m| m.id.as_deref())
        .collect();
    if !evaluations.is_empty() {
        doc.push(
            Kind::Dim,
            depth,
            false,
            &format!(
                "Évaluée aussi par {} : ses critères s’appliquent à cette compétence.",
                evaluations.join(", ")
            ),
        );
    } else if competence.is_leaf() {
        doc.push(
            Kind::Dim,
            depth,
            false,
            "Pas de critère dans la source : les preuves se rattachent à la compétence.",
        );
    }
}
