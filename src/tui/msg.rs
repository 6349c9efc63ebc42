//! Everything `App::update` takes: what the user did, and what the outside
//! world answers to the effects (loaded files, a failed save, a thread's
//! result, the terminal's size, a frame drawn). The run loop and `io/` speak
//! to the interface only through these.

use ratatui::crossterm::event::KeyEvent;

use crate::portfolio::Portfolio;
use crate::review::Review;
use crate::search::Index;
use crate::store::CandidateOverview;
use crate::tui::action::Action;
use crate::tui::job::{DirEntry, Done};
use crate::tui::session::Doc;
use crate::tui::status::Status;

#[derive(Debug)]
pub enum Msg {
    /// A verb: from a key through the keymap, or one of the loop's own
    /// (typed text, the idle draft, a burst settled, the external editor
    /// back).
    Action(Action),
    /// A key, looked up in the keymap of where the user is.
    Key(KeyEvent),
    /// A line for the status bar from the outside world.
    Said(Status),
    /// A certification was opened: the tutors' reviews of it, and why it is
    /// read-only (its lock is held elsewhere).
    Opened {
        reviews: Vec<Review>,
        read_only: Option<String>,
    },
    /// The other side changed its files: tutors' reviews…
    ReviewsChanged(Vec<Review>),
    /// …or the candidate's portfolio, seen by a tutor or a read-only process.
    /// Also: a portfolio changed on disk under this process's changes, both
    /// versions put together and written (or a recovery copy taken back),
    /// with what to say.
    PortfolioChanged {
        doc: usize,
        portfolio: Box<Portfolio>,
        said: Option<Status>,
    },
    /// The tutor's own review as written, merged with what another process
    /// of theirs had written meanwhile.
    OwnReviewMerged(Review),
    /// A portfolio could not be written (and why), or could again (`None`).
    Unsaved(Option<Status>),
    /// Recovery copies of the certification just opened, from a session
    /// that could not save.
    RecoveryFound(Vec<std::path::PathBuf>),
    /// The tutor's candidates, read afresh.
    Cohort(Vec<CandidateOverview>),
    /// The rows of candidates who changed something since the last look.
    CohortRows(Vec<CandidateOverview>),
    /// A candidate's data, read-only, to open on this certification.
    Candidate { docs: Vec<Doc>, open: Option<usize> },
    /// A portfolio put back from a backup, reloaded, and what to say.
    Restored {
        doc: usize,
        portfolio: Box<Result<Portfolio, String>>,
        said: String,
    },
    /// The search index built off the loop (`None`: the thread failed).
    IndexBuilt {
        token: u64,
        index: Option<Box<Index>>,
    },
    /// A read of France compétences' export finished.
    JobDone { token: u64, done: Done },
    /// A directory listed for the import's path completion.
    DirListed {
        dir: String,
        entries: Result<Vec<DirEntry>, String>,
    },
    /// The terminal's size, before each frame.
    Resized((u16, u16)),
    /// A frame was drawn.
    FrameDrawn,
    /// An export would replace these files of `<data>/exports/`: ask first.
    ExportExists(crate::export::Request, Vec<String>),
    /// The loop went past drawing without a frame (keys already waiting).
    DrawSkipped,
    /// The sync with the centre (git): known at start, or ended.
    Sync(crate::tui::syncing::SyncEvent),
    /// When each note of certification `id` was synced and by whom, read
    /// from git (`None`: the data directory is not synced): asked when a
    /// certification opens, and by `Effect::LoadSyncHistory`.
    SyncHistory {
        id: String,
        syncs: Option<crate::sync::history::NoteSyncs>,
    },
}

impl From<Action> for Msg {
    fn from(action: Action) -> Self {
        Msg::Action(action)
    }
}
