//! The candidate asks for a review of the selected part of the dossier (or
//! takes back the request open on it): `R`.

use crate::search::Target;
use crate::tui::effect::Effect;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::{Modal, Modals};
use crate::tui::outline::Node;
use crate::tui::reply::Question;
use crate::tui::session::Ctx;

use super::MainScreen;

impl MainScreen {
    /// The part a review can be asked for here: a bloc, an evaluation, a
    /// compétence or a critère; none elsewhere (the whole dossier then).
    fn askable(&self, ctx: &Ctx) -> Option<String> {
        match self.selected_node(ctx.session)? {
            Node::Bloc(bloc) => Some(bloc.id.clone()),
            Node::Evaluation(modalite) => modalite.id.clone(),
            Node::Competence(competence) => Some(competence.id.clone()),
            Node::Critere(critere, _) | Node::Shared(critere, _) => Some(critere.id.clone()),
            Node::Activite(_) | Node::Orphans | Node::Orphan(_) => None,
        }
    }

    /// `R`: the message of a new request, or whether to take back the one
    /// open on this part.
    pub(super) fn request_review(&self, ctx: &mut Ctx, modals: &mut Modals) {
        if !ctx.session.writable() {
            ctx.say("Lecture seule : pas de demande de relecture d’ici.");
            return;
        }
        let node = self.askable(ctx);
        // Open and not yet returned: take it back? (A returned one may be
        // asked again.)
        let open = node.is_some()
            && ctx.session.open().is_some_and(|(c, p)| {
                p.open_request(node.as_deref()).is_some_and(|r| {
                    crate::cycle::state(r, c, &ctx.session.reviews).0
                        != crate::cycle::State::Returned
                })
            });
        if open {
            modals.push(Modal::Confirm(Question::WithdrawRequest(node)));
        } else {
            modals.push(Modal::Editor(Box::new(Editor::request(node.as_deref()))));
        }
    }
}

/// The tutor's side: working through a request opened from the queue.
impl MainScreen {
    /// The request being worked through, as the candidate wrote it.
    fn active_request(ctx: &Ctx) -> Option<crate::portfolio::Request> {
        let since = ctx.session.request?;
        let (_, portfolio) = ctx.session.open()?;
        portfolio
            .requests
            .iter()
            .find(|r| r.created == since && r.is_open())
            .cloned()
    }

    /// The units of the active request this tutor has not answered yet.
    fn unanswered(ctx: &Ctx, request: &crate::portfolio::Request) -> Vec<String> {
        let (Some((certification, _)), Some(review)) =
            (ctx.session.open(), ctx.session.own_review())
        else {
            return Vec::new();
        };
        crate::cycle::unanswered(request, certification, review)
    }

    /// A candidate opened from the queue: the request is marked « en
    /// relecture » in this tutor's review, and the first item without an
    /// answer is selected.
    pub fn start_request(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(request) = Self::active_request(ctx) else {
            return Vec::new();
        };
        let writable = ctx
            .session
            .tutor
            .as_ref()
            .is_some_and(|t| t.read_only.is_none());
        let mut effects = Vec::new();
        let now = ctx.now;
        if writable && let Some(review) = ctx.session.own_review_mut() {
            review.opened.entry(request.created).or_insert(now);
            effects.push(Effect::ReviewChanged);
        }
        let left = Self::unanswered(ctx, &request);
        if let Some(first) = left.first() {
            self.jump(ctx.session, &Target::Node(first.clone()));
            // On screen from now: read when the tutor leaves it.
            ctx.session.viewing = Some(first.clone());
        }
        let message = if request.message.is_empty() {
            String::new()
        } else {
            format!(" « {} » ;", request.message.lines().next().unwrap_or(""))
        };
        ctx.say(format!(
            "Relecture de {} :{message} {} élément(s) sans réponse ; n pour le suivant.",
            request.part(),
            left.len()
        ));
        effects
    }

    /// `n`: the next item of the request without an answer from this tutor,
    /// after the selected one (from the start again at the end).
    pub(super) fn next_requested(&mut self, ctx: &mut Ctx) {
        let Some(request) = Self::active_request(ctx) else {
            ctx.say("Aucune demande de relecture ouverte : d sur l’écran des candidats les liste.");
            return;
        };
        let left = Self::unanswered(ctx, &request);
        if left.is_empty() {
            ctx.say(format!(
                "Demande sur {} : chaque élément a un avis ou un commentaire de vous, elle est rendue.",
                request.part()
            ));
            return;
        }
        let here = self.selected_critere(ctx.session);
        let units = crate::cycle::units_under(
            ctx.session
                .open()
                .map(|(c, _)| c)
                .expect("a request implies a certification"),
            request.node.as_deref(),
        );
        let at = here.and_then(|h| units.iter().position(|u| *u == h));
        let next = units
            .iter()
            .enumerate()
            .filter(|(i, u)| at.is_none_or(|at| *i > at) && left.contains(u))
            .map(|(_, u)| u)
            .next()
            .or(left.first())
            .cloned();
        if let Some(next) = next {
            self.jump(ctx.session, &Target::Node(next.clone()));
            ctx.say(format!(
                "{next} : {} élément(s) sans réponse dans la demande.",
                left.len()
            ));
        }
    }
}
