//! Whether and how the candidate is asked their name: the one their tutors
//! see in the cohort, kept in the portfolio (see `modals::name`).

/// Asking the candidate's name when a portfolio without one opens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Naming {
    /// `ask_name` in config.ron, true when absent. Off until the settings
    /// are taken (`Session::configure`): an app built without them, as the
    /// tests build it, asks nothing.
    pub ask: bool,
    /// The name offered: config.ron's `name`, else the data directory's
    /// (its owner's account for the platform's default directory).
    pub suggested: Option<String>,
    /// Échap when asked: not again until livret starts again.
    pub later: bool,
}

impl Naming {
    /// Offers `name` (cleaned) where config.ron gave none.
    pub fn offer(&mut self, name: Option<String>) {
        if self.suggested.is_none() {
            self.suggested = name.as_deref().and_then(crate::portfolio::clean_name);
        }
    }
}
