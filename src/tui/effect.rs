//! What `App::update` asks of the outside world: the run loop carries it
//! out, the interface never does IO itself.

use crate::tui::job::Job;

/// What the run loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The open portfolio changed: save it soon.
    Changed,
    /// A certification was opened: remember it for the next start.
    Opened(String),
    /// Suspend the interface and edit this text in the external editor.
    ExternalEditor(String),
    /// Put the newest backup of this doc's portfolio in place, then reload it.
    RestoreLatestBackup(usize),
    /// The tutor's own review changed: save it soon.
    ReviewChanged,
    /// Write the open certification's dossier to `<data>/exports/`, as
    /// asked; files already there only once the candidate said yes.
    Export(crate::export::Request),
    /// Open this row of the cohort screen (load that candidate's data).
    OpenCandidate(usize),
    /// Back to the cohort screen, with fresh figures.
    ShowCohort,
    /// List this directory (as typed: `~/…`, relative or empty for the
    /// working directory) to complete a path; the entries go to
    /// `App::dir_listed`.
    ListDir(String),
    /// Read France compétences' export on a thread: list its fiches or
    /// import one; the outcome goes to `App::job_done`.
    Import(Job),
    /// Build the open certification's search index off the loop; the
    /// result comes back with this token.
    BuildIndex(u64),
    /// Put these recovery copies into the open portfolio, write it, and
    /// remove them.
    TakeRecovery(Vec<std::path::PathBuf>),
    /// Sync with the centre (git) off the loop: what is waiting is saved
    /// first; the outcome comes back as `Msg::Synced`.
    Sync,
    /// Read again, off the loop, when each note of the open certification
    /// was synced and by whom (after a sync); the answer is
    /// `Msg::SyncHistory`. Also read whenever a certification opens.
    LoadSyncHistory,
    Quit,
}

impl Effect {
    /// Whether the work (statuses, notes, verdicts, the open certification)
    /// may have changed: only there is a save asked for.
    pub fn changes_work(&self) -> bool {
        matches!(
            self,
            Effect::Changed | Effect::ReviewChanged | Effect::Opened(_)
        )
    }
}
