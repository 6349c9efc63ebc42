//! When each note of a portfolio last changed and who synced it, read from
//! the data directory's git history (see `sync::history`).

use crate::portfolio::Portfolio;
use crate::referentiel::Certification;
use crate::sync::history::{self, NoteSyncs, Synced};

use super::DataDir;
use super::git::Git;

/// How many of the portfolio's newest commits are read: a note unchanged
/// for longer is credited to the oldest of them.
pub const DEPTH: usize = 200;

/// Per note of the portfolio as last synced, the sync where its text first
/// appeared (see [`history::note_syncs`]; look a note up with
/// [`history::synced`]). `None` when the data directory is not a git
/// repository; empty before its first commit. The last [`DEPTH`] commits
/// that changed `portfolios/<id>.ron` are read, each version parsed like
/// the file itself (former ids followed); a version that does not parse
/// is left out.
pub fn note_syncs(
    data: &DataDir,
    certification: &Certification,
) -> Result<Option<NoteSyncs>, String> {
    let git = Git::of(data.root(), true);
    if !git.exists() {
        return Ok(None);
    }
    if git.commit("HEAD").is_none() {
        return Ok(Some(NoteSyncs::new()));
    }
    let id = &certification.id;
    let file = format!("portfolios/{id}.ron");
    let depth = DEPTH.to_string();
    let log = git
        .run(&[
            "log",
            "--no-show-signature",
            "--date-order",
            // Parents rewritten to the commits that changed the file.
            "--parents",
            "--format=%H%x00%P%x00%an%x00%at",
            "-n",
            &depth,
            "--",
            &file,
        ])
        .map_err(|e| e.to_string())?;
    let synced: Vec<Synced> = log.lines().filter_map(synced).collect();
    let versions = read_versions(&git, &file, certification, &synced)?;
    Ok(Some(history::note_syncs(&versions)))
}

/// Each version of the portfolio, read and parsed, in order; a version
/// that does not parse (or is no UTF-8, or was deleted) is left out. Read
/// on a few threads: git runs once per version, and a 300-note file takes
/// milliseconds to parse.
fn read_versions(
    git: &Git,
    file: &str,
    certification: &Certification,
    synced: &[Synced],
) -> Result<Vec<(Synced, Portfolio)>, String> {
    let path = std::path::Path::new(file);
    let read = |synced: &Synced| -> Result<Option<Portfolio>, String> {
        let Some(bytes) = git.blob(&synced.commit, file).map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return Ok(None);
        };
        let parsed = super::portfolio::parse(&text, path, &certification.id).ok();
        Ok(parsed.map(|mut portfolio| {
            portfolio.follow_renames(certification);
            portfolio
        }))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = synced.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = synced
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut versions = Vec::new();
                    for synced in part {
                        if let Some(portfolio) = read(synced)? {
                            versions.push((synced.clone(), portfolio));
                        }
                    }
                    Ok::<_, String>(versions)
                })
            })
            .collect();
        let mut versions = Vec::new();
        for part in parts {
            let part = part
                .join()
                .unwrap_or_else(|_| Err("lecture de l’historique interrompue".to_string()))?;
            versions.extend(part);
        }
        Ok(versions)
    })
}

/// One line of the log: commit, parents, author, time.
fn synced(line: &str) -> Option<Synced> {
    let mut fields = line.split('\0');
    let commit = fields.next()?.to_string();
    let parents = fields
        .next()?
        .split_whitespace()
        .map(String::from)
        .collect();
    let author = fields.next()?.to_string();
    let when = jiff::Timestamp::from_second(fields.next()?.trim().parse().ok()?).ok()?;
    Some(Synced {
        commit,
        parents,
        author,
        when,
    })
}
