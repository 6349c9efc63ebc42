//! The run loop: terminal in, events to actions, effects out (saving,
//! external editor, remembering the last certification).

use std::collections::HashMap;
use std::io;
use std::panic::AssertUnwindSafe;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::store::{
    DataDir, State, backup, list_backups, load_portfolio, portfolio_to_ron, restore,
    save_portfolio, save_state, write_atomic,
};
use crate::tui::action::Action;
use crate::tui::app::{App, Doc, Effect, HOLD};
use crate::tui::io::workspace::Workspace;
use crate::tui::screens::main::review::Tutor;
use crate::tui::settings::Settings;
use crate::tui::terminal::{self, Term, draw, init_terminal, restore_on_panic};

/// Changes are written this long after the last one, so typing bursts and
/// quick key presses cost one save.
const SAVE_DELAY: Duration = Duration::from_millis(500);

/// Runs the interface until the user quits; `open` is the certification to show first.
pub fn run(data: &DataDir, docs: Vec<Doc>, open: Option<usize>, settings: Settings) -> Result<()> {
    let mut app = App::new(docs, Timestamp::now(), TimeZone::system());
    settings.apply(&mut app);
    let effects = open.map(|index| app.open(index)).unwrap_or_default();
    run_app(app, Workspace::candidate(data), effects)
}

/// Tutor mode: the cohort under `dir` (or one candidate's data directory),
/// reviewed as `tutor`.
pub fn run_tutor(dir: &std::path::Path, tutor: &str, settings: Settings) -> Result<()> {
    let mut app = App::new(Vec::new(), Timestamp::now(), TimeZone::system());
    settings.apply(&mut app);
    app.session.tutor = Some(Tutor {
        name: tutor.to_string(),
        filter: false,
        read_only: None,
    });
    let mut workspace = Workspace::tutor(dir.to_path_buf(), tutor.to_string());
    workspace.show_cohort(&mut app);
    // One candidate on one certification: straight to it.
    let effects = if app.session.cohort.len() == 1 {
        workspace.open_candidate(&mut app, 0)
    } else {
        Vec::new()
    };
    run_app(app, workspace, effects)
}

fn run_app(mut app: App, mut workspace: Workspace, effects: Vec<Effect>) -> Result<()> {
    let signals = Signals::register().wrap_err("signaux impossibles à surveiller")?;
    restore_on_panic();
    let mut terminal = init_terminal()
        .wrap_err("impossible de préparer le terminal (livret a besoin d’un vrai terminal)")?;
    let mut saver = Saver::default();
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        event_loop(
            &mut terminal,
            &mut app,
            &mut workspace,
            &mut saver,
            &signals,
            effects,
        )
    }));
    let exit = match outcome {
        Ok(exit) => exit,
        Err(_) => return Err(recover_after_panic(&app, &workspace.data)),
    };
    match exit {
        // The terminal is gone: not a byte more to it, not even the buffer.
        Ok(Exit::HangUp) => std::mem::forget(terminal),
        _ => ratatui::restore(),
    }
    // Whatever happened, write what the candidate did, open editor included.
    app.now = Timestamp::now();
    let effects = app.update(Action::SaveDraft);
    if effects.contains(&Effect::Changed) {
        saver.changed(app.session.current);
    }
    workspace.save_review(&mut app, true);
    let saved = saver.flush(&mut app, &workspace.data);
    exit.map(|_| ()).and(saved)
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

/// After a panic (the hook has restored the terminal): writes each open
/// portfolio beside the real one, never over it, and says how to restore it.
fn recover_after_panic(app: &App, data: &DataDir) -> color_eyre::eyre::Report {
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "livret s’est arrêté sur une erreur interne ; vos fichiers n’ont pas été écrasés."
            .to_string(),
    ];
    for doc in app.session.docs.iter().filter(|d| d.read_only.is_none()) {
        let Ok(portfolio) = &doc.portfolio else {
            continue;
        };
        let id = &doc.certification.id;
        let path = data
            .portfolios()
            .join(format!("{id}.recovered-{stamp}.ron"));
        match write_atomic(&path, portfolio_to_ron(portfolio).as_bytes()) {
            Ok(()) => lines.push(format!(
                "Votre travail en cours sur « {id} » est dans {} ; pour le reprendre : \
                 livret restore {id} {}",
                path.display(),
                path.display()
            )),
            Err(error) => lines.push(format!(
                "« {id} » : copie de secours impossible ({error}) ; le dernier enregistrement \
                 reste dans {}",
                data.portfolio(id).display()
            )),
        }
    }
    color_eyre::eyre::eyre!(lines.join("\n"))
}

/// Which portfolios have unsaved changes, and since when; which were backed
/// up this session.
#[derive(Default)]
struct Saver {
    dirty: Vec<usize>,
    last_change: Option<Instant>,
    backed_up: HashMap<usize, Instant>,
}

impl Saver {
    fn changed(&mut self, doc: usize) {
        if !self.dirty.contains(&doc) {
            self.dirty.push(doc);
        }
        self.last_change = Some(Instant::now());
    }

    /// How long the loop may wait for an event before a save is due.
    fn timeout(&self) -> Duration {
        match self.last_change {
            Some(at) => SAVE_DELAY.saturating_sub(at.elapsed()),
            None => Duration::from_secs(3600),
        }
    }

    fn due(&self) -> bool {
        self.last_change
            .is_some_and(|at| at.elapsed() >= SAVE_DELAY)
    }

    /// Saves every changed portfolio; a failure is shown and retried later.
    /// The file on disk is backed up before the first save of a session and
    /// then once an hour.
    fn save(&mut self, app: &mut App, data: &DataDir) -> io::Result<()> {
        self.last_change = None;
        let mut failure = Ok(());
        for index in std::mem::take(&mut self.dirty) {
            let Some(doc) = app.session.docs.get(index) else {
                continue;
            };
            let (Ok(portfolio), None) = (&doc.portfolio, &doc.read_only) else {
                continue;
            };
            let due = self
                .backed_up
                .get(&index)
                .is_none_or(|at| at.elapsed() >= BACKUP_EVERY);
            if due {
                match backup(data, &portfolio.referentiel, Timestamp::now()) {
                    Ok(_) => {
                        self.backed_up.insert(index, Instant::now());
                    }
                    Err(error) => {
                        app.say(format!("Sauvegarde de sécurité impossible : {error}"));
                    }
                }
            }
            let portfolio = match &app.session.docs[index].portfolio {
                Ok(portfolio) => portfolio,
                Err(_) => continue,
            };
            if let Err(error) = save_portfolio(data, portfolio) {
                app.say(format!(
                    "Échec de l’enregistrement de {} : {error} ; vos modifications restent \
                     en mémoire et seront réessayées",
                    data.portfolio(&portfolio.referentiel).display()
                ));
                self.changed(index);
                failure = Err(error);
            }
        }
        failure
    }

    /// Final save on exit, including where the candidate was in the tree.
    fn flush(&mut self, app: &mut App, data: &DataDir) -> Result<()> {
        if app.doc().is_some() {
            self.changed(app.session.current);
        }
        self.save(app, data)
            .wrap_err("les dernières modifications n’ont pas pu être enregistrées")
    }
}

/// The editor's text is kept as a draft after this long without a key.
const DRAFT_IDLE: Duration = Duration::from_secs(3);

/// The longest the loop sleeps, so signals are noticed quickly.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// While the export is read, its progress is drawn this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// A new backup of a portfolio at most this often while working.
const BACKUP_EVERY: Duration = Duration::from_secs(3600);

/// More events than this in a second with no key among them means the
/// terminal is gone and reads return garbage (crossterm issue #793).
const SPIN_LIMIT: u32 = 10_000;

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    workspace: &mut Workspace,
    saver: &mut Saver,
    signals: &Signals,
    mut effects: Vec<Effect>,
) -> Result<Exit> {
    let mut last_key = Instant::now();
    let mut drafted = true;
    let mut spin = (Instant::now(), 0u32);
    let input = Input::spawn();
    let parent = parent_pid();
    let indexes = mpsc::channel::<(u64, Option<crate::search::Index>)>();
    // Reads of France compétences' export (import screen), on threads.
    let jobs = mpsc::channel::<(u64, crate::tui::screens::import::Done)>();
    let home = crate::tui::io::home();
    let mut progress_drawn = Instant::now();
    // After the first frame of a certification, its search index is built on
    // another thread, so that the first `/` does not wait for it.
    let mut build_index = false;
    // Frames are drawn only when something may have changed: an idle
    // session sends nothing down a slow link.
    let mut redraw = true;
    // An event read ahead while deciding whether to draw: keys that are
    // already waiting (typed ahead over a slow link) are applied first and
    // drawn in one frame.
    let mut ahead = None;
    loop {
        for effect in std::mem::take(&mut effects) {
            match effect {
                Effect::Changed => saver.changed(app.session.current),
                Effect::Opened(id) => {
                    if workspace.tutor.is_none() {
                        let state = State {
                            last_referentiel: Some(id.clone()),
                        };
                        if let Err(error) = save_state(&workspace.data, &state) {
                            app.say(format!("État non enregistré : {error}"));
                        }
                    }
                    workspace.opened(app, &id);
                    build_index = true;
                }
                Effect::ReviewChanged => workspace.review_changed(),
                Effect::Export => export(app, &workspace.data),
                Effect::OpenCandidate(row) => effects.extend(workspace.open_candidate(app, row)),
                Effect::ShowCohort => workspace.show_cohort(app),
                Effect::ExternalEditor(text) => {
                    input.pause();
                    let edited = external_edit(terminal, &text);
                    input.resume();
                    let edited = edited?;
                    app.now = Timestamp::now();
                    effects.extend(app.update(Action::ExternalEditDone(edited)));
                }
                Effect::RestoreLatestBackup(doc) => {
                    effects.extend(restore_latest(app, &workspace.data, doc));
                }
                Effect::ListDir(dir) => {
                    let entries = crate::tui::io::list_dir(&dir, home.as_deref());
                    app.dir_listed(&dir, entries);
                }
                Effect::Import(job) => {
                    let sender = jobs.0.clone();
                    let data = workspace.data.clone();
                    let home = home.clone();
                    std::thread::spawn(move || {
                        // A failure is said too, so that the screen does not wait for ever.
                        let done = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            crate::tui::io::perform(&job, &data, home.as_deref())
                        }))
                        .unwrap_or_else(|_| crate::tui::io::failed(&job));
                        let _ = sender.send((job.token, done));
                    });
                }
                Effect::Quit => return Ok(Exit::Quit),
            }
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
            app.now = Timestamp::now();
            effects = app.update(Action::SaveDraft);
            continue;
        }
        if app.main.detail_held() && last_key.elapsed() >= HOLD {
            app.now = Timestamp::now();
            effects = app.update(Action::Settle);
            redraw = true;
            continue;
        }
        if saver.due() {
            // A failure is shown, and retried after the next change.
            redraw |= saver.save(app, &workspace.data).is_err();
        }
        workspace.save_review(app, false);
        redraw |= workspace.look(app);
        while let Ok((token, index)) = indexes.1.try_recv() {
            match index {
                Some(index) => app.install_index(token, index),
                None => app.session.index_failed(token),
            }
            // A search typed meanwhile has its results now.
            redraw = true;
        }
        let mut finished = false;
        while let Ok((token, done)) = jobs.1.try_recv() {
            app.now = Timestamp::now();
            effects.extend(app.job_done(token, done));
            finished = true;
        }
        if finished {
            redraw = true;
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
        app.set_viewport((size.columns, size.rows));
        if ahead.is_none() {
            ahead = input.events.try_recv().ok();
        }
        if redraw && ahead.is_none() {
            if draw(terminal, app).is_err() {
                return Ok(Exit::HangUp);
            }
            app.frame_drawn();
            redraw = false;
            progress_drawn = Instant::now();
        }
        if std::mem::take(&mut build_index)
            && let Some((token, certification, portfolio)) = app.index_source()
        {
            let sender = indexes.0.clone();
            std::thread::spawn(move || {
                // A failure is said too, so that a search does not wait for ever.
                let index = std::panic::catch_unwind(|| {
                    crate::search::Index::new(&certification, &portfolio)
                });
                let _ = sender.send((token, index.ok()));
            });
        }
        let mut wait = saver.timeout().min(SIGNAL_CHECK);
        if !drafted {
            wait = wait.min(DRAFT_IDLE.saturating_sub(last_key.elapsed()));
        }
        if app.main.detail_held() {
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
        app.now = Timestamp::now();
        redraw = true;
        effects = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                last_key = Instant::now();
                drafted = false;
                spin.1 = 0;
                app.handle_key(key)
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

/// Writes the open dossier to `<data>/exports/` and says where.
fn export(app: &mut App, data: &DataDir) {
    let Some((certification, portfolio)) = app.doc() else {
        return;
    };
    let context = crate::export::ExportContext {
        candidate: app.session.candidate.clone(),
        reviews: app.session.reviews.clone(),
        ..crate::export::ExportContext::now()
    };
    let files = crate::export::files(certification, portfolio, &Default::default(), &context);
    app.say(
        match files
            .iter()
            .map(|(name, contents)| crate::store::write_export(data, name, contents))
            .collect::<std::io::Result<Vec<_>>>()
        {
            Ok(paths) => {
                let name = |p: &std::path::Path| {
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                };
                format!(
                    "Exporté : {} et {} dans {}",
                    name(&paths[0]),
                    name(&paths[1]),
                    data.exports().display()
                )
            }
            Err(error) => format!("Export impossible : {error}"),
        },
    );
}

/// Puts the newest readable backup in place of an unreadable portfolio (the
/// unreadable file goes to the backups first) and reopens it.
fn restore_latest(app: &mut App, data: &DataDir, doc: usize) -> Vec<Effect> {
    let Some(id) = app
        .session
        .docs
        .get(doc)
        .map(|d| d.certification.id.clone())
    else {
        return Vec::new();
    };
    let backups = list_backups(data, &id).unwrap_or_default();
    let Some(latest) = backups.iter().find(|b| b.notes.is_ok()) else {
        app.say(format!(
            "Aucune sauvegarde lisible de « {id} » dans {} ; le fichier est resté tel quel.",
            data.backups(&id).display()
        ));
        return Vec::new();
    };
    match restore(data, &id, &latest.path, Timestamp::now()) {
        Ok(kept) => {
            let effects = app.reload(doc, load_portfolio(data, &id).map_err(|e| e.to_string()));
            let when = latest
                .taken
                .to_zoned(app.tz.clone())
                .strftime("%d/%m/%Y %H:%M");
            app.say(match kept {
                Some(_) => format!(
                    "Sauvegarde du {when} restaurée ; le fichier illisible est gardé \
                     (livret restore {id} --list)."
                ),
                None => format!("Sauvegarde du {when} restaurée."),
            });
            effects
        }
        Err(error) => {
            app.say(format!(
                "Restauration impossible : {error} ; rien n’a changé."
            ));
            Vec::new()
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    fn app() -> App {
        let certification = parse(EXAMPLE, None).unwrap();
        let portfolio = crate::portfolio::Portfolio::new(&certification.id);
        let mut app = App::new(
            vec![Doc::new(certification, Ok(portfolio))],
            Timestamp::UNIX_EPOCH,
            TimeZone::UTC,
        );
        app.open(0);
        app
    }

    fn changed(app: &mut App, saver: &mut Saver) {
        let portfolio = app.session.docs[0].portfolio.as_mut().unwrap();
        portfolio.cycle_status("A1.C1.CR1");
        saver.changed(0);
    }

    #[test]
    fn a_failed_save_is_shown_keeps_the_editor_and_is_retried() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the portfolios directory should be: every save fails.
        std::fs::write(dir.path().join("portfolios"), "").unwrap();
        let data = DataDir::new(dir.path());
        let mut app = app();
        for _ in 0..6 {
            app.update(Action::Expand);
        }
        assert_eq!(
            app.main.selected_critere(&app.session).as_deref(),
            Some("A1.C1.CR1")
        );
        app.update(Action::AddNote);
        for c in "Preuve".chars() {
            let key = ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Char(c),
            );
            app.update(Action::Type(key));
        }
        let mut saver = Saver::default();
        changed(&mut app, &mut saver);
        assert!(saver.save(&mut app, &data).is_err());
        let Some(super::super::app::Popup::Editor(editor)) = app.modals.top() else {
            panic!("the editor stays open");
        };
        assert_eq!(editor.text(), "Preuve", "the text typed is still there");
        let message = app.status.clone().unwrap().text;
        assert!(
            message.starts_with("Échec de l’enregistrement"),
            "{message}"
        );
        assert!(message.contains("réessayées"), "{message}");
        assert_eq!(saver.dirty, [0], "still to save");
        assert!(saver.last_change.is_some(), "retried after the delay");
    }

    #[test]
    fn read_only_portfolios_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut app = app();
        app.session.docs[0].read_only = Some("test".into());
        let mut saver = Saver::default();
        changed(&mut app, &mut saver);
        saver.flush(&mut app, &data).unwrap();
        assert!(!data.portfolios().exists());
    }

    #[test]
    fn the_file_on_disk_is_backed_up_once_per_session_before_saving() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut app = app();
        let id = app.session.docs[0].certification.id.clone();
        let mut saver = Saver::default();
        changed(&mut app, &mut saver);
        saver.save(&mut app, &data).unwrap();
        assert!(
            list_backups(&data, &id).unwrap().is_empty(),
            "nothing to back up yet"
        );
        let mut later = Saver::default();
        for _ in 0..3 {
            changed(&mut app, &mut later);
            later.save(&mut app, &data).unwrap();
        }
        assert_eq!(
            list_backups(&data, &id).unwrap().len(),
            1,
            "one per session"
        );
    }

    #[test]
    fn after_a_panic_the_work_goes_beside_the_portfolio_never_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut app = app();
        let id = app.session.docs[0].certification.id.clone();
        write_atomic(&data.portfolio(&id), b"original").unwrap();
        let mut saver = Saver::default();
        changed(&mut app, &mut saver);
        let message = recover_after_panic(&app, &data).to_string();
        assert_eq!(std::fs::read(data.portfolio(&id)).unwrap(), b"original");
        let recovered: Vec<_> = std::fs::read_dir(data.portfolios())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".recovered-"))
            .collect();
        assert_eq!(recovered.len(), 1);
        let text = std::fs::read_to_string(&recovered[0]).unwrap();
        assert!(text.contains("A1.C1.CR1"), "{text}");
        assert!(
            message.contains(&format!("livret restore {id} ")),
            "{message}"
        );
    }
}
