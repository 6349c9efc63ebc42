//! The experiences a note links to, while its editor is open, and the
//! picker that toggles them (Ctrl-L in the note editor).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::experience::Experience;
use crate::search::fold;
use crate::text::count;
use crate::tui::action::Action;
use crate::tui::reply::Reply;
use crate::tui::session::Ctx;

/// The links of the note being edited; kept with the note by Ctrl-S.
#[derive(Debug, Default)]
pub struct NoteLinks {
    /// Experience ids, in the experiences' order.
    pub ids: Vec<String>,
    original: Vec<String>,
}

impl NoteLinks {
    pub fn new(ids: Vec<String>) -> Self {
        NoteLinks {
            original: ids.clone(),
            ids,
        }
    }

    pub fn is_modified(&self) -> bool {
        self.ids != self.original
    }
}

/// The filter line and the experiences that match it.
#[derive(Debug, Default)]
pub struct LinkPicker {
    pub query: String,
    pub choices: Vec<Choice>,
    pub selected: usize,
}

/// An experience that matches the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Index in the portfolio's experiences.
    pub index: usize,
    /// What is shown and matched: title, then role, employer, place, years.
    pub label: String,
    /// Matched char positions in `label`.
    pub positions: Vec<usize>,
}

/// `Titre — Poste · Employeur · Lieu (2019–22)`.
pub fn label(experience: &Experience) -> String {
    let mut label = experience.title.clone();
    let context = experience.context();
    if !context.is_empty() {
        label.push_str(" — ");
        label.push_str(&context);
    }
    let years = experience.years();
    if !years.is_empty() {
        label.push_str(&format!(" ({years})"));
    }
    label
}

/// The experiences matching `query` (fuzzy, accents and case ignored), best
/// first; all of them in order for a blank query.
pub fn choices(experiences: &[Experience], query: &str) -> Vec<Choice> {
    let query = fold(query.trim()).text;
    let matcher = SkimMatcherV2::default();
    let mut scored: Vec<(i64, Choice)> = experiences
        .iter()
        .enumerate()
        .filter_map(|(index, experience)| {
            let label = label(experience);
            if query.is_empty() {
                return Some((
                    0,
                    Choice {
                        index,
                        label,
                        positions: Vec::new(),
                    },
                ));
            }
            let folded = fold(&label);
            let (score, indexes) = matcher.fuzzy_indices(&folded.text, &query)?;
            let mut positions: Vec<usize> = indexes
                .into_iter()
                .filter_map(|i| folded.origin.get(i).copied())
                .collect();
            positions.dedup();
            Some((
                score,
                Choice {
                    index,
                    label,
                    positions,
                },
            ))
        })
        .collect();
    // Stable: equal scores keep the candidate's order.
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, choice)| choice).collect()
}

impl LinkPicker {
    /// Every experience of the open portfolio, unfiltered.
    pub fn new(experiences: &[Experience]) -> Self {
        LinkPicker {
            choices: choices(experiences, ""),
            ..LinkPicker::default()
        }
    }

    /// Keys while the picker is open over the note editor, whose `links`
    /// it changes.
    pub fn update(&mut self, ctx: &mut Ctx, links: &mut NoteLinks, action: Action) -> Reply {
        match action {
            Action::Back => {
                let n = links.ids.len();
                ctx.say(format!(
                    "{} ; Ctrl-S garde la note et ses liens.",
                    match n {
                        0 => "Aucune expérience liée".to_string(),
                        1 => "1 expérience liée".to_string(),
                        n => format!("{n} expériences liées"),
                    }
                ));
                return Reply::close();
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1));
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Activate => {
                let experiences = ctx.session.experiences();
                if let Some(choice) = self.choices.get(self.selected)
                    && let Some(experience) = experiences.get(choice.index)
                {
                    let id = experience.id.clone();
                    let title = experience.title.clone();
                    let ids = &mut links.ids;
                    let said = if let Some(at) = ids.iter().position(|e| *e == id) {
                        ids.remove(at);
                        format!("« {title} » n’est plus liée.")
                    } else {
                        ids.push(id);
                        let order: Vec<&str> = experiences.iter().map(|e| e.id.as_str()).collect();
                        ids.sort_by_key(|e| order.iter().position(|o| o == e));
                        format!("« {title} » liée à la note.")
                    };
                    ctx.say(said);
                }
            }
            Action::Type(key) => {
                let changed = crate::tui::query::edit(&mut self.query, key);
                if changed {
                    self.choices = choices(ctx.session.experiences(), &self.query);
                    self.selected = 0;
                }
            }
            _ => {}
        }
        Reply::stay()
    }
}

/// Titles of the experiences of a list of ids, for display.
pub fn titles(experiences: &[Experience], ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| experiences.iter().find(|e| e.id == *id))
        .map(|e| e.title.clone())
        .collect()
}

/// `2 expériences liées : A, B` or a hint to link some.
pub fn summary(titles: &[String]) -> String {
    if titles.is_empty() {
        "Aucune expérience liée".to_string()
    } else {
        format!(
            "{} : {}",
            count(titles.len(), "expérience liée", "expériences liées"),
            titles.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn experience(title: &str, employer: &str) -> Experience {
        Experience {
            title: title.to_string(),
            employer: employer.to_string(),
            ..Experience::default()
        }
    }

    #[test]
    fn the_filter_ignores_accents_and_matches_the_employer_too() {
        let list = [
            experience("Stratégie export", "Lacroix"),
            experience("Salon de Dubaï", "Atlas"),
        ];
        let all = choices(&list, "");
        assert_eq!(all.iter().map(|c| c.index).collect::<Vec<_>>(), [0, 1]);
        let found = choices(&list, "dubai");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].index, 1);
        assert_eq!(found[0].label, "Salon de Dubaï — Atlas");
        assert_eq!(found[0].positions, [9, 10, 11, 12, 13]);
        assert_eq!(choices(&list, "strategie")[0].index, 0);
        assert_eq!(choices(&list, "atlas")[0].index, 1);
        assert!(choices(&list, "zzz").is_empty());
    }
}
