//! The help overlay: every key of every context, scrolled.

use crate::tui::action::Action;
use crate::tui::reply::Reply;

pub fn update(scroll: &mut u16, action: &Action) -> Reply {
    match action {
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Back | Action::Help | Action::Quit => return Reply::close(),
        _ => {}
    }
    Reply::stay()
}
