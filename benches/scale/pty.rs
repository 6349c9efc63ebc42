//! A program in a pseudo-terminal of our own at 80×24: its output parsed as
//! a terminal would (vt100), every chunk's arrival time kept, keys written
//! as a person types them, and what `/proc` says of the process.
//!
//! Only what is visible is used (screen text, output bytes, files, `/proc`),
//! never the program's internals, so the bench outlives changes to them.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{JoinHandle, sleep};
use std::time::{Duration, Instant};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// What the reader thread knows, behind one lock.
struct Seen {
    parser: vt100::Parser,
    /// Arrival time and size of every chunk read, in order.
    chunks: Vec<(Instant, usize)>,
    /// A text waited for, and when the chunk that showed it arrived: tested
    /// after every chunk, so a screen that shows it only briefly still counts.
    watch: Option<Vec<String>>,
    found: Option<Instant>,
    closed: bool,
}

pub struct Pty {
    child: Child,
    master: File,
    seen: Arc<(Mutex<Seen>, Condvar)>,
    reader: Option<JoinHandle<()>>,
    /// Just before the spawn.
    pub spawned: Instant,
    pub what: String,
}

fn check(result: libc::c_int, what: &str) -> Result<(), String> {
    if result < 0 {
        Err(format!("{what}: {}", std::io::Error::last_os_error()))
    } else {
        Ok(())
    }
}

impl Pty {
    /// Starts `command` with the pseudo-terminal as its controlling terminal
    /// and standard streams; `what` names it in errors.
    pub fn spawn(mut command: Command, what: &str) -> Result<Pty, String> {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: ROWS,
            ws_col: COLS,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: plain out-parameters; no name buffer, default termios.
        check(
            unsafe {
                libc::openpty(
                    &mut master,
                    &mut slave,
                    std::ptr::null_mut(),
                    std::ptr::null(),
                    &size,
                )
            },
            "openpty",
        )?;
        // SAFETY: openpty just gave us these two descriptors.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // SAFETY: fcntl on a descriptor we own. The child must not keep the
        // master open, or it would never see the terminal go away.
        check(
            unsafe { libc::fcntl(master.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) },
            "fcntl",
        )?;
        let dup = |fd: &OwnedFd| fd.try_clone().map_err(|e| format!("dup: {e}"));
        command
            .stdin(Stdio::from(dup(&slave)?))
            .stdout(Stdio::from(dup(&slave)?))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a
        // session of its own, whose controlling terminal is ours (stdin).
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let master = File::from(master);
        let seen = Arc::new((
            Mutex::new(Seen {
                parser: vt100::Parser::new(
                    ROWS.try_into().expect("rows"),
                    COLS.try_into().expect("columns"),
                    0,
                ),
                chunks: Vec::new(),
                watch: None,
                found: None,
                closed: false,
            }),
            Condvar::new(),
        ));
        let spawned = Instant::now();
        let child = command.spawn().map_err(|e| format!("{what}: {e}"))?;
        let mut input = master.try_clone().map_err(|e| format!("dup: {e}"))?;
        let shared = Arc::clone(&seen);
        let reader = std::thread::spawn(move || {
            let mut buffer = vec![0u8; 1 << 16];
            loop {
                // EIO once the last program holding the terminal is gone.
                let read = input.read(&mut buffer).unwrap_or(0);
                let now = Instant::now();
                let (lock, changed) = &*shared;
                let mut seen = lock.lock().unwrap();
                if read == 0 {
                    seen.closed = true;
                    changed.notify_all();
                    return;
                }
                seen.parser.process(&buffer[..read]);
                seen.chunks.push((now, read));
                if seen.found.is_none()
                    && let Some(texts) = &seen.watch
                    && shows(&seen.parser, texts)
                {
                    seen.found = Some(now);
                }
                changed.notify_all();
            }
        });
        Ok(Pty {
            child,
            master,
            seen,
            reader: Some(reader),
            spawned,
            what: what.to_string(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes `bytes` as typed keys; returns when they were written.
    pub fn send(&mut self, bytes: &[u8]) -> Result<Instant, String> {
        let at = Instant::now();
        self.master
            .write_all(bytes)
            .map_err(|e| format!("{}: keys not written: {e}", self.what))?;
        Ok(at)
    }

    pub fn screen(&self) -> String {
        self.seen.0.lock().unwrap().parser.screen().contents()
    }

    /// How many chunks have arrived so far.
    pub fn chunk_count(&self) -> usize {
        self.seen.0.lock().unwrap().chunks.len()
    }

    /// Every chunk's arrival time and size.
    pub fn chunks(&self) -> Vec<(Instant, usize)> {
        self.seen.0.lock().unwrap().chunks.clone()
    }

    /// Waits up to `limit` for all of `texts` on the screen at once;
    /// returns when the chunk that showed them arrived (the last one if they
    /// were there already), or `None` after `limit`. An error if the program
    /// ended first.
    pub fn try_wait_for(&self, texts: &[&str], limit: Duration) -> Result<Option<Instant>, String> {
        let deadline = Instant::now() + limit;
        let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        let text = texts.join(" » et « ");
        let (lock, changed) = &*self.seen;
        let mut seen = lock.lock().unwrap();
        if shows(&seen.parser, &texts) {
            let last = seen.chunks.last().map_or(self.spawned, |c| c.0);
            return Ok(Some(last));
        }
        seen.watch = Some(texts);
        seen.found = None;
        loop {
            if let Some(at) = seen.found {
                seen.watch = None;
                return Ok(Some(at));
            }
            if seen.closed {
                let screen = seen.parser.screen().contents();
                drop(seen);
                return Err(format!(
                    "{}: ended before « {text} » showed ({}); screen:\n{screen}",
                    self.what,
                    self.exit_status()
                ));
            }
            let now = Instant::now();
            if now >= deadline {
                seen.watch = None;
                return Ok(None);
            }
            seen = changed.wait_timeout(seen, deadline - now).unwrap().0;
        }
    }

    /// As [`try_wait_for`](Self::try_wait_for), but never seeing it is an error.
    pub fn wait_for(&self, texts: &[&str], limit: Duration) -> Result<Instant, String> {
        self.try_wait_for(texts, limit)?.ok_or_else(|| {
            format!(
                "{}: « {} » not on the screen after {limit:?}; screen:\n{}",
                self.what,
                texts.join(" » et « "),
                self.screen()
            )
        })
    }

    /// Waits until no output has arrived for `quiet` (at most `limit`).
    pub fn settle(&self, quiet: Duration, limit: Duration) {
        let deadline = Instant::now() + limit;
        let mut count = self.chunk_count();
        let mut since = Instant::now();
        while Instant::now() < deadline && since.elapsed() < quiet {
            sleep(Duration::from_millis(5));
            let now = self.chunk_count();
            if now != count {
                count = now;
                since = Instant::now();
            }
        }
    }

    fn exit_status(&self) -> String {
        // SAFETY: waitid with WNOWAIT only looks; the child is reaped later.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        let pid = self.child.id() as libc::id_t;
        if unsafe { libc::waitid(libc::P_PID, pid, &mut info, flags) } < 0 {
            return "état inconnu".to_string();
        }
        // SAFETY: filled in by waitid for an exited child.
        let (pid, status) = unsafe { (info.si_pid(), info.si_status()) };
        match (pid, info.si_code) {
            (0, _) => "toujours en vie".to_string(),
            (_, libc::CLD_EXITED) => format!("code de sortie {status}"),
            _ => format!("tué par le signal {status}"),
        }
    }

    /// Whether the program has ended (not reaped, so `/proc` still reads it).
    pub fn ended(&self) -> bool {
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        // SAFETY: as in exit_status.
        let ok = unsafe { libc::waitid(libc::P_PID, self.child.id(), &mut info, flags) } == 0;
        ok && unsafe { info.si_pid() } != 0
    }

    /// Waits up to `limit` for the program to end, calling `meanwhile`
    /// between looks (to read `/proc` while it can); returns when it was
    /// seen ended. Exiting with failure or by a signal is an error.
    pub fn wait_exit_with(
        &mut self,
        limit: Duration,
        mut meanwhile: impl FnMut(u32),
    ) -> Result<Instant, String> {
        let deadline = Instant::now() + limit;
        loop {
            if self.ended() {
                let at = Instant::now();
                // Ended but not reaped yet: `/proc` still has its last figures.
                meanwhile(self.child.id());
                let status = self.child.wait().map_err(|e| e.to_string())?;
                if !status.success() {
                    return Err(format!(
                        "{}: ended with {status}; screen:\n{}",
                        self.what,
                        self.screen()
                    ));
                }
                return Ok(at);
            }
            meanwhile(self.child.id());
            if Instant::now() >= deadline {
                return Err(format!(
                    "{}: still running {limit:?} after being asked to quit; screen:\n{}",
                    self.what,
                    self.screen()
                ));
            }
            sleep(Duration::from_micros(200));
        }
    }

    pub fn wait_exit(&mut self, limit: Duration) -> Result<Instant, String> {
        self.wait_exit_with(limit, |_| {})
    }

    /// Sends `q` and waits for a clean exit.
    pub fn quit(mut self) -> Result<(), String> {
        self.send(b"q")?;
        self.wait_exit(Duration::from_secs(30)).map(drop)
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(reader) = self.reader.take() {
            // The reader ends on EIO once the program is gone; a grandchild
            // holding the terminal would keep it, so it is not joined then.
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
    }
}

fn shows(parser: &vt100::Parser, texts: &[String]) -> bool {
    let screen = parser.screen().contents();
    texts.iter().all(|t| screen.contains(t.as_str()))
}

// ---------------------------------------------------------------- /proc

/// A `Key: value kB`-style field of `/proc/<pid>/<file>`.
pub fn proc_field(pid: u32, file: &str, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Context switches of all the process's threads: each is one wake-up.
pub fn context_switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        .map(|task| {
            let tid = task.file_name().to_string_lossy().into_owned();
            let file = format!("task/{tid}/status");
            proc_field(pid, &file, "voluntary_ctxt_switches").unwrap_or(0)
                + proc_field(pid, &file, "nonvoluntary_ctxt_switches").unwrap_or(0)
        })
        .sum()
}
