use super::*;
use crate::referentiel::{self as r, Certification};

const BUNDLED: [(&str, &str); 5] = [
    (
        "cqpm-animateur-commercial-international",
        include_str!("../../data/cqpm-animateur-commercial-international.ron"),
    ),
    (
        "developpement-commercial-national-international",
        include_str!("../../data/developpement-commercial-national-international.ron"),
    ),
    (
        "manager-developpement-commercial",
        include_str!("../../data/manager-developpement-commercial.ron"),
    ),
    (
        "responsable-developpement-commercial-france-intl",
        include_str!("../../data/responsable-developpement-commercial-france-intl.ron"),
    ),
    (
        "rncp23675-responsable-commerce-international",
        include_str!("../../data/rncp23675-responsable-commerce-international.ron"),
    ),
];

fn round_trip(certification: &Certification) -> Certification {
    let outline = write(certification);
    let parsed = parse(&outline, "x.md").unwrap_or_else(|e| panic!("{e}\n{outline}"));
    parsed.certification
}

#[test]
fn every_bundled_referentiel_comes_back_from_its_outline_unchanged() {
    for (id, text) in BUNDLED {
        let mut original = r::parse(text, Some(id)).unwrap();
        original.format_version = r::FORMAT_VERSION;
        let back = round_trip(&original);
        if back != original {
            let (a, b) = (format!("{original:#?}"), format!("{back:#?}"));
            let at = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let show = |s: &str| {
                s.lines()
                    .skip(at.saturating_sub(5))
                    .take(12)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{id} differs at line {at}:\n--- original\n{}\n--- back\n{}",
                show(&a),
                show(&b)
            );
        }
        assert!(r::validate(&back, Some(id)).is_empty());
    }
}

#[test]
fn the_skeleton_reads_as_a_valid_referentiel() {
    let parsed = parse(SKELETON, "squelette.md").unwrap();
    let c = &parsed.certification;
    assert_eq!(c.id, "mon-referentiel");
    assert_eq!(c.blocs.len(), 2);
    assert!(c.blocs[1].optional);
    assert_eq!(c.blocs[1].activites[0].id, "A2.1");
    let group = c.blocs[0].competences[0].criteres[2].group.as_deref();
    assert_eq!(group, Some("Un groupe de critères (facultatif) :"));
    assert_eq!(c.blocs[0].modalites[0].id.as_deref(), Some("E1"));
    assert_eq!(c.blocs[0].modalites[0].deliverables, ["Un dossier écrit"]);
    let problems = r::validate(c, None);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_hand_written_outline_gets_ids_and_texts_that_would_read_as_structure_stay_text() {
    let text = "# Agent de tri\n\nPremière ligne.\n\n## Trier\n\n### Reconnaître les matières\n\n\
                - Le papier est séparé\n- Le verre aussi\n\n### Peser\n\n#### Lire la balance\n";
    let parsed = parse(text, "tri.md").unwrap();
    let c = &parsed.certification;
    assert_eq!(c.id, "agent-de-tri");
    assert_eq!(c.source.file, "tri.md");
    assert_eq!(c.summary, "Première ligne.");
    let bloc = &c.blocs[0];
    assert_eq!(bloc.id, "BC01");
    assert_eq!(bloc.competences[0].id, "BC01.C01");
    assert_eq!(bloc.competences[0].criteres[1].id, "BC01.C01.CR02");
    assert_eq!(bloc.activites[0].id, "BC01.A01");
    assert_eq!(bloc.activites[0].competences[0].id, "BC01.A01.C01");
    assert!(r::validate(c, None).is_empty());

    // Texts whose lines look like structure come back as written.
    let mut tricky = c.clone();
    tricky.summary = "# pas un titre\n- pas un critère\n> pas un champ\nJury : pas un champ\n\
                      code : pas une clé\n  indenté\n\\ barre\n1. pas une liste\n\nfin"
        .to_string();
    tricky.blocs[0].competences[0].criteres[0].text = "deux\nlignes\n\n- et une puce".into();
    tricky.blocs[0].competences[0].criteres[0].former_ids = vec!["OLD1".into()];
    tricky.blocs[0].competences[0].conditions = "> citée\n\nDurée : 3 h".into();
    assert_eq!(round_trip(&tricky), tricky);
}

#[test]
fn mistakes_are_said_with_their_line() {
    let cases = [
        ("Pas de titre\n", 1, "commence par son titre"),
        ("# T\n\n### C1 — Compétence\n", 3, "sous un bloc"),
        (
            "# T\n\n## B1 — Bloc\n\n- critère\n",
            5,
            "sous une compétence",
        ),
        ("# T\n\n> Durée : 2 h\n", 3, "ici : Note de transcription"),
        ("# T\n\n## B1 — Bloc\n\n##### trop\n", 5, "trop profond"),
        ("# T\ntype : BTS\n", 2, "type « bts » inconnu"),
        ("# T\nmots visés : beaucoup\n", 2, "n’est pas un nombre"),
        (
            "# T\n\n## B1 — B\n\n### C1 — C\n\n* a\n",
            7,
            "un critère s’écrit « - critère »",
        ),
        (
            "# T\n\n## B1 — B\n\n### C1 — C\n\n1. a\n",
            7,
            "un critère s’écrit",
        ),
        ("# T\n\n##B1 — B\n", 3, "mettez une espace après « ## »"),
        ("# T\n\n> Jury : a\n\n> Jury : b\n", 5, "déjà donné"),
        ("", 1, "vide"),
    ];
    for (text, line, words) in cases {
        let error = parse(text, "x.md").unwrap_err();
        assert_eq!(error.line, line, "{text:?}: {error}");
        assert!(error.message.contains(words), "{text:?}: {error}");
    }
}

#[test]
fn validation_problems_are_placed_on_the_element_line() {
    let text = "# T\n\n## B1 — Bloc\n\n### C1 — Une\n\n- CR1 — a\n\n### C2 — Deux\n\n- CR1 — b\n";
    let parsed = parse(text, "x.md").unwrap();
    let problems = r::validate(&parsed.certification, None);
    assert!(!problems.is_empty());
    let lines: Vec<Option<usize>> = problems.iter().map(|p| parsed.line_of(&p.path)).collect();
    assert!(
        lines.contains(&Some(11)),
        "the second CR1: {problems:?} {lines:?}"
    );
}

#[test]
fn what_centres_type_reads_as_they_meant_it() {
    let text = "# T\n\n> Jury : Deux professionnels.\n\n## B1 - Bloc\n\n> Code : RNCP1BC01\n\n\
                > Modalités : E1 — Oral\n> Livrables : Un dossier\n> - Un oral\n\n\
                ### C1 – Compétence\n\n> Résultats attendus : Un plan.\n\n\
                - Groupe A\n\n\t- C1.CR1 — a\n    - C1.CR2 — b\n";
    let c = parse(text, "x.md").unwrap().certification;
    assert_eq!(c.jury.as_deref(), Some("Deux professionnels."));
    let bloc = &c.blocs[0];
    assert_eq!((bloc.id.as_str(), bloc.title.as_str()), ("B1", "Bloc"));
    assert_eq!(bloc.code.as_deref(), Some("RNCP1BC01"));
    assert_eq!(bloc.modalites[0].deliverables, ["Un dossier", "Un oral"]);
    let competence = &bloc.competences[0];
    assert_eq!(competence.id, "C1");
    assert_eq!(competence.results, "Un plan.");
    let ids: Vec<&str> = competence.criteres.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["C1.CR1", "C1.CR2"]);
    assert_eq!(competence.criteres[1].group.as_deref(), Some("Groupe A"));
}

#[test]
fn ids_without_a_digit_and_blank_lines_in_items_survive_a_round_trip() {
    let mut c = parse(SKELETON, "s.md").unwrap().certification;
    c.blocs[0].id = "COMM".into();
    c.blocs[0].competences[0].id = "ORAL".into();
    c.blocs[0].competences[0].criteres[0].id = "ORAL-ECOUTE".into();
    c.blocs[0].competences[0].criteres[0].text = "Premier.\n\nSecond.".into();
    c.blocs[0].modalites[0].id = Some("ORAL-E".into());
    assert_eq!(round_trip(&c), c);
    // An editor that trims trailing blanks changes nothing.
    let trimmed: String = write(&c)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(parse(&trimmed, "x.md").unwrap().certification, c);
}

#[test]
fn made_up_ids_never_take_one_the_outline_writes_further_down() {
    let text = "# T\n\n## Premier\n\n### C1 — C\n\n- a\n- C1.CR01 — b\n\n## BC01 — Second\n\n\
                ### C2 — D\n\n- BC01.C01.CR01 — c\n";
    let parsed = parse(text, "x.md").unwrap();
    let c = &parsed.certification;
    assert_eq!(c.blocs[0].id, "BC01-2");
    assert_eq!(c.blocs[0].competences[0].criteres[0].id, "C1.CR01-2");
    assert!(r::validate(c, None).is_empty());
    let warning = parsed.warnings.last().unwrap();
    assert!(warning.contains("BC01-2, C1.CR01-2"), "{warning}");
}

#[test]
fn keys_are_read_whatever_the_case_accents_and_apostrophe() {
    let text = "# T\nCode : RNCP1\nType : cqpm\nValable jusqu'au : 2030-01-01\nmots vises : 250\n\nRésumé : le métier.\n";
    let c = parse(text, "x.md").unwrap().certification;
    assert_eq!(c.code.as_deref(), Some("RNCP1"));
    assert_eq!(c.kind, r::Kind::Cqpm);
    assert_eq!(c.valid_until.as_deref(), Some("2030-01-01"));
    assert_eq!(c.writing.target_words, Some(250));
    assert_eq!(c.summary, "Résumé : le métier.");
    let error = parse("# T\ncode : X\nniveu : 5\n", "x.md").unwrap_err();
    assert_eq!(error.line, 3);
    assert!(error.message.contains("clé inconnue"), "{error}");
}

#[test]
fn problems_of_keys_and_modalites_are_placed_on_their_line() {
    let text = "# T\n\nid : t\nvalable jusqu’au : demain\n\n## B1 — Bloc\n\n\
                > Modalités : E1 — Oral\n> Couvre : C9\n\n### C1 — C\n\n- C1.CR1 — a\n";
    let parsed = parse(text, "x.md").unwrap();
    let problems = r::validate(&parsed.certification, None);
    let lines: Vec<Option<usize>> = problems.iter().map(|p| parsed.line_of(&p.path)).collect();
    assert!(lines.contains(&Some(4)), "{problems:?} {lines:?}");
    assert!(lines.contains(&Some(8)), "{problems:?} {lines:?}");
}
