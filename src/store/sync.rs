//! `livret sync`: a data directory as a git repository that travels
//! between a candidate's laptop and the training centre. git carries the
//! files; livret decides what is in a commit (only the files of
//! [`crate::sync::travels`], regular files, never through a link) and how
//! the other side's changes come in: written by livret itself, atomically
//! and owner-only like every save, never by a git checkout, and a file both
//! sides changed is merged note by note (a portfolio) or kept in both
//! versions, never with conflict markers.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::DataDir;
use super::git::{Git, GitError};
use crate::sync::{self, Changes};

const BRANCH: &str = "refs/heads/main";
const THEIRS: &str = "refs/remotes/origin/main";

/// Who syncs: their name (the commits' author) and an address.
#[derive(Debug, Clone)]
pub struct Who {
    pub name: String,
    pub email: String,
}

impl Who {
    /// `name`, with this account's address on this machine.
    pub fn named(name: &str) -> Who {
        let account = super::account::current_name();
        let host = fs::read_to_string("/etc/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
            .unwrap_or_else(|| "localhost".to_string());
        let name = crate::text::terminal_safe(name.trim()).into_owned();
        Who {
            name: if name.is_empty() {
                account.clone()
            } else {
                name
            },
            email: format!("{account}@{host}"),
        }
    }
}

/// How a sync runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// No prompt of any kind: the interface is on the terminal.
    pub batch: bool,
    /// Files whose write lock this process already holds (the interface's
    /// own portfolio or review): written without taking their lock again.
    pub held: Vec<PathBuf>,
    /// The SSH key that signs this side's own reviews before they travel
    /// (see [`super::signing::default_key`]).
    pub signing_key: Option<PathBuf>,
    /// This side is the centre's (a tutor's clone of a candidate): the
    /// list of allowed signers is the cohort's, never one the candidate's
    /// side sends.
    pub centre: bool,
}

/// The remote this data directory syncs with, if it has one.
pub fn remote(data: &DataDir) -> Option<String> {
    let git = Git::of(data.root(), true);
    if !git.exists() {
        return None;
    }
    git.run(&["config", "--get", "remote.origin.url"])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Refuses a remote that carries a password (`https://moi:secret@…`): it
/// would be written in `.git/config`. A user name alone is fine (SSH).
fn check_remote(remote: &str) -> Result<(), String> {
    let remote = remote.trim();
    if remote.is_empty() || remote.starts_with('-') {
        return Err("adresse du serveur vide ou invalide".to_string());
    }
    if let Some((scheme, rest)) = remote.split_once("://") {
        let authority = rest.split('/').next().unwrap_or("");
        // Over HTTP, anything before `@` is a secret (a password, a token);
        // over SSH, a user name.
        let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
        if let Some((user, _)) = authority.rsplit_once('@')
            && (user.contains(':') || web)
        {
            return Err(
                "l’adresse contient un mot de passe, qui serait écrit en clair dans \
                 .git/config : utilisez une clé SSH (ssh://…) ou le gestionnaire \
                 d’identifiants de git"
                    .to_string(),
            );
        }
    }
    if remote.starts_with("ext::") {
        return Err("le transport ext:: (une commande à lancer) est refusé".to_string());
    }
    Ok(())
}

/// `livret sync init REMOTE`: makes the data directory a git repository
/// (owner-only), writes its `.gitignore`, sets the remote, then syncs once
/// (what is here is sent, what the remote has comes in).
pub fn init(data: &DataDir, remote: &str, who: &Who, options: &Options) -> Result<Report, String> {
    check_remote(remote)?;
    if !super::git::available() {
        return Err(GitError::Missing.to_string());
    }
    let root = data.root();
    super::atomic::create_dirs(root).map_err(|e| format!("{} : {e}", root.display()))?;
    let git = Git::of(root, options.batch);
    let dot_git = root.join(".git");
    if fs::symlink_metadata(&dot_git).is_ok_and(|m| !m.is_dir()) {
        return Err(format!(
            "{} n’est pas un dossier (un lien ?) : livret ne le suit pas",
            dot_git.display()
        ));
    }
    if !git.exists() {
        git.run(&["init", "--quiet", "--shared=0600"])
            .map_err(|e| e.to_string())?;
        git.run(&["symbolic-ref", "HEAD", BRANCH])
            .map_err(|e| e.to_string())?;
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&dot_git, fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("{} : {e}", dot_git.display()))?;
    }
    let ignore = root.join(".gitignore");
    if fs::symlink_metadata(&ignore).is_err() {
        super::atomic::write_atomic(&ignore, sync::GITIGNORE.as_bytes())
            .map_err(|e| format!("{} : {e}", ignore.display()))?;
    }
    let remote = remote.trim();
    let set = if git.run(&["remote", "get-url", "origin"]).is_ok() {
        git.run(&["remote", "set-url", "origin", remote])
    } else {
        git.run(&["remote", "add", "origin", remote])
    };
    set.map_err(|e| e.to_string())?;
    sync(data, who, options)
}

/// `livret sync`: commits what changed here (one commit, its message saying
/// what), fetches, brings in what the other side changed, pushes. An
/// unreachable remote changes nothing here: the commit waits for the next
/// sync. Errors are what stops a sync before it starts (no repository, no
/// git, a broken repository).
pub fn sync(data: &DataDir, who: &Who, options: &Options) -> Result<Report, String> {
    let git = Git::of(data.root(), options.batch).with_author(&who.name, &who.email);
    if !git.exists() {
        return Err(format!(
            "{} n’est pas encore synchronisé : livret sync init ADRESSE (ssh://serveur/chemin, \
             ou un chemin)",
            data.root().display()
        ));
    }
    // One sync at a time on a repository (the interface's and a command's
    // would share its index).
    let _one = match super::lock(
        &data.root().join(".git").join("livret-sync"),
        "synchronisation",
    ) {
        Ok(lock) => lock,
        Err(super::LockError::Held { .. }) => {
            return Ok(Report {
                outcome: Outcome::Busy(
                    "Une autre synchronisation de ce dossier est en cours".to_string(),
                ),
                sent: Changes::default(),
                received: Changes::default(),
                conflicts: 0,
                notes: Vec::new(),
            });
        }
        Err(super::LockError::Io(error)) => {
            return Err(format!("verrou de synchronisation : {error}"));
        }
    };
    let mut session = Session {
        data,
        who,
        git,
        catalog: super::load_catalog(data),
        options,
    };
    let report = session.run().map_err(|e| e.to_string());
    if let Ok(report) = &report {
        let last = LastSync {
            when: Timestamp::now(),
            outcome: report.outcome.clone(),
            line: report.line(),
        };
        if let Ok(text) = crate::ron_style::options().to_string(&last) {
            // Only a convenience for the status line: failing to keep it
            // does not fail the sync.
            let _ = super::atomic::write_atomic(&last_sync_path(data), text.as_bytes());
        }
    }
    report
}

struct Session<'a> {
    data: &'a DataDir,
    who: &'a Who,
    git: Git,
    catalog: super::Catalog,
    options: &'a Options,
}

/// One entry of a tree: its mode and object.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Blob {
    mode: String,
    sha: String,
    size: u64,
}

impl Session<'_> {
    fn run(&mut self) -> Result<Report, GitError> {
        let mut report = Report {
            outcome: Outcome::Done,
            sent: Changes::default(),
            received: Changes::default(),
            conflicts: 0,
            notes: Vec::new(),
        };
        if self.git.commit(BRANCH).is_none()
            && let Some(theirs) = self.fetch(&mut report)?
            && let Some(blocked) = self.adopt(&theirs, &mut report)?
        {
            report.outcome = Outcome::Busy(blocked.said());
            return Ok(report);
        }
        if report.outcome != Outcome::Done {
            return Ok(report);
        }
        self.sign_own(&mut report);
        self.commit_here(&mut report.sent, None)?;
        for _attempt in 0..3 {
            let theirs = self.fetch(&mut report)?;
            if report.outcome != Outcome::Done {
                return Ok(report);
            }
            let head = self.git.commit(BRANCH);
            if let (Some(theirs), Some(head)) = (&theirs, &head)
                && !self.git.is_ancestor(theirs, head)?
                && let Some(blocked) = self.bring_in(head, theirs, &mut report)?
            {
                if blocked == Blocked::Moved {
                    // Written here meanwhile (the interface saved): that
                    // goes into a commit, and the other side's is brought
                    // in again on top of it.
                    self.commit_here(&mut report.sent, None)?;
                    continue;
                }
                report.outcome = Outcome::Busy(blocked.said());
                return Ok(report);
            }
            let head = self.git.commit(BRANCH);
            if head.is_none() || head == theirs {
                return Ok(report);
            }
            if report.sent.is_empty() {
                // Commits of an earlier sync that could not reach the remote.
                report.sent = self.changes_between(theirs.as_deref(), BRANCH)?;
            }
            let (pushed, said, all) = self.push()?;
            if pushed {
                return Ok(report);
            }
            let rejected = ["rejected", "fetch first", "non-fast-forward"];
            if !rejected.iter().any(|r| all.contains(r)) {
                report.outcome = Outcome::Unreachable(said);
                return Ok(report);
            }
            // Someone pushed in between: fetch again and bring it in.
        }
        report.outcome = Outcome::Unreachable(
            "le serveur a changé trois fois pendant la synchronisation ; réessayez".to_string(),
        );
        Ok(report)
    }

    /// This side's own reviews (`reviews/<name>/`), signed where their
    /// signature is missing or older than the review, before they travel:
    /// elsewhere, an unsigned review is « non vérifié ».
    fn sign_own(&self, report: &mut Report) {
        let folder = self
            .data
            .root()
            .join("reviews")
            .join(super::tutor_file_name(&self.who.name));
        if !fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
            return;
        }
        let modified = |p: &Path| fs::symlink_metadata(p).and_then(|m| m.modified()).ok();
        let mut unsigned = 0;
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            let review = path.extension().is_some_and(|e| e == "ron")
                && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            if !review {
                continue;
            }
            let signature = super::signing::signature_path(&path);
            let fresh = modified(&signature) >= modified(&path) && modified(&signature).is_some();
            // What is in this folder, this side wrote: a review under its
            // name that came by a sync was taken only signed by it.
            if fresh {
                continue;
            }
            match &self.options.signing_key {
                Some(key) => {
                    if let Err(problem) = super::signing::sign(&path, key) {
                        report.notes.push(problem);
                    }
                }
                None => unsigned += 1,
            }
        }
        if unsigned > 0 {
            report.notes.push(format!(
                "{unsigned} relecture(s) envoyée(s) sans signature (aucune clé SSH : \
                 signing_key dans config.ron) : ailleurs, elles seront « non vérifié »"
            ));
        }
    }

    /// Pushes the branch. To a remote on this machine (a path), the
    /// receiving git runs here, as this account: its hooks, which whoever
    /// owns that repository may have put there, are switched off.
    fn push(&self) -> Result<(bool, String, String), GitError> {
        let refspec = format!("{BRANCH}:{BRANCH}");
        let url = self
            .git
            .run(&["config", "--get", "remote.origin.url"])
            .unwrap_or_default();
        let url = url.trim();
        let local = url.starts_with('/') || url.starts_with("file://") || url.starts_with('.');
        if local {
            let receive = "git -c core.hooksPath=/dev/null -c core.fsmonitor=false receive-pack";
            let option = format!("--receive-pack={receive}");
            self.git
                .attempt(&["push", "--quiet", &option, "origin", &refspec])
        } else {
            self.git.attempt(&["push", "--quiet", "origin", &refspec])
        }
    }

    /// Fetches the remote's branch: its commit, `None` when it has none yet
    /// or cannot be reached (then the outcome says so).
    fn fetch(&self, report: &mut Report) -> Result<Option<String>, GitError> {
        let (fetched, said, all) = self.git.attempt(&[
            "fetch",
            "--quiet",
            "--no-tags",
            "origin",
            &format!("+{BRANCH}:{THEIRS}"),
        ])?;
        if fetched {
            Ok(self.git.commit(THEIRS))
        } else if all.contains("couldn't find remote ref") {
            Ok(None)
        } else {
            report.outcome = Outcome::Unreachable(said);
            Ok(None)
        }
    }

    /// The files that travel, as they are here: regular files only, never
    /// through a link.
    fn files_here(&self) -> Vec<String> {
        let root = self.data.root();
        let mut files = Vec::new();
        let regular = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
        for name in [".gitignore", sync::ALLOWED_SIGNERS] {
            if regular(&root.join(name)) {
                files.push(name.to_string());
            }
        }
        let is_dir = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        let list = |dir: &Path| -> Vec<String> {
            if !is_dir(dir) {
                return Vec::new();
            }
            let mut names: Vec<String> = fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        for top in ["portfolios", "referentiels"] {
            for name in list(&root.join(top)) {
                let rel = format!("{top}/{name}");
                if sync::travels(&rel) && regular(&root.join(&rel)) {
                    files.push(rel);
                }
            }
        }
        for folder in list(&root.join("reviews")) {
            for name in list(&root.join("reviews").join(&folder)) {
                let rel = format!("reviews/{folder}/{name}");
                if sync::travels(&rel) && regular(&root.join(&rel)) {
                    files.push(rel);
                }
            }
        }
        files
    }

    /// The index made of exactly the files that travel; its tree.
    fn stage(&self) -> Result<String, GitError> {
        self.git.run(&["read-tree", "--empty"])?;
        let mut list = Vec::new();
        for file in self.files_here() {
            list.extend_from_slice(file.as_bytes());
            list.push(0);
        }
        self.git
            .run_with(&["update-index", "--add", "-z", "--stdin"], &list)?;
        Ok(self.git.run(&["write-tree"])?.trim().to_string())
    }

    /// Commits what changed here since the last commit, if anything, with
    /// its description; `parents` beyond HEAD for a merge. Adds to `sent`.
    fn commit_here(
        &self,
        sent: &mut Changes,
        merged: Option<(&str, &str)>,
    ) -> Result<(), GitError> {
        let tree = self.stage()?;
        let head = self.git.commit(BRANCH);
        let head_tree = match &head {
            Some(head) => Some(self.git.run(&["rev-parse", &format!("{head}^{{tree}}")])?),
            None => None,
        };
        let unchanged = head_tree.as_deref().map(str::trim) == Some(tree.as_str());
        if unchanged && merged.is_none() {
            return Ok(());
        }
        let mut message = String::new();
        match merged {
            Some((_, said)) => message.push_str(said),
            None => {
                let changes = self.changes_between(head.as_deref(), &tree)?;
                if changes.is_empty() {
                    // The place in the tree, the comments seen…
                    message.push_str("lecture, sans changement du dossier");
                } else {
                    message.push_str(&changes.describe());
                }
                sent.add(changes);
            }
        }
        message.push('\n');
        let mut args = vec!["commit-tree".to_string(), tree, "-F".into(), "-".into()];
        for parent in head.iter().map(String::as_str).chain(merged.map(|m| m.0)) {
            args.push("-p".into());
            args.push(parent.to_string());
        }
        let commit = self.git.run_with(&args, message.as_bytes())?;
        let mut update = vec!["update-ref", BRANCH, commit.trim()];
        if let Some(head) = &head {
            update.push(head);
        }
        self.git.run(&update)?;
        Ok(())
    }

    /// path → blob of a commit or tree.
    fn tree(&self, rev: &str) -> Result<BTreeMap<String, Blob>, GitError> {
        let listing = self
            .git
            .run(&["ls-tree", "-r", "-z", "-l", "--full-tree", rev])?;
        Ok(listing
            .split('\0')
            .filter_map(|entry| {
                let (meta, path) = entry.split_once('\t')?;
                let mut meta = meta.split_whitespace();
                let mode = meta.next()?.to_string();
                let _kind = meta.next()?;
                let sha = meta.next()?.to_string();
                let size = meta.next()?.parse().unwrap_or(u64::MAX);
                Some((path.to_string(), Blob { mode, sha, size }))
            })
            .collect())
    }

    fn changes_between(&self, from: Option<&str>, to: &str) -> Result<Changes, GitError> {
        let before = match from {
            Some(from) => self.tree(from)?,
            None => BTreeMap::new(),
        };
        let after = self.tree(to)?;
        let paths: std::collections::BTreeSet<&String> =
            before.keys().chain(after.keys()).collect();
        let mut changes = Changes::default();
        for path in paths {
            let (was, now) = (before.get(path), after.get(path));
            if was == now {
                continue;
            }
            let was = self.object(was)?;
            let now = self.object(now)?;
            changes.add(self.describe(path, was.as_deref(), now.as_deref()));
        }
        Ok(changes)
    }

    fn object(&self, blob: Option<&Blob>) -> Result<Option<Vec<u8>>, GitError> {
        match blob {
            Some(blob) => self.git.object(&blob.sha).map(Some),
            None => Ok(None),
        }
    }
}

/// Puts the cohort's list of allowed signers (`<cohort>/allowed_signers`,
/// the centre's) in `clone`, where it travels to the candidate; nothing
/// when the cohort has none or the clone's is the same.
pub fn share_signers(cohort: &Path, clone: &DataDir) -> Result<(), String> {
    let signers = cohort.join(sync::ALLOWED_SIGNERS);
    if !fs::symlink_metadata(&signers).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    let text = super::safe::read(&signers).map_err(|e| format!("{} : {e}", signers.display()))?;
    let target = clone.root().join(sync::ALLOWED_SIGNERS);
    if super::safe::read(&target).ok().as_deref() == Some(&text[..]) {
        return Ok(());
    }
    super::write_atomic(&target, &text).map_err(|e| format!("{} : {e}", target.display()))
}

mod cohort;
mod integrate;
mod report;

use report::last_sync_path;
pub use report::{LastSync, Outcome, Report, last_sync};

use integrate::Blocked;

pub use cohort::{bare_repos, clone_cohort, clones_dir, is_bare_repo};
