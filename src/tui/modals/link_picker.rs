//! The experiences a note links to, while its editor is open, and the
//! picker that toggles them (Ctrl-L in the note editor).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::experience::Experience;
use crate::search::fold;
use crate::text::count;
use crate::tui::action::Action;
use crate::tui::app::{App, Editor, Effect, Popup};

/// The links of the note being edited; kept with the note by Ctrl-S.
#[derive(Debug, Default)]
pub struct NoteLinks {
    /// Experience ids, in the experiences' order.
    pub ids: Vec<String>,
    original: Vec<String>,
    pub picker: Option<LinkPicker>,
}

impl NoteLinks {
    pub fn new(ids: Vec<String>) -> Self {
        NoteLinks {
            original: ids.clone(),
            ids,
            picker: None,
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

impl App {
    /// The links of the note (or draft) an editor was opened on.
    pub(crate) fn load_links(&self, editor: &mut Editor) {
        let Some(index) = editor.note.or(editor.draft) else {
            return;
        };
        let ids = self
            .session
            .docs
            .get(self.session.current)
            .and_then(|d| d.portfolio.as_ref().ok())
            .and_then(|p| p.notes(&editor.critere).get(index))
            .map(|n| n.experiences.clone())
            .unwrap_or_default();
        editor.links = NoteLinks::new(ids);
    }

    pub(crate) fn open_link_picker(&self, editor: &mut Editor) {
        editor.links.picker = Some(LinkPicker {
            choices: choices(self.session.experiences(), ""),
            ..LinkPicker::default()
        });
    }

    /// Keys while the picker is open over the note editor.
    pub(crate) fn update_link_picker(
        &mut self,
        mut editor: Box<Editor>,
        action: Action,
    ) -> Vec<Effect> {
        let Some(mut picker) = editor.links.picker.take() else {
            self.popup = Some(Popup::Editor(editor));
            return Vec::new();
        };
        let mut open = true;
        match action {
            Action::Back => {
                open = false;
                let n = editor.links.ids.len();
                self.say(format!(
                    "{} ; Ctrl-S garde la note et ses liens.",
                    match n {
                        0 => "Aucune expérience liée".to_string(),
                        1 => "1 expérience liée".to_string(),
                        n => format!("{n} expériences liées"),
                    }
                ));
            }
            Action::Down => {
                picker.selected = (picker.selected + 1).min(picker.choices.len().saturating_sub(1));
            }
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Activate => {
                if let Some(choice) = picker.choices.get(picker.selected)
                    && let Some(experience) = self.session.experiences().get(choice.index)
                {
                    let id = experience.id.clone();
                    let title = experience.title.clone();
                    let ids = &mut editor.links.ids;
                    if let Some(at) = ids.iter().position(|e| *e == id) {
                        ids.remove(at);
                        self.say(format!("« {title} » n’est plus liée."));
                    } else {
                        ids.push(id);
                        let order: Vec<&str> = self
                            .session
                            .experiences()
                            .iter()
                            .map(|e| e.id.as_str())
                            .collect();
                        ids.sort_by_key(|e| order.iter().position(|o| o == e));
                        self.say(format!("« {title} » liée à la note."));
                    }
                }
            }
            Action::Type(key) => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                let changed = match key.code {
                    KeyCode::Char('u') if ctrl => {
                        picker.query.clear();
                        true
                    }
                    KeyCode::Char(c) if !ctrl => {
                        picker.query.push(c);
                        true
                    }
                    KeyCode::Backspace => picker.query.pop().is_some(),
                    _ => false,
                };
                if changed {
                    picker.choices = choices(self.session.experiences(), &picker.query);
                    picker.selected = 0;
                }
            }
            _ => {}
        }
        if open {
            editor.links.picker = Some(picker);
        }
        self.popup = Some(Popup::Editor(editor));
        Vec::new()
    }

    /// Titles of the experiences of a list of ids, for display.
    pub fn experience_titles(&self, ids: &[String]) -> Vec<String> {
        let experiences = self.session.experiences();
        ids.iter()
            .filter_map(|id| experiences.iter().find(|e| e.id == *id))
            .map(|e| e.title.clone())
            .collect()
    }
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
