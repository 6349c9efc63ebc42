//! What a read of the export gave: the list of its fiches, or the fiche
//! written, which joins the certifications and opens.

use crate::fiche::printable;
use crate::store::import::{ImportError, ImportReport};
use crate::text::count;
use crate::tui::app::{App, Effect, Popup, Question, Screen};
use crate::tui::outline::NodePath;
use crate::tui::screens::import::{Done, Notice, Reading, Step, Written};

impl App {
    /// A job's outcome. An outcome for a job that is no longer awaited (the
    /// read was interrupted) is dropped, except a finished import: the file
    /// is written, so the certification joins the list.
    pub fn job_done(&mut self, token: u64, done: Done) -> Vec<Effect> {
        let Some(screen) = self.import.as_mut() else {
            return Vec::new();
        };
        let awaited =
            screen.job.as_ref().is_some_and(|(t, _)| *t == token) && self.screen == Screen::Import;
        if awaited {
            screen.job = None;
        }
        match done {
            Done::Listed(_) if !awaited => Vec::new(),
            Done::Listed(Ok((fiches, export))) => {
                screen.show_list(fiches, export);
                Vec::new()
            }
            Done::Listed(Err(error)) => {
                screen.step = Step::Path;
                screen.notice = Notice::error(error.to_string());
                Vec::new()
            }
            Done::Imported(Ok(written)) => {
                let Written { report, portfolio } = *written;
                let message = imported_message(&report);
                let index = self.session.install(report.certification, portfolio);
                if !awaited {
                    // The new version may be the one on screen: its rows
                    // are rebuilt from it.
                    if index == self.session.current && self.screen != Screen::Picker {
                        let at = self.selected_path().unwrap_or(NodePath::Bloc(0));
                        self.refresh_rows(at);
                    }
                    self.say(format!("{message} (import achevé malgré l’interruption)"));
                    return Vec::new();
                }
                if let Some(screen) = self.import.as_mut() {
                    screen.leave();
                }
                let effects = self.open(index);
                self.follow_selection();
                self.say(message);
                effects
            }
            Done::Imported(Err(_)) if !awaited => Vec::new(),
            Done::Imported(Err(error)) => {
                let numero = match &screen.step {
                    Step::Reading(Reading::Import(numero)) => numero.clone(),
                    _ => String::new(),
                };
                screen.step = Step::List;
                match error {
                    ImportError::Exists { .. } => {
                        self.modals
                            .push(Popup::Confirm(Question::ReplaceReferentiel { numero }));
                    }
                    ImportError::Cancelled => screen.notice = Notice::info("Import interrompu."),
                    error => screen.notice = Notice::error(error.to_string()),
                }
                Vec::new()
            }
        }
    }
}

/// « RNCP36490 importée : 4 blocs, 11 compétences (2 avertissements) ».
pub fn imported_message(report: &ImportReport) -> String {
    let c = &report.certification;
    let name = printable(c.code.as_deref().unwrap_or(&c.id));
    let verb = if report.backup.is_some() {
        "mise à jour"
    } else {
        "importée"
    };
    let mut message = format!(
        "{name} {verb} : {}, {}",
        count(c.blocs.len(), "bloc", "blocs"),
        count(c.competences().count(), "compétence", "compétences"),
    );
    if !report.warnings.is_empty() {
        message.push_str(&format!(
            " ({})",
            count(report.warnings.len(), "avertissement", "avertissements")
        ));
    }
    if !report.orphans.is_empty() {
        let notes: usize = report.orphans.iter().map(|(_, n)| n).sum();
        message.push_str(&format!(
            " ; {} hors référentiel ({})",
            count(report.orphans.len(), "élément", "éléments"),
            count(notes, "note gardée", "notes gardées")
        ));
    }
    if report.backup.is_some() {
        message.push_str(" ; ancienne version sauvegardée");
    }
    message
}
