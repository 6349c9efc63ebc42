//! A fiche of the register into a référentiel.
//!
//! Every text of the fiche lands somewhere: the bloc's compétences come from
//! [`split`](super::split) (which guarantees no word of `LISTE_COMPETENCES`
//! is lost or invented), the other texts become the summary, the jury, the
//! sections and the modalités, with their former line breaks restored.

use std::collections::{HashMap, HashSet};

use crate::referentiel::{
    Bloc, Certification, Competence, Critere, FORMAT_VERSION, Kind, Modalite, Section, Source,
};
use crate::search::fold;

use super::split::{self, Item, Split};
use super::{Fiche, FicheBloc, Register};

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
    };
    Ok(Converted {
        certification,
        warnings,
    })
}

/// The ids given so far, and those of the previous import of the same fiche.
/// Notes are keyed by id, so an id must never silently change meaning:
/// - an item whose text is unchanged keeps the id it had, whatever its code
///   or position now (claimed first, before any other item of its parent);
/// - an item with a code takes `{parent}.{code}`, the source's own id, and a
///   warning says so when that id named another text before;
/// - an item without a code takes the first `{parent}.C{n}` that no previous
///   version and no note ever used.
#[derive(Default)]
struct Ids {
    given: HashSet<String>,
    /// Every id of the previous version, its former ids, and every id the
    /// portfolio holds work under.
    reserved: HashSet<String>,
    /// (parent id, folded text) → id, in the previous version.
    previous: HashMap<(String, String), String>,
    /// id → (its text, its former ids) in the previous version.
    old: HashMap<String, (String, Vec<String>)>,
    /// What the candidate should check: ids whose text changed.
    changed: Vec<String>,
}

impl Ids {
    fn new(previous: Option<&Certification>, worked: &[String]) -> Self {
        let mut ids = Ids::default();
        ids.reserved.extend(worked.iter().cloned());
        let Some(old) = previous else { return ids };
        for bloc in &old.blocs {
            for c in bloc.competences() {
                ids.remember(&bloc.id, &c.id, &c.title, &c.former_ids);
                for k in &c.criteres {
                    ids.remember(&c.id, &k.id, &k.text, &k.former_ids);
                }
            }
        }
        ids
    }

    fn remember(&mut self, parent: &str, id: &str, text: &str, former: &[String]) {
        self.reserved.insert(id.to_string());
        self.reserved.extend(former.iter().cloned());
        self.previous
            .entry((parent.to_string(), fold(text).text))
            .or_insert_with(|| id.to_string());
        self.old
            .insert(id.to_string(), (fold(text).text, former.to_vec()));
    }

    /// `wanted`, or `wanted-2`, `wanted-3`… when taken. Whitespace never
    /// reaches an id.
    fn take(&mut self, wanted: &str) -> String {
        let base: String = wanted.chars().filter(|c| !c.is_whitespace()).collect();
        let mut id = base.clone();
        let mut n = 2;
        while !self.given.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// The id `text` had under `parent` in the previous version, if no one
    /// took it yet: claimed now.
    fn unchanged(&mut self, parent: &str, text: &str) -> Option<String> {
        let old = self.previous.get(&(parent.to_string(), fold(text).text))?;
        if self.given.contains(old) {
            return None;
        }
        let old = old.clone();
        Some(self.take(&old))
    }

    /// The id of an item under `parent` whose text changed or is new (see
    /// [`Ids`]). `prefix` is where a code hangs (`parent`, or the bloc for a
    /// code that already says its parent's, `1.1.1` under `1.1`).
    fn item(
        &mut self,
        prefix: &str,
        parent: &str,
        code: Option<&str>,
        text: &str,
        letter: &str,
        n: usize,
    ) -> String {
        if let Some(code) = code {
            let id = self.take(&format!("{prefix}.{code}"));
            if let Some((old, _)) = self.old.get(&id)
                && *old != fold(text).text
            {
                self.changed.push(id.clone());
            }
            return id;
        }
        let mut n = n;
        loop {
            let id = format!("{parent}.{letter}{n}");
            if !self.reserved.contains(&id) && !self.given.contains(&id) {
                return self.take(&id);
            }
            n += 1;
        }
    }

    /// The former ids the previous version gave this id.
    fn former(&self, id: &str) -> Vec<String> {
        self.old
            .get(id)
            .map(|(_, former)| former.clone())
            .unwrap_or_default()
    }
}

/// An item's text, or its code when the source gives nothing else (`C1.`
/// alone): a compétence is never without a title.
fn text_or_code(item: &Item) -> Option<String> {
    Some(item.text.trim())
        .filter(|t| !t.is_empty())
        .or(item.code.as_deref())
        .map(str::to_string)
}

fn convert_bloc(
    numero: &str,
    source: &FicheBloc,
    index: usize,
    ids: &mut Ids,
    warnings: &mut Vec<String>,
) -> (Bloc, String) {
    let code = source.code.trim();
    // `RNCP36490BC01` reads `BC01` in the tree and the gauges; the code stays
    // whole beside it.
    let short = code
        .strip_prefix(numero)
        .filter(|rest| !rest.is_empty() && !rest.chars().any(char::is_whitespace));
    let id = ids.take(&match (code.is_empty(), short) {
        (true, _) => format!("BC{:02}", index + 1),
        (false, Some(short)) => short.to_string(),
        (false, None) => code.to_string(),
    });
    let title = one_line(&source.libelle).unwrap_or_else(|| id.clone());
    let Split {
        preamble,
        items,
        rule,
        warnings: split_warnings,
    } = split::split(&source.competences);
    warnings.extend(split_warnings.into_iter().map(|w| format!("{id} : {w}")));
    // Unchanged texts claim their old ids first (see `Ids`).
    let kept: Vec<Option<String>> = items
        .iter()
        .map(|item| ids.unchanged(&id, &item.text))
        .collect();
    let mut competences: Vec<Competence> = items
        .iter()
        .zip(kept)
        .enumerate()
        .filter_map(|(n, (item, kept))| competence(&id, n, item, kept, &preamble, ids))
        .collect();
    let mut rule = rule.describe().to_string();
    if competences.is_empty() {
        // Nothing to split (the CSV export has no compétence text): the bloc
        // itself is what the candidate gives evidence for.
        competences.push(Competence {
            id: ids
                .unchanged(&id, &title)
                .unwrap_or_else(|| ids.item(&id, &id, None, &title, "C", 1)),
            title: title.clone(),
            conditions: preamble.clone(),
            results: String::new(),
            knowledge: Vec::new(),
            criteres: Vec::new(),
            former_ids: Vec::new(),
        });
        rule = "pas de liste de compétences dans la source : le bloc est une seule \
                compétence, son intitulé"
            .to_string();
    }
    let modalites = match source.modalites.trim() {
        "" => Vec::new(),
        text => vec![Modalite {
            id: None,
            title: "Modalités d’évaluation".to_string(),
            text: paragraphs(text),
            duration: None,
            deliverables: Vec::new(),
            requirements: Vec::new(),
            covers: Vec::new(),
            criteres: Vec::new(),
        }],
    };
    let bloc = Bloc {
        code: (!code.is_empty() && code != id).then(|| code.to_string()),
        id,
        title,
        optional: false,
        description: preamble,
        modalites,
        knowledge: Vec::new(),
        activites: Vec::new(),
        competences,
    };
    (bloc, rule)
}

fn competence(
    bloc: &str,
    n: usize,
    item: &Item,
    kept: Option<String>,
    preamble: &str,
    ids: &mut Ids,
) -> Option<Competence> {
    let title = text_or_code(item)?;
    let id = kept.unwrap_or_else(|| ids.item(bloc, bloc, item.code.as_deref(), &title, "C", n + 1));
    let children: Vec<(&Item, String)> = item
        .children
        .iter()
        .filter_map(|child| Some((child, text_or_code(child)?)))
        .collect();
    let kept: Vec<Option<String>> = children
        .iter()
        .map(|(_, text)| ids.unchanged(&id, text))
        .collect();
    let criteres = children
        .iter()
        .zip(kept)
        .enumerate()
        .map(|(k, ((child, text), kept))| {
            // `1.1.1` under `1.1` is already a whole code of the bloc: the id
            // reads `BC01.1.1.1`, not `BC01.1.1.1.1.1`.
            let extends = match (&item.code, &child.code) {
                (Some(parent), Some(code)) => code
                    .strip_prefix(parent.as_str())
                    .is_some_and(|rest| rest.starts_with('.')),
                _ => false,
            };
            let prefix = if extends { bloc } else { id.as_str() };
            let id = kept
                .unwrap_or_else(|| ids.item(prefix, &id, child.code.as_deref(), text, "", k + 1));
            Critere {
                former_ids: ids.former(&id),
                id,
                text: text.clone(),
                group: None,
            }
        })
        .collect();
    Some(Competence {
        former_ids: ids.former(&id),
        id,
        title,
        conditions: preamble.to_string(),
        results: String::new(),
        knowledge: Vec::new(),
        criteres,
    })
}

/// The fiche's other texts, in a fixed order, under their French titles.
fn sections(fiche: &Fiche) -> Vec<Section> {
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

fn text_of(fiche: &Fiche, key: &str) -> Option<String> {
    fiche
        .texts
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, text)| paragraphs(text))
        .filter(|text| !text.is_empty())
}

/// Free text, cleaned of HTML, with its former line breaks restored.
fn paragraphs(text: &str) -> String {
    split::paragraphs(text).join("\n")
}

/// Whitespace runs collapsed; `None` when nothing is left.
fn one_line(text: &str) -> Option<String> {
    let line = split::collapse(text);
    (!line.is_empty()).then_some(line)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::{parse, to_ron, validate};

    fn fiche(blocs: Vec<FicheBloc>) -> Fiche {
        Fiche {
            numero: "RNCP12345".into(),
            intitule: "Technicien  de test".into(),
            niveau: Some("NIV5".into()),
            niveau_libelle: None,
            certificateurs: vec!["MINISTERE A".into(), "ECOLE B".into()],
            actif: Some(true),
            date_fin: Some("31/08/2028".into()),
            texts: vec![
                (
                    "ACTIVITES_VISEES".into(),
                    "Première activité.    Seconde.".into(),
                ),
                ("SECTEURS_ACTIVITE".into(), "Bâtiment".into()),
            ],
            voies: vec![("VAE".into(), "Jury  de cinq membres".into())],
            blocs,
            ..Fiche::default()
        }
    }

    fn bloc(code: &str, competences: &str) -> FicheBloc {
        FicheBloc {
            code: code.into(),
            libelle: format!("Bloc {code}"),
            competences: competences.into(),
            modalites: "Étude de cas    Entretien avec le jury".into(),
        }
    }

    fn origin() -> Origin {
        Origin {
            file: "export.xml".into(),
            date: Some("2026-08-16".into()),
        }
    }

    #[test]
    fn a_fiche_becomes_a_valid_referentiel_that_reads_back() {
        let fiche = fiche(vec![
            bloc(
                "RNCP12345BC01",
                "- Analyser le dossier  - Chiffrer le projet",
            ),
            bloc("RNCP12345BC02", ""),
        ]);
        let converted = convert(&fiche, &origin(), None, &[]).unwrap();
        let c = &converted.certification;
        assert!(validate(c, Some("rncp12345")).is_empty());
        assert_eq!(parse(&to_ron(c), Some("rncp12345")).unwrap(), *c);
        assert_eq!(c.title, "Technicien de test");
        assert_eq!(c.level.as_deref(), Some("Niveau 5"));
        assert_eq!(c.valid_until.as_deref(), Some("2028-08-31"));
        assert_eq!(c.certifier.as_deref(), Some("MINISTERE A ; ECOLE B"));
        assert_eq!(c.summary, "Première activité.\nSeconde.");
        assert_eq!(c.jury.as_deref(), Some("Jury de cinq membres"));
        assert!(c.source.file.contains("RNCP12345, export du 2026-08-16"));
        let ids: Vec<_> = c.blocs.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["BC01", "BC02"]);
        assert_eq!(c.blocs[0].code.as_deref(), Some("RNCP12345BC01"));
        let titles: Vec<_> = c.blocs[0].competences.iter().map(|c| &c.title).collect();
        assert_eq!(titles, ["Analyser le dossier", "Chiffrer le projet"]);
        // The bloc without text is one compétence, its title, with a warning.
        assert_eq!(c.blocs[1].competences.len(), 1);
        assert_eq!(c.blocs[1].competences[0].title, "Bloc RNCP12345BC02");
        assert!(converted.warnings.iter().any(|w| w.starts_with("BC02")));
        assert_eq!(
            c.blocs[0].modalites[0].text,
            "Étude de cas\nEntretien avec le jury"
        );
    }

    #[test]
    fn rs_fiches_and_fiches_without_bloc_are_refused() {
        let mut rs = fiche(vec![]);
        rs.numero = "RS5000".into();
        assert!(matches!(
            convert(&rs, &origin(), None, &[]),
            Err(Refusal::Rs { .. })
        ));
        assert!(matches!(
            convert(&fiche(vec![]), &origin(), None, &[]),
            Err(Refusal::NoBloc { .. })
        ));
    }

    #[test]
    fn dates_read_in_the_french_order() {
        assert_eq!(iso_date("01/06/2027").as_deref(), Some("2027-06-01"));
        assert_eq!(iso_date("2027-06-01").as_deref(), Some("2027-06-01"));
        assert_eq!(iso_date("bientôt"), None);
        assert_eq!(iso_date("31/02/2027"), None);
    }

    #[test]
    fn duplicate_codes_get_distinct_ids() {
        let mut ids = Ids::default();
        assert_eq!(ids.take("A.C1"), "A.C1");
        assert_eq!(ids.take("A.C1"), "A.C1-2");
        assert_eq!(ids.take("A. C1"), "A.C1-3");
    }

    #[test]
    fn a_reimport_keeps_the_ids_of_unchanged_texts_and_never_reuses_one() {
        let old = convert(
            &fiche(vec![bloc(
                "RNCP12345BC01",
                "- Analyser le dossier  - Chiffrer",
            )]),
            &origin(),
            None,
            &[],
        )
        .unwrap()
        .certification;
        // A new item in front, « Chiffrer » reworded.
        let new = convert(
            &fiche(vec![bloc(
                "RNCP12345BC01",
                "- Accueillir  - Analyser le dossier  - Chiffrer le projet",
            )]),
            &origin(),
            Some(&old),
            &[],
        )
        .unwrap()
        .certification;
        assert!(validate(&new, Some("rncp12345")).is_empty());
        let ids: Vec<_> = new
            .competences()
            .map(|c| (c.title.as_str(), c.id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("Accueillir", "BC01.C3"),
                ("Analyser le dossier", "BC01.C1"),
                ("Chiffrer le projet", "BC01.C4"),
            ]
        );
    }

    fn titles_and_ids(c: &Certification) -> Vec<(String, String)> {
        c.competences()
            .map(|c| (c.title.clone(), c.id.clone()))
            .collect()
    }

    fn import(liste: &str, previous: Option<&Certification>, worked: &[String]) -> Converted {
        convert(
            &fiche(vec![bloc("RNCP12345BC01", liste)]),
            &origin(),
            previous,
            worked,
        )
        .unwrap()
    }

    #[test]
    fn a_renumbered_source_never_moves_a_note_to_another_text() {
        let v1 = import("C1. Analyser le dossier C2. Chiffrer le projet", None, &[]);
        let v2 = import(
            "C1. Accueillir le client C2. Analyser le dossier C3. Chiffrer le projet",
            Some(&v1.certification),
            &[],
        );
        assert!(validate(&v2.certification, Some("rncp12345")).is_empty());
        let got = titles_and_ids(&v2.certification);
        let id = |title: &str| got.iter().find(|(t, _)| t == title).unwrap().1.as_str();
        // Unchanged texts keep their ids; the new C1 cannot take one of them.
        assert_eq!(id("Analyser le dossier"), "BC01.C1");
        assert_eq!(id("Chiffrer le projet"), "BC01.C2");
        assert_eq!(id("Accueillir le client"), "BC01.C1-2");
        // From dashes to codes, the same.
        let v1 = import("- Analyser le dossier  - Chiffrer le projet", None, &[]);
        let v2 = import(
            "C1. Accueillir le client C2. Analyser le dossier",
            Some(&v1.certification),
            &[],
        );
        let got = titles_and_ids(&v2.certification);
        assert_eq!(got[1], ("Analyser le dossier".into(), "BC01.C1".into()));
        assert_eq!(got[0], ("Accueillir le client".into(), "BC01.C1-2".into()));
    }

    #[test]
    fn a_reworded_coded_item_keeps_its_id_with_a_warning() {
        let v1 = import("C1. Analyser le dossier C2. Chiffrer le projet", None, &[]);
        let v2 = import(
            "C1. Analyser le dossier du client C2. Chiffrer le projet",
            Some(&v1.certification),
            &[],
        );
        let got = titles_and_ids(&v2.certification);
        assert_eq!(got[0].1, "BC01.C1");
        assert!(
            v2.warnings
                .iter()
                .any(|w| w.starts_with("BC01.C1 : le texte a changé")),
            "{:?}",
            v2.warnings
        );
        assert!(!v2.warnings.iter().any(|w| w.starts_with("BC01.C2")));
    }

    #[test]
    fn a_new_item_never_takes_an_id_that_holds_notes() {
        let worked = vec!["BC01.C1".to_string(), "BC01.C2".to_string()];
        let c = import("- Accueillir  - Orienter", None, &worked);
        let got = titles_and_ids(&c.certification);
        assert_eq!(got[0].1, "BC01.C3");
        assert_eq!(got[1].1, "BC01.C4");
    }

    #[test]
    fn codes_without_text_still_make_a_valid_referentiel() {
        for liste in [
            "C1.",
            "C1. C2.",
            "1.",
            "C1. C2. Faire",
            "1.1 1.1.1 1.1.2 Tester",
        ] {
            let c = import(liste, None, &[]);
            let problems = validate(&c.certification, Some("rncp12345"));
            assert!(problems.is_empty(), "{liste}: {problems:?}");
        }
    }
}
