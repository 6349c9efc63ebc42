//! Undo and redo on the session: the checkpoint follows the open
//! certification, each change of the candidate's work is recorded, `u` and
//! Ctrl-R take them back and do them again (`tui/undo.rs`).

use super::Session;
use crate::tui::effect::Effect;

impl Session {
    /// Before an action: the undo history follows the open certification
    /// (a tutor changes no candidate's work).
    pub fn undo_follow(&mut self) {
        if self.tutor.is_some() {
            return;
        }
        let current = self.current;
        // Cheap unless another certification opened since.
        if let Some(Ok(portfolio)) = self.docs.get(current).map(|d| &d.portfolio) {
            self.undo.follow(current, portfolio);
        }
    }

    /// After an action that changed the candidate's work: it can be taken back.
    pub fn record_change(&mut self) {
        if self.tutor.is_some() {
            return;
        }
        let current = self.current;
        if let Some(Ok(portfolio)) = self.docs.get(current).map(|d| &d.portfolio) {
            self.undo.record(current, portfolio);
        }
    }

    /// `u` (or, `redo`, Ctrl-R): what to say, and the save it needs.
    pub fn undo_redo(&mut self, redo: bool) -> (String, Vec<Effect>) {
        if let Some(reason) = self.read_only_reason() {
            return (format!("Lecture seule : {reason}"), Vec::new());
        }
        let current = self.current;
        let Some(Ok(portfolio)) = self.docs.get_mut(current).map(|d| &mut d.portfolio) else {
            return (String::new(), Vec::new());
        };
        let Some(done) = self.undo.step(current, portfolio, redo) else {
            let said = if redo {
                "Rien à refaire."
            } else {
                "Rien à annuler (depuis l’ouverture de la certification)."
            };
            return (said.to_string(), Vec::new());
        };
        self.touch();
        for id in &done.ids {
            self.notes_changed(id);
        }
        let said = if redo {
            format!("Refait : {} (u pour annuler).", done.what())
        } else {
            format!("Annulé : {} (Ctrl-R pour refaire).", done.what())
        };
        (said, vec![Effect::Changed])
    }
}
