//! The dossier as a Word document, read back by independent readers: the
//! zip's own parts (always), and pandoc (installed by `.ci/run`; elsewhere a
//! test without it says so, and fails when `LIVRET_REQUIRE_PANDOC` is set).

mod common;

use std::io::Read;
use std::process::Command;

use common::dossier::{certification, context, portfolio};
use livret::export::{Dossier, Format, Options};
use livret::portfolio::Portfolio;
use scraper::{Html, Selector};

fn docx_of(portfolio: &Portfolio, options: &Options) -> Vec<u8> {
    let c = certification();
    let context = context();
    Format::Docx.render(&Dossier::build(&c, portfolio, options, &context))
}

/// A part of the .docx (`word/document.xml`…), as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the .docx"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The document as pandoc reads it, in HTML; `None` (said on stderr) when
/// pandoc is not installed, a failure where it is required.
fn pandoc_html(docx: &[u8]) -> Option<Html> {
    let available = Command::new("pandoc").arg("--version").output().is_ok();
    if !available {
        assert!(
            std::env::var_os("LIVRET_REQUIRE_PANDOC").is_none(),
            "pandoc is required here (LIVRET_REQUIRE_PANDOC) but not installed"
        );
        eprintln!("SKIPPED: pandoc is not installed; the .docx is checked through its XML only");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.docx");
    std::fs::write(&path, docx).unwrap();
    let output = Command::new("pandoc")
        .args(["-f", "docx", "-t", "html", "--wrap=none"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pandoc could not read the .docx: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(Html::parse_fragment(
        &String::from_utf8(output.stdout).unwrap(),
    ))
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn headings_notes_and_tables_read_back_in_order() {
    let docx = docx_of(&portfolio(true), &Options::default());
    // Word's own parts: built-in heading styles, a table of contents field,
    // page numbers in the footer.
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:val="heading 1""#), "{styles}");
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("TOC \\o"), "a table of contents field");
    let footer = (1..=3)
        .filter_map(|i| {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx[..])).ok()?;
            let mut text = String::new();
            zip.by_name(&format!("word/footer{i}.xml"))
                .ok()?
                .read_to_string(&mut text)
                .ok()?;
            Some(text)
        })
        .collect::<String>();
    assert!(footer.contains("PAGE"), "page numbers: {footer}");

    let Some(html) = pandoc_html(&docx) else {
        return;
    };
    let headings = texts(&html, "h1, h2, h3, h4, h5, h6");
    let expected = [
        "Blocs présentés",
        "BC01 — Élaborer la stratégie",
        "Activité A1 — Diagnostic",
        "A1.C1 — Réaliser un diagnostic interne",
        "Critère A1.C1.CR1",
        "Diagnostic de la filiale espagnole",
        "Revue annuelle 2025",
        "Critère A1.C1.CR2",
        "Matrice SWOT",
        "BC02 — Bloc optionnel",
        "Négociation fournisseur",
        "Auto-positionnement",
        "Annexe : expériences",
        "Annexe : couverture des critères par les expériences",
        "Annexe : pièces justificatives",
        "Annexe : rédaction par bloc",
        "Déclaration sur l’honneur",
    ];
    let mut at = 0;
    for wanted in expected {
        match headings[at..].iter().position(|h| h == wanted) {
            Some(i) => at += i + 1,
            None => panic!("« {wanted} » missing or out of order in {headings:#?}"),
        }
    }
    let body = texts(&html, "p, li, td").join("\n");
    for text in [
        "J’ai conduit l’analyse de la chaîne de valeur",
        "Résultat : trois axes d’amélioration retenus.",
        "Présentée au comité de direction.",
        "La chaîne de valeur est structurée.",
        "Camille Martin",
        "Contrôle de gestion, filiale espagnole",
        "Pièces justificatives : Pièce 1 — Attestation d’emploi, Groupe Arbelo",
        "attestation-arbelo.pdf",
        "Signée par la DRH.",
        "A1.C1.CR1 — Diagnostic de la filiale espagnole",
        "Organigramme de la direction financière",
    ] {
        assert!(body.contains(text), "« {text} » missing from:\n{body}");
    }
    // Lines of a text stay apart (the experience's description).
    assert!(body.contains("Suivi des coûts de trois usines."), "{body}");
    assert!(!body.contains("usines.Reporting"), "{body}");
    let tables = Selector::parse("table").unwrap();
    assert!(
        html.select(&tables).count() >= 5,
        "summary, positioning, experiences, coverage, words"
    );
}

#[test]
fn hostile_text_comes_out_as_text() {
    let mut p = Portfolio::new("exemple-minimal");
    let long = "mot ".repeat(25_000);
    let hostile = format!(
        "Champ {{ PAGE }} et {{ INCLUDETEXT \"c:/x\" }}\n\
         <w:p><w:r><w:t>injecté</w:t></w:r></w:p>\n\
         Contrôle\u{1}\u{7}\u{1b}[31m fin\n\
         ]]> <![CDATA[ x ]]> &amp; &lt;\n\
         {long}"
    );
    p.add_note(
        "A1.C1.CR1",
        &format!("Titre <w:t>\n{hostile}"),
        jiff::Timestamp::UNIX_EPOCH,
    );
    // A piece's fields are the candidate's text too.
    let piece = p.add_piece(livret::portfolio::Piece {
        title: "Pièce <w:t>{ PAGE }</w:t>\u{7}".into(),
        file: "../x\u{1b}[2J.pdf".into(),
        description: "<w:tbl>".into(),
        ..Default::default()
    });
    p.cite_pieces("A1.C1.CR1", 0, &[piece], jiff::Timestamp::UNIX_EPOCH);
    let docx = docx_of(&p, &Options::default());
    let document = part(&docx, "word/document.xml");
    assert!(
        document.contains("&lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;injecté"),
        "escaped"
    );
    assert!(!document.contains("\u{1}") && !document.contains("\u{1b}"));
    assert!(!document.contains("\u{7}"));
    // Only livret's own fields: the table of contents (and the page number
    // in the footer), never one typed in a note.
    assert!(
        !document.contains("INCLUDETEXT \"c:"),
        "no field from a note"
    );
    assert!(
        document.contains("{ INCLUDETEXT"),
        "the braces stay as text"
    );
    let Some(html) = pandoc_html(&docx) else {
        return;
    };
    let body = texts(&html, "p, li, td, h1, h2, h3, h4, h5, h6").join("\n");
    for text in [
        "Champ { PAGE } et { INCLUDETEXT \"c:/x\" }",
        "<w:p><w:r><w:t>injecté</w:t></w:r></w:p>",
        "Contrôle[31m fin",
        "]]> <![CDATA[ x ]]> &amp; &lt;",
        "Titre <w:t>",
        "Pièce <w:t>{ PAGE }</w:t>",
        "../x[2J.pdf",
        "<w:tbl>",
    ] {
        assert!(body.contains(text), "« {text} » missing from the text");
    }
    assert!(body.contains(&long.trim_end()[..1000]));
}

#[test]
fn a_300_note_dossier_exports() {
    let c = certification();
    let mut p = Portfolio::new(&c.id);
    p.toggle_target("BC02");
    let units: Vec<String> = c.units().map(|u| u.id.to_string()).collect();
    for i in 0..300 {
        let unit = &units[i % units.len()];
        p.add_note(
            unit,
            &format!("Preuve {i}\nJ’ai mené le projet {i}.\n- étape une\n- étape deux"),
            jiff::Timestamp::UNIX_EPOCH,
        );
    }
    let docx = docx_of(&p, &Options::default());
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("Preuve 299"));
    assert!(document.contains("w:numId"), "list items are a real list");
}
