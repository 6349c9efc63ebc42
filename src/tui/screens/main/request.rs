//! The candidate asks for a review of the selected part of the dossier (or
//! takes back the request open on it): `R`.

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
        let open = ctx
            .session
            .open()
            .is_some_and(|(_, p)| node.is_some() && p.open_request(node.as_deref()).is_some());
        if open {
            modals.push(Modal::Confirm(Question::WithdrawRequest(node)));
        } else {
            modals.push(Modal::Editor(Box::new(Editor::request(node.as_deref()))));
        }
    }
}
