//! Unit tests of the fiche: deliverables, shared critères, the expiry
//! warning, control characters and wrapping.

use super::*;

fn example() -> Certification {
    crate::referentiel::parse(
        include_str!("../../tests/valid_referentiels/fiche-complete.ron"),
        Some("fiche-complete"),
    )
    .expect("the fixture parses")
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

#[test]
fn deliverables_after_another_with_a_dash_are_its_sub_items() {
    let lines: Vec<String> = ["Un dossier", "- partie A", "- partie B", "Une vidéo"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        deliverables(&lines),
        [
            Deliverable {
                text: "Un dossier",
                items: vec!["partie A", "partie B"],
            },
            Deliverable {
                text: "Une vidéo",
                items: vec![],
            },
        ]
    );
    let first = vec!["- seul".to_string()];
    assert_eq!(deliverables(&first)[0].text, "- seul");
}

#[test]
fn a_competence_lists_its_own_then_the_shared_criteres() {
    let c = example();
    let fiche = Fiche::new(&c, date("2024-01-01"));
    let bloc = &fiche.blocs[0];
    let first = &bloc.competences[0];
    let ids: Vec<(&str, bool, Option<&str>)> = first
        .criteres
        .iter()
        .map(|k| (k.id, k.shared, k.evaluation))
        .collect();
    assert_eq!(
        ids,
        [
            ("C1.1.CR1", false, None),
            ("E1.CR1", true, Some("E1")),
            ("E1.CR2", true, Some("E1")),
        ]
    );
    let bare = bloc.competences.iter().find(|k| k.id == "C1.3").unwrap();
    assert!(bare.criteres.is_empty());
    assert!(!fiche.expired);
    assert!(Fiche::new(&c, date("2031-01-01")).expired);
}

#[test]
fn an_expired_registration_is_announced_first() {
    let c = example();
    let lines = document(&c, date("2031-01-01"));
    assert_eq!(lines[2].kind, Kind::Warning);
    assert!(
        lines[2]
            .text
            .starts_with("⚠ Enregistrement expiré le 31/12/2030"),
        "{:?}",
        lines[2]
    );
    assert!(
        document(&c, date("2030-12-31"))
            .iter()
            .all(|l| l.kind != Kind::Warning)
    );
}

#[test]
fn control_characters_never_reach_the_output() {
    let mut c = example();
    c.title = "Titre\x1b[31m rouge\x07\r".to_string();
    let text = plain(&document(&c, date("2024-01-01")), false);
    assert!(text.contains("Titre[31m rouge\n"), "{text}");
    assert!(!text.chars().any(|ch| ch.is_control() && ch != '\n'));
}

#[test]
fn layout_wraps_and_hangs_list_items_at_any_width() {
    let c = example();
    let lines = document(&c, date("2024-01-01"));
    // Below 8 columns a bullet and its indent may overflow (the view
    // clips them); it must still not panic.
    for width in 0..8 {
        layout(&lines, width);
    }
    for width in 8..40 {
        for row in layout(&lines, width) {
            assert!(
                unicode_width::UnicodeWidthStr::width(row.text.as_str()) <= width.max(1)
                    || row.text.split_whitespace().count() == 1,
                "{width}: {row:?}"
            );
        }
    }
    let rows = layout(&lines, 30);
    let nested = rows
        .iter()
        .position(|r| r.text.contains("• un sommaire"))
        .unwrap();
    assert!(
        rows[nested].text.starts_with("    • "),
        "{:?}",
        rows[nested]
    );
    // A `- ` line inside a critère's text hangs under its dash.
    let inner = rows
        .iter()
        .position(|r| r.text.trim_start().starts_with("– "))
        .expect("a sub-item");
    let dash = rows[inner].text.find('–').unwrap();
    if rows[inner + 1].kind == rows[inner].kind
        && !rows[inner + 1].text.trim_start().starts_with(['–', '•'])
    {
        assert!(rows[inner + 1].text.len() - rows[inner + 1].text.trim_start().len() >= dash);
    }
}
