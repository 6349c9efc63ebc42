//! A fiche of the register into a référentiel.
//!
//! Every text of the fiche lands somewhere: the bloc's compétences come from
//! [`split`](super::split) (which guarantees no word of `LISTE_COMPETENCES`
//! is lost or invented), the other texts become the summary, the jury, the
//! sections and the modalités, with their former line breaks restored.

mod blocs;
mod ids;
#[cfg(test)]
mod tests;
mod texts;

use blocs::convert_bloc;
use ids::Ids;
use texts::{one_line, paragraphs, sections, text_of};

use super::{Fiche, Register};
use crate::referentiel::{Certification, FORMAT_VERSION, Kind, Source};

/// Where the fiche came from, for the référentiel's `source`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The export's file name, as the user gave it.
    pub file: String,
    /// The export's date (`2026-08-16`), when the file name or the content says it.
    pub date: Option<String>,
}

/// A converted fiche, and what the user should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub certification: Certification,
    /// French, one per problem: a bloc that could not be split, an empty bloc…
    pub warnings: Vec<String>,
}

/// Why a fiche cannot become a référentiel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A fiche of the répertoire spécifique: it has no blocs de compétences.
    Rs { numero: String },
    /// An RNCP fiche without any bloc.
    NoBloc { numero: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Rs { numero } => write!(
                f,
                "{numero} est une fiche du répertoire spécifique (RS) : elle n’a pas de blocs \
                 de compétences, et une certification RS ne s’obtient pas par la VAE. \
                 Cherchez la certification RNCP visée (livret import FICHIER --list MOT)"
            ),
            Refusal::NoBloc { numero } => write!(
                f,
                "la fiche {numero} ne décrit aucun bloc de compétences : il n’y a rien à \
                 importer. Vérifiez le numéro, ou cherchez une version plus récente de la \
                 certification (livret import FICHIER --list MOT)"
            ),
        }
    }
}

/// The référentiel id of a fiche number: `RNCP35340` → `rncp35340`.
pub fn referentiel_id(numero: &str) -> String {
    numero.trim().to_ascii_lowercase()
}

/// Converts one fiche. RS fiches and fiches without bloc are refused.
/// `previous` is the référentiel an earlier import of the same fiche wrote:
/// unchanged items keep their ids (see [`Ids`]).
/// `worked` are the ids the candidate's portfolio holds work under: a new
/// item never takes one of them.
pub fn convert(
    fiche: &Fiche,
    origin: &Origin,
    previous: Option<&Certification>,
    worked: &[String],
) -> Result<Converted, Refusal> {
    let numero = fiche.numero.trim().to_string();
    if fiche.register() == Register::Rs {
        return Err(Refusal::Rs { numero });
    }
    if fiche.blocs.is_empty() {
        return Err(Refusal::NoBloc { numero });
    }
    let mut warnings = Vec::new();
    let mut rules = Vec::new();
    let mut ids = Ids::new(previous, worked);
    let blocs = fiche
        .blocs
        .iter()
        .enumerate()
        .map(|(index, bloc)| {
            let (bloc, rule) = convert_bloc(&numero, bloc, index, &mut ids, &mut warnings);
            rules.push(format!("{} : {rule}", bloc.id));
            bloc
        })
        .collect();
    warnings.extend(ids.changed.iter().map(|id| {
        format!(
            "{id} : le texte a changé depuis l’import précédent ; relisez les notes qui s’y \
             rattachent"
        )
    }));
    let certification = Certification {
        format_version: FORMAT_VERSION,
        id: referentiel_id(&numero),
        title: one_line(&fiche.intitule).unwrap_or_else(|| numero.clone()),
        kind: Kind::Rncp,
        code: Some(numero.clone()),
        level: fiche
            .niveau_libelle
            .as_deref()
            .and_then(one_line)
            .or_else(|| fiche.niveau.as_deref().and_then(level_of_code)),
        certifier: (!fiche.certificateurs.is_empty()).then(|| fiche.certificateurs.join(" ; ")),
        valid_until: fiche.date_fin.as_deref().and_then(iso_date),
        leaf_label: None,
        summary: text_of(fiche, "ACTIVITES_VISEES").unwrap_or_default(),
        requirements: Vec::new(),
        bloc_validity: None,
        jury: fiche
            .voies
            .iter()
            .find(|(name, text)| name == "VAE" && !text.trim().is_empty())
            .map(|(_, text)| paragraphs(text)),
        sections: sections(fiche),
        source: Source {
            file: source_file(origin, &numero),
            note: Some(note(fiche, &rules)),
        },
        blocs,
        writing: Default::default(),
        levels: Vec::new(),
    };
    Ok(Converted {
        certification,
        warnings,
    })
}

/// `NIV7` → `Niveau 7`, when the export gives the code alone.
fn level_of_code(code: &str) -> Option<String> {
    let digits = code.trim().trim_start_matches("NIV");
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("Niveau {digits}"))
    } else {
        one_line(code)
    }
}

/// `31/08/2024` → `2024-08-31`; anything else that is already a date stays.
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').collect();
    let date = match parts.as_slice() {
        [d, m, y] => format!("{y}-{m:0>2}-{d:0>2}"),
        _ => text.get(..10)?.to_string(),
    };
    date.parse::<jiff::civil::Date>()
        .ok()
        .map(|d| d.to_string())
}

fn source_file(origin: &Origin, numero: &str) -> String {
    let date = origin
        .date
        .as_deref()
        .map(|d| format!(", export du {d}"))
        .unwrap_or_default();
    format!("{} — fiche {numero}{date}", origin.file)
}

fn note(fiche: &Fiche, rules: &[String]) -> String {
    let mut note = format!(
        "Importé de l’export open data de France compétences (répertoire national des \
         certifications professionnelles, Licence Ouverte 2.0), fiche {}. Chaque bloc garde \
         le code et le libellé de la fiche ; ses compétences sont découpées dans le texte de \
         LISTE_COMPETENCES sans retirer ni ajouter un mot (seuls les puces, codes et blancs \
         sont retirés du texte, les codes devenant les identifiants). La fiche ne donne pas \
         de critères d’évaluation : la preuve s’attache aux compétences, ou aux sous-éléments \
         d’une liste à deux niveaux. Découpage par bloc :",
        fiche.numero.trim()
    );
    for rule in rules {
        note.push_str("\n- ");
        note.push_str(rule);
    }
    note
}
