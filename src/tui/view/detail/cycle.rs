//! The review cycle in the detail pane: the requests that concern the
//! selected item, and where each stands.

use super::{Text, date, indent};
use crate::tui::app::App;
use crate::tui::outline::Node;

/// The ids from the selected item's bloc down to it: a request on any of
/// them (or on the whole dossier) concerns it.
pub fn lineage(app: &App) -> Vec<&str> {
    let Some((certification, _)) = app.doc() else {
        return Vec::new();
    };
    let bloc = app
        .screens
        .main
        .detail_path(&app.session)
        .and_then(|p| certification.blocs.get(p.bloc_index()))
        .map(|b| b.id.as_str());
    let below: Vec<&str> = match app.screens.main.detail_node(&app.session) {
        Some(Node::Critere(critere, competence)) => vec![&competence.id, &critere.id],
        // An evaluation's critère: also under each compétence it covers.
        Some(Node::Shared(critere, modalite)) => modalite
            .id
            .as_deref()
            .into_iter()
            .chain(modalite.covers.iter().map(String::as_str))
            .chain([critere.id.as_str()])
            .collect(),
        Some(Node::Competence(competence)) => vec![&competence.id],
        Some(Node::Evaluation(modalite)) => modalite.id.as_deref().into_iter().collect(),
        _ => Vec::new(),
    };
    bloc.into_iter().chain(below).collect()
}

/// The review requests open on the selected item, or on what contains it,
/// and where each stands.
pub fn requests_text(text: &mut Text, app: &App, lineage: &[&str]) {
    let theme = text.theme;
    let Some((_, portfolio)) = app.doc() else {
        return;
    };
    let concerned = portfolio
        .requests
        .iter()
        .filter(|r| r.is_open() && r.node.as_deref().is_none_or(|n| lineage.contains(&n)));
    for request in concerned {
        // Counted once per change, not per frame (see `tallies`).
        let (state, tutor) = app.session.request_state(request);
        let by = tutor.map(|t| format!(" par {t}")).unwrap_or_default();
        let mut line = format!(
            "⚑ Relecture demandée le {} ({}) : {}{by}",
            date(request.created, &app.tz),
            request.part(),
            state.label()
        );
        if !request.message.is_empty() {
            line.push_str(&format!(" — « {} »", request.message));
        }
        text.styled(&line, theme.message);
    }
}

/// What changed on an item, oldest first: statuses, verdicts, requests.
pub fn history_text(text: &mut Text, app: &App, id: &str) {
    let Some((_, portfolio)) = app.doc() else {
        return;
    };
    let events = crate::cycle::item_log(portfolio, &app.session.reviews, id);
    if events.is_empty() {
        return;
    }
    let theme = text.theme;
    text.heading("Historique");
    for event in events {
        let who = match event.author.as_str() {
            "candidat" if app.session.tutor.is_none() => "vous".to_string(),
            "candidat" => event.author,
            tutor => crate::review::shown_tutor(&app.session.reviews, tutor),
        };
        let what = if event.what.is_empty() {
            String::new()
        } else {
            format!(" : {}", event.what.lines().next().unwrap_or(""))
        };
        text.styled(
            &format!(
                "{} · {who} · {}{what}",
                date(event.time, &app.tz),
                event.kind.label()
            ),
            theme.dim,
        );
    }
}

/// Tutor: a note written or edited since they last read the item, with the
/// words that changed (`[-retiré-]{+ajouté+}`, as git's word diff).
pub fn note_news_text(text: &mut Text, app: &App, id: &str, note: &crate::portfolio::Note) {
    let Some(review) = app.session.tutor.as_ref().and(app.session.own_review()) else {
        return;
    };
    let theme = text.theme;
    match crate::cycle::note_news(review, id, note) {
        None => {}
        Some(crate::cycle::NoteNews::New) => {
            text.styled("  Nouvelle depuis votre dernière lecture.", theme.message)
        }
        Some(crate::cycle::NoteNews::Changed(pieces)) => {
            text.styled("  Modifiée depuis votre dernière lecture :", theme.message);
            let diff: String = pieces
                .iter()
                .map(|piece| match piece {
                    crate::cycle::Piece::Same(t) => t.clone(),
                    crate::cycle::Piece::Removed(t) => format!("[-{t}-]"),
                    crate::cycle::Piece::Added(t) => format!("{{+{t}+}}"),
                })
                .collect();
            text.para(&indent(&diff));
        }
    }
}
