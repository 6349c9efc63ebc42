//! The real binary in a real terminal (tmux): bytes written per navigation
//! key, and the process's resident memory, read from `/proc`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// What one run of the binary in tmux gave.
pub struct Figures {
    /// Bytes written to the terminal per `j`/`k`, averaged, keys sent at the
    /// pace of key repeat (a held key).
    pub bytes_per_key: f64,
    /// The same with a pause after each key (a person pressing it once).
    pub bytes_per_single_key: f64,
    pub keys: usize,
    /// Peak resident set (VmHWM) after the first frame, in KiB.
    pub rss_started_kib: u64,
    /// Peak resident set after a search (the index built too), in KiB.
    pub rss_peak_kib: u64,
}

/// A tmux server of our own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Result<Output, String> {
        let output = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .map_err(|e| format!("tmux: {e}"))?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(format!(
                "tmux {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }

    fn keys(&self, keys: &[&str]) -> Result<(), String> {
        let mut args = vec!["send-keys", "-t", "bench"];
        args.extend(keys);
        self.run(&args).map(drop)
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "bench"])
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    fn wait_for(&self, text: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return Ok(());
            }
            sleep(Duration::from_millis(50));
        }
        Err(format!(
            "« {text} » never appeared; screen:\n{}",
            self.screen()
        ))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Waits until `path` stops growing, and returns its size.
fn settled_size(path: &Path) -> u64 {
    let size = || fs::metadata(path).map_or(0, |m| m.len());
    let mut last = size();
    let mut stable_since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(10);
    while stable_since.elapsed() < Duration::from_millis(400) && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
        let now = size();
        if now != last {
            last = now;
            stable_since = Instant::now();
        }
    }
    last
}

fn vm_hwm_kib(pid: u32) -> Result<u64, String> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc status".to_string())
}

/// Runs `binary` in tmux at `width`×`height` on a copy of `data` (quitting
/// saves where the tree was). It opens on the certification named in
/// `data`'s state, whose title contains `title`. From the top of the tree,
/// `l` five times opens BC1 down to its first critère; then `j` and `k`
/// `keys / 2` times each, with the terminal output piped to a file, first at
/// the pace of key repeat, then with a pause after each key; then a search,
/// and `q`.
pub fn measure(
    binary: &Path,
    data: &Path,
    title: &str,
    keys: usize,
    (width, height): (u16, u16),
) -> Result<Figures, String> {
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let output = scratch.path().join("output");
    let copy = scratch.path().join("data");
    super::fixture::copy_dir(data, &copy).map_err(|e| format!("copy of the data dir: {e}"))?;
    let tmux = Tmux {
        socket: format!("livret-bench-{}-{width}x{height}", std::process::id()),
    };
    let command = format!(
        "exec {} --data-dir {}",
        shell_quote(&binary.display().to_string()),
        shell_quote(&copy.display().to_string())
    );
    tmux.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "bench",
        "-x",
        &width.to_string(),
        "-y",
        &height.to_string(),
        &command,
    ])?;
    tmux.wait_for(title)?;
    let pid: u32 = String::from_utf8_lossy(
        &tmux
            .run(&["display-message", "-p", "-t", "bench", "#{pane_pid}"])?
            .stdout,
    )
    .trim()
    .parse()
    .map_err(|e| format!("pane pid: {e}"))?;
    let rss_started_kib = vm_hwm_kib(pid)?;

    tmux.keys(&["g"])?;
    for _ in 0..5 {
        tmux.keys(&["l"])?;
    }
    sleep(Duration::from_millis(300));
    tmux.run(&[
        "pipe-pane",
        "-o",
        "-t",
        "bench",
        &format!("cat >> {}", shell_quote(&output.display().to_string())),
    ])?;
    sleep(Duration::from_millis(300));
    let half = keys / 2;
    let walk = |pause: Duration| -> Result<f64, String> {
        let before = settled_size(&output);
        for key in std::iter::repeat_n("j", half).chain(std::iter::repeat_n("k", half)) {
            tmux.keys(&[key])?;
            sleep(pause);
        }
        let after = settled_size(&output);
        Ok((after - before) as f64 / (2 * half) as f64)
    };
    // Key repeat sends a key every 30–40 ms.
    let bytes_per_key = walk(Duration::from_millis(33))?;
    let bytes_per_single_key = walk(Duration::from_millis(300))?;
    tmux.run(&["pipe-pane", "-t", "bench"])?;

    tmux.keys(&["/"])?;
    tmux.keys(&["-l", "strategie commerciale"])?;
    sleep(Duration::from_millis(500));
    let rss_peak_kib = vm_hwm_kib(pid)?;
    tmux.keys(&["Escape"])?;
    tmux.keys(&["q"])?;
    // Let it save and exit before the server goes.
    let deadline = Instant::now() + Duration::from_secs(10);
    while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
    Ok(Figures {
        bytes_per_key,
        bytes_per_single_key,
        keys: 2 * half,
        rss_started_kib,
        rss_peak_kib,
    })
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
