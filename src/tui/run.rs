//! The run loop, and only it: terminal events and timers become messages,
//! `App::update` answers with effects, `Io` (or the terminal, for the
//! external editor) carries them out and answers with messages again.

use std::io;
use std::panic::AssertUnwindSafe;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::store::DataDir;
use crate::tui::action::Action;
use crate::tui::app::{App, Doc, Effect, HOLD};
use crate::tui::io::Io;
use crate::tui::io::saver::recover_after_panic;
use crate::tui::io::workspace::Workspace;
use crate::tui::msg::Msg;
use crate::tui::screens::main::review::Tutor;
use crate::tui::settings::Settings;
use crate::tui::terminal::{self, Term, draw, init_terminal, restore_on_panic};

/// Runs the interface until the user quits; `open` is the certification to show first.
/// The candidate's interface on `docs`; `unreadable` lists the référentiel
/// files that could not be read, for the picker.
pub fn run(
    data: &DataDir,
    (docs, unreadable): (Vec<Doc>, Vec<String>),
    open: Option<usize>,
    settings: Settings,
) -> Result<ExitCode> {
    let mut app = App::new(docs, Timestamp::now(), TimeZone::system());
    let auto_sync = settings.coach.auto_sync;
    let key = crate::store::signing::default_key(settings.coach.signing_key.as_deref());
    app.configure(settings);
    app.session.naming.offer(data.owner_name());
    app.session.unreadable = unreadable;
    let mut effects = open.map(|index| app.open(index)).unwrap_or_default();
    let mut io = Io::new(Workspace::candidate(data));
    io.signing_key = key;
    effects.extend(apply(
        &mut app,
        io.sync_known(auto_sync).into_iter().collect(),
    ));
    run_app(app, io, effects)
}

/// Tutor mode: the cohort under `dir` (or one candidate's data directory),
/// reviewed as `tutor`.
pub fn run_tutor(dir: &std::path::Path, tutor: &str, settings: Settings) -> Result<ExitCode> {
    let mut app = App::new(Vec::new(), Timestamp::now(), TimeZone::system());
    let auto_sync = settings.coach.auto_sync;
    let key = crate::store::signing::default_key(settings.coach.signing_key.as_deref());
    app.configure(settings);
    app.session.tutor = Some(Tutor {
        name: tutor.to_string(),
        filter: false,
        read_only: None,
    });
    let mut io = Io::new(Workspace::tutor(dir.to_path_buf(), tutor.to_string()));
    io.signing_key = key;
    let cohort = io.perform(Effect::ShowCohort, &app.session);
    let mut effects = apply(&mut app, cohort);
    // One candidate on one certification: straight to it.
    if app.session.cohort.len() == 1 {
        let candidate = io.perform(Effect::OpenCandidate(0), &app.session);
        effects.extend(apply(&mut app, candidate));
    }
    effects.extend(apply(
        &mut app,
        io.sync_known(auto_sync).into_iter().collect(),
    ));
    run_app(app, io, effects)
}

/// Gives the outside world's answers to the app; the effects they lead to.
/// The clock, before each update: now, and today in the candidate's time
/// zone (a session left open past midnight counts its words on the new day).
fn tick(app: &mut App) {
    app.now = Timestamp::now();
    app.today = app.now.to_zoned(app.tz.clone()).date();
}

fn apply(app: &mut App, msgs: Vec<Msg>) -> Vec<Effect> {
    msgs.into_iter().flat_map(|msg| app.update(msg)).collect()
}

/// Runs the interface to its end. A last save that failed is no crash:
/// the recovery copies are named on stderr and the exit code says it.
fn run_app(mut app: App, mut io: Io, effects: Vec<Effect>) -> Result<ExitCode> {
    let signals = Signals::register().wrap_err("signaux impossibles à surveiller")?;
    restore_on_panic();
    let mut terminal = init_terminal().wrap_err(
        "l’interface a besoin d’un vrai terminal ; sans terminal, les commandes \
             (livret status, export, search… : livret --help) font le même travail",
    )?;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &mut io, &signals, effects)
    }));
    let exit = match outcome {
        Ok(exit) => exit,
        Err(_) => return Err(recover_after_panic(&app.session, io.data())),
    };
    match exit {
        // The terminal is gone: not a byte more to it, not even the buffer.
        Ok(Exit::HangUp) => std::mem::forget(terminal),
        _ => ratatui::restore(),
    }
    // Whatever happened, write what the candidate did, open editor included.
    tick(&mut app);
    for effect in app.update(Action::SaveDraft) {
        io.perform(effect, &app.session);
    }
    let saved = io.finish(&app.session);
    // Where the recovery copies went, whatever ended the loop.
    if let Err(message) = &saved {
        eprintln!("{message}");
    }
    // The sync at quit (`auto_sync`), once everything is written; not when
    // the terminal is gone (the connection dropped: no one to wait for it).
    let auto = app.session.sync.as_ref().is_some_and(|s| s.auto);
    if auto
        && saved.is_ok()
        && !matches!(exit, Ok(Exit::HangUp))
        && let Some(line) = io.sync_at_quit(&app.session)
    {
        eprintln!("{line}");
    }
    exit?;
    Ok(if saved.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Terminal events, read on a thread of their own: when the terminal goes
/// away, crossterm can spin inside `poll` forever (crossterm issue #793), and
/// the loop must still see the hang-up signal and save.
struct Input {
    events: Receiver<io::Result<Event>>,
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl Input {
    fn spawn() -> Input {
        let (sender, events) = mpsc::channel();
        let paused = Arc::new(AtomicBool::new(false));
        let idle = Arc::new(AtomicBool::new(false));
        let (thread_paused, thread_idle) = (Arc::clone(&paused), Arc::clone(&idle));
        std::thread::spawn(move || {
            loop {
                if thread_paused.load(Ordering::Acquire) {
                    thread_idle.store(true, Ordering::Release);
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                thread_idle.store(false, Ordering::Release);
                let event = match event::poll(Duration::from_millis(50)) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(error) => Err(error),
                };
                let failed = event.is_err();
                if sender.send(event).is_err() || failed {
                    return;
                }
            }
        });
        Input {
            events,
            paused,
            idle,
        }
    }

    /// Stops reading (an external editor owns the terminal); returns once
    /// the thread is out of `poll`, so no keystroke meant for the editor is taken.
    fn pause(&self) {
        self.paused.store(true, Ordering::Release);
        let deadline = Instant::now() + Duration::from_millis(500);
        while !self.idle.load(Ordering::Acquire) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::Release);
    }
}

/// The parent process, to notice when it is gone (an SSH session that died
/// without a hang-up signal reaching us).
#[cfg(unix)]
fn parent_pid() -> u32 {
    std::os::unix::process::parent_id()
}

/// Why the event loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Quit,
    /// SIGHUP or a terminal that stopped answering (SSH dropped).
    HangUp,
    /// SIGTERM or SIGINT.
    Terminated,
}

/// Flags raised by signal handlers, read by the loop between events.
struct Signals {
    hangup: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
}

impl Signals {
    fn register() -> io::Result<Self> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let signals = Signals {
            hangup: Arc::new(AtomicBool::new(false)),
            terminate: Arc::new(AtomicBool::new(false)),
        };
        signal_hook::flag::register(SIGHUP, Arc::clone(&signals.hangup))?;
        signal_hook::flag::register(SIGTERM, Arc::clone(&signals.terminate))?;
        signal_hook::flag::register(SIGINT, Arc::clone(&signals.terminate))?;
        Ok(signals)
    }

    fn pending(&self) -> Option<Exit> {
        if self.hangup.load(Ordering::Relaxed) {
            Some(Exit::HangUp)
        } else if self.terminate.load(Ordering::Relaxed) {
            Some(Exit::Terminated)
        } else {
            None
        }
    }
}

/// The editor's text is kept as a draft after this long without a key.
const DRAFT_IDLE: Duration = Duration::from_secs(3);

/// The longest the loop sleeps, so signals are noticed quickly.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// While the export is read, its progress is drawn this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// More events than this in a second with no key among them means the
/// terminal is gone and reads return garbage (crossterm issue #793).
const SPIN_LIMIT: u32 = 10_000;

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    io: &mut Io,
    signals: &Signals,
    mut effects: Vec<Effect>,
) -> Result<Exit> {
    let mut last_key = Instant::now();
    let mut drafted = true;
    let mut spin = (Instant::now(), 0u32);
    let input = Input::spawn();
    let parent = parent_pid();
    let mut progress_drawn = Instant::now();
    // Frames are drawn only when something may have changed: an idle
    // session sends nothing down a slow link.
    let mut redraw = true;
    // An event read ahead while deciding whether to draw: keys that are
    // already waiting (typed ahead over a slow link) are applied first and
    // drawn in one frame.
    let mut ahead = None;
    loop {
        for effect in std::mem::take(&mut effects) {
            let msgs = match effect {
                Effect::Quit => return Ok(Exit::Quit),
                Effect::ExternalEditor(text) => {
                    input.pause();
                    let edited = external_edit(terminal, &text);
                    input.resume();
                    vec![Msg::Action(Action::ExternalEditDone(edited?))]
                }
                effect => io.perform(effect, &app.session),
            };
            tick(app);
            effects.extend(apply(app, msgs));
        }
        if !effects.is_empty() {
            redraw = true;
            continue;
        }
        if let Some(exit) = signals.pending() {
            return Ok(exit);
        }
        if parent_pid() != parent {
            return Ok(Exit::HangUp);
        }
        if !drafted && last_key.elapsed() >= DRAFT_IDLE {
            drafted = true;
            tick(app);
            effects = app.update(Action::SaveDraft);
            continue;
        }
        if app.screens.main.detail_held() && last_key.elapsed() >= HOLD {
            tick(app);
            effects = app.update(Action::Settle);
            redraw = true;
            continue;
        }
        let msgs = io.poll(&app.session, app.doc().is_some());
        if !msgs.is_empty() {
            redraw = true;
            tick(app);
            effects = apply(app, msgs);
            if !effects.is_empty() {
                continue;
            }
        }
        if app.import_reading() && progress_drawn.elapsed() >= PROGRESS_EVERY {
            redraw = true;
        }
        // Asked of the terminal itself (no `tput` fallback): failing means it is gone.
        let Ok(size) = ratatui::crossterm::terminal::window_size() else {
            return Ok(Exit::HangUp);
        };
        redraw |= app.viewport != (size.columns, size.rows);
        // Also after a reload, which may have changed the tree's rows.
        app.update(Msg::Resized((size.columns, size.rows)));
        if ahead.is_none() {
            ahead = input.events.try_recv().ok();
        }
        let drawn = redraw && ahead.is_none();
        if drawn {
            if draw(terminal, app).is_err() {
                return Ok(Exit::HangUp);
            }
            redraw = false;
            progress_drawn = Instant::now();
        }
        effects = app.update(if drawn {
            Msg::FrameDrawn
        } else {
            Msg::DrawSkipped
        });
        if !effects.is_empty() {
            continue;
        }
        let mut wait = io.timeout().min(SIGNAL_CHECK);
        if !drafted {
            wait = wait.min(DRAFT_IDLE.saturating_sub(last_key.elapsed()));
        }
        if app.screens.main.detail_held() {
            wait = wait.min(HOLD.saturating_sub(last_key.elapsed()));
        }
        if app.import_reading() {
            wait = wait.min(PROGRESS_EVERY.saturating_sub(progress_drawn.elapsed()));
        }
        let next = match ahead.take() {
            Some(event) => Ok(event),
            None => input.events.recv_timeout(wait),
        };
        let event = match next {
            Ok(Ok(event)) => event,
            Err(RecvTimeoutError::Timeout) => continue,
            // The terminal cannot be read any more.
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => return Ok(Exit::HangUp),
        };
        tick(app);
        redraw = true;
        effects = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                last_key = Instant::now();
                drafted = false;
                spin.1 = 0;
                app.update(Msg::Key(key))
            }
            _ => {
                if spin.0.elapsed() > Duration::from_secs(1) {
                    spin = (Instant::now(), 0);
                }
                spin.1 += 1;
                if spin.1 > SPIN_LIMIT {
                    return Ok(Exit::HangUp);
                }
                Vec::new()
            }
        };
    }
}

/// Suspends the interface, edits `text` in `$VISUAL` / `$EDITOR` (else `vi`),
/// and comes back. `None` when the editor failed.
fn external_edit(terminal: &mut Term, text: &str) -> Result<Option<String>> {
    let dir = tempfile::tempdir().wrap_err("dossier temporaire impossible à créer")?;
    let path = dir.path().join("note.md");
    std::fs::write(&path, text).wrap_err("fichier temporaire impossible à écrire")?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = terminal::suspended(terminal, || {
        Command::new(program).args(words).arg(&path).status()
    })
    .wrap_err("impossible de reprendre la main sur le terminal")?;
    Ok(match status {
        Ok(status) if status.success() => std::fs::read_to_string(&path).ok(),
        _ => None,
    })
}
