//! One save, on its own thread: from copies the loop took of the changed
//! portfolios, the backup, the merge with a file changed on disk, the
//! serialization and the atomic write. What came of each goes back to the
//! loop, which alone keeps the saver's books.

use std::io;

use jiff::Timestamp;

use crate::portfolio::{Base, Merged, Newer, Portfolio};
use crate::referentiel::Certification;
use crate::store::{
    DataDir, DiskStamp, backup, describe_io, disk_stamp, load_portfolio_for, save_portfolio,
};

/// One portfolio to write, as it was when the save was due.
pub(super) struct Item {
    pub doc: usize,
    /// The doc's count of changes when copied: a merge goes back into
    /// the portfolio in memory only if nothing changed it since.
    pub changes: u64,
    pub certification: std::sync::Arc<Certification>,
    pub portfolio: Portfolio,
    /// The file this process last wrote or read; another one there was
    /// written by someone else.
    pub expected: Option<DiskStamp>,
    /// What this process last wrote, the common version of a merge.
    pub base: Option<Base>,
    /// Merge with the file on disk even if it is the one expected: the
    /// last merge written there did not reach the portfolio in memory.
    pub remerge: bool,
    /// The file on disk is backed up first (the first save of a session,
    /// then hourly).
    pub backup: bool,
}

/// What came of one [`Item`].
pub(super) struct Outcome {
    pub doc: usize,
    pub id: String,
    pub changes: u64,
    /// A backup was asked: taken (`Ok`), or why not.
    pub backup: Option<Result<(), String>>,
    pub written: Result<Written, Failed>,
}

pub(super) struct Written {
    pub stamp: DiskStamp,
    /// What was written, hashed: the base of the next merge.
    pub base: Base,
    pub merge: Option<Merge>,
}

/// The file had changed on disk: what was written is the copy with what
/// the disk version had and it lacked.
pub(super) struct Merge {
    pub portfolio: Portfolio,
    pub took: Merged,
    /// The copy that was merged, hashed: the base against which the
    /// portfolio in memory, changed since, takes the merge at its next
    /// save.
    pub copy: Base,
}

pub(super) struct Failed {
    pub error: io::Error,
    /// What to tell the candidate.
    pub said: String,
    /// The item's base, given back for the retry.
    pub base: Option<Base>,
}

/// Saves each item in turn; run on the save's thread.
pub(super) fn run(data: &DataDir, items: Vec<Item>) -> Vec<Outcome> {
    items.into_iter().map(|item| save(data, item)).collect()
}

/// What is said of a portfolio whose save stopped on an internal error:
/// unsaved, retried.
pub(super) fn failed_badly((doc, id, changes): (usize, String, u64)) -> Outcome {
    Outcome {
        doc,
        id,
        changes,
        backup: None,
        written: Err(Failed {
            error: io::Error::other("erreur interne"),
            said: "Échec de l’enregistrement : erreur interne ; vos modifications restent en \
                   mémoire et seront réessayées"
                .into(),
            base: None,
        }),
    }
}

fn save(data: &DataDir, item: Item) -> Outcome {
    let id = item.portfolio.referentiel.clone();
    let backed_up = item.backup.then(|| {
        backup(data, &id, Timestamp::now())
            .map(|_| ())
            .map_err(|error| format!("Sauvegarde de sécurité impossible : {error}"))
    });
    let outcome = |written| Outcome {
        doc: item.doc,
        id: id.clone(),
        changes: item.changes,
        backup: backed_up.clone(),
        written,
    };
    let merged = match changed_on_disk(data, &item) {
        Ok(merged) => merged,
        Err(error) => {
            let said = error.to_string();
            return outcome(Err(Failed {
                error,
                said,
                base: item.base,
            }));
        }
    };
    let to_write = merged.as_ref().map_or(&item.portfolio, |(p, _)| p);
    match save_portfolio(data, to_write) {
        Ok(stamp) => {
            let base = Base::of(to_write);
            let merge = merged.map(|(portfolio, took)| Merge {
                portfolio,
                took,
                copy: Base::of(&item.portfolio),
            });
            outcome(Ok(Written { stamp, base, merge }))
        }
        // What happened first: the path is long.
        Err(error) => {
            let said = format!(
                "Échec de l’enregistrement : {} ; vos modifications restent en mémoire et \
                 seront réessayées ({})",
                describe_io(&error),
                data.portfolio(&id).display()
            );
            outcome(Err(Failed {
                error,
                said,
                base: item.base,
            }))
        }
    }
}

/// If the file changed on disk since this process read or wrote it (another
/// writer, its lock file deleted; a copy put back by hand), the copy with
/// what the disk version has and it lacks: that is written, never the copy
/// alone over the other's work. A disk version that does not read is not
/// overwritten: an error.
fn changed_on_disk(data: &DataDir, item: &Item) -> io::Result<Option<(Portfolio, Merged)>> {
    let path = data.portfolio(&item.portfolio.referentiel);
    let now = disk_stamp(&path);
    if now.is_none() || (now == item.expected && !item.remerge) {
        return Ok(None);
    }
    match load_portfolio_for(data, &item.certification) {
        Ok(disk) => {
            let mut merged = item.portfolio.clone();
            let took = merged.merge_from(&disk, item.base.as_ref(), Newer::Ours);
            Ok(Some((merged, took)))
        }
        Err(error) => Err(io::Error::other(format!(
            "{} a changé sur le disque depuis son ouverture et ne se lit pas ({error}) : il n’est \
             pas écrasé ; vos modifications restent en mémoire (réessayé au prochain changement)",
            path.display()
        ))),
    }
}
