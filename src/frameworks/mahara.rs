//! Mahara SmartEvidence frameworks (`.matrix`): a JSON object whose
//! `framework` has a `name`, a `description` (basic HTML allowed), its
//! `standards` and their `standardelements`. An element belongs to the
//! standard its `standardid` names and hangs under the element its
//! `parentelementid` names, if any; elements listed inside a standard
//! (`standards[i].standardelements` or `.elements`) are read too.
//!
//! The framework is the certification, standards are the roots (blocs),
//! elements below them. A title is the element's `name`, after its
//! `shortname` when the short name has words the name lacks.

use super::json::{At, Misfit, parse};
use super::link::{Flat, Orphans, link};
use super::tree::{Node, Tree, short, titled};
use super::{ReadError, html};

/// Reads a Mahara framework (BOM already removed).
pub(super) fn read(text: &str) -> Result<Tree, ReadError> {
    let value = parse(text)?;
    framework(&At::root(&value)).map_err(|misfit| misfit.locate(text))
}

fn framework(root: &At<'_>) -> Result<Tree, Misfit> {
    let framework = root.field("framework")?;
    let mut flat = Vec::new();
    for standard in framework.field("standards")?.items()? {
        let (entry, id) = self::standard(&standard)?;
        flat.push(entry);
        for key in ["standardelements", "elements"] {
            if let Some(list) = standard.opt(key)? {
                for element in list.items()? {
                    flat.push(self::element(&element, Some(&id))?);
                }
            }
        }
    }
    if let Some(list) = framework.opt("standardelements")? {
        for element in list.items()? {
            flat.push(self::element(&element, None)?);
        }
    }
    let mut warnings = Vec::new();
    let roots = link(flat, Orphans::Top, &mut warnings);
    Ok(Tree {
        title: html::one_line(&framework.field("name")?.string()?),
        description: html::to_text(&framework.text("description")?),
        roots,
        source: "d’un référentiel Mahara SmartEvidence (.matrix ; descriptions HTML converties en \
                 texte ; nom abrégé repris devant le nom quand il dit autre chose)"
            .to_string(),
        codes: "elementid",
        warnings,
        ..Tree::default()
    })
}

fn standard_key(id: &str) -> String {
    format!("standardid {id}")
}

fn standard(standard: &At<'_>) -> Result<(Flat, String), Misfit> {
    let id = standard.field("standardid")?.code()?;
    let title = titled(
        &standard.field("shortname")?.string()?,
        &standard.text("name")?,
    );
    let entry = Flat {
        place: format!("{} (« {} »)", standard.path, short(&title)),
        node: Node {
            code: None,
            title,
            description: html::to_text(&standard.text("description")?),
            children: Vec::new(),
        },
        key: Some(standard_key(&id)),
        ..Flat::default()
    };
    Ok((entry, id))
}

fn element(element: &At<'_>, standard: Option<&str>) -> Result<Flat, Misfit> {
    let standard = match standard {
        Some(id) => id.to_string(),
        None => element.field("standardid")?.code()?,
    };
    let code = element.opt("elementid")?.map(|e| e.code()).transpose()?;
    let code = code.filter(|c| !c.is_empty());
    let parent = element
        .opt("parentelementid")?
        .map(|p| p.code())
        .transpose()?;
    let parent = parent.filter(|p| !p.is_empty() && p != "0");
    let title = titled(
        &element.field("shortname")?.string()?,
        &element.text("name")?,
    );
    Ok(Flat {
        place: format!("{} (« {} »)", element.path, short(&title)),
        node: Node {
            code: code.clone(),
            title,
            description: html::to_text(&element.text("description")?),
            children: Vec::new(),
        },
        key: code.map(|c| format!("elementid {c}")),
        fallback: parent.is_some().then(|| standard_key(&standard)),
        parent: Some(match parent {
            Some(p) => format!("elementid {p}"),
            None => standard_key(&standard),
        }),
        rank: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ReadError, read as import};
    use crate::referentiel::validate;

    const FRAMEWORK: &str = r#"{"framework": {"name": "Réf", "description": "<p>Le <b>résumé</b></p>",
      "standards": [
        {"shortname": "S1", "name": "Premier", "description": "", "standardid": 1},
        {"shortname": "2", "name": "2 - Second", "standardid": "2"}
      ],
      "standardelements": [
        {"shortname": "1.1", "name": "1.1 - Un", "description": "d", "standardid": 1, "elementid": "1.1"},
        {"shortname": "1.1.1", "name": "1.1.1 - Sous", "standardid": 1, "elementid": "1.1.1", "parentelementid": "1.1"},
        {"shortname": "1.2", "name": "1.2 - Perdu", "standardid": 1, "elementid": "1.2", "parentelementid": "9.9"},
        {"shortname": "x", "name": "Ailleurs", "standardid": 7, "elementid": 3}
      ]}}"#;

    #[test]
    fn standards_become_blocs_and_elements_competences() {
        let imported = import(Format::Mahara, FRAMEWORK, "a.matrix").unwrap();
        let c = &imported.certification;
        assert!(validate(c, None).is_empty(), "{:?}", validate(c, None));
        assert_eq!((c.title.as_str(), c.summary.as_str()), ("Réf", "Le résumé"));
        let titles: Vec<&str> = c.blocs.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(titles, ["S1 — Premier", "2 - Second", "x — Ailleurs"]);
        let first = &c.blocs[0];
        assert_eq!(first.competences[0].id, "1.1");
        assert_eq!(first.competences[0].conditions, "d");
        assert_eq!(first.competences[0].criteres[0].text, "1.1.1 - Sous");
        assert_eq!(first.competences[1].title, "1.2 - Perdu");
        let r = &imported.report;
        assert_eq!((r.blocs, r.competences, r.criteres), (3, 4, 1));
        let warnings = r.warnings.join("\n");
        assert!(
            warnings.contains(
                "framework.standardelements[2] (« 1.2 - Perdu ») : parent « elementid 9.9 » \
                 absent du fichier ; rattachement à framework.standards[0]"
            ),
            "{warnings}"
        );
        assert!(
            warnings.contains(
                "parent « standardid 7 » absent du fichier ; placement au premier niveau"
            ),
            "{warnings}"
        );
    }

    #[test]
    fn wrong_types_and_missing_fields_give_their_path() {
        let text = FRAMEWORK.replace("\"shortname\": \"1.1.1\"", "\"shortname\": 111");
        let error = import(Format::Mahara, &text, "a").unwrap_err();
        assert_eq!(
            error.to_string(),
            "framework.standardelements[1].shortname (ligne 8, colonne 23) : une chaîne est \
             attendue ici, pas un nombre"
        );
        let text = FRAMEWORK.replace("\"standardid\": \"2\"", "\"id\": 2");
        let error = import(Format::Mahara, &text, "a").unwrap_err();
        assert!(
            error.to_string().starts_with(
                "framework.standards[1] (ligne 4, colonne 9) : champ « standardid » absent"
            ),
            "{error}"
        );
        let error = import(Format::Mahara, r#"{"framework": {"name": "x"}}"#, "a").unwrap_err();
        assert!(
            error.to_string().contains("« standards » absent"),
            "{error}"
        );
    }

    #[test]
    fn truncated_json_says_line_and_column() {
        let text = &FRAMEWORK[..200];
        match import(Format::Mahara, text, "a").unwrap_err() {
            ReadError::JsonSyntax { line, column, .. } => assert_eq!((line, column), (4, 20)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_standard_is_an_empty_framework() {
        let text = r#"{"framework": {"name": "Vide", "standards": []}}"#;
        let error = import(Format::Mahara, text, "a").unwrap_err();
        assert!(matches!(error, ReadError::Empty(_)), "{error:?}");
    }
}
