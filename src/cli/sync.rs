//! `livret sync [init REMOTE]` and `livret sync --cohort DIR`: one line per
//! data directory, and whether it went through.

use std::path::{Path, PathBuf};

use crate::store::sync::{self, Options, Outcome, Who};
use crate::store::{DataDir, candidate_dirs};

/// Syncs one data directory (after making it a repository, with `init`).
/// The text to print, and whether it worked (an unreachable remote did not).
pub fn sync(
    data: &DataDir,
    init: Option<&str>,
    name: Option<&str>,
    key: Option<&Path>,
    centre: bool,
) -> (String, bool) {
    let who = who(name);
    let options = Options {
        signing_key: key.map(Path::to_path_buf),
        centre,
        ..Options::default()
    };
    let result = match init {
        Some(remote) => sync::init(data, remote, &who, &options).map(|report| {
            let line = report.line();
            (
                format!(
                    "{} est relié à {} ({}).\n{line}\n",
                    data.root().display(),
                    crate::text::terminal_safe(remote.trim()),
                    "branche main"
                ),
                report.outcome == Outcome::Done,
            )
        }),
        None => sync::sync(data, &who, &options)
            .map(|report| (report.line() + "\n", report.outcome == Outcome::Done)),
    };
    result.unwrap_or_else(|problem| (problem + "\n", false))
}

/// The folder a tutor opens for the cohort `dir`: `dir` itself, or when
/// it holds the centre's bare repositories (one per candidate), the tutor's
/// clones of them, made or synced now; what could not be synced is said on
/// stderr.
pub fn cohort_dir(
    data: &DataDir,
    dir: &Path,
    name: Option<&str>,
    key: Option<&Path>,
) -> Result<PathBuf, String> {
    if sync::bare_repos(dir).is_empty() {
        return Ok(dir.to_path_buf());
    }
    let options = Options {
        signing_key: key.map(Path::to_path_buf),
        centre: true,
        ..Options::default()
    };
    let (clones, problems) = sync::clone_cohort(data, dir, &who(name), &options)?;
    for problem in problems {
        super::output::complain(&problem);
    }
    Ok(clones)
}

/// A tutor's cohort of clones (or of the centre's bare repositories, see
/// [`cohort_dir`]): each candidate's data directory that is a repository,
/// synced in turn; one line each.
pub fn cohort(
    data: &DataDir,
    dir: &Path,
    name: Option<&str>,
    key: Option<&Path>,
) -> (String, bool) {
    let bare = !sync::bare_repos(dir).is_empty();
    let dir = match cohort_dir(data, dir, name, key) {
        Ok(dir) => dir,
        Err(problem) => return (problem + "\n", false),
    };
    if bare {
        // Just synced, every one of them.
        return (
            format!(
                "Synchronisé : les clones de la cohorte sont dans {}\n",
                dir.display()
            ),
            true,
        );
    }
    let dir = dir.as_path();
    let mut text = String::new();
    let mut ok = true;
    let dirs: Vec<_> = candidate_dirs(dir)
        .into_iter()
        .filter(|d| d.join(".git").is_dir())
        .collect();
    if dirs.is_empty() {
        return (
            format!(
                "{} : aucun dossier de candidat synchronisé (des clones git, voir le README)\n",
                dir.display()
            ),
            false,
        );
    }
    for candidate in dirs {
        let data = DataDir::new(&candidate);
        let folder = candidate
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The centre's list of allowed signers travels to each candidate.
        if let Err(problem) = sync::share_signers(dir, &data) {
            text.push_str(&format!(
                "{} : {problem}\n",
                crate::text::terminal_safe(&folder)
            ));
        }
        let (line, done) = sync(&data, None, name, key, true);
        ok &= done;
        text.push_str(&format!("{} : {line}", crate::text::terminal_safe(&folder)));
    }
    (text, ok)
}

/// Who syncs: the name given, else the account.
fn who(name: Option<&str>) -> Who {
    Who::named(name.unwrap_or(""))
}
