//! The bundled référentiels: all load, none lost an item, all survive a round trip.

mod common;

use common::letters;
use livret::referentiel::{parse, to_ron};
use livret::store::{DataDir, Origin, load_catalog};

// How each count was obtained, by hand from the seed text (`../shared/seeds/`;
// line numbers are the seed file's). Critères are counted once each, whether
// a compétence's own or an evaluation's (`Modalite::criteres`).
//
// - cqpm-animateur-commercial-international (000): 3 blocs = the three « BDC »
//   rows (l. 61, 73, 97); 7 compétences = the rows 1. to 7. of the evaluation
//   table (l. 124, 207, 271, 335, 401, 480, 549). Critères, one per sentence or
//   bullet of the « Critères mesurables et observables » column, an introduction
//   with its bullets (or with its « à titre d’exemple: » examples, l. 150-166)
//   being one: 8 (l. 150-204) + 6 (l. 214-268) + 9 (l. 284-332) + 8 (l. 350-398)
//   + 9 (l. 417-474) + 9 (l. 497-543) + 6 (l. 556-624) = 55.
// - developpement-commercial-national-international (002): 6 blocs, the last
//   three marked « (optionnel) »; 38 compétences (C.x.y.z / A.4.x.y ids); 103
//   critères, one per sentence of the critères column, a list introduced by
//   « … : » being one: bloc 1 = 7 compétences × 3 = 21, bloc 2 = 2+2+3+3+3+3+2 = 18,
//   bloc 3 = 2+2+2+3+3+3 = 15, bloc 4 = 2+3+3+2+3+3 = 16, bloc 5 = 3+3+3+2+2+3 = 16,
//   bloc 6 = 3+3+3+2+3+3 = 17.
// - manager-developpement-commercial (004): 4 « BLOC » rows; 24 compétences
//   (A1.C1… : 5 + 7 + 6 + 6); 89 critères, one per dash of the numbered
//   critères (A1.C1.CR1…): bloc 1 = 5+4+4+4+6 = 23, bloc 2 = 4+3+6+4+4+5+3 = 29,
//   bloc 3 = 3+3+2+4+3+2 = 17, bloc 4 = 4+3+4+2+3+4 = 20.
// - responsable-developpement-commercial-france-intl (001): 4 « BLOC » tables
//   (l. 11, 198, 407, 549); 12 compétences, C1-C3 in each bloc (BC2 has no
//   fourth: « Evaluation du bloc 2 » l. 275 is an evaluation, not a
//   compétence); 27 critères: BC1 « Evaluation du bloc 1 » 7 (l. 92-104,
//   179-197), BC2 dossier 5 (l. 306-327) + étude de cas 3 (l. 392-406), BC3
//   négociation 8 (l. 518-530) + contrat 1 (l. 535-548), BC4 3 (l. 652-661).
// - rncp23675-responsable-commerce-international (003): 4 « Bloc de compétence
//   n° » (l. 106, 155, 202, 254); 7 compétences = the paragraphs ending with
//   « : » under « Description : » (2 + 2 + 2 + 1); 34 leaves = their dashes:
//   5+5 (l. 116-134), 5+5 (l. 167-180), 4+5 (l. 216-231), 5 (l. 267-272).

/// (id, blocs, optional blocs, compétences, critères): see above.
const COUNTS: &[(&str, usize, usize, usize, usize)] = &[
    ("cqpm-animateur-commercial-international", 3, 0, 7, 55),
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
        12,
        27,
    ),
    ("rncp23675-responsable-commerce-international", 4, 0, 7, 34),
];

/// (id, units of evidence): every critère once, plus every compétence
/// without a critère of its own. Only 001 has such compétences: its
/// critères sit on the evaluations, except BC2.C3's, so 27 + 11 = 38.
const UNITS: &[(&str, usize)] = &[
    ("cqpm-animateur-commercial-international", 55),
    ("developpement-commercial-national-international", 103),
    ("manager-developpement-commercial", 89),
    ("responsable-developpement-commercial-france-intl", 38),
    ("rncp23675-responsable-commerce-international", 34),
];

const FRANCE_INTL: &str = "responsable-developpement-commercial-france-intl";
const CQPM: &str = "cqpm-animateur-commercial-international";
const RNCP: &str = "rncp23675-responsable-commerce-international";

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
fn every_bundled_certification_has_its_expected_units() {
    let actual: Vec<(String, usize)> = bundled()
        .iter()
        .map(|c| (c.id.clone(), c.units().count()))
        .collect();
    let expected: Vec<(String, usize)> = UNITS.iter().map(|&(id, u)| (id.to_string(), u)).collect();
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

fn certification(id: &str) -> livret::referentiel::Certification {
    bundled()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} is not bundled"))
}

/// The seed texts live outside the crate, in `../shared/seeds/`. When they
/// are absent the tests that read them say so on stderr and pass, unless
/// `LIVRET_REQUIRE_SHARED=1`, where their absence is a failure.
fn seed_text(file: &str) -> Option<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let path = dir.join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => {
            let message = format!("seed {} unreadable ({error})", path.display());
            if std::env::var("LIVRET_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
                panic!("{message}, and LIVRET_REQUIRE_SHARED=1");
            }
            eprintln!("SKIPPED: {message}; set LIVRET_REQUIRE_SHARED=1 to make this fail");
            None
        }
    }
}

/// Whitespace runs as one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is made, in order, of pieces of `seed` of at least
/// `MIN_PIECE` letters each (the last piece may be shorter). Both are in
/// [`letters`] form. The PDF extraction interleaves table columns, so a
/// compétence's words are often in the seed as several runs with another
/// column's words between them; each run must still be there verbatim.
fn made_of_seed_pieces(text: &str, seed: &str) -> Result<(), String> {
    const MIN_PIECE: usize = 24;
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut start = 0; // index into bounds
    while start + 1 < bounds.len() {
        // The longest piece from `start` found in the seed (containment of
        // a prefix is monotone in its length, so a binary search finds it).
        let (mut found, mut beyond) = (start, bounds.len());
        while found + 1 < beyond {
            let middle = (found + beyond) / 2;
            if seed.contains(&text[bounds[start]..bounds[middle]]) {
                found = middle;
            } else {
                beyond = middle;
            }
        }
        let length = found - start;
        let rest = bounds.len() - 1 - start;
        if length < MIN_PIECE.min(rest) {
            return Err(format!(
                "« {} » is in no run of the seed",
                &text[bounds[start]..]
            ));
        }
        start = found;
    }
    Ok(())
}

#[test]
fn every_bundled_text_comes_from_its_seed() {
    for c in bundled() {
        let Some(seed) = seed_text(&c.source.file) else {
            continue;
        };
        let seed = letters(&seed);
        let mut texts: Vec<(&str, &str)> = Vec::new();
        for bloc in &c.blocs {
            texts.push(("bloc", &bloc.title));
            for activite in &bloc.activites {
                texts.push(("activité", &activite.title));
            }
            for modalite in &bloc.modalites {
                texts.push(("modalité", &modalite.title));
            }
        }
        texts.extend(c.competences().map(|k| ("compétence", k.title.as_str())));
        texts.extend(c.criteres().map(|k| ("critère", k.text.as_str())));
        for (what, text) in texts {
            if let Err(why) = made_of_seed_pieces(&letters(text), &seed) {
                panic!(
                    "{}: {what} not from {}: {text:?}: {why}",
                    c.id, c.source.file
                );
            }
        }
    }
}

#[test]
fn seed_pieces_check_refuses_invented_words() {
    let seed = letters(
        "Le plan de prospection commerciale est défini. Autre colonne ici. multicanale dans une logique éthique",
    );
    assert!(
        made_of_seed_pieces(
            &letters("Le plan de prospection commerciale multicanale dans une logique éthique"),
            &seed
        )
        .is_ok()
    );
    assert!(
        made_of_seed_pieces(
            &letters("Le plan de prospection commerciale inventée par nous"),
            &seed
        )
        .is_err()
    );
}

/// A critère text repeated in a bloc must be repeated as often in the seed:
/// the source may give the same critère to two compétences (CQPM 000 does),
/// but a copy made by the transcription (001's BC3 once had one) is caught.
#[test]
fn no_critère_is_repeated_more_often_than_in_its_seed() {
    for c in bundled() {
        let Some(seed) = seed_text(&c.source.file) else {
            continue;
        };
        let seed = letters(&seed);
        let mut counts = std::collections::HashMap::<String, Vec<&str>>::new();
        for k in c.criteres() {
            counts.entry(letters(&k.text)).or_default().push(&k.id);
        }
        for (text, ids) in counts.iter().filter(|(_, ids)| ids.len() > 1) {
            let in_seed = seed.matches(text.as_str()).count();
            assert!(
                in_seed >= ids.len(),
                "{}: {ids:?} share a text the seed has {in_seed} time(s)",
                c.id
            );
        }
    }
}

#[test]
fn no_critère_is_an_introduction_without_its_content() {
    for c in bundled() {
        for k in c.criteres() {
            assert!(
                !k.text.trim_end().ends_with(':'),
                "{} {}: ends with « : », its content is elsewhere: {:?}",
                c.id,
                k.id,
                k.text
            );
        }
    }
}

#[test]
fn france_intl_has_no_invented_evaluation_compétence() {
    let c = certification(FRANCE_INTL);
    for k in c.competences() {
        assert!(
            !letters(&k.title).contains("evaluationdubloc")
                && !letters(&k.title).contains("évaluationdubloc"),
            "{}: {:?}",
            k.id,
            k.title
        );
        assert!(!k.id.contains("EVAL"), "{}", k.id);
    }
    // The invented compétence's critère is the dossier's fifth.
    let former = c.former_ids();
    assert!(former.contains(&("C2.EVAL", "BC2.E1.CR5")));
    assert!(former.contains(&("C2.EVAL.CR1", "BC2.E1.CR5")));
}

#[test]
fn france_intl_evaluation_critères_sit_on_their_evaluation() {
    let c = certification(FRANCE_INTL);
    let bloc = |id: &str| c.blocs.iter().find(|b| b.id == id).unwrap();
    let carrying = |id: &str| {
        bloc(id)
            .modalites
            .iter()
            .filter(|m| !m.criteres.is_empty())
            .map(|m| {
                (
                    m.id.clone().unwrap(),
                    m.covers.clone(),
                    m.criteres.iter().map(|k| k.id.clone()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    let ids = |prefix: &str, n: usize| {
        (1..=n)
            .map(|i| format!("{prefix}.CR{i}"))
            .collect::<Vec<_>>()
    };
    let covers = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();

    // BC4: one étude de cas, one list of three critères for C1-C3.
    assert_eq!(
        carrying("BC4"),
        vec![(
            "BC4.E1".to_string(),
            covers(&["BC4.C1", "BC4.C2", "BC4.C3"]),
            ids("BC4.E1", 3)
        )]
    );
    assert!(bloc("BC4").competences().all(|k| k.criteres.is_empty()));
    // BC1: one evaluation, one list of seven critères for C1-C3.
    assert_eq!(
        carrying("BC1"),
        vec![(
            "BC1.E1".to_string(),
            covers(&["BC1.C1", "BC1.C2", "BC1.C3"]),
            ids("BC1.E1", 7)
        )]
    );
    assert!(bloc("BC1").competences().all(|k| k.criteres.is_empty()));
    // BC2: the dossier's five critères for C1 and C2; the étude de cas faces C3 alone.
    assert_eq!(
        carrying("BC2"),
        vec![(
            "BC2.E1".to_string(),
            covers(&["BC2.C1", "BC2.C2"]),
            ids("BC2.E1", 5)
        )]
    );
    let own: Vec<_> = bloc("BC2")
        .competences()
        .map(|k| (k.id.as_str(), k.criteres.len()))
        .collect();
    assert_eq!(own, vec![("BC2.C1", 0), ("BC2.C2", 0), ("BC2.C3", 3)]);
    // BC3: négociation and contrat; C3 has no critère of its own and does
    // not repeat C2's.
    assert_eq!(
        carrying("BC3"),
        vec![
            ("BC3.E1".to_string(), covers(&["BC3.C1"]), ids("BC3.E1", 8)),
            (
                "BC3.E2".to_string(),
                covers(&["BC3.C2", "BC3.C3"]),
                ids("BC3.E2", 1)
            ),
        ]
    );
    assert!(bloc("BC3").competences().all(|k| k.criteres.is_empty()));
    let former = c.former_ids();
    assert!(former.contains(&("BC3.C2.CR1", "BC3.E2.CR1")));
    assert!(former.contains(&("BC3.C3.CR1", "BC3.E2.CR1")));
}

#[test]
fn every_former_id_of_the_v1_files_has_a_home() {
    // Every critère and compétence id of the version 1 files that is gone
    // now names, in former_ids, the node that holds its content.
    let gone: &[(&str, &[&str])] = &[
        (
            FRANCE_INTL,
            &[
                "BC1.C1.CR1",
                "BC1.C1.CR2",
                "BC1.C1.CR3",
                "BC1.C2.CR1",
                "BC1.C2.CR2",
                "BC1.C2.CR3",
                "BC1.C3.CR1",
                "BC2.C1.CR1",
                "BC2.C1.CR2",
                "BC2.C2.CR1",
                "BC2.C2.CR2",
                "C2.EVAL",
                "C2.EVAL.CR1",
                "BC3.C1.CR1",
                "BC3.C1.CR2",
                "BC3.C1.CR3",
                "BC3.C1.CR4",
                "BC3.C1.CR5",
                "BC3.C1.CR6",
                "BC3.C1.CR7",
                "BC3.C1.CR8",
                "BC3.C2.CR1",
                "BC3.C3.CR1",
                "BC4.C1.CR1",
                "BC4.C2.CR1",
                "BC4.C3.CR1",
            ],
        ),
        (
            CQPM,
            &[
                "C1.1.MET2",
                "C1.1.MET3",
                "C1.1.MET4",
                "C1.1.MET5",
                "C1.1.MET6",
            ],
        ),
    ];
    for (id, former) in gone {
        let c = certification(id);
        let known = c.former_ids();
        for f in *former {
            assert!(known.iter().any(|(old, _)| old == f), "{id}: {f} lost");
            assert!(c.unit(f).is_none(), "{id}: {f} still a unit");
        }
    }
}

#[test]
fn cqpm_example_critère_holds_its_examples() {
    let c = certification(CQPM);
    let with_examples: Vec<_> = c
        .criteres()
        .filter(|k| k.text.contains("titre d’exemple"))
        .collect();
    assert_eq!(with_examples.len(), 1);
    let k = with_examples[0];
    assert_eq!(k.id, "C1.1.MET1");
    let examples: Vec<_> = k.text.lines().skip(1).collect();
    assert_eq!(examples.len(), 5, "{:?}", k.text);
    assert!(examples.iter().all(|l| l.starts_with("- ")));
    assert!(examples[0].starts_with("- Les différentes sources d’informations"));
    assert!(examples[4].starts_with("- Les exigences du client"));
    // The examples are no critères of their own.
    assert!(
        c.criteres()
            .all(|k| !k.text.starts_with("Les différentes sources d’informations"))
    );
}

#[test]
fn rncp_registration_end_and_requirements() {
    let c = certification(RNCP);
    // « … jusqu'au 25 juillet 2020. », the latest end date of the Base légale.
    assert_eq!(c.valid_until.as_deref(), Some("2020-07-25"));
    assert!(c.valid_until_date().is_some());
    // The B1 English score is one of the training route's evaluations.
    assert!(
        c.requirements
            .iter()
            .all(|r| !r.contains("TOEIC") && !r.contains("B1")),
        "{:?}",
        c.requirements
    );
    let kept = c
        .sections
        .iter()
        .map(|s| s.text.as_str())
        .chain(c.blocs.iter().flat_map(|b| {
            b.modalites.iter().flat_map(|m| {
                m.requirements
                    .iter()
                    .map(String::as_str)
                    .chain([m.text.as_str()])
            })
        }))
        .any(|t| t.contains("Obtention d’un score en langue anglaise") && t.contains("TOEIC"));
    assert!(kept, "the English score text is lost");
    // The dashes stand under the bloc's « Description : ».
    assert_eq!(c.leaf_label(), "Description");
}

#[test]
fn rncp_modalite_titles_are_the_seeds_words() {
    let c = certification(RNCP);
    let Some(seed) = seed_text(&c.source.file) else {
        return;
    };
    let seed = words(&seed);
    for bloc in &c.blocs {
        for m in &bloc.modalites {
            assert!(
                seed.contains(&words(&m.title)),
                "{}: {:?} is not in the seed",
                bloc.id,
                m.title
            );
        }
    }
}

/// A portfolio written against the version 1 files keeps every note on the
/// item now holding the text it was written for.
#[test]
fn v1_portfolios_of_the_corrected_seeds_keep_their_notes() {
    use livret::portfolio::Portfolio;
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            CQPM,
            &[("C1.1.MET3", "C1.1.MET1"), ("C1.1.MET1", "C1.1.MET1")],
        ),
        (
            FRANCE_INTL,
            &[
                ("BC1.C2.CR3", "BC1.E1.CR6"),
                ("C2.EVAL.CR1", "BC2.E1.CR5"),
                ("BC3.C3.CR1", "BC3.E2.CR1"),
            ],
        ),
    ];
    for (id, moves) in cases {
        let c = certification(id);
        let mut portfolio = Portfolio::new(*id);
        let mut t = jiff::Timestamp::UNIX_EPOCH;
        for (old, _) in *moves {
            t += jiff::SignedDuration::from_secs(60);
            portfolio
                .add_note(old, &format!("written on {old}"), t)
                .unwrap();
        }
        portfolio.follow_renames(&c);
        assert!(
            portfolio.orphans(&c).is_empty(),
            "{id}: {:?}",
            portfolio.orphans(&c)
        );
        for (old, new) in *moves {
            let texts: Vec<_> = portfolio
                .notes(new)
                .iter()
                .map(|n| n.text.as_str())
                .collect();
            assert!(
                texts.contains(&format!("written on {old}").as_str()),
                "{id}: {old} → {new}: {texts:?}"
            );
        }
    }
}
