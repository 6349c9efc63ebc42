//! The line of feedback above the hints: what happened, and how much it
//! matters. The view chooses the look from the severity, never from the text.

/// How much a status matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// What an action did (« Note ajoutée. »).
    Info,
    /// Something is not as the user asked (a setting that could not be
    /// applied): shown with ⚠, in the warning style.
    Warning,
    /// Something failed (a save): the work is kept, the user should know.
    Error,
}

/// One line of feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub severity: Severity,
    pub text: String,
}

impl Status {
    pub fn new(severity: Severity, text: impl Into<String>) -> Self {
        Status {
            severity,
            text: text.into(),
        }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Status::new(Severity::Info, text)
    }

    pub fn warning(text: impl Into<String>) -> Self {
        Status::new(Severity::Warning, text)
    }

    pub fn error(text: impl Into<String>) -> Self {
        Status::new(Severity::Error, text)
    }
}

/// How many messages the journal keeps.
const JOURNAL: usize = 100;

/// The messages shown this session, oldest first, with when: `L` lists
/// them, so that one replaced by the next can still be read.
#[derive(Debug, Default)]
pub struct Journal {
    entries: std::collections::VecDeque<(jiff::Timestamp, Status)>,
}

impl Journal {
    /// Keeps `status` when it is a new message (not the one shown already).
    pub fn note(&mut self, now: jiff::Timestamp, status: Option<&Status>) {
        let Some(status) = status else {
            return;
        };
        if status.text.is_empty() || self.entries.back().is_some_and(|(_, s)| s == status) {
            return;
        }
        if self.entries.len() == JOURNAL {
            self.entries.pop_front();
        }
        self.entries.push_back((now, status.clone()));
    }

    /// Newest first.
    pub fn newest(&self) -> impl Iterator<Item = &(jiff::Timestamp, Status)> {
        self.entries.iter().rev()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_keeps_each_new_message_once_newest_first() {
        let mut journal = Journal::default();
        let now = jiff::Timestamp::UNIX_EPOCH;
        journal.note(now, None);
        journal.note(now, Some(&Status::info("Note ajoutée.")));
        journal.note(now, Some(&Status::info("Note ajoutée.")));
        journal.note(now, Some(&Status::error("Échec")));
        let texts: Vec<&str> = journal.newest().map(|(_, s)| s.text.as_str()).collect();
        assert_eq!(texts, ["Échec", "Note ajoutée."]);
        for i in 0..150 {
            journal.note(now, Some(&Status::info(i.to_string())));
        }
        assert_eq!(journal.newest().count(), JOURNAL);
        assert_eq!(journal.newest().next().unwrap().1.text, "149");
    }
}
