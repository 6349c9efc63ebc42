//! The data the interface works on: the certifications with the
//! candidate's portfolios, and the tutor at the keyboard.

use crate::portfolio::{Note, Portfolio};
use crate::progress;
use crate::referentiel::Certification;
use crate::review::Review;
use crate::store::CandidateOverview as CohortRow;
use crate::store::{Catalog, DataDir, ReadAhead, load_portfolio, load_view};
use crate::sync::history::{NoteSync, NoteSyncs};
use crate::tui::nav::Go;
use crate::tui::search_index::SearchIndex;
use crate::tui::status::Status;

mod figures;
mod undo;

/// A certification and the candidate's work on it. An unreadable portfolio
/// keeps its error: the certification cannot be opened, and nothing overwrites it.
#[derive(Debug)]
pub struct Doc {
    pub certification: std::sync::Arc<Certification>,
    pub portfolio: Result<Portfolio, String>,
    /// Ids of the portfolio's work that no unit of the référentiel names
    /// any more, shown « hors référentiel »; refreshed with the tree's rows.
    pub orphans: Vec<String>,
    /// Why the portfolio may not be changed (unreadable file opened anyway,
    /// file held by another process); `None` when it is writable.
    pub read_only: Option<String>,
    /// The portfolio in memory is an empty stand-in for a file that cannot
    /// be read: it is never saved, and never exported over a real dossier.
    pub stand_in: bool,
    /// The file the portfolio was read from (`None`: there was none): a
    /// save first checks it is still there, untouched.
    pub disk: Option<crate::store::DiskStamp>,
    /// When each note was synced and by whom, from git (`None`: not
    /// synced, or not read yet).
    pub synced: Option<NoteSyncs>,
    /// The words of its notes, when they were kept with a parsed copy of
    /// the file (see `store::cache`): taken by the session's figures.
    pub counted: crate::store::WordCounts,
}

impl Doc {
    /// A portfolio keyed by former ids of the certification has its work
    /// moved to the current ids here, whoever loaded it.
    pub fn new(certification: Certification, mut portfolio: Result<Portfolio, String>) -> Self {
        if let Ok(portfolio) = &mut portfolio {
            portfolio.follow_renames(&certification);
        }
        let orphans = portfolio
            .as_ref()
            .map(|p| p.orphans(&certification))
            .unwrap_or_default();
        Doc {
            certification: std::sync::Arc::new(certification),
            portfolio,
            orphans,
            read_only: None,
            stand_in: false,
            disk: None,
            synced: None,
            counted: Vec::new(),
        }
    }

    pub fn overall(&self) -> Option<progress::Tally> {
        let portfolio = self.portfolio.as_ref().ok()?;
        Some(progress::overall(&self.certification, portfolio))
    }
}

/// The tutor using this process, and what they look at.
#[derive(Debug, Clone)]
pub struct Tutor {
    pub name: String,
    /// Show only critères prêt that this tutor has not judged yet.
    pub filter: bool,
    /// Why this tutor's review may not be changed (the same tutor has it
    /// open elsewhere); `None` when it is writable.
    pub read_only: Option<String>,
}

/// Every certification with the candidate's portfolio for it (or why it
/// cannot be read). The catalog's certifications are moved in, not copied:
/// at 10,000 critères a copy is tens of megabytes kept for nothing. The
/// portfolio `ahead` was read while the catalog was, when there is one.
pub fn load_docs(catalog: Catalog, data: &DataDir, ahead: Option<ReadAhead>) -> Vec<Doc> {
    let mut ahead = ahead;
    catalog
        .entries
        .into_iter()
        .map(|entry| {
            let id = &entry.certification.id;
            let (disk, loaded, counted) = match ahead.take_if(|a| a.id() == id) {
                Some(ahead) => ahead.join_counted(),
                // Stamped before the read: a change in between is seen as one.
                None => (
                    crate::store::disk_stamp(&data.portfolio(id)),
                    load_portfolio(data, id),
                    Vec::new(),
                ),
            };
            let mut loaded = loaded.map_err(|e| e.to_string());
            // The place in the tree has its own file; a portfolio written
            // before it did still carries one, taken when there is no file.
            if let (Ok(portfolio), Some(view)) = (&mut loaded, load_view(data, id)) {
                portfolio.view = view;
            }
            let mut doc = Doc::new(entry.certification, loaded);
            doc.disk = disk;
            doc.counted = counted;
            doc
        })
        .collect()
}

/// What the interface works on, whatever the screen: the certifications
/// with their portfolios, the open one, the tutors' reviews of it, who is at
/// the keyboard, and what is derived from them (progress figures, the search
/// index), kept in step by a generation bumped whenever they may differ.
#[derive(Debug, Default)]
pub struct Session {
    pub docs: Vec<Doc>,
    /// The last save of a portfolio failed (disk full…): quitting asks first.
    pub unsaved: bool,
    /// More keys were typed ahead of the one being applied (the run loop
    /// says so): the search runs once, at the last of them.
    pub keys_waiting: bool,
    /// Tutor: the review request being worked through (`n`), by its
    /// creation time, once opened from the queue.
    pub request: Option<jiff::Timestamp>,
    /// Tutor: the item whose notes are on screen; read once they leave it.
    pub viewing: Option<String>,
    /// Index in `docs` of the open certification.
    pub current: usize,
    /// Every tutor's review of the open certification (this tutor's own
    /// included, in tutor mode).
    pub reviews: Vec<Review>,
    /// Set when a tutor uses this process.
    pub tutor: Option<Tutor>,
    /// The candidate's name, from the config.
    pub candidate: Option<String>,
    /// Whether and how the portfolio's own name is asked.
    pub naming: crate::tui::naming::Naming,
    /// Help to write from the config (`writing:`), and after how many
    /// days away the next steps greet the candidate (`None`: the default).
    pub writing: crate::referentiel::Writing,
    pub welcome_after_days: Option<u32>,
    /// The tutor's candidates, one row per candidate and certification.
    pub cohort: Vec<CohortRow>,
    /// Référentiel files that could not be read, each with its file,
    /// line:column and what is wrong: listed by the picker, never opened.
    pub unreadable: Vec<String>,
    /// Bumped whenever statuses or verdicts may have changed: the progress
    /// figures are counted again then (see `tallies`).
    pub generation: u64,
    pub(crate) tallies: crate::tui::tallies::Cache,
    /// The open certification's search index, and the one being built.
    pub(crate) index: SearchIndex,
    /// A certification was opened: its index is built off the loop after
    /// the next frame, so that the first `/` does not wait for it.
    pub index_due: bool,
    /// The candidate's changes this session, to take back (`u`) and do
    /// again (Ctrl-R).
    pub undo: crate::tui::undo::Undo,
    /// The sync with the centre, when this data directory syncs (git).
    pub sync: Option<crate::tui::syncing::SyncLine>,
}

impl Session {
    pub fn new(mut docs: Vec<Doc>) -> Self {
        let session = Session::default();
        for doc in &mut docs {
            session
                .tallies
                .borrow_mut()
                .seed(std::mem::take(&mut doc.counted));
        }
        Session { docs, ..session }
    }
}

/// What keeping a note's text did, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// Whether the portfolio changed (and must be saved).
    pub changed: bool,
    pub message: &'static str,
    /// The note to select: a note just added.
    pub selected: Option<usize>,
}

impl Session {
    /// The open certification's doc.
    pub fn doc(&self) -> Option<&Doc> {
        self.docs.get(self.current)
    }

    /// Takes when each note of certification `id` was synced (see
    /// `Msg::SyncHistory`).
    pub fn set_note_syncs(&mut self, id: &str, syncs: Option<NoteSyncs>) {
        if let Some(doc) = self.docs.iter_mut().find(|d| d.certification.id == id) {
            doc.synced = syncs;
        }
    }

    /// The sync of a note of the open certification as it is now; `None`:
    /// not synced since it last changed, or the history is not known.
    pub fn note_synced(&self, critere: &str, note: &Note) -> Option<&NoteSync> {
        crate::sync::history::synced(self.doc()?.synced.as_ref()?, critere, note)
    }

    /// The open certification and its portfolio, when it could be read.
    pub fn open(&self) -> Option<(&Certification, &Portfolio)> {
        let doc = self.doc()?;
        Some((&doc.certification, doc.portfolio.as_ref().ok()?))
    }

    /// The experiences of the open portfolio (none when unreadable).
    pub fn experiences(&self) -> &[crate::experience::Experience] {
        self.open().map_or(&[], |(_, p)| &p.experiences)
    }

    /// The pièces justificatives of the open portfolio (none when unreadable).
    pub fn pieces(&self) -> &[crate::portfolio::Piece] {
        self.open().map_or(&[], |(_, p)| &p.pieces)
    }

    /// The open portfolio, to change it: the caller says so with
    /// `Effect::Changed`, after which `touch` counts the figures again.
    pub fn open_mut(&mut self) -> Option<&mut Portfolio> {
        self.docs.get_mut(self.current)?.portfolio.as_mut().ok()
    }

    /// Statuses, verdicts or notes may have changed: figures are counted
    /// again at the next frame.
    pub fn touch(&mut self) {
        self.generation += 1;
    }

    /// Why the open portfolio may not be changed (unreadable, held by
    /// another process); `None` when it may.
    pub fn read_only(&self) -> Option<&str> {
        self.doc()?.read_only.as_deref()
    }

    /// Why nothing can be changed on the main screen: the portfolio's
    /// reason, else the tutor's.
    pub fn read_only_reason(&self) -> Option<String> {
        self.doc()
            .and_then(|d| d.read_only.clone())
            .or_else(|| self.tutor.as_ref().and_then(|t| t.read_only.clone()))
    }

    /// Puts a freshly (re)loaded portfolio in place.
    pub fn reload(&mut self, index: usize, portfolio: Result<Portfolio, String>) {
        self.touch();
        self.undo.forget();
        let Some(doc) = self.docs.get_mut(index) else {
            return;
        };
        doc.portfolio = portfolio;
        if let Ok(portfolio) = &mut doc.portfolio {
            portfolio.follow_renames(&doc.certification);
        }
        doc.read_only = None;
        doc.stand_in = false;
        if self.current == index {
            self.index.forget_built();
        }
    }

    /// An unreadable portfolio's certification with an empty portfolio that
    /// is never saved: the broken file stays as it is.
    pub fn open_read_only(&mut self, index: usize, error: &str) {
        let Some(doc) = self.docs.get_mut(index) else {
            return;
        };
        doc.portfolio = Ok(Portfolio::new(&doc.certification.id));
        doc.stand_in = true;
        doc.read_only = Some(format!(
            "le portfolio est illisible et n’a pas été modifié ({error})"
        ));
    }

    /// Stores the text of a new or edited note, and its links to
    /// experiences and pieces when given; the search index follows.
    pub fn keep_note(
        &mut self,
        critere: &str,
        note: Option<usize>,
        draft: Option<usize>,
        text: &str,
        // (experience ids, piece ids).
        links: Option<(&[String], &[String])>,
        now: jiff::Timestamp,
    ) -> Option<Kept> {
        let portfolio = self.open_mut()?;
        let mut selected = None;
        let (changed, message) = match (note, draft) {
            (None, Some(draft)) if !text.trim().is_empty() => {
                portfolio.finish_draft(critere, draft, text, now);
                selected = Some(draft);
                (true, "Note ajoutée.")
            }
            (None, Some(draft)) => {
                portfolio.put_draft(critere, Some(draft), "", now);
                (true, "Note vide : le brouillon est supprimé.")
            }
            (None, None) => match portfolio.add_note(critere, text, now) {
                Some(index) => {
                    selected = Some(index);
                    (true, "Note ajoutée.")
                }
                None => (false, "Note vide : rien n’a été ajouté."),
            },
            (Some(index), draft) => {
                // The draft of an edit goes once the note itself is kept.
                let dropped = draft
                    .filter(|_| !text.trim().is_empty())
                    .is_some_and(|d| portfolio.put_draft(critere, Some(d), "", now).is_none());
                if portfolio.update_note(critere, index, text, now) {
                    (true, "Note enregistrée.")
                } else if text.trim().is_empty() {
                    (
                        false,
                        "Note vide : utilisez d pour la supprimer ; rien n’a changé.",
                    )
                } else {
                    (dropped, "Note inchangée.")
                }
            }
        };
        let linked = match (links, note.or(selected)) {
            (Some((experiences, pieces)), Some(index)) if !text.trim().is_empty() => {
                let linked = portfolio.set_links(critere, index, experiences, now);
                portfolio.cite_pieces(critere, index, pieces, now) || linked
            }
            _ => false,
        };
        let (changed, message) = match (changed, linked) {
            (false, true) => (true, "Note enregistrée."),
            (changed, linked) => (changed || linked, message),
        };
        if changed {
            self.notes_changed(critere);
        }
        Some(Kept {
            changed,
            message,
            selected,
        })
    }

    /// This process's own review, when a tutor uses it.
    pub fn own_review(&self) -> Option<&Review> {
        let tutor = self.tutor.as_ref()?;
        self.reviews.iter().find(|r| r.tutor == tutor.name)
    }

    /// This tutor's review of the open certification, made when missing.
    /// Whether the open portfolio may be changed and written: read, not a
    /// stand-in, not held by another process.
    pub fn writable(&self) -> bool {
        self.doc()
            .is_some_and(|d| d.portfolio.is_ok() && d.read_only.is_none() && !d.stand_in)
    }

    /// The tutor's own review, as merged with another window's and
    /// written; what to say about it.
    pub fn replace_own_review(&mut self, review: Review) -> &'static str {
        if let Some(own) = self.own_review_mut() {
            *own = review;
        }
        self.touch();
        "Votre avis avait été modifié dans une autre fenêtre : les deux réunis."
    }

    pub fn own_review_mut(&mut self) -> Option<&mut Review> {
        let name = self.tutor.as_ref()?.name.clone();
        let referentiel = self.doc()?.certification.id.clone();
        if !self.reviews.iter().any(|r| r.tutor == name) {
            self.reviews.push(Review::new(referentiel, name.clone()));
        }
        self.reviews.iter_mut().find(|r| r.tutor == name)
    }

    /// This process could not take the write lock of the open file: the
    /// tutor's review, or the candidate's portfolio, is read-only.
    pub fn lock_refused(&mut self, reason: &str) {
        let current = self.current;
        match self.tutor.as_mut() {
            Some(tutor) => tutor.read_only = Some(reason.to_string()),
            None => {
                if let Some(doc) = self.docs.get_mut(current) {
                    doc.read_only = Some(reason.to_string());
                }
            }
        }
    }

    /// A tutor opened a candidate: that candidate's certifications and
    /// portfolios replace the last one's.
    pub fn set_candidate(&mut self, docs: Vec<Doc>) {
        self.docs = docs;
        self.undo.forget();
        self.viewing = None;
        self.drop_search_index();
        if let Some(tutor) = self.tutor.as_mut() {
            tutor.read_only = None;
        }
    }

    /// The last save failed (with what to say) or, `None`, succeeded again.
    pub fn unsaved(&mut self, said: Option<Status>) -> Option<Status> {
        self.unsaved = said.is_some();
        said
    }

    /// A certification opened: its reviews, and if another process holds
    /// its file, read-only, with what to say.
    pub fn opened(&mut self, reviews: Vec<Review>, read_only: Option<String>) -> Option<String> {
        self.load_reviews(reviews);
        let reason = read_only?;
        self.lock_refused(&reason);
        Some(format!("Lecture seule : {reason}"))
    }

    /// The reviews of the open certification, as just loaded. A tutor's
    /// own is theirs, signed yet or not.
    pub fn load_reviews(&mut self, mut reviews: Vec<Review>) {
        if let Some((certification, _)) = self.open() {
            for review in &mut reviews {
                review.follow_renames(certification);
            }
        }
        if let Some(tutor) = &self.tutor {
            crate::review::trust_own(&mut reviews, &tutor.name);
        }
        self.reviews = reviews;
        self.touch();
    }

    /// Other tutors' reviews changed on disk: keep this tutor's own.
    pub fn set_reviews(&mut self, mut reviews: Vec<Review>) {
        if let Some(tutor) = &self.tutor
            && let Some(own) = self.reviews.iter().find(|r| r.tutor == tutor.name)
        {
            let own = own.clone();
            reviews.retain(|r| r.tutor != own.tutor);
            self.load_reviews(reviews);
            self.reviews.push(own);
        } else {
            self.load_reviews(reviews);
        }
    }

    /// The candidate's portfolio changed on disk (seen from a tutor's or a
    /// read-only process): take it, keeping this process's own place in the
    /// tree. Whether it is the open one.
    pub fn replace_portfolio(&mut self, index: usize, mut portfolio: Portfolio) -> bool {
        let Some(doc) = self.docs.get_mut(index) else {
            return false;
        };
        portfolio.follow_renames(&doc.certification);
        if let Ok(current) = &doc.portfolio {
            portfolio.view = current.view.clone();
        }
        doc.portfolio = Ok(portfolio);
        self.touch();
        // Changes taken back over the other side's would undo theirs too.
        self.undo.forget();
        index == self.current
    }

    /// Adds an imported certification, or puts the new version in place of
    /// the one in the list (its portfolio in memory is kept: it may hold
    /// changes not saved yet). Returns its index in `docs`.
    pub fn install(
        &mut self,
        certification: Certification,
        loaded: Result<Portfolio, String>,
    ) -> usize {
        let id = certification.id.clone();
        self.touch();
        let Some(index) = self.docs.iter().position(|d| d.certification.id == id) else {
            self.docs.push(Doc::new(certification, loaded));
            return self.docs.len() - 1;
        };
        // Its work follows the new version's ids: older changes would put
        // it back under the former ones.
        self.undo.forget();
        let old = &mut self.docs[index];
        // The portfolio in memory stays, with what is known of its file.
        let (portfolio, disk, stand_in) =
            match std::mem::replace(&mut old.portfolio, Err(String::new())) {
                Ok(portfolio) => (Ok(portfolio), old.disk, old.stand_in),
                Err(_) => (loaded, None, false),
            };
        let read_only = old.read_only.take();
        let mut doc = Doc::new(certification, portfolio);
        (doc.read_only, doc.disk, doc.stand_in) = (read_only, disk, stand_in);
        self.docs[index] = doc;
        if index == self.current {
            self.drop_search_index();
        }
        index
    }
}

/// A `Ctx` lent by a struct with `session`, `status`, `now` and `viewport`
/// fields (the app), borrowed field by field so that its other fields (the
/// screens, the pop-ups) stay free.
macro_rules! ctx {
    ($app:ident) => {
        $crate::tui::session::Ctx {
            session: &mut $app.session,
            status: &mut $app.status,
            now: $app.now,
            today: $app.today,
            viewport: $app.viewport,
            go: None,
        }
    };
}
pub(crate) use ctx;

/// What a screen or a pop-up gets for one update: the data, the status
/// line, the time of the event and the terminal's size.
pub struct Ctx<'a> {
    pub session: &'a mut Session,
    pub status: &'a mut Option<Status>,
    pub now: jiff::Timestamp,
    /// The candidate's date today, in their time zone.
    pub today: jiff::civil::Date,
    pub viewport: (u16, u16),
    /// Where the screen asks to go, for `App` to carry out.
    pub go: Option<Go>,
}

impl Ctx<'_> {
    /// Asks `App` to show another screen after this update.
    pub fn go(&mut self, to: Go) {
        self.go = Some(to);
    }

    /// Says what an action did, on the line above the hints.
    pub fn say(&mut self, text: impl Into<String>) {
        *self.status = Some(Status::info(text));
    }

    /// Whether the open portfolio may change; says why not otherwise.
    pub fn writable(&mut self) -> bool {
        match self.session.read_only().map(str::to_string) {
            Some(reason) => {
                self.say(format!("Lecture seule : {reason}"));
                false
            }
            None => true,
        }
    }
}
