//! When each note was synced and by whom, read from the data directory's
//! git history off the loop (git runs once per version read): asked when a
//! certification opens and by `Effect::LoadSyncHistory`, answered with
//! `Msg::SyncHistory`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use crate::referentiel::Certification;
use crate::store::{DataDir, note_syncs};
use crate::sync::history::NoteSyncs;
use crate::tui::msg::Msg;
use crate::tui::status::Status;

/// A read finished: its data directory, certification, and what it found.
type Read = (PathBuf, String, Result<Option<NoteSyncs>, String>);

pub struct Histories {
    channel: (Sender<Read>, Receiver<Read>),
    /// Wakes the run loop when a read is done.
    pub waker: crate::tui::wake::Waker,
}

impl Default for Histories {
    fn default() -> Self {
        Histories {
            channel: mpsc::channel(),
            waker: Default::default(),
        }
    }
}

impl Histories {
    /// Reads the history of `certification`'s portfolio in `data` on a thread.
    pub fn start(&self, data: &DataDir, certification: Arc<Certification>) {
        let data = data.clone();
        let (sender, waker) = (self.channel.0.clone(), self.waker.clone());
        std::thread::spawn(move || {
            let read = std::panic::catch_unwind(|| note_syncs(&data, &certification))
                .unwrap_or_else(|_| Err("lecture interrompue".to_string()));
            let _ = sender.send((data.root().to_path_buf(), certification.id.clone(), read));
            waker.wake();
        });
    }

    /// The reads finished since the last call, for the data directory still
    /// open (a tutor may have gone to another candidate meanwhile).
    pub fn poll(&self, data: &DataDir) -> Vec<Msg> {
        let mut msgs = Vec::new();
        while let Ok((root, id, read)) = self.channel.1.try_recv() {
            if root != data.root() {
                continue;
            }
            let syncs = match read {
                Ok(syncs) => syncs,
                Err(error) => {
                    msgs.push(Msg::Said(Status::info(format!(
                        "Historique de synchronisation illisible : {error}"
                    ))));
                    None
                }
            };
            msgs.push(Msg::SyncHistory { id, syncs });
        }
        msgs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn answers(histories: &Histories, data: &DataDir, count: usize) -> Vec<Msg> {
        let start = Instant::now();
        let mut msgs = Vec::new();
        while msgs.len() < count && start.elapsed() < Duration::from_secs(10) {
            msgs.extend(histories.poll(data));
            std::thread::sleep(Duration::from_millis(5));
        }
        msgs
    }

    #[test]
    fn a_read_answers_for_the_data_directory_still_open_only() {
        let certification = crate::referentiel::parse(
            include_str!("../../../tests/valid_referentiels/exemple-minimal.ron"),
            None,
        )
        .unwrap();
        let (one, other) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (one, other) = (DataDir::new(one.path()), DataDir::new(other.path()));
        let histories = Histories::default();
        let certification = Arc::new(certification);
        histories.start(&other, Arc::clone(&certification));
        histories.start(&one, Arc::clone(&certification));
        let msgs = answers(&histories, &one, 1);
        std::thread::sleep(Duration::from_millis(50));
        let msgs: Vec<Msg> = msgs.into_iter().chain(histories.poll(&one)).collect();
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            matches!(&msgs[0], Msg::SyncHistory { id, syncs: None } if *id == certification.id),
            "not a git repository: {msgs:?}"
        );
    }
}
