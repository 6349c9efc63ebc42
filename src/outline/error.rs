//! What is wrong with an outline.

use std::fmt;

/// What is wrong with an outline, and where (1-based line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for OutlineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ligne {} : {}", self.line, self.message)
    }
}
