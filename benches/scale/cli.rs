//! The command line's lines of the table: `livret search` against `fzf
//! --filter` and `rg` on the same texts, `livret tutor --json` against `cat`
//! of the same files.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::tui::repeat;
use crate::{Data, Plan, Row, WORD, cohort, ms, show_spread};

/// Runs `command` to the end, its output read and dropped; its time. A
/// failure is an error when `strict` (grep-likes exit 1 on no match).
fn timed(command: &mut Command, strict: bool) -> Result<f64, String> {
    let started = Instant::now();
    // `output()` gives no standard input unless one was set (fzf's is).
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    let took = ms(started.elapsed());
    if strict && !output.status.success() {
        return Err(format!(
            "{command:?}: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if strict && output.stdout.is_empty() {
        return Err(format!("{command:?}: no output"));
    }
    Ok(took)
}

/// Whether `program` runs here.
fn present(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A peer's figures, or « absent ».
fn peer(name: &str, runs: usize, command: impl Fn() -> Command) -> Result<String, String> {
    if !present(name) {
        return Ok(format!("{name} absent"));
    }
    let times = repeat(runs, |_| timed(&mut command(), false))?;
    Ok(format!("{name} : {}", show_spread(&times)))
}

/// Line 4: `livret search WORD` on the certification last opened.
pub fn search(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(4) {
        return Ok(());
    }
    let mut cases = vec![(&data.ten_k, plan.runs)];
    if let Some(fifty) = &data.fifty_k {
        cases.push((fifty, plan.runs_50k));
    }
    for (case, runs) in cases {
        let times = repeat(runs, |_| {
            timed(&mut data.livret(&case.data, &["search", WORD]), true)
        })?;
        let fzf = peer("fzf", runs, || {
            let mut command = Command::new("fzf");
            command
                .args(["--filter", WORD])
                .stdin(std::fs::File::open(&case.texts).expect("the texts"));
            command
        })?;
        let rg = peer("rg", runs, || {
            let mut command = Command::new("rg");
            command.arg(WORD).arg(&case.texts);
            command
        })?;
        rows.push(Row::times(
            format!("`livret search {WORD}`, {}", case.name),
            &times,
            format!("{fzf} ; {rg}"),
        ));
    }
    Ok(())
}

/// Every file under `dir`.
fn all_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// Line 7: `livret tutor DIR --json` on the cohort, against `cat` of its
/// portfolios and reviews.
pub fn tutor_json(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(7) {
        return Ok(());
    }
    let dir = data.scratch.path().join("tutor-data");
    let cohort_dir = data.cohort.display().to_string();
    let tutor = format!("--as={}", cohort::TUTOR);
    let args = ["tutor", cohort_dir.as_str(), tutor.as_str(), "--json"];
    let times = repeat(plan.runs, |_| timed(&mut data.livret(&dir, &args), true))?;
    let mut files = Vec::new();
    all_files(&data.cohort, &mut files);
    files.retain(|f| {
        f.components()
            .any(|c| c.as_os_str() == "portfolios" || c.as_os_str() == "reviews")
    });
    files.sort();
    let cat = repeat(plan.runs, |_| timed(Command::new("cat").args(&files), true))?;
    rows.push(Row::times(
        "`livret tutor DIR --json`, cohort 200 × 300 notes",
        &times,
        format!("cat ({} fichiers) : {}", files.len(), show_spread(&cat)),
    ));
    Ok(())
}
