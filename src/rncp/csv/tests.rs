//! Unit tests of the CSV export's reader: the real zip's tables, headers,
//! value cleaning, encodings, truncation and random bytes.

use super::fiches::{CsvFiches, read_tables};
use super::*;
use crate::rncp::ReadErrorKind;
use crate::rncp::xml::tests::{Random, shared_bytes};
use std::io::Cursor;

const ZIP: &str = "export-fiches-csv-2024-02-22.zip";

/// The tables without the routes, in two groups.
fn tables(
    blocs: impl Read,
    standard: Option<impl Read>,
    certificateurs: Option<impl Read>,
    keep: impl FnMut(&str) -> bool,
) -> Result<CsvFiches, ReadError> {
    read_tables(blocs, standard, certificateurs, None::<&[u8]>, keep)
}

/// The tables of the real zip, found by their headers.
struct Export {
    files: Vec<Vec<u8>>,
    blocs: Vec<u8>,
    standard: Vec<u8>,
    certificateurs: Vec<u8>,
    voies: Vec<u8>,
}

fn export() -> Option<Export> {
    let bytes = shared_bytes(ZIP)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut files = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        files.push(content);
    }
    let find = |wanted: &dyn Fn(&[u8]) -> bool| {
        let found: Vec<_> = files.iter().filter(|f| wanted(f)).collect();
        assert_eq!(found.len(), 1);
        found[0].clone()
    };
    Some(Export {
        blocs: find(&|f| table_of(f) == Some(CsvTable::Blocs)),
        standard: find(&|f| table_of(f) == Some(CsvTable::Standard)),
        certificateurs: find(&|f| table_of(f) == Some(CsvTable::Certificateurs)),
        voies: find(&|f| is_voies_table(f)),
        files,
    })
}

/// `"a";"b"` lines, split by hand (the export's values hold no `;`).
fn rows(file: &[u8]) -> Vec<Vec<String>> {
    std::str::from_utf8(file)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.split(';')
                .map(|v| v.trim_matches('"').trim().replace("''", "'"))
                .collect()
        })
        .collect()
}

#[test]
fn the_tables_of_the_real_zip() {
    let Some(export) = export() else { return };
    assert_eq!(export.files.len(), 10);
    for file in &export.files {
        assert!(table_of(file).is_some(), "{:?}", &file[..40]);
    }
    let others = export
        .files
        .iter()
        .filter(|f| table_of(f) == Some(CsvTable::Other))
        .count();
    assert_eq!(others, 7);
}

#[test]
fn real_export_with_every_table() {
    let Some(export) = export() else { return };
    let fiches = read_tables(
        &export.blocs[..],
        Some(&export.standard[..]),
        Some(&export.certificateurs[..]),
        Some(&export.voies[..]),
        |_| true,
    )
    .unwrap();

    // Independent extraction: blocs in file order, grouped by number.
    let bloc_rows = rows(&export.blocs);
    let mut expected: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for row in &bloc_rows {
        match expected.iter_mut().find(|(n, _)| *n == row[0]) {
            Some((_, blocs)) => blocs.push((row[1].clone(), row[2].clone())),
            None => expected.push((row[0].clone(), vec![(row[1].clone(), row[2].clone())])),
        }
    }
    let got: Vec<(String, Vec<(String, String)>)> = fiches
        .with_blocs
        .iter()
        .map(|f| {
            let blocs = f
                .blocs
                .iter()
                .map(|b| (b.code.clone(), b.libelle.clone()))
                .collect();
            (f.numero.clone(), blocs)
        })
        .collect();
    assert_eq!(got, expected);

    let fiche = &fiches.with_blocs[0];
    assert_eq!(fiche.numero, "RNCP509");
    assert_eq!(fiche.intitule, "Agent vérificateur d'appareils extincteurs");
    assert_eq!(
        fiche.abrege.as_deref(),
        Some("Certificat d'aptitude professionnelle")
    );
    assert_eq!(fiche.niveau.as_deref(), Some("NIV3"));
    assert_eq!(fiche.niveau_libelle.as_deref(), Some("Niveau 3"));
    assert_eq!(fiche.date_fin.as_deref(), Some("31/08/2023"));
    assert_eq!(fiche.actif, Some(false));
    assert_eq!(
        fiche.certificateurs,
        ["MINISTERE DE L'EDUCATION NATIONALE ET DE LA JEUNESSE"]
    );
    assert_eq!(fiche.blocs[0].code, "RNCP509BC05");
    assert_eq!(
        fiche.blocs[0].libelle,
        "UG2 : Mathématiques-Sciences physiques et chimiques"
    );
    assert!(
        fiche
            .blocs
            .iter()
            .all(|b| b.competences.is_empty() && b.modalites.is_empty())
    );
    let voies: Vec<_> = fiche.voies.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        voies,
        [
            "Formation initiale",
            "Contrat d’apprentissage",
            "Formation continue",
            "Contrat de professionnalisation",
            "Candidature individuelle",
            "VAE"
        ]
    );

    // The others of Standard, in its order.
    let standard_numbers: Vec<String> = rows(&export.standard)
        .iter()
        .map(|r| r[1].clone())
        .collect();
    let without: Vec<_> = fiches
        .without_blocs
        .iter()
        .map(|f| f.numero.clone())
        .collect();
    assert_eq!(without, standard_numbers[1..]);
    let rs5000 = fiches
        .without_blocs
        .iter()
        .find(|f| f.numero == "RS5000")
        .unwrap();
    assert_eq!(rs5000.actif, Some(true));
    assert_eq!(rs5000.certificateurs, ["SIMPLON.CO"]);
    assert_eq!(rs5000.niveau, None);
    assert_eq!(rs5000.date_fin.as_deref(), Some("24/05/2024"));
    let rs6117 = fiches
        .without_blocs
        .iter()
        .find(|f| f.numero == "RS6117")
        .unwrap();
    assert_eq!(
        rs6117.certificateurs,
        [
            "CONFEDE. NATIONALE BOULANGERS PATISSIERS",
            "INSTITUT NATIONAL BOULANGERIE PATISSERIE"
        ]
    );
    // Every certificateur row lands on its fiche (no TAB left).
    let names: usize = fiches
        .into_all()
        .iter()
        .map(|f| f.certificateurs.len())
        .sum();
    assert_eq!(names, rows(&export.certificateurs).len());
}

#[test]
fn the_public_list_puts_the_fiches_with_blocs_first() {
    let Some(export) = export() else { return };
    let all = read_csv_export(
        &export.blocs[..],
        Some(&export.standard[..]),
        Some(&export.certificateurs[..]),
        |_| true,
    )
    .unwrap();
    let groups = tables(
        &export.blocs[..],
        Some(&export.standard[..]),
        Some(&export.certificateurs[..]),
        |_| true,
    )
    .unwrap();
    assert_eq!(all.len(), 9);
    assert_eq!(all, groups.into_all());
    assert!(!all[0].blocs.is_empty());
    assert!(all[1..].iter().all(|f| f.blocs.is_empty()));
    let with_voies = read_csv_export_with_voies(
        &export.blocs[..],
        None::<&[u8]>,
        None::<&[u8]>,
        Some(&export.voies[..]),
        |_| true,
    )
    .unwrap();
    assert_eq!(with_voies.len(), 1);
    assert_eq!(with_voies[0].voies.len(), 6);
}

#[test]
fn blocs_alone_give_numbers_for_titles() {
    let Some(export) = export() else { return };
    let fiches = tables(&export.blocs[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap();
    assert!(fiches.without_blocs.is_empty());
    assert_eq!(fiches.with_blocs.len(), 1);
    let fiche = &fiches.with_blocs[0];
    assert_eq!(fiche.intitule, "RNCP509");
    assert_eq!(fiche.blocs.len(), rows(&export.blocs).len());
    assert_eq!(fiche.actif, None);
    assert!(fiche.certificateurs.is_empty());
}

#[test]
fn filter_by_number() {
    let Some(export) = export() else { return };
    let mut asked = Vec::new();
    let fiches = tables(
        &export.blocs[..],
        Some(&export.standard[..]),
        Some(&export.certificateurs[..]),
        |numero| {
            asked.push(numero.to_string());
            numero == "RS6117"
        },
    )
    .unwrap();
    assert!(fiches.with_blocs.is_empty());
    assert_eq!(fiches.without_blocs.len(), 1);
    assert_eq!(fiches.without_blocs[0].intitule, "CQP Tourier");
    assert_eq!(fiches.without_blocs[0].certificateurs.len(), 2);
    // Once per number: RNCP509 from Blocs, then the 8 others of Standard.
    assert_eq!(asked.len(), 9);
}

#[test]
fn cleaning_of_values() {
    let blocs = "\u{feff}\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\r\n\
                     \"RNCP1\";\"RNCP1BC01\";\"Management et ing\u{e9}nierie d''affaires\"\r\n\
                     \"RNCP1\";\"RNCP1BC02\";\"Dire \"\"bonjour\"\" ; \tpoliment \"\r\n";
    let standard = "Id_Fiche,Numero_Fiche,Intitule,Actif,Date_Fin_Enregistrement\n\
                        1,RNCP1,L''intitul\u{e9},ACTIVE,31/08/2023\n";
    let certificateurs = "\"Numero_Fiche\";\"Siret_Certificateur\";\"Nom_Certificateur\"\r\n\
                              \"RNCP1\";\"\t11004301500012\";\" MINIST\u{c8}RE \"\r\n";
    let fiches = tables(
        blocs.as_bytes(),
        Some(standard.as_bytes()),
        Some(certificateurs.as_bytes()),
        |_| true,
    )
    .unwrap();
    let fiche = &fiches.with_blocs[0];
    assert_eq!(
        fiche.blocs[0].libelle,
        "Management et ingénierie d'affaires"
    );
    assert_eq!(fiche.blocs[1].libelle, "Dire \"bonjour\" ; \tpoliment");
    assert_eq!(fiche.intitule, "L'intitulé");
    assert_eq!(fiche.actif, Some(true));
    assert_eq!(fiche.date_fin.as_deref(), Some("31/08/2023"));
    assert_eq!(fiche.certificateurs, ["MINISTÈRE"]);
}

#[test]
fn windows_1252_files() {
    let blocs = b"Numero_Fiche;Bloc_Competences_Code;Bloc_Competences_Libelle\r\n\
                      RNCP2;RNCP2BC01;Pr\xe9parer l\x92intervention\r\n";
    let fiches = tables(&blocs[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap();
    assert_eq!(
        fiches.with_blocs[0].blocs[0].libelle,
        "Préparer l’intervention"
    );
}

#[test]
fn headers() {
    let blocs = b"\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\r\n";
    assert_eq!(table_of(blocs), Some(CsvTable::Blocs));
    assert_eq!(
        table_of(b"\xEF\xBB\xBFNumero_Fiche,Bloc_Competences_Code,Bloc_Competences_Libelle"),
        Some(CsvTable::Blocs)
    );
    assert_eq!(
        table_of(b"\"Numero_Fiche\";\"Siret_Certificateur\";\"Nom_Certificateur\""),
        Some(CsvTable::Certificateurs)
    );
    assert_eq!(
        table_of(b"\"Id_Fiche\";\"Numero_Fiche\";\"Intitule\";\"Actif\"\r\n\"1\";\"RNCP1\""),
        Some(CsvTable::Standard)
    );
    assert_eq!(
        table_of(b"\"Numero_Fiche\";\"Nsf_Code\";\"Nsf_Intitule\""),
        Some(CsvTable::Other)
    );
    assert_eq!(
        table_of(b"\"Numero_Fiche\";\"Si_Jury\""),
        Some(CsvTable::Other)
    );
    assert!(is_voies_table(b"\"Numero_Fiche\";\"Si_Jury\"\r\n"));
    assert!(!is_voies_table(blocs));
    assert_eq!(table_of(b"nom;prenom"), None);
    assert_eq!(table_of(b"<?xml version=\"1.0\"?>"), None);
    assert_eq!(table_of(b""), None);
}

#[test]
fn a_table_that_is_not_the_expected_one() {
    let rome = "\"Numero_Fiche\";\"Codes_Rome_Code\";\"Codes_Rome_Libelle\"\r\n";
    let error = tables(rome.as_bytes(), None::<&[u8]>, None::<&[u8]>, |_| true).unwrap_err();
    assert_eq!(
        error.kind,
        ReadErrorKind::NotCsvExport {
            header: "\"Numero_Fiche\";\"Codes_Rome_Code\";\"Codes_Rome_Libelle\"".to_string()
        }
    );
    let blocs = "Numero_Fiche;Bloc_Competences_Code\n";
    let error = tables(
        blocs.as_bytes(),
        Some(rome.as_bytes()),
        None::<&[u8]>,
        |_| true,
    )
    .unwrap_err();
    assert!(matches!(error.kind, ReadErrorKind::NotCsvExport { .. }));
    let error = tables(&b""[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap_err();
    assert!(matches!(error.kind, ReadErrorKind::NotCsvExport { .. }));
}

#[test]
fn truncated_tables() {
    let Some(export) = export() else { return };
    let text = std::str::from_utf8(&export.blocs).unwrap();
    let full = tables(&export.blocs[..], None::<&[u8]>, None::<&[u8]>, |_| true).unwrap();
    let header_end = text.find('\n').unwrap() + 1;
    for cut in header_end..export.blocs.len() {
        let result = tables(&export.blocs[..cut], None::<&[u8]>, None::<&[u8]>, |_| true);
        match result {
            Err(error) => {
                assert!(
                    matches!(error.kind, ReadErrorKind::Truncated { .. }),
                    "{cut}: {error:?}"
                );
                assert_eq!(error.offset, cut as u64);
            }
            Ok(fiches) => {
                // Only a cut at the end of a line (before or after its
                // CRLF) reads as complete: what is lost then is whole
                // lines, which nothing can tell.
                assert!(
                    text[..cut].ends_with('\n') || text[cut..].starts_with(['\r', '\n']),
                    "cut at {cut} read as complete"
                );
                let blocs: usize = fiches.with_blocs.iter().map(|f| f.blocs.len()).sum();
                let lines = text[header_end..cut].trim_end().lines().count();
                assert_eq!(blocs, lines, "cut at {cut}");
                assert!(blocs <= full.with_blocs[0].blocs.len());
            }
        }
    }
    let inside = text.find("Sciences").unwrap();
    let error = tables(
        &export.blocs[..inside],
        None::<&[u8]>,
        None::<&[u8]>,
        |_| true,
    )
    .unwrap_err();
    assert_eq!(
        error.kind,
        ReadErrorKind::Truncated {
            open: "Bloc_Competences_Libelle".to_string()
        }
    );
}

#[test]
fn random_bytes_never_panic() {
    let mut random = Random(99);
    let header = b"\"Numero_Fiche\";\"Bloc_Competences_Code\";\"Bloc_Competences_Libelle\"\r\n";
    let alphabet = b"\";\r\n\tRNCP1BC'\xC3\xA9\xFF";
    for round in 0..2000 {
        let mut data = if round % 2 == 0 {
            header.to_vec()
        } else {
            Vec::new()
        };
        let len = random.below(200);
        data.extend((0..len).map(|_| {
            if round % 3 == 0 {
                random.next() as u8
            } else {
                alphabet[random.below(alphabet.len())]
            }
        }));
        let _ = table_of(&data);
        let _ = tables(&data[..], Some(&data[..]), Some(&data[..]), |_| true);
    }
}
