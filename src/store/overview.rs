//! The tutor's overview of a cohort, kept up to date cheaply: each
//! candidate's files are stamped (inode, size, modification and change
//! times, owner, mode), and [`Overview::refresh`] reads again only the rows
//! whose files changed: their portfolio, the reviews and their signatures,
//! the candidate's référentiels, the list of allowed signers, or what says
//! whom a file can be trusted from (owners and modes of the folders).

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::cohort::{CandidateOverview, candidate_dirs, read_row};
use super::referentiels::{add_user_file, bundled_certifications, user_files};
use super::{Catalog, DataDir};
use crate::referentiel::Certification;

/// What is at a path now, for change detection; `None`: nothing is. A
/// folder's times and size change whenever a file is added in it, so only
/// what says who may write there counts for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    uid: u32,
    gid: u32,
    mode: u32,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::symlink_metadata(path).ok()?;
    let file = !m.is_dir();
    Some(Stamp {
        ino: m.ino(),
        len: if file { m.len() } else { 0 },
        modified: if file {
            (m.mtime(), m.mtime_nsec())
        } else {
            (0, 0)
        },
        changed: if file {
            (m.ctime(), m.ctime_nsec())
        } else {
            (0, 0)
        },
        uid: m.uid(),
        gid: m.gid(),
        mode: m.mode(),
    })
}

/// Paths and what was at them when they were read.
type Stamps = Vec<(PathBuf, Option<Stamp>)>;

fn stamps(paths: impl IntoIterator<Item = PathBuf>) -> Stamps {
    paths
        .into_iter()
        .map(|path| {
            let stamp = stamp(&path);
            (path, stamp)
        })
        .collect()
}

/// The files every row of a candidate depends on: whether and how the
/// directory is shared, the tutor's review folder, whether it is synced, the
/// list of allowed signers.
fn shared_stamps(data: &DataDir, tutor: &str) -> Stamps {
    let reviews = data.reviews_root();
    let mut paths = vec![
        data.root().to_path_buf(),
        data.root().join(".git"),
        reviews.join(super::tutor_file_name(tutor)),
        reviews,
    ];
    paths.extend(super::signing::signers_for(data));
    stamps(paths)
}

/// The files one row depends on besides [`shared_stamps`]: the portfolio
/// (first), each review of the certification, its signature and its folder.
fn row_stamps(data: &DataDir, id: &str) -> Stamps {
    let mut paths = vec![data.portfolio(id)];
    for review in super::review_files(data, id) {
        paths.push(super::signing::signature_path(&review));
        paths.extend(review.parent().map(Path::to_path_buf));
        paths.push(review);
    }
    stamps(paths)
}

#[derive(Debug)]
struct Row {
    inputs: Stamps,
    row: CandidateOverview,
}

#[derive(Debug)]
struct Candidate {
    dir: PathBuf,
    shared: Stamps,
    referentiels: Stamps,
    /// The candidate's own référentiels that open (not those whose id is
    /// taken already).
    own: Vec<Certification>,
    /// By certification id, in the catalog's order.
    rows: Vec<(String, Row)>,
}

impl Candidate {
    fn new(dir: PathBuf) -> Self {
        Candidate {
            dir,
            shared: Vec::new(),
            referentiels: Vec::new(),
            own: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Reads again what changed since the last time; `reads` counts the rows read.
    fn refresh(&mut self, tutor: &str, reads: &mut usize) {
        let data = DataDir::new(&self.dir);
        let shared = shared_stamps(&data, tutor);
        let files = user_files(&data).unwrap_or_default();
        let referentiels = stamps(files.iter().cloned());
        if referentiels != self.referentiels {
            // Stamped before the read: a change meanwhile is seen next time.
            self.referentiels = referentiels;
            let mut catalog = Catalog::default();
            for path in files {
                add_user_file(&mut catalog, &data, path);
            }
            self.own = catalog
                .entries
                .into_iter()
                .map(|e| e.certification)
                .filter(|c| bundled_certifications().all(|b| b.id != c.id))
                .collect();
            self.rows.clear();
        }
        if shared != self.shared {
            self.shared = shared;
            self.rows.clear();
        }
        let folder = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.dir.display().to_string());
        let mut rows = Vec::new();
        let mut certifications: Vec<&Certification> = bundled_certifications().collect();
        certifications.extend(&self.own);
        for certification in certifications {
            let inputs = row_stamps(&data, &certification.id);
            let Some(Some(portfolio)) = inputs.first().map(|(_, s)| *s) else {
                continue;
            };
            let kept = self
                .rows
                .iter()
                .position(|(id, row)| *id == certification.id && row.inputs == inputs);
            let row = match kept {
                Some(index) => self.rows.swap_remove(index).1,
                None => {
                    *reads += 1;
                    let last_change =
                        Timestamp::new(portfolio.modified.0, portfolio.modified.1 as i32).ok();
                    Row {
                        row: read_row(&data, &folder, certification, tutor, last_change),
                        inputs,
                    }
                }
            };
            rows.push((certification.id.clone(), row));
        }
        self.rows = rows;
    }
}

/// Every candidate × certification with a portfolio under a folder, as a
/// tutor sees them, and what they were read from.
#[derive(Debug)]
pub struct Overview {
    dir: PathBuf,
    tutor: String,
    candidates: Vec<Candidate>,
    rows: Vec<CandidateOverview>,
    /// Rows read from their files so far (the others were kept).
    reads: usize,
}

impl Overview {
    /// The overview of `dir` (one candidate's data directory, or a folder
    /// of them) for `tutor`, read in full.
    pub fn read(dir: &Path, tutor: &str) -> Overview {
        let mut overview = Overview {
            dir: dir.to_path_buf(),
            tutor: tutor.to_string(),
            candidates: Vec::new(),
            rows: Vec::new(),
            reads: 0,
        };
        overview.refresh();
        overview
    }

    /// One row per candidate × certification, candidates in folder order.
    pub fn rows(&self) -> &[CandidateOverview] {
        &self.rows
    }

    pub fn into_rows(self) -> Vec<CandidateOverview> {
        self.rows
    }

    /// How many rows were read from their files since [`read`](Self::read)
    /// (the first read included): the others were unchanged.
    pub fn reads(&self) -> usize {
        self.reads
    }

    /// Reads again the rows whose files changed, and the candidates that
    /// came; drops those that went. Returns the indexes of the rows that
    /// differ from before (rows past the old length included); when rows
    /// went, [`rows`](Self::rows) is shorter.
    pub fn refresh(&mut self) -> Vec<usize> {
        let mut kept = std::mem::take(&mut self.candidates);
        self.candidates = candidate_dirs(&self.dir)
            .into_iter()
            .map(|dir| match kept.iter().position(|c| c.dir == dir) {
                Some(index) => kept.swap_remove(index),
                None => Candidate::new(dir),
            })
            .collect();
        // On every core: 200 candidates are tens of megabytes to lex, and
        // each reads its own files only.
        let tutor = &self.tutor;
        let reads = crate::cores::on_every_core(&mut self.candidates, |candidate| {
            let mut reads = 0;
            candidate.refresh(tutor, &mut reads);
            reads
        });
        self.reads += reads.into_iter().sum::<usize>();
        let rows: Vec<CandidateOverview> = self
            .candidates
            .iter()
            .flat_map(|c| c.rows.iter().map(|(_, row)| row.row.clone()))
            .collect();
        let changed = (0..rows.len())
            .filter(|&i| self.rows.get(i) != Some(&rows[i]))
            .collect();
        self.rows = rows;
        changed
    }
}

#[cfg(test)]
#[path = "overview_tests.rs"]
mod tests;
