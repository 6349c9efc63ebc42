//! Rules a référentiel must follow beyond its syntax.

use std::collections::HashMap;
use std::fmt;

use super::locate::{Position, Step};
use super::model::{Bloc, Certification, Competence, FORMAT_VERSION};

/// One broken rule, with the path of the value at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<Step>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: &'static str,
    /// Where `path` starts in the text, once located.
    pub position: Option<Position>,
    /// For a duplicate: where the first use is.
    pub earlier: Option<Vec<Step>>,
    pub earlier_position: Option<Position>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(earlier) = self.earlier_position {
            write!(f, " (ligne {})", earlier.line)?;
        }
        write!(f, " ; {}", self.hint)
    }
}

struct Checker {
    problems: Vec<Problem>,
    ids: HashMap<String, Vec<Step>>,
}

impl Checker {
    fn problem(&mut self, path: Vec<Step>, message: String, hint: &'static str) {
        self.problems.push(Problem {
            path,
            message,
            hint,
            position: None,
            earlier: None,
            earlier_position: None,
        });
    }

    fn non_empty(&mut self, value: &str, path: Vec<Step>, what: &str) {
        if value.trim().is_empty() {
            self.problem(
                path,
                format!("{what} vide"),
                "écrivez le texte entre les guillemets",
            );
        }
    }

    /// Ids of blocs, activités, compétences and critères share one namespace:
    /// a search hit or a piece of evidence names a node by its id alone.
    fn id(&mut self, id: &str, path: Vec<Step>) {
        if id.trim().is_empty() {
            self.problem(
                path,
                "identifiant vide".to_string(),
                "donnez un identifiant court, par exemple « BC1 » ou « C1.2.CR3 »",
            );
            return;
        }
        if id.chars().any(char::is_whitespace) {
            self.problem(
                path.clone(),
                format!("identifiant « {id} » contenant un espace"),
                "un identifiant s’écrit sans espace, par exemple « C1.2.CR3 »",
            );
        }
        if let Some(earlier) = self.ids.get(id) {
            let earlier = earlier.clone();
            self.problems.push(Problem {
                path,
                message: format!("identifiant « {id} » déjà utilisé"),
                hint: "chaque identifiant doit être unique dans la certification",
                position: None,
                earlier: Some(earlier),
                earlier_position: None,
            });
        } else {
            self.ids.insert(id.to_string(), path);
        }
    }

    fn competence(&mut self, competence: &Competence, path: Vec<Step>) {
        let at = |steps: &[Step]| [path.as_slice(), steps].concat();
        self.id(&competence.id, at(&[Step::Field("id")]));
        self.non_empty(
            &competence.title,
            at(&[Step::Field("title")]),
            "titre de compétence",
        );
        if competence.criteres.is_empty() {
            self.problem(
                at(&[Step::Field("criteres")]),
                format!("la compétence « {} » n’a aucun critère", competence.id),
                "ajoutez au moins un critère d’évaluation",
            );
        }
        for (i, critere) in competence.criteres.iter().enumerate() {
            let critere_path = at(&[Step::Field("criteres"), Step::Index(i)]);
            let field = |name| [critere_path.as_slice(), &[Step::Field(name)]].concat();
            self.id(&critere.id, field("id"));
            self.non_empty(&critere.text, field("text"), "texte de critère");
        }
    }

    fn bloc(&mut self, bloc: &Bloc, path: Vec<Step>) {
        let at = |steps: &[Step]| [path.as_slice(), steps].concat();
        self.id(&bloc.id, at(&[Step::Field("id")]));
        self.non_empty(&bloc.title, at(&[Step::Field("title")]), "titre de bloc");
        for (i, modalite) in bloc.modalites.iter().enumerate() {
            self.non_empty(
                &modalite.title,
                at(&[
                    Step::Field("modalites"),
                    Step::Index(i),
                    Step::Field("title"),
                ]),
                "titre de modalité d’évaluation",
            );
        }
        let competences = bloc
            .activites
            .iter()
            .map(|a| a.competences.len())
            .sum::<usize>()
            + bloc.competences.len();
        if competences == 0 {
            self.problem(
                path.clone(),
                format!("le bloc « {} » n’a aucune compétence", bloc.id),
                "ajoutez au moins une compétence (dans « competences » ou dans une activité)",
            );
        }
        for (i, activite) in bloc.activites.iter().enumerate() {
            let activite_path = at(&[Step::Field("activites"), Step::Index(i)]);
            let field = |name| [activite_path.as_slice(), &[Step::Field(name)]].concat();
            self.id(&activite.id, field("id"));
            self.non_empty(&activite.title, field("title"), "titre d’activité");
            if activite.competences.is_empty() {
                self.problem(
                    field("competences"),
                    format!("l’activité « {} » n’a aucune compétence", activite.id),
                    "ajoutez au moins une compétence",
                );
            }
            for (j, competence) in activite.competences.iter().enumerate() {
                let competence_path = [
                    activite_path.as_slice(),
                    &[Step::Field("competences"), Step::Index(j)],
                ]
                .concat();
                self.competence(competence, competence_path);
            }
        }
        for (j, competence) in bloc.competences.iter().enumerate() {
            self.competence(
                competence,
                at(&[Step::Field("competences"), Step::Index(j)]),
            );
        }
    }
}

/// A kebab-case id: lowercase ASCII letters, digits and single dashes.
fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Every rule broken by `certification`, in document order. `expected_id` is
/// the id its file name implies.
pub fn validate(certification: &Certification, expected_id: Option<&str>) -> Vec<Problem> {
    let mut checker = Checker {
        problems: Vec::new(),
        ids: HashMap::new(),
    };
    if certification.format_version > FORMAT_VERSION {
        checker.problem(
            vec![Step::Field("format_version")],
            format!(
                "version de format {} plus récente que celle que ce livret connaît ({FORMAT_VERSION})",
                certification.format_version
            ),
            "mettez livret à jour pour lire ce fichier",
        );
    } else if certification.format_version == 0 {
        checker.problem(
            vec![Step::Field("format_version")],
            "version de format 0 inconnue".to_string(),
            "écrivez « format_version: 1 »",
        );
    }
    if !is_kebab_case(&certification.id) {
        checker.problem(
            vec![Step::Field("id")],
            format!(
                "identifiant de certification « {} » invalide",
                certification.id
            ),
            "utilisez des minuscules sans accent, des chiffres et des tirets, par exemple « rncp23675-commerce-international »",
        );
    } else if let Some(expected) = expected_id.filter(|e| *e != certification.id) {
        checker.problem(
            vec![Step::Field("id")],
            format!(
                "l’identifiant « {} » ne correspond pas au nom du fichier « {expected}.ron »",
                certification.id
            ),
            "renommez le fichier ou changez l’identifiant pour qu’ils soient égaux",
        );
    }
    checker.non_empty(
        &certification.title,
        vec![Step::Field("title")],
        "titre de certification",
    );
    if certification.blocs.is_empty() {
        checker.problem(
            vec![Step::Field("blocs")],
            "la certification n’a aucun bloc".to_string(),
            "ajoutez au moins un bloc de compétences",
        );
    }
    for (i, section) in certification.sections.iter().enumerate() {
        checker.non_empty(
            &section.title,
            vec![
                Step::Field("sections"),
                Step::Index(i),
                Step::Field("title"),
            ],
            "titre de section",
        );
    }
    for (i, bloc) in certification.blocs.iter().enumerate() {
        checker.bloc(bloc, vec![Step::Field("blocs"), Step::Index(i)]);
    }
    checker.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    fn example() -> Certification {
        parse(EXAMPLE, None).unwrap()
    }

    #[test]
    fn the_example_has_no_problem() {
        assert!(validate(&example(), Some("exemple-minimal")).is_empty());
    }

    #[test]
    fn a_critere_id_reused_in_another_bloc_is_a_duplicate() {
        let mut certification = example();
        certification.blocs[1].competences[0].criteres[0].id = "A1.C1.CR1".into();
        let problems = validate(&certification, None);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "identifiant « A1.C1.CR1 » déjà utilisé ; chaque identifiant doit être unique dans la certification"
        );
    }

    #[test]
    fn empty_texts_and_missing_children_are_reported() {
        let mut certification = example();
        certification.blocs[0].title = "  ".into();
        certification.blocs[1].competences[0].criteres.clear();
        let messages: Vec<String> = validate(&certification, None)
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(
            messages,
            [
                "titre de bloc vide",
                "la compétence « C2.1 » n’a aucun critère"
            ]
        );
    }

    #[test]
    fn a_bloc_without_competence_is_reported() {
        let mut certification = example();
        certification.blocs[1].competences.clear();
        let problems = validate(&certification, None);
        assert_eq!(
            problems[0].message,
            "le bloc « BC02 » n’a aucune compétence"
        );
    }

    #[test]
    fn the_id_must_match_the_file_name_and_be_kebab_case() {
        let certification = example();
        assert_eq!(validate(&certification, Some("autre")).len(), 1);
        let mut bad = example();
        bad.id = "Exemple Minimal".into();
        assert!(validate(&bad, None)[0].message.contains("invalide"));
    }

    #[test]
    fn newer_format_versions_are_refused() {
        let mut certification = example();
        certification.format_version = FORMAT_VERSION + 1;
        assert!(
            validate(&certification, None)[0]
                .hint
                .contains("mettez livret à jour")
        );
    }
}
