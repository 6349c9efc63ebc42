//! The export menu (`x`): which document (the dossier for the jury, or the
//! follow-up), in which formats, which blocs, only the critères prêt or
//! not, the tutors' comments; Entrée writes it to `<data>/exports/`.

use crate::export::{Format, Options, Request};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::reply::Reply;

/// The formats offered, all three first.
pub const FORMATS: [(&str, &[Format]); 4] = [
    ("Word, HTML et Markdown", &Format::ALL),
    ("Word (.docx)", &[Format::Docx]),
    ("page HTML", &[Format::Html]),
    ("Markdown", &[Format::Markdown]),
];

/// The lines of the menu, in order.
pub const LINES: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMenu {
    /// The line whose value ←/→ change.
    pub line: usize,
    /// Index in [`FORMATS`].
    pub formats: usize,
    pub suivi: bool,
    pub ready_only: bool,
    pub with_reviews: bool,
    /// Index in `blocs`; `None`: every bloc aimed for.
    pub bloc: Option<usize>,
    /// The certification's blocs, by id.
    pub blocs: Vec<String>,
}

impl ExportMenu {
    pub fn new(blocs: Vec<String>) -> Self {
        ExportMenu {
            line: 0,
            formats: 0,
            suivi: false,
            ready_only: false,
            with_reviews: false,
            bloc: None,
            blocs,
        }
    }

    /// What Entrée asks to export.
    pub fn request(&self) -> Request {
        Request {
            options: Options {
                only_ready: self.ready_only,
                suivi: self.suivi,
                // Never in the jury's dossier.
                with_reviews: self.suivi && self.with_reviews,
                blocs: self
                    .bloc
                    .and_then(|b| self.blocs.get(b))
                    .cloned()
                    .into_iter()
                    .collect(),
            },
            formats: FORMATS[self.formats].1.to_vec(),
            overwrite: false,
        }
    }

    pub fn update(&mut self, action: &Action) -> Reply {
        match action {
            Action::Down => self.line = (self.line + 1).min(LINES - 1),
            Action::Up => self.line = self.line.saturating_sub(1),
            Action::Left => self.change(false),
            Action::Right => self.change(true),
            Action::Activate => {
                return Reply::close().with(vec![Effect::Export(self.request())]);
            }
            Action::Back | Action::Quit => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    /// The value of the selected line, to the next (or the previous).
    fn change(&mut self, forward: bool) {
        let step = |value: usize, count: usize| {
            if forward {
                (value + 1) % count
            } else {
                (value + count - 1) % count
            }
        };
        match self.line {
            0 => self.suivi = !self.suivi,
            1 => self.formats = step(self.formats, FORMATS.len()),
            2 => {
                // None, then each bloc, round.
                let count = self.blocs.len() + 1;
                let at = self.bloc.map_or(0, |b| b + 1);
                let next = step(at, count);
                self.bloc = next.checked_sub(1);
            }
            3 => self.ready_only = !self.ready_only,
            _ => self.with_reviews = self.suivi && !self.with_reviews,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_asks_for_what_its_lines_say() {
        let mut menu = ExportMenu::new(vec!["BC01".into(), "BC02".into()]);
        assert_eq!(menu.request().options, Options::default());
        assert_eq!(menu.request().formats, Format::ALL);
        menu.update(&Action::Right); // the follow-up
        menu.update(&Action::Down);
        menu.update(&Action::Right); // Word only
        menu.update(&Action::Down);
        menu.update(&Action::Left); // the last bloc
        menu.update(&Action::Down);
        menu.update(&Action::Right); // prêt only
        menu.update(&Action::Down);
        menu.update(&Action::Right); // the comments
        let request = menu.request();
        assert_eq!(request.formats, [Format::Docx]);
        assert_eq!(
            request.options,
            Options {
                only_ready: true,
                suivi: true,
                with_reviews: true,
                blocs: vec!["BC02".into()],
            }
        );
        // Back to the dossier: the comments can never go with it.
        menu.line = 0;
        menu.update(&Action::Right);
        assert!(!menu.request().options.with_reviews);
        menu.line = 4;
        menu.update(&Action::Right);
        assert!(!menu.with_reviews);
        assert!(!menu.request().overwrite);
    }
}
