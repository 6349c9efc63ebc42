//! The RNCP import on a generated export, against grep: `cargo bench --bench
//! import`. Figures only, nothing fails when a budget is missed.
//!
//! Issue 16's budget: listing or importing one fiche from a 500 MB export
//! within 3× the time of `grep -c '<FICHE>'` on the same file, peak RSS under
//! 60 MB, for the XML and for the zip holding it.
//!
//! The export is built in a temp dir from the real fiches of
//! `../shared/data/rncp/` (the dev extracts and the BTS SIO fiche), each
//! repeated with a new number (`RNCP1000000`, `RS1000001`…: the fiche's own
//! number is replaced everywhere it occurs, so its blocs become
//! `RNCP1000000BC01`…) until the file reaches `LIVRET_BENCH_MB` (default 500).
//! The last fiche is the BTS SIO one: `--fiche` imports it, so the whole file
//! is read. The zip of that file (deflate) is built beside it.
//!
//! Each command runs `LIVRET_BENCH_RUNS` times (default 5), the commands
//! of a file in turn (interleaved, so that a change of the machine's load
//! touches them all alike), each started and measured with `wait4` by a
//! fresh copy of this program (see [`measure_child`]): wall time and CPU
//! time (medians of the runs), peak RSS (`ru_maxrss`, the largest of the
//! runs). The budget is judged on the wall time. The binary is the one cargo
//! built for this bench (`CARGO_BIN_EXE_livret`, bench profile = release),
//! so it is always up to date. The outputs are checked (fiche counts, the
//! référentiel written); a wrong one is printed as a `problem:` line. Last,
//! `--list` on a quarter of the file and on the whole tells how memory grows
//! with the number of fiches listed.
//!
//! Without `../shared`, prints `SKIPPED` and exits 0, or 1 when
//! `LIVRET_REQUIRE_SHARED=1`.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_livret");
const SOURCES: [&str; 3] = [
    "export-fiches-rncp-dev.xml",
    "export-fiches-rncp-bts-sio-2025.xml",
    "export-fiches-rs-dev.xml",
];
/// The fiche imported at the end of the file comes from this source.
const LAST_FROM: &str = "export-fiches-rncp-bts-sio-2025.xml";
/// First number of the generated fiches.
const FIRST_NUMBER: usize = 1_000_000;
/// A word of one of the titles (« Concepteur développeur d'applications »).
const QUERY: &str = "concepteur";
/// A word of no title.
const NO_MATCH: &str = "zzzzzz";
const MAX_RATIO: f64 = 3.0;
const MAX_RSS_MB: f64 = 60.0;
const MB: u64 = 1 << 20;
/// First argument of this program run as the measuring helper.
const MEASURE_CHILD: &str = "--measure-child";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == MEASURE_CHILD) {
        return measure_child(&args[2..]);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/rncp");
    if SOURCES.iter().any(|s| !shared.join(s).is_file()) {
        println!("SKIPPED: ../shared absent");
        return if std::env::var("LIVRET_REQUIRE_SHARED").as_deref() == Ok("1") {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let size_mb: u64 = env_number("LIVRET_BENCH_MB", 500);
    let runs: usize = env_number("LIVRET_BENCH_RUNS", 5).max(1);

    let templates = SOURCES
        .iter()
        .flat_map(|source| {
            let text = fs::read(shared.join(source)).expect("reading a shared export");
            templates(&text, source)
        })
        .collect::<Vec<_>>();
    let dir = tempfile::Builder::new()
        .prefix("livret-bench-import-")
        .tempdir()
        .expect("a temp dir");
    let xml = dir.path().join("export-fiches-rncp-v4-1-bench.xml");
    let zip = dir.path().join("export-fiches-rncp-v4-1-bench.zip");

    let started = Instant::now();
    let generated = generate(&xml, &templates, size_mb * MB).expect("writing the export");
    eprintln!(
        "generated {} ({:.0} MB, {} fiches) in {:.1} s",
        xml.display(),
        generated.bytes as f64 / MB as f64,
        generated.fiches,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    zip_file(&xml, &zip).expect("writing the zip");
    let zip_bytes = fs::metadata(&zip).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "zipped it ({:.1} MB) in {:.1} s",
        zip_bytes as f64 / MB as f64,
        started.elapsed().as_secs_f64()
    );

    let bench = Bench {
        dir: dir.path().to_path_buf(),
        runs,
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (file, label) in [(&xml, "xml"), (&zip, "zip")] {
        // grep's stdout must not be /dev/null: GNU grep then stops at the
        // first match.
        let peer = if label == "xml" {
            let mut grep = Command::new("grep");
            grep.arg("-c").arg("<FICHE>").arg(file);
            Some(("grep -c '<FICHE>' (xml)".to_string(), grep))
        } else if has("unzip") {
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg("unzip -p \"$1\" | grep -c '<FICHE>'")
                .arg("sh")
                .arg(file);
            Some(("unzip -p | grep -c '<FICHE>' (zip)".to_string(), sh))
        } else {
            problems.push("unzip absent: no peer for the zip, ratios not computed".to_string());
            None
        };
        let mut jobs = Vec::new();
        if let Some((name, mut command)) = peer {
            // Untimed first pass: the file in the page cache, and the count checked.
            let warm = bench.run(&mut command, Output::Capture);
            let count = warm.stdout.trim().parse::<usize>().unwrap_or(0);
            if !warm.ok || count != generated.fiches {
                problems.push(format!(
                    "{name}: counted {count} fiches, {} written",
                    generated.fiches
                ));
            }
            jobs.push(Job::new(Role::Peer, name, command, Output::Capture));
        }
        let mut livret = |role, what: &str, args: &[&str], output| {
            let mut command = bench.livret(&format!("{role:?}").to_lowercase());
            command.arg(file).args(args);
            jobs.push(Job::new(
                role,
                format!("livret import {what} ({label})"),
                command,
                output,
            ));
        };
        livret(Role::List, "--list", &["--list"], Output::Discard);
        livret(
            Role::Json,
            "--list --json",
            &["--list", "--json"],
            Output::Capture,
        );
        livret(
            Role::Query,
            &format!("--list {QUERY}"),
            &["--list", QUERY],
            Output::Capture,
        );
        livret(
            Role::Import,
            "--fiche <last>",
            &["--fiche", &generated.last, "--update"],
            Output::Capture,
        );
        let figures = bench.measure(&mut jobs);
        let peer_secs = figures
            .iter()
            .find(|f| f.role == Role::Peer)
            .map(|p| p.median_secs);
        for figure in figures {
            check(&figure, &generated, &bench.dir, &mut problems);
            rows.push(Row {
                ratio: peer_secs.map(|p| figure.median_secs / p),
                figure,
            });
        }
    }

    println!();
    println!(
        "RNCP import, generated export: xml {:.0} MB ({} fiches), zip {:.1} MB; {} cores; \
         median of {runs} interleaved runs, peak RSS = largest of the runs, cpu = user + sys \
         (median)",
        generated.bytes as f64 / MB as f64,
        generated.fiches,
        zip_bytes as f64 / MB as f64,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    println!(
        "{:<40} {:>9} {:>13} {:>12} {:>9}  {:<16} ok|OVER",
        "name", "median_s", "ratio_to_grep", "peak_rss_MB", "cpu_s", "budget"
    );
    for row in &rows {
        let f = &row.figure;
        let rss = f.max_rss_kb as f64 / 1024.0;
        let ratio = row.ratio.map_or("–".to_string(), |r| format!("{r:.2}"));
        let (budget, verdict) = if f.role != Role::Peer {
            let over = !f.ok || row.ratio.is_some_and(|r| r > MAX_RATIO) || rss > MAX_RSS_MB;
            (
                format!("≤{MAX_RATIO:.0}×, ≤{MAX_RSS_MB:.0} MB"),
                if !f.ok {
                    "FAILED"
                } else if over {
                    "OVER"
                } else {
                    "ok"
                },
            )
        } else {
            ("(peer)".to_string(), "")
        };
        println!(
            "{:<40} {:>9.2} {:>13} {:>12.1} {:>9.2}  {:<16} {}",
            f.name, f.median_secs, ratio, rss, f.median_cpu, budget, verdict
        );
    }
    flatness(&bench, &templates, size_mb, &xml, &generated);
    for problem in &problems {
        println!("problem: {problem}");
    }
    drop(dir);
    ExitCode::SUCCESS
}

/// Memory against the size of the file: `--list` with no match (reading
/// alone) and `--list` (every fiche listed) on a quarter of the file and on
/// the whole, and what that makes per listed fiche.
fn flatness(bench: &Bench, templates: &[Template], size_mb: u64, xml: &Path, full: &Generated) {
    let quarter_path = bench.dir.join("quarter.xml");
    let quarter = generate(&quarter_path, templates, size_mb * MB / 4).expect("writing the export");
    let mut jobs = Vec::new();
    for (path, generated) in [(&quarter_path, &quarter), (&xml.to_path_buf(), full)] {
        let mb = generated.bytes as f64 / MB as f64;
        let mut none = bench.livret("none");
        none.arg(path).arg("--list").arg(NO_MATCH);
        jobs.push(Job::new(
            Role::Other,
            format!("--list {NO_MATCH} ({mb:.0} MB)"),
            none,
            Output::Discard,
        ));
        let mut all = bench.livret("all");
        all.arg(path).arg("--list");
        jobs.push(Job::new(
            Role::Other,
            format!("--list ({mb:.0} MB)"),
            all,
            Output::Discard,
        ));
    }
    let rss: Vec<i64> = bench
        .measure(&mut jobs)
        .iter()
        .map(|f| f.max_rss_kb)
        .collect();
    let figures = [
        (quarter.fiches, rss[0], rss[1]),
        (full.fiches, rss[2], rss[3]),
    ];
    let _ = fs::remove_file(&quarter_path);
    let [(n1, none1, all1), (n2, none2, all2)] = figures;
    let per_fiche_kb = (all2 - all1) as f64 / (n2 - n1) as f64;
    println!(
        "memory: reading alone (--list {NO_MATCH}): {:.1} MB at {n1} fiches, {:.1} MB at {n2}; \
         --list: {:.1} MB at {n1} fiches, {:.1} MB at {n2}: {per_fiche_kb:.2} KB per listed \
         fiche{}",
        none1 as f64 / 1024.0,
        none2 as f64 / 1024.0,
        all1 as f64 / 1024.0,
        all2 as f64 / 1024.0,
        if per_fiche_kb > 0.05 {
            format!(
                ", {:.0} fiches listed reach {MAX_RSS_MB:.0} MB",
                (MAX_RSS_MB * 1024.0 - (all1 as f64 - per_fiche_kb * n1 as f64)) / per_fiche_kb
            )
        } else {
            String::new()
        }
    );
}

/// `MEASURE_CHILD REPORT PROGRAM ARGS…`: runs PROGRAM (stdio inherited) and
/// writes `seconds cpu_seconds max_rss_kb exit_code` to REPORT.
///
/// The measurements go through this fresh process because a child's
/// `ru_maxrss` starts at the peak RSS of the process that spawned it (the
/// spawner's memory is the child's until `exec`): measured from the bench,
/// which holds the listings it checks, every figure would be at least the
/// bench's own peak.
fn measure_child(args: &[OsString]) -> ExitCode {
    let [report, program, rest @ ..] = args else {
        eprintln!("{MEASURE_CHILD} REPORT PROGRAM ARGS…");
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    let child = match Command::new(program).args(rest).spawn() {
        Ok(child) => child,
        Err(error) => {
            eprintln!("starting {}: {error}", program.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child, not yet waited for; pointers are valid.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            eprintln!("wait4: {error}");
            return ExitCode::FAILURE;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    // Reaped by wait4: dropping the handle neither waits nor kills.
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let time = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    match fs::write(report, format!("{secs} {cpu} {} {code}\n", usage.ru_maxrss)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}: {error}", report.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value}: not a number")),
        Err(_) => default,
    }
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

// ---------------------------------------------------------------- the export

/// One real fiche, cut where its own number occurs: the generated copies
/// are the parts joined by their new number.
struct Template {
    source: &'static str,
    /// `RNCP` or `RS`.
    prefix: String,
    parts: Vec<Vec<u8>>,
    title: String,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Every `<FICHE>…</FICHE>` of an export.
fn templates(text: &[u8], source: &'static str) -> Vec<Template> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = find(text, b"<FICHE>", at) {
        let end = find(text, b"</FICHE>", start).expect("a closed fiche") + b"</FICHE>".len();
        let fiche = &text[start..end];
        at = end;
        let tag = |name: &str| {
            let open = format!("<{name}>");
            let from = find(fiche, open.as_bytes(), 0)? + open.len();
            let to = find(fiche, format!("</{name}>").as_bytes(), from)?;
            Some(String::from_utf8_lossy(&fiche[from..to]).trim().to_string())
        };
        let numero = tag("NUMERO_FICHE").expect("a fiche number");
        let prefix = numero.trim_end_matches(|c: char| c.is_ascii_digit());
        // The number, wherever it is not the start of a longer one.
        let mut parts = Vec::new();
        let mut last = 0;
        let mut search = 0;
        while let Some(i) = find(fiche, numero.as_bytes(), search) {
            search = i + numero.len();
            if fiche.get(search).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            parts.push(fiche[last..i].to_vec());
            last = search;
        }
        parts.push(fiche[last..].to_vec());
        found.push(Template {
            source,
            prefix: prefix.to_string(),
            parts,
            title: tag("INTITULE").unwrap_or_default(),
        });
    }
    found
}

struct Generated {
    bytes: u64,
    fiches: usize,
    /// Fiches whose title has [`QUERY`].
    matching: usize,
    /// The number of the last fiche.
    last: String,
}

/// A writer that counts what it wrote.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes one copy of `template` numbered `index`; returns its number.
fn write_fiche(out: &mut impl Write, template: &Template, index: usize) -> io::Result<String> {
    let number = format!("{}{}", template.prefix, FIRST_NUMBER + index);
    out.write_all(b"  ")?;
    for (i, part) in template.parts.iter().enumerate() {
        if i > 0 {
            out.write_all(number.as_bytes())?;
        }
        out.write_all(part)?;
    }
    out.write_all(b"\n")?;
    Ok(number)
}

fn generate(path: &Path, templates: &[Template], target: u64) -> io::Result<Generated> {
    let mut out = Counting {
        inner: BufWriter::with_capacity(1 << 20, File::create(path)?),
        bytes: 0,
    };
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<FICHES>\n  \
          <VERSION_FLUX>4.1</VERSION_FLUX>\n",
    )?;
    let last = templates
        .iter()
        .find(|t| t.source == LAST_FROM)
        .expect("the fiche to import");
    let matches = |t: &Template| t.title.to_lowercase().contains(QUERY);
    let mut fiches = 0;
    let mut matching = 0;
    // The last fiche and the end tag fit in what is left.
    let reserve = last.parts.iter().map(Vec::len).sum::<usize>() as u64 + 1024;
    while out.bytes + reserve < target {
        let t = &templates[fiches % templates.len()];
        write_fiche(&mut out, t, fiches)?;
        matching += usize::from(matches(t));
        fiches += 1;
    }
    let number = write_fiche(&mut out, last, fiches)?;
    matching += usize::from(matches(last));
    fiches += 1;
    out.write_all(b"</FICHES>\n")?;
    out.inner
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    Ok(Generated {
        bytes: fs::metadata(path)?.len(),
        fiches,
        matching,
        last: number,
    })
}

fn zip_file(xml: &Path, zip: &Path) -> io::Result<()> {
    let len = fs::metadata(xml)?.len();
    let mut writer = zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, File::create(zip)?));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(len >= u32::MAX as u64);
    let name = xml.file_name().unwrap().to_string_lossy().into_owned();
    writer.start_file(name, options).map_err(io::Error::other)?;
    io::copy(&mut File::open(xml)?, &mut writer)?;
    writer
        .finish()
        .map_err(io::Error::other)?
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()
}

// ---------------------------------------------------------------- measuring

struct Bench {
    dir: PathBuf,
    runs: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Output {
    /// stdout to /dev/null.
    Discard,
    /// stdout to a file, read back (the last run's).
    Capture,
}

/// What a command stands for in the table.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// grep, the reference.
    Peer,
    List,
    Json,
    Query,
    Import,
    Other,
}

struct Job {
    role: Role,
    name: String,
    command: Command,
    output: Output,
    runs: Vec<Run>,
}

impl Job {
    fn new(role: Role, name: String, command: Command, output: Output) -> Self {
        Job {
            role,
            name,
            command,
            output,
            runs: Vec::new(),
        }
    }
}

struct Run {
    secs: f64,
    /// user + sys.
    cpu: f64,
    max_rss_kb: i64,
    ok: bool,
    stdout: String,
    stderr: String,
}

struct Figure {
    role: Role,
    name: String,
    median_secs: f64,
    median_cpu: f64,
    max_rss_kb: i64,
    ok: bool,
    /// The last run's.
    stdout: String,
    stderr: String,
}

struct Row {
    figure: Figure,
    ratio: Option<f64>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Whether a figure's output is right.
fn check(figure: &Figure, generated: &Generated, dir: &Path, problems: &mut Vec<String>) {
    if !figure.ok {
        problems.push(format!("{}: failed: {}", figure.name, figure.stderr.trim()));
        return;
    }
    let name = &figure.name;
    match figure.role {
        Role::Json => {
            let listed = serde_json::from_str::<serde_json::Value>(&figure.stdout)
                .ok()
                .and_then(|v| Some(v.get("fiches")?.as_array()?.len()))
                .unwrap_or(0);
            if listed != generated.fiches {
                problems.push(format!(
                    "{name}: {listed} fiches listed, {} written",
                    generated.fiches
                ));
            }
        }
        Role::Query => {
            let listed = figure
                .stdout
                .lines()
                .filter(|l| l.starts_with("RNCP") || l.starts_with("RS"))
                .count();
            if listed != generated.matching {
                problems.push(format!(
                    "{name}: {listed} fiches listed, {} expected",
                    generated.matching
                ));
            }
        }
        Role::Import => {
            // The data dir of the last run is still there.
            let written = fs::read_dir(dir.join("data-import").join("referentiels"))
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
                        .count()
                })
                .unwrap_or(0);
            if written != 1 {
                problems.push(format!(
                    "{name}: {written} référentiels written for {}, 1 expected",
                    generated.last
                ));
            }
        }
        Role::Peer | Role::List | Role::Other => {}
    }
}

impl Bench {
    /// `livret --data-dir DIR import`, no user config; `data` names the
    /// data dir (emptied before each run by [`Bench::run`]).
    fn livret(&self, data: &str) -> Command {
        let mut command = Command::new(BIN);
        command
            .env("LIVRET_CONFIG", "/nonexistent/livret-bench/config.ron")
            .env_remove("LIVRET_DATA_DIR")
            .arg("--data-dir")
            .arg(self.dir.join(format!("data-{data}")))
            .arg("import");
        command
    }

    /// Every job `runs` times, interleaved (one run of each in turn, so
    /// that a change of the machine's load touches them all alike).
    fn measure(&self, jobs: &mut [Job]) -> Vec<Figure> {
        for round in 0..self.runs {
            for job in jobs.iter_mut() {
                let run = self.run(&mut job.command, job.output);
                eprintln!(
                    "  {} #{}: {:.2} s, {:.2} s cpu, {:.1} MB{}",
                    job.name,
                    round + 1,
                    run.secs,
                    run.cpu,
                    run.max_rss_kb as f64 / 1024.0,
                    if run.ok { "" } else { ", FAILED" }
                );
                job.runs.push(run);
            }
        }
        jobs.iter_mut()
            .map(|job| {
                let runs = std::mem::take(&mut job.runs);
                let last = runs.last().expect("one run at least");
                Figure {
                    role: job.role,
                    name: job.name.clone(),
                    median_secs: median(runs.iter().map(|r| r.secs).collect()),
                    median_cpu: median(runs.iter().map(|r| r.cpu).collect()),
                    max_rss_kb: runs.iter().map(|r| r.max_rss_kb).max().unwrap_or(0),
                    ok: runs.iter().all(|r| r.ok),
                    stdout: last.stdout.clone(),
                    stderr: last.stderr.clone(),
                }
            })
            .collect()
    }

    /// One run of `command`, timed and measured by `wait4`. A fresh data dir
    /// for each run: every `data-*` dir is removed first.
    fn run(&self, command: &mut Command, output: Output) -> Run {
        for entry in fs::read_dir(&self.dir).expect("the temp dir").flatten() {
            if entry.file_name().to_string_lossy().starts_with("data-") {
                fs::remove_dir_all(entry.path()).expect("removing a data dir");
            }
        }
        let out_path = self.dir.join("stdout");
        let err_path = self.dir.join("stderr");
        let stdout = match output {
            Output::Discard => Stdio::null(),
            Output::Capture => File::create(&out_path).expect("stdout file").into(),
        };
        // Through a fresh copy of this program (see [`measure_child`]).
        let report = self.dir.join("report");
        let mut helper = Command::new(std::env::current_exe().expect("this program"));
        helper
            .arg(MEASURE_CHILD)
            .arg(&report)
            .arg(command.get_program())
            .args(command.get_args());
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => helper.env(key, value),
                None => helper.env_remove(key),
            };
        }
        let status = helper
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(File::create(&err_path).expect("stderr file"))
            .status()
            .expect("running the measuring helper");
        let measured = fs::read_to_string(&report).unwrap_or_default();
        let mut fields = measured.split_whitespace();
        let mut field = || fields.next().and_then(|f| f.parse::<f64>().ok());
        let (Some(secs), Some(cpu), Some(max_rss_kb), Some(code)) =
            (field(), field(), field(), field())
        else {
            panic!("the measuring helper failed ({status}): {measured}");
        };
        let _ = fs::remove_file(&report);
        Run {
            secs,
            cpu,
            max_rss_kb: max_rss_kb as i64,
            ok: code == 0.0,
            stdout: match output {
                Output::Discard => String::new(),
                Output::Capture => fs::read_to_string(&out_path).unwrap_or_default(),
            },
            stderr: fs::read_to_string(&err_path).unwrap_or_default(),
        }
    }
}
