//! The framework readers (Moodle, Mahara, CASE) on the real files of
//! `../shared/data`: counts per level, every word kept, HTML as text, the
//! dirty rows reported, valid référentiels with unique ids.

mod common;

use std::collections::HashSet;

use livret::frameworks::html::{one_line, to_text};
use livret::frameworks::{Format, Imported, detect, read};
use livret::referentiel::{Certification, validate};
use serde_json::Value;

const DCG: &str = "moodle/dcg-2019-fr.csv";
const PHARMACY: &str = "moodle/pharmacy-example.csv";
const BEHAT: &str = "mahara/behat_example.matrix";
const NACE: &str = "mahara/nace_usa.matrix";
const CASE: &str = "case/opensalt-sample-framework.json";

/// The file's text and what the reader made of it, checked valid; `None`
/// when the shared data is absent.
fn import(relative: &str, format: Format) -> Option<(String, Imported)> {
    let path = common::shared_data(relative)?;
    let text = std::fs::read_to_string(&path).expect("shared file readable");
    assert_eq!(detect(&text), Some(format), "{relative}");
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let imported = read(format, &text, name).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let certification = &imported.certification;
    let problems = validate(certification, Some(&certification.id));
    assert!(problems.is_empty(), "{relative}: {problems:?}");
    assert_ids_unique(certification);
    assert_eq!(certification.source.file, name);
    Some((text, imported))
}

fn assert_ids_unique(certification: &Certification) {
    let mut ids = HashSet::new();
    let all = certification
        .blocs
        .iter()
        .map(|b| &b.id)
        .chain(certification.competences().map(|c| &c.id))
        .chain(certification.criteres().map(|k| &k.id));
    for id in all {
        assert!(ids.insert(id.clone()), "id {id} given twice");
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "{id:?}"
        );
    }
}

/// Blocs, compétences, critères: in the report and in the référentiel.
fn counts(imported: &Imported) -> (usize, usize, usize) {
    let c = &imported.certification;
    let r = &imported.report;
    let made = (c.blocs.len(), c.competences().count(), c.criteres().count());
    assert_eq!(made, (r.blocs, r.competences, r.criteres));
    made
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every text of the référentiel a candidate reads (not the ids, not the
/// transcription note).
fn texts(c: &Certification) -> HashSet<String> {
    let mut all = vec![c.title.clone(), c.summary.clone()];
    for bloc in &c.blocs {
        all.extend([bloc.title.clone(), bloc.description.clone()]);
        for competence in bloc.competences() {
            all.extend([competence.title.clone(), competence.conditions.clone()]);
            for critere in &competence.criteres {
                all.push(critere.text.clone());
                all.extend(critere.group.clone());
            }
        }
    }
    all.iter().flat_map(|t| words(t)).collect()
}

fn assert_no_word_lost(relative: &str, sources: &[String], imported: &Imported) {
    let kept = texts(&imported.certification);
    let lost: Vec<String> = sources
        .iter()
        .flat_map(|s| words(s))
        .filter(|w| !kept.contains(w))
        .collect();
    assert!(lost.is_empty(), "{relative}: words lost: {lost:?}");
}

/// Every shortname (one line) and description (as text) of a Moodle CSV.
fn moodle_sources(text: &str, delimiter: u8) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("valid CSV"))
        .flat_map(|r| [one_line(&r[2]), to_text(&r[3])])
        .collect()
}

/// Every `fields` of every object in the JSON arrays at `lists`.
fn json_sources(value: &Value, lists: &[&[&str]], fields: &[&str]) -> Vec<String> {
    let mut sources = Vec::new();
    for path in lists {
        let list = path.iter().fold(value, |v, key| &v[*key]);
        for item in list.as_array().expect("a list") {
            for field in fields {
                sources.push(to_text(item[*field].as_str().unwrap_or_default()));
            }
        }
    }
    sources
}

#[test]
fn dcg_levels_texts_and_dirty_rows() {
    let Some((text, imported)) = import(DCG, Format::Moodle) else {
        return;
    };
    assert_eq!(counts(&imported), (4, 30, 608));
    assert_eq!(imported.report.groups, 202);
    let c = &imported.certification;
    assert_eq!(
        (c.id.as_str(), c.title.as_str()),
        ("dcg-reforme-2019", "DCG réforme 2019")
    );
    assert_no_word_lost(DCG, &moodle_sources(&text, b';'), &imported);

    // HTML descriptions as text, accents kept, under their group.
    let ue1 = c
        .competences()
        .find(|k| k.id == "1.1.0.0.0.0")
        .expect("UE 1");
    assert_eq!(ue1.title, "UE 1 - FONDAMENTAUX DU DROIT");
    assert!(
        ue1.conditions.starts_with(
            "1- Introduction générale au droit (45 heures) › 1.1 Introduction :\n\
             Sens et portée de l’étude\n\
             La règle de droit est une construction sociale qui évolue en fonction des besoins \
             de la société : à travers elle s’expriment certaines valeurs fondamentales."
        ),
        "{}",
        ue1.conditions
    );
    assert!(
        ue1.conditions
            .contains("Savoirs associés\n* les finalités du droit.\n")
    );
    let critere = &ue1.criteres[0];
    assert_eq!(
        (critere.text.as_str(), critere.group.as_deref()),
        (
            "Distinguer la règle de droit des autres règles de la vie sociale ;",
            Some("1- Introduction générale au droit (45 heures) › 1.1 Introduction")
        )
    );
    let all_texts = c
        .competences()
        .map(|k| &k.conditions)
        .chain(c.criteres().map(|k| &k.text));
    for t in all_texts {
        assert!(!t.contains("<p>") && !t.contains("</h5>"), "{t}");
    }

    // The dirty rows: reported, and kept where the report says.
    let warnings = imported.report.warnings.join("\n");
    for expected in [
        "ligne 644 (« 6. Les déséquilibres sociaux : explications et enjeux (30 h… ») : se \
         désigne comme son propre parent (« 3.5.5.4.0.0 ») ; rattachement à l’autre élément de \
         ce code, ligne 640",
        "ligne 838 (« * l’activité de l’organisation (4 pages maximum) ; ») : se désigne comme \
         son propre parent (« 4.13.3.0.0.0 ») ; rattachement à l’autre élément de ce code, ligne \
         832 (« 3 – Le stage (8 semaines minimum) »)",
        "ligne 839 (« * la présentation",
        "(5 éléments) : parent « 2.4.8.0.0.0 » absent du fichier ; rattachement à ligne 321 \
         (« AXE 2 : GESTION COMPTABLE ET FINANCIÈRE »)",
        "(4 éléments) : parent « 3.6.4.3.0.0 » absent du fichier",
        "(4 éléments) : parent « 4.7.4.2.0.0 » absent du fichier",
        "codes parents portés par plusieurs éléments : « 3.5.5.1.0.0 »",
        "codes portés par plusieurs éléments : « 3.5.5.1.0.0 »",
    ] {
        assert!(warnings.contains(expected), "{expected}\nin\n{warnings}");
    }
    let stage = c
        .criteres()
        .find(|k| k.text == "* l’activité de l’organisation (4 pages maximum) ;")
        .expect("row 838 kept");
    assert_eq!(
        stage.group.as_deref(),
        Some("3 – Le stage (8 semaines minimum)")
    );
    let axe2 = &c.blocs[1];
    assert_eq!(axe2.title, "AXE 2 : GESTION COMPTABLE ET FINANCIÈRE");
    assert_eq!(
        axe2.competences[0].title,
        "Rechercher, si besoin calculer et valider une information comptable ou financière ;"
    );
    let note = c.source.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("Moodle") && note.contains("ligne 644"),
        "{note}"
    );
}

#[test]
fn pharmacy_english_header_commas() {
    let Some((text, imported)) = import(PHARMACY, Format::Moodle) else {
        return;
    };
    assert_eq!(counts(&imported), (6, 25, 178));
    assert_eq!(imported.report.groups, 0);
    assert!(
        imported.report.warnings.is_empty(),
        "{:?}",
        imported.report.warnings
    );
    assert_no_word_lost(PHARMACY, &moodle_sources(&text, b','), &imported);
    let c = &imported.certification;
    assert_eq!(c.title, "Pharmacy");
    // A shortname cut short (« … on a regular... ») gives way to the full description.
    let critere = c.criteres().find(|k| k.id == "1.1.5").expect("1.1.5");
    assert!(critere.text.starts_with(
        "Monitors the medicines and other healthcare needs of the patient on a regular basis"
    ));
    assert!(!critere.text.contains('\n'));
}

#[test]
fn mahara_behat_three_levels() {
    let Some((text, imported)) = import(BEHAT, Format::Mahara) else {
        return;
    };
    assert_eq!(counts(&imported), (4, 19, 12));
    let value: Value = serde_json::from_str(&text).unwrap();
    let sources = json_sources(
        &value,
        &[
            &["framework", "standards"],
            &["framework", "standardelements"],
        ],
        &["shortname", "name", "description"],
    );
    assert_no_word_lost(BEHAT, &sources, &imported);
    let warnings = imported.report.warnings.join("\n");
    assert!(
        warnings.contains("codes portés par plusieurs éléments : « 4.4.3 »"),
        "{warnings}"
    );
    let c = &imported.certification;
    assert_eq!(c.title, "Title of your framework");
    assert_eq!(c.blocs[0].competences[2].criteres[0].id, "1.3.1");
}

#[test]
fn mahara_nace_flat() {
    let Some((text, imported)) = import(NACE, Format::Mahara) else {
        return;
    };
    assert_eq!(counts(&imported), (1, 7, 0));
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut sources = json_sources(
        &value,
        &[
            &["framework", "standards"],
            &["framework", "standardelements"],
        ],
        &["shortname", "name", "description"],
    );
    sources.push(to_text(value["framework"]["description"].as_str().unwrap()));
    assert_no_word_lost(NACE, &sources, &imported);
    let c = &imported.certification;
    assert!(
        c.summary
            .ends_with("associated with career readiness. Source"),
        "{}",
        c.summary
    );
    let titles: Vec<&str> = c.competences().map(|k| k.title.as_str()).collect();
    assert_eq!(titles[1], "Communication — Oral/Written Communications");
    assert_eq!(titles[3], "Info Tech — Information Technology Application");
}

#[test]
fn case_is_child_of_only() {
    let Some((text, imported)) = import(CASE, Format::Case) else {
        return;
    };
    assert_eq!(counts(&imported), (2, 6, 8));
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut sources = json_sources(
        &value,
        &[&["CFItems"]],
        &["fullStatement", "abbreviatedStatement", "notes"],
    );
    sources.push(value["CFDocument"]["title"].as_str().unwrap().to_string());
    assert_no_word_lost(CASE, &sources, &imported);
    assert_eq!(
        imported.report.warnings,
        [
            "23 associations d’autres types ignorées (exactMatchOf : 16, exemplar : 2, \
          isRelatedTo : 2, precedes : 3)"
        ]
    );
    let c = &imported.certification;
    let blocs: Vec<&str> = c.blocs.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        blocs,
        ["CCSS.Math.Content.6.RP.A", "CCSS.Math.Content.7.RP.A"]
    );
    let a3 = c
        .competences()
        .find(|k| k.id == "CCSS.Math.Content.6.RP.A.3")
        .unwrap();
    let ids: Vec<&str> = a3.criteres.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "CCSS.Math.Content.6.RP.A.3a",
            "CCSS.Math.Content.6.RP.A.3b",
            "CCSS.Math.Content.6.RP.A.3c",
            "CCSS.Math.Content.6.RP.A.3d"
        ]
    );
}
