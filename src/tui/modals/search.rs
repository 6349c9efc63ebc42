//! The search overlay (`/`): the query, its results, the one selected;
//! Enter shows it in the tree. With `M` on a note, the same overlay finds
//! the critère to move the note to: only units of evidence are listed, and
//! Enter moves it there.

use crate::search::Target;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::reply::{Reply, Then};
use crate::tui::search_index::Found;
use crate::tui::session::{Ctx, Session};

#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub results: Vec<Found>,
    pub selected: usize,
    /// The note being moved, when the search looks for where to put it.
    pub moving: Option<Moving>,
    /// The query changed while more keys were waiting: the results are
    /// those of an earlier query until the last of them is applied.
    pub stale: bool,
}

/// A note to move: its unit, its index there, its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moving {
    pub critere: String,
    pub index: usize,
    pub title: String,
}

impl Search {
    /// A key typed in the overlay. A word typed (or pasted) in one go is
    /// searched once, at its last letter: at 10,000 notes, before the index
    /// is built, each search streams megabytes of text.
    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Reply {
        if !matches!(action, Action::Type(_)) {
            self.settle(ctx);
        }
        let reply = self.act(ctx, action);
        self.settle(ctx);
        reply
    }

    /// Searches the query typed ahead, once no key is waiting.
    fn settle(&mut self, ctx: &Ctx) {
        if self.stale && !ctx.session.keys_waiting {
            self.stale = false;
            self.run(ctx);
        }
    }

    fn act(&mut self, ctx: &mut Ctx, action: Action) -> Reply {
        match action {
            Action::Back => return Reply::close(),
            Action::Activate => {
                return match (self.results.get(self.selected), &self.moving) {
                    (Some(found), Some(moving)) => move_note(ctx, moving, &found.target),
                    (Some(found), None) => Reply::new(Then::Jump(found.target.clone())),
                    (None, _) => Reply::close(),
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
                    self.stale = true;
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
        if let (Some(moving), Some((certification, _))) = (&self.moving, session.open()) {
            // Where a note can go: a unit of evidence, not the one it is on.
            self.results.retain(|found| match &found.target {
                Target::Node(id) => {
                    *id != moving.critere && certification.units().any(|u| u.id == id)
                }
                Target::Note { .. } => false,
            });
        }
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }
}

/// Moves the note to the unit `to`, then shows it there.
fn move_note(ctx: &mut Ctx, moving: &Moving, to: &Target) -> Reply {
    let (Target::Node(to), now) = (to, ctx.now) else {
        return Reply::stay();
    };
    let orphan = ctx
        .session
        .doc()
        .is_some_and(|d| d.orphans.contains(&moving.critere));
    let Some(portfolio) = ctx.session.open_mut() else {
        return Reply::close();
    };
    let Some(index) = portfolio.move_note(&moving.critere, moving.index, to, now) else {
        return Reply::close();
    };
    // Work kept « hors référentiel » goes once its last note has found a
    // place: its status and level named an item that is no more.
    if orphan && portfolio.notes(&moving.critere).is_empty() {
        portfolio.criteres.remove(&moving.critere);
    }
    ctx.session.notes_changed(&moving.critere);
    ctx.session.notes_changed(to);
    ctx.say(format!(
        "Note « {} » déplacée de {} vers {to} (u pour annuler).",
        crate::text::visible(&moving.title),
        crate::text::visible(&moving.critere)
    ));
    Reply::new(Then::Jump(Target::Note {
        critere: to.clone(),
        index,
    }))
    .with(vec![Effect::Changed])
}
