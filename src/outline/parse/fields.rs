//! The `>` blocks of an outline: the fields of the element being read.

use super::{At, Reader};
use crate::outline::error::OutlineError;
use crate::outline::items::{ids_list, modalite, quoted_items, quoted_text};
use crate::outline::labels::{self as l, labelled};
use crate::referentiel::{Section, Step};

impl Reader {
    /// A `>` block: a field of the element being read.
    pub(super) fn block(&mut self, lines: &[(usize, &str)]) -> Result<(), OutlineError> {
        self.flush();
        let (n, first) = lines[0];
        let allowed: &[&'static str] = match self.at {
            At::Start => return Self::error(n, "le référentiel commence par son titre « # »"),
            At::Certification { .. } => &[
                l::NOTE,
                l::REQUIREMENTS,
                l::BLOC_VALIDITY,
                l::JURY,
                l::SECTION,
                l::PROMPTS,
            ],
            At::Bloc => &[l::CODE, l::KNOWLEDGE, l::MODALITE],
            At::Activite => &[],
            At::Third | At::Fourth => &[l::CONDITIONS, l::RESULTS, l::KNOWLEDGE, l::FORMER_IDS],
        };
        let Some((label, head)) = labelled(first, allowed) else {
            let here = if allowed.is_empty() {
                "aucun champ « > » ici (le texte d’une activité s’écrit sans « > »)".to_string()
            } else {
                format!("ici : {}", allowed.join(", "))
            };
            return Self::error(n, format!("« > » ouvre un champ « Nom : » ; {here}"));
        };
        let head = head.trim().to_string();
        let body = &lines[1..];
        if label == l::MODALITE {
            let modalite = modalite(&head, body, self.bloc_mut().modalites.len())?;
            let path = self.path();
            let index = self.bloc_mut().modalites.len();
            let at = [Step::Field("modalites"), Step::Index(index)];
            self.places.push(([path.as_slice(), &at].concat(), n));
            self.bloc_mut().modalites.push(modalite);
            return Ok(());
        }
        // The text may start on the label's line: `> Jury : Deux membres.`
        let mut lines_with_head = Vec::new();
        if !head.is_empty() {
            lines_with_head.push((n, head.as_str()));
        }
        lines_with_head.extend_from_slice(body);
        let text = || quoted_text(&lines_with_head);
        let list = || quoted_items(&lines_with_head);
        // A one-line value: on the label's line, or the next one.
        let value = || {
            let text = quoted_text(&lines_with_head);
            text.lines().next().unwrap_or_default().trim().to_string()
        };
        let twice = |set: bool| -> Result<(), OutlineError> {
            if set {
                return Self::error(
                    n,
                    format!("« {label} » est déjà donné plus haut : un seul par élément"),
                );
            }
            Ok(())
        };
        match (self.at, label) {
            (_, l::NOTE) => {
                twice(self.c.source.note.is_some())?;
                self.c.source.note = Some(text());
            }
            (_, l::REQUIREMENTS) => {
                twice(!self.c.requirements.is_empty())?;
                self.c.requirements = list()?;
            }
            (_, l::BLOC_VALIDITY) => {
                twice(self.c.bloc_validity.is_some())?;
                self.c.bloc_validity = Some(text());
            }
            (_, l::JURY) => {
                twice(self.c.jury.is_some())?;
                self.c.jury = Some(text());
            }
            (_, l::SECTION) if head.is_empty() => {
                return Self::error(n, "« Section : Titre » : la section a besoin d’un titre");
            }
            (_, l::SECTION) => self.c.sections.push(Section {
                title: head.clone(),
                text: quoted_text(body),
            }),
            (_, l::PROMPTS) => {
                let id = if head.is_empty() {
                    "*".to_string()
                } else {
                    head.clone()
                };
                twice(self.c.writing.prompts.contains_key(&id))?;
                self.c.writing.prompts.insert(id, quoted_items(body)?);
            }
            (At::Bloc, l::CODE) => {
                twice(self.bloc_mut().code.is_some())?;
                self.bloc_mut().code = Some(value());
            }
            (At::Bloc, l::KNOWLEDGE) => {
                twice(!self.bloc_mut().knowledge.is_empty())?;
                self.bloc_mut().knowledge = list()?;
            }
            _ => {
                let items = list();
                let (text, value) = (text(), value());
                let competence = self.competence_mut().expect("a compétence is being read");
                let set = match label {
                    l::CONDITIONS => {
                        // After the text under the heading, kept with it.
                        if !competence.conditions.is_empty() {
                            competence.conditions.push_str("\n\n");
                        }
                        competence.conditions.push_str(&text);
                        false
                    }
                    l::RESULTS => {
                        let set = !competence.results.is_empty();
                        competence.results = text;
                        set
                    }
                    l::KNOWLEDGE => {
                        let set = !competence.knowledge.is_empty();
                        competence.knowledge = items?;
                        set
                    }
                    _ => {
                        let set = !competence.former_ids.is_empty();
                        competence.former_ids = ids_list(&value);
                        set
                    }
                };
                twice(set)?;
            }
        }
        Ok(())
    }
}
