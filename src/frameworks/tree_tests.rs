use super::*;
use crate::frameworks::link::{Flat, Orphans, link};
use crate::referentiel::validate;

fn node(code: Option<&str>, title: &str, children: Vec<Node>) -> Node {
    Node {
        code: code.map(str::to_string),
        title: title.to_string(),
        description: String::new(),
        children,
    }
}

fn tree(title: &str, roots: Vec<Node>) -> Tree {
    Tree {
        title: title.to_string(),
        roots,
        source: "d’un essai".to_string(),
        codes: "code",
        ..Tree::default()
    }
}

#[test]
fn ids_come_from_unique_codes_else_from_the_position() {
    let roots = vec![
        node(Some("BC02"), "Premier", vec![node(Some("X"), "a", vec![])]),
        node(
            None,
            "Second",
            vec![node(Some("X"), "b", vec![]), node(Some("A 1"), "c", vec![])],
        ),
    ];
    let converted = convert(tree("Réf", roots), "f");
    let c = &converted.certification;
    assert!(validate(c, None).is_empty(), "{:?}", validate(c, None));
    let ids: Vec<&str> = c.competences().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["BC02.C01", "BC02-2.C01", "BC02-2.C02"]);
    assert_eq!(c.blocs[1].id, "BC02-2", "BC02 is a source code");
    let warnings = converted.warnings.join("\n");
    assert!(
        warnings.contains("codes portés par plusieurs éléments : « X »"),
        "{warnings}"
    );
    assert!(
        warnings.contains("codes inutilisables comme identifiants"),
        "{warnings}"
    );
}

#[test]
fn a_bloc_without_child_holds_one_competence_and_a_lone_root_is_the_framework() {
    let mut root = node(Some("R"), "Cadre", vec![node(None, "Vide", vec![])]);
    root.description = "Résumé".to_string();
    let converted = convert(tree("", vec![root]), "f");
    let c = &converted.certification;
    assert!(validate(c, None).is_empty(), "{:?}", validate(c, None));
    assert_eq!(
        (c.title.as_str(), c.summary.as_str(), c.id.as_str()),
        ("Cadre", "Résumé", "cadre")
    );
    assert_eq!(c.code.as_deref(), Some("R"));
    assert_eq!(c.blocs[0].competences[0].title, "Vide");
    assert_eq!(c.blocs[0].competences[0].id, "BC01.C01");
    assert_eq!(converted.warnings.len(), 2, "{:?}", converted.warnings);
}

#[test]
fn a_critere_text_is_its_title_then_its_description_unless_repeated() {
    let mut cut = node(None, "Fait ceci et...", vec![]);
    cut.description = "Fait ceci et cela.".to_string();
    let mut other = node(None, "Titre", vec![]);
    other.description = "Détail".to_string();
    let mut same = node(None, "Même", vec![]);
    same.description = " Même ".to_string();
    let root = node(None, "B", vec![node(None, "C", vec![cut, other, same])]);
    let c = convert(tree("R", vec![root]), "f").certification;
    let texts: Vec<&str> = c.criteres().map(|k| k.text.as_str()).collect();
    assert_eq!(texts, ["Fait ceci et cela.", "Titre\nDétail", "Même"]);
}

fn flat(key: &str, parent: Option<&str>) -> Flat {
    Flat {
        node: node(None, key, vec![]),
        key: Some(key.to_string()),
        parent: parent.map(str::to_string),
        place: format!("« {key} »"),
        ..Flat::default()
    }
}

fn depth(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| 1 + depth(&n.children))
        .max()
        .unwrap_or(0)
}

#[test]
fn deep_chains_are_raised_and_long_loops_abbreviated() {
    let chain: Vec<Flat> = (0..100)
        .map(|i| {
            flat(
                &i.to_string(),
                (i > 0).then(|| (i - 1).to_string()).as_deref(),
            )
        })
        .collect();
    let mut warnings = Vec::new();
    let roots = link(chain, Orphans::Top, &mut warnings);
    assert_eq!(depth(&roots), crate::frameworks::link::MAX_DEPTH + 1);
    assert_eq!(
        warnings,
        ["67 éléments à plus de 32 niveaux de profondeur : remontés au 32ᵉ niveau"]
    );
    let ring: Vec<Flat> = (0..6)
        .map(|i| flat(&i.to_string(), Some(&((i + 1) % 6).to_string())))
        .collect();
    let mut warnings = Vec::new();
    let roots = link(ring, Orphans::Top, &mut warnings);
    assert_eq!((roots.len(), depth(&roots)), (1, 6), "all kept");
    assert_eq!(
        warnings,
        [
            "« 0 » : boucle de parents : « 0 » → « 1 » → … → « 5 » (6 éléments) → « 0 » ; \
          placement au premier niveau"
        ]
    );
}

#[test]
fn siblings_follow_their_rank_then_the_file() {
    let mut items = vec![flat("a", None), flat("b", None), flat("c", None)];
    items[1].rank = Some(2);
    items[2].rank = Some(1);
    let titles: Vec<String> = link(items, Orphans::Top, &mut Vec::new())
        .into_iter()
        .map(|n| n.title)
        .collect();
    assert_eq!(titles, ["c", "b", "a"]);
}
