//! The notes behind a cell of the matrix; Enter shows one in the tree.

use crate::search::Target;
use crate::tui::action::Action;
use crate::tui::reply::{Reply, Then};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellNotes {
    pub critere: String,
    pub experience: String,
    /// (index in the critère's notes, title).
    pub notes: Vec<(usize, String)>,
    pub selected: usize,
}

impl CellNotes {
    pub fn update(&mut self, action: &Action) -> Reply {
        match action {
            Action::Down => {
                self.selected = (self.selected + 1).min(self.notes.len().saturating_sub(1));
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Activate => {
                return match self.notes.get(self.selected) {
                    Some(&(index, _)) => Reply::new(Then::Jump(Target::Note {
                        critere: self.critere.clone(),
                        index,
                    })),
                    None => Reply::close(),
                };
            }
            Action::Back => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }
}
