//! What a tutor sees of a cohort: for each candidate's data directory and
//! each certification they work on, the figures and what waits for review.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

use super::{DataDir, load_catalog, load_portfolio_for, load_review_for, load_reviews_for};
use crate::progress::{self, Tally};

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

/// Every candidate × certification with a portfolio under `dir`.
pub fn overview(dir: &Path, tutor: &str) -> Vec<CandidateOverview> {
    let mut rows = Vec::new();
    for candidate_dir in candidate_dirs(dir) {
        let data = DataDir::new(&candidate_dir);
        let folder = candidate_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| candidate_dir.display().to_string());
        let catalog = load_catalog(&data);
        for entry in &catalog.entries {
            let id = &entry.certification.id;
            let path = data.portfolio(id);
            let Ok(metadata) = fs::metadata(&path) else {
                continue;
            };
            let last_change = metadata
                .modified()
                .ok()
                .and_then(|t| Timestamp::try_from(t).ok());
            let mut row = CandidateOverview {
                candidate: folder.clone(),
                folder: folder.clone(),
                dir: candidate_dir.clone(),
                referentiel: id.clone(),
                title: entry.certification.title.clone(),
                blocs: Vec::new(),
                awaiting: 0,
                last_change,
                problem: None,
                requests: Vec::new(),
                unread: 0,
            };
            match load_portfolio_for(&data, &entry.certification) {
                Ok(portfolio) => {
                    if let Some(name) = portfolio.identity.display_name() {
                        row.candidate = name;
                    }
                    let (mut reviews, _) = load_reviews_for(&data, &entry.certification);
                    // This tutor's own counts for them, signed yet or not.
                    crate::review::trust_own(&mut reviews, tutor);
                    let own = load_review_for(&data, &entry.certification, tutor)
                        .unwrap_or_else(|_| crate::review::Review::new(id, tutor));
                    row.blocs = entry
                        .certification
                        .blocs
                        .iter()
                        .map(|b| {
                            (
                                b.id.clone(),
                                progress::bloc_reviewed(b, &portfolio, &reviews),
                            )
                        })
                        .collect();
                    row.awaiting =
                        progress::awaiting_review(&entry.certification, &portfolio, &own);
                    row.requests =
                        crate::cycle::requests(&entry.certification, &portfolio, &reviews);
                    row.unread = crate::cycle::unread_replies_total(&portfolio, &own);
                }
                Err(error) => row.problem = Some(error.to_string()),
            }
            rows.push(row);
        }
    }
    rows
}
