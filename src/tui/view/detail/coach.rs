//! The coach in the detail pane: words against the target, the writing
//! hints of each note, the prompts beside an item without notes, France
//! VAE's positioning of a compétence.

use super::Text;
use crate::coach::tally::Words;
use crate::coach::{hints, positioning};
use crate::portfolio::{Note, Portfolio};
use crate::referentiel::{Bloc, Competence};
use crate::text::thousands;
use crate::tui::app::App;

/// `Rédaction : 1 240/3 000 mots (41 %)`: words towards the target.
pub fn words_line(text: &mut Text, words: Words) {
    let style = text.theme.dim;
    let extra = words.words.saturating_sub(words.toward_target);
    let extra = if extra > 0 {
        format!(", {} de plus", thousands(extra))
    } else {
        String::new()
    };
    text.styled(
        &format!(
            "Rédaction : {}/{} mots ({} %{extra})",
            thousands(words.toward_target),
            thousands(words.target_words),
            words.percent()
        ),
        style,
    );
}

/// A unit's words against the target (counted once per change).
pub fn unit_words(text: &mut Text, app: &App, id: &str) {
    let target = app.session.target() as usize;
    let written = app.session.unit_words(id);
    words_line(
        text,
        Words {
            words: written,
            toward_target: written.min(target),
            target_words: target,
        },
    );
}

/// `Positionnement France VAE : partiellement (estimé) · P`.
pub fn positioning_line(
    text: &mut Text,
    bloc: &Bloc,
    competence: &Competence,
    portfolio: &Portfolio,
) {
    let stance = positioning::stance(bloc, competence, portfolio);
    let how = if stance.set {
        "P pour changer"
    } else {
        "d’après les critères ; P pour le donner"
    };
    let style = text.theme.message;
    text.styled(
        &format!("Positionnement France VAE : {} ({how})", stance.label()),
        style,
    );
}

/// The hints on a note, on one line; for the selected note, the advice of
/// the first one under it (`H` dismisses it).
pub fn hints_text(text: &mut Text, app: &App, (id, note): (&str, &Note), selected: bool) {
    if note.draft {
        return;
    }
    let shown = hints::shown(note, app.session.target(), app.session.unit_words(id));
    let Some(first) = shown.first() else {
        return;
    };
    let style = text.theme.message;
    let labels: Vec<&str> = shown.iter().map(|h| h.label()).collect();
    text.styled(&format!("  ✱ {}", labels.join(" · ")), style);
    if selected {
        let dim = text.theme.dim;
        text.styled(&format!("    → {} (H l’écarte)", first.advice()), dim);
    }
}

/// Beside an item without notes: the questions to write on.
pub fn prompts_text(text: &mut Text, app: &App, id: &str) {
    let dim = text.theme.dim;
    text.styled(
        "Pour écrire (a, puis Ctrl-T insère ces questions comme trame) :",
        dim,
    );
    for prompt in app.session.prompts(id) {
        text.styled(&format!("  {} {prompt}", crate::coach::FRAME_MARK), dim);
    }
    text.blank();
}
