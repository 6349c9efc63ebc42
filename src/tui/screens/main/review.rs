//! Tutor review on the main screen: verdicts and comments on the
//! candidate's critères and compétences, the "waiting for review" filter,
//! and, on the candidate's side, which comments are still unread.

use super::MainScreen;
use crate::portfolio::{Portfolio, Status};
use crate::review;
use crate::tui::effect::Effect;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::{Modal, Modals};
use crate::tui::outline::{self, Node, NodePath};
use crate::tui::session::{Ctx, Session};

pub use crate::tui::session::Tutor;

impl MainScreen {
    /// The id a verdict or a comment goes to: the selected critère or compétence.
    fn reviewable(&self, ctx: &mut Ctx) -> Option<String> {
        let Some(tutor) = &ctx.session.tutor else {
            ctx.say("Réservé aux tuteurs : livret tutor DOSSIER ouvre le portfolio d’un candidat.");
            return None;
        };
        if let Some(reason) = &tutor.read_only {
            let said = format!("Lecture seule : {reason}");
            ctx.say(said);
            return None;
        }
        let id = match self.selected_node(ctx.session) {
            Some(Node::Critere(critere, _) | Node::Shared(critere, _)) => Some(critere.id.clone()),
            Some(Node::Competence(competence)) => Some(competence.id.clone()),
            _ => None,
        };
        if id.is_none() {
            ctx.say("Sélectionnez un critère ou une compétence.");
        }
        id
    }

    pub(super) fn cycle_verdict(&self, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(id) = self.reviewable(ctx) else {
            return Vec::new();
        };
        let Some(review) = ctx.session.own_review_mut() else {
            return Vec::new();
        };
        let verdict = review.cycle_verdict(&id, ctx.now);
        ctx.say(match verdict {
            Some(v) => format!("{id} : {}.", v.label()),
            None => format!("{id} : sans avis."),
        });
        // The filtered tree keeps this critère until the filter is toggled:
        // the tutor may press v again, or comment it.
        vec![Effect::ReviewChanged]
    }

    /// `V`: the verdict stands, evidence changed or not.
    pub(super) fn confirm_verdict(&self, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(id) = self.reviewable(ctx) else {
            return Vec::new();
        };
        let now = ctx.now;
        let confirmed = ctx
            .session
            .own_review_mut()
            .and_then(|review| review.confirm_verdict(&id, now));
        match confirmed {
            Some(verdict) => {
                ctx.say(format!("{id} : {} (confirmé).", verdict.label()));
                vec![Effect::ReviewChanged]
            }
            None => {
                ctx.say(format!(
                    "{id} : pas d’avis à confirmer (v pour en donner un)."
                ));
                Vec::new()
            }
        }
    }

    /// `c`: a tutor comments; a candidate replies to the comments there.
    pub(super) fn start_comment(&self, ctx: &mut Ctx, modals: &mut Modals) {
        if ctx.session.tutor.is_none() {
            return self.start_reply(ctx, modals);
        }
        if let Some(id) = self.reviewable(ctx) {
            modals.push(Modal::Editor(Box::new(Editor::comment(&id))));
        }
    }

    fn start_reply(&self, ctx: &mut Ctx, modals: &mut Modals) {
        if !ctx.session.writable() {
            ctx.say("Lecture seule : pas de réponse d’ici.");
            return;
        }
        let id = match self.selected_node(ctx.session) {
            Some(Node::Critere(critere, _) | Node::Shared(critere, _)) => critere.id.clone(),
            Some(Node::Competence(competence)) => competence.id.clone(),
            _ => {
                ctx.say("Sélectionnez le critère ou la compétence commentés.");
                return;
            }
        };
        if review::comments(&ctx.session.reviews, &id).is_empty() {
            ctx.say("Aucun commentaire de tuteur ici : rien à quoi répondre.");
            return;
        }
        modals.push(Modal::Editor(Box::new(Editor::reply(&id))));
    }

    pub(super) fn toggle_filter(&mut self, ctx: &mut Ctx) {
        let Some(tutor) = &mut ctx.session.tutor else {
            ctx.say("Réservé aux tuteurs.");
            return;
        };
        tutor.filter = !tutor.filter;
        let leaving = !tutor.filter;
        ctx.say(if !leaving {
            "Filtre : critères prêts sans avis de votre part."
        } else {
            "Filtre retiré : tout le référentiel."
        });
        let session = &mut *ctx.session;
        // Where the tutor was, even if the filtered tree ended up empty.
        let path = self.selected_path().or_else(|| {
            let (certification, portfolio) = session.open()?;
            outline::find(certification, portfolio.view.selected.as_deref()?)
        });
        // Back to the whole tree, opened down to where the tutor was.
        if leaving && let (Some(path), Some((certification, _))) = (path, session.open()) {
            let ancestors = outline::ancestors(certification, path);
            if let Some(portfolio) = session.open_mut() {
                portfolio.view.expanded.extend(ancestors);
            }
        }
        self.refresh_rows(session, path.unwrap_or(NodePath::Bloc(0)));
        if !leaving && self.rows.is_empty() {
            ctx.say("Rien à revoir : aucun critère prêt sans votre avis (f pour tout voir).");
        }
    }

    /// The candidate has the critère or compétence of the detail pane in
    /// front of them: its comments are read.
    pub fn mark_read(&self, session: &mut Session) -> Vec<Effect> {
        // What the detail pane shows, which is what has been read.
        let Some(id) = self.detail_node(session).map(|n| n.id().to_string()) else {
            return Vec::new();
        };
        if session.tutor.is_some() {
            let mut effects = notes_read_on_leaving(session, &id);
            effects.extend(mark_replies_read(session, id));
            effects.dedup();
            return effects;
        }
        if session.read_only().is_some() {
            return Vec::new();
        }
        let Some((_, portfolio)) = session.open() else {
            return Vec::new();
        };
        if !unread(session, portfolio, &id) {
            return Vec::new();
        }
        let Some(latest) = review::latest_comment(&session.reviews, &id) else {
            return Vec::new();
        };
        if let Some(portfolio) = session.open_mut() {
            portfolio.seen.insert(id, latest);
        }
        vec![Effect::Changed]
    }
}

/// With the filter on: whether a critère is prêt and not judged by this tutor.
pub fn awaits_review(session: &Session, portfolio: &Portfolio, critere: &str) -> bool {
    portfolio.status(critere) == Status::Ready
        && session
            .own_review()
            .is_none_or(|r| r.verdict(critere).is_none())
}

/// Whether there is news on this id for the one at the keyboard: a tutor
/// comment the candidate has not read, a reply the tutor has not read.
pub fn unread(session: &Session, portfolio: &Portfolio, id: &str) -> bool {
    if session.tutor.is_some() {
        return unread_reply(session, portfolio, id);
    }
    review::latest_comment(&session.reviews, id)
        .is_some_and(|latest| portfolio.seen.get(id).is_none_or(|seen| *seen < latest))
}

/// A tutor looked at `id`: the candidate's replies there are read.
fn mark_replies_read(session: &mut Session, id: String) -> Vec<Effect> {
    let writable = session
        .tutor
        .as_ref()
        .is_some_and(|t| t.read_only.is_none());
    let newest = session
        .open()
        .and_then(|(_, p)| p.replies(&id).iter().map(|r| r.created).max());
    let (Some(newest), true) = (newest, writable) else {
        return Vec::new();
    };
    let Some(review) = session.own_review_mut() else {
        return Vec::new();
    };
    if review.seen.get(&id).is_some_and(|seen| *seen >= newest) {
        return Vec::new();
    }
    review.seen.insert(id, newest);
    vec![Effect::ReviewChanged]
}

/// Whether the tutor has not read the candidate's newest reply on this id.
pub fn unread_reply(session: &Session, portfolio: &Portfolio, id: &str) -> bool {
    session
        .own_review()
        .is_some_and(|r| crate::cycle::unread_replies(portfolio, r, id) > 0)
}

/// A tutor moved to `id`: the item they leave has its notes read as they
/// are now (what changed until then stayed shown while they were on it).
fn notes_read_on_leaving(session: &mut Session, id: &str) -> Vec<Effect> {
    if session.viewing.as_deref() == Some(id) {
        return Vec::new();
    }
    let left = session.viewing.replace(id.to_string());
    let writable = session
        .tutor
        .as_ref()
        .is_some_and(|t| t.read_only.is_none());
    let (Some(left), true) = (left, writable) else {
        return Vec::new();
    };
    let Some(notes) = session.open().map(|(_, p)| p.notes(&left).to_vec()) else {
        return Vec::new();
    };
    // Nothing read there, nothing to record: no review made for it.
    let recorded = session
        .own_review()
        .is_some_and(|r| r.read.contains_key(&left));
    if notes.is_empty() && !recorded {
        return Vec::new();
    }
    let marked = session
        .own_review_mut()
        .is_some_and(|review| review.mark_notes_read(&left, &notes));
    if marked {
        vec![Effect::ReviewChanged]
    } else {
        Vec::new()
    }
}

/// Tutor: whether notes of `id` are new or changed since they last read it.
pub fn notes_changed(session: &Session, portfolio: &Portfolio, id: &str) -> bool {
    session
        .own_review()
        .is_some_and(|r| crate::cycle::notes_changed(r, id, portfolio))
}
