//! The exported dossier: golden files, what is exported, and text that tries
//! to break out of its place.

use std::collections::BTreeMap;

use livret::export::{Dossier, ExportContext, Format, Options, html, markdown};
use livret::portfolio::Portfolio;
use livret::referentiel::Certification;
use pulldown_cmark::{Event, Parser, Tag};
use scraper::{ElementRef, Html, Selector};

mod common;

use common::dossier::{at, certification, context, portfolio};

/// Every string that has broken a document's structure somewhere.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "</table>",
    "# Titre",
    "| a | b |",
    "|---|---|",
    "```",
    "`code`",
    "*gras* _it_ __x__",
    "[x](y) ![i](http://example.com/i.png)",
    "1. premier",
    "- puce",
    "> citation",
    "<div onclick=\"x\">&amp;</div>",
    "    indenté",
    "===",
    "---",
    "$x$ et $$y$$",
    "~~barré~~ [[lien]] [^1]",
];

/// Every extension pulldown-cmark knows (GFM tables, footnotes, math…),
/// except smart punctuation, which only changes how text reads.
fn md_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
}

/// The document part of a .docx, where every text of it is, without the
/// ids docx-rs numbers paragraphs with (a counter of the process).
fn docx_text(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let mut parts = text.split(" w14:paraId=\"");
    let mut plain = parts.next().unwrap_or_default().to_string();
    for part in parts {
        plain.push_str(part.split_once('"').map_or(part, |(_, rest)| rest));
    }
    plain
}

/// The follow-up rather than the jury's dossier.
fn suivi() -> Options {
    Options {
        suivi: true,
        ..Options::default()
    }
}

fn default_md(target_bc02: bool) -> String {
    markdown(
        &certification(),
        &portfolio(target_bc02),
        &Options::default(),
        &context(),
    )
}

fn default_html(target_bc02: bool) -> String {
    html(
        &certification(),
        &portfolio(target_bc02),
        &Options::default(),
        &context(),
    )
}

#[test]
fn markdown_golden() {
    insta::assert_snapshot!(default_md(false));
}

#[test]
fn html_golden() {
    insta::assert_snapshot!(default_html(true));
}

/// The follow-up, with the tutors' comments: what the dossier leaves out.
#[test]
fn markdown_suivi_golden() {
    let options = Options {
        with_reviews: true,
        ..suivi()
    };
    insta::assert_snapshot!(markdown(
        &certification(),
        &portfolio(true),
        &options,
        &context()
    ));
}

// --- what is exported ---------------------------------------------------

#[test]
fn the_coverage_table_marks_critères_without_evidence_and_is_left_out_without_experiences() {
    let c = certification();
    let mut p = portfolio(false);
    p.toggle_target("BC02");
    let md = markdown(&c, &p, &suivi(), &context());
    assert!(
        md.contains("| C2.1.CR1 | – | – | *aucune preuve* |"),
        "{md}"
    );
    let page = html(&c, &p, &suivi(), &context());
    assert!(
        page.contains("<tr class=\"bare\"><th scope=\"row\">C2.1.CR1</th>"),
        "{page}"
    );

    let only_ready = Options {
        only_ready: true,
        ..suivi()
    };
    let md = markdown(&c, &portfolio(false), &only_ready, &context());
    assert!(!md.contains("| A1.C1.CR2 |"), "en cours: not detailed");
    assert!(
        md.contains("| **Total** | 1 | 1 | 2 |"),
        "totals of the rows shown:\n{md}"
    );

    let mut none = portfolio(false);
    for id in ["exp-1", "exp-2"] {
        none.delete_experience(id);
    }
    let md = markdown(&c, &none, &suivi(), &context());
    assert!(
        !md.contains("## Expériences") && !md.contains("Couverture"),
        "{md}"
    );
    assert!(
        !md.contains("**Expériences :**"),
        "links went with the experiences"
    );
}

/// Headings of a Markdown document as (level, text).
fn md_headings(text: &str) -> Vec<(usize, String)> {
    let mut headings = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for event in Parser::new_ext(text, md_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as usize, String::new()))
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            _ => {}
        }
    }
    headings
}

/// Headings of an HTML document as (level, text), in document order.
fn html_headings(document: &Html) -> Vec<(usize, String)> {
    document
        .select(&Selector::parse("h1, h2, h3, h4, h5, h6").unwrap())
        .map(|h| {
            let level = h.value().name()[1..].parse().unwrap();
            let text = h.text().collect::<String>();
            (level, text.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect()
}

/// Every id that has to be in the export when its bloc is.
fn ids_of(certification: &Certification, bloc: &str) -> Vec<String> {
    let bloc = certification.blocs.iter().find(|b| b.id == bloc).unwrap();
    let mut ids = vec![bloc.id.clone()];
    ids.extend(bloc.activites.iter().map(|a| a.id.clone()));
    for competence in bloc.competences() {
        ids.push(competence.id.clone());
        ids.extend(competence.criteres.iter().map(|c| c.id.clone()));
    }
    ids
}

fn headings_mention(headings: &[(usize, String)], id: &str) -> bool {
    headings
        .iter()
        .any(|(_, text)| text.split_whitespace().any(|word| word == id))
}

#[test]
fn every_id_of_a_targeted_bloc_is_a_heading_and_untargeted_blocs_are_left_out() {
    let c = certification();
    for target_bc02 in [false, true] {
        let md = md_headings(&default_md(target_bc02));
        let html = html_headings(&Html::parse_document(&default_html(target_bc02)));
        for headings in [&md, &html] {
            for id in ids_of(&c, "BC01") {
                assert!(
                    headings_mention(headings, &id),
                    "{id} missing: {headings:?}"
                );
            }
            for id in ids_of(&c, "BC02") {
                assert_eq!(
                    headings_mention(headings, &id),
                    target_bc02,
                    "{id} (targeted: {target_bc02})"
                );
            }
        }
    }
}

#[test]
fn untargeted_optional_blocs_are_listed_in_one_line() {
    let line = "Blocs optionnels non visés, absents de ce dossier : BC02 — Bloc optionnel.";
    assert!(default_md(false).contains(line));
    assert!(default_html(false).contains(line));
    assert!(!default_md(true).contains("non visés, absents"));
    assert!(!default_md(false).contains("C2.1"));
    assert!(!default_html(false).contains("C2.1"));
}

#[test]
fn only_ready_details_only_the_critères_prêts() {
    let options = Options {
        only_ready: true,
        ..suivi()
    };
    let c = certification();
    let p = portfolio(true);
    let md = md_headings(&markdown(&c, &p, &options, &context()));
    let document = Html::parse_document(&html(&c, &p, &options, &context()));
    for headings in [md, html_headings(&document)] {
        assert!(headings_mention(&headings, "A1.C1.CR1"), "{headings:?}");
        assert!(!headings_mention(&headings, "A1.C1.CR2"), "en cours");
        assert!(!headings_mention(&headings, "C2.1"), "no critère prêt");
        assert!(headings_mention(&headings, "BC02"), "the bloc stays");
    }
    let text = document.root_element().text().collect::<String>();
    assert!(text.contains("Seuls les critères prêts sont détaillés."));
    assert!(text.contains("Aucun critère prêt dans ce bloc."));
}

#[test]
fn the_bloc_filter_keeps_only_the_blocs_named() {
    let options = Options {
        blocs: vec!["BC02".into()],
        ..suivi()
    };
    let c = certification();
    let p = portfolio(false);
    let md = markdown(&c, &p, &options, &context());
    let headings = md_headings(&md);
    assert!(
        headings_mention(&headings, "C2.1.CR1"),
        "named, so exported"
    );
    assert!(!headings_mention(&headings, "BC01"));
    assert!(!md.contains("A1.C1"), "not even in the summary");
    assert!(!md.contains("Ensemble"), "no total over a partial export");
    let headings = html_headings(&Html::parse_document(&html(&c, &p, &options, &context())));
    assert!(headings_mention(&headings, "C2.1.CR1"));
    assert!(!headings_mention(&headings, "BC01"));
}

#[test]
fn the_pieces_keep_their_numbers_and_a_dossier_per_bloc_lists_those_it_cites() {
    let c = certification();
    let mut p = portfolio(true);
    // The organigramme (pièce 2) is cited from BC02 only.
    let organigramme = p.pieces[1].id.clone();
    p.cite_pieces("C2.1.CR1", 0, &[organigramme], at("2026-04-01T16:00:00Z"));
    let bc02 = Options {
        blocs: vec!["BC02".into()],
        ..Options::default()
    };
    let md = markdown(&c, &p, &bc02, &context());
    assert!(md.contains("### Pièce 2 — Organigramme de la direction financière"));
    assert!(md.contains("- **Citée dans :** C2.1.CR1 — Négociation fournisseur"));
    assert!(!md.contains("Pièce 1"), "not cited by BC02's notes:\n{md}");
    // The whole dossier lists both, each where it is cited.
    let md = markdown(&c, &p, &Options::default(), &context());
    assert!(md.contains("### Pièce 1 — Attestation d’emploi, Groupe Arbelo"));
    assert!(md.contains("**Pièces justificatives :** Pièce 2 — Organigramme"));
    // Without pieces, no section.
    p.pieces.clear();
    let md = markdown(&c, &p, &Options::default(), &context());
    assert!(!md.contains("Pièce"), "{md}");
    assert!(!html(&c, &p, &Options::default(), &context()).contains("Pièce"));
}

#[test]
fn the_summary_gives_prêt_en_cours_à_faire_per_bloc() {
    let md = markdown(&certification(), &portfolio(true), &suivi(), &context());
    assert!(md.contains("| BC01 | Élaborer la stratégie | 1 | 1 | 0 | █████░░░░░ 50 % |"));
    assert!(md.contains("| **Ensemble** | *blocs visés* | 1 | 2 | 0 | ███░░░░░░░ 33 % |"));
    let document = Html::parse_document(&html(
        &certification(),
        &portfolio(true),
        &suivi(),
        &context(),
    ));
    let rows: Vec<Vec<String>> = document
        .select(&Selector::parse(".summary tbody tr").unwrap())
        .map(|tr| {
            tr.child_elements()
                .map(|cell| cell.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        ["BC01", "Élaborer la stratégie", "1", "1", "0", "50 %"]
    );
    assert_eq!(rows[1][0], "BC02");
    assert_eq!(rows[2], ["Ensemble", "blocs visés", "1", "2", "0", "33 %"]);
}

// --- the HTML page as a document ----------------------------------------

#[test]
fn html_is_self_contained_french_and_printable() {
    let page = default_html(true);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    for external in [
        "<script", "<link", "<img", "src=", "url(", "http:", "https:", "@import",
    ] {
        assert!(!page.contains(external), "{external}");
    }
    for print in [
        "@page { size: A4",
        "break-before: page",
        "tr { break-inside: avoid; }",
    ] {
        assert!(page.contains(print), "{print}");
    }
}

#[test]
fn html_headings_descend_one_level_at_a_time() {
    let document = Html::parse_document(&default_html(true));
    let levels: Vec<usize> = html_headings(&document).iter().map(|(l, _)| *l).collect();
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    assert_eq!(levels[0], 1);
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "{levels:?}");
    }
    assert!(levels.contains(&6), "notes under an activité are h6");
}

#[test]
fn html_table_headers_have_a_scope() {
    let document = Html::parse_document(&default_html(true));
    let headers: Vec<ElementRef> = document.select(&Selector::parse("th").unwrap()).collect();
    assert!(headers.len() > 6);
    for th in headers {
        assert!(
            matches!(th.value().attr("scope"), Some("col" | "row")),
            "{}",
            th.html()
        );
    }
}

// --- hostile text -------------------------------------------------------

/// The fixture with hostile text everywhere a user or a référentiel puts
/// text: a note's title and body, the candidate's name, and the titles and
/// texts of the certification, a bloc, a compétence and a critère.
/// With `hostile: false`, the same places hold plain words.
fn fixture(hostile: bool) -> (Certification, Portfolio, ExportContext) {
    let word = |s: &str| {
        if hostile {
            s.to_string()
        } else {
            "mot".to_string()
        }
    };
    let all = if hostile {
        HOSTILE.join("\n")
    } else {
        "mot".to_string()
    };
    let mut c = certification();
    c.title = word("# Titre <script>alert(1)</script>");
    c.code = Some(word("| a | b |"));
    let bloc = &mut c.blocs[0];
    bloc.title = word("</table> `x`");
    let competence = &mut bloc.activites[0].competences[0];
    competence.title = word("[x](y) *z*");
    competence.conditions = all.clone();
    competence.criteres[0].text = all.clone();
    competence.criteres[1].group = Some(word("<h1>groupe</h1>"));
    let mut p = portfolio(false);
    p.experiences[0].title = word("| a | b | <script>alert(1)</script>");
    p.experiences[0].employer = word("# Titre `x`");
    p.experiences[0].description = all.clone();
    p.add_note(
        "A1.C1.CR1",
        &format!(
            "{}\n{all}",
            word("# Titre | a | b | <script>alert(1)</script>")
        ),
        at("2026-05-01T12:00:00Z"),
    );
    let mut ctx = context();
    ctx.candidate = Some(word("<b>Camille</b> | *M*"));
    ctx.reviews[0].tutor = word("<i>Marie</i> | `M`");
    ctx.reviews[0].add_comment("A1.C1.CR1", &all, at("2026-11-21T09:00:00Z"));
    for item in ctx.reviews[0].items.values_mut() {
        for comment in &mut item.comments {
            comment.author = word("<i>Marie</i> | `M`");
        }
    }
    (c, p, ctx)
}

/// The structure of a Markdown document: every start tag except paragraphs,
/// and every raw HTML, code or rule event. Text and line breaks are left out.
fn md_structure(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for event in Parser::new_ext(text, md_options()) {
        let name = match event {
            Event::Start(Tag::Paragraph) => continue,
            Event::Start(tag) => format!("{tag:?}"),
            Event::Html(_) | Event::InlineHtml(_) => "html".into(),
            Event::Code(_) => "code".into(),
            Event::Rule => "rule".into(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => "extension".into(),
            Event::InlineMath(_) | Event::DisplayMath(_) => "math".into(),
            _ => continue,
        };
        *counts.entry(name).or_default() += 1;
    }
    counts
}

fn md_text(text: &str) -> String {
    Parser::new_ext(text, md_options())
        .filter_map(|event| match event {
            Event::Text(t) => Some(t.to_string()),
            Event::SoftBreak | Event::HardBreak => Some("\n".into()),
            _ => None,
        })
        .collect()
}

#[test]
fn hostile_text_does_not_change_the_markdown_structure() {
    let (c, p, ctx) = fixture(false);
    let plain = markdown(&c, &p, &Options::default(), &ctx);
    let (c, p, ctx) = fixture(true);
    let hostile = markdown(&c, &p, &Options::default(), &ctx);
    assert_eq!(md_structure(&hostile), md_structure(&plain), "{hostile}");
    assert!(!md_structure(&hostile).contains_key("html"));
    assert!(!md_structure(&hostile).contains_key("code"));
    let text = md_text(&hostile);
    for s in HOSTILE {
        assert!(
            text.contains(s.trim()),
            "{s:?} not shown as text in\n{text}"
        );
    }
    assert!(text.contains("# Titre | a | b | <script>alert(1)</script>"));
}

#[test]
fn hostile_text_in_the_summary_table_stays_in_its_cell() {
    let (c, p, ctx) = fixture(true);
    let hostile = markdown(&c, &p, &suivi(), &ctx);
    let mut cells_per_row = Vec::new();
    for event in Parser::new_ext(&hostile, md_options()) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => cells_per_row.push(0),
            Event::Start(Tag::TableCell) => *cells_per_row.last_mut().unwrap() += 1,
            _ => {}
        }
    }
    // The summary (head, BC01, total), the coverage table (head, two
    // critères, total) with its two experiences, then the self-positioning
    // (head, the compétence).
    assert_eq!(cells_per_row, [6, 6, 6, 4, 4, 4, 4, 4, 4]);
}

#[test]
fn hostile_text_is_only_text_in_html() {
    let (c, p, ctx) = fixture(false);
    let plain = Html::parse_document(&html(&c, &p, &Options::default(), &ctx));
    let (c, p, ctx) = fixture(true);
    let page = html(&c, &p, &Options::default(), &ctx);
    let hostile = Html::parse_document(&page);
    assert_eq!(
        hostile.select(&Selector::parse("script").unwrap()).count(),
        0
    );
    assert!(hostile.errors.is_empty(), "{:?}", hostile.errors);
    let elements = |document: &Html| -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for element in document
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            let name = element.value().name();
            if !matches!(name, "p" | "br") {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
        counts
    };
    assert_eq!(elements(&hostile), elements(&plain));
    let text = hostile.root_element().text().collect::<String>();
    for s in HOSTILE {
        assert!(text.contains(s.trim()), "{s:?} not shown as text");
    }
    assert!(text.contains("<b>Camille</b> | *M*"));
}

/// Every format of the dossier built with `options`, as text (the Word
/// document through its XML).
fn every_format(options: &Options) -> Vec<(Format, String)> {
    // BC02 aimed for, without a note yet.
    let (c, mut p, context) = (certification(), portfolio(false), context());
    p.toggle_target("BC02");
    Format::ALL
        .into_iter()
        .map(|format| {
            let bytes = format.render(&Dossier::build(&c, &p, options, &context));
            let text = if format == Format::Docx {
                docx_text(&bytes)
            } else {
                String::from_utf8(bytes).unwrap()
            };
            (format, text)
        })
        .collect()
}

#[test]
fn the_jurys_dossier_has_no_tracking_and_the_suivi_has_the_tutors_word_when_asked() {
    // The dossier (default): no verdict, comment, status or empty item.
    for (format, text) in every_format(&Options::default()) {
        for tracking in [
            "Marie Durand",
            "Chiffrez",
            "Statut",
            "Auto-évaluation",
            "Aucune note de preuve",
            "C2.1.CR1",
        ] {
            assert!(!text.contains(tracking), "{format:?}: « {tracking} »");
        }
        // Nothing said of what is not there, nor of estimates.
        assert!(!text.contains("preuve dans ce bloc"), "{format:?}");
        assert!(!text.contains("estimé"), "{format:?}");
        assert!(
            !text.contains("Visés"),
            "{format:?}: no target in the dossier"
        );
        assert!(
            text.contains("Diagnostic de la filiale espagnole"),
            "{format:?}"
        );
        assert!(text.contains("Auto-positionnement"), "{format:?}");
    }
    // The follow-up: statuses, items without notes, the verdicts; the
    // comments only with --with-reviews.
    let suivi = Options {
        suivi: true,
        ..Options::default()
    };
    for (format, text) in every_format(&suivi) {
        assert!(text.contains("Marie Durand"), "{format:?}");
        assert!(text.contains("validé"), "{format:?}");
        assert!(text.contains("Statut"), "{format:?}");
        assert!(
            text.contains("C2.1.CR1"),
            "{format:?}: an item without notes"
        );
        assert!(!text.contains("Chiffrez"), "{format:?}");
    }
    let reviews = Options {
        suivi: true,
        with_reviews: true,
        ..Options::default()
    };
    for (format, text) in every_format(&reviews) {
        assert!(text.contains("Chiffrez l’impact"), "{format:?}");
    }
    let md = &every_format(&reviews)[0].1;
    assert!(md.contains("- Marie Durand : ✔ validé"), "{md}");
    assert!(
        md.contains("- Marie Durand : ↺ à retravailler"),
        "the compétence's verdict"
    );
}

#[test]
fn an_unverified_reviews_verdicts_are_in_no_format_and_its_comments_are_marked() {
    let (c, p, mut context) = (certification(), portfolio(false), context());
    context.reviews[0].unverified = Some("avis non signé".into());
    let options = Options {
        suivi: true,
        with_reviews: true,
        ..Options::default()
    };
    for format in Format::ALL {
        let bytes = format.render(&Dossier::build(&c, &p, &options, &context));
        let text = if format == Format::Docx {
            docx_text(&bytes)
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(!text.contains("Marie Durand :"), "{format:?}: no verdict");
        assert!(!text.contains("à retravailler"), "{format:?}");
        assert!(!text.contains("validé"), "{format:?}");
        assert!(
            text.contains("Marie Durand « non vérifié », 20/11/2026"),
            "{format:?}"
        );
        assert!(text.contains("Chiffrez l’impact"), "{format:?}");
    }
}

#[test]
fn a_draft_is_never_exported_in_any_format() {
    let mut p = portfolio(true);
    p.put_draft(
        "A1.C1.CR1",
        None,
        "Brouillon inachevé\nTexte pas encore relu",
        at("2026-04-02T09:00:00Z"),
    );
    let options = Options::default();
    let (c, context) = (certification(), context());
    let without = portfolio(true);
    for format in Format::ALL {
        let bytes = format.render(&Dossier::build(&c, &p, &options, &context));
        // The Word document is read through its text, the others as they are.
        let text = if format == Format::Docx {
            docx_text(&bytes)
        } else {
            String::from_utf8(bytes.clone()).unwrap()
        };
        assert!(!text.contains("Brouillon inachevé"), "{format:?}");
        assert!(!text.contains("pas encore relu"), "{format:?}");
        let expected = format.render(&Dossier::build(&c, &without, &options, &context));
        let expected = if format == Format::Docx {
            docx_text(&expected)
        } else {
            String::from_utf8(expected).unwrap()
        };
        assert!(
            text == expected,
            "{format:?}: a draft changes nothing in the dossier"
        );
    }
}
