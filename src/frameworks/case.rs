//! 1EdTech CASE 1.0 packages: a JSON object with the `CFDocument` (the
//! framework), its `CFItems` and the `CFAssociations` between them. Only
//! `isChildOf` builds the tree (origin: the child, destination: its parent,
//! the document for a root; `sequenceNumber` orders siblings); the other
//! types (`exactMatchOf`, `precedes`…) are counted and ignored.
//!
//! An item's title is its `fullStatement`, after its `abbreviatedStatement`
//! when that has other words; its `notes` are its description, its
//! `humanCodingScheme` its code. Items without a parent become roots.

use std::collections::{BTreeMap, HashMap};

use super::ReadError;
use super::html::plain;
use super::json::{At, Misfit, parse};
use super::link::{Flat, Orphans, link};
use super::tree::{Node, Tree, short, titled};

/// Reads a CASE package (BOM already removed).
pub(super) fn read(text: &str) -> Result<Tree, ReadError> {
    let value = parse(text)?;
    package(&At::root(&value)).map_err(|misfit| misfit.locate(text))
}

fn package(root: &At<'_>) -> Result<Tree, Misfit> {
    let document = root.field("CFDocument")?;
    let document_id = document.field("identifier")?.code()?;
    let mut flat = root
        .field("CFItems")?
        .items()?
        .iter()
        .map(item)
        .collect::<Result<Vec<_>, _>>()?;
    let mut warnings = Vec::new();
    match root.opt("CFAssociations")? {
        Some(list) => associate(&list.items()?, &document_id, &mut flat, &mut warnings)?,
        None if !flat.is_empty() => {
            warnings.push(
                "le paquet n’a pas de CFAssociations : tous les éléments sont au premier niveau"
                    .into(),
            );
        }
        None => {}
    }
    let roots = link(flat, Orphans::Top, &mut warnings);
    let description = [document.text("description")?, document.text("notes")?];
    let description: Vec<String> = description
        .iter()
        .map(|d| plain(d))
        .filter(|d| !d.is_empty())
        .collect();
    Ok(Tree {
        title: plain(&document.field("title")?.string()?),
        description: description.join("\n\n"),
        certifier: Some(plain(&document.text("publisher")?)).filter(|p| !p.is_empty()),
        roots,
        source: "d’un paquet CASE 1.0 de 1EdTech (CFDocument, CFItems et leurs associations \
                 isChildOf)"
            .to_string(),
        codes: "humanCodingScheme",
        warnings,
        ..Tree::default()
    })
}

fn item(item: &At<'_>) -> Result<Flat, Misfit> {
    let identifier = item.field("identifier")?.code()?;
    let title = titled(
        &item.text("abbreviatedStatement")?,
        &item.field("fullStatement")?.string()?,
    );
    let code = plain(&item.text("humanCodingScheme")?);
    let name = if code.is_empty() { &title } else { &code };
    Ok(Flat {
        place: format!("{} (« {} »)", item.path, short(name)),
        node: Node {
            code: (!code.is_empty()).then_some(code),
            title,
            description: plain(&item.text("notes")?),
            children: Vec::new(),
        },
        key: Some(identifier),
        ..Flat::default()
    })
}

/// One `isChildOf` association: the child, its parent, its rank.
struct ChildOf {
    child: String,
    parent: String,
    rank: Option<i64>,
}

fn child_of(association: &At<'_>) -> Result<Option<ChildOf>, Misfit> {
    let kind = association.field("associationType")?.string()?;
    if kind != "isChildOf" {
        return Ok(None);
    }
    let end = |key: &str| -> Result<String, Misfit> {
        association.field(key)?.field("identifier")?.code()
    };
    let rank = association
        .opt("sequenceNumber")?
        .map(|s| s.code())
        .transpose()?;
    Ok(Some(ChildOf {
        child: end("originNodeURI")?,
        parent: end("destinationNodeURI")?,
        rank: rank.and_then(|r| r.parse().ok()),
    }))
}

/// Sets each item's parent from the `isChildOf` associations and reports
/// the rest: other types, unknown children, second parents, no parent.
fn associate(
    associations: &[At<'_>],
    document: &str,
    flat: &mut [Flat],
    warnings: &mut Vec<String>,
) -> Result<(), Misfit> {
    let index: HashMap<String, usize> = flat
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((f.key.clone()?, i)))
        .rev()
        .collect();
    let mut linked = vec![false; flat.len()];
    let mut others: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown = 0;
    for association in associations {
        let Some(link) = child_of(association)? else {
            let kind = association.field("associationType")?.string()?;
            *others.entry(kind).or_default() += 1;
            continue;
        };
        let Some(&i) = index.get(&link.child) else {
            unknown += 1;
            continue;
        };
        if linked[i] {
            warnings.push(format!(
                "{} : plusieurs parents (isChildOf) ; seul le premier est gardé",
                flat[i].place
            ));
            continue;
        }
        linked[i] = true;
        flat[i].rank = link.rank;
        flat[i].parent = (link.parent != document).then_some(link.parent);
    }
    for (f, _) in flat.iter().zip(&linked).filter(|(_, linked)| !**linked) {
        warnings.push(format!(
            "{} : aucun parent (pas d’association isChildOf) ; placement au premier niveau",
            f.place
        ));
    }
    if unknown > 0 {
        warnings.push(format!(
            "associations isChildOf ignorées, leur enfant n’étant pas dans le paquet : {unknown}"
        ));
    }
    let total: usize = others.values().sum();
    let detail: Vec<String> = others.iter().map(|(k, n)| format!("{k} : {n}")).collect();
    match total {
        0 => {}
        1 => warnings.push(format!(
            "1 association d’un autre type ignorée ({})",
            detail.join("")
        )),
        _ => warnings.push(format!(
            "{total} associations d’autres types ignorées ({})",
            detail.join(", ")
        )),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ReadError, read as import};
    use crate::referentiel::validate;

    fn package(associations: &str) -> String {
        format!(
            r#"{{"CFDocument": {{"identifier": "doc", "title": "Cadre", "description": "Résumé"}},
  "CFItems": [
    {{"identifier": "b", "fullStatement": "Enfant", "humanCodingScheme": "A.1", "notes": "Note"}},
    {{"identifier": "a", "fullStatement": "Racine", "humanCodingScheme": "A"}},
    {{"identifier": "c", "fullStatement": "Feuille", "abbreviatedStatement": "Court"}},
    {{"identifier": "d", "fullStatement": "Sans parent"}}
  ],
  "CFAssociations": [{associations}]}}"#
        )
    }

    fn association(kind: &str, child: &str, parent: &str) -> String {
        format!(
            r#"{{"associationType": "{kind}", "originNodeURI": {{"identifier": "{child}"}},
            "destinationNodeURI": {{"identifier": "{parent}"}}}}"#
        )
    }

    #[test]
    fn is_child_of_builds_the_tree_and_the_rest_is_counted() {
        let associations = [
            association("isChildOf", "a", "doc"),
            association("isChildOf", "b", "a"),
            association("isChildOf", "c", "b"),
            association("exactMatchOf", "c", "x"),
            association("precedes", "a", "b"),
            association("precedes", "b", "c"),
            association("isChildOf", "zz", "a"),
        ];
        let imported = import(Format::Case, &package(&associations.join(",")), "p.json").unwrap();
        let c = &imported.certification;
        assert!(validate(c, None).is_empty(), "{:?}", validate(c, None));
        assert_eq!((c.title.as_str(), c.summary.as_str()), ("Cadre", "Résumé"));
        assert_eq!(c.blocs[0].id, "A");
        let competence = &c.blocs[0].competences[0];
        assert_eq!(
            (competence.id.as_str(), competence.conditions.as_str()),
            ("A.1", "Note")
        );
        assert_eq!(competence.criteres[0].text, "Court — Feuille");
        assert_eq!(competence.criteres[0].id, "A.1.CR01");
        assert_eq!(c.blocs[1].title, "Sans parent");
        let warnings = imported.report.warnings.join("\n");
        for expected in [
            "3 associations d’autres types ignorées (exactMatchOf : 1, precedes : 2)",
            "CFItems[3] (« Sans parent ») : aucun parent (pas d’association isChildOf) ; placement au premier niveau",
            "associations isChildOf ignorées, leur enfant n’étant pas dans le paquet : 1",
        ] {
            assert!(warnings.contains(expected), "{expected}\nin\n{warnings}");
        }
    }

    #[test]
    fn wrong_types_and_truncation_are_located() {
        let bad = package(&association("isChildOf", "a", "doc")).replace("\"Racine\"", "[1]");
        let error = import(Format::Case, &bad, "p").unwrap_err();
        assert_eq!(
            error.to_string(),
            "CFItems[1].fullStatement (ligne 4, colonne 42) : une chaîne est attendue ici, pas une liste [ … ]"
        );
        let text = package("");
        match import(Format::Case, &text[..text.len() - 3], "p").unwrap_err() {
            ReadError::JsonSyntax { line, .. } => assert_eq!(line, 8),
            other => panic!("{other:?}"),
        }
        let error = import(
            Format::Case,
            r#"{"CFDocument": {"identifier": "d", "title": "T"}, "CFItems": []}"#,
            "p",
        )
        .unwrap_err();
        assert!(matches!(error, ReadError::Empty(_)), "{error:?}");
    }
}
