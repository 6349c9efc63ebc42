//! The right pane: every text the référentiel has for the selected node, and
//! for a critère, the candidate's evidence notes.

mod coach;
mod cycle;
mod notes;

use notes::notes_text;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::portfolio::Portfolio;
use crate::progress::Tally;
use crate::referentiel::{Activite, Bloc, Certification, Competence, Critere, Modalite};
use crate::review::{self, Verdict};
use crate::tui::app::{App, Pane};
use crate::tui::outline::Node;
use crate::tui::theme::Theme;

pub fn date(timestamp: Timestamp, tz: &TimeZone) -> String {
    timestamp
        .to_zoned(tz.clone())
        .strftime("%d/%m/%Y %H:%M")
        .to_string()
}

/// Lines wrapped to the pane's width, with marks of where things start.
pub(super) struct Text<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    /// The pane's rows: a note's preview grows with them.
    height: usize,
    pub(super) theme: &'t Theme,
}

impl Text<'_> {
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| l.width() > 0) {
            self.lines.push(Line::default());
        }
    }

    pub(super) fn heading(&mut self, text: &str) {
        self.blank();
        let style = self.theme.heading;
        self.styled(text, style);
    }

    /// Wraps each line of `text`; list items keep their hanging indent.
    pub(super) fn styled(&mut self, text: &str, style: Style) {
        // What would reorder or hide text is shown, not applied.
        let text = crate::text::visible(text);
        for source_line in text.lines() {
            let trimmed = source_line.trim_start();
            let indent = source_line.len() - trimmed.len();
            let hang = if ["- ", "• ", "▸ ", "▶ "]
                .iter()
                .any(|b| trimmed.starts_with(b))
            {
                indent + 2
            } else {
                indent
            };
            let hang = " ".repeat(hang.min(self.width / 2));
            let options = textwrap::Options::new(self.width.max(1)).subsequent_indent(&hang);
            for wrapped in textwrap::wrap(source_line, options) {
                self.lines.push(Line::styled(wrapped.into_owned(), style));
            }
        }
    }

    pub(super) fn para(&mut self, text: &str) {
        self.styled(text, Style::new());
    }

    fn labelled(&mut self, label: &str, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.heading(label);
        self.para(text);
    }

    /// A list under a heading; an item that starts with `- ` is a sub-item
    /// of the one before and is indented under it.
    fn list(&mut self, label: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.heading(label);
        self.items(items);
    }

    fn items(&mut self, items: &[String]) {
        for item in items {
            match item.strip_prefix("- ") {
                Some(sub) => self.para(&format!("  - {sub}")),
                None => self.para(&format!("- {item}")),
            }
        }
    }

    fn progress(&mut self, tally: Tally) {
        let style = self.theme.dim;
        self.styled(
            &format!(
                "Progression : {}/{} prêts · {} en cours ({} %)",
                tally.ready,
                tally.units,
                tally.in_progress,
                tally.percent()
            ),
            style,
        );
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some((certification, portfolio)) = app.doc() else {
        return;
    };
    let focused = app.screens.main.focus == Pane::Detail;
    let block = crate::tui::view::widgets::pane(" Détail ", focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let mut text = Text {
        lines: Vec::new(),
        width: usize::from(inner.width),
        height: usize::from(inner.height),
        theme,
    };
    let Some(node) = app.screens.main.detail_node(&app.session) else {
        return;
    };
    let mut selected_note = None;
    match node {
        Node::Bloc(bloc) => {
            let index = app
                .screens
                .main
                .detail_path(&app.session)
                .map_or(0, |p| p.bloc_index());
            let figures = (app.session.bloc_tally(index), app.session.bloc_words(index));
            bloc_text(&mut text, bloc, portfolio, figures);
            cycle::requests_text(&mut text, app, &[&bloc.id]);
        }
        Node::Activite(activite) => activite_text(&mut text, activite),
        Node::Competence(competence) => {
            let bloc = app
                .screens
                .main
                .detail_path(&app.session)
                .and_then(|p| certification.blocs.get(p.bloc_index()));
            selected_note = competence_text(&mut text, bloc, competence, portfolio, app, focused);
        }
        Node::Critere(critere, competence) => {
            selected_note = critere_text(&mut text, critere, portfolio, app, focused);
            text.styled(
                &format!("Compétence {} — {}", competence.id, competence.title),
                theme.dim,
            );
        }
        Node::Orphans => {
            text.styled("Hors référentiel", theme.title);
            text.para(
                "Ces éléments portent des notes, un statut ou une auto-évaluation, mais le \
                 référentiel ne les contient plus (une version plus récente l’a changé sans \
                 dire où ils sont allés). Rien n’est effacé : relisez chaque note, et M la \
                 déplace vers le critère qui lui correspond désormais (u l’annule).",
            );
        }
        Node::Orphan(id) => {
            text.styled(&format!("Hors référentiel : {id}"), theme.title);
            text.styled(
                "Cet élément n’existe plus dans le référentiel ; ses notes sont gardées ici. \
                 M déplace la note sélectionnée vers un critère.",
                theme.warning,
            );
            status_line(&mut text, (id, app), portfolio);
            selected_note = notes_text(&mut text, id, portfolio, app, focused);
        }
        Node::Evaluation(modalite) => {
            evaluation_text(&mut text, certification, modalite, portfolio, app);
            cycle::requests_text(&mut text, app, &cycle::lineage(app));
        }
        Node::Shared(critere, modalite) => {
            selected_note = critere_text(&mut text, critere, portfolio, app, focused);
            let bloc = app
                .screens
                .main
                .detail_path(&app.session)
                .and_then(|p| certification.blocs.get(p.bloc_index()));
            text.styled(
                &format!(
                    "Critère de l’évaluation {} — {}",
                    modalite.id.as_deref().unwrap_or_default(),
                    modalite.title
                ),
                theme.dim,
            );
            let covered: Vec<String> = modalite
                .covers
                .iter()
                .map(|id| {
                    let title = bloc
                        .and_then(|b| b.competences().find(|c| &c.id == id))
                        .map_or("", |c| c.title.as_str());
                    format!("{id} {title}")
                })
                .collect();
            text.styled(&format!("Partagé par : {}", covered.join(" · ")), theme.dim);
        }
    }
    let height = usize::from(inner.height);
    let total = text.lines.len();
    let scroll = match selected_note {
        // Keep the selected note in view, scrolling no more than needed:
        // what is above it (the tutors' comments) stays when it can.
        // j past the last note, or PageDown, reads on (a note longer than
        // the pane, its linked experiences).
        Some((start, end)) if end > height => (end - height)
            .min(start.saturating_sub(1))
            .saturating_add(usize::from(app.screens.main.detail_scroll))
            .min(total.saturating_sub(height)),
        Some(_) => usize::from(app.screens.main.detail_scroll).min(total.saturating_sub(height)),
        None => usize::from(app.screens.main.detail_scroll).min(total.saturating_sub(height)),
    };
    Paragraph::new(text.lines)
        .scroll((scroll.min(usize::from(u16::MAX)) as u16, 0))
        .render(inner, buf);
}

fn bloc_text(
    text: &mut Text,
    bloc: &Bloc,
    portfolio: &Portfolio,
    (tally, words): (Tally, crate::coach::tally::Words),
) {
    let theme = text.theme;
    text.styled(&format!("Bloc {} — {}", bloc.id, bloc.title), theme.title);
    if bloc.optional {
        let state = if portfolio.targeted.contains(&bloc.id) {
            "Bloc optionnel, visé (t pour ne plus le viser)"
        } else {
            "Bloc optionnel, non visé (t pour le viser)"
        };
        text.styled(state, theme.message);
    }
    text.progress(tally);
    coach::words_line(text, words);
    if !bloc.description.is_empty() {
        text.blank();
        text.para(&bloc.description);
    }
    for modalite in &bloc.modalites {
        let title = match &modalite.id {
            Some(id) => format!("Modalité d’évaluation {id} — {}", modalite.title),
            None => format!("Modalité d’évaluation — {}", modalite.title),
        };
        text.heading(&title);
        if let Some(duration) = &modalite.duration {
            text.para(&format!("Durée : {duration}"));
        }
        text.para(&modalite.text);
        if !modalite.requirements.is_empty() {
            text.para("Conditions :");
            text.items(&modalite.requirements);
        }
        if !modalite.deliverables.is_empty() {
            text.para("Livrables :");
            text.items(&modalite.deliverables);
        }
    }
    text.list("Connaissances associées", &bloc.knowledge);
}

fn activite_text(text: &mut Text, activite: &Activite) {
    let theme = text.theme;
    text.styled(
        &format!("Activité {} — {}", activite.id, activite.title),
        theme.title,
    );
    if !activite.description.is_empty() {
        text.blank();
        text.para(&activite.description);
    }
    text.heading("Compétences");
    for competence in &activite.competences {
        text.para(&format!("- {} {}", competence.id, competence.title));
    }
}

/// A compétence: its context, its critères (own, then those of the
/// evaluations covering it) or, without critère of its own, its evidence.
fn competence_text(
    text: &mut Text,
    bloc: Option<&Bloc>,
    competence: &Competence,
    portfolio: &Portfolio,
    app: &App,
    focused: bool,
) -> Option<(usize, usize)> {
    let theme = text.theme;
    let leaf_label = app
        .doc()
        .map_or("Critères d’évaluation", |(c, _)| c.leaf_label());
    text.styled(&format!("Compétence {}", competence.id), theme.title);
    if competence.is_leaf() {
        status_line(text, (&competence.id, app), portfolio);
    }
    text.para(&competence.title);
    text.progress(app.session.competence_tally(&competence.id));
    if competence.is_leaf() {
        coach::unit_words(text, app, &competence.id);
    } else {
        coach::words_line(text, app.session.node_words(&competence.id));
    }
    if let Some(bloc) = bloc {
        coach::positioning_line(text, bloc, competence, portfolio);
    }
    reviews_text(text, app, &competence.id);
    text.labelled("Conditions de réalisation", &competence.conditions);
    text.labelled("Résultats attendus", &competence.results);
    text.list("Connaissances associées", &competence.knowledge);
    if !competence.criteres.is_empty() {
        text.heading(leaf_label);
        for critere in &competence.criteres {
            critere_line(text, critere, portfolio);
        }
    }
    for modalite in bloc
        .into_iter()
        .flat_map(|b| b.evaluations_of(&competence.id))
    {
        text.heading(&format!(
            "{leaf_label} de l’évaluation {} — {}",
            modalite.id.as_deref().unwrap_or_default(),
            modalite.title
        ));
        for critere in &modalite.criteres {
            critere_line(text, critere, portfolio);
        }
    }
    if competence.is_leaf() {
        if competence.criteres.is_empty()
            && bloc.is_none_or(|b| b.evaluations_of(&competence.id).next().is_none())
        {
            text.blank();
            text.styled(
                "Le référentiel ne donne pas de critère pour cette compétence : les preuves s’y rattachent directement.",
                theme.dim,
            );
        }
        let selected = notes_text(text, &competence.id, portfolio, app, focused);
        cycle::history_text(text, app, &competence.id);
        return selected;
    }
    cycle::history_text(text, app, &competence.id);
    None
}

fn critere_line(text: &mut Text, critere: &Critere, portfolio: &Portfolio) {
    let status = portfolio.status(&critere.id);
    let first = critere.text.lines().next().unwrap_or_default();
    text.styled(
        &format!("{} {} {first}", status.symbol(), critere.id),
        text.theme.status(status),
    );
}

/// An evaluation that carries critères: what it is, what it covers, its critères.
fn evaluation_text(
    text: &mut Text,
    certification: &Certification,
    modalite: &Modalite,
    portfolio: &Portfolio,
    app: &App,
) {
    let theme = text.theme;
    let id = modalite.id.as_deref().unwrap_or_default();
    text.styled(
        &format!("Évaluation {id} — {}", modalite.title),
        theme.title,
    );
    text.progress(app.session.competence_tally(id));
    coach::words_line(text, app.session.node_words(id));
    if let Some(duration) = &modalite.duration {
        text.para(&format!("Durée : {duration}"));
    }
    if !modalite.text.trim().is_empty() {
        text.blank();
        text.para(&modalite.text);
    }
    text.list("Conditions", &modalite.requirements);
    text.list("Livrables", &modalite.deliverables);
    text.heading("Compétences évaluées");
    for covered in &modalite.covers {
        let title = certification
            .competences()
            .find(|c| &c.id == covered)
            .map_or("", |c| c.title.as_str());
        text.para(&format!("- {covered} {title}"));
    }
    text.heading(certification.leaf_label());
    for critere in &modalite.criteres {
        critere_line(text, critere, portfolio);
    }
}

/// The candidate's status and self-assessment on a unit of evidence.
fn status_line(text: &mut Text, (id, app): (&str, &App), portfolio: &Portfolio) {
    let theme = text.theme;
    let status = portfolio.status(id);
    let level = match portfolio.critere(id).and_then(|w| w.level) {
        Some(level) => {
            let name = app.doc().map_or("", |(c, _)| c.level_name(level));
            format!("{level}/4 ({name})")
        }
        None => "–/4".to_string(),
    };
    text.lines.push(Line::from(vec![
        Span::styled(
            format!("{} {}", status.symbol(), status.label()),
            theme.status(status).add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(" · auto-évaluation {level}")),
        Span::styled(" (s, 1–4)", theme.dim),
    ]));
}

/// Every tutor's verdict and comments on a critère or compétence.
fn reviews_text(text: &mut Text, app: &App, id: &str) {
    let theme = text.theme;
    cycle::requests_text(text, app, &cycle::lineage(app));
    let reviews = &app.session.reviews;
    let verdicts: Vec<(&str, Verdict)> = review::verdicts(reviews, id).collect();
    // Shown for what they are, never counted (store::signing).
    let unverified: Vec<(&str, Verdict)> = review::unverified_verdicts(reviews, id).collect();
    let Some((_, portfolio)) = app.doc() else {
        return;
    };
    let thread = crate::cycle::thread(portfolio, reviews, id);
    if verdicts.is_empty() && unverified.is_empty() && thread.is_empty() {
        if app.session.tutor.is_some() {
            text.heading("Avis des tuteurs");
            text.styled(
                "Aucun avis : v pour en donner un, c pour commenter.",
                theme.dim,
            );
        }
        return;
    }
    text.heading("Avis des tuteurs");
    for (tutor, verdict) in verdicts {
        let style = match verdict {
            Verdict::Validated => theme.validated,
            Verdict::Rework => theme.rework,
        };
        let stale = app
            .session
            .reviews
            .iter()
            .any(|r| r.tutor == tutor && crate::cycle::stale_verdict(r, id, portfolio));
        let stale = if stale {
            " — modifié depuis le verdict"
        } else {
            ""
        };
        text.styled(
            &format!("{tutor} : {} {}{stale}", verdict.symbol(), verdict.label()),
            style,
        );
    }
    for (tutor, verdict) in unverified {
        text.styled(
            &format!(
                "{tutor} {} : {} {} (non compté)",
                review::UNVERIFIED,
                verdict.symbol(),
                verdict.label()
            ),
            theme.dim,
        );
    }
    let candidate = if app.session.tutor.is_some() {
        "le candidat"
    } else {
        "vous"
    };
    for message in thread {
        let who = match message.author {
            crate::cycle::Author::Tutor(tutor) => review::shown_tutor(reviews, tutor),
            crate::cycle::Author::Candidate => candidate.to_string(),
        };
        let lost = if message.orphan {
            " (en réponse à un commentaire qui n’existe plus)"
        } else {
            ""
        };
        text.styled(
            &format!("{who}, {}{lost} :", date(message.created, &app.tz)),
            theme.dim,
        );
        text.para(&indent(message.text));
    }
    if app.session.tutor.is_none() && !review::comments(reviews, id).is_empty() {
        text.styled("c pour répondre", theme.dim);
    }
}

pub(super) fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes a critère and its notes; returns the lines of the selected note.
fn critere_text(
    text: &mut Text,
    critere: &Critere,
    portfolio: &Portfolio,
    app: &App,
    focused: bool,
) -> Option<(usize, usize)> {
    let theme = text.theme;
    text.styled(&format!("Critère {}", critere.id), theme.title);
    status_line(text, (&critere.id, app), portfolio);
    coach::unit_words(text, app, &critere.id);
    text.para(&critere.text);
    if let Some(group) = &critere.group {
        text.styled(&format!("({group})"), theme.dim);
    }
    reviews_text(text, app, &critere.id);
    let selected = notes_text(text, &critere.id, portfolio, app, focused);
    cycle::history_text(text, app, &critere.id);
    selected
}
