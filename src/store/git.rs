//! The `git` command, run on a data directory without surprises: the
//! repository is named explicitly (never found by walking up from the data
//! directory), no hook runs (`core.hooksPath=/dev/null`), no file-system
//! monitor, no `ext::` transport, and in the interface no prompt (SSH in
//! batch mode, no terminal prompt) that would draw over the screen.

use std::ffi::OsStr;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What went wrong running git.
#[derive(Debug)]
pub enum GitError {
    /// No `git` to run.
    Missing,
    /// git ran and failed: the command, and the end of what it said.
    Failed {
        command: String,
        said: String,
    },
    Io(io::Error),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::Missing => write!(
                f,
                "git est introuvable : installez-le (apt install git, dnf install git, \
                 brew install git) ; rien n’a été synchronisé, votre travail reste sur \
                 cette machine"
            ),
            GitError::Failed { command, said } => write!(f, "git {command} : {said}"),
            GitError::Io(error) => write!(f, "git : {error}"),
        }
    }
}

/// The git program: `LIVRET_GIT` if set (tests use it to take git away),
/// else `git` from the PATH.
fn program() -> std::ffi::OsString {
    std::env::var_os("LIVRET_GIT").unwrap_or_else(|| "git".into())
}

/// Whether git can be run at all.
pub fn available() -> bool {
    Command::new(program())
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// One repository: a data directory's (`<root>/.git`, work tree `<root>`),
/// or a bare one.
#[derive(Debug, Clone)]
pub struct Git {
    git_dir: PathBuf,
    work_tree: Option<PathBuf>,
    /// No prompt of any kind (the interface is on the terminal).
    batch: bool,
    /// Another index than the repository's (see [`Git::with_index`]).
    index: Option<PathBuf>,
    /// Who commits: name and e-mail.
    author: Option<(String, String)>,
}

impl Git {
    /// The repository of the data directory `root`.
    pub fn of(root: &Path, batch: bool) -> Git {
        Git {
            git_dir: root.join(".git"),
            work_tree: Some(root.to_path_buf()),
            batch,
            index: None,
            author: None,
        }
    }

    /// A bare repository (a centre's copy of a candidate's data directory).
    pub fn bare(dir: &Path, batch: bool) -> Git {
        Git {
            git_dir: dir.to_path_buf(),
            work_tree: None,
            batch,
            index: None,
            author: None,
        }
    }

    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// Commands below use `index` as their index file.
    pub fn with_index(mut self, index: PathBuf) -> Git {
        self.index = Some(index);
        self
    }

    /// Commands below commit as `name <email>`.
    pub fn with_author(mut self, name: &str, email: &str) -> Git {
        self.author = Some((name.to_string(), email.to_string()));
        self
    }

    /// Whether the repository is there: a directory, not a link (a `.git`
    /// that leads out of the data directory is not followed).
    pub fn exists(&self) -> bool {
        std::fs::symlink_metadata(&self.git_dir).is_ok_and(|m| m.is_dir())
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = Command::new(program());
        command.arg("--git-dir").arg(&self.git_dir);
        if let Some(tree) = &self.work_tree {
            command.arg("--work-tree").arg(tree);
        }
        for setting in [
            "core.hooksPath=/dev/null",
            "core.fsmonitor=false",
            "protocol.ext.allow=never",
            "core.quotePath=false",
        ] {
            command.arg("-c").arg(setting);
        }
        command.args(args);
        for name in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_CEILING_DIRECTORIES",
        ] {
            command.env_remove(name);
        }
        if let Some(index) = &self.index {
            command.env("GIT_INDEX_FILE", index);
        }
        if let Some((name, email)) = &self.author {
            command
                .env("GIT_AUTHOR_NAME", name)
                .env("GIT_AUTHOR_EMAIL", email)
                .env("GIT_COMMITTER_NAME", name)
                .env("GIT_COMMITTER_EMAIL", email);
        }
        if self.batch {
            command.env("GIT_TERMINAL_PROMPT", "0");
            if std::env::var_os("GIT_SSH_COMMAND").is_none() {
                command.env(
                    "GIT_SSH_COMMAND",
                    "ssh -o BatchMode=yes -o ConnectTimeout=15",
                );
            }
        }
        // git's own words, in English whatever the system's language:
        // some are read here (an empty remote, a rejected push).
        command.env("LC_ALL", "C").env("LANGUAGE", "");
        command.stdin(Stdio::null());
        command
    }

    fn output<S: AsRef<OsStr>>(
        &self,
        args: &[S],
        input: Option<&[u8]>,
    ) -> Result<Output, GitError> {
        let mut command = self.command(args);
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        if input.is_some() {
            command.stdin(Stdio::piped());
        }
        let mut child = command.spawn().map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => GitError::Missing,
            _ => GitError::Io(error),
        })?;
        if let Some(input) = input {
            // Written from a thread: git may fill its output pipe first.
            let mut stdin = child.stdin.take().expect("piped");
            let input = input.to_vec();
            let writer = std::thread::spawn(move || stdin.write_all(&input));
            let output = child.wait_with_output().map_err(GitError::Io)?;
            writer
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("écriture vers git")))
                .ok();
            return Ok(output);
        }
        child.wait_with_output().map_err(GitError::Io)
    }

    fn failed<S: AsRef<OsStr>>(args: &[S], output: &Output) -> GitError {
        let command = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        GitError::Failed {
            command,
            said: said(&output.stderr),
        }
    }

    /// Runs git; its output, or what it said when it failed.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<String, GitError> {
        let output = self.output(args, None)?;
        if !output.status.success() {
            return Err(Self::failed(args, &output));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// [`Git::run`] with `input` on git's standard input.
    pub fn run_with<S: AsRef<OsStr>>(&self, args: &[S], input: &[u8]) -> Result<String, GitError> {
        let output = self.output(args, Some(input))?;
        if !output.status.success() {
            return Err(Self::failed(args, &output));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Runs git where failing is an answer (a fetch that cannot reach the
    /// remote): whether it worked, the first thing it said on stderr (for
    /// people), and all of it (to look for a cause in).
    pub fn attempt<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<(bool, String, String), GitError> {
        let output = self.output(args, None)?;
        let all = String::from_utf8_lossy(&output.stderr).into_owned();
        Ok((output.status.success(), said(&output.stderr), all))
    }

    /// The commit `rev` names, if it names one.
    pub fn commit(&self, rev: &str) -> Option<String> {
        let rev = format!("{rev}^{{commit}}");
        self.run(&["rev-parse", "--verify", "--quiet", &rev])
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// The content of a blob (`<commit>:<path>`), `None` where there is none.
    pub fn blob(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let spec = format!("{rev}:{path}");
        let output = self.output(&["cat-file", "blob", &spec], None)?;
        Ok(output.status.success().then_some(output.stdout))
    }

    /// The content of the blob `sha`.
    pub fn object(&self, sha: &str) -> Result<Vec<u8>, GitError> {
        let output = self.output(&["cat-file", "blob", sha], None)?;
        if !output.status.success() {
            return Err(Self::failed(&["cat-file", "blob"], &output));
        }
        Ok(output.stdout)
    }

    /// Whether `ancestor` is an ancestor of (or the same as) `of`.
    pub fn is_ancestor(&self, ancestor: &str, of: &str) -> Result<bool, GitError> {
        let output = self.output(&["merge-base", "--is-ancestor", ancestor, of], None)?;
        match output.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(Self::failed(&["merge-base", "--is-ancestor"], &output)),
        }
    }
}

/// The first thing git (or SSH, below it) said on stderr, which names the
/// cause (« ssh: connect to host … Connection refused », « '…' does not
/// appear to be a git repository »), without its `fatal:` and without
/// control characters.
fn said(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("hint:"))
        .unwrap_or("");
    let first = first
        .strip_prefix("fatal: ")
        .or_else(|| first.strip_prefix("error: "))
        .unwrap_or(first);
    crate::text::terminal_safe(first).into_owned()
}
