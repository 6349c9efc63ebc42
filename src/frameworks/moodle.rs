//! Moodle competency frameworks: the CSV the `tool_lpimportcsv` plugin
//! exports and imports, with its header in English (`"Parent ID number",
//! "ID number",Shortname,…`) or in the French locale (`ID de la compétence
//! parente;ID;Nom abrégé;…`), comma, semicolon or tab separated.
//!
//! Columns are found by their header name. The row whose « Is framework »
//! is 1 is the framework itself; the others name their parent by its
//! `ID number` (none: top level). Descriptions are HTML unless their
//! format says plain text (2). Rows are listed depth first, so a row whose
//! parent is absent, itself, or in a loop goes under the top-level element
//! being listed where it appears (see [`super::tree::link`]).

use csv::StringRecord;

use super::ReadError;
use super::html::{one_line, plain, to_text};
use super::link::{Flat, Orphans, link};
use super::tree::{Node, Tree, short};

/// A column's names: English, then French.
struct Names(&'static str, &'static str);

const PARENT: Names = Names("Parent ID number", "ID de la compétence parente");
const ID: Names = Names("ID number", "ID");
const SHORTNAME: Names = Names("Shortname", "Nom abrégé");
const DESCRIPTION: Names = Names("Description", "Description");
const FORMAT: Names = Names("Description format", "Format de description");
const FRAMEWORK: Names = Names("Is framework", "Est un référentiel");

/// Lowercase, typographic apostrophes plain, trimmed.
fn normal(name: &str) -> String {
    name.trim().to_lowercase().replace('’', "'")
}

/// Whether `line` is the header of a Moodle framework CSV.
pub(super) fn is_header(line: &str) -> bool {
    let line = normal(line);
    let has = |names: &Names| line.contains(&normal(names.0)) || line.contains(&normal(names.1));
    has(&PARENT) && has(&SHORTNAME)
}

/// The separator of the header line: the most frequent of `;`, `,`, tab.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (line.bytes().filter(|&b| b == d).count(), d == b','))
        .unwrap_or(b',')
}

struct Columns {
    parent: usize,
    id: usize,
    shortname: usize,
    description: Option<usize>,
    format: Option<usize>,
    framework: Option<usize>,
    names: Vec<String>,
}

impl Columns {
    fn new(header: &StringRecord) -> Result<Self, ReadError> {
        let names: Vec<String> = header.iter().map(|n| n.trim().to_string()).collect();
        let french = names.iter().any(|n| normal(n) == normal(SHORTNAME.1));
        let find = |names_of: &Names| {
            names
                .iter()
                .position(|n| normal(n) == normal(names_of.0) || normal(n) == normal(names_of.1))
        };
        let required = |names_of: &Names| {
            find(names_of).ok_or_else(|| ReadError::Csv {
                line: 1,
                column: Some(if french { names_of.1 } else { names_of.0 }.to_string()),
                message: format!(
                    "colonne absente de l’en-tête ; un référentiel Moodle a au moins « {} », « {} » \
                     et « {} »",
                    pick(&PARENT, french),
                    pick(&ID, french),
                    pick(&SHORTNAME, french)
                ),
            })
        };
        Ok(Columns {
            parent: required(&PARENT)?,
            id: required(&ID)?,
            shortname: required(&SHORTNAME)?,
            description: find(&DESCRIPTION),
            format: find(&FORMAT),
            framework: find(&FRAMEWORK),
            names,
        })
    }

    fn get<'r>(&self, record: &'r StringRecord, column: Option<usize>) -> &'r str {
        column.and_then(|c| record.get(c)).unwrap_or_default()
    }
}

fn pick(names: &Names, french: bool) -> &'static str {
    if french { names.1 } else { names.0 }
}

/// One data row, read.
struct Row {
    line: u64,
    parent: String,
    id: String,
    node: Node,
    framework: bool,
}

fn row(columns: &Columns, record: &StringRecord, line: u64) -> Result<Row, ReadError> {
    let count = columns.names.len();
    if record.len() != count {
        return Err(ReadError::Csv {
            line,
            column: columns.names.get(record.len()).cloned(),
            message: format!(
                "{} champs au lieu des {count} de l’en-tête ; vérifiez les guillemets et les \
                 séparateurs de cette ligne",
                record.len()
            ),
        });
    }
    let field = |c: usize| columns.get(record, Some(c)).trim().to_string();
    let description = columns.get(record, columns.description);
    let description = match columns.get(record, columns.format).trim() {
        "2" => plain(description),
        _ => to_text(description),
    };
    let id = field(columns.id);
    Ok(Row {
        line,
        parent: field(columns.parent),
        node: Node {
            code: (!id.is_empty()).then(|| id.clone()),
            title: one_line(columns.get(record, Some(columns.shortname))),
            description,
            children: Vec::new(),
        },
        id,
        framework: columns.get(record, columns.framework).trim() == "1",
    })
}

/// Line numbers of records, counted as the reader moves on: the csv
/// crate's own count misses line breaks inside quoted fields.
struct Lines<'a> {
    bytes: &'a [u8],
    byte: usize,
    line: u64,
}

impl Lines<'_> {
    /// The 1-based line where the record at `position` starts.
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let mut byte = position.map_or(0, |p| p.byte()) as usize;
        // The position may point at the end of the line before (`\n` of `\r\n`).
        while matches!(self.bytes.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        let between = self.bytes.get(self.byte..byte).unwrap_or_default();
        self.line += between.iter().filter(|&&b| b == b'\n').count() as u64;
        self.byte = byte;
        self.line
    }

    fn unreadable(&mut self, error: csv::Error) -> ReadError {
        ReadError::Csv {
            line: self.at(error.position()),
            column: None,
            message: format!("CSV illisible : {error}"),
        }
    }
}

fn rows(text: &str) -> Result<Vec<Row>, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Lines {
        bytes: text.as_bytes(),
        byte: 0,
        line: 1,
    };
    let mut records = reader.records();
    let header = match records.next() {
        Some(header) => header.map_err(|e| lines.unreadable(e))?,
        None => return Ok(Vec::new()),
    };
    let columns = Columns::new(&header)?;
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| lines.unreadable(e))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = lines.at(record.position());
        rows.push(row(&columns, &record, line)?);
    }
    Ok(rows)
}

/// Reads a Moodle framework CSV (BOM already removed).
pub(super) fn read(text: &str) -> Result<Tree, ReadError> {
    let mut tree = Tree {
        source: "d’un référentiel de compétences Moodle (CSV de l’outil tool_lpimportcsv ; \
                 descriptions HTML converties en texte)"
            .to_string(),
        codes: "ID number",
        ..Tree::default()
    };
    let mut framework_id = None;
    let mut flat = Vec::new();
    for row in rows(text)? {
        let place = format!("ligne {} (« {} »)", row.line, short(&row.node.title));
        if row.framework && framework_id.is_none() {
            tree.title = row.node.title;
            tree.description = row.node.description;
            tree.code = row.node.code;
            framework_id = Some(row.id);
            continue;
        }
        if row.framework {
            tree.warnings.push(format!(
                "{place} : une autre ligne est déjà le référentiel ; celle-ci est gardée comme \
                 élément ordinaire"
            ));
        }
        let top = row.parent.is_empty() || Some(&row.parent) == framework_id.as_ref();
        flat.push(Flat {
            node: row.node,
            key: (!row.id.is_empty()).then_some(row.id),
            parent: (!top).then_some(row.parent),
            place,
            ..Flat::default()
        });
    }
    tree.roots = link(flat, Orphans::WhereTheyAppear, &mut tree.warnings);
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ReadError, read as import};
    use crate::referentiel::validate;

    const EN: &str = "\"Parent ID number\",\"ID number\",Shortname,Description,\"Description format\",\"Is framework\"\n";
    const FR: &str = "ID de la compétence parente;ID;Nom abrégé;Description;Format de description;Est un référentiel\r\n";

    fn ok(text: &str) -> super::super::Imported {
        let imported = import(Format::Moodle, text, "essai.csv").unwrap();
        let problems = validate(&imported.certification, None);
        assert!(problems.is_empty(), "{problems:?}");
        imported
    }

    #[test]
    fn levels_become_blocs_competences_groups_and_criteres() {
        let text = format!(
            "{EN},F,Référentiel,\"<p>Le r&eacute;sum&eacute;</p>\",1,1\n\
             ,A,Axe A,,1,0\n\
             A,A1,Compétence,<p>Contexte</p>,1,0\n\
             A1,A1.1,Partie,\"<ul><li>un</li><li>deux</li></ul>\",1,0\n\
             A1.1,A1.1.1,Critère,,1,0\n\
             A1,A1.2,Critère direct,,1,0\n\
             A,A2,Sans enfant,<b>x</b> &lt; y,2,0\n"
        );
        let imported = ok(&text);
        let c = &imported.certification;
        assert_eq!(
            (c.title.as_str(), c.summary.as_str()),
            ("Référentiel", "Le résumé")
        );
        assert_eq!(c.id, "referentiel");
        let bloc = &c.blocs[0];
        assert_eq!((bloc.id.as_str(), bloc.competences.len()), ("A", 2));
        let competence = &bloc.competences[0];
        assert_eq!(competence.conditions, "Contexte\n\nPartie :\n- un\n- deux");
        let criteres: Vec<_> = competence
            .criteres
            .iter()
            .map(|k| (k.id.as_str(), k.text.as_str(), k.group.as_deref()))
            .collect();
        assert_eq!(
            criteres,
            [
                ("A1.1.1", "Critère", Some("Partie")),
                ("A1.2", "Critère direct", None)
            ]
        );
        assert_eq!(
            bloc.competences[1].conditions, "<b>x</b> &lt; y",
            "plain format"
        );
        let r = &imported.report;
        assert_eq!((r.blocs, r.competences, r.criteres, r.groups), (1, 2, 2, 1));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn french_header_semicolons_bom_and_crlf() {
        let text =
            format!("\u{feff}{FR};F;Réf;;1;1\r\n;A;Axe;;1;\r\nA;A1;\"Dire; écrire\";;1;\r\n");
        let c = ok(&text).certification;
        assert_eq!(c.blocs[0].competences[0].title, "Dire; écrire");
        assert_eq!(c.blocs[0].competences[0].id, "A1");
    }

    #[test]
    fn self_parents_loops_and_absent_parents_are_kept_and_reported() {
        let text = format!(
            "{EN},F,Réf,,1,1\n\
             ,A,Axe,,1,\n\
             A,D,Double,,1,\n\
             D,D,Moi-même,,1,\n\
             X,L,Boucle un,,1,\n\
             L,X,Boucle deux,,1,\n\
             ZZ,O,Orpheline,,1,\n\
             S,S,Seule,,1,\n"
        );
        let imported = ok(&text);
        let warnings = imported.report.warnings.join("\n");
        for expected in [
            "ligne 5 (« Moi-même ») : se désigne comme son propre parent (« D ») ; rattachement à \
             l’autre élément de ce code, ligne 4 (« Double »)",
            "boucle de parents : ligne 6 (« Boucle un ») → ligne 7 (« Boucle deux ») → ligne 6",
            "ligne 8 (« Orpheline ») : parent « ZZ » absent du fichier ; rattachement à ligne 3 \
             (« Axe »)",
            "ligne 9 (« Seule ») : se désigne comme son propre parent (« S ») ; rattachement à",
        ] {
            assert!(warnings.contains(expected), "{expected}\nin\n{warnings}");
        }
        let c = &imported.certification;
        let texts: Vec<&str> = c.units().map(|u| u.text).collect();
        for title in ["Moi-même", "Boucle deux", "Orpheline", "Seule"] {
            assert!(texts.contains(&title), "{title} kept: {texts:?}");
        }
        assert!(c.competences().any(|k| k.title == "Boucle un"));
        assert_eq!(c.blocs.len(), 1, "all where they appear, under Axe");
    }

    #[test]
    fn a_missing_column_and_a_ragged_row_are_located() {
        let error =
            import(Format::Moodle, "\"Parent ID number\",Shortname\n,a\n", "x").unwrap_err();
        assert_eq!(
            error,
            ReadError::Csv {
                line: 1,
                column: Some("ID number".into()),
                message:
                    "colonne absente de l’en-tête ; un référentiel Moodle a au moins « Parent \
                          ID number », « ID number » et « Shortname »"
                        .into()
            }
        );
        let text = format!("{FR};A;Axe;\"deux\nlignes\";1;\r\nA;B;court\r\n");
        let error = import(Format::Moodle, &text, "x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "ligne 4, colonne « Description » : 3 champs au lieu des 6 de l’en-tête ; vérifiez \
             les guillemets et les séparateurs de cette ligne"
        );
    }

    #[test]
    fn a_framework_without_competency_is_refused() {
        let error = import(Format::Moodle, &format!("{EN},F,Vide,,1,1\n"), "x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "le référentiel « Vide » ne contient aucune compétence : il n’y a rien à importer"
        );
        let error = import(Format::Moodle, EN, "x").unwrap_err();
        assert!(matches!(error, ReadError::Empty(_)), "{error:?}");
    }

    #[test]
    fn without_framework_row_the_file_name_titles_it() {
        let imported = import(
            Format::Moodle,
            &format!("{EN},A,Axe,,1,\n,B,Autre,,1,\n"),
            "dir/Mon réf.csv",
        )
        .unwrap();
        assert_eq!(imported.certification.title, "Mon réf");
        assert_eq!(imported.certification.id, "mon-ref");
        assert!(imported.report.warnings[0].contains("tiré du nom du fichier"));
    }
}
