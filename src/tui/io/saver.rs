//! Saving the candidate's portfolios: a moment after the last change (so a
//! burst of keys costs one write), on a thread of its own from copies taken
//! on the loop (`job`), one save at a time so that two never race nor land
//! out of order; with a backup of the file on disk before the first save of
//! a session and then hourly, retried after a failure; where the candidate
//! left the tree, in a small file of its own; and after a panic, the work
//! written beside the portfolio, never over it.

mod job;

use std::collections::{HashMap, HashSet};
use std::io;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::portfolio::{Base, Merged, Portfolio};
use crate::store::{
    DataDir, DiskStamp, describe_io, load_portfolio_for, load_view, portfolio_to_ron,
    save_portfolio, save_view, write_atomic, write_recovery,
};
use crate::tui::msg::Msg;
use crate::tui::session::Session;
use crate::tui::status::Status;
use crate::tui::wake::Waker;
use job::{Item, Outcome};

/// Changes are written this long after the last one, so typing bursts and
/// quick key presses cost one save.
const SAVE_DELAY: Duration = Duration::from_millis(500);

/// A new backup of a portfolio at most this often while working.
const BACKUP_EVERY: Duration = Duration::from_secs(3600);

/// Which portfolios have unsaved changes, and since when; which were backed
/// up this session; which file each was last written to; the save running.
#[derive(Default)]
pub struct Saver {
    dirty: Vec<usize>,
    last_change: Option<Instant>,
    /// Per doc, how many changes it had: a merge made from a copy goes
    /// back into the portfolio only if no change came since the copy.
    changes: HashMap<usize, u64>,
    backed_up: HashMap<usize, Instant>,
    /// Per certification, the file this process last wrote (else the one
    /// the portfolio was read from, `Doc::disk`).
    written: HashMap<String, Option<DiskStamp>>,
    /// The last save failed: the next that succeeds says so.
    failing: bool,
    /// Per certification, what this process last wrote, for a merge; away
    /// with the save running.
    bases: HashMap<String, Base>,
    /// Certifications whose file holds a merge the portfolio in memory did
    /// not take (it changed meanwhile): their next save merges again.
    remerge: HashSet<String>,
    /// The save running on its thread: what it will answer, and which
    /// docs it writes.
    running: Option<(Receiver<Vec<Outcome>>, Vec<usize>)>,
    /// The doc whose certification was opened last (this process holds
    /// its lock), for its place in the tree.
    shown: Option<usize>,
}

impl Saver {
    pub fn changed(&mut self, doc: usize) {
        *self.changes.entry(doc).or_default() += 1;
        self.mark(doc);
    }

    /// `doc` is to be written after the delay, without a change of its own.
    fn mark(&mut self, doc: usize) {
        if !self.dirty.contains(&doc) {
            self.dirty.push(doc);
        }
        self.last_change = Some(Instant::now());
    }

    /// `doc` is written at the next poll: its file changed under it (a
    /// sync) and the portfolio in memory is to take what came.
    pub fn soon(&mut self, doc: usize) {
        self.mark(doc);
        let now = Instant::now();
        self.last_change = Some(now.checked_sub(SAVE_DELAY).unwrap_or(now));
    }

    /// How long the loop may wait for an event before a save is due. While
    /// one runs, its end wakes the loop.
    pub fn timeout(&self) -> Duration {
        match self.last_change {
            Some(at) if self.running.is_none() => SAVE_DELAY.saturating_sub(at.elapsed()),
            _ => Duration::from_secs(3600),
        }
    }

    /// The portfolio of `id` was put back from elsewhere (a backup): the
    /// file there now is the one in memory.
    pub fn reread(&mut self, id: &str, stamp: Option<DiskStamp>) {
        self.written.insert(id.to_string(), stamp);
        self.remerge.remove(id);
    }

    /// Whether a change waits to be written, or is being written.
    pub fn pending(&self) -> bool {
        !self.dirty.is_empty() || self.running.is_some()
    }

    pub fn due(&self) -> bool {
        self.running.is_none()
            && self
                .last_change
                .is_some_and(|at| at.elapsed() >= SAVE_DELAY)
    }

    /// Starts saving every changed portfolio on a thread, from copies
    /// taken here; its end wakes the loop (`waker`), and [`Saver::collect`]
    /// or [`Saver::wait`] take what came of it. Nothing starts while a save
    /// runs: the changes wait for the next.
    pub fn start(&mut self, session: &Session, data: &DataDir, waker: &Waker) {
        if self.running.is_some() {
            return;
        }
        self.last_change = None;
        let mut items = Vec::new();
        for index in std::mem::take(&mut self.dirty) {
            let Some(doc) = session.docs.get(index) else {
                continue;
            };
            let (Ok(portfolio), None) = (&doc.portfolio, &doc.read_only) else {
                continue;
            };
            let id = &portfolio.referentiel;
            items.push(Item {
                doc: index,
                changes: self.changes.get(&index).copied().unwrap_or_default(),
                certification: doc.certification.clone(),
                portfolio: portfolio.clone(),
                expected: self.written.get(id).copied().unwrap_or(doc.disk),
                base: self.bases.remove(id),
                remerge: self.remerge.contains(id),
                backup: self
                    .backed_up
                    .get(&index)
                    .is_none_or(|at| at.elapsed() >= BACKUP_EVERY),
            });
        }
        if items.is_empty() {
            return;
        }
        // Should the save itself fail badly, each portfolio is said unsaved
        // and retried, as after a failed write.
        let lost: Vec<(usize, String, u64)> = items
            .iter()
            .map(|i| (i.doc, i.portfolio.referentiel.clone(), i.changes))
            .collect();
        let docs = lost.iter().map(|(doc, ..)| *doc).collect();
        let (sender, receiver) = mpsc::channel();
        let (data, waker) = (data.clone(), waker.clone());
        std::thread::spawn(move || {
            let outcomes = std::panic::catch_unwind(|| job::run(&data, items))
                .unwrap_or_else(|_| lost.into_iter().map(job::failed_badly).collect());
            let _ = sender.send(outcomes);
            waker.wake();
        });
        self.running = Some((receiver, docs));
    }

    /// What came of the save that ran, if it is over: merges for the
    /// portfolios in memory, failures said (in `said`) and retried.
    pub fn collect(&mut self, said: &mut Vec<Msg>) -> io::Result<()> {
        let Some((receiver, _)) = &self.running else {
            return Ok(());
        };
        match receiver.try_recv() {
            Ok(outcomes) => {
                self.running = None;
                self.take(outcomes, said)
            }
            Err(mpsc::TryRecvError::Empty) => Ok(()),
            Err(mpsc::TryRecvError::Disconnected) => self.wait(said),
        }
    }

    /// Waits for the save that runs, if any, and takes what came of it.
    pub fn wait(&mut self, said: &mut Vec<Msg>) -> io::Result<()> {
        let Some((receiver, docs)) = self.running.take() else {
            return Ok(());
        };
        match receiver.recv() {
            Ok(outcomes) => self.take(outcomes, said),
            // A thread gone without a word (it answers even after a panic):
            // the portfolios are still in memory, saved at the next try.
            Err(_) => {
                for doc in docs {
                    self.mark(doc);
                }
                Err(io::Error::other("enregistrement interrompu"))
            }
        }
    }

    /// Writes what waits now, and returns once it is on disk (or failed):
    /// for what needs the file written before going on (a switch of
    /// certification, a sync, quitting).
    pub fn save_now(
        &mut self,
        session: &Session,
        data: &DataDir,
        waker: &Waker,
        said: &mut Vec<Msg>,
    ) -> io::Result<()> {
        let before = self.wait(said);
        if self.dirty.is_empty() {
            return before;
        }
        self.start(session, data, waker);
        self.wait(said)
    }

    fn take(&mut self, outcomes: Vec<Outcome>, said: &mut Vec<Msg>) -> io::Result<()> {
        let mut failure = Ok(());
        for outcome in outcomes {
            match outcome.backup {
                Some(Ok(())) => {
                    self.backed_up.insert(outcome.doc, Instant::now());
                }
                Some(Err(error)) => said.push(Msg::Said(Status::error(error))),
                None => {}
            }
            let id = outcome.id;
            match outcome.written {
                Ok(written) => {
                    self.written.insert(id.clone(), Some(written.stamp));
                    self.bases.insert(id.clone(), written.base);
                    self.remerge.remove(&id);
                    let Some(merge) = written.merge else {
                        continue;
                    };
                    let now = self.changes.get(&outcome.doc).copied().unwrap_or_default();
                    if now == outcome.changes {
                        said.push(Msg::PortfolioChanged {
                            doc: outcome.doc,
                            portfolio: Box::new(merge.portfolio),
                            said: merged_message(merge.took),
                        });
                    } else {
                        // Changed since the copy: the next save (due, since
                        // it changed) takes the merge from the file.
                        self.bases.insert(id.clone(), merge.copy);
                        self.remerge.insert(id);
                    }
                }
                Err(failed) => {
                    if let Some(base) = failed.base {
                        self.bases.insert(id, base);
                    }
                    said.push(Msg::Unsaved(Some(Status::error(failed.said))));
                    self.mark(outcome.doc);
                    failure = Err(failed.error);
                }
            }
        }
        let failed = failure.is_err();
        if self.failing && !failed {
            said.push(Msg::Unsaved(None));
        }
        self.failing = failed;
        failure
    }

    /// Writes `portfolio` (doc `index`'s, merged with what came from
    /// elsewhere) now, as its next save; a save running ends first.
    pub fn write(&mut self, data: &DataDir, portfolio: &Portfolio) -> io::Result<()> {
        let mut said = Vec::new();
        let _ = self.wait(&mut said);
        let stamp = save_portfolio(data, portfolio)?;
        let id = &portfolio.referentiel;
        self.written.insert(id.clone(), Some(stamp));
        self.bases.insert(id.clone(), Base::of(portfolio));
        self.remerge.remove(id);
        Ok(())
    }

    /// A certification was opened: where the candidate left the previous
    /// one's tree is written while its lock is still held.
    pub fn opened(&mut self, session: &Session, data: &DataDir) -> Option<Msg> {
        let said = self.shown.and_then(|doc| save_place(session, data, doc));
        self.shown = Some(session.current);
        said
    }

    /// After the last save failed on the way out: each portfolio not
    /// written goes to a recovery copy in a second place (see
    /// `store::write_recovery`). What to tell the candidate.
    pub fn rescue(&self, session: &Session, data: &DataDir, error: &io::Error) -> String {
        let mut lines = vec![format!(
            "livret : vos dernières modifications n’ont pas pu être enregistrées ({}).",
            describe_io(error)
        )];
        for doc in self.dirty.iter().filter_map(|&i| session.docs.get(i)) {
            let (Ok(portfolio), None) = (&doc.portfolio, &doc.read_only) else {
                continue;
            };
            let id = &doc.certification.id;
            let now = Timestamp::now();
            // The whole portfolio, else (a file size limit, a nearly full
            // disk) only what the file on disk lacks.
            let written = write_recovery(data, id, &portfolio_to_ron(portfolio), now)
                .map(|path| (path, ""))
                .or_else(|error| {
                    let saved = load_portfolio_for(data, &doc.certification).map_err(|_| error)?;
                    let changes = portfolio_to_ron(&portfolio.changes_since(&saved));
                    write_recovery(data, id, &changes, now)
                        .map(|path| (path, " (les changements non enregistrés seulement)"))
                });
            lines.push(match written {
                Ok((path, what)) => format!(
                    "« {id} » : copie de secours{what} dans {} ; elle vous sera proposée au \
                     prochain démarrage.",
                    path.display(),
                ),
                Err(error) => format!(
                    "« {id} » : aucune copie de secours n’a pu être écrite ({error}) ; le dernier \
                     enregistrement reste dans {}.",
                    data.portfolio(id).display()
                ),
            });
        }
        lines.join("\n")
    }

    /// Final save on exit: what waits, and where the candidate left the
    /// tree of the open certification if it moved. Nothing changed:
    /// nothing is written.
    pub fn flush(
        &mut self,
        session: &Session,
        data: &DataDir,
        said: &mut Vec<Msg>,
    ) -> io::Result<()> {
        said.extend(self.shown.and_then(|doc| save_place(session, data, doc)));
        self.save_now(session, data, &Waker::default(), said)
    }
}

/// Writes doc `doc`'s place in the tree to its file if it differs from
/// what is there (a portfolio that cannot be written, none); a failure is
/// said.
fn save_place(session: &Session, data: &DataDir, doc: usize) -> Option<Msg> {
    let doc = session.docs.get(doc)?;
    let (Ok(portfolio), None) = (&doc.portfolio, &doc.read_only) else {
        return None;
    };
    let id = &doc.certification.id;
    let there = load_view(data, id);
    let unchanged = match &there {
        Some(there) => *there == portfolio.view,
        None => portfolio.view == Default::default(),
    };
    if unchanged {
        return None;
    }
    save_view(data, id, &portfolio.view).err().map(|error| {
        Msg::Said(Status::error(format!(
            "Place dans l’arbre non enregistrée : {}",
            describe_io(&error)
        )))
    })
}

fn merged_message(took: Merged) -> Option<Status> {
    // Short enough for 80 columns: what matters comes first.
    let took = took.describe()?;
    Some(Status::warning(format!(
        "Modifié ailleurs : {took} de l’autre version, rien n’est perdu."
    )))
}

/// After a panic (the hook has restored the terminal): writes each open
/// portfolio beside the real one, never over it, and says how to restore it.
pub fn recover_after_panic(session: &Session, data: &DataDir) -> color_eyre::eyre::Report {
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "livret s’est arrêté sur une erreur interne ; vos fichiers n’ont pas été écrasés."
            .to_string(),
    ];
    for doc in session.docs.iter().filter(|d| d.read_only.is_none()) {
        let Ok(portfolio) = &doc.portfolio else {
            continue;
        };
        let id = &doc.certification.id;
        let path = data
            .portfolios()
            .join(format!("{id}.recovered-{stamp}.ron"));
        match write_atomic(&path, portfolio_to_ron(portfolio).as_bytes()) {
            Ok(()) => lines.push(format!(
                "Votre travail en cours sur « {id} » est dans {} ; pour le reprendre : \
                 livret restore {id} {}",
                path.display(),
                path.display()
            )),
            Err(error) => lines.push(format!(
                "« {id} » : copie de secours impossible ({error}) ; le dernier enregistrement \
                 reste dans {}",
                data.portfolio(id).display()
            )),
        }
    }
    color_eyre::eyre::eyre!(lines.join("\n"))
}

#[cfg(test)]
mod tests;
