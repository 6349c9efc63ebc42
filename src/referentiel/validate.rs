//! Rules a référentiel must follow beyond its syntax.

use std::collections::HashMap;
use std::fmt;

use super::locate::{Position, Step};
use super::model::{Bloc, Certification, Competence, Critere, FORMAT_VERSION, Modalite};

mod coaching;

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
    /// Former ids met so far, checked against the current ones at the end.
    former: Vec<(String, Vec<Step>)>,
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
        self.former_ids(&competence.former_ids, at(&[Step::Field("former_ids")]));
        self.criteres(&competence.criteres, &path);
    }

    fn criteres(&mut self, criteres: &[Critere], path: &[Step]) {
        for (i, critere) in criteres.iter().enumerate() {
            let critere_path = [path, &[Step::Field("criteres"), Step::Index(i)]].concat();
            let field = |name| [critere_path.as_slice(), &[Step::Field(name)]].concat();
            self.id(&critere.id, field("id"));
            self.non_empty(&critere.text, field("text"), "texte de critère");
            self.former_ids(&critere.former_ids, field("former_ids"));
        }
    }

    /// Former ids are checked once every current id is known: see [`validate`].
    fn former_ids(&mut self, former: &[String], path: Vec<Step>) {
        for (i, id) in former.iter().enumerate() {
            self.former
                .push((id.clone(), [path.as_slice(), &[Step::Index(i)]].concat()));
        }
    }

    /// A modalité that carries critères hangs them in the tree under its id
    /// and must say which compétences of its bloc it covers.
    fn modalite(&mut self, bloc: &Bloc, modalite: &Modalite, path: Vec<Step>) {
        let at = |steps: &[Step]| [path.as_slice(), steps].concat();
        self.non_empty(
            &modalite.title,
            at(&[Step::Field("title")]),
            "titre de modalité d’évaluation",
        );
        match &modalite.id {
            // Only an evaluation with critères is a node: a plain modalité's
            // id may repeat the source's numbering from bloc to bloc.
            Some(id) if !modalite.criteres.is_empty() => self.id(id, at(&[Step::Field("id")])),
            Some(_) => {}
            None if !modalite.criteres.is_empty() => self.problem(
                path.clone(),
                format!(
                    "la modalité « {} » a des critères mais pas d’identifiant",
                    modalite.title
                ),
                "donnez-lui un identifiant, par exemple « BC2.E1 »",
            ),
            None => {}
        }
        if !modalite.criteres.is_empty() && modalite.covers.is_empty() {
            self.problem(
                at(&[Step::Field("covers")]),
                format!(
                    "la modalité « {} » a des critères mais ne dit pas quelles compétences elle évalue",
                    modalite.title
                ),
                "listez dans « covers » les identifiants des compétences du bloc qu’elle couvre",
            );
        }
        for (i, covered) in modalite.covers.iter().enumerate() {
            if !bloc.competences().any(|c| &c.id == covered) {
                self.problem(
                    at(&[Step::Field("covers"), Step::Index(i)]),
                    format!(
                        "« {covered} » n’est pas une compétence du bloc « {} »",
                        bloc.id
                    ),
                    "écrivez l’identifiant d’une compétence de ce bloc",
                );
            }
        }
        self.criteres(&modalite.criteres, &path);
    }

    fn bloc(&mut self, bloc: &Bloc, path: Vec<Step>) {
        let at = |steps: &[Step]| [path.as_slice(), steps].concat();
        self.id(&bloc.id, at(&[Step::Field("id")]));
        self.non_empty(&bloc.title, at(&[Step::Field("title")]), "titre de bloc");
        for (i, modalite) in bloc.modalites.iter().enumerate() {
            self.modalite(
                bloc,
                modalite,
                at(&[Step::Field("modalites"), Step::Index(i)]),
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
        former: Vec::new(),
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
            "écrivez « format_version: 2 »",
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
    if let Some(date) = &certification.valid_until
        && date.parse::<jiff::civil::Date>().is_err()
    {
        checker.problem(
            vec![Step::Field("valid_until")],
            format!("date de fin d’enregistrement « {date} » illisible"),
            "écrivez la date sous la forme AAAA-MM-JJ, par exemple « 2027-07-25 »",
        );
    }
    for (i, bloc) in certification.blocs.iter().enumerate() {
        checker.bloc(bloc, vec![Step::Field("blocs"), Step::Index(i)]);
    }
    checker.coaching(certification);
    let mut former_seen: HashMap<String, Vec<Step>> = HashMap::new();
    for (id, path) in std::mem::take(&mut checker.former) {
        if checker.ids.contains_key(&id) {
            checker.problem(
                path,
                format!("ancien identifiant « {id} » encore utilisé par un élément actuel"),
                "un ancien identifiant ne doit plus désigner aucun élément ; retirez-le de « former_ids »",
            );
        } else if let Some(earlier) = former_seen.get(&id) {
            let earlier = earlier.clone();
            checker.problems.push(Problem {
                path,
                message: format!("ancien identifiant « {id} » attribué deux fois"),
                hint: "un ancien identifiant mène à un seul élément actuel",
                position: None,
                earlier: Some(earlier),
                earlier_position: None,
            });
        } else {
            former_seen.insert(id, path);
        }
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
    fn empty_texts_are_reported_and_a_competence_may_have_no_critere() {
        let mut certification = example();
        certification.blocs[0].title = "  ".into();
        certification.blocs[1].competences[0].criteres.clear();
        let messages: Vec<String> = validate(&certification, None)
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(messages, ["titre de bloc vide"]);
    }

    fn shared(certification: &mut Certification) -> &mut Modalite {
        let bloc = &mut certification.blocs[1];
        bloc.modalites.push(Modalite {
            id: Some("BC02.E9".into()),
            title: "Étude de cas".into(),
            text: String::new(),
            duration: None,
            deliverables: Vec::new(),
            requirements: Vec::new(),
            covers: vec!["C2.1".into()],
            criteres: vec![Critere {
                id: "BC02.E9.CR1".into(),
                text: "Le cas est résolu.".into(),
                group: None,
                former_ids: Vec::new(),
            }],
        });
        bloc.modalites.last_mut().unwrap()
    }

    #[test]
    fn an_evaluation_with_critères_needs_an_id_and_covers_competences_of_its_bloc() {
        let mut certification = example();
        shared(&mut certification);
        assert!(validate(&certification, None).is_empty());
        let modalite = shared(&mut certification);
        modalite.id = None;
        modalite.covers = vec!["A1.C1".into()];
        modalite.criteres[0].id = "BC02.E8.CR1".into();
        let messages: Vec<String> = validate(&certification, None)
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(
            messages,
            [
                "la modalité « Étude de cas » a des critères mais pas d’identifiant",
                "« A1.C1 » n’est pas une compétence du bloc « BC02 »"
            ]
        );
    }

    #[test]
    fn former_ids_must_not_name_a_current_node_nor_two_nodes() {
        let mut certification = example();
        certification.blocs[1].competences[0].criteres[0].former_ids = vec!["A1.C1.CR1".into()];
        certification.blocs[1].competences[0].former_ids = vec!["OLD".into()];
        certification.blocs[0].activites[0].competences[0].former_ids = vec!["OLD".into()];
        let messages: Vec<String> = validate(&certification, None)
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("« A1.C1.CR1 » encore utilisé"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("« OLD » attribué deux fois"))
        );
    }

    #[test]
    fn valid_until_must_be_a_date() {
        let mut certification = example();
        certification.valid_until = Some("2020-07-25".into());
        assert!(validate(&certification, None).is_empty());
        certification.valid_until = Some("25 juillet 2020".into());
        assert!(
            validate(&certification, None)[0]
                .message
                .contains("illisible")
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

    #[test]
    fn writing_help_must_name_nodes_and_ask_for_words() {
        let mut certification = example();
        certification.writing.target_words = Some(0);
        certification
            .writing
            .prompts
            .insert("A1.C1".into(), vec!["Le contexte".into()]);
        certification.writing.prompts.insert("*".into(), vec![]);
        certification
            .writing
            .prompts
            .insert("ZZ9".into(), vec!["Où ?".into()]);
        certification
            .writing
            .prompts
            .insert("BC01".into(), vec!["Où ?\nQuand ?".into()]);
        let messages: Vec<String> = validate(&certification, None)
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert_eq!(
            messages,
            [
                "longueur visée de 0 mot",
                "question d’écriture vide pour « * »",
                "question d’écriture sur plusieurs lignes pour « BC01 »",
                "questions d’écriture pour « ZZ9 », qui ne désigne aucun élément",
            ]
        );
    }

    #[test]
    fn a_malformed_prompts_field_is_refused_where_it_is() {
        let text = EXAMPLE.replacen(
            "    blocs: [",
            "    writing: (prompts: { \"BC01\": \"une seule chaîne\" }),\n    blocs: [",
            1,
        );
        assert_ne!(text, EXAMPLE);
        match parse(&text, None) {
            Err(crate::referentiel::ReferentielError::Syntax { position, .. }) => {
                assert_eq!(position.line, 18, "the line of the prompts")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_scale_has_four_names_or_none() {
        let mut certification = example();
        assert_eq!(certification.level_name(3), "autonome");
        assert_eq!(certification.level_name(0), "");
        assert_eq!(certification.level_name(9), "");
        certification.levels = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        assert!(validate(&certification, None).is_empty());
        assert_eq!(certification.level_name(4), "d");
        certification.levels.pop();
        let problems = validate(&certification, None);
        assert!(problems[0].message.contains("il en faut 4"), "{problems:?}");
        assert_eq!(
            certification.level_name(2),
            "avec aide",
            "a broken scale is not used"
        );
    }
}
