//! Tutor review in the interface: the cohort screen, verdicts and comments
//! on the candidate's critères and compétences, the "waiting for review"
//! filter, and, on the candidate's side, which comments are still unread.

use crate::portfolio::{Portfolio, Status};
use crate::review::{self, Review};
use crate::tui::action::Action;
use crate::tui::app::{App, Editor, Effect, Popup, Screen};
use crate::tui::outline::Node;
use crate::tui::screens::cohort::CohortSort;

pub use crate::tui::session::Tutor;

impl App {
    /// The id a verdict or a comment goes to: the selected critère or compétence.
    fn reviewable(&mut self) -> Option<String> {
        let Some(tutor) = &self.session.tutor else {
            self.say(
                "Réservé aux tuteurs : livret tutor DOSSIER ouvre le portfolio d’un candidat."
                    .to_string(),
            );
            return None;
        };
        if let Some(reason) = &tutor.read_only {
            self.say(format!("Lecture seule : {reason}"));
            return None;
        }
        match self.selected_node() {
            Some(Node::Critere(critere, _) | Node::Shared(critere, _)) => Some(critere.id.clone()),
            Some(Node::Competence(competence)) => Some(competence.id.clone()),
            _ => {
                self.say("Sélectionnez un critère ou une compétence.".to_string());
                None
            }
        }
    }

    pub(crate) fn cycle_verdict(&mut self) -> Vec<Effect> {
        let Some(id) = self.reviewable() else {
            return Vec::new();
        };
        let Some(review) = self.session.own_review_mut() else {
            return Vec::new();
        };
        let verdict = review.cycle_verdict(&id);
        self.say(match verdict {
            Some(v) => format!("{id} : {}.", v.label()),
            None => format!("{id} : sans avis."),
        });
        // The filtered tree keeps this critère until the filter is toggled:
        // the tutor may press v again, or comment it.
        vec![Effect::ReviewChanged]
    }

    pub(crate) fn start_comment(&mut self) {
        if let Some(id) = self.reviewable() {
            self.modals
                .push(Popup::Editor(Box::new(Editor::comment(&id))));
        }
    }

    pub(crate) fn toggle_filter(&mut self) {
        let Some(tutor) = &mut self.session.tutor else {
            self.say("Réservé aux tuteurs.".to_string());
            return;
        };
        tutor.filter = !tutor.filter;
        let leaving = !tutor.filter;
        self.say(if !leaving {
            "Filtre : critères prêts sans avis de votre part.".to_string()
        } else {
            "Filtre retiré : tout le référentiel.".to_string()
        });
        // Where the tutor was, even if the filtered tree ended up empty.
        let path = self.selected_path().or_else(|| {
            let (certification, portfolio) = self.doc()?;
            crate::tui::outline::find(certification, portfolio.view.selected.as_deref()?)
        });
        // Back to the whole tree, opened down to where the tutor was.
        if leaving && let (Some(path), Some((certification, _))) = (path, self.doc()) {
            let ancestors = crate::tui::outline::ancestors(certification, path);
            if let Some(portfolio) = self.portfolio_mut() {
                portfolio.view.expanded.extend(ancestors);
            }
        }
        self.refresh_rows(path.unwrap_or(crate::tui::outline::NodePath::Bloc(0)));
    }

    /// With the filter on: whether a critère is prêt and not judged by this tutor.
    pub fn awaits_review(&self, portfolio: &Portfolio, critere: &str) -> bool {
        portfolio.status(critere) == Status::Ready
            && self
                .session
                .own_review()
                .is_none_or(|r| r.verdict(critere).is_none())
    }

    /// Whether the candidate has not read the newest comment on this id.
    pub fn unread(&self, portfolio: &Portfolio, id: &str) -> bool {
        self.session.tutor.is_none()
            && review::latest_comment(&self.session.reviews, id)
                .is_some_and(|latest| portfolio.seen.get(id).is_none_or(|seen| *seen < latest))
    }

    /// The candidate has the selected critère or compétence in front of
    /// them: its comments are read.
    pub(crate) fn mark_read(&mut self) -> Vec<Effect> {
        // What the detail pane shows, which is what has been read.
        let Some(id) = self.detail_node().map(|n| n.id().to_string()) else {
            return Vec::new();
        };
        let read_only = self
            .session
            .docs
            .get(self.session.current)
            .is_some_and(|d| d.read_only.is_some());
        let Some((_, portfolio)) = self.doc() else {
            return Vec::new();
        };
        if read_only || !self.unread(portfolio, &id) {
            return Vec::new();
        }
        let Some(latest) = review::latest_comment(&self.session.reviews, &id) else {
            return Vec::new();
        };
        if let Some(portfolio) = self.portfolio_mut() {
            portfolio.seen.insert(id, latest);
        }
        vec![Effect::Changed]
    }

    /// Other tutors' reviews changed on disk: keep this tutor's own.
    pub fn set_reviews(&mut self, reviews: Vec<Review>) {
        self.session.set_reviews(reviews);
    }

    /// The candidate's portfolio changed on disk (seen from a tutor's or a
    /// read-only process): take it, keeping this process's own place in the
    /// tree, and any open editor, untouched.
    pub fn replace_portfolio(&mut self, index: usize, portfolio: Portfolio) {
        if self.session.replace_portfolio(index, portfolio) && self.screen == Screen::Main {
            let path = self.selected_path();
            let note = self.note;
            self.refresh_rows(path.unwrap_or(crate::tui::outline::NodePath::Bloc(0)));
            self.note = note;
            self.session.drop_search_index();
        }
    }

    pub(crate) fn update_cohort(&mut self, action: Action) -> Vec<Effect> {
        let last = self.session.cohort.len().saturating_sub(1);
        match action {
            Action::Down => self.cohort.selected = (self.cohort.selected + 1).min(last),
            Action::Up => self.cohort.selected = self.cohort.selected.saturating_sub(1),
            Action::Top => self.cohort.selected = 0,
            Action::Bottom => self.cohort.selected = last,
            Action::CycleStatus | Action::ToggleFilter => {
                self.cohort.sort = match self.cohort.sort {
                    CohortSort::Awaiting => CohortSort::LastChange,
                    CohortSort::LastChange => CohortSort::Awaiting,
                };
                self.cohort.sort(&mut self.session.cohort);
                self.cohort.selected = 0;
            }
            Action::Activate if !self.session.cohort.is_empty() => {
                return vec![Effect::OpenCandidate(self.cohort.selected)];
            }
            Action::Help => self.modals.push(Popup::Help { scroll: 0 }),
            Action::Quit => return vec![Effect::Quit],
            Action::CycleTheme => self.cycle_theme(),
            _ => {}
        }
        Vec::new()
    }
}
