//! The rows of the tables put together into fiches, by number: blocs,
//! then titles and levels, certificateurs and access routes.

use std::collections::HashMap;
use std::io::Read;

use super::table::{Kind, Table, field};
use crate::rncp::xml::{TEXT_ELEMENTS, VOIES, yes_no};
use crate::rncp::{Fiche, FicheBloc, ReadError};

/// The fiches built from the CSV tables, in two groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct CsvFiches {
    /// The fiches of the Blocs table (the importable ones), in that table's
    /// order of first appearance of each number.
    pub(super) with_blocs: Vec<Fiche>,
    /// The fiches of the Standard table that have no bloc, in its order.
    pub(super) without_blocs: Vec<Fiche>,
}

impl CsvFiches {
    pub(super) fn into_all(self) -> Vec<Fiche> {
        let mut all = self.with_blocs;
        all.extend(self.without_blocs);
        all
    }
}

pub(super) fn read_tables(
    blocs: impl Read,
    standard: Option<impl Read>,
    certificateurs: Option<impl Read>,
    voies: Option<impl Read>,
    mut keep: impl FnMut(&str) -> bool,
) -> Result<CsvFiches, ReadError> {
    let mut fiches = Fiches::default();

    let mut table = Table::open(blocs, Kind::Blocs)?;
    let numero = table.column("Numero_Fiche");
    let code = table.column("Bloc_Competences_Code");
    let libelle = table.column("Bloc_Competences_Libelle");
    while let Some(record) = table.next_record()? {
        let numero = field(record, numero);
        if numero.is_empty() {
            continue;
        }
        if let Some(fiche) = fiches.get_or_add(&numero, true, &mut keep) {
            fiche.blocs.push(FicheBloc {
                code: field(record, code),
                libelle: field(record, libelle),
                competences: String::new(),
                modalites: String::new(),
            });
        }
    }
    table.finish()?;

    if let Some(standard) = standard {
        let mut table = Table::open(standard, Kind::Standard)?;
        let numero = table.column("Numero_Fiche");
        let intitule = table.column("Intitule");
        let abrege_libelle = table.column("Abrege_Libelle");
        let abrege_intitule = table.column("Abrege_Intitule");
        let niveau = table.column("Nomenclature_Europe_Niveau");
        let niveau_libelle = table.column("Nomenclature_Europe_Intitule");
        let etat = table.column("Etat_Fiche");
        let date_fin = table.column("Date_Fin_Enregistrement");
        let actif = table.column("Actif");
        let texts: Vec<(usize, &str)> = TEXT_ELEMENTS
            .iter()
            .filter_map(|name| table.column(name).map(|index| (index, *name)))
            .collect();
        while let Some(record) = table.next_record()? {
            let numero = field(record, numero);
            if numero.is_empty() {
                continue;
            }
            let Some(fiche) = fiches.get_or_add(&numero, false, &mut keep) else {
                continue;
            };
            let value = |index| Some(field(record, index)).filter(|v| !v.is_empty());
            if let Some(intitule) = value(intitule) {
                fiche.intitule = intitule;
            }
            // `Abrege_Libelle` holds the code (`CAP`), `Abrege_Intitule` what
            // the XML calls ABREGE/LIBELLE.
            fiche.abrege = value(abrege_intitule)
                .or_else(|| value(abrege_libelle))
                .or(fiche.abrege.take());
            fiche.niveau = value(niveau).or(fiche.niveau.take());
            fiche.niveau_libelle = value(niveau_libelle).or(fiche.niveau_libelle.take());
            fiche.etat = value(etat).or(fiche.etat.take());
            fiche.date_fin = value(date_fin).or(fiche.date_fin.take());
            if let Some(actif) = value(actif).as_deref().and_then(yes_no) {
                fiche.actif = Some(actif);
            }
            for &(index, name) in &texts {
                if let Some(text) = value(Some(index))
                    && !fiche.texts.iter().any(|(key, _)| key == name)
                {
                    fiche.texts.push((name.to_string(), text));
                }
            }
        }
        table.finish()?;
    }

    if let Some(certificateurs) = certificateurs {
        let mut table = Table::open(certificateurs, Kind::Certificateurs)?;
        let numero = table.column("Numero_Fiche");
        let nom = table.column("Nom_Certificateur");
        while let Some(record) = table.next_record()? {
            if let Some(fiche) = fiches.get(&field(record, numero)) {
                let nom = field(record, nom);
                if !nom.is_empty() {
                    fiche.certificateurs.push(nom);
                }
            }
        }
        table.finish()?;
    }

    if let Some(voies) = voies {
        let mut table = Table::open(voies, Kind::Voies)?;
        let numero = table.column("Numero_Fiche");
        let voie = table.column("Si_Jury");
        while let Some(record) = table.next_record()? {
            if let Some(fiche) = fiches.get(&field(record, numero)) {
                let name = voie_of_label(&field(record, voie));
                if !name.is_empty() && !fiche.voies.iter().any(|(n, _)| *n == name) {
                    fiche.voies.push((name, String::new()));
                }
            }
        }
        table.finish()?;
        for fiche in fiches
            .with_blocs
            .iter_mut()
            .chain(&mut fiches.without_blocs)
        {
            // The export's order of the routes, unknown ones last.
            fiche.voies.sort_by_key(|(name, _)| {
                VOIES
                    .iter()
                    .position(|(_, known)| known == name)
                    .unwrap_or(VOIES.len())
            });
        }
    }

    Ok(CsvFiches {
        with_blocs: fiches.with_blocs,
        without_blocs: fiches.without_blocs,
    })
}

/// `Par expérience` → `VAE`, `En contrat d’apprentissage` → `Contrat
/// d’apprentissage`…; an unknown label is kept as is.
fn voie_of_label(label: &str) -> String {
    let lower = label.to_lowercase();
    let code = if lower.contains("expérience") || lower.contains("vae") {
        "VAE"
    } else if lower.contains("candidature") {
        "CL"
    } else if lower.contains("apprentissage") {
        "CA"
    } else if lower.contains("professionnalisation") {
        "CQ"
    } else if lower.contains("continue") {
        "FC"
    } else if lower.contains("élève") || lower.contains("étudiant") || lower.contains("initiale")
    {
        "FI"
    } else {
        return label.to_string();
    };
    VOIES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or(label.to_string(), |(_, name)| name.to_string())
}

/// Where a number stands.
#[derive(Clone, Copy)]
enum Slot {
    Rejected,
    WithBlocs(usize),
    WithoutBlocs(usize),
}

#[derive(Default)]
struct Fiches {
    slots: HashMap<String, Slot>,
    with_blocs: Vec<Fiche>,
    without_blocs: Vec<Fiche>,
}

impl Fiches {
    fn get(&mut self, numero: &str) -> Option<&mut Fiche> {
        match self.slots.get(numero)? {
            Slot::Rejected => None,
            Slot::WithBlocs(index) => self.with_blocs.get_mut(*index),
            Slot::WithoutBlocs(index) => self.without_blocs.get_mut(*index),
        }
    }

    /// The fiche of this number, added (if `keep` accepts it) when new.
    fn get_or_add(
        &mut self,
        numero: &str,
        with_blocs: bool,
        keep: &mut impl FnMut(&str) -> bool,
    ) -> Option<&mut Fiche> {
        if !self.slots.contains_key(numero) {
            let slot = if !keep(numero) {
                Slot::Rejected
            } else {
                let list = if with_blocs {
                    &mut self.with_blocs
                } else {
                    &mut self.without_blocs
                };
                list.push(Fiche {
                    numero: numero.to_string(),
                    intitule: numero.to_string(),
                    ..Fiche::default()
                });
                if with_blocs {
                    Slot::WithBlocs(list.len() - 1)
                } else {
                    Slot::WithoutBlocs(list.len() - 1)
                }
            };
            self.slots.insert(numero.to_string(), slot);
        }
        self.get(numero)
    }
}
