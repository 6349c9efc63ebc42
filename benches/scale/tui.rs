//! The interface's lines of the table: first frames, keys during a save,
//! quitting, the first search, memory, and wake-ups when idle.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use crate::pty::{Pty, context_switches, proc_field};
use crate::{Case, Data, Plan, Row, WORD, cohort, ms, peer, show_spread};

/// On the candidate's first frame: the certification's title (top line)
/// and the hint bar (bottom line), so the whole frame has arrived.
pub const CANDIDATE_FIRST: [&str; 2] = ["Référentiel synthétique", "? aide"];
/// On the tutor's cohort screen: its title and the first candidate's row.
pub const COHORT_FIRST: [&str; 2] = ["candidats suivis par", "Amandin"];
/// Long enough for 50k on a loaded machine; only a hang reaches it.
pub const START_LIMIT: Duration = Duration::from_secs(60);

/// Starts livret in a pseudo-terminal and waits for its first frame;
/// returns it and the time from spawn to that frame.
pub fn start(
    data: &Data,
    dir: &Path,
    args: &[&str],
    first: &[&str],
    what: &str,
) -> Result<(Pty, f64), String> {
    let pty = Pty::spawn(data.livret(dir, args), what)?;
    let at = pty.wait_for(first, START_LIMIT)?;
    let took = ms(at - pty.spawned);
    Ok((pty, took))
}

fn cases<'a>(plan: &Plan, data: &'a Data) -> Vec<(&'a Case, usize)> {
    let mut cases = vec![(&data.ten_k, plan.runs)];
    if let Some(fifty) = &data.fifty_k {
        cases.push((fifty, plan.runs_50k));
    }
    cases
}

/// `runs` timed runs of `one`, after one warm-up run.
pub fn repeat(
    runs: usize,
    mut one: impl FnMut(usize) -> Result<f64, String>,
) -> Result<Vec<f64>, String> {
    one(0)?;
    (1..=runs).map(&mut one).collect()
}

/// Line 1: start to first frame (10k, 50k, the tutor's cohort), beside a
/// minimal ratatui app.
pub fn first_frames(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(1) {
        return Ok(());
    }
    let peer = repeat(plan.runs, |_| {
        let pty = Pty::spawn(peer::command(), "pair ratatui")?;
        let at = pty.wait_for(&[peer::SHOWS], START_LIMIT)?;
        let took = ms(at - pty.spawned);
        pty.quit()?;
        Ok(took)
    })?;
    let peer = format!("ratatui minimal : {}", show_spread(&peer));
    for (case, runs) in cases(plan, data) {
        let times = repeat(runs, |run| {
            let dir = data.copy(&case.data, &format!("first-{}-{run}", case.name));
            let (pty, took) = start(data, &dir, &[], &CANDIDATE_FIRST, "livret")?;
            pty.quit()?;
            Ok(took)
        })?;
        rows.push(Row::times(
            format!("start to first frame, {}", case.name),
            &times,
            peer.clone(),
        ));
        // Without the parsed copies: the first start with this livret, or
        // after the file was changed elsewhere (a sync, an edit by hand).
        let times = repeat(runs, |run| {
            let dir = data.copy(&case.data, &format!("cold-{}-{run}", case.name));
            fs::remove_dir_all(dir.join("cache")).map_err(|e| format!("cache/ : {e}"))?;
            let (pty, took) = start(data, &dir, &[], &CANDIDATE_FIRST, "livret")?;
            pty.quit()?;
            Ok(took)
        })?;
        rows.push(Row::times(
            format!(
                "first frame, {}, no parsed copy yet (first start)",
                case.name
            ),
            &times,
            peer.clone(),
        ));
    }
    let tutor = format!("--as={}", cohort::TUTOR);
    let cohort = data.cohort.display().to_string();
    let times = repeat(plan.runs, |_| {
        let dir = data.scratch.path().join("tutor-data");
        let args = ["tutor", cohort.as_str(), tutor.as_str()];
        let (pty, took) = start(data, &dir, &args, &COHORT_FIRST, "livret tutor")?;
        pty.quit()?;
        Ok(took)
    })?;
    rows.push(Row::times(
        "tutor's first frame, cohort 200 × 300 notes",
        &times,
        peer,
    ));
    Ok(())
}

/// Line 2: a status changed (saved 500 ms later), then `j`/`k` every 5 ms
/// through the save; per key, the time until the next output arrives. The
/// longest wait of each run.
pub fn typing(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(2) {
        return Ok(());
    }
    for (case, runs) in cases(plan, data) {
        let typing = if case.name == "10k" { 2.0 } else { 5.0 };
        let times = repeat(runs, |run| {
            let dir = data.copy(&case.data, &format!("typing-{}-{run}", case.name));
            // Whatever the layout under portfolios/, a save changes it.
            let portfolios = dir.join("portfolios");
            let before = files(&portfolios);
            let (mut pty, _) = start(data, &dir, &[], &CANDIDATE_FIRST, "livret")?;
            pty.settle(Duration::from_millis(300), Duration::from_secs(5));
            pty.send(b"s")?;
            let mut sent = Vec::new();
            let started = Instant::now();
            let mut n = 0;
            while started.elapsed().as_secs_f64() < typing {
                // Sweeps of ten down and ten up: keys that queue never
                // cancel out into a frame with nothing to send.
                let key = if (n / 10) % 2 == 0 { b"j" } else { b"k" };
                sent.push(pty.send(key)?);
                n += 1;
                let next = started + Duration::from_millis(5 * n as u64);
                if let Some(pause) = next.checked_duration_since(Instant::now()) {
                    sleep(pause);
                }
            }
            pty.settle(Duration::from_millis(300), Duration::from_secs(30));
            let chunks = pty.chunks();
            // Before quitting, which saves too: the save was during the keys.
            let deadline = Instant::now() + Duration::from_secs(10);
            while files(&portfolios) == before {
                if Instant::now() > deadline {
                    return Err(format!(
                        "typing at {}: `s` saved nothing (portfolios/ did not change)",
                        case.name
                    ));
                }
                sleep(Duration::from_millis(20));
            }
            pty.quit()?;
            let longest = sent
                .iter()
                .filter_map(|&key| chunks.iter().find(|c| c.0 > key).map(|c| c.0 - key))
                .max()
                .ok_or("no output after any key")?;
            Ok(ms(longest))
        })?;
        rows.push(Row::times(
            format!("longest wait of a key during a save, {}", case.name),
            &times,
            "–",
        ));
    }
    Ok(())
}

type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Stamp {
    fs::metadata(path).map_or((0, None), |m| (m.len(), m.modified().ok()))
}

/// Every file under `dir` (relative path → size and time).
fn files(dir: &Path) -> BTreeMap<PathBuf, Stamp> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                found.insert(relative, stamp(&path));
            }
        }
    }
    found
}

/// What changed between two listings, said in French: per top folder, how
/// many files were written or removed (a backup's name is a date).
fn written(before: &BTreeMap<PathBuf, Stamp>, after: &BTreeMap<PathBuf, Stamp>) -> String {
    let mut changed: BTreeMap<String, usize> = BTreeMap::new();
    let top = |path: &Path| {
        let mut parts = path.components();
        let first = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match (first, parts.next()) {
            (Some(first), Some(_)) => format!("{first}/"),
            (Some(first), None) => first,
            (None, _) => String::new(),
        }
    };
    let written = after.iter().filter(|(p, s)| before.get(*p) != Some(s));
    for (path, _) in written {
        *changed.entry(top(path)).or_default() += 1;
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        *changed
            .entry(format!("{} supprimé", top(path)))
            .or_default() += 1;
    }
    if changed.is_empty() {
        return "rien".to_string();
    }
    let said: Vec<String> = changed
        .into_iter()
        .map(|(what, n)| {
            if n == 1 {
                what
            } else {
                format!("{what} ({n} fichiers)")
            }
        })
        .collect();
    said.join(", ")
}

/// Line 3: `q` with nothing changed: time to exit, files written and the
/// bytes the kernel saw written (`write_bytes` of `/proc/<pid>/io`).
pub fn quitting(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(3) {
        return Ok(());
    }
    for (case, runs) in cases(plan, data) {
        let mut bytes = Vec::new();
        let mut said = String::new();
        let times = repeat(runs, |run| {
            let dir = data.copy(&case.data, &format!("quit-{}-{run}", case.name));
            let before = files(&dir);
            let (mut pty, _) = start(data, &dir, &[], &CANDIDATE_FIRST, "livret")?;
            pty.settle(Duration::from_millis(300), Duration::from_secs(5));
            let first = proc_field(pty.pid(), "io", "write_bytes").unwrap_or(0);
            let mut last = first;
            let sent = pty.send(b"q")?;
            let ended = pty.wait_exit_with(Duration::from_secs(30), |pid| {
                if let Some(now) = proc_field(pid, "io", "write_bytes") {
                    last = now;
                }
            })?;
            bytes.push(last.saturating_sub(first) as f64 / 1024.0);
            said = written(&before, &files(&dir));
            Ok(ms(ended - sent))
        })?;
        rows.push(Row::times(
            format!("quit with nothing changed, {}", case.name),
            &times,
            format!("écrit : {said}"),
        ));
        rows.push(Row::figures(
            format!("  bytes written while quitting, {}", case.name),
            &bytes[1..],
            |kb| format!("{kb:.0} KiB"),
            "–",
        ));
    }
    Ok(())
}

/// Lines 5 and 6: `/` and a word typed once the first frame is there:
/// the time until its results show, then the process's memory.
pub fn first_search(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(5) && !plan.line(6) {
        return Ok(());
    }
    for (case, runs) in cases(plan, data) {
        let mut peaks = Vec::new();
        let mut resident = Vec::new();
        let query = format!("/ {WORD}");
        let times = repeat(runs, |run| {
            let dir = data.copy(&case.data, &format!("search-{}-{run}", case.name));
            let (mut pty, _) = start(data, &dir, &[], &CANDIDATE_FIRST, "livret")?;
            let sent = pty.send(format!("/{WORD}").as_bytes())?;
            let shown = pty.wait_for(&[query.as_str(), " résultats"], START_LIMIT)?;
            pty.settle(Duration::from_millis(300), Duration::from_secs(5));
            let pid = pty.pid();
            peaks.push(proc_field(pid, "status", "VmHWM").unwrap_or(0) as f64 / 1024.0);
            resident.push(proc_field(pid, "status", "VmRSS").unwrap_or(0) as f64 / 1024.0);
            // Alone, or Escape and `q` would read as Alt-q.
            pty.send(b"\x1b")?;
            pty.wait_for(&CANDIDATE_FIRST, START_LIMIT)?;
            pty.settle(Duration::from_millis(100), Duration::from_secs(5));
            pty.quit()?;
            Ok(ms(shown - sent))
        })?;
        if plan.line(5) {
            rows.push(Row::times(
                format!("first `/` right after the first frame, {}", case.name),
                &times,
                "–",
            ));
        }
        if plan.line(6) {
            let mb = |v: f64| format!("{v:.1} MB");
            rows.push(Row::figures(
                format!("memory after a search (VmHWM), {}", case.name),
                &peaks[1..],
                mb,
                "–",
            ));
            rows.push(Row::figures(
                format!("memory after a search (VmRSS), {}", case.name),
                &resident[1..],
                mb,
                "–",
            ));
        }
    }
    Ok(())
}

/// Line 9: wake-ups per minute of an interface left alone after its first
/// frame (context switches of all its threads).
pub fn idle(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(9) {
        return Ok(());
    }
    let seconds = crate::env_usize("LIVRET_BENCH_IDLE_SECS", 10);
    let tutor = format!("--as={}", cohort::TUTOR);
    let cohort = data.cohort.display().to_string();
    let screens: [(&str, Vec<&str>, &[&str]); 2] = [
        ("candidate, 10k", vec![], &CANDIDATE_FIRST),
        (
            "tutor, cohort screen",
            vec!["tutor", cohort.as_str(), tutor.as_str()],
            &COHORT_FIRST,
        ),
    ];
    for (what, args, first) in screens {
        let mut wakeups = Vec::new();
        for run in 0..plan.idle_runs {
            let dir = if args.is_empty() {
                data.copy(&data.ten_k.data, &format!("idle-{run}"))
            } else {
                data.scratch.path().join("tutor-data")
            };
            let (pty, _) = start(data, &dir, &args, first, "livret")?;
            pty.settle(Duration::from_secs(1), Duration::from_secs(10));
            let before = context_switches(pty.pid());
            let output = pty.chunk_count();
            sleep(Duration::from_secs(seconds as u64));
            let after = context_switches(pty.pid());
            if pty.chunk_count() != output {
                eprintln!("(idle, {what}: the screen changed meanwhile)");
            }
            pty.quit()?;
            wakeups.push((after - before) as f64 * 60.0 / seconds as f64);
        }
        rows.push(Row::figures(
            format!("idle: wake-ups per minute, {what}"),
            &wakeups,
            |n| format!("{n:.0}"),
            "–",
        ));
    }
    Ok(())
}
