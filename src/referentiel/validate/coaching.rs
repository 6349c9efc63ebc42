//! The coach's fields of a référentiel: the writing help (a target of at
//! least one word, prompts keyed by nodes, on one line) and the names of
//! the self-assessment scale.

use super::super::locate::Step;
use super::super::model::Certification;
use super::Checker;

impl Checker {
    /// The coach's fields: the writing help and the scale's names.
    pub(super) fn coaching(&mut self, certification: &Certification) {
        self.writing(certification);
        let levels = &certification.levels;
        if !levels.is_empty() && (levels.len() != 4 || levels.iter().any(|l| l.trim().is_empty())) {
            self.problem(
                vec![Step::Field("levels")],
                format!(
                    "échelle d’auto-évaluation de {} nom(s) : il en faut 4, non vides",
                    levels.len()
                ),
                "nommez les niveaux 1 à 4, par exemple [\"notions\", \"avec aide\", \"autonome\", \"expert\"], ou retirez le champ",
            );
        }
    }

    /// The writing help: a target of at least one word, prompts keyed by
    /// the id of a node (or `"*"`), no empty prompt.
    fn writing(&mut self, certification: &Certification) {
        let writing = &certification.writing;
        if writing.target_words == Some(0) {
            self.problem(
                vec![Step::Field("writing"), Step::Field("target_words")],
                "longueur visée de 0 mot".to_string(),
                "donnez le nombre de mots attendus par critère, par exemple « target_words: 300 », ou retirez la ligne",
            );
        }
        let path = || vec![Step::Field("writing"), Step::Field("prompts")];
        let ids: std::collections::HashSet<&str> = certification
            .blocs
            .iter()
            .flat_map(|b| {
                std::iter::once(b.id.as_str())
                    .chain(b.activites.iter().map(|a| a.id.as_str()))
                    .chain(b.competences().map(|c| c.id.as_str()))
                    .chain(b.modalites.iter().filter_map(|m| m.id.as_deref()))
                    .chain(b.criteres().map(|k| k.id.as_str()))
            })
            .collect();
        for (key, prompts) in &writing.prompts {
            if key != "*" && !ids.contains(key.as_str()) {
                self.problem(
                    path(),
                    format!("questions d’écriture pour « {key} », qui ne désigne aucun élément"),
                    "utilisez l’identifiant d’un bloc, d’une activité, d’une compétence, d’une évaluation ou d’un critère, ou \"*\" pour tous",
                );
            }
            if prompts.is_empty() || prompts.iter().any(|p| p.trim().is_empty()) {
                self.problem(
                    path(),
                    format!("question d’écriture vide pour « {key} »"),
                    "écrivez chaque question entre guillemets, ou retirez la ligne",
                );
            }
            if prompts.iter().any(|p| p.contains('\n')) {
                self.problem(
                    path(),
                    format!("question d’écriture sur plusieurs lignes pour « {key} »"),
                    "une question tient sur une ligne : coupez-la en deux questions",
                );
            }
        }
    }
}
