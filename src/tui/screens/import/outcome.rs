//! What a read of the export gave: the list of its fiches, or the fiche
//! written, which joins the certifications and opens.

use crate::fiche::printable;
use crate::store::import::{ImportError, ImportReport};
use crate::text::count;
use crate::tui::modals::{Modal, Modals};
use crate::tui::nav::Go;
use crate::tui::reply::Question;
use crate::tui::screens::import::{Done, ImportScreen, Notice, Reading, Step, Written};
use crate::tui::session::Ctx;

impl ImportScreen {
    /// A job's outcome, `on_screen` when the import screen shows. An
    /// outcome for a job that is no longer awaited (the read was
    /// interrupted) is dropped, except a finished import: the file is
    /// written, so the certification joins the list; its index is returned
    /// then, for the main screen to rebuild its rows if it shows it.
    pub fn done(
        &mut self,
        ctx: &mut Ctx,
        modals: &mut Modals,
        token: u64,
        on_screen: bool,
        done: Done,
    ) -> Option<usize> {
        let awaited = self.job.as_ref().is_some_and(|(t, _)| *t == token) && on_screen;
        if awaited {
            self.job = None;
        }
        match done {
            Done::Listed(_) if !awaited => {}
            Done::Listed(Ok((fiches, export))) => self.show_list(fiches, export),
            Done::Listed(Err(error)) => {
                self.step = Step::Path;
                self.notice = Notice::error(error.to_string());
            }
            Done::Imported(Ok(written)) => {
                let Written { report, portfolio } = *written;
                let message = imported_message(&report);
                let index = ctx.session.install(report.certification, portfolio);
                if !awaited {
                    ctx.say(format!("{message} (import achevé malgré l’interruption)"));
                    return Some(index);
                }
                self.leave();
                ctx.say(message);
                ctx.go(Go::Open(index));
            }
            Done::Imported(Err(_)) if !awaited => {}
            Done::Imported(Err(error)) => {
                let numero = match (&self.step, &error) {
                    (Step::Reading(Reading::Import(numero)), _) => numero.clone(),
                    // An outline or a framework: named by its id.
                    (_, ImportError::Exists { path }) => path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                // Read straight from the path (no list of fiches): back to it.
                let listed = !self.fiches.is_empty();
                self.step = if listed { Step::List } else { Step::Path };
                match error {
                    ImportError::Exists { .. } => {
                        modals.push(Modal::Confirm(Question::ReplaceReferentiel { numero }));
                    }
                    ImportError::Cancelled => self.notice = Notice::info("Import interrompu."),
                    error => self.notice = Notice::error(error.to_string()),
                }
            }
        }
        None
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
