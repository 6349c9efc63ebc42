//! The coach's figures for the open certification, as the screens read
//! them: the writing help that applies, words against the target (kept
//! with the progress figures, counted once per change), the next steps and
//! the pace.

use crate::coach::next::{self, Step};
use crate::coach::pace::{self, Pace};
use crate::coach::tally::Words;
use crate::coach::{DEFAULT_TARGET, Guide};
use crate::tui::session::Session;

impl Session {
    /// Takes the candidate's name and the coach's settings from `config.ron`.
    pub fn configure(&mut self, candidate: Option<String>, coach: crate::tui::settings::Coach) {
        self.naming.ask = coach.ask_name;
        self.naming.suggested = candidate.as_deref().and_then(crate::portfolio::clean_name);
        self.candidate = candidate;
        self.writing = coach.writing;
        self.welcome_after_days = coach.welcome_after_days;
    }

    /// The writing help of the open certification (the référentiel's and
    /// the user's).
    pub fn guide(&self) -> Option<Guide<'_>> {
        let doc = self.docs.get(self.current)?;
        Some(Guide::new(&doc.certification, &self.writing))
    }

    /// Words expected per unit of the open certification.
    pub fn target(&self) -> u32 {
        self.guide().map_or(DEFAULT_TARGET, |g| g.target())
    }

    /// The prompts for an item of the open certification.
    pub fn prompts(&self, id: &str) -> Vec<&str> {
        self.guide()
            .map(|g| g.prompts(id))
            .unwrap_or_else(|| crate::coach::DEFAULT_PROMPTS.to_vec())
    }

    pub fn bloc_words(&self, index: usize) -> Words {
        self.with_tallies(|t| t.bloc_words(index))
    }

    /// A compétence's or an evaluation's words.
    pub fn node_words(&self, id: &str) -> Words {
        self.with_tallies(|t| t.words(id))
    }

    pub fn overall_words(&self) -> Words {
        self.with_tallies(|t| t.overall_words())
    }

    /// The words of one note (counted once per change).
    pub fn note_words(&self, id: &str, note: &crate::portfolio::Note) -> usize {
        self.with_tallies(|t| t.note_words(id, note))
            .unwrap_or_else(|| crate::coach::count(&note.text))
    }

    /// The words of a unit of evidence's notes (counted once per change).
    pub fn unit_words(&self, id: &str) -> usize {
        self.with_tallies(|t| t.unit_words(id))
    }

    /// The first `limit` things to do in the open certification.
    pub fn next_steps(&self, limit: usize) -> Vec<Step> {
        let Some((certification, portfolio)) = self.open() else {
            return Vec::new();
        };
        let words_of = |id: &str| self.unit_words(id);
        next::steps(
            certification,
            portfolio,
            &self.reviews,
            (self.target(), &words_of),
            limit,
        )
    }

    /// Where the candidate stands against the jury date, `weeks` of history.
    pub fn pace(
        &self,
        today: jiff::civil::Date,
        tz: &jiff::tz::TimeZone,
        weeks: usize,
    ) -> Option<Pace> {
        let (certification, portfolio) = self.open()?;
        Some(pace::pace(
            certification,
            portfolio,
            self.overall_words(),
            today,
            tz,
            weeks,
        ))
    }
}
