//! What a sync did and how it ended, in one line; the last one, kept on
//! this machine for the status line.

use std::path::PathBuf;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::DataDir;
use crate::sync::Changes;

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Sent and received what there was.
    Done,
    /// The remote could not be reached: what it said. Nothing changed here.
    Unreachable(String),
    /// A file to bring in is open for writing in another livret: which.
    Busy(String),
}

/// What one sync did.
#[derive(Debug, Clone)]
pub struct Report {
    pub outcome: Outcome,
    /// What this side committed (sent, or waiting to be sent).
    pub sent: Changes,
    pub received: Changes,
    /// Notes kept in two versions because both sides edited them.
    pub conflicts: usize,
    /// Files of the other side kept out (not livret's, a link), and files
    /// both sides changed where this side's version stayed.
    pub notes: Vec<String>,
}

impl Report {
    /// The report on one line, as the command and the status line say it.
    pub fn line(&self) -> String {
        let mut line = match &self.outcome {
            Outcome::Done if self.sent.is_empty() && self.received.is_empty() => {
                "Synchronisé : déjà à jour".to_string()
            }
            Outcome::Done => {
                let mut parts = Vec::new();
                if !self.sent.is_empty() {
                    parts.push(format!("envoyé {}", self.sent.describe()));
                }
                if !self.received.is_empty() {
                    parts.push(format!("reçu {}", self.received.describe()));
                }
                format!("Synchronisé : {}", parts.join(" ; "))
            }
            Outcome::Unreachable(said) => {
                let kept = if self.sent.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", self.sent.describe())
                };
                format!(
                    "Serveur injoignable ({said}) : votre travail{kept} reste ici, en sûreté, \
                     et partira à la prochaine synchronisation"
                )
            }
            Outcome::Busy(what) => format!("{what} : la synchronisation n’a rien changé"),
        };
        if self.conflicts > 0 {
            line.push_str(&format!(
                " ; {} en conflit, gardées en deux versions (« conflit » dans l’interface)",
                match self.conflicts {
                    1 => "1 note".to_string(),
                    n => format!("{n} notes"),
                }
            ));
        }
        for note in &self.notes {
            line.push_str(" ; ");
            line.push_str(note);
        }
        line
    }
}

/// The last sync, kept in `.git/livret-sync.ron` (this machine's, not synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSync {
    pub when: Timestamp,
    pub outcome: Outcome,
    pub line: String,
}

pub(super) fn last_sync_path(data: &DataDir) -> PathBuf {
    data.root().join(".git").join("livret-sync.ron")
}

/// The last sync of this data directory, if it is synced and synced once.
pub fn last_sync(data: &DataDir) -> Option<LastSync> {
    let text = crate::store::safe::read_to_string(&last_sync_path(data)).ok()?;
    crate::ron_style::options().from_str(&text).ok()
}
