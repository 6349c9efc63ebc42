//! A portfolio that cannot be read: open its certification read-only (the
//! file stays as it is), or restore the latest backup.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::reply::{Reply, Then};
use crate::tui::session::Ctx;

pub fn update(ctx: &mut Ctx, doc: usize, error: &str, action: &Action) -> Reply {
    match action {
        Action::OpenReadOnly if doc < ctx.session.docs.len() => {
            ctx.session.open_read_only(doc, error);
            Reply::new(Then::Open(doc))
        }
        Action::OpenReadOnly => Reply::close(),
        Action::RestoreBackup => Reply::close().with(vec![Effect::RestoreLatestBackup(doc)]),
        Action::Back | Action::Quit => Reply::close(),
        _ => Reply::stay(),
    }
}
