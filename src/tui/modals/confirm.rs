//! One yes/no for every question: a yes goes to whatever asked it.

use crate::tui::action::Action;
use crate::tui::reply::{Question, Reply, Then};

pub fn update(question: &Question, action: &Action) -> Reply {
    match action {
        Action::Confirm(true) => Reply::new(Then::Answered(question.clone())),
        Action::Confirm(false) => Reply::close(),
        _ => Reply::stay(),
    }
}
