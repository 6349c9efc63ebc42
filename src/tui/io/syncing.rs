//! The sync with the centre, for the interface: which data directories
//! sync (the candidate's own, or each clone of a tutor's cohort), and one
//! line for all of them.

use std::path::PathBuf;

use jiff::Timestamp;

use crate::store::sync::{self, LastSync, Options, Outcome, Who};
use crate::store::{DataDir, candidate_dirs};
use crate::sync::Changes;

/// The data directories this interface syncs: the candidate's, if it has a
/// remote; in tutor mode each candidate's under the cohort that has one.
pub fn targets(data: &DataDir, tutor_dir: Option<&std::path::Path>) -> Vec<DataDir> {
    let dirs: Vec<PathBuf> = match tutor_dir {
        Some(dir) => candidate_dirs(dir),
        None => vec![data.root().to_path_buf()],
    };
    dirs.into_iter()
        .map(DataDir::new)
        .filter(|d| sync::remote(d).is_some())
        .collect()
}

/// How the last sync ended, for the status line: `None` when nothing here
/// syncs; the newest of the directories' otherwise.
pub fn known(targets: &[DataDir]) -> Option<Option<LastSync>> {
    if targets.is_empty() {
        return None;
    }
    Some(
        targets
            .iter()
            .filter_map(sync::last_sync)
            .max_by_key(|l| l.when),
    )
}

/// Syncs each of `targets` in turn (a tutor's `cohort` lends each its list
/// of allowed signers, to travel to the candidate); one line for all.
pub fn run(
    targets: &[DataDir],
    who: &Who,
    options: &Options,
    cohort: Option<&std::path::Path>,
) -> LastSync {
    let mut sent = Changes::default();
    let mut received = Changes::default();
    let mut conflicts = 0;
    let mut trouble: Option<(Outcome, String)> = None;
    for data in targets {
        // With several candidates, a line says whose it is.
        let whose = |line: String| match data.root().file_name() {
            Some(name) if targets.len() > 1 => {
                format!(
                    "{} : {line}",
                    crate::text::terminal_safe(&name.to_string_lossy())
                )
            }
            _ => line,
        };
        if let Some(cohort) = cohort
            && let Err(problem) = sync::share_signers(cohort, data)
        {
            trouble.get_or_insert((Outcome::Unreachable(problem.clone()), problem));
        }
        match sync::sync(data, who, options) {
            Ok(report) if report.outcome == Outcome::Done => {
                sent.add(report.sent);
                received.add(report.received);
                conflicts += report.conflicts;
            }
            Ok(report) => {
                trouble.get_or_insert((report.outcome.clone(), whose(report.line())));
            }
            Err(problem) => {
                let line = whose(problem);
                trouble.get_or_insert((Outcome::Unreachable(line.clone()), line));
            }
        }
    }
    let (outcome, line) = trouble.unwrap_or_else(|| {
        let report = sync::Report {
            outcome: Outcome::Done,
            sent,
            received,
            conflicts,
            notes: Vec::new(),
        };
        let mut line = report.line();
        if targets.len() > 1 {
            line = line.replacen(
                "Synchronisé",
                &format!("Synchronisé ({} candidats)", targets.len()),
                1,
            );
        }
        (Outcome::Done, line)
    });
    LastSync {
        when: Timestamp::now(),
        outcome,
        line,
    }
}
