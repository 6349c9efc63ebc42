//! Référentiel: the certification tree, its parsing from RON text and its validation.
//!
//! Pure: takes text, returns data or errors with line:column. Reading files is
//! the store's job.

mod locate;
mod model;
mod validate;

pub use locate::{Position, Step, locate};
pub use model::*;
pub use validate::{Problem, validate};

use std::fmt;

/// `id` without the prefix its parent already shows: `A1.C3.CR3` under
/// `A1.C3` reads `CR3`. Ids that do not extend their parent's stay whole.
pub fn short_id<'a>(id: &'a str, parent: &str) -> &'a str {
    id.strip_prefix(parent)
        .and_then(|rest| rest.strip_prefix('.'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(id)
}

/// Why a référentiel text could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferentielError {
    /// The text is not valid RON for the schema.
    Syntax { position: Position, message: String },
    /// The text parses but breaks a rule of the schema.
    Invalid(Vec<Problem>),
}

impl ReferentielError {
    /// One line per problem, each prefixed with `origin:line:col:`.
    pub fn render(&self, origin: &str) -> String {
        match self {
            ReferentielError::Syntax { position, message } => {
                format!("{origin}:{position}: {message}")
            }
            ReferentielError::Invalid(problems) => {
                let mut lines: Vec<String> = problems
                    .iter()
                    .take(SHOWN_PROBLEMS)
                    .map(|p| match p.position {
                        Some(position) => format!("{origin}:{position}: {p}"),
                        None => format!("{origin}: {p}"),
                    })
                    .collect();
                if let Some(more) = problems
                    .len()
                    .checked_sub(SHOWN_PROBLEMS)
                    .filter(|n| *n > 0)
                {
                    lines.push(format!(
                        "{origin}: … et {} (corrigez les premiers, puis vérifiez à nouveau)",
                        crate::text::count(more, "autre problème", "autres problèmes")
                    ));
                }
                lines.join("\n")
            }
        }
    }
}

impl fmt::Display for ReferentielError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("<référentiel>"))
    }
}

impl std::error::Error for ReferentielError {}

fn ron_options() -> ron::Options {
    crate::ron_style::options()
}

/// Problems of a référentiel shown at most; the others are counted.
pub const SHOWN_PROBLEMS: usize = 100;

/// Parses and validates a référentiel. `expected_id` is the id the file name
/// implies, when there is a file.
pub fn parse(text: &str, expected_id: Option<&str>) -> Result<Certification, ReferentielError> {
    let certification: Certification = ron_options().from_str(text).map_err(|e| {
        let position = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        let mut message = explain_ron_error(&e.code);
        if e.code != ron::Error::Eof && only_blanks_after(text, position) {
            message = format!("le fichier s’arrête avant la fin (fichier tronqué ?) : {message}");
        }
        ReferentielError::Syntax { position, message }
    })?;
    let mut problems = validate(&certification, expected_id);
    if problems.is_empty() {
        return Ok(certification);
    }
    // Each is located by a walk of the file: only those shown.
    for problem in problems.iter_mut().take(SHOWN_PROBLEMS) {
        problem.position = locate(text, &problem.path);
        problem.earlier_position = problem.earlier.as_ref().and_then(|p| locate(text, p));
    }
    Err(ReferentielError::Invalid(problems))
}

/// Whether nothing but whitespace and comments follows `position`: the error
/// is then about a file cut short rather than a wrong character.
fn only_blanks_after(text: &str, position: Position) -> bool {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(position.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    let rest: String = rest.chars().skip(position.col.saturating_sub(1)).collect();
    rest.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with("//"))
}

/// Serializes a certification in the same shape as the bundled files.
pub fn to_ron(certification: &Certification) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_string())
        .struct_names(false);
    ron_options()
        .to_string_pretty(certification, config)
        .expect("a certification always serializes")
}

/// A plain French explanation of a RON error, saying what was expected.
pub(crate) fn explain_ron_error(error: &ron::Error) -> String {
    use ron::Error as E;
    let fix = "corrigez le fichier puis relancez `livret check`";
    match error {
        E::Eof => format!("le fichier s’arrête avant la fin (fichier tronqué ?) ; {fix}"),
        E::NoSuchStructField {
            expected, found, ..
        } => format!(
            "champ inconnu « {found} » ; champs possibles ici : {}",
            expected.join(", ")
        ),
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("champ obligatoire « {field} » absent dans {outer}"),
            None => format!("champ obligatoire « {field} » absent"),
        },
        E::DuplicateStructField { field, .. } => format!("champ « {field} » écrit deux fois"),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "valeur « {found} » inconnue ; valeurs possibles : {}",
            expected.join(", ")
        ),
        E::InvalidValueForType { expected, found } => {
            format!("valeur de mauvais type : attendu {expected}, trouvé {found}")
        }
        E::ExpectedString => "texte entre guillemets attendu".to_string(),
        E::ExpectedStringEnd => "guillemet fermant attendu".to_string(),
        E::ExpectedComma => "virgule attendue entre deux éléments".to_string(),
        E::ExpectedArray => "liste attendue : « [ »".to_string(),
        E::ExpectedArrayEnd => "fin de liste attendue : « ] »".to_string(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "structure attendue : « ( »".to_string()
        }
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => {
            "parenthèse fermante attendue : « ) »".to_string()
        }
        E::ExpectedInteger => "nombre entier attendu".to_string(),
        E::ExpectedBoolean => "booléen attendu : true ou false".to_string(),
        E::ExpectedIdentifier => "nom de champ attendu".to_string(),
        E::TrailingCharacters => "caractères en trop après la fin de la structure".to_string(),
        E::UnclosedBlockComment => "commentaire /* non fermé".to_string(),
        E::UnexpectedChar(c) => format!("caractère inattendu « {c} »"),
        other => format!("erreur de syntaxe RON : {other}"),
    }
}

/// A kebab-case id from a title: `DCG réforme 2019` → `dcg-reforme-2019`.
pub fn id_from_title(title: &str) -> String {
    let mut id = String::new();
    for c in crate::search::fold(title).text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            if id.len() >= 60 {
                break;
            }
            id.push('-');
        }
    }
    id.truncate(80);
    match id.trim_end_matches('-') {
        "" => "referentiel".to_string(),
        id => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn the_example_parses_and_validates() {
        let certification = parse(EXAMPLE, Some("exemple-minimal")).unwrap();
        assert_eq!(certification.blocs.len(), 2);
        assert_eq!(certification.code.as_deref(), Some("RNCP00000"));
    }

    /// A référentiel whose compétence has `n` critères all named `CR1`.
    fn duplicates(n: usize) -> String {
        let criteres = vec![r#"(id: "CR1", text: "x")"#; n].join(", ");
        format!(
            r#"(format_version: 1, id: "dup", title: "D", kind: Rncp,
    source: (file: "d.txt", note: "n"),
    blocs: [(id: "BC01", title: "B", competences: [(id: "C1", title: "C", criteres: [{criteres}])])])"#
        )
    }

    #[test]
    fn many_problems_show_the_first_hundred_and_count_the_rest() {
        let err = parse(&duplicates(1_000), None).unwrap_err();
        let rendered = err.render("d.ron");
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines.len(), SHOWN_PROBLEMS + 1, "{rendered}");
        assert!(lines[0].starts_with("d.ron:3:"), "{}", lines[0]);
        assert!(
            lines[0].contains("identifiant « CR1 » déjà utilisé"),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[SHOWN_PROBLEMS],
            "d.ron: … et 899 autres problèmes (corrigez les premiers, puis vérifiez à nouveau)"
        );
    }

    #[test]
    fn round_trip_keeps_everything() {
        let certification = parse(EXAMPLE, None).unwrap();
        let again = parse(&to_ron(&certification), None).unwrap();
        assert_eq!(certification, again);
    }

    #[test]
    fn unknown_field_is_located_and_lists_the_allowed_ones() {
        let text = EXAMPLE.replace("    summary:", "    sumary:");
        let err = parse(&text, None).unwrap_err();
        let rendered = err.render("f.ron");
        assert!(
            rendered.starts_with("f.ron:10:5: champ inconnu « sumary »"),
            "{rendered}"
        );
        assert!(rendered.contains("summary"), "{rendered}");
    }

    #[test]
    fn semantic_errors_are_located() {
        let text = EXAMPLE.replace("\"A1.C1.CR2\"", "\"A1.C1.CR1\"");
        let err = parse(&text, None).unwrap_err();
        assert_eq!(
            err.render("f.ron"),
            "f.ron:45:38: identifiant « A1.C1.CR1 » déjà utilisé (ligne 44) ; \
             chaque identifiant doit être unique dans la certification"
        );
    }
}
