//! The outside world, for the interface: `Io` carries out the effects that
//! need no terminal and answers with messages; it reads the session and
//! never sees `App`. Saving (`saver`), the files of the data directory and
//! the other side's (`workspace`), the import's reads (`import`), and the
//! threads (search index, import, sync history) whose results `poll`
//! collects.

pub mod history;
pub mod import;
pub mod saver;
pub mod syncing;
pub mod workspace;

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use color_eyre::eyre::Result;
use jiff::Timestamp;

use crate::search::Index;
use crate::store::{
    DataDir, State, forget_recovery, list_backups, load_portfolio, load_portfolio_file, recoveries,
    restore, save_state,
};
use crate::tui::effect::Effect;
use crate::tui::job::Done;
use crate::tui::msg::Msg;
use crate::tui::session::Session;
use crate::tui::status::Status;
use crate::tui::syncing::SyncEvent;
use history::Histories;
pub use import::{failed, home, list_dir, perform};
use saver::Saver;
use workspace::Workspace;

/// A search index built off the loop, with its token.
type Built = (u64, Option<Index>);

/// A read of the export done off the loop, with its token.
type Finished = (u64, Done);

pub struct Io {
    pub workspace: Workspace,
    saver: Saver,
    home: Option<PathBuf>,
    indexes: (Sender<Built>, Receiver<Built>),
    jobs: (Sender<Finished>, Receiver<Finished>),
    syncs: (
        Sender<crate::store::sync::LastSync>,
        Receiver<crate::store::sync::LastSync>,
    ),
    histories: Histories,
    /// The SSH key that signs the tutor's reviews when they are synced.
    pub signing_key: Option<PathBuf>,
    /// Wakes the run loop when a thread has a result for `poll`.
    pub waker: crate::tui::wake::Waker,
}

impl Io {
    pub fn new(workspace: Workspace) -> Self {
        Io {
            workspace,
            saver: Saver::default(),
            home: home(),
            indexes: mpsc::channel(),
            jobs: mpsc::channel(),
            syncs: mpsc::channel(),
            histories: Histories::default(),
            signing_key: None,
            waker: Default::default(),
        }
    }

    pub fn data(&self) -> &DataDir {
        &self.workspace.data
    }

    /// Carries out an effect that needs no terminal (not the external
    /// editor, not quitting); what came of it comes back as messages.
    pub fn perform(&mut self, effect: Effect, session: &Session) -> Vec<Msg> {
        match effect {
            Effect::Changed => self.saver.changed(session.current),
            Effect::Opened(id) => {
                let mut msgs = Vec::new();
                // The previous certification's changes are written while
                // its lock is still held: the lock goes with the switch.
                if self.saver.pending() {
                    let _ = self.saver.save(session, &self.workspace.data, &mut msgs);
                }
                msgs.extend(self.workspace.save_review(session, true));
                if self.workspace.tutor.is_none() {
                    let state = State {
                        last_referentiel: Some(id.clone()),
                    };
                    if let Err(error) = save_state(self.data(), &state) {
                        msgs.push(Msg::Said(Status::error(format!(
                            "État non enregistré : {error}"
                        ))));
                    }
                }
                msgs.extend(self.workspace.opened(&id));
                self.load_sync_history(session);
                if self.workspace.tutor.is_none() {
                    let found = recoveries(self.data(), &id);
                    if !found.is_empty() {
                        msgs.push(Msg::RecoveryFound(found));
                    }
                }
                return msgs;
            }
            Effect::ReviewChanged => self.workspace.review_changed(),
            Effect::Export(request) => {
                return export(session, self.data(), request).into_iter().collect();
            }
            Effect::OpenCandidate(row) => return self.workspace.open_candidate(session, row),
            Effect::ShowCohort => return self.workspace.show_cohort(session),
            Effect::RestoreLatestBackup(doc) => {
                let msgs = restore_latest(session, self.data(), doc);
                if let Some(d) = session.docs.get(doc) {
                    let path = self.data().portfolio(&d.certification.id);
                    self.saver
                        .reread(&d.certification.id, crate::store::disk_stamp(&path));
                }
                return msgs;
            }
            Effect::ListDir(dir) => {
                let entries = list_dir(&dir, self.home.as_deref());
                return vec![Msg::DirListed { dir, entries }];
            }
            Effect::Import(job) => {
                let sender = self.jobs.0.clone();
                let data = self.data().clone();
                let home = self.home.clone();
                std::thread::spawn(move || {
                    // A failure is said too, so that the screen does not wait for ever.
                    let done = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        perform(&job, &data, home.as_deref())
                    }))
                    .unwrap_or_else(|_| failed(&job));
                    let _ = sender.send((job.token, done));
                });
            }
            Effect::BuildIndex(token) => {
                // The thread works on a copy, dropped once the index is
                // built: the index itself keeps no note text (it reads
                // them from the session when matching), and searches
                // typed meanwhile stream the session's texts. Sharing
                // the session's data instead would need it behind `Arc`s.
                if let Some((certification, portfolio)) = session.open() {
                    let (certification, portfolio) = (certification.clone(), portfolio.clone());
                    let sender = self.indexes.0.clone();
                    std::thread::spawn(move || {
                        // A failure is said too, so that a search does not wait for ever.
                        let index =
                            std::panic::catch_unwind(|| Index::new(&certification, &portfolio));
                        let _ = sender.send((token, index.ok()));
                    });
                }
            }
            Effect::TakeRecovery(paths) => return self.take_recovery(session, &paths),
            Effect::Sync => return self.sync(session),
            Effect::LoadSyncHistory => self.load_sync_history(session),
            Effect::ExternalEditor(_) | Effect::Quit => {}
        }
        Vec::new()
    }

    /// What happened since the last call: saves due (a failure is said and
    /// retried after the next change), the tutor's review written, the other
    /// side's files (when `watching` the main screen), the threads' results.
    pub fn poll(&mut self, session: &Session, watching: bool) -> Vec<Msg> {
        let mut msgs = Vec::new();
        if self.saver.due() {
            let _ = self.saver.save(session, &self.workspace.data, &mut msgs);
        }
        msgs.extend(self.workspace.save_review(session, false));
        if watching {
            msgs.extend(self.workspace.look(session));
        }
        while let Ok((token, index)) = self.indexes.1.try_recv() {
            msgs.push(Msg::IndexBuilt {
                token,
                index: index.map(Box::new),
            });
        }
        while let Ok((token, done)) = self.jobs.1.try_recv() {
            msgs.push(Msg::JobDone { token, done });
        }
        while let Ok(last) = self.syncs.1.try_recv() {
            // What the sync brought into the open portfolio shows now: a
            // save puts the file's new notes together with the session's.
            if self.workspace.tutor.is_none() && session.doc().is_some() {
                self.saver.changed(session.current);
                let _ = self.saver.save(session, &self.workspace.data, &mut msgs);
            }
            msgs.push(Msg::Sync(SyncEvent::Done(last)));
        }
        msgs.extend(self.histories.poll(&self.workspace.data));
        msgs
    }

    /// Reads, off the loop, when each note of the open certification was
    /// synced and by whom; `Msg::SyncHistory` brings it (`None`: the data
    /// directory is not a git repository).
    pub fn load_sync_history(&self, session: &Session) {
        if let Some(doc) = session.doc() {
            self.histories
                .start(&self.workspace.data, &doc.certification);
        }
    }

    /// The data directories this interface syncs with a centre.
    fn sync_targets(&self) -> Vec<DataDir> {
        let tutor_dir = self.workspace.tutor.as_ref().map(|(_, dir)| dir.as_path());
        syncing::targets(self.data(), tutor_dir)
    }

    /// At start: whether anything here syncs, and how it last ended.
    pub fn sync_known(&self, auto: bool) -> Option<Msg> {
        let last = syncing::known(&self.sync_targets())?;
        Some(Msg::Sync(SyncEvent::Known { last, auto }))
    }

    /// How this interface syncs: no prompt, under its own locks, signing
    /// with the tutor's key, as the centre in tutor mode.
    fn sync_options(&self) -> crate::store::sync::Options {
        crate::store::sync::Options {
            batch: true,
            held: self.workspace.held(),
            signing_key: self.signing_key.clone(),
            centre: self.workspace.tutor.is_some(),
        }
    }

    /// Who syncs: the tutor, else the candidate's name (else the account).
    fn who(session: &Session) -> crate::store::sync::Who {
        let name = match &session.tutor {
            Some(tutor) => Some(tutor.name.clone()),
            None => session
                .candidate
                .clone()
                .or_else(|| session.open().and_then(|(_, p)| p.identity.display_name())),
        };
        crate::store::sync::Who::named(name.as_deref().unwrap_or(""))
    }

    /// `S`: what waits is written first, then the sync runs off the loop
    /// (the remote may be slow); its end comes back through `poll`.
    fn sync(&mut self, session: &Session) -> Vec<Msg> {
        let mut msgs = Vec::new();
        if self.saver.pending() {
            let _ = self.saver.save(session, &self.workspace.data, &mut msgs);
        }
        msgs.extend(self.workspace.save_review(session, true));
        let targets = self.sync_targets();
        let options = self.sync_options();
        let who = Self::who(session);
        let cohort = self.workspace.tutor.as_ref().map(|(_, dir)| dir.clone());
        let sender = self.syncs.0.clone();
        std::thread::spawn(move || {
            let last = std::panic::catch_unwind(AssertUnwindSafe(|| {
                syncing::run(&targets, &who, &options, cohort.as_deref())
            }))
            .unwrap_or_else(|_| crate::store::sync::LastSync {
                when: Timestamp::now(),
                outcome: crate::store::sync::Outcome::Unreachable("erreur interne".into()),
                line: "La synchronisation s’est arrêtée sur une erreur interne ; rien n’est \
                       perdu, réessayez (S)"
                    .into(),
            });
            let _ = sender.send(last);
        });
        msgs
    }

    /// At quit, after the last save, under this process's locks: the sync
    /// asked for by `auto_sync`, its line for the terminal.
    pub fn sync_at_quit(&self, session: &Session) -> Option<String> {
        let targets = self.sync_targets();
        if targets.is_empty() {
            return None;
        }
        let options = self.sync_options();
        let cohort = self.workspace.tutor.as_ref().map(|(_, dir)| dir.as_path());
        Some(syncing::run(&targets, &Self::who(session), &options, cohort).line)
    }

    /// Puts recovery copies into the open portfolio, writes it, removes
    /// them: nothing in memory nor in the copies is lost.
    fn take_recovery(&mut self, session: &Session, paths: &[PathBuf]) -> Vec<Msg> {
        let Some(doc) = session.doc() else {
            return Vec::new();
        };
        let (Ok(portfolio), None) = (&doc.portfolio, &doc.read_only) else {
            return Vec::new();
        };
        let mut merged = portfolio.clone();
        let mut took = crate::portfolio::Merged::default();
        for path in paths {
            match load_portfolio_file(path, &doc.certification) {
                Ok(copy) => {
                    // The copy holds the newest changes: its statuses win.
                    let more = merged.merge_from(&copy, None, crate::portfolio::Newer::Theirs);
                    took.notes += more.notes;
                    took.experiences += more.experiences;
                    took.pieces += more.pieces;
                }
                Err(error) => {
                    return vec![Msg::Said(Status::error(format!(
                        "Copie de secours illisible : {error} ; elle reste là, rien n’a changé."
                    )))];
                }
            }
        }
        if let Err(error) = self.saver.write(&self.workspace.data, &merged) {
            return vec![Msg::Unsaved(Some(Status::error(format!(
                "Copie de secours reprise en mémoire, mais pas enregistrée : {error} ; \
                 elle reste là"
            ))))];
        }
        for path in paths {
            let _ = forget_recovery(path);
        }
        let changed = merged != *portfolio;
        let doc = session.current;
        vec![Msg::PortfolioChanged {
            doc,
            portfolio: Box::new(merged),
            said: Some(Status::info(match took.describe() {
                Some(took) => format!("Copie de secours reprise : {took}, enregistré."),
                // Statuses, links, citations: no count, but kept.
                None if changed => "Copie de secours reprise : ses modifications sont \
                                    enregistrées."
                    .into(),
                None => "Copie de secours reprise : rien qui manquait, elle est retirée.".into(),
            })),
        }]
    }

    /// How long the loop may sleep before a save is due.
    pub fn timeout(&self) -> Duration {
        self.saver.timeout()
    }

    /// On the way out: the tutor's review and every changed portfolio,
    /// where the candidate was in the tree included when `on_main`. When a
    /// portfolio cannot be written, what to tell the candidate once the
    /// terminal is back: where its recovery copy went.
    pub fn finish(&mut self, session: &Session, on_main: bool) -> Result<(), String> {
        let mut said = self.workspace.save_review(session, true);
        let data = &self.workspace.data;
        self.saver
            .flush(session, data, on_main, &mut said)
            .map_err(|error| self.saver.rescue(session, data, &error))
    }
}

/// Writes the open dossier to `<data>/exports/` as asked and says where;
/// files already there are replaced only once the candidate said yes.
fn export(session: &Session, data: &DataDir, request: crate::export::Request) -> Option<Msg> {
    if session.doc()?.stand_in {
        return None;
    }
    let (certification, portfolio) = session.open()?;
    let stem = crate::export::file_stem(certification, &request.options);
    let there: Vec<String> = request
        .formats
        .iter()
        .map(|f| format!("{stem}.{}", f.extension()))
        .filter(|name| data.exports().join(name).exists())
        .collect();
    if !there.is_empty() && !request.overwrite {
        return Some(Msg::ExportExists(request, there));
    }
    let context = crate::export::ExportContext {
        candidate: session.candidate.clone(),
        reviews: session.reviews.clone(),
        ..crate::export::ExportContext::now()
    };
    let files = crate::export::files(
        certification,
        portfolio,
        &request.options,
        &context,
        &request.formats,
    );
    let written = files
        .iter()
        .map(|(name, contents)| crate::store::write_export(data, name, contents))
        .collect::<std::io::Result<Vec<_>>>();
    Some(Msg::Said(match written {
        Ok(paths) => {
            let name = |p: &std::path::Path| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            let names: Vec<String> = paths.iter().map(|p| name(p)).collect();
            Status::info(format!(
                "Exporté : {} dans {}",
                crate::text::list_fr(&names),
                data.exports().display()
            ))
        }
        Err(error) => Status::error(format!("Export impossible : {error}")),
    }))
}

/// Puts the newest readable backup in place of an unreadable portfolio (the
/// unreadable file goes to the backups first), to reopen it.
fn restore_latest(session: &Session, data: &DataDir, doc: usize) -> Vec<Msg> {
    let Some(id) = session.docs.get(doc).map(|d| d.certification.id.clone()) else {
        return Vec::new();
    };
    let backups = list_backups(data, &id).unwrap_or_default();
    let Some(latest) = backups.iter().find(|b| b.notes.is_ok()) else {
        return vec![Msg::Said(Status::error(format!(
            "Aucune sauvegarde lisible de « {id} » dans {} ; le fichier est resté tel quel.",
            data.backups(&id).display()
        )))];
    };
    match restore(data, &id, &latest.path, Timestamp::now()) {
        Ok(kept) => {
            // The interface's time zone is the system's.
            let when = latest
                .taken
                .to_zoned(jiff::tz::TimeZone::system())
                .strftime("%d/%m/%Y %H:%M");
            let said = match kept {
                Some(_) => format!(
                    "Sauvegarde du {when} restaurée ; le fichier illisible est gardé \
                     (livret restore {id} --list)."
                ),
                None => format!("Sauvegarde du {when} restaurée."),
            };
            let portfolio = Box::new(load_portfolio(data, &id).map_err(|e| e.to_string()));
            vec![Msg::Restored {
                doc,
                portfolio,
                said,
            }]
        }
        Err(error) => vec![Msg::Said(Status::error(format!(
            "Restauration impossible : {error} ; rien n’a changé."
        )))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;
    use crate::tui::session::Doc;

    const EXAMPLE: &str = include_str!("../../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn switching_certifications_writes_the_previous_one_before_its_lock_goes() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let first = parse(EXAMPLE, None).unwrap();
        let mut second = first.clone();
        second.id = format!("{}-bis", first.id);
        let docs = [first, second].map(|c| {
            let portfolio = crate::portfolio::Portfolio::new(&c.id);
            Doc::new(c, Ok(portfolio))
        });
        let ids: Vec<String> = docs.iter().map(|d| d.certification.id.clone()).collect();
        let mut session = Session::new(docs.into());
        let mut io = Io::new(Workspace::candidate(&data));
        io.perform(Effect::Opened(ids[0].clone()), &session);
        assert!(crate::store::lock_path(&data.portfolio(&ids[0])).exists());
        let portfolio = session.docs[0].portfolio.as_mut().unwrap();
        portfolio.cycle_status("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
        io.perform(Effect::Changed, &session);
        // The candidate opens the other certification at once.
        session.current = 1;
        io.perform(Effect::Opened(ids[1].clone()), &session);
        let saved = crate::store::load_portfolio(&data, &ids[0]).unwrap();
        assert_eq!(
            saved.status("A1.C1.CR1"),
            crate::portfolio::Status::InProgress
        );
        assert!(!io.saver.pending());
    }
}
