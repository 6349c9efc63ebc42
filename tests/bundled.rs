//! The bundled référentiels: all load, none lost an item, all survive a round trip.

use livret::referentiel::{parse, to_ron};
use livret::store::{DataDir, Origin, load_catalog};

/// (id, blocs, optional blocs, compétences, critères), counted by hand from
/// the seeds so that a dropped item fails here.
const COUNTS: &[(&str, usize, usize, usize, usize)] = &[
    ("cqpm-animateur-commercial-international", 3, 0, 7, 60),
    (
        "developpement-commercial-national-international",
        6,
        3,
        38,
        103,
    ),
    ("manager-developpement-commercial", 4, 0, 24, 89),
    (
        "responsable-developpement-commercial-france-intl",
        4,
        0,
        13,
        28,
    ),
    ("rncp23675-responsable-commerce-international", 4, 0, 7, 34),
];

fn bundled() -> Vec<livret::referentiel::Certification> {
    let empty = tempfile::tempdir().unwrap();
    let catalog = load_catalog(&DataDir::new(empty.path()));
    assert!(
        catalog.errors.is_empty(),
        "bundled files must all be valid:\n{}",
        catalog
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(catalog.entries.iter().all(|e| e.origin == Origin::Bundled));
    catalog
        .entries
        .into_iter()
        .map(|e| e.certification)
        .collect()
}

#[test]
fn every_bundled_certification_has_its_expected_counts() {
    let actual: Vec<(String, usize, usize, usize, usize)> = bundled()
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.blocs.len(),
                c.optional_blocs(),
                c.competences().count(),
                c.criteres().count(),
            )
        })
        .collect();
    let expected: Vec<(String, usize, usize, usize, usize)> = COUNTS
        .iter()
        .map(|&(id, b, o, c, cr)| (id.to_string(), b, o, c, cr))
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn every_bundled_file_survives_a_ron_round_trip() {
    for certification in bundled() {
        let text = to_ron(&certification);
        let again = parse(&text, Some(&certification.id)).unwrap();
        assert_eq!(again, certification, "{}", certification.id);
    }
}

#[test]
fn bundled_texts_carry_no_pdf_extraction_damage() {
    for certification in bundled() {
        let texts = certification
            .criteres()
            .map(|c| c.text.as_str())
            .chain(certification.competences().map(|c| c.title.as_str()))
            .chain(certification.blocs.iter().map(|b| b.title.as_str()));
        for text in texts {
            assert!(
                !text.contains('\t'),
                "{}: tab in {text:?}",
                certification.id
            );
            assert!(
                !text.contains('\u{f0b7}') && !text.contains('\u{f0a7}'),
                "{}: PDF bullet glyph in {text:?}",
                certification.id
            );
            assert_eq!(text.trim(), text, "{}: stray spaces", certification.id);
        }
    }
}
