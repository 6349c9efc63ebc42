//! Cleaning older exports' HTML and entities, and the no-word-lost check
//! and rule descriptions.

use super::*;

#[test]
fn html_lists() {
    let html = "<p>Le candidat sait :</p><ul><li>Analyser le besoin</li>\n<li>Concevoir <b>la</b> solution</li></ul>";
    let s = cut(html);
    assert_eq!(s.preamble, "Le candidat sait :");
    assert_eq!(s.rule, Rule::Dashes);
    assert_eq!(
        texts(&s.items),
        ["Analyser le besoin", "Concevoir la solution"]
    );
    let nested = cut(
        "<ul><li>Gérer<ul><li>Recenser</li><li>Sauvegarder</li></ul></li><li>Répondre</li></ul>",
    );
    assert_eq!(nested.rule, Rule::TwoLevels);
    assert_eq!(texts(&nested.items), ["Gérer", "Répondre"]);
    assert_eq!(
        texts(&nested.items[0].children),
        ["Recenser", "Sauvegarder"]
    );
}

#[test]
fn escaped_html_and_entities() {
    assert_eq!(
        clean("&lt;p&gt;Analyser&lt;/p&gt;&lt;p&gt;Concevoir&lt;/p&gt;"),
        "Analyser\nConcevoir"
    );
    assert_eq!(
        clean("&amp;lt;p&amp;gt;Analyser&amp;lt;br/&amp;gt;le besoin"),
        "Analyser\nle besoin"
    );
    assert_eq!(clean("Cr&eacute;er &#233;t&#xE9;"), "Créer été");
    assert_eq!(clean("Analyser&nbsp;le besoin"), "Analyser\u{a0}le besoin");
    assert_eq!(
        cut("Analyser&nbsp;le besoin").items[0].text,
        "Analyser le besoin"
    );
    let s = cut("&lt;ul&gt;&lt;li&gt;Analyser&lt;/li&gt;&lt;li&gt;Concevoir&lt;/li&gt;&lt;/ul&gt;");
    assert_eq!(texts(&s.items), ["Analyser", "Concevoir"]);
}

#[test]
fn text_without_html_is_unchanged() {
    for text in [
        "SI, R&D, Production",
        "a<b et c>d",
        "< 5 ans",
        "R&D; tests &unknown;",
        "x &",
    ] {
        assert_eq!(clean(text), text);
    }
    assert_eq!(clean("R&amp;D &eacute;tudes"), "R&D études");
    assert_eq!(clean("a\u{0}b\u{7}c\td\re"), "abc\td\ne");
}

#[test]
fn words_and_check() {
    assert_eq!(
        words("A1C2.Apprécier R&D, Été"),
        ["a1c2", "apprécier", "r", "d", "été"]
    );
    let source = "- Analyser le besoin  - Concevoir";
    let mut s = split(source);
    assert!(check_no_word_lost(source, &s).is_ok());
    s.items[1].text = "Concevoir vite".into();
    assert!(
        check_no_word_lost(source, &s)
            .unwrap_err()
            .contains("« vite »")
    );
    s.items[1].text.clear();
    assert!(
        check_no_word_lost(source, &s)
            .unwrap_err()
            .contains("« concevoir »")
    );
}

#[test]
fn every_rule_is_described() {
    use Rule::*;
    for rule in [
        Codes,
        CodesWithCriteria,
        Outline,
        Bullets,
        TwoLevels,
        Dashes,
        Numbered,
        Criteria,
        Paragraphs,
        Whole,
    ] {
        assert!(!rule.describe().is_empty());
    }
}
