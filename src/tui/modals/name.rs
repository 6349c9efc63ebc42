//! « Votre nom »: the candidate's name, the one their tutors see in the
//! cohort instead of the folder's. Asked when a portfolio without one opens
//! (offering config.ron's `name` or the folder's), and from the dashboard
//! (`n`) whenever they like. Enter keeps it; Échap at start means « plus
//! tard »: not asked again until livret starts again.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::Modal;
use crate::tui::reply::Reply;
use crate::tui::session::{Ctx, Session};

#[derive(Debug)]
pub struct NameForm {
    pub textarea: TextArea<'static>,
    /// Asked at start, not from the dashboard: Échap is « plus tard ».
    pub at_start: bool,
}

/// The question at start, when the open portfolio has no name: for the
/// candidate (not a tutor) who may write it, unless config.ron says
/// `ask_name: false` or they put it off in this session.
pub fn ask_at_start(session: &Session) -> Option<Modal> {
    let naming = &session.naming;
    if !naming.ask || naming.later || session.tutor.is_some() || session.read_only().is_some() {
        return None;
    }
    let (_, portfolio) = session.open()?;
    if portfolio.name().is_some() {
        return None;
    }
    // The name given to another certification's portfolio, else the one offered.
    let given = session
        .docs
        .iter()
        .find_map(|d| d.portfolio.as_ref().ok()?.identity.display_name());
    let offered = given
        .or_else(|| naming.suggested.clone())
        .unwrap_or_default();
    Some(Modal::Name(Box::new(NameForm::new(&offered, true))))
}

impl NameForm {
    pub fn new(name: &str, at_start: bool) -> Self {
        let mut textarea = TextArea::new(vec![name.to_string()]);
        textarea.set_placeholder_text("Prénom Nom");
        textarea.set_cursor_line_style(ratatui::style::Style::new());
        textarea.move_cursor(CursorMove::End);
        NameForm { textarea, at_start }
    }

    /// From the dashboard: the name the portfolio has, to change.
    pub fn change(session: &Session) -> Self {
        let name = session.open().and_then(|(_, p)| p.identity.display_name());
        NameForm::new(name.as_deref().unwrap_or_default(), false)
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join(" ")
    }

    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Reply {
        match action {
            Action::Activate => self.keep(ctx),
            Action::Back => {
                if self.at_start {
                    ctx.session.naming.later = true;
                    ctx.say(
                        "Votre nom vous sera redemandé au prochain lancement (ou : p, puis n).",
                    );
                }
                Reply::close()
            }
            Action::Type(key) if !breaks_line(&key) => {
                self.textarea.input(key);
                Reply::stay()
            }
            _ => Reply::stay(),
        }
    }

    /// Keeps the name typed (a blank one clears it; at start, it is only
    /// put off).
    fn keep(&self, ctx: &mut Ctx) -> Reply {
        let name = crate::portfolio::clean_name(&self.text());
        if name.is_none() && self.at_start {
            ctx.session.naming.later = true;
            return Reply::close();
        }
        if !ctx.writable() {
            return Reply::close();
        }
        let Some(portfolio) = ctx.session.open_mut() else {
            return Reply::close();
        };
        if !portfolio.set_name(name.as_deref()) {
            return Reply::close();
        }
        ctx.say(match &name {
            Some(name) => format!("Vos tuteurs vous verront sous le nom « {name} »."),
            None => "Nom retiré : vos tuteurs verront le nom de votre dossier.".to_string(),
        });
        Reply::close().with(vec![Effect::Changed])
    }
}

/// A name is one line: the keys that would start another do nothing.
fn breaks_line(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    matches!(key.code, KeyCode::Enter | KeyCode::Char('\n' | '\r'))
        || (ctrl && key.code == KeyCode::Char('m'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_stays_on_one_line() {
        let mut form = NameForm::new("Awa", false);
        let ctrl_m = KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL);
        assert!(breaks_line(&ctrl_m));
        assert!(!breaks_line(&KeyEvent::new(
            KeyCode::Char('m'),
            KeyModifiers::NONE
        )));
        form.textarea
            .input(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
        assert_eq!(form.text(), "Awa ");
    }
}
