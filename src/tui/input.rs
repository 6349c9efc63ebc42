//! The run loop's senses, each on a thread that blocks until something
//! happens and then wakes the loop (`wake`): the terminal's events, and the
//! signals (hang-up, termination, a resized window). Nothing here wakes on a
//! timer: an idle session costs no wake-up at all.

use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event;

use crate::tui::wake::{Wake, Waker};

/// Terminal events, read on a thread of their own: when the terminal goes
/// away, crossterm can spin inside `poll` forever (crossterm issue #793), and
/// the loop must still see the hang-up signal and save. The thread sleeps
/// in `poll(2)` on the terminal and on a pipe of ours (to pause it), with no
/// timeout.
pub struct Input {
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
    nudge: io::PipeWriter,
}

impl Input {
    pub fn spawn(waker: Waker) -> io::Result<Input> {
        let (nudged, nudge) = io::pipe()?;
        // A resized window nudges the reader too, so that crossterm's
        // `Resize` is taken at once. Left for later, it would come out of the
        // same read as the next key, and crossterm would answer the resize
        // and lose sight of the key (its tty is watched edge-triggered):
        // the key would wait for the one after.
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, nudge.try_clone()?)?;
        let terminal = Terminal::open()?;
        let paused = Arc::new(AtomicBool::new(false));
        let idle = Arc::new(AtomicBool::new(false));
        let reader = Reader {
            terminal,
            nudged,
            paused: Arc::clone(&paused),
            idle: Arc::clone(&idle),
            waker,
        };
        std::thread::spawn(move || reader.run());
        Ok(Input {
            paused,
            idle,
            nudge,
        })
    }

    /// Stops reading (an external editor owns the terminal); returns once
    /// the thread is out of reading, so no keystroke meant for the editor is taken.
    pub fn pause(&mut self) {
        self.paused.store(true, Ordering::Release);
        let _ = self.nudge.write_all(b"p");
        let deadline = Instant::now() + Duration::from_millis(500);
        while !self.idle.load(Ordering::Acquire) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    pub fn resume(&mut self) {
        self.paused.store(false, Ordering::Release);
        let _ = self.nudge.write_all(b"r");
    }
}

/// The terminal crossterm reads: standard input when it is one, else
/// `/dev/tty` (crossterm's own choice), kept open for `poll(2)`.
enum Terminal {
    Stdin,
    Tty(OwnedFd),
}

impl Terminal {
    fn open() -> io::Result<Terminal> {
        // SAFETY: isatty only reads the descriptor's state.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            return Ok(Terminal::Stdin);
        }
        Ok(Terminal::Tty(std::fs::File::open("/dev/tty")?.into()))
    }

    fn fd(&self) -> RawFd {
        match self {
            Terminal::Stdin => libc::STDIN_FILENO,
            Terminal::Tty(fd) => fd.as_raw_fd(),
        }
    }
}

struct Reader {
    terminal: Terminal,
    nudged: io::PipeReader,
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
    waker: Waker,
}

/// What `poll(2)` found.
struct Ready {
    terminal: bool,
    /// The terminal hung up or its descriptor is in error.
    gone: bool,
    nudged: bool,
}

impl Reader {
    fn run(mut self) {
        loop {
            let paused = self.paused.load(Ordering::Acquire);
            self.idle.store(paused, Ordering::Release);
            let ready = match self.wait(!paused) {
                Ok(ready) => ready,
                Err(error) => {
                    self.waker.send(Wake::Input(Err(error)));
                    return;
                }
            };
            if ready.nudged {
                let mut byte = [0u8; 16];
                let _ = self.nudged.read(&mut byte);
                // A resize for crossterm, taken now: its own handler may
                // still be writing, so it is given a moment.
                if !paused && !self.paused.load(Ordering::Acquire) && !self.drain(RESIZE_WAIT) {
                    return;
                }
                continue;
            }
            if paused {
                continue;
            }
            // A terminal hung up also reads as readable: gone comes first
            // (crossterm would spin on it, crossterm issue #793).
            if ready.gone {
                let gone = io::Error::new(io::ErrorKind::BrokenPipe, "le terminal a disparu");
                self.waker.send(Wake::Input(Err(gone)));
                return;
            }
            if ready.terminal && !self.read() {
                return;
            }
        }
    }

    /// Blocks until the terminal (when `terminal`) or the pipe has
    /// something; a signal in between is no error.
    fn wait(&self, terminal: bool) -> io::Result<Ready> {
        let mut fds = [
            libc::pollfd {
                fd: self.nudged.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.terminal.fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let count = if terminal { 2 } else { 1 };
        loop {
            // SAFETY: `fds` outlives the call and `count` is within it.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), count, -1) };
            if n >= 0 {
                break;
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
        let tty = fds[1].revents;
        Ok(Ready {
            nudged: fds[0].revents & libc::POLLIN != 0,
            terminal: terminal && tty & libc::POLLIN != 0,
            gone: terminal && tty & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0,
        })
    }

    /// Reads what the terminal sent, every event of it (crossterm may hold
    /// several from one read); false when the loop is gone or the terminal
    /// cannot be read. Never blocks for long inside crossterm, so that a
    /// pause is always heard.
    fn read(&self) -> bool {
        self.drain(READ_WAIT)
    }

    /// Forwards the events crossterm holds or gets within `first`, then
    /// those already there.
    fn drain(&self, first: Duration) -> bool {
        let mut wait = first;
        loop {
            let ready = event::poll(wait);
            wait = Duration::ZERO;
            match ready {
                Ok(true) => {
                    let event = event::read();
                    let failed = event.is_err();
                    if !self.waker.send(Wake::Input(event)) || failed {
                        return false;
                    }
                }
                Ok(false) => return true,
                Err(error) => {
                    self.waker.send(Wake::Input(Err(error)));
                    return false;
                }
            }
        }
    }
}

/// How long crossterm may take to answer when the terminal has something.
const READ_WAIT: Duration = Duration::from_millis(100);

/// How long crossterm's own resize handler may take after ours.
const RESIZE_WAIT: Duration = Duration::from_millis(5);

/// Flags raised by signal handlers, read by the loop when it wakes; a
/// thread waits for the same signals and wakes it.
pub struct Signals {
    hangup: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
}

/// Why the event loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// SIGHUP or a terminal that stopped answering (SSH dropped).
    HangUp,
    /// SIGTERM or SIGINT.
    Terminated,
}

impl Signals {
    pub fn register(waker: Waker) -> io::Result<Self> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let signals = Signals {
            hangup: Arc::new(AtomicBool::new(false)),
            terminate: Arc::new(AtomicBool::new(false)),
        };
        signal_hook::flag::register(SIGHUP, Arc::clone(&signals.hangup))?;
        signal_hook::flag::register(SIGTERM, Arc::clone(&signals.terminate))?;
        signal_hook::flag::register(SIGINT, Arc::clone(&signals.terminate))?;
        // A parent that dies (an SSH session gone without a hang-up) sends
        // a hang-up: the loop, asleep, hears it.
        // SAFETY: prctl with these arguments only sets this process's flag.
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, SIGHUP) };
        // (A resized window comes as crossterm's `Resize`, through `Input`.)
        let mut arrived = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
        std::thread::spawn(move || {
            for _ in arrived.forever() {
                if !waker.send(Wake::Signal) {
                    return;
                }
            }
        });
        Ok(signals)
    }

    pub fn pending(&self) -> Option<Exit> {
        if self.hangup.load(Ordering::Relaxed) {
            Some(Exit::HangUp)
        } else if self.terminate.load(Ordering::Relaxed) {
            Some(Exit::Terminated)
        } else {
            None
        }
    }
}
