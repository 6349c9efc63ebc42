//! The files one interface works on, and who may write them: the data
//! directory (the candidate's own, or the one a tutor opened), the write
//! locks, the other side's files watched for changes, and the tutor's own
//! review waiting to be saved.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use notify::RecursiveMode;

use crate::store::{
    self, DataDir, Lock, LockError, load_catalog, load_portfolio, load_reviews, review_path,
    save_review,
};
use crate::tui::msg::Msg;
use crate::tui::session::{Doc, Session};
use crate::tui::status::Status;

use super::watch::Watch;

/// The tutor's review is written this long after the last change.
const REVIEW_DELAY: Duration = Duration::from_millis(500);

/// A file's identity for change detection: modification time and size.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &std::path::Path) -> Stamp {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

pub struct Workspace {
    pub data: DataDir,
    /// In tutor mode: the tutor's name and the directory given to `livret tutor`.
    pub tutor: Option<(String, PathBuf)>,
    /// The lock on the file this process writes (portfolio or own review).
    lock: Option<Lock>,
    /// What was seen last of the files the other side writes.
    reviews_seen: Vec<(PathBuf, Stamp)>,
    portfolio_seen: Stamp,
    /// The folders the other side writes to, watched.
    watch: Watch,
    /// Tutor: the cohort as last read, each row with its files' stamps.
    cohort: Option<store::Overview>,
    /// The own review has changes not yet written.
    review_dirty: Option<Instant>,
    /// Its last write failed: tried again at the next change (or at quit),
    /// not in a loop.
    review_failed: bool,
    /// The own review's file as read or last written: a save checks it is
    /// still that one.
    review_disk: Option<store::DiskStamp>,
    /// The own review as read or last written: the base of a merge.
    review_base: Option<crate::review::Review>,
}

impl Workspace {
    pub fn candidate(data: &DataDir) -> Self {
        Workspace {
            data: data.clone(),
            tutor: None,
            lock: None,
            reviews_seen: Vec::new(),
            portfolio_seen: None,
            watch: Watch::default(),
            cohort: None,
            review_dirty: None,
            review_failed: false,
            review_disk: None,
            review_base: None,
        }
    }

    pub fn tutor(dir: PathBuf, name: String) -> Self {
        let mut workspace = Workspace::candidate(&DataDir::new(&dir));
        workspace.tutor = Some((name, dir));
        workspace
    }

    pub fn set_waker(&mut self, waker: crate::tui::wake::Waker) {
        self.watch.set_waker(waker);
    }

    /// How long the loop may sleep before the review is due or the files
    /// must be looked at (`None`: until woken).
    pub fn timeout(&self) -> Option<Duration> {
        let review = self
            .review_dirty
            .filter(|_| !self.review_failed)
            .map(|at| REVIEW_DELAY.saturating_sub(at.elapsed()));
        [review, self.watch.timeout()].into_iter().flatten().min()
    }

    /// The file whose write lock this process holds, if any.
    pub fn held(&self) -> Vec<PathBuf> {
        self.lock
            .iter()
            .filter_map(|lock| {
                let name = lock.path.file_name()?.to_str()?.strip_suffix(".lock")?;
                Some(lock.path.with_file_name(name))
            })
            .collect()
    }

    /// After a certification opened: take the write lock (else read-only,
    /// saying who holds it), load the tutors' reviews, start watching.
    pub fn opened(&mut self, id: &str) -> Vec<Msg> {
        self.lock = None;
        let (reviews, errors) = load_reviews(&self.data, id);
        let me = self.tutor.as_ref().map(|(name, _)| name.as_str());
        // Else another tutor's review not verified as theirs, and why.
        let unverified = reviews.iter().filter(|r| Some(r.tutor.as_str()) != me);
        let unverified = unverified.filter_map(|r| Some((r, r.unverified.as_ref()?)));
        let unreadable = errors
            .first()
            .map(|error| format!("Avis ignoré : {error}"))
            .or_else(|| {
                unverified
                    .map(|(review, why)| {
                        let tutor = crate::text::terminal_safe(&review.tutor);
                        format!("Avis de {tutor} {} : {why}", crate::review::UNVERIFIED)
                    })
                    .next()
            })
            .map(|text| Msg::Said(Status::info(text)));
        let (file, who) = match &self.tutor {
            Some((name, _)) => (
                review_path(&self.data, id, name),
                format!("le tuteur {name}"),
            ),
            None => (self.data.portfolio(id), "le candidat".to_string()),
        };
        // Stamped before the reviews are read: a change in between is seen.
        self.review_disk = store::disk_stamp(&file);
        // A tutor whose place or own file is not right writes nothing: an
        // own review that exists but does not read is never replaced by an
        // empty one.
        self.review_base = None;
        let refused = match &self.tutor {
            Some((name, _)) => match store::review_place(&self.data, name).and_then(|()| {
                store::load_review(&self.data, id, name)
                    .map_err(|e| format!("votre avis ne se lit pas : {e}"))
            }) {
                Ok(own) => {
                    self.review_base = Some(own);
                    None
                }
                Err(reason) => Some(reason),
            },
            None => None,
        };
        let read_only = match refused {
            Some(reason) => Some(reason),
            None => self.take_lock(&file, &who),
        };
        self.reviews_seen = store::reviews_stamp(&self.data, id);
        self.portfolio_seen = stamp(&self.data.portfolio(id));
        self.watch.watch(watched(&self.data));
        let opened = Msg::Opened { reviews, read_only };
        unreadable.into_iter().chain([opened]).collect()
    }

    /// Takes the write lock of `file`; else why it is read-only.
    fn take_lock(&mut self, file: &std::path::Path, who: &str) -> Option<String> {
        match store::lock(file, who) {
            Ok(lock) => {
                self.lock = Some(lock);
                None
            }
            Err(error) => Some(match &error {
                LockError::Held { holder } => format!("ouvert ailleurs par {holder}"),
                LockError::Io(_) => error.to_string(),
            }),
        }
    }

    /// Whether this process writes the open portfolio.
    fn writes_portfolio(&self, session: &Session) -> bool {
        self.tutor.is_none() && session.doc().is_some_and(|d| d.read_only.is_none())
    }

    /// What the other side changed since the last look: tutors' reviews for
    /// the candidate, the portfolio for a tutor or a read-only candidate.
    pub fn look(&mut self, session: &Session) -> Vec<Msg> {
        if !self.watch.take() {
            return Vec::new();
        }
        let Some((certification, _)) = session.open() else {
            return Vec::new();
        };
        let id = &certification.id;
        let mut changed = Vec::new();
        let reviews_now = store::reviews_stamp(&self.data, id);
        if reviews_now != self.reviews_seen {
            self.reviews_seen = reviews_now;
            // Renames followed before comparing: old comments are not news.
            let (reviews, _) = store::load_reviews_for(&self.data, certification);
            let me = self.tutor.as_ref().map(|(name, _)| name.as_str());
            let news = crate::cycle::review_news(&session.reviews, &reviews, me);
            changed.push(Msg::ReviewsChanged(reviews));
            changed.extend(news.map(|n| Msg::Said(Status::info(n))));
        }
        if !self.writes_portfolio(session) {
            let portfolio_now = stamp(&self.data.portfolio(id));
            if portfolio_now != self.portfolio_seen {
                self.portfolio_seen = portfolio_now;
                // A file caught half-written or broken is simply looked at again.
                if let Ok(portfolio) = load_portfolio(&self.data, id) {
                    let news = session
                        .open()
                        .and_then(|(_, old)| crate::cycle::portfolio_news(old, &portfolio));
                    changed.push(Msg::PortfolioChanged {
                        doc: session.current,
                        portfolio: Box::new(portfolio),
                        said: news.map(Status::info),
                    });
                }
            }
        }
        changed
    }

    pub fn review_changed(&mut self) {
        self.review_dirty = Some(Instant::now());
        self.review_failed = false;
    }

    /// Writes the tutor's own review once it has rested a moment (or now).
    pub fn save_review(&mut self, session: &Session, now: bool) -> Vec<Msg> {
        let Some(at) = self.review_dirty else {
            return Vec::new();
        };
        if !now && (at.elapsed() < REVIEW_DELAY || self.review_failed) {
            return Vec::new();
        }
        let Some(review) = session.own_review() else {
            self.review_dirty = None;
            return Vec::new();
        };
        // Another process of this tutor wrote the file meanwhile (its lock
        // file deleted): their comments are put with ours, never overwritten.
        let path = review_path(&self.data, &review.referentiel, &review.tutor);
        let now = store::disk_stamp(&path);
        let mut merged = None;
        if now.is_some() && now != self.review_disk {
            match store::load_review(&self.data, &review.referentiel, &review.tutor) {
                Ok(disk) => {
                    let mut review = review.clone();
                    review.merge_from(&disk, self.review_base.as_ref());
                    merged = Some(review);
                }
                Err(error) => {
                    self.review_failed = true;
                    return vec![Msg::Said(Status::error(format!(
                        "Avis non enregistré : {error} ; il a changé sur le disque et ne se lit \
                         pas, il n’est pas écrasé ; réessayé au prochain changement"
                    )))];
                }
            }
        }
        match save_review(&self.data, merged.as_ref().unwrap_or(review)) {
            Ok(stamp) => {
                self.review_dirty = None;
                self.review_failed = false;
                self.review_disk = Some(stamp);
                self.review_base = Some(merged.clone().unwrap_or_else(|| review.clone()));
                // Our own write is not news from the other side.
                if let Some((certification, _)) = session.open() {
                    self.reviews_seen = store::reviews_stamp(&self.data, &certification.id);
                }
                merged.map(Msg::OwnReviewMerged).into_iter().collect()
            }
            Err(error) => {
                self.review_failed = true;
                vec![Msg::Said(Status::error(format!(
                    "Échec de l’enregistrement de l’avis : {error} ; réessayé au prochain \
                     changement"
                )))]
            }
        }
    }

    /// Tutor: the cohort screen, figures read afresh.
    pub fn show_cohort(&mut self, session: &Session) -> Vec<Msg> {
        let mut msgs = self.save_review(session, true);
        self.lock = None;
        if let Some((name, dir)) = &self.tutor {
            let cohort = store::Overview::read(dir, name);
            let rows = cohort.rows().to_vec();
            self.cohort = Some(cohort);
            self.watch.watch(cohort_folders(dir));
            // Shown now: not news.
            self.watch.take();
            msgs.push(Msg::Cohort(rows));
        }
        msgs
    }

    /// Tutor, on the cohort screen: the rows whose candidate changed
    /// something since the last look, read again alone (a candidate gone:
    /// the whole list).
    pub fn look_cohort(&mut self, session: &Session) -> Vec<Msg> {
        let Some(cohort) = self.cohort.as_mut().filter(|_| self.watch.take()) else {
            return Vec::new();
        };
        // A folder made in the cohort (a candidate arriving) is watched too.
        if let Some((_, dir)) = &self.tutor {
            let folders = cohort_folders(dir);
            if self.watch.wanted() != folders.as_slice() {
                self.watch.watch(folders);
            }
        }
        let changed = cohort.refresh();
        let rows = cohort.rows();
        // A candidate came or went: the whole list.
        let key = |r: &store::CandidateOverview| (r.dir.clone(), r.referentiel.clone());
        let mut keys: Vec<_> = rows.iter().map(key).collect();
        let mut shown: Vec<_> = session.cohort.iter().map(key).collect();
        keys.sort();
        shown.sort();
        if keys != shown {
            return vec![Msg::Cohort(rows.to_vec())];
        }
        let changed: Vec<_> = changed
            .iter()
            .filter_map(|&i| rows.get(i).cloned())
            .collect();
        if changed.is_empty() {
            return Vec::new();
        }
        vec![Msg::CohortRows(changed)]
    }

    /// Tutor: opens a cohort row: that candidate's data, read-only.
    pub fn open_candidate(&mut self, session: &Session, row: usize) -> Vec<Msg> {
        let Some(row) = session.cohort.get(row).cloned() else {
            return Vec::new();
        };
        self.data = DataDir::new(&row.dir);
        let ahead = crate::store::ReadAhead::start(&self.data, &row.referentiel);
        let catalog = load_catalog(&self.data);
        let docs: Vec<Doc> = crate::tui::session::load_docs(catalog, &self.data, Some(ahead))
            .into_iter()
            .map(|mut doc| {
                doc.read_only = Some(format!(
                    "le portfolio de {} se modifie de son côté",
                    crate::text::visible(&row.candidate)
                ));
                doc
            })
            .collect();
        let open = docs
            .iter()
            .position(|d| d.certification.id == row.referentiel);
        vec![Msg::Candidate { docs, open }]
    }
}

/// The folders of a data directory the other side writes to: the
/// portfolios, and the reviews with their tutors' folders.
fn watched(data: &DataDir) -> Vec<(PathBuf, RecursiveMode)> {
    vec![
        (data.portfolios(), RecursiveMode::NonRecursive),
        (data.reviews_root(), RecursiveMode::Recursive),
    ]
}

/// What a tutor's cohort screen watches: the cohort's folder (a candidate
/// arriving), and in each folder under it the portfolios and reviews (not
/// there yet: the folder, until they appear).
fn cohort_folders(dir: &std::path::Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut folders = vec![(dir.to_path_buf(), RecursiveMode::NonRecursive)];
    let candidates = if store::is_candidate_dir(dir) {
        vec![dir.to_path_buf()]
    } else {
        let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
        let mut dirs: Vec<_> = entries.map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        dirs
    };
    folders.extend(candidates.iter().flat_map(|c| watched(&DataDir::new(c))));
    folders
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;
    use crate::review::Review;
    use crate::tui::session::Tutor;
    use jiff::Timestamp;

    const EXAMPLE: &str = include_str!("../../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn a_review_written_meanwhile_by_another_window_is_merged_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let certification = parse(EXAMPLE, None).unwrap();
        let id = certification.id.clone();
        let portfolio = crate::portfolio::Portfolio::new(&id);
        let mut session = Session::new(vec![Doc::new(certification, Ok(portfolio))]);
        session.tutor = Some(Tutor {
            name: "marie".into(),
            filter: false,
            read_only: None,
        });
        let mut workspace = Workspace::tutor(dir.path().to_path_buf(), "marie".into());
        workspace.opened(&id);
        let at = |s| Timestamp::from_second(s).unwrap();
        let comment = |session: &mut Session, text: &str, s| {
            session
                .own_review_mut()
                .unwrap()
                .add_comment("A1.C1.CR1", text, at(s));
        };
        comment(&mut session, "première", 1);
        workspace.review_changed();
        assert!(workspace.save_review(&session, true).is_empty());
        // Another window of marie's (lock file deleted) adds a comment.
        let data = DataDir::new(dir.path());
        let mut other = store::load_review(&data, &id, "marie").unwrap();
        other.add_comment("A1.C1.CR1", "d’une autre fenêtre", at(2));
        store::save_review(&data, &other).unwrap();
        comment(&mut session, "d’ici", 3);
        workspace.review_changed();
        let msgs = workspace.save_review(&session, true);
        let Some(Msg::OwnReviewMerged(merged)) = msgs.first() else {
            panic!("expected a merge: {msgs:?}");
        };
        let on_disk: Review = store::load_review(&data, &id, "marie").unwrap();
        assert_eq!(&on_disk, merged);
        let texts: Vec<&str> = on_disk
            .comments("A1.C1.CR1")
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, ["première", "d’une autre fenêtre", "d’ici"]);
    }

    #[test]
    fn opening_says_which_other_tutors_review_is_not_verified() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        store::save_review(&data, &Review::new("exemple-minimal", "jean")).unwrap();
        let said = |msgs: Vec<Msg>| -> Vec<String> {
            msgs.into_iter()
                .filter_map(|m| match m {
                    Msg::Said(status) => Some(status.text),
                    _ => None,
                })
                .collect()
        };
        let seen = said(Workspace::candidate(&data).opened("exemple-minimal"));
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(
            seen[0].starts_with("Avis de jean « non vérifié » : "),
            "{seen:?}"
        );
        assert!(seen[0].contains("allowed_signers"), "{seen:?}");
        // jean's own is his.
        let mut jean = Workspace::tutor(dir.path().to_path_buf(), "jean".into());
        assert!(said(jean.opened("exemple-minimal")).is_empty());
    }
}
