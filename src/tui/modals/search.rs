//! The search overlay (`/`): the query, its results, the one selected;
//! Enter shows it in the tree.

use crate::tui::action::Action;
use crate::tui::reply::{Reply, Then};
use crate::tui::search_index::Found;
use crate::tui::session::{Ctx, Session};

#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub results: Vec<Found>,
    pub selected: usize,
}

impl Search {
    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Reply {
        match action {
            Action::Back => return Reply::close(),
            Action::Activate => {
                return match self.results.get(self.selected) {
                    Some(found) => Reply::new(Then::Jump(found.target.clone())),
                    None => Reply::close(),
                };
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(self.results.len().saturating_sub(1));
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Type(key) => {
                let changed = crate::tui::query::edit(&mut self.query, key);
                if changed {
                    // The thread may have failed, or the notes been reloaded.
                    ctx.session.index_here();
                    self.run(ctx);
                }
            }
            _ => {}
        }
        Reply::stay()
    }

    /// Searches the query again, from the first result.
    pub fn run(&mut self, ctx: &Ctx) {
        self.selected = 0;
        self.refresh(ctx.session);
    }

    /// The results of the query again (the index came, or changed),
    /// the selection kept where it still fits.
    pub fn refresh(&mut self, session: &Session) {
        self.results = session.search(&self.query);
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }
}
