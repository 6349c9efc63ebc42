//! The other side's files, watched through the file system's notifications
//! (`notify`: inotify on Linux): a change wakes the run loop at once, and
//! nothing wakes it while nothing changes. Where notifications cannot be had
//! (no inotify, its limit reached), the files are looked at on a timer.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::tui::wake::Waker;

/// Without notifications, how often the files are looked at.
const LOOK_EVERY: Duration = Duration::from_millis(700);

/// What is watched, and whether something changed since the last look.
pub struct Watch {
    waker: Waker,
    watcher: Option<RecommendedWatcher>,
    /// The watcher could not be made: looked at on a timer.
    polling: bool,
    changed: Arc<AtomicBool>,
    /// The folders asked for, and the ones that could be watched.
    wanted: Vec<(PathBuf, RecursiveMode)>,
    watched: Vec<PathBuf>,
    last_look: Instant,
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            waker: Waker::default(),
            watcher: None,
            polling: false,
            changed: Arc::new(AtomicBool::new(false)),
            wanted: Vec::new(),
            watched: Vec::new(),
            last_look: Instant::now(),
        }
    }
}

impl Watch {
    pub fn set_waker(&mut self, waker: Waker) {
        self.waker = waker;
        // A watcher made before wakes the old nobody: made again.
        self.watcher = None;
        self.watched.clear();
        self.polling = false;
        let wanted = std::mem::take(&mut self.wanted);
        self.watch(wanted);
    }

    /// Watches these folders (and these only), each with its subfolders
    /// when recursive. A folder that does not exist yet is watched through
    /// its parent until it appears. Counts as a change: the caller looks
    /// once now.
    pub fn watch(&mut self, folders: Vec<(PathBuf, RecursiveMode)>) {
        for path in self.watched.drain(..) {
            if let Some(watcher) = self.watcher.as_mut() {
                let _ = watcher.unwatch(&path);
            }
        }
        self.wanted = folders;
        self.changed.store(true, Ordering::Release);
        if self.wanted.is_empty() {
            return;
        }
        if self.watcher.is_none() && !self.polling {
            let (changed, waker) = (Arc::clone(&self.changed), self.waker.clone());
            let made = notify::recommended_watcher(move |event: notify::Result<Event>| {
                // Reads (ours included) are no change.
                if event.is_ok_and(|e| matches!(e.kind, EventKind::Access(_))) {
                    return;
                }
                changed.store(true, Ordering::Release);
                waker.wake();
            });
            match made {
                Ok(watcher) => self.watcher = Some(watcher),
                Err(_) => self.polling = true,
            }
        }
        self.add_watches();
    }

    /// Adds the watches still missing (a folder created since).
    fn add_watches(&mut self) {
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        for (folder, mode) in &self.wanted {
            let target = if folder.is_dir() {
                folder.as_path()
            } else {
                match existing_parent(folder) {
                    Some(parent) => parent,
                    None => continue,
                }
            };
            let mode = if target == folder.as_path() {
                *mode
            } else {
                RecursiveMode::NonRecursive
            };
            if self.watched.iter().any(|w| w == target) {
                continue;
            }
            match watcher.watch(target, mode) {
                Ok(()) => self.watched.push(target.to_path_buf()),
                // Out of watches: what is left is looked at on a timer.
                Err(_) => self.polling = true,
            }
        }
    }

    /// The folders asked for.
    pub fn wanted(&self) -> &[(PathBuf, RecursiveMode)] {
        &self.wanted
    }

    /// Whether to look at the files now: something changed since the last
    /// call (or, without notifications, the timer is up).
    pub fn take(&mut self) -> bool {
        if self.wanted.is_empty() {
            return false;
        }
        let changed = self.changed.swap(false, Ordering::AcqRel);
        // A folder waited for (watched through its parent) may have appeared.
        let appeared = || {
            let mut missing = self
                .wanted
                .iter()
                .filter(|(f, _)| !self.watched.contains(f));
            missing.any(|(f, _)| f.is_dir())
        };
        if changed && appeared() {
            self.add_watches();
        }
        let due = self.polling && self.last_look.elapsed() >= LOOK_EVERY;
        if changed || due {
            self.last_look = Instant::now();
        }
        changed || due
    }

    /// How long the loop may sleep before the files must be looked at:
    /// `None` while notifications watch them.
    pub fn timeout(&self) -> Option<Duration> {
        // Once due, nothing more to wait for: on a screen that does not
        // look (`take` not called), a zero here would spin the loop.
        let left = LOOK_EVERY.saturating_sub(self.last_look.elapsed());
        (self.polling && !self.wanted.is_empty() && !left.is_zero()).then_some(left)
    }

    /// Whether notifications watch the files (else a timer).
    #[cfg(test)]
    pub fn notified(&self) -> bool {
        self.watcher.is_some() && !self.polling
    }
}

/// The nearest folder above `path` that exists.
fn existing_parent(path: &Path) -> Option<&Path> {
    path.ancestors().skip(1).find(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for(watch: &mut Watch) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if watch.take() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    #[test]
    fn a_file_written_in_a_watched_folder_is_a_change_and_nothing_else_is() {
        let dir = tempfile::tempdir().unwrap();
        let portfolios = dir.path().join("portfolios");
        let reviews = dir.path().join("reviews");
        std::fs::create_dir(&portfolios).unwrap();
        let mut watch = Watch::default();
        watch.watch(vec![
            (portfolios.clone(), RecursiveMode::NonRecursive),
            (reviews.clone(), RecursiveMode::Recursive),
        ]);
        assert!(watch.take(), "a new watch is looked at once");
        assert!(watch.notified(), "inotify is there");
        assert!(!watch.take());
        assert_eq!(watch.timeout(), None, "no timer while notified");
        std::fs::write(portfolios.join("a.ron"), "x").unwrap();
        assert!(wait_for(&mut watch));
        // Reading is no change.
        std::thread::sleep(Duration::from_millis(50));
        let _ = watch.take();
        let _ = std::fs::read(portfolios.join("a.ron")).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert!(!watch.take(), "a read is not a change");
        // A folder made later is watched once it appears, subfolders included.
        std::fs::create_dir_all(reviews.join("marie")).unwrap();
        assert!(wait_for(&mut watch));
        std::thread::sleep(Duration::from_millis(50));
        let _ = watch.take();
        std::fs::write(reviews.join("marie").join("a.ron"), "avis").unwrap();
        assert!(
            wait_for(&mut watch),
            "a review written in a new tutor's folder"
        );
    }
}
