//! Texts cut at their markers: bullets, codes, numbered labels, and the
//! figures and references that must not cut a sentence.

use super::*;

#[test]
fn round_bullets() {
    let s = cut("• Analyser le besoin  • Concevoir la solution • Développer l’application");
    assert_eq!(s.rule, Rule::Bullets);
    assert_eq!(
        texts(&s.items),
        [
            "Analyser le besoin",
            "Concevoir la solution",
            "Développer l’application"
        ]
    );
}

#[test]
fn c_codes_with_and_without_blanks() {
    let s = cut("C1. Analyser le besoin C2. Concevoir la solution.  C3 : Tester");
    assert_eq!(s.rule, Rule::Codes);
    assert_eq!(codes(&s.items), ["C1", "C2", "C3"]);
    assert_eq!(texts(&s.items)[1], "Concevoir la solution.");
    let glued = cut("A1C1. Évaluer le contexte    A1C2.Apprécier les incidences");
    assert_eq!(codes(&glued.items), ["A1C1", "A1C2"]);
    assert_eq!(glued.items[1].text, "Apprécier les incidences");
}

#[test]
fn two_level_bullets_and_outline() {
    let s = cut(
        "  * Gérer le parc    o Recenser les postes    o Sauvegarder   * Répondre    o Traiter",
    );
    assert_eq!(s.rule, Rule::TwoLevels);
    assert_eq!(texts(&s.items), ["Gérer le parc", "Répondre"]);
    assert_eq!(
        texts(&s.items[0].children),
        ["Recenser les postes", "Sauvegarder"]
    );
    let o = cut(
        "1. Concevoir  1.1 Analyser  1.2 Modéliser  1.2.1 Schématiser  2. Développer  2.1 Coder",
    );
    assert_eq!(o.rule, Rule::Outline);
    assert_eq!(codes(&o.items), ["1", "2"]);
    assert_eq!(codes(&o.items[0].children), ["1.1", "1.2", "1.2.1"]);
}

#[test]
fn dashes_on_one_line() {
    let s = cut("Le candidat doit : - analyser le besoin ; - concevoir la solution - Tester");
    assert_eq!(
        (s.rule, s.preamble.as_str()),
        (Rule::Dashes, "Le candidat doit :")
    );
    assert_eq!(
        texts(&s.items),
        ["analyser le besoin ;", "concevoir la solution", "Tester"]
    );
    // A dash inside a sentence is no bullet.
    let one = cut("- Piloter l’activité - en particulier la trésorerie -  - Décider");
    assert_eq!(
        texts(&one.items),
        [
            "Piloter l’activité - en particulier la trésorerie -",
            "Décider"
        ]
    );
}

#[test]
fn a_lone_marker_is_no_list() {
    let s = cut(
        "- Analyser le dossier de l’affaire    Concevoir la solution technique    Développer l’application web",
    );
    assert_eq!(s.rule, Rule::Paragraphs);
    assert_eq!(texts(&s.items)[0], "Analyser le dossier de l’affaire");
    assert_eq!(s.items.len(), 3);
    let one = cut("Compétences :  - Analyser le dossier");
    assert_eq!(
        (one.rule, one.preamble.as_str()),
        (Rule::Dashes, "Compétences :")
    );
}

#[test]
fn real_line_breaks() {
    let s = cut("Analyser le besoin\r\nConcevoir la solution\nDévelopper");
    assert_eq!(s.rule, Rule::Paragraphs);
    assert_eq!(
        texts(&s.items),
        ["Analyser le besoin", "Concevoir la solution", "Développer"]
    );
    let dashes = cut("Compétences :\n- Analyser\n- Concevoir");
    assert_eq!(
        (dashes.rule, dashes.preamble.as_str()),
        (Rule::Dashes, "Compétences :")
    );
    assert_eq!(texts(&dashes.items), ["Analyser", "Concevoir"]);
}

#[test]
fn figures_ranges_and_references_do_not_cut() {
    let s = cut(
        "Gérer un budget de 2 000 euros sur 12 mois. 2024. Niveau 5 requis.    \
             Appliquer l'article L. 1233-4 et les codes A3C3 à A3C6 au niveau 5.",
    );
    assert_eq!(s.rule, Rule::Paragraphs);
    assert!(s.items.iter().all(|i| i.code.is_none()));
    let codes_ = cut("A1C1. Analyser, voir A1C3 à A1C6  A1C2. Concevoir, A2C2. et A2C3. compris");
    assert_eq!(codes(&codes_.items), ["A1C1", "A1C2"]);
}

#[test]
fn duplicate_codes_lose_their_code() {
    let s = cut("C1. Analyser  C1. Concevoir  C2. Tester");
    assert_eq!(codes(&s.items), ["C1", "-", "C2"]);
    assert_eq!(s.items[1].text, "C1. Concevoir");
    assert_eq!(s.warnings.len(), 1);
}

#[test]
fn codes_are_ids() {
    let s = cut("A5.C1. Réaliser  A5.C2) Valider  A5.C3- Préconiser  A5.C4: Organiser");
    assert_eq!(codes(&s.items), ["A5.C1", "A5.C2", "A5.C3", "A5.C4"]);
    let letters = cut("a) Analyser le besoin  b) Concevoir la solution");
    assert_eq!(codes(&letters.items), ["a", "b"]);
}

#[test]
fn numbered_labels_stay_in_the_text() {
    let expected = [
        "Compétence 1 : Accueillir le client et identifier sa demande",
        "Compétence 2 : Conseiller le client sur les produits",
        "Compétence 3 : Conclure la vente",
    ];
    for gap in ["  ", " ", "\n"] {
        let s = cut(&expected.join(gap));
        assert_eq!(
            (s.rule, texts(&s.items)),
            (Rule::Numbered, expected.to_vec())
        );
        assert!(s.preamble.is_empty() && s.items.iter().all(|i| i.code.is_none()));
    }
    for (text, first) in [
        (
            "Capacité 1 – Accueillir le client Capacité 2 – Conseiller",
            "Capacité 1 – Accueillir le client",
        ),
        (
            "Activité 1 : Accueillir  Activité 2 : Conseiller",
            "Activité 1 : Accueillir",
        ),
        (
            "CP 3 : Accueillir le client CP 4 : Conseiller",
            "CP 3 : Accueillir le client",
        ),
        (
            "Compétence n°4 : Accueillir Compétence n°5 : Conseiller",
            "Compétence n°4 : Accueillir",
        ),
        (
            "Compétence 1- Accueillir Compétence 2- Conseiller",
            "Compétence 1- Accueillir",
        ),
    ] {
        let s = cut(text);
        assert_eq!(
            (s.rule, s.items.len(), s.items[0].text.as_str()),
            (Rule::Numbered, 2, first),
            "{text}"
        );
    }
    // The bloc's title is no item; numbers that skip are no list.
    let coded = cut(
        "Compétence 1 : Accueillir le client : C1.1 Saluer C1.2 Écouter Compétence 2 : \
             Conseiller : C2.1 Proposer",
    );
    assert_eq!(coded.rule, Rule::Numbered);
    assert_eq!(coded.items[0].text, "Compétence 1 : Accueillir le client :");
    assert_eq!(codes(&coded.items[0].children), ["C1.1", "C1.2"]);
    assert_eq!(texts(&coded.items[1].children), ["Proposer"]);
    let titled = cut("Bloc 2 - Vendre : Compétence 1 : Accueillir Compétence 2 : Conseiller");
    assert_eq!(titled.preamble, "Bloc 2 - Vendre :");
    assert_eq!(titled.items.len(), 2);
    for text in [
        "Compétence 1 : Accueillir le client Compétence 3 : Conseiller le client",
        "Maîtriser la Compétence 1 : accueillir, puis la compétence 2 : conseiller",
        "Respecter la Norme 2024 : sécurité. Respecter la Norme 2025 : qualité",
    ] {
        assert_ne!(cut(text).rule, Rule::Numbered, "{text}");
    }
    assert_eq!(
        paragraphs("Compétence 1 : Accueillir  Compétence 2 : Conseiller"),
        ["Compétence 1 : Accueillir", "Compétence 2 : Conseiller"]
    );
}

#[test]
fn dashes_after_a_colon_in_lowercase() {
    let s = cut(
        "A partir d'une commande client, le candidat doit être capable de : - préparer les \
             matériaux - réaliser l'ouvrage - contrôler la conformité",
    );
    assert_eq!(
        (s.rule, s.preamble.as_str()),
        (
            Rule::Dashes,
            "A partir d'une commande client, le candidat doit être capable de :"
        )
    );
    assert_eq!(
        texts(&s.items),
        [
            "préparer les matériaux",
            "réaliser l'ouvrage",
            "contrôler la conformité"
        ]
    );
    // No colon before, or former lines after: dashes inside sentences.
    let sentence = cut(
        "A3C3. Piloter en intégrant les enjeux de l’entreprise - en particulier la \
             rentabilité - sur la base d'un diagnostic  A3C4. Conclure",
    );
    assert_eq!(codes(&sentence.items), ["A3C3", "A3C4"]);
    assert!(
        sentence.items[0]
            .text
            .contains("l’entreprise - en particulier")
    );
    let lines = cut(
        "Analyser le besoin du client : - en tenant compte du contexte - et des délais    \
             Concevoir la solution    Tester",
    );
    assert_eq!((lines.rule, lines.items.len()), (Rule::Paragraphs, 3));
    assert!(lines.items[0].text.ends_with("- et des délais"));
}

#[test]
fn plain_numbers_after_one_blank() {
    let expected = [
        "Analyser une demande",
        "Elaborer un diagnostic",
        "Proposer un plan d'action",
    ];
    for (text, ids) in [
        (
            "1. Analyser une demande 2. Elaborer un diagnostic 3. Proposer un plan d'action",
            ["1", "2", "3"],
        ),
        (
            "1) Analyser une demande 2) Elaborer un diagnostic 3) Proposer un plan d'action",
            ["1", "2", "3"],
        ),
        (
            "a) Analyser une demande b) Elaborer un diagnostic c) Proposer un plan d'action",
            ["a", "b", "c"],
        ),
    ] {
        let s = cut(text);
        assert_eq!(
            (codes(&s.items), texts(&s.items)),
            (ids.to_vec(), expected.to_vec()),
            "{text}"
        );
    }
    let outline = cut("1.1 Analyser une demande 1.2 Elaborer un diagnostic 1.3 Conclure");
    assert_eq!(codes(&outline.items), ["1.1", "1.2", "1.3"]);
    // Figures, references and years never cut, nor numbers out of step.
    let s = cut(
        "1. Gérer un budget sur 3 mois au niveau 5 Selon l'Article L. 1234-1 Pour 2024. \
             Puis l'annexe 2. Les délais 4. Tenir 2. Conclure le dossier",
    );
    assert_eq!(codes(&s.items), ["1", "2"]);
    assert_eq!(s.items[1].text, "Conclure le dossier");
    assert_eq!(
        cut("Respecter 2. Les délais 3. Les coûts").rule,
        Rule::Whole
    );
    assert_eq!(cut("1. Analyser 2. elaborer 3. proposer").items.len(), 1);
}

#[test]
fn bloc_title_then_codes() {
    let s = cut("Bloc 1 - Intitulé du bloc : C1.1 Faire ceci C1.2 Faire cela");
    assert_eq!(s.preamble, "Bloc 1 - Intitulé du bloc :");
    assert_eq!(codes(&s.items), ["C1.1", "C1.2"]);
    assert_eq!(texts(&s.items), ["Faire ceci", "Faire cela"]);
}

#[test]
fn other_forms_of_the_register() {
    let cp = cut(
        "CP1 - Planifier les interventions de maintenance ; CP2 - Diagnostiquer une panne ; \
             CP3 - Réaliser une intervention corrective",
    );
    assert_eq!(
        (cp.rule, codes(&cp.items)),
        (Rule::Codes, vec!["CP1", "CP2", "CP3"])
    );
    assert_eq!(
        cp.items[0].text,
        "Planifier les interventions de maintenance ;"
    );
    let bullets = cut("• Organiser le travail de l'équipe • Contrôler la qualité • Rendre compte");
    assert_eq!((bullets.rule, bullets.items.len()), (Rule::Bullets, 3));
    let lines =
        cut("Compétences :\nIdentifier les risques\nMettre en œuvre les mesures\nRendre compte");
    assert_eq!(
        (lines.rule, lines.preamble.as_str(), lines.items.len()),
        (Rule::Paragraphs, "Compétences :", 3)
    );
    let mixed = cut(
        "- Accueillir le client :   o Saluer   o Écouter  - Conseiller le client :   o Proposer",
    );
    assert_eq!(mixed.rule, Rule::TwoLevels);
    assert_eq!(
        texts(&mixed.items),
        ["Accueillir le client :", "Conseiller le client :"]
    );
    assert_eq!(texts(&mixed.items[0].children), ["Saluer", "Écouter"]);
    assert_eq!(texts(&mixed.items[1].children), ["Proposer"]);
}
