//! Saving the candidate's portfolios: a moment after the last change (so a
//! burst of keys costs one write), with a backup of the file on disk before
//! the first save of a session and then hourly, retried after a failure;
//! and after a panic, the work written beside the portfolio, never over it.

use std::collections::HashMap;
use std::io;
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr};
use jiff::Timestamp;

use crate::store::{DataDir, backup, portfolio_to_ron, save_portfolio, write_atomic};
use crate::tui::msg::Msg;
use crate::tui::session::Session;
use crate::tui::status::Status;

/// Changes are written this long after the last one, so typing bursts and
/// quick key presses cost one save.
const SAVE_DELAY: Duration = Duration::from_millis(500);

/// A new backup of a portfolio at most this often while working.
const BACKUP_EVERY: Duration = Duration::from_secs(3600);

/// Which portfolios have unsaved changes, and since when; which were backed
/// up this session.
#[derive(Default)]
pub struct Saver {
    dirty: Vec<usize>,
    last_change: Option<Instant>,
    backed_up: HashMap<usize, Instant>,
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
            if let Err(error) = save_portfolio(data, portfolio) {
                said.push(Msg::Said(Status::error(format!(
                    "Échec de l’enregistrement de {} : {error} ; vos modifications restent \
                     en mémoire et seront réessayées",
                    data.portfolio(&portfolio.referentiel).display()
                ))));
                self.changed(index);
                failure = Err(error);
            }
        }
        failure
    }

    /// Final save on exit, including where the candidate was in the tree
    /// (`on_main`: the open portfolio was on screen).
    pub fn flush(
        &mut self,
        session: &Session,
        data: &DataDir,
        on_main: bool,
        said: &mut Vec<Msg>,
    ) -> Result<()> {
        if on_main {
            self.changed(session.current);
        }
        self.save(session, data, said)
            .wrap_err("les dernières modifications n’ont pas pu être enregistrées")
    }
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
        portfolio.cycle_status("A1.C1.CR1");
        saver.changed(0);
    }

    /// What was said, as text.
    fn said(msgs: &[Msg]) -> Vec<String> {
        msgs.iter()
            .filter_map(|m| match m {
                Msg::Said(status) => Some(status.text.clone()),
                _ => None,
            })
            .collect()
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
