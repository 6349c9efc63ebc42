//! The run loop, and only it: terminal events and timers become messages,
//! `App::update` answers with effects, `Io` (or the terminal, for the
//! external editor) carries them out and answers with messages again.

use std::panic::AssertUnwindSafe;
use std::process::{Command, ExitCode};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{Event, KeyEventKind};

use crate::store::DataDir;
use crate::tui::action::Action;
use crate::tui::app::{App, Doc, Effect, HOLD};
use crate::tui::input::{Exit, Input, Signals};
use crate::tui::io::Io;
use crate::tui::io::saver::recover_after_panic;
use crate::tui::io::workspace::Workspace;
use crate::tui::msg::Msg;
use crate::tui::screens::main::review::Tutor;
use crate::tui::settings::Settings;
use crate::tui::terminal::{self, Term, draw, init_terminal, restore_on_panic};
use crate::tui::wake::{Wake, Waker};

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
    app.configure(settings);
    app.session.naming.offer(data.owner_name());
    app.session.unreadable = unreadable;
    let mut effects = open.map(|index| app.open(index)).unwrap_or_default();
    // A candidate signs nothing: no key looked for (git is not asked).
    let mut io = Io::new(Workspace::candidate(data));
    let wakes = wakes(&mut io);
    effects.extend(apply(
        &mut app,
        io.sync_known(auto_sync).into_iter().collect(),
    ));
    run_app(app, (io, wakes), effects)
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
    // Before the cohort is shown: its folders are watched once, waking the loop.
    let wakes = wakes(&mut io);
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
    run_app(app, (io, wakes), effects)
}

/// What wakes the loop, given to `io`'s threads and watches before any
/// effect is performed (a watch made before would be made again).
fn wakes(io: &mut Io) -> (Waker, Receiver<Wake>) {
    let (waker, wakes) = Waker::channel();
    io.set_waker(waker.clone());
    (waker, wakes)
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
fn run_app(
    mut app: App,
    (mut io, (waker, wakes)): (Io, (Waker, Receiver<Wake>)),
    effects: Vec<Effect>,
) -> Result<ExitCode> {
    let signals = Signals::register(waker.clone()).wrap_err("signaux impossibles à surveiller")?;
    restore_on_panic();
    let mut terminal = init_terminal().wrap_err(
        "l’interface a besoin d’un vrai terminal ; sans terminal, les commandes \
             (livret status, export, search… : livret --help) font le même travail",
    )?;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let senses = Senses {
            signals: &signals,
            wakes: &wakes,
            waker,
        };
        event_loop(&mut terminal, &mut app, &mut io, senses, effects)
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
    // What the session holds (at 10,000 notes, tens of megabytes in small
    // pieces) is not freed piece by piece on the way out: the process ends
    // and the system takes it back at once. `io` goes normally: its locks
    // are let go.
    std::mem::forget(app);
    exit?;
    Ok(if saved.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The parent process, to notice when it is gone (an SSH session that died
/// without a hang-up signal reaching us).
#[cfg(unix)]
fn parent_pid() -> u32 {
    std::os::unix::process::parent_id()
}

/// The editor's text is kept as a draft after this long without a key.
const DRAFT_IDLE: Duration = Duration::from_secs(3);

/// While the export is read, its progress is drawn this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// More events than this in a second with no key among them means the
/// terminal is gone and reads return garbage (crossterm issue #793).
const SPIN_LIMIT: u32 = 10_000;

/// What wakes the loop: the signals' flags, and the channel every thread
/// sends to (the terminal's reader is started by the loop with `waker`).
struct Senses<'a> {
    signals: &'a Signals,
    wakes: &'a Receiver<Wake>,
    waker: Waker,
}

/// The earlier of two deadlines, either possibly absent.
fn sooner(a: Option<Duration>, b: Duration) -> Option<Duration> {
    Some(a.map_or(b, |a| a.min(b)))
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    io: &mut Io,
    senses: Senses,
    mut effects: Vec<Effect>,
) -> Result<Exit> {
    let Senses {
        signals,
        wakes,
        waker,
    } = senses;
    let mut last_key = Instant::now();
    let mut drafted = true;
    let mut spin = (Instant::now(), 0u32);
    let mut input = Input::spawn(waker).wrap_err("le terminal ne se lit pas")?;
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
        let msgs = io.poll(&app.session, app.screens.shown);
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
        // Keys already waiting are read ahead; any other wake-up taken
        // here means one more pass before sleeping.
        let mut woken = false;
        while ahead.is_none() {
            match wakes.try_recv() {
                Ok(Wake::Input(event)) => ahead = Some(event),
                Ok(Wake::Signal | Wake::Io) => woken = true,
                Err(_) => break,
            }
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
        if !effects.is_empty() || (woken && ahead.is_none()) {
            continue;
        }
        // Asleep until something happens; a timer only when one is due.
        let mut wait = io.timeout();
        if !drafted {
            wait = sooner(wait, DRAFT_IDLE.saturating_sub(last_key.elapsed()));
        }
        if app.screens.main.detail_held() {
            wait = sooner(wait, HOLD.saturating_sub(last_key.elapsed()));
        }
        if app.import_reading() {
            wait = sooner(
                wait,
                PROGRESS_EVERY.saturating_sub(progress_drawn.elapsed()),
            );
        }
        let next = match (ahead.take(), wait) {
            (Some(event), _) => Ok(Wake::Input(event)),
            (None, Some(wait)) => wakes.recv_timeout(wait),
            (None, None) => wakes.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let event = match next {
            Ok(Wake::Input(Ok(event))) => event,
            Ok(Wake::Signal | Wake::Io) | Err(RecvTimeoutError::Timeout) => continue,
            // The terminal cannot be read any more.
            Ok(Wake::Input(Err(_))) | Err(RecvTimeoutError::Disconnected) => {
                return Ok(Exit::HangUp);
            }
        };
        tick(app);
        redraw = true;
        effects = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                last_key = Instant::now();
                drafted = false;
                spin.1 = 0;
                // Whether more was typed ahead (a word pasted, a slow
                // link): the search waits for the last key. Other wake-ups
                // taken here only ask for a pass, which comes anyway.
                while ahead.is_none() {
                    match wakes.try_recv() {
                        Ok(Wake::Input(event)) => ahead = Some(event),
                        Ok(Wake::Signal | Wake::Io) => {}
                        Err(_) => break,
                    }
                }
                app.session.keys_waiting = matches!(ahead, Some(Ok(Event::Key(_))));
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
