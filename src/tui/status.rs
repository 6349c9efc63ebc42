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
