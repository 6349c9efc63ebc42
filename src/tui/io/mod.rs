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
pub mod watch;
pub mod workspace;

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
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

/// Returns the heap's free pages to the system. The index thread's copy of
/// the portfolio (tens of megabytes at 10,000 notes) is freed into the
/// allocator, which would otherwise keep it as the process's own for good.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory that is free; it takes no
    // pointer and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

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

    /// Who to wake when a thread has a result: the run loop.
    pub fn set_waker(&mut self, waker: crate::tui::wake::Waker) {
        self.histories.waker = waker.clone();
        self.workspace.set_waker(waker.clone());
        self.waker = waker;
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
                // The previous certification's changes, and where the
                // candidate left its tree, are written while its lock is
                // still held: the lock goes with the switch.
                let data = &self.workspace.data;
                let _ = self.saver.save_now(session, data, &self.waker, &mut msgs);
                msgs.extend(self.saver.opened(session, data));
                msgs.extend(self.workspace.save_review(session, true));
                let state = State {
                    last_referentiel: Some(id.clone()),
                };
                // Written only when it says something new: opening the
                // same certification again writes nothing.
                let known = crate::store::load_state(self.data()) == state;
                if self.workspace.tutor.is_none()
                    && !known
                    && let Err(error) = save_state(self.data(), &state)
                {
                    msgs.push(Msg::Said(Status::error(format!(
                        "État non enregistré : {error}"
                    ))));
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
                // A save still running would land over the restored file.
                let mut msgs = Vec::new();
                let _ = self.saver.wait(&mut msgs);
                msgs.extend(restore_latest(session, self.data(), doc));
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
                let (sender, waker) = (self.jobs.0.clone(), self.waker.clone());
                let data = self.data().clone();
                let home = self.home.clone();
                std::thread::spawn(move || {
                    // A failure is said too, so that the screen does not wait for ever.
                    let done = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        perform(&job, &data, home.as_deref())
                    }))
                    .unwrap_or_else(|_| failed(&job));
                    let _ = sender.send((job.token, done));
                    waker.wake();
                });
            }
            Effect::BuildIndex(token) => {
                // The thread shares the certification and works on a
                // copy of the portfolio, dropped once the index is built:
                // the index itself keeps no note text (it reads them from
                // the session when matching), and searches typed
                // meanwhile stream the session's texts.
                if let Some(doc) = session.doc()
                    && let Ok(portfolio) = &doc.portfolio
                {
                    let (certification, portfolio) =
                        (Arc::clone(&doc.certification), portfolio.clone());
                    let (sender, waker) = (self.indexes.0.clone(), self.waker.clone());
                    std::thread::spawn(move || {
                        // A failure is said too, so that a search does not wait for ever.
                        let index =
                            std::panic::catch_unwind(|| Index::new(&certification, &portfolio));
                        // Gone before the index is taken, which gives the
                        // memory back.
                        drop((certification, portfolio));
                        let _ = sender.send((token, index.ok()));
                        waker.wake();
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
    /// side's files (when the main screen or the cohort is `shown`), the
    /// threads' results.
    pub fn poll(&mut self, session: &Session, shown: crate::tui::nav::Screen) -> Vec<Msg> {
        use crate::tui::nav::Screen;
        let mut msgs = Vec::new();
        let _ = self.saver.collect(&mut msgs);
        msgs.extend(self.workspace.save_review(session, false));
        match shown {
            Screen::Main if session.open().is_some() => msgs.extend(self.workspace.look(session)),
            Screen::Cohort => msgs.extend(self.workspace.look_cohort(session)),
            _ => {}
        }
        while let Ok((token, index)) = self.indexes.1.try_recv() {
            msgs.push(Msg::IndexBuilt {
                token,
                index: index.map(Box::new),
            });
            give_back_memory();
        }
        while let Ok((token, done)) = self.jobs.1.try_recv() {
            msgs.push(Msg::JobDone { token, done });
        }
        while let Ok(last) = self.syncs.1.try_recv() {
            // What the sync brought into the open portfolio shows now: a
            // save puts the file's new notes together with the session's.
            // Written before the sync's line is said, so that the line (« reçu
            // 1 note ») is what stays, not the merge's « modifié ailleurs ».
            if self.workspace.tutor.is_none() && session.doc().is_some() {
                self.saver.soon(session.current);
                let data = &self.workspace.data;
                let _ = self.saver.save_now(session, data, &self.waker, &mut msgs);
            }
            msgs.push(Msg::Sync(SyncEvent::Done(last)));
        }
        msgs.extend(self.histories.poll(&self.workspace.data));
        // Off the loop: only the copies are taken here.
        if self.saver.due() {
            self.saver.start(session, &self.workspace.data, &self.waker);
        }
        msgs
    }

    /// Reads, off the loop, when each note of the open certification was
    /// synced and by whom; `Msg::SyncHistory` brings it (`None`: the data
    /// directory is not a git repository).
    pub fn load_sync_history(&self, session: &Session) {
        if let Some(doc) = session.doc() {
            self.histories
                .start(&self.workspace.data, Arc::clone(&doc.certification));
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
        let data = &self.workspace.data;
        let _ = self.saver.save_now(session, data, &self.waker, &mut msgs);
        msgs.extend(self.workspace.save_review(session, true));
        let targets = self.sync_targets();
        let options = self.sync_options();
        let who = Self::who(session);
        let cohort = self.workspace.tutor.as_ref().map(|(_, dir)| dir.clone());
        let (sender, waker) = (self.syncs.0.clone(), self.waker.clone());
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
            waker.wake();
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
        // A save still running ends first; what it merged from the file is
        // where the copies go.
        let mut saved = Vec::new();
        let _ = self.saver.wait(&mut saved);
        let current = session.current;
        let mut merged = saved
            .iter()
            .find_map(|m| match m {
                Msg::PortfolioChanged { doc, portfolio, .. } if *doc == current => {
                    Some(portfolio.as_ref().clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| portfolio.clone());
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
                    saved.push(Msg::Said(Status::error(format!(
                        "Copie de secours illisible : {error} ; elle reste là, rien n’a changé."
                    ))));
                    return saved;
                }
            }
        }
        if let Err(error) = self.saver.write(&self.workspace.data, &merged) {
            saved.push(Msg::Unsaved(Some(Status::error(format!(
                "Copie de secours reprise en mémoire, mais pas enregistrée : {error} ; \
                 elle reste là"
            )))));
            return saved;
        }
        for path in paths {
            let _ = forget_recovery(path);
        }
        let changed = merged != *portfolio;
        saved.push(Msg::PortfolioChanged {
            doc: current,
            portfolio: Box::new(merged),
            said: Some(Status::info(match took.describe() {
                Some(took) => format!("Copie de secours reprise : {took}, enregistré."),
                // Statuses, links, citations: no count, but kept.
                None if changed => "Copie de secours reprise : ses modifications sont \
                                    enregistrées."
                    .into(),
                None => "Copie de secours reprise : rien qui manquait, elle est retirée.".into(),
            })),
        });
        saved
    }

    /// How long the loop may sleep before something here is due (a save,
    /// the tutor's review, a look at files no notification watches); `None`:
    /// until woken.
    pub fn timeout(&self) -> Option<Duration> {
        let save = self.saver.pending().then(|| self.saver.timeout());
        [save, self.workspace.timeout()].into_iter().flatten().min()
    }

    /// On the way out: the tutor's review, every changed portfolio, and
    /// where the candidate left the tree if it moved (nothing changed:
    /// nothing written). When a portfolio cannot be written, what to tell
    /// the candidate once the terminal is back: where its recovery copy
    /// went.
    pub fn finish(&mut self, session: &Session) -> Result<(), String> {
        let mut said = self.workspace.save_review(session, true);
        let data = &self.workspace.data;
        self.saver
            .flush(session, data, &mut said)
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
mod tests;
