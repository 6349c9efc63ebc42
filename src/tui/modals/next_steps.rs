//! « Que faire maintenant ? »: the next things to do, most useful first;
//! Enter shows one in the tree.

use crate::coach::next::Step;
use crate::search::Target;
use crate::tui::action::Action;
use crate::tui::reply::{Reply, Then};

/// How many steps the panel lists.
pub const SHOWN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextSteps {
    pub steps: Vec<Step>,
    pub selected: usize,
    /// Opened at start, after days away: the panel says so.
    pub welcome: Option<i64>,
}

impl NextSteps {
    pub fn new(steps: Vec<Step>, welcome: Option<i64>) -> Self {
        NextSteps {
            steps,
            selected: 0,
            welcome,
        }
    }

    pub fn update(&mut self, action: &Action) -> Reply {
        let last = self.steps.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Activate => {
                return match self.steps.get(self.selected) {
                    Some(step) => Reply::new(Then::Jump(Target::Node(step.node.clone()))),
                    None => Reply::close(),
                };
            }
            Action::Back | Action::WhatNext => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }
}

/// Days since the candidate last worked on the portfolio (a note, a
/// status, a request, a reply), if they did.
pub fn days_away(portfolio: &crate::portfolio::Portfolio, now: jiff::Timestamp) -> Option<i64> {
    let last = portfolio
        .criteres
        .values()
        .flat_map(|w| &w.notes)
        .map(|n| n.updated)
        .chain(portfolio.history.iter().map(|c| c.at))
        .chain(portfolio.requests.iter().map(|r| r.created))
        .chain(portfolio.replies.values().flatten().map(|r| r.created))
        .max()?;
    Some(now.duration_since(last).as_secs() / 86_400)
}
