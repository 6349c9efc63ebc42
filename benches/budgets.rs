//! Performance budgets: `cargo bench --bench budgets`.
//!
//! Two data dirs, generated at start: 10,000 critères with 10,000 notes
//! (`10k/…`), and the five bundled référentiels with 300 notes each
//! (`bundled/…`, interactions on the largest one). Criterion measures each
//! figure; the run ends with one line per figure: `name  median  budget
//! ok|OVER`. The terminal figures come from the real binary in tmux, at
//! 80×24 and 200×50; the bytes per key of each terminal backend are also
//! counted in-process, side by side, on the same walk.
//! These are measurements, not tests: nothing fails when a budget is missed.

#[path = "support/fixture.rs"]
mod fixture;
#[path = "support/terminal.rs"]
mod terminal;

use std::cell::Cell;
use std::fmt;
use std::hint::black_box;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant, SystemTime};

use criterion::{BatchSize, BenchmarkGroup, Criterion, measurement::WallTime};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use livret::referentiel::Certification;
use livret::store::{
    DataDir, backup, load_catalog, load_portfolio, portfolio_to_ron, save_portfolio,
};
use livret::tui::app::{App, Doc};
use livret::tui::backend::LeanBackend;
use livret::tui::{load_docs, view};
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const SCALE: usize = 10_000;
const REALISTIC_NOTES: usize = 300;
const SEED: u64 = 1;
/// What a user types, char by char, to measure search keystrokes.
const QUERY: &str = "strategie commerciale";

const MS: f64 = 1e6;

// ---------------------------------------------------------------- figures

#[derive(Clone, Copy)]
enum Value {
    /// Nanoseconds.
    Time(f64),
    Bytes(f64),
    Kib(u64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Time(ns) if ns >= 1e6 => write!(f, "{:.1} ms", ns / 1e6),
            Value::Time(ns) => write!(f, "{:.0} µs", ns / 1e3),
            Value::Bytes(b) => write!(f, "{b:.0} B"),
            Value::Kib(k) => write!(f, "{:.1} MB", k as f64 / 1024.0),
        }
    }
}

impl Value {
    fn amount(self) -> f64 {
        match self {
            Value::Time(ns) => ns,
            Value::Bytes(b) => b,
            Value::Kib(k) => k as f64,
        }
    }
}

struct Row {
    name: String,
    median: Option<Value>,
    budget: Option<Value>,
    note: &'static str,
}

struct Report {
    rows: Vec<Row>,
    criterion_dir: PathBuf,
    started: SystemTime,
}

impl Report {
    /// A figure measured by criterion: its median, read back from criterion's
    /// estimates (only if written by this run; a filtered-out bench has none).
    fn criterion(&mut self, group: &str, name: &str, budget_ms: Option<f64>) {
        let path = self
            .criterion_dir
            .join(group)
            .join(name)
            .join("new/estimates.json");
        let fresh = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= self.started);
        let median = fresh
            .then(|| std::fs::read_to_string(&path).ok())
            .flatten()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|json| json["median"]["point_estimate"].as_f64())
            .map(Value::Time);
        self.rows.push(Row {
            name: format!("{group}/{name}"),
            median,
            budget: budget_ms.map(|ms| Value::Time(ms * MS)),
            note: "",
        });
    }

    fn push(
        &mut self,
        name: &str,
        median: Option<Value>,
        budget: Option<Value>,
        note: &'static str,
    ) {
        self.rows.push(Row {
            name: name.to_string(),
            median,
            budget,
            note,
        });
    }

    fn print(&self) {
        let width = self.rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
        println!();
        println!(
            "{:width$}  {:>10}  {:>10}  verdict",
            "name", "median", "budget"
        );
        for row in &self.rows {
            let median = row.median.map_or("-".to_string(), |v| v.to_string());
            let budget = row.budget.map_or("-".to_string(), |v| v.to_string());
            let verdict = match (row.median, row.budget) {
                (Some(m), Some(b)) if m.amount() <= b.amount() => "ok",
                (Some(_), Some(_)) => "OVER",
                (None, _) => "not run",
                (Some(_), None) => "",
            };
            let note = if row.note.is_empty() {
                String::new()
            } else {
                format!("  ({})", row.note)
            };
            println!(
                "{:width$}  {median:>10}  {budget:>10}  {verdict}{note}",
                row.name
            );
        }
    }
}

// ---------------------------------------------------------------- the app

/// A data dir and the certification to open in it.
struct Case {
    name: &'static str,
    data: DataDir,
    open: String,
}

type Screen = Terminal<TestBackend>;

fn draw(terminal: &mut Screen, app: &App) {
    terminal
        .draw(|frame| view::render(app, frame.area(), frame.buffer_mut()))
        .expect("TestBackend never fails");
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn position(docs: &[Doc], id: &str) -> usize {
    docs.iter()
        .position(|d| d.certification.id == id)
        .expect("the case's certification is in the catalog")
}

/// What the binary does from `main` to its first frame, on a test backend.
fn start(case: &Case, width: u16, height: u16) -> (App, Screen) {
    let docs = load_docs(load_catalog(&case.data), &case.data, None);
    let index = position(&docs, &case.open);
    let mut app = App::new(docs, Timestamp::now(), TimeZone::system());
    app.open(index);
    app.viewport = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    draw(&mut terminal, &app);
    (app, terminal)
}

/// The docs of a case, loaded once and cloned for each measured run.
fn docs(case: &Case) -> Vec<Doc> {
    load_docs(load_catalog(&case.data), &case.data, None)
}

fn clone_docs(docs: &[Doc]) -> Vec<Doc> {
    docs.iter()
        .map(|d| Doc::new((*d.certification).clone(), d.portfolio.clone()))
        .collect()
}

/// Every bloc, activité and compétence of a certification: the whole tree open.
fn all_branches(certification: &Certification) -> Vec<String> {
    let mut ids = Vec::new();
    for bloc in &certification.blocs {
        ids.push(bloc.id.clone());
        for activite in &bloc.activites {
            ids.push(activite.id.clone());
        }
        ids.extend(bloc.competences().map(|c| c.id.clone()));
    }
    ids
}

/// The app opened on the case with the whole tree unfolded (the worst case
/// for navigation), selection at the top.
fn unfolded(docs: &[Doc], case: &Case, width: u16, height: u16) -> App {
    let mut docs = clone_docs(docs);
    let index = position(&docs, &case.open);
    let doc = &mut docs[index];
    if let Ok(portfolio) = &mut doc.portfolio {
        portfolio
            .view
            .expanded
            .extend(all_branches(&doc.certification));
        portfolio.view.selected = None;
    }
    let mut app = App::new(docs, Timestamp::now(), TimeZone::system());
    // The keys measured go to the tree, not to « Que faire maintenant ? »
    // greeting a fixture written long ago.
    app.session.welcome_after_days = Some(0);
    app.open(index);
    app.viewport = (width, height);
    app
}

// ---------------------------------------------------------------- benches

fn slow(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
}

fn fast(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
}

/// Start-up: everything from reading the files to the first frame.
fn bench_start(c: &mut Criterion, case: &Case, report: &mut Report, budget_ms: f64) {
    let mut group = c.benchmark_group(case.name);
    if case.name == "10k" {
        slow(&mut group);
    } else {
        fast(&mut group);
    }
    for (name, width, height) in [("start_80x24", 80, 24), ("start_200x50", 200, 50)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let begin = Instant::now();
                    let started = start(case, width, height);
                    total += begin.elapsed();
                    drop(black_box(started)); // freeing is not part of starting
                }
                total
            })
        });
    }
    // The parts of start-up, to see where the time goes.
    group.bench_function("load_referentiels", |b| {
        b.iter(|| black_box(load_catalog(&case.data)))
    });
    group.bench_function("load_portfolio", |b| {
        b.iter(|| black_box(load_portfolio(&case.data, &case.open).is_ok()))
    });
    let docs = docs(case);
    let index = position(&docs, &case.open);
    group.bench_function("app_open", |b| {
        b.iter_batched(
            || clone_docs(&docs),
            |docs| {
                let mut app = App::new(docs, Timestamp::now(), TimeZone::system());
                app.open(index);
                app
            },
            BatchSize::PerIteration,
        )
    });
    let mut app = App::new(clone_docs(&docs), Timestamp::now(), TimeZone::system());
    app.open(index);
    for (name, width, height) in [
        ("first_frame_80x24", 80, 24),
        ("first_frame_200x50", 200, 50),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || Terminal::new(TestBackend::new(width, height)).expect("test backend"),
                |mut terminal| {
                    draw(&mut terminal, &app);
                    terminal
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
    report.criterion(case.name, "start_80x24", Some(budget_ms));
    report.criterion(case.name, "start_200x50", Some(budget_ms));
    for part in [
        "load_referentiels",
        "load_portfolio",
        "app_open",
        "first_frame_80x24",
        "first_frame_200x50",
    ] {
        report.criterion(case.name, part, None);
    }
}

/// Key to frame: `j` (or `k` on the way back up) handled, then drawn on a
/// terminal that already shows the previous frame, as in the run loop.
fn bench_navigation(c: &mut Criterion, case: &Case, docs: &[Doc], report: &mut Report) {
    let mut group = c.benchmark_group(case.name);
    fast(&mut group);
    for (name, width, height) in [("nav_key_80x24", 80, 24), ("nav_key_200x50", 200, 50)] {
        let app = unfolded(docs, case, width, height);
        bench_moves(&mut group, name, app, (width, height));
        report.criterion(case.name, name, Some(2.0));
    }
    // The worst case of the review cycle on that path: a request on the
    // whole dossier that a tutor answered item by item, its state shown in
    // the detail pane of every item.
    let name = "nav_key_80x24_whole_dossier_request";
    let mut app = unfolded(docs, case, 80, 24);
    let now = app.now;
    if let Some((certification, _)) = app.session.open() {
        let units: Vec<String> = certification.units().map(|u| u.id.to_string()).collect();
        let mut review = livret::review::Review::new(&certification.id, "marie");
        for (i, unit) in units.iter().enumerate() {
            review.cycle_verdict(unit, now + jiff::SignedDuration::from_secs(i as i64 + 1));
        }
        app.session.reviews = vec![review];
    }
    if let Some(portfolio) = app.session.open_mut() {
        portfolio.request_review(None, "Tout le dossier, svp", now, |_| false);
    }
    app.session.touch();
    bench_moves(&mut group, name, app, (80, 24));
    report.criterion(case.name, name, Some(2.0));
    // A change of status: the progress figures and the words of every
    // note against the target are counted again for the frame.
    let name = "status_key_80x24";
    let mut app = unfolded(docs, case, 80, 24);
    while app.screens.main.selected_critere(&app.session).is_none()
        && app.screens.main.selected + 1 < app.screens.main.rows.len()
    {
        app.handle_key(key('j'));
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    draw(&mut terminal, &app);
    group.bench_function(name, |b| {
        b.iter(|| {
            app.handle_key(key('s'));
            // Past prêt, a critère with notes asks before à faire: yes.
            if app.modals.top().is_some() {
                app.handle_key(key('o'));
            }
            draw(&mut terminal, &app);
        })
    });
    report.criterion(case.name, name, Some(16.0));
    group.finish();
}

/// `j` down the tree (then `k` back up) to its frame, each key on its own.
fn bench_moves(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    mut app: App,
    (width, height): (u16, u16),
) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    draw(&mut terminal, &app);
    let mut down = true;
    group.bench_function(name, |b| {
        b.iter(|| {
            if app.screens.main.selected + 1 >= app.screens.main.rows.len() {
                down = false;
            } else if app.screens.main.selected == 0 {
                down = true;
            }
            // A second apart: each key on its own, so the detail pane
            // follows (keys closer than HOLD would leave it as it was).
            app.now += jiff::SignedDuration::from_secs(1);
            app.handle_key(key(if down { 'j' } else { 'k' }));
            draw(&mut terminal, &app);
        })
    });
}

/// Search: the first `/` (which builds the index), then each keystroke of
/// [`QUERY`] to its frame, and the slowest keystroke of the query.
fn bench_search(c: &mut Criterion, case: &Case, docs: &[Doc], report: &mut Report) {
    let mut group = c.benchmark_group(case.name);
    if case.name == "10k" {
        slow(&mut group);
    } else {
        fast(&mut group);
    }
    let index = position(docs, &case.open);
    // What the run loop does after the first frame, on its own thread.
    group.bench_function("index_build_background", |b| {
        let (certification, portfolio) = match &docs[index].portfolio {
            Ok(portfolio) => (&docs[index].certification, portfolio),
            Err(error) => panic!("the case's portfolio is readable: {error}"),
        };
        b.iter(|| livret::search::Index::new(certification, portfolio))
    });
    // `/` right after the first frame, the index still being built: the
    // overlay opens at once, and the results come with the index.
    group.bench_function("first_search", |b| {
        b.iter_batched(
            || {
                let mut app = App::new(clone_docs(docs), Timestamp::now(), TimeZone::system());
                app.open(index);
                let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
                draw(&mut terminal, &app);
                let source = app.session.index_source();
                (app, terminal, source)
            },
            |(mut app, mut terminal, source)| {
                app.handle_key(key('/'));
                draw(&mut terminal, &app);
                (app, terminal, source)
            },
            BatchSize::PerIteration,
        )
    });
    fast(&mut group);
    let mut app = App::new(clone_docs(docs), Timestamp::now(), TimeZone::system());
    app.open(index);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    app.handle_key(key('/'));
    draw(&mut terminal, &app);
    let chars: Vec<char> = QUERY.chars().collect();
    let clear = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    let mut at = 0;
    group.bench_function("search_key_80x24", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if at == chars.len() {
                    app.handle_key(clear);
                    draw(&mut terminal, &app);
                    at = 0;
                }
                let begin = Instant::now();
                app.handle_key(key(chars[at]));
                draw(&mut terminal, &app);
                total += begin.elapsed();
                at += 1;
            }
            total
        })
    });
    group.finish();
    report.criterion(case.name, "index_build_background", None);
    report.criterion(case.name, "first_search", Some(10.0));
    report.criterion(case.name, "search_key_80x24", Some(10.0));

    // The slowest prefix: the median of 15 runs of each keystroke, the worst of them.
    let mut worst = (0.0, String::new());
    for end in 1..=chars.len() {
        let mut runs: Vec<f64> = (0..15)
            .map(|_| {
                app.handle_key(clear);
                for &c in &chars[..end - 1] {
                    app.handle_key(key(c));
                }
                draw(&mut terminal, &app);
                let begin = Instant::now();
                app.handle_key(key(chars[end - 1]));
                draw(&mut terminal, &app);
                begin.elapsed().as_nanos() as f64
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        if runs[7] > worst.0 {
            worst = (runs[7], chars[..end].iter().collect());
        }
    }
    println!(
        "{}: slowest search keystroke: « {} » ({})",
        case.name,
        worst.1,
        Value::Time(worst.0)
    );
    report.push(
        &format!("{}/search_worst_key", case.name),
        Some(Value::Time(worst.0)),
        Some(Value::Time(10.0 * MS)),
        "slowest prefix of the query",
    );
}

/// Saving: what the interface's loop pays (the copies the save's thread
/// works from), then what that thread does: serializing, the whole atomic
/// save (temp file, fsync, rename, fsync of the directory) into the case's
/// data dir, with a backup (a hard link) first.
fn bench_save(c: &mut Criterion, case: &Case, report: &mut Report) {
    let mut group = c.benchmark_group(case.name);
    fast(&mut group);
    let portfolio = load_portfolio(&case.data, &case.open).expect("the fixture loads");
    let catalog = load_catalog(&case.data);
    let certification = &catalog
        .get(&case.open)
        .expect("the fixture's")
        .certification;
    // The copies are dropped on the thread, not on the loop.
    group.bench_function("save_snapshot", |b| {
        b.iter_with_large_drop(|| (certification.clone(), portfolio.clone()))
    });
    group.bench_function("serialize", |b| {
        b.iter(|| black_box(portfolio_to_ron(&portfolio)))
    });
    group.bench_function("save", |b| {
        b.iter(|| save_portfolio(&case.data, &portfolio).expect("save"))
    });
    // The first save of a session (then one an hour) links the file into
    // the backups first.
    group.bench_function("save_with_backup", |b| {
        b.iter(|| {
            backup(&case.data, &case.open, Timestamp::now()).expect("backup");
            save_portfolio(&case.data, &portfolio).expect("save")
        })
    });
    // Each save of the interface also keeps what it wrote, hashed, as the
    // base of a merge should the file change under it.
    group.bench_function("merge_base", |b| {
        b.iter(|| black_box(livret::portfolio::Base::of(&portfolio)))
    });
    group.finish();
    report.criterion(case.name, "save_snapshot", Some(16.0));
    report.criterion(case.name, "serialize", None);
    report.criterion(case.name, "merge_base", None);
    report.criterion(case.name, "save", Some(80.0));
    report.criterion(case.name, "save_with_backup", Some(80.0));
}

// ---------------------------------------------------------------- setup

fn ten_thousand(dir: &Path) -> Case {
    let certification = fixture::certification(SCALE, SEED);
    let portfolio = fixture::portfolio(&certification, SCALE, SEED);
    fixture::write_data_dir(dir, Some(&certification), &[portfolio], fixture::ID)
        .expect("the 10k fixture is written");
    Case {
        name: "10k",
        data: DataDir::new(dir),
        open: fixture::ID.to_string(),
    }
}

/// The realistic case: the five bundled référentiels and a candidate with
/// 300 notes on the largest. With `every`, a 300-note portfolio on each of
/// the five (start-up reads every portfolio of the data dir).
fn bundled(dir: &Path, every: bool) -> Case {
    let catalog = load_catalog(&DataDir::new(dir));
    let largest = catalog
        .entries
        .iter()
        .max_by_key(|e| e.certification.criteres().count())
        .expect("bundled référentiels");
    let open = largest.certification.id.clone();
    let portfolios: Vec<_> = catalog
        .entries
        .iter()
        .filter(|e| every || e.certification.id == open)
        .map(|e| fixture::portfolio(&e.certification, REALISTIC_NOTES, SEED))
        .collect();
    fixture::write_data_dir(dir, None, &portfolios, &open).expect("the bundled fixture is written");
    Case {
        name: "bundled",
        data: DataDir::new(dir),
        open,
    }
}

/// Start-up when every bundled certification has a 300-note portfolio.
fn bench_start_every(c: &mut Criterion, case: &Case, report: &mut Report) {
    let mut group = c.benchmark_group(case.name);
    fast(&mut group);
    group.bench_function("start_5_portfolios_80x24", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let begin = Instant::now();
                let started = start(case, 80, 24);
                total += begin.elapsed();
                drop(black_box(started));
            }
            total
        })
    });
    group.finish();
    report.criterion(case.name, "start_5_portfolios_80x24", Some(15.0));
}

// ---------------------------------------------------------------- bytes

/// A writer that only counts what it is given.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes written by `backend` per `j`/`k` pressed one at a time (the detail
/// pane follows each), each frame inside a synchronized update as the run
/// loop draws it. The walk of [`terminal::measure`]: from the top of the
/// tree, `l` five times, then `j` and `k` `keys / 2` times each.
fn bytes_per_key<B: Backend + Write>(
    backend: B,
    counter: &Counter,
    docs: &[Doc],
    case: &Case,
    (width, height): (u16, u16),
    keys: usize,
) -> f64 {
    let mut app = App::new(clone_docs(docs), Timestamp::now(), TimeZone::system());
    app.open(position(docs, &case.open));
    app.viewport = (width, height);
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport })
        .unwrap_or_else(|_| panic!("a terminal on a counter"));
    let press = |app: &mut App, terminal: &mut Terminal<B>, c: char| {
        app.now += jiff::SignedDuration::from_secs(1);
        app.handle_key(key(c));
        let frame = (|| -> io::Result<()> {
            queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
            terminal
                .draw(|frame| view::render(app, frame.area(), frame.buffer_mut()))
                .map_err(|_| io::Error::other("draw"))?;
            queue!(terminal.backend_mut(), EndSynchronizedUpdate)
        })();
        frame.expect("a counter takes every byte");
    };
    for c in "glllll".chars() {
        press(&mut app, &mut terminal, c);
    }
    let before = counter.0.get();
    let half = keys / 2;
    for c in std::iter::repeat_n('j', half).chain(std::iter::repeat_n('k', half)) {
        press(&mut app, &mut terminal, c);
    }
    (counter.0.get() - before) as f64 / (2 * half) as f64
}

/// Our backend and ratatui's crossterm backend as it is (which hides the
/// cursor at every frame, 6 bytes more a key than hiding it once), side by
/// side, at both sizes, on the same walk.
fn backend_figures(case: &Case, docs: &[Doc], report: &mut Report) {
    const KEYS: usize = 40;
    let sizes = [(80, 24), (200, 50)];
    println!(
        "{}: bytes per j/k pressed one at a time, in-process:  {:>8}  {:>8}",
        case.name, "80×24", "200×50"
    );
    for backend in ["lean", "crossterm"] {
        let figures: Vec<f64> = sizes
            .iter()
            .map(|&size| {
                let counter = Counter::default();
                let area = Rect::new(0, 0, size.0, size.1);
                match backend {
                    "lean" => bytes_per_key(
                        LeanBackend::new(counter.clone(), area),
                        &counter,
                        docs,
                        case,
                        size,
                        KEYS,
                    ),
                    _ => bytes_per_key(
                        CrosstermBackend::new(counter.clone()),
                        &counter,
                        docs,
                        case,
                        size,
                        KEYS,
                    ),
                }
            })
            .collect();
        println!(
            "  {backend:<49}  {:>6.0} B  {:>6.0} B",
            figures[0], figures[1]
        );
        for (&(width, height), &bytes) in sizes.iter().zip(&figures) {
            report.push(
                &format!(
                    "{}/{backend}_bytes_per_single_key_{width}x{height}",
                    case.name
                ),
                Some(Value::Bytes(bytes)),
                None,
                "in-process, j/k one at a time",
            );
        }
    }
}

fn terminal_figures(case: &Case, report: &mut Report) {
    let name = |figure: &str| format!("{}/{figure}", case.name);
    if !terminal::tmux_available() {
        println!("tmux is not installed: no terminal figures");
        report.push(&name("bytes_per_key_80x24"), None, None, "needs tmux");
        return;
    }
    let binary = Path::new(env!("CARGO_BIN_EXE_livret"));
    for (width, height) in [(80, 24), (200, 50)] {
        let size = format!("{width}x{height}");
        // The budget is for the smallest terminal, where a key costs least.
        let budget = (width == 80).then_some(Value::Bytes(250.0));
        // The tree of the main screen, not the picker.
        let figures = match terminal::measure(binary, case.data.root(), "BC1", 40, (width, height))
        {
            Ok(figures) => figures,
            Err(error) => {
                println!("terminal figures at {size} failed: {error}");
                report.push(
                    &name(&format!("bytes_per_key_{size}")),
                    None,
                    None,
                    "tmux run failed",
                );
                continue;
            }
        };
        println!(
            "{}: {} keys, {:.0} bytes per key at {width}×{height} held, {:.0} pressed one at a time",
            case.name, figures.keys, figures.bytes_per_key, figures.bytes_per_single_key
        );
        report.push(
            &name(&format!("bytes_per_key_{size}")),
            Some(Value::Bytes(figures.bytes_per_key)),
            budget,
            "real binary in tmux, j/k held (33 ms apart)",
        );
        report.push(
            &name(&format!("bytes_per_single_key_{size}")),
            Some(Value::Bytes(figures.bytes_per_single_key)),
            budget,
            "j/k 300 ms apart: the detail pane redrawn each time",
        );
        if width != 80 {
            continue;
        }
        report.push(
            &name("peak_rss_started"),
            Some(Value::Kib(figures.rss_started_kib)),
            Some(Value::Kib(80 * 1024)),
            "VmHWM after the first frame",
        );
        report.push(
            &name("peak_rss_searched"),
            Some(Value::Kib(figures.rss_peak_kib)),
            Some(Value::Kib(80 * 1024)),
            "VmHWM after a search",
        );
    }
}

/// Files a hostile or broken hand made: 200 KB of `[` as a portfolio (its
/// error was located with a walk per nesting level, over a minute), and a
/// référentiel with 10,000 duplicate ids (a walk of the file per problem).
fn bench_hostile(c: &mut Criterion, report: &mut Report) {
    let dir = tempfile::tempdir().expect("temporary dir");
    let data = DataDir::new(dir.path());
    let id = "rncp23675-responsable-commerce-international";
    std::fs::create_dir_all(data.portfolios()).expect("portfolios dir");
    std::fs::write(data.portfolio(id), "[".repeat(200_000)).expect("the file is written");
    let mut group = c.benchmark_group("hostile");
    slow(&mut group);
    group.bench_function("portfolio_200k_brackets", |b| {
        b.iter(|| black_box(livret::store::load_portfolio(&data, id).is_err()))
    });
    let duplicates = std::iter::repeat_n(r#"(id: "CR1", text: "x")"#, 10_000)
        .collect::<Vec<_>>()
        .join(", ");
    let referentiel = format!(
        r#"(format_version: 1, id: "dup", title: "D", kind: Rncp,
    source: (file: "d.txt", note: "n"),
    blocs: [(id: "BC01", title: "B", competences: [(id: "C1", title: "C", criteres: [{duplicates}])])])"#
    );
    group.bench_function("referentiel_10k_duplicate_ids", |b| {
        b.iter(|| black_box(livret::referentiel::parse(&referentiel, None).is_err()))
    });
    group.finish();
    report.criterion("hostile", "portfolio_200k_brackets", Some(100.0));
    report.criterion("hostile", "referentiel_10k_duplicate_ids", Some(100.0));
}

/// The dossier of a candidate with 300 notes, in each format: the Word
/// document against the Markdown and HTML printers of the same `Dossier`.
fn bench_export(c: &mut Criterion, report: &mut Report) {
    use livret::export::{Dossier, ExportContext, Format, Options};
    let catalog = livret::store::load_catalog(&DataDir::new(std::env::temp_dir()));
    let id = "rncp23675-responsable-commerce-international";
    let certification = &catalog.get(id).expect("bundled").certification;
    let mut portfolio = livret::portfolio::Portfolio::new(id);
    let units: Vec<String> = certification.units().map(|u| u.id.to_string()).collect();
    for i in 0..300 {
        portfolio.add_note(
            &units[i % units.len()],
            &format!(
                "Preuve {i}\nJ’ai conduit le projet {i} avec l’équipe export, de mars à juin.\n\
                 - analyse du marché\n- plan d’action chiffré\nRésultat : 12 % de ventes en plus."
            ),
            Timestamp::UNIX_EPOCH,
        );
    }
    let context = ExportContext::now();
    let mut group = c.benchmark_group("export_300_notes");
    fast(&mut group);
    for format in Format::ALL {
        group.bench_function(format.extension(), |b| {
            b.iter(|| {
                let dossier =
                    Dossier::build(certification, &portfolio, &Options::default(), &context);
                black_box(format.render(&dossier))
            })
        });
    }
    group.finish();
    report.criterion("export_300_notes", "md", None);
    report.criterion("export_300_notes", "html", None);
    report.criterion("export_300_notes", "docx", Some(300.0));
}

/// Reading the référentiels of other tools (`livret import FILE` without
/// the writing): the shared Moodle, Mahara and CASE files, and the outline
/// of the largest bundled référentiel. Absent shared files are not run.
fn bench_frameworks(c: &mut Criterion, report: &mut Report) {
    use livret::store::import::read_other;
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let files = [
        ("moodle_dcg", "moodle/dcg-2019-fr.csv"),
        ("moodle_pharmacy", "moodle/pharmacy-example.csv"),
        ("mahara_behat", "mahara/behat_example.matrix"),
        ("case_opensalt", "case/opensalt-sample-framework.json"),
    ];
    let outline_dir = tempfile::tempdir().expect("temporary dir");
    let catalog = livret::store::load_catalog(&DataDir::new(std::env::temp_dir()));
    let largest = catalog
        .entries
        .iter()
        .max_by_key(|e| e.certification.units().count())
        .expect("bundled");
    let outline = outline_dir.path().join("plan.md");
    std::fs::write(&outline, livret::outline::write(&largest.certification)).expect("written");
    let mut group = c.benchmark_group("import_other");
    fast(&mut group);
    for (name, relative) in files {
        let path = shared.join(relative);
        if path.is_file() {
            group.bench_function(name, |b| b.iter(|| black_box(read_other(&path))));
        }
    }
    group.bench_function("outline_largest_bundled", |b| {
        b.iter(|| black_box(read_other(&outline)))
    });
    group.finish();
    for (name, _) in files {
        let budget = (name == "moodle_dcg").then_some(200.0);
        report.criterion("import_other", name, budget);
    }
    report.criterion("import_other", "outline_largest_bundled", None);
}

/// `livret log` and the detail pane in a synced data directory: when each
/// of 300 notes was synced, read from 50 commits of the portfolio (one
/// `git log`, one `git cat-file` and one parse per version). Not run
/// without git.
fn bench_sync_history(c: &mut Criterion, report: &mut Report) {
    const COMMITS: usize = 50;
    let git_here = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !git_here {
        report.push(
            "sync_history/300_notes_50_commits",
            None,
            None,
            "git absent",
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temporary dir");
    let case = bundled(dir.path(), false);
    let catalog = load_catalog(&case.data);
    let certification = &catalog.get(&case.open).expect("bundled").certification;
    let git = |args: &[&str], author: &str| {
        let done = std::process::Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(["-c", &format!("user.name={author}")])
            .args([
                "-c",
                "user.email=x@example.org",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(done.status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"], "-");
    let mut portfolio = load_portfolio(&case.data, &case.open).expect("the fixture loads");
    let notes: Vec<(String, usize)> = portfolio
        .criteres
        .iter()
        .flat_map(|(id, work)| (0..work.notes.len()).map(move |i| (id.clone(), i)))
        .collect();
    for commit in 0..COMMITS {
        // Each sync after the first changes six notes.
        for (id, index) in notes.iter().skip(commit * 6).take(6).filter(|_| commit > 0) {
            let text = format!("{}\nRevu ({commit}).", portfolio.notes(id)[*index].text);
            portfolio.update_note(id, *index, &text, Timestamp::now());
        }
        save_portfolio(&case.data, &portfolio).expect("save");
        let author = if commit % 2 == 0 { "Camille" } else { "Marie" };
        git(&["add", "portfolios"], author);
        git(&["commit", "-q", "-m", "sync"], author);
    }
    let mut group = c.benchmark_group("sync_history");
    slow(&mut group);
    group.bench_function("300_notes_50_commits", |b| {
        b.iter(|| {
            let syncs = livret::store::note_syncs(&case.data, certification);
            black_box(syncs.expect("read").expect("a git repository").len())
        })
    });
    group.finish();
    report.criterion("sync_history", "300_notes_50_commits", Some(300.0));
}

fn main() {
    let criterion_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("criterion-budgets");
    let mut c = Criterion::default()
        .output_directory(&criterion_dir)
        .configure_from_args();
    let mut report = Report {
        rows: Vec::new(),
        criterion_dir,
        started: SystemTime::now(),
    };
    let big_dir = tempfile::tempdir().expect("temporary dir");
    let small_dir = tempfile::tempdir().expect("temporary dir");
    let every_dir = tempfile::tempdir().expect("temporary dir");
    let generating = Instant::now();
    let cases = [
        ten_thousand(big_dir.path()),
        bundled(small_dir.path(), false),
    ];
    let every = bundled(every_dir.path(), true);
    println!("fixtures generated in {:.1?}", generating.elapsed());

    for case in &cases {
        let budget_ms = if case.name == "10k" { 150.0 } else { 15.0 };
        bench_start(&mut c, case, &mut report, budget_ms);
        let docs = docs(case);
        bench_navigation(&mut c, case, &docs, &mut report);
        bench_search(&mut c, case, &docs, &mut report);
        bench_save(&mut c, case, &mut report);
        backend_figures(case, &docs, &mut report);
    }
    bench_start_every(&mut c, &every, &mut report);
    bench_hostile(&mut c, &mut report);
    bench_export(&mut c, &mut report);
    bench_frameworks(&mut c, &mut report);
    bench_sync_history(&mut c, &mut report);
    terminal_figures(&cases[0], &mut report);
    c.final_summary();
    report.print();
}
