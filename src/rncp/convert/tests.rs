//! Unit tests of the conversion: valid référentiels, refusals, dates, and
//! ids kept or never reused across imports.

use super::ids::Ids;
use super::*;
use crate::referentiel::{parse, to_ron, validate};
use crate::rncp::FicheBloc;

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
