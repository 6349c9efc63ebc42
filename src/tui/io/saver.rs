//! Saving the candidate's portfolios: a moment after the last change (so a
//! burst of keys costs one write), with a backup of the file on disk before
//! the first save of a session and then hourly, retried after a failure;
//! and after a panic, the work written beside the portfolio, never over it.

use std::collections::HashMap;
use std::io;
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::portfolio::{Base, Merged, Newer, Portfolio};
use crate::store::{
    DataDir, DiskStamp, backup, describe_io, disk_stamp, load_portfolio_for, portfolio_to_ron,
    save_portfolio, write_atomic, write_recovery,
};
use crate::tui::msg::Msg;
use crate::tui::session::Session;
use crate::tui::status::Status;

/// Changes are written this long after the last one, so typing bursts and
/// quick key presses cost one save.
const SAVE_DELAY: Duration = Duration::from_millis(500);

/// A new backup of a portfolio at most this often while working.
const BACKUP_EVERY: Duration = Duration::from_secs(3600);

/// Which portfolios have unsaved changes, and since when; which were backed
/// up this session; which file each was last written to.
#[derive(Default)]
pub struct Saver {
    dirty: Vec<usize>,
    last_change: Option<Instant>,
    backed_up: HashMap<usize, Instant>,
    /// Per certification, the file this process last wrote (else the one
    /// the portfolio was read from, `Doc::disk`).
    written: HashMap<String, Option<DiskStamp>>,
    /// The last save failed: the next that succeeds says so.
    failing: bool,
    /// Per certification, what this process last wrote, for a merge.
    bases: HashMap<String, Base>,
}

impl Saver {
    pub fn changed(&mut self, doc: usize) {
        if !self.dirty.contains(&doc) {
            self.dirty.push(doc);
        }
        self.last_change = Some(Instant::now());
    }

    /// How long the loop may wait for an event before a save is due.
    pub fn timeout(&self) -> Duration {
        match self.last_change {
            Some(at) => SAVE_DELAY.saturating_sub(at.elapsed()),
            None => Duration::from_secs(3600),
        }
    }

    /// The portfolio of `id` was put back from elsewhere (a backup): the
    /// file there now is the one in memory.
    pub fn reread(&mut self, id: &str, stamp: Option<DiskStamp>) {
        self.written.insert(id.to_string(), stamp);
    }

    /// Whether a change waits to be written.
    pub fn pending(&self) -> bool {
        !self.dirty.is_empty()
    }

    pub fn due(&self) -> bool {
        self.last_change
            .is_some_and(|at| at.elapsed() >= SAVE_DELAY)
    }

    /// Saves every changed portfolio; a failure is said (in `said`) and
    /// retried later. The file on disk is backed up before the first save
    /// of a session and then once an hour.
    pub fn save(
        &mut self,
        session: &Session,
        data: &DataDir,
        said: &mut Vec<Msg>,
    ) -> io::Result<()> {
        self.last_change = None;
        let mut failure = Ok(());
        for index in std::mem::take(&mut self.dirty) {
            let Some(doc) = session.docs.get(index) else {
                continue;
            };
            let (Ok(portfolio), None) = (&doc.portfolio, &doc.read_only) else {
                continue;
            };
            let due = self
                .backed_up
                .get(&index)
                .is_none_or(|at| at.elapsed() >= BACKUP_EVERY);
            if due {
                match backup(data, &portfolio.referentiel, Timestamp::now()) {
                    Ok(_) => {
                        self.backed_up.insert(index, Instant::now());
                    }
                    Err(error) => said.push(Msg::Said(Status::error(format!(
                        "Sauvegarde de sécurité impossible : {error}"
                    )))),
                }
            }
            let id = &portfolio.referentiel;
            let expected = self.written.get(id).copied().unwrap_or(doc.disk);
            let base = self.bases.get(id);
            let merged = match changed_on_disk(data, doc, portfolio, expected, base) {
                Ok(merged) => merged,
                Err(error) => {
                    said.push(Msg::Unsaved(Some(Status::error(error.to_string()))));
                    self.changed(index);
                    failure = Err(error);
                    continue;
                }
            };
            let to_write = merged.as_ref().map_or(portfolio, |(p, _)| p);
            match save_portfolio(data, to_write) {
                Ok(stamp) => {
                    self.written.insert(id.clone(), Some(stamp));
                    self.bases.insert(id.clone(), Base::of(to_write));
                    if let Some((portfolio, took)) = merged {
                        said.push(Msg::PortfolioChanged {
                            doc: index,
                            portfolio: Box::new(portfolio),
                            said: merged_message(took),
                        });
                    }
                }
                Err(error) => {
                    // What happened first: the path is long.
                    said.push(Msg::Unsaved(Some(Status::error(format!(
                        "Échec de l’enregistrement : {} ; vos modifications restent en \
                         mémoire et seront réessayées ({})",
                        describe_io(&error),
                        data.portfolio(id).display()
                    )))));
                    self.changed(index);
                    failure = Err(error);
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
    /// elsewhere) now, as its next save.
    pub fn write(&mut self, data: &DataDir, portfolio: &Portfolio) -> io::Result<()> {
        let stamp = save_portfolio(data, portfolio)?;
        self.written
            .insert(portfolio.referentiel.clone(), Some(stamp));
        self.bases
            .insert(portfolio.referentiel.clone(), Base::of(portfolio));
        Ok(())
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

    /// Final save on exit, including where the candidate was in the tree
    /// (`on_main`: the open portfolio was on screen).
    pub fn flush(
        &mut self,
        session: &Session,
        data: &DataDir,
        on_main: bool,
        said: &mut Vec<Msg>,
    ) -> io::Result<()> {
        if on_main {
            self.changed(session.current);
        }
        self.save(session, data, said)
    }
}

/// If the file changed on disk since this process read or wrote it (another
/// writer, its lock file deleted; a copy put back by hand), the version in
/// memory with what the disk version has and it lacks: that is written,
/// never the memory alone over the other's work. A disk version that does
/// not read is not overwritten: an error.
fn changed_on_disk(
    data: &DataDir,
    doc: &crate::tui::session::Doc,
    portfolio: &crate::portfolio::Portfolio,
    expected: Option<DiskStamp>,
    base: Option<&Base>,
) -> io::Result<Option<(crate::portfolio::Portfolio, Merged)>> {
    let path = data.portfolio(&portfolio.referentiel);
    let now = disk_stamp(&path);
    if now.is_none() || now == expected {
        return Ok(None);
    }
    match load_portfolio_for(data, &doc.certification) {
        Ok(disk) => {
            let mut merged = portfolio.clone();
            let took = merged.merge_from(&disk, base, Newer::Ours);
            Ok(Some((merged, took)))
        }
        Err(error) => Err(io::Error::other(format!(
            "{} a changé sur le disque depuis son ouverture et ne se lit pas ({error}) : il n’est \
             pas écrasé ; vos modifications restent en mémoire (réessayé au prochain changement)",
            path.display()
        ))),
    }
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
mod tests {
    use super::*;
    use crate::referentiel::parse;
    use crate::store::list_backups;
    use crate::tui::session::Doc;

    const EXAMPLE: &str = include_str!("../../../tests/valid_referentiels/exemple-minimal.ron");

    fn session() -> Session {
        let certification = parse(EXAMPLE, None).unwrap();
        let portfolio = crate::portfolio::Portfolio::new(&certification.id);
        Session::new(vec![Doc::new(certification, Ok(portfolio))])
    }

    fn changed(session: &mut Session, saver: &mut Saver) {
        let portfolio = session.docs[0].portfolio.as_mut().unwrap();
        portfolio.cycle_status("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
        saver.changed(0);
    }

    /// What was said, as text.
    fn said(msgs: &[Msg]) -> Vec<String> {
        msgs.iter()
            .filter_map(|m| match m {
                Msg::Said(status) | Msg::Unsaved(Some(status)) => Some(status.text.clone()),
                _ => None,
            })
            .collect()
    }

    fn merged(msgs: &[Msg]) -> Option<(&crate::portfolio::Portfolio, Option<&Status>)> {
        msgs.iter().find_map(|m| match m {
            Msg::PortfolioChanged {
                portfolio, said, ..
            } => Some((portfolio.as_ref(), said.as_ref())),
            _ => None,
        })
    }

    #[test]
    fn a_file_changed_on_disk_is_merged_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut session = session();
        let id = session.docs[0].certification.id.clone();
        let mut saver = Saver::default();
        changed(&mut session, &mut saver);
        saver.save(&session, &data, &mut Vec::new()).unwrap();
        // Another writer (its lock file deleted) adds a note and saves.
        let mut other = crate::store::load_portfolio(&data, &id).unwrap();
        other.add_note(
            "A1.C1.CR1",
            "Note de l’autre processus",
            Timestamp::from_second(10).unwrap(),
        );
        save_portfolio(&data, &other).unwrap();
        // This process adds its own and saves: both are on disk.
        let portfolio = session.docs[0].portfolio.as_mut().unwrap();
        portfolio.add_note(
            "A1.C1.CR1",
            "Note d’ici",
            Timestamp::from_second(20).unwrap(),
        );
        saver.changed(0);
        let mut msgs = Vec::new();
        saver.save(&session, &data, &mut msgs).unwrap();
        let on_disk = crate::store::load_portfolio(&data, &id).unwrap();
        let texts: Vec<&str> = on_disk
            .notes("A1.C1.CR1")
            .iter()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(texts, ["Note d’ici", "Note de l’autre processus"]);
        let (in_memory, said) = merged(&msgs).expect("the merge goes back to the session");
        assert_eq!(*in_memory, on_disk);
        assert!(said.unwrap().text.contains("rien n’est perdu"), "{said:?}");
        // Our own writes are not news: the next save merges nothing.
        saver.changed(0);
        let mut msgs = Vec::new();
        session.docs[0].portfolio = Ok(on_disk);
        saver.save(&session, &data, &mut msgs).unwrap();
        assert!(merged(&msgs).is_none());
    }

    #[test]
    fn a_file_changed_on_disk_that_does_not_read_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut session = session();
        let id = session.docs[0].certification.id.clone();
        let mut saver = Saver::default();
        changed(&mut session, &mut saver);
        saver.save(&session, &data, &mut Vec::new()).unwrap();
        std::fs::write(data.portfolio(&id), "(cassé").unwrap();
        changed(&mut session, &mut saver);
        let mut msgs = Vec::new();
        assert!(saver.save(&session, &data, &mut msgs).is_err());
        assert!(said(&msgs)[0].contains("pas écrasé"), "{:?}", said(&msgs));
        assert_eq!(
            std::fs::read_to_string(data.portfolio(&id)).unwrap(),
            "(cassé"
        );
        assert_eq!(saver.dirty, [0], "still to save");
    }

    #[test]
    fn a_failed_save_is_said_and_retried() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the portfolios directory should be: every save fails.
        std::fs::write(dir.path().join("portfolios"), "").unwrap();
        let data = DataDir::new(dir.path());
        let mut session = session();
        let mut saver = Saver::default();
        changed(&mut session, &mut saver);
        let mut msgs = Vec::new();
        assert!(saver.save(&session, &data, &mut msgs).is_err());
        let message = said(&msgs).pop().unwrap();
        assert!(
            message.starts_with("Échec de l’enregistrement"),
            "{message}"
        );
        assert!(message.contains("réessayées"), "{message}");
        assert_eq!(saver.dirty, [0], "still to save");
        assert!(saver.last_change.is_some(), "retried after the delay");
    }

    #[test]
    fn read_only_portfolios_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut session = session();
        session.docs[0].read_only = Some("test".into());
        let mut saver = Saver::default();
        changed(&mut session, &mut saver);
        saver.flush(&session, &data, true, &mut Vec::new()).unwrap();
        assert!(!data.portfolios().exists());
    }

    #[test]
    fn the_file_on_disk_is_backed_up_once_per_session_before_saving() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut session = session();
        let id = session.docs[0].certification.id.clone();
        let mut saver = Saver::default();
        changed(&mut session, &mut saver);
        saver.save(&session, &data, &mut Vec::new()).unwrap();
        assert!(
            list_backups(&data, &id).unwrap().is_empty(),
            "nothing to back up yet"
        );
        let mut later = Saver::default();
        for _ in 0..3 {
            changed(&mut session, &mut later);
            later.save(&session, &data, &mut Vec::new()).unwrap();
        }
        assert_eq!(
            list_backups(&data, &id).unwrap().len(),
            1,
            "one per session"
        );
    }

    #[test]
    fn after_a_panic_the_work_goes_beside_the_portfolio_never_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut session = session();
        let id = session.docs[0].certification.id.clone();
        write_atomic(&data.portfolio(&id), b"original").unwrap();
        let mut saver = Saver::default();
        changed(&mut session, &mut saver);
        let message = recover_after_panic(&session, &data).to_string();
        assert_eq!(std::fs::read(data.portfolio(&id)).unwrap(), b"original");
        let recovered: Vec<_> = std::fs::read_dir(data.portfolios())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".recovered-"))
            .collect();
        assert_eq!(recovered.len(), 1);
        let text = std::fs::read_to_string(&recovered[0]).unwrap();
        assert!(text.contains("A1.C1.CR1"), "{text}");
        assert!(
            message.contains(&format!("livret restore {id} ")),
            "{message}"
        );
    }
}
