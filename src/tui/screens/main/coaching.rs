//! The coach's verbs on the main screen: what to do next (`w`), the
//! dashboard (`p`), France VAE's positioning of a compétence (`P`), and
//! dismissing a writing hint on the selected note (`H`).

use super::MainScreen;
use crate::coach::hints;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::next_steps::{NextSteps, SHOWN, days_away};
use crate::tui::modals::{Modal, Modals};
use crate::tui::nav::Go;
use crate::tui::outline::Node;
use crate::tui::session::{Ctx, Session};

/// Days away after which the next steps greet the candidate at start,
/// unless `welcome_after_days` in config.ron says otherwise (0: never).
pub const WELCOME_AFTER_DAYS: u32 = 3;

impl MainScreen {
    pub(super) fn coaching(
        &mut self,
        ctx: &mut Ctx,
        modals: &mut Modals,
        action: Action,
    ) -> Vec<Effect> {
        match action {
            Action::WhatNext => {
                let steps = ctx.session.next_steps(SHOWN);
                modals.push(Modal::NextSteps(NextSteps::new(steps, None)));
            }
            Action::OpenPace => ctx.go(Go::Pace),
            Action::CyclePositioning if ctx.writable() => return self.cycle_positioning(ctx),
            Action::DismissHint if ctx.writable() => return self.dismiss_hint(ctx),
            _ => {}
        }
        Vec::new()
    }

    /// The compétence selected, or the one of the selected critère.
    fn selected_competence(&self, session: &Session) -> Option<String> {
        match self.selected_node(session)? {
            Node::Competence(c) | Node::Critere(_, c) => Some(c.id.clone()),
            _ => None,
        }
    }

    fn cycle_positioning(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(id) = self.selected_competence(ctx.session) else {
            ctx.say("Sélectionnez une compétence (ou l’un de ses critères) pour vous positionner.");
            return Vec::new();
        };
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        let said = match portfolio.cycle_positioning(&id) {
            Some(p) => format!("Positionnement sur {id} : {}.", p.label()),
            None => format!("Positionnement sur {id} : estimé d’après les critères."),
        };
        ctx.say(said);
        vec![Effect::Changed]
    }

    fn dismiss_hint(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let target = ctx.session.target();
        let Some(critere) = self.selected_critere(ctx.session) else {
            ctx.say("Sélectionnez d’abord un critère et l’une de ses notes.");
            return Vec::new();
        };
        let item_words = ctx.session.unit_words(&critere);
        let found = ctx.session.open().and_then(|(_, p)| {
            let notes = p.notes(&critere);
            let index = self.note.min(notes.len().checked_sub(1)?);
            // A draft shows no hint: none to dismiss.
            let note = Some(&notes[index]).filter(|n| !n.draft)?;
            let hint = *hints::shown(note, target, item_words).first()?;
            Some((index, hint))
        });
        let Some((index, hint)) = found else {
            ctx.say("Aucun conseil à écarter sur cette note.");
            return Vec::new();
        };
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        portfolio.dismiss_hint(&critere, index, hint);
        ctx.say(format!(
            "Conseil écarté pour cette note : {}.",
            hint.label()
        ));
        vec![Effect::Changed]
    }
}

/// At start, after days away: the next steps, with a word of welcome.
pub fn welcome(session: &Session, now: jiff::Timestamp) -> Option<Modal> {
    if session.tutor.is_some() || session.read_only().is_some() {
        return None;
    }
    let after = session.welcome_after_days.unwrap_or(WELCOME_AFTER_DAYS);
    if after == 0 {
        return None;
    }
    let (_, portfolio) = session.open()?;
    let days = days_away(portfolio, now).filter(|&d| d >= i64::from(after))?;
    let steps = session.next_steps(SHOWN);
    (!steps.is_empty()).then(|| Modal::NextSteps(NextSteps::new(steps, Some(days))))
}
