//! The candidate's verbs on the selected critère: notes (in the editor or
//! the external one), deleting one, the status, the self-assessment, the
//! blocs aimed for, and the export.

use super::MainScreen;
use crate::portfolio::Status;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::editor::Editor;
use crate::tui::modals::export_menu::ExportMenu;
use crate::tui::modals::search::{Moving, Search};
use crate::tui::modals::{Modal, Modals};
use crate::tui::reply::Question;
use crate::tui::session::Ctx;

impl MainScreen {
    pub(super) fn notes(
        &mut self,
        ctx: &mut Ctx,
        modals: &mut Modals,
        action: Action,
    ) -> Vec<Effect> {
        let changes = matches!(
            action,
            Action::AddNote
                | Action::EditNote
                | Action::EditNoteExternal
                | Action::DeleteNote
                | Action::CycleStatus
                | Action::SetLevel(_)
                | Action::ToggleTarget
                | Action::MoveNote
        );
        if changes && !ctx.writable() {
            return Vec::new();
        }
        match action {
            Action::AddNote => {
                if let Some(critere) = self.critere_or_explain(ctx) {
                    // A draft left by a hang-up or a crash is offered first.
                    let draft = ctx.session.open().and_then(|(_, p)| {
                        let index = p.draft(&critere)?;
                        Some((index, p.notes(&critere)[index].text.clone()))
                    });
                    let mut editor = match draft {
                        Some((index, text)) => {
                            ctx.say(
                                "Brouillon repris : Ctrl-S en fait une note, Échap le garde en brouillon.",
                            );
                            Editor::new(&critere, None, &text, Some(index))
                        }
                        None => Editor::new(&critere, None, "", None),
                    };
                    editor.load(ctx.session);
                    modals.push(Modal::Editor(Box::new(editor)));
                }
            }
            Action::EditNote => {
                if let Some((critere, index, text)) = self.selected_note(ctx) {
                    let is_draft = ctx
                        .session
                        .open()
                        .is_some_and(|(_, p)| p.notes(&critere)[index].draft);
                    let mut editor = if is_draft {
                        Editor::new(&critere, None, &text, Some(index))
                    } else {
                        Editor::new(&critere, Some(index), &text, None)
                    };
                    editor.load(ctx.session);
                    modals.push(Modal::Editor(Box::new(editor)));
                }
            }
            Action::EditNoteExternal => {
                if let Some(critere) = self.critere_or_explain(ctx) {
                    let (note, text) = match self.selected_note(ctx) {
                        Some((_, index, text)) => (Some(index), text),
                        None => (None, String::new()),
                    };
                    self.external_target = Some((critere, note));
                    return vec![Effect::ExternalEditor(text)];
                }
            }
            Action::ExternalEditDone(text) => match (self.external_target.take(), text) {
                (Some((critere, note)), Some(text)) => {
                    return self.keep_note(ctx, &critere, note, text.trim_end_matches('\n'));
                }
                (Some(_), None) => ctx.say("L’éditeur externe n’a rien rendu : note inchangée."),
                (None, _) => {}
            },
            Action::DeleteNote => {
                if let Some((critere, index, _)) = self.selected_note(ctx) {
                    let title = ctx
                        .session
                        .open()
                        .map(|(_, p)| p.notes(&critere)[index].title().to_string())
                        .unwrap_or_default();
                    modals.push(Modal::Confirm(Question::DeleteNote {
                        critere,
                        index,
                        title,
                    }));
                }
            }
            Action::MoveNote => {
                if let Some((critere, index, text)) = self.selected_note(ctx) {
                    let title = crate::portfolio::Note::new(&text, ctx.now, false)
                        .title()
                        .to_string();
                    let moving = Moving {
                        critere,
                        index,
                        title,
                    };
                    ctx.session.index_here();
                    modals.push(Modal::Search(Search {
                        moving: Some(moving),
                        ..Search::default()
                    }));
                }
            }
            Action::CycleStatus => {
                if let Some(question) = self.reset_question(ctx) {
                    modals.push(Modal::Confirm(question));
                    return Vec::new();
                }
                if let Some(critere) = self.critere_or_explain(ctx) {
                    let portfolio = ctx
                        .session
                        .open_mut()
                        .expect("a critère implies a portfolio");
                    let status = portfolio.cycle_status(&critere, ctx.now);
                    ctx.say(format!("Statut : {}.", status.label()));
                    return vec![Effect::Changed];
                }
            }
            Action::SetLevel(level) => {
                if let Some(critere) = self.critere_or_explain(ctx) {
                    let portfolio = ctx
                        .session
                        .open_mut()
                        .expect("a critère implies a portfolio");
                    portfolio.set_level(&critere, (level > 0).then_some(level));
                    let name = ctx
                        .session
                        .open()
                        .map_or("", |(c, _)| c.level_name(level))
                        .to_string();
                    ctx.say(if level == 0 {
                        "Auto-évaluation effacée.".to_string()
                    } else {
                        format!("Auto-évaluation : {level}/4 ({name}).")
                    });
                    return vec![Effect::Changed];
                }
            }
            Action::ToggleTarget => return self.toggle_target(ctx),
            Action::Export if ctx.session.tutor.is_some() => {
                ctx.say("L’export se fait côté candidat (ou livret export ID --data-dir DOSSIER).");
            }
            Action::Export if ctx.session.doc().is_some_and(|d| d.stand_in) => ctx.say(
                "Export refusé : le portfolio est illisible, le dernier export est gardé \
                 (r à l’ouverture, ou livret restore ID --list, pour une sauvegarde).",
            ),
            Action::Export => {
                let blocs = ctx.session.open().map_or(Vec::new(), |(c, _)| {
                    c.blocs.iter().map(|b| b.id.clone()).collect()
                });
                modals.push(Modal::ExportMenu(ExportMenu::new(blocs)));
            }
            _ => {}
        }
        Vec::new()
    }

    /// Past prêt, `s` would go back to à faire: on a unit with notes, it
    /// asks first.
    fn reset_question(&self, ctx: &mut Ctx) -> Option<Question> {
        let critere = self.selected_critere(ctx.session)?;
        let (_, portfolio) = ctx.session.open()?;
        let notes = portfolio
            .notes(&critere)
            .iter()
            .filter(|n| !n.draft)
            .count();
        (portfolio.status(&critere) == Status::Ready && notes > 0)
            .then_some(Question::ResetStatus { critere, notes })
    }

    /// « Repasser à « à faire » ? » answered yes.
    pub fn reset_status(&mut self, ctx: &mut Ctx, critere: &str) -> Vec<Effect> {
        let now = ctx.now;
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        if portfolio.status(critere) != Status::Ready {
            return Vec::new();
        }
        let status = portfolio.cycle_status(critere, now);
        ctx.say(format!(
            "Statut : {} (notes gardées ; u pour annuler).",
            status.label()
        ));
        vec![Effect::Changed]
    }

    /// « Supprimer la note ? » answered yes.
    pub fn delete_note(&mut self, ctx: &mut Ctx, critere: &str, index: usize) -> Vec<Effect> {
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        if portfolio.delete_note(critere, index, ctx.now).is_none() {
            return Vec::new();
        }
        let left = portfolio.notes(critere).len();
        self.note = self.note.min(left.saturating_sub(1));
        ctx.session.notes_changed(critere);
        ctx.say("Note supprimée.");
        vec![Effect::Changed]
    }

    /// Stores the text back from the external editor.
    fn keep_note(
        &mut self,
        ctx: &mut Ctx,
        critere: &str,
        note: Option<usize>,
        text: &str,
    ) -> Vec<Effect> {
        let Some(kept) = ctx
            .session
            .keep_note(critere, note, None, text, None, ctx.now)
        else {
            return Vec::new();
        };
        if let Some(index) = kept.selected {
            self.note = index;
        }
        ctx.say(kept.message);
        if kept.changed {
            vec![Effect::Changed]
        } else {
            Vec::new()
        }
    }

    /// The selected critère, or a message saying one must be selected.
    fn critere_or_explain(&self, ctx: &mut Ctx) -> Option<String> {
        let critere = self.selected_critere(ctx.session);
        if critere.is_none() {
            ctx.say("Sélectionnez d’abord un critère (l pour déplier).");
        }
        critere
    }

    /// (critère, index, text) of the selected note, or a message if there is none.
    fn selected_note(&self, ctx: &mut Ctx) -> Option<(String, usize, String)> {
        let critere = self.critere_or_explain(ctx)?;
        let (_, portfolio) = ctx.session.open()?;
        let notes = portfolio.notes(&critere);
        let Some(note) = notes.get(self.note.min(notes.len().saturating_sub(1))) else {
            ctx.say("Aucune note sur ce critère : a pour en ajouter une.");
            return None;
        };
        let index = self.note.min(notes.len() - 1);
        Some((critere, index, note.text.to_string()))
    }

    /// Aims for an optional bloc, or not.
    fn toggle_target(&self, ctx: &mut Ctx) -> Vec<Effect> {
        let Some((certification, _)) = ctx.session.open() else {
            return Vec::new();
        };
        let Some(bloc) = self
            .selected_path()
            .and_then(|p| certification.blocs.get(p.bloc_index()))
        else {
            return Vec::new();
        };
        if !bloc.optional {
            let said = format!(
                "Le bloc {} est obligatoire : il est toujours visé.",
                bloc.id
            );
            ctx.say(said);
            return Vec::new();
        }
        let id = bloc.id.clone();
        let portfolio = ctx.session.open_mut().expect("checked above");
        let targeted = portfolio.toggle_target(&id);
        ctx.say(if targeted {
            format!("Bloc {id} visé : il compte dans la progression.")
        } else {
            format!("Bloc {id} non visé : il ne compte plus dans la progression.")
        });
        vec![Effect::Changed]
    }
}
