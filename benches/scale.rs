//! Issue 25's table, measured on whole processes of the real binary in a
//! pseudo-terminal of our own (80×24), `hyperfine`-style: one warm-up run,
//! then `LIVRET_BENCH_RUNS` runs (default 10; `LIVRET_BENCH_RUNS_50K`,
//! default 3, for the 50k cases; `LIVRET_BENCH_IDLE_RUNS`, default 3, for
//! the 10 s idle ones): min / median / max, beside a peer where one exists
//! (a minimal ratatui app, `fzf --filter`, `rg`, `cat`).
//!
//! `cargo bench --bench scale` (`LIVRET_BENCH_BIN=PATH`: another livret
//! binary, an earlier version say). `LIVRET_BENCH_LINES=1,4` runs only those
//! lines of the table; `LIVRET_BENCH_50K=0` leaves the 50k cases out;
//! `LIVRET_BENCH_IDLE_SECS` (default 10) is how long an idle run sleeps.
//!
//! The cases: 10k critères and 10k notes; 50k critères and 35k notes (50k
//! notes would make a 76 MB portfolio, past the 64 MB livret reads); a
//! cohort of 200 candidates of 300 notes each on the largest bundled
//! référentiel.
//! Figures only: nothing fails on a slow machine. It fails loudly when the
//! binary crashes or a screen never shows what it waits for.
//!
//! The table goes to standard output and to `target/scale-bench.md`.

#[path = "scale/cli.rs"]
mod cli;
#[path = "support/cohort.rs"]
mod cohort;
#[path = "support/fixture.rs"]
mod fixture;
#[path = "scale/peer.rs"]
mod peer;
#[path = "scale/pty.rs"]
mod pty;
#[path = "scale/tui.rs"]
mod tui;
#[path = "scale/tutor.rs"]
mod tutor;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The binary measured: this build's, or another (`LIVRET_BENCH_BIN`, for
/// an earlier version beside it on the same machine and data).
pub fn bin() -> String {
    std::env::var("LIVRET_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_livret").into())
}

/// The word searched for: in the référentiel and in many notes.
pub const WORD: &str = "tarifaire";

/// Notes of each of the cohort's candidates.
const COHORT_NOTES: usize = 300;
const COHORT_SIZE: usize = 200;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// How many runs, and which lines.
pub struct Plan {
    pub runs: usize,
    pub runs_50k: usize,
    pub idle_runs: usize,
    lines: Option<Vec<usize>>,
    pub with_50k: bool,
}

impl Plan {
    fn from_env() -> Plan {
        Plan {
            runs: env_usize("LIVRET_BENCH_RUNS", 10),
            runs_50k: env_usize("LIVRET_BENCH_RUNS_50K", 3),
            idle_runs: env_usize("LIVRET_BENCH_IDLE_RUNS", 3),
            lines: std::env::var("LIVRET_BENCH_LINES")
                .ok()
                .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect()),
            with_50k: std::env::var("LIVRET_BENCH_50K").map_or(true, |v| v != "0"),
        }
    }

    pub fn line(&self, n: usize) -> bool {
        self.lines.as_ref().is_none_or(|l| l.contains(&n))
    }
}

// ---------------------------------------------------------------- figures

/// One line of the table.
pub struct Row {
    pub what: String,
    pub min: String,
    pub median: String,
    pub max: String,
    pub peer: String,
}

/// Min, median and max of `values` (not empty).
pub fn spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (sorted[0], median, sorted[n - 1])
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Milliseconds as the table says them.
pub fn show_ms(ms: f64) -> String {
    if ms >= 1_000.0 {
        format!("{:.2} s", ms / 1e3)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// « min / median / max » of times in milliseconds.
pub fn show_spread(ms: &[f64]) -> String {
    let (min, median, max) = spread(ms);
    format!("{} / {} / {}", show_ms(min), show_ms(median), show_ms(max))
}

impl Row {
    /// A row of times in milliseconds, its peer already said.
    pub fn times(what: impl Into<String>, ms: &[f64], peer: impl Into<String>) -> Row {
        Row::figures(what, ms, show_ms, peer)
    }

    pub fn figures(
        what: impl Into<String>,
        values: &[f64],
        show: impl Fn(f64) -> String,
        peer: impl Into<String>,
    ) -> Row {
        let (min, median, max) = spread(values);
        let row = Row {
            what: what.into(),
            min: show(min),
            median: show(median),
            max: show(max),
            peer: peer.into(),
        };
        println!(
            "{:<52} min {:>9}   median {:>9}   max {:>9}   {}",
            row.what, row.min, row.median, row.max, row.peer
        );
        row
    }

    /// A row that says one thing (« jamais », « absent »).
    pub fn said(what: impl Into<String>, text: &str, peer: impl Into<String>) -> Row {
        let row = Row {
            what: what.into(),
            min: text.to_string(),
            median: text.to_string(),
            max: text.to_string(),
            peer: peer.into(),
        };
        println!("{:<52} {}   {}", row.what, text, row.peer);
        row
    }
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from("| what | min | median | max | peer (min / median / max) |\n");
    out.push_str("|---|---|---|---|---|\n");
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            row.what, row.min, row.median, row.max, row.peer
        ));
    }
    out
}

// ---------------------------------------------------------------- data

/// The generated cases, written once per bench run.
pub struct Data {
    pub scratch: tempfile::TempDir,
    pub config: PathBuf,
    pub home: PathBuf,
    pub ten_k: Case,
    pub fifty_k: Option<Case>,
    pub cohort: PathBuf,
}

/// One candidate's data dir, and its texts (critères and notes, one a
/// line) in a plain file for the peers.
pub struct Case {
    pub name: &'static str,
    pub data: PathBuf,
    pub texts: PathBuf,
}

/// The parsed copies (`cache/`) that livret keeps of a large portfolio
/// and référentiel once it has read or saved them: made here, so that the
/// runs start as a candidate's every start after the first does. The line
/// « first start » removes them.
fn keep_copies(data: &Path) {
    let dir = livret::store::DataDir::new(data);
    let portfolio = livret::store::load_portfolio(&dir, fixture::ID).expect("the fixture loads");
    livret::store::save_portfolio(&dir, &portfolio).expect("the fixture saves");
    // The référentiel's copy is written on a thread of its own.
    let catalog = livret::store::load_catalog(&dir);
    assert!(catalog.errors.is_empty(), "{:?}", catalog.errors);
    let copy = dir.cached("referentiels", fixture::ID);
    let since = std::time::Instant::now();
    while !copy.exists() {
        assert!(
            since.elapsed() < Duration::from_secs(30),
            "no copy of the référentiel"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn case(root: &Path, name: &'static str, criteres: usize, notes: usize) -> Case {
    let dir = root.join(criteres.to_string());
    let certification = fixture::certification(criteres, 1);
    let portfolio = fixture::portfolio(&certification, notes, 1);
    let mut texts = String::new();
    let lines = certification.criteres().map(|c| c.text.as_str()).chain(
        portfolio
            .criteres
            .values()
            .flat_map(|w| w.notes.iter().map(|n| n.text.as_str())),
    );
    for text in lines {
        texts.push_str(&text.replace('\n', " "));
        texts.push('\n');
    }
    let data = dir.join("data");
    fixture::write_data_dir(&data, Some(&certification), &[portfolio], fixture::ID)
        .expect("the fixture is written");
    keep_copies(&data);
    let path = dir.join("texts.txt");
    fs::write(&path, texts).expect("the texts are written");
    Case {
        name,
        data,
        texts: path,
    }
}

fn generate(plan: &Plan) -> Data {
    let scratch = tempfile::tempdir().expect("a temp dir");
    let root = scratch.path().to_path_buf();
    // The notes are months old and have no name: no greeting, no question
    // at start (as the end-to-end tests' quiet config).
    let config = root.join("config.ron");
    fs::write(&config, "(welcome_after_days: 0, ask_name: false)\n").expect("config");
    let home = root.join("home");
    fs::create_dir_all(&home).expect("home");
    eprintln!("génération : 10k…");
    let ten_k = case(&root, "10k", 10_000, 10_000);
    let fifty_k = plan.with_50k.then(|| {
        eprintln!("génération : 50k…");
        // 50 000 notes would make a 76 MB file, past the 64 MB livret reads.
        case(&root, "50k (35k notes)", 50_000, 35_000)
    });
    eprintln!("génération : cohorte de {COHORT_SIZE} × {COHORT_NOTES} notes…");
    let cohort = root.join("cohorte");
    cohort::write(&cohort, COHORT_SIZE, COHORT_NOTES).expect("the cohort is written");
    Data {
        scratch,
        config,
        home,
        ten_k,
        fifty_k,
        cohort,
    }
}

impl Data {
    /// livret on `data`, never the user's own data dir, config or home.
    pub fn livret(&self, data: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(bin());
        command
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .env_remove("LIVRET_DATA_DIR")
            .env_remove("NO_COLOR")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env("LIVRET_CONFIG", &self.config)
            .env("HOME", &self.home)
            .env("TERM", "xterm-256color");
        command
    }

    /// A fresh copy of `data` for one run (runs write: saves, backups, locks).
    pub fn copy(&self, data: &Path, run: &str) -> PathBuf {
        let to = self.scratch.path().join("runs").join(run);
        let _ = fs::remove_dir_all(&to);
        fixture::copy_dir(data, &to).expect("the data dir is copied");
        to
    }
}

/// Where the table is written: the target dir this bench was built in.
fn report_path() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("scale-bench.md")
}

fn main() {
    if peer::is_peer() {
        peer::run();
        return;
    }
    let plan = Plan::from_env();
    let data = generate(&plan);
    let mut rows = Vec::new();
    let outcome = (|| -> Result<(), String> {
        tui::first_frames(&plan, &data, &mut rows)?;
        tui::typing(&plan, &data, &mut rows)?;
        tui::quitting(&plan, &data, &mut rows)?;
        cli::search(&plan, &data, &mut rows)?;
        tui::first_search(&plan, &data, &mut rows)?;
        cli::tutor_json(&plan, &data, &mut rows)?;
        tutor::changes(&plan, &data, &mut rows)?;
        tui::idle(&plan, &data, &mut rows)?;
        Ok(())
    })();
    let table = table(&rows);
    println!("\n{table}");
    let path = report_path();
    match fs::write(&path, &table) {
        Ok(()) => println!("(écrit dans {})", path.display()),
        Err(e) => eprintln!("{}: {e}", path.display()),
    }
    if let Err(error) = outcome {
        eprintln!("\nÉCHEC : {error}");
        std::process::exit(1);
    }
}
