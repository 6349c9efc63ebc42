//! The fiche's other texts into the référentiel's sections, with their
//! former line breaks restored.

use std::collections::HashMap;

use crate::referentiel::Section;
use crate::rncp::Fiche;
use crate::rncp::split;

/// The fiche's other texts, in a fixed order, under their French titles.
pub(super) fn sections(fiche: &Fiche) -> Vec<Section> {
    const TITLES: &[(&str, &str)] = &[
        ("CAPACITES_ATTESTEES", "Capacités attestées"),
        ("SECTEURS_ACTIVITE", "Secteurs d’activité"),
        ("TYPE_EMPLOI_ACCESSIBLES", "Types d’emplois accessibles"),
        (
            "OBJECTIFS_CONTEXTE",
            "Objectifs et contexte de la certification",
        ),
        (
            "PREREQUIS_ENTREE_FORMATION",
            "Prérequis à l’entrée en formation",
        ),
        ("REGLEMENTATIONS_ACTIVITES", "Réglementation d’activités"),
    ];
    let known: HashMap<&str, &str> = TITLES.iter().copied().collect();
    let mut sections: Vec<Section> = TITLES
        .iter()
        .filter_map(|(key, title)| {
            text_of(fiche, key).map(|text| Section {
                title: title.to_string(),
                text,
            })
        })
        .collect();
    // Any other text the reader kept, under its element's name.
    sections.extend(
        fiche
            .texts
            .iter()
            .filter(|(key, _)| key != "ACTIVITES_VISEES" && !known.contains_key(key.as_str()))
            .filter_map(|(key, _)| {
                text_of(fiche, key).map(|text| Section {
                    title: element_title(key),
                    text,
                })
            }),
    );
    if !fiche.voies.is_empty() {
        let text = fiche
            .voies
            .iter()
            .map(|(name, text)| match one_line(text) {
                Some(text) => format!("- {name} : {text}"),
                None => format!("- {name}"),
            })
            .collect::<Vec<_>>()
            .join("\n");
        sections.push(Section {
            title: "Voies d’accès".to_string(),
            text,
        });
    }
    let mut status = Vec::new();
    if let Some(actif) = fiche.actif {
        status.push(format!(
            "Fiche {} au répertoire national.",
            if actif { "active" } else { "inactive" }
        ));
    }
    if let Some(etat) = fiche.etat.as_deref().and_then(one_line) {
        status.push(format!("État de la fiche : {etat}."));
    }
    if let Some(end) = fiche.date_fin.as_deref().and_then(one_line) {
        status.push(format!("Fin d’enregistrement : {end}."));
    }
    if !status.is_empty() {
        sections.push(Section {
            title: "Enregistrement".to_string(),
            text: status.join("\n"),
        });
    }
    sections
}

/// `TYPE_EMPLOI_ACCESSIBLES` → `Type emploi accessibles`: readable enough
/// for an element this module does not know by name.
fn element_title(key: &str) -> String {
    let lower = key.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(super) fn text_of(fiche: &Fiche, key: &str) -> Option<String> {
    fiche
        .texts
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, text)| paragraphs(text))
        .filter(|text| !text.is_empty())
}

/// Free text, cleaned of HTML, with its former line breaks restored.
pub(super) fn paragraphs(text: &str) -> String {
    split::paragraphs(text).join("\n")
}

/// Whitespace runs collapsed; `None` when nothing is left.
pub(super) fn one_line(text: &str) -> Option<String> {
    let line = split::collapse(text);
    (!line.is_empty()).then_some(line)
}
