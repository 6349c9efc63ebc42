//! The list of certifications, and its last row that imports one.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::nav::Go;
use crate::tui::session::Ctx;

/// The selected line of the picker.
#[derive(Debug, Default)]
pub struct Picker {
    pub selected: usize,
}

impl Picker {
    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Vec<Effect> {
        // The last row, after the certifications, imports one.
        let docs = ctx.session.docs.len();
        match action {
            Action::Down => self.selected = (self.selected + 1).min(docs),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = docs,
            Action::Activate if self.selected >= docs => ctx.go(Go::Import),
            Action::Activate => ctx.go(Go::Open(self.selected)),
            Action::OpenImport => ctx.go(Go::Import),
            Action::OpenFiche => ctx.go(Go::Fiche(self.selected)),
            _ => {}
        }
        Vec::new()
    }
}
