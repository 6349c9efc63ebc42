//! Texts cut without item markers: « Critères : » labels, sentences and
//! former line breaks, preambles, empty and single-sentence texts.

use super::*;

#[test]
fn criteria_label_then_dashes() {
    let s = cut(
        "C1. Concevoir un projet. Critères :  - le besoin est analysé  - le coût est chiffré  \
             C2. Développer l’application. Critères : - les tests passent - le code est relu",
    );
    assert_eq!(s.rule, Rule::CodesWithCriteria);
    assert_eq!(codes(&s.items), ["C1", "C2"]);
    assert_eq!(s.items[0].text, "Concevoir un projet. Critères :");
    assert_eq!(
        texts(&s.items[0].children),
        ["le besoin est analysé", "le coût est chiffré"]
    );
    assert_eq!(
        texts(&s.items[1].children),
        ["les tests passent", "le code est relu"]
    );
}

#[test]
fn criteria_label_then_blank_runs() {
    let s = cut(
        "C1. Concevoir un projet. Capacités :   analyser le besoin   chiffrer le coût    \
             C2. Développer",
    );
    assert_eq!(
        texts(&s.items[0].children),
        ["analyser le besoin", "chiffrer le coût"]
    );
    assert_eq!(s.items[0].text, "Concevoir un projet. Capacités :");
    assert!(s.items[1].children.is_empty());
}

#[test]
fn empty_and_whitespace() {
    for text in ["", "   \n\t  ", "<p></p>"] {
        let s = cut(text);
        assert!(s.items.is_empty() && s.preamble.is_empty(), "{text:?}");
        assert_eq!(
            (s.rule, s.warnings.as_slice()),
            (Rule::Whole, [NOTHING.to_string()].as_slice())
        );
    }
}

#[test]
fn single_sentence_is_whole() {
    let s = cut("Analyser le besoin  du client en tenant compte   du contexte.");
    assert_eq!(s.rule, Rule::Whole);
    assert_eq!(
        texts(&s.items),
        ["Analyser le besoin du client en tenant compte du contexte."]
    );
    assert_eq!(s.warnings, [NOT_SPLIT]);
}

#[test]
fn preamble_without_items() {
    let s = cut("Les compétences attestées sont les suivantes :  ");
    assert_eq!(s.preamble, "Les compétences attestées sont les suivantes :");
    assert!(s.items.is_empty());
    assert_eq!(s.rule, Rule::Whole);
    assert_eq!(s.warnings.len(), 1);
    let one = cut("Le candidat sait :    analyser le besoin du client");
    assert_eq!(
        (one.preamble.as_str(), one.items.len()),
        ("Le candidat sait :", 1)
    );
}

#[test]
fn preamble_then_sentences() {
    let s = cut(
        "Le candidat est capable de :    Analyser le besoin du client    Concevoir une solution adaptée",
    );
    assert_eq!(s.rule, Rule::Paragraphs);
    assert_eq!(s.preamble, "Le candidat est capable de :");
    assert_eq!(
        texts(&s.items),
        [
            "Analyser le besoin du client",
            "Concevoir une solution adaptée"
        ]
    );
}

#[test]
fn paragraphs_restore_line_breaks() {
    let text = "Scolaires (établissements   publics).    CCF  - Ponctuelle orale\nEntretien  avec le jury  A1C2. Note";
    assert_eq!(
        paragraphs(text),
        [
            "Scolaires (établissements publics).",
            "CCF",
            "- Ponctuelle orale",
            "Entretien avec le jury",
            "A1C2. Note"
        ]
    );
    assert!(paragraphs("  \n ").is_empty());
}

#[test]
fn criteria_labels_without_codes() {
    let s = cut(
        "Réaliser l'accueil physique et téléphonique. Critères d'évaluation : - l'accueil est \
             courtois - la demande est identifiée   Traiter les demandes simples. Critères \
             d'évaluation : - la réponse est adaptée",
    );
    assert_eq!((s.rule, s.preamble.as_str()), (Rule::Criteria, ""));
    assert_eq!(
        texts(&s.items),
        [
            "Réaliser l'accueil physique et téléphonique. Critères d'évaluation :",
            "Traiter les demandes simples. Critères d'évaluation :"
        ]
    );
    assert_eq!(
        texts(&s.items[0].children),
        ["l'accueil est courtois", "la demande est identifiée"]
    );
    assert_eq!(texts(&s.items[1].children), ["la réponse est adaptée"]);
    let coded = cut(
        "C1. Réaliser l'accueil. Critères : - courtois - demande identifiée C2. Traiter les \
             demandes. Critères : - réponse adaptée",
    );
    assert_eq!(codes(&coded.items), ["C1", "C2"]);
    let counts = |s: &Split| s.items.iter().map(|i| i.children.len()).collect::<Vec<_>>();
    assert_eq!(counts(&coded), [2, 1]);
    // One line, real lines, a preamble, other labels, critères after blanks.
    for text in [
        "Réaliser l'accueil. Critères : - courtois - identifiée Traiter. Critères : - adaptée",
        "Réaliser l'accueil. Critères : - courtois - identifiée. Traiter. Critères : - adaptée",
        "Réaliser l'accueil\nCritères :\n- courtois\n- identifiée\nTraiter\nCritères :\n- adaptée",
        "Le candidat doit :   Réaliser l'accueil. Indicateurs : - courtois - identifiée   \
             Traiter. Savoir-faire : - adaptée",
        "Le candidat doit : Réaliser l'accueil. Capacités : - courtois - identifiée   \
             Traiter. Critère de performance : - adaptée",
        "Le candidat doit\n: Réaliser l'accueil. Critères d’évaluation : - courtois - \
             identifiée   Traiter. Critères : - adaptée",
        "Réaliser l'accueil. Critères :   courtois   identifiée    Traiter. Critères :   adaptée",
    ] {
        let s = cut(text);
        assert_eq!((s.rule, counts(&s)), (Rule::Criteria, vec![2, 1]), "{text}");
        assert!(s.items[0].text.starts_with("Réaliser l'accueil"), "{text}");
        assert!(s.items[1].text.starts_with("Traiter"), "{text}");
        assert!(
            s.preamble.is_empty() || s.preamble == "Le candidat doit :",
            "{text}"
        );
    }
    // A label opening the text, a heading for the bloc, a word in a sentence.
    let heading = cut("Critères d'évaluation : - courtois - identifiée");
    assert_eq!((heading.rule, heading.items.len()), (Rule::Dashes, 2));
    let bloc = cut(
        "Compétences :   Analyser le besoin du client   Concevoir la solution   Critères \
             d'évaluation :   le besoin est analysé",
    );
    assert_eq!((bloc.rule, bloc.items.len()), (Rule::Paragraphs, 4));
    assert_eq!(bloc.items[2].text, "Critères d'évaluation :");
    let word = cut("Le candidat respecte les critères : - délais - coûts");
    assert_eq!((word.rule, word.items.len()), (Rule::Dashes, 2));
}
