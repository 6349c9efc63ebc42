//! The blocs of the shared real exports, cut as expected and without
//! losing a word.

use super::*;

/// The `LISTE_COMPETENCES` of a shared export, by bloc code.
fn shared_blocs(file: &str) -> Option<Vec<(String, String)>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/rncp")
        .join(file);
    let Ok(xml) = std::fs::read_to_string(&path) else {
        if std::env::var_os("LIVRET_REQUIRE_SHARED").is_some() {
            panic!(
                "{} absent, and LIVRET_REQUIRE_SHARED is set",
                path.display()
            );
        }
        eprintln!("SKIPPED: ../shared absent");
        return None;
    };
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let mut blocs = Vec::new();
    let mut rest = xml.as_str();
    while let Some(open) = rest.find("<LISTE_COMPETENCES>") {
        let code_at = rest[..open].rfind("<CODE>").expect("a bloc code") + "<CODE>".len();
        let code = &rest[code_at..code_at + rest[code_at..].find('<').expect("</CODE>")];
        let body = &rest[open + "<LISTE_COMPETENCES>".len()..];
        let close = body.find("</LISTE_COMPETENCES>").expect("a closed element");
        blocs.push((code.to_string(), unescape(&body[..close])));
        rest = &body[close..];
    }
    Some(blocs)
}

fn shared_splits(file: &str) -> Option<Vec<(String, Split)>> {
    let blocs = shared_blocs(file)?;
    Some(
        blocs
            .into_iter()
            .map(|(code, text)| (code, cut(&text)))
            .collect(),
    )
}

fn bloc<'a>(splits: &'a [(String, Split)], code: &str) -> &'a Split {
    &splits.iter().find(|(c, _)| c == code).expect(code).1
}

#[test]
fn shared_rncp34762_codes() {
    let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
        return;
    };
    let bc01 = bloc(&splits, "RNCP34762BC01");
    assert_eq!(bc01.rule, Rule::Codes);
    assert_eq!(
        codes(&bc01.items),
        ["A1C1", "A1C2", "A1C3", "A1C4", "A1C5", "A1C6", "A1C7"]
    );
    assert!(
        bc01.items[1]
            .text
            .starts_with("Apprécier, depuis son périmètre")
    );
    assert!(bc01.preamble.is_empty());
    let bc05 = bloc(&splits, "RNCP34762BC05");
    assert_eq!(
        bc05.preamble,
        "En mobilisant une analyse du contexte organisationnel et humain, tout en restant \
             vigilant à la compétitivité et à la pérennité économique de l’organisation :"
    );
    assert_eq!(
        codes(&bc05.items),
        ["A5.C1", "A5.C2", "A5.C3", "A5.C4", "A5.C5"]
    );
    assert!(
        bc05.items[1]
            .text
            .starts_with("Valider – le cas échéant - les modalités")
    );
    let counts: Vec<usize> = ["BC02", "BC03", "BC04"]
        .iter()
        .map(|b| bloc(&splits, &format!("RNCP34762{b}")).items.len())
        .collect();
    assert_eq!(counts, [10, 10, 8]);
}

#[test]
fn shared_rncp35809_dashes() {
    let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
        return;
    };
    let counts = [("BC01", 9), ("BC02", 20), ("BC03", 6), ("BC04", 14)];
    for (b, count) in counts {
        let s = bloc(&splits, &format!("RNCP35809{b}"));
        assert_eq!((s.rule, s.items.len()), (Rule::Dashes, count), "{b}");
        assert!(
            s.items
                .iter()
                .all(|i| i.children.is_empty() && i.code.is_none())
        );
    }
    let bc02 = bloc(&splits, "RNCP35809BC02");
    assert_eq!(bc02.items[0].text, "Valider une solution technique");
    assert_eq!(bc02.items[16].text, "Prévenir les risques professionnels");
}

#[test]
fn shared_rncp36490_outline() {
    let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
        return;
    };
    let bc01 = bloc(&splits, "RNCP36490BC01");
    assert_eq!(bc01.rule, Rule::Outline);
    assert_eq!(codes(&bc01.items), ["1.1", "1.2", "1.3"]);
    assert_eq!(codes(&bc01.items[0].children), ["1.1.1", "1.1.2"]);
    let bc03 = bloc(&splits, "RNCP36490BC03");
    assert_eq!(codes(&bc03.items), ["3.1", "3.2", "3.3"]);
    assert!(bc03.items[0].text.starts_with("Organiser le déploiement"));
    assert_eq!(codes(&bc03.items[0].children), ["3.1.1", "3.1.2", "3.1.3"]);
    assert!(
        bc03.items[0].children[1]
            .text
            .starts_with("Configurer l’environnement")
    );
    let children: Vec<Vec<usize>> = ["BC02", "BC04"]
        .iter()
        .map(|b| {
            let s = bloc(&splits, &format!("RNCP36490{b}"));
            s.items.iter().map(|i| i.children.len()).collect()
        })
        .collect();
    assert_eq!(children, [vec![4, 3], vec![4, 3, 2]]);
}

#[test]
fn shared_rncp40344_sentences() {
    let Some(splits) = shared_splits("export-fiches-rncp-dev.xml") else {
        return;
    };
    let counts = [("BC01", 6), ("BC02", 6), ("BC03", 5), ("BC04", 7)];
    for (b, count) in counts {
        let s = bloc(&splits, &format!("RNCP40344{b}"));
        assert_eq!((s.rule, s.items.len()), (Rule::Paragraphs, count), "{b}");
        assert!(
            s.items
                .iter()
                .all(|i| i.children.is_empty() && i.text.ends_with('.'))
        );
    }
    let bc01 = bloc(&splits, "RNCP40344BC01");
    assert!(
        bc01.items[1]
            .text
            .starts_with("S'adapter au profil du client")
    );
}

#[test]
fn shared_rncp40792_two_levels() {
    let Some(splits) = shared_splits("export-fiches-rncp-bts-sio-2025.xml") else {
        return;
    };
    let bc01 = bloc(&splits, "RNCP40792BC01");
    assert_eq!(bc01.rule, Rule::TwoLevels);
    assert_eq!(bc01.items[0].text, "Gérer le patrimoine informatique");
    assert_eq!(
        bc01.items[0].children[0].text,
        "Recenser et identifier les ressources numériques"
    );
    let children: Vec<usize> = bc01.items.iter().map(|i| i.children.len()).collect();
    assert_eq!(children, [6, 3, 3, 3, 3, 4]);
    for (code, s) in &splits {
        assert_eq!(s.rule, Rule::TwoLevels, "{code}");
        assert!(
            s.items
                .iter()
                .all(|i| !i.children.is_empty() && i.code.is_none())
        );
    }
}

#[test]
fn shared_blocs_lose_no_word() {
    for file in [
        "export-fiches-rncp-dev.xml",
        "export-fiches-rncp-bts-sio-2025.xml",
    ] {
        // `cut` checks every bloc; each must also give more than one item.
        let Some(splits) = shared_splits(file) else {
            return;
        };
        assert!(splits.len() >= 5);
        for (code, s) in splits {
            assert!(s.items.len() > 1 && s.warnings.is_empty(), "{code}: {s:#?}");
        }
    }
}
