//! What a tutor sees of a cohort: for each candidate's data directory and
//! each certification they work on, the figures and what waits for review.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

use super::{DataDir, load_review_for};
use crate::progress::{self, Tally};
use crate::referentiel::Certification;

/// One candidate on one certification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateOverview {
    /// The candidate's name: the one in their portfolio, else [`folder`](Self::folder).
    pub candidate: String,
    /// The name of the candidate's data directory.
    pub folder: String,
    pub dir: PathBuf,
    pub referentiel: String,
    #[serde(skip)]
    pub title: String,
    /// Per bloc: id and figures (every tutor's verdicts counted, but
    /// those of another tutor's review that is not verified).
    #[serde(skip)]
    pub blocs: Vec<(String, Tally)>,
    /// Critères prêt that this tutor has not judged yet.
    pub awaiting: usize,
    /// When the candidate last saved this portfolio.
    pub last_change: Option<Timestamp>,
    /// Why the portfolio cannot be read, if it cannot.
    #[serde(skip)]
    pub problem: Option<String>,
    /// The candidate's review requests not withdrawn, oldest first.
    #[serde(skip)]
    pub requests: Vec<crate::cycle::RequestView>,
    /// The candidate's replies this tutor has not read.
    #[serde(skip)]
    pub unread: usize,
}

/// Whether `dir` is one candidate's data directory.
pub fn is_candidate_dir(dir: &Path) -> bool {
    dir.join("portfolios").is_dir()
}

/// The candidates' data directories: `dir` itself, or its subdirectories.
pub fn candidate_dirs(dir: &Path) -> Vec<PathBuf> {
    if is_candidate_dir(dir) {
        return vec![dir.to_path_buf()];
    }
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_candidate_dir(p))
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// The name a tutor's reviews are signed with. Where others share the
/// directory (see [`Trust`](super::Trust)) it is the account running
/// livret, whatever is asked: `--as` another name is refused, since the
/// other tutors and the candidate take a review for its file's owner's. In a
/// directory of one's own, any name (`--as`, else the one configured, else
/// the account's).
pub fn tutor_identity(
    dir: &Path,
    asked: Option<&str>,
    configured: Option<&str>,
) -> Result<String, String> {
    let account = super::account::current_name();
    let shared = std::iter::once(dir.to_path_buf())
        .chain(candidate_dirs(dir))
        .any(|d| matches!(super::trust(&d), super::Trust::Shared { .. }));
    if !shared {
        let name = asked.or(configured).filter(|n| !n.trim().is_empty());
        return Ok(name.unwrap_or(&account).to_string());
    }
    match asked {
        Some(name) if name != account => Err(format!(
            "--as {} : vous êtes connecté en tant que {account} ; dans un dossier partagé, un \
             avis est signé par le compte qui l’écrit (relancez sans --as, ou connectez-vous \
             avec le compte de ce tuteur)",
            crate::text::terminal_safe(name)
        )),
        _ => Ok(account),
    }
}

/// Every candidate × certification with a portfolio under `dir`: see
/// [`Overview`](super::Overview) to keep it up to date.
pub fn overview(dir: &Path, tutor: &str) -> Vec<CandidateOverview> {
    super::Overview::read(dir, tutor).into_rows()
}

/// One candidate's row for `certification`, read from their files.
pub(super) fn read_row(
    data: &DataDir,
    folder: &str,
    certification: &Certification,
    tutor: &str,
    last_change: Option<Timestamp>,
) -> CandidateOverview {
    let id = &certification.id;
    let mut row = CandidateOverview {
        candidate: folder.to_string(),
        folder: folder.to_string(),
        dir: data.root().to_path_buf(),
        referentiel: id.clone(),
        title: certification.title.clone(),
        blocs: Vec::new(),
        awaiting: 0,
        last_change,
        problem: None,
        requests: Vec::new(),
        unread: 0,
    };
    // What is counted only: the notes' texts are not read.
    match super::portfolio::load_portfolio_summary(data, certification) {
        Ok(portfolio) => {
            if let Some(name) = portfolio.identity.display_name() {
                row.candidate = name;
            }
            // This tutor's own counts for them, signed yet or not.
            let (reviews, _) = super::reviews::load_reviews_as(data, certification, tutor);
            let own = load_review_for(data, certification, tutor)
                .unwrap_or_else(|_| crate::review::Review::new(id, tutor));
            row.blocs = certification
                .blocs
                .iter()
                .map(|b| {
                    (
                        b.id.clone(),
                        progress::bloc_reviewed(b, &portfolio, &reviews),
                    )
                })
                .collect();
            row.awaiting = progress::awaiting_review(certification, &portfolio, &own);
            row.requests = crate::cycle::requests(certification, &portfolio, &reviews);
            row.unread = crate::cycle::unread_replies_total(&portfolio, &own);
        }
        Err(error) => row.problem = Some(error.to_string()),
    }
    row
}
