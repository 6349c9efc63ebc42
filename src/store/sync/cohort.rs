//! A centre's cohort of bare repositories (one per candidate, which their
//! laptops push to): a tutor reads and reviews them through clones of their
//! own, kept in the tutor's data directory and synced like any other.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Options, Who};
use crate::store::DataDir;

/// Whether `dir` is a bare git repository (`HEAD`, `objects/`, `refs/`, no
/// work tree), not through a link.
pub fn is_bare_repo(dir: &Path) -> bool {
    let is = |p: &Path, dir: bool| {
        fs::symlink_metadata(p).is_ok_and(|m| if dir { m.is_dir() } else { m.is_file() })
    };
    is(dir, true)
        && is(&dir.join("HEAD"), false)
        && is(&dir.join("objects"), true)
        && is(&dir.join("refs"), true)
}

/// The bare repositories directly under `dir`, by name.
pub fn bare_repos(dir: &Path) -> Vec<PathBuf> {
    let mut repos: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_bare_repo(p))
                .collect()
        })
        .unwrap_or_default();
    repos.sort();
    repos
}

/// Where the tutor's clones of the cohort `dir` live: under their data
/// directory, one folder per cohort (named after its path), one clone per
/// candidate (named after the repository, without `.git`).
pub fn clones_dir(tutor_data: &DataDir, dir: &Path) -> PathBuf {
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let key: String = dir
        .to_string_lossy()
        .trim_start_matches('/')
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    tutor_data.root().join("cohortes").join(key)
}

/// Makes or refreshes the tutor's clone of each bare repository of `dir`,
/// and copies the centre's list of allowed signers next to them: the
/// folder to open as the cohort, and one line per repository that could
/// not be synced.
pub fn clone_cohort(
    tutor_data: &DataDir,
    dir: &Path,
    who: &Who,
    options: &Options,
) -> Result<(PathBuf, Vec<String>), String> {
    let repos = bare_repos(dir);
    let clones = clones_dir(tutor_data, dir);
    crate::store::atomic::create_dirs(&clones)
        .map_err(|e| format!("{} : {e}", clones.display()))?;
    super::share_signers(dir, &DataDir::new(&clones))?;
    let mut problems = Vec::new();
    for repo in repos {
        let name = repo
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = name.strip_suffix(".git").unwrap_or(&name).to_string();
        let clone = DataDir::new(clones.join(&name));
        let remote = repo.to_string_lossy().into_owned();
        if let Err(problem) = super::share_signers(&clones, &clone) {
            problems.push(format!("{name} : {problem}"));
        }
        let done = if clone.root().join(".git").is_dir() {
            super::sync(&clone, who, options)
        } else {
            super::init(&clone, &remote, who, options)
        };
        match done {
            Ok(report) if report.outcome == super::Outcome::Done => {}
            Ok(report) => problems.push(format!("{name} : {}", report.line())),
            Err(problem) => problems.push(format!("{name} : {problem}")),
        }
    }
    Ok((clones, problems))
}
