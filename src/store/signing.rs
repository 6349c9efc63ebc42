//! Who wrote a review, across machines. Once data directories travel by git
//! (`livret sync`), the account that owns a file says nothing of who wrote
//! it: each tutor's review file is signed with the tutor's SSH key
//! (`ssh-keygen -Y sign`, as git signs commits), the signature beside it
//! (`<review>.ron.sig`), and checked against the centre's list of allowed
//! signers (`allowed_signers`, the format of `ssh-keygen -Y verify`), where
//! each tutor's principal is [`principal`] of their name.
//!
//! `ssh-keygen` never prompts: its input is a file or nothing, a passphrase
//! is never asked (an agent holds the key or signing fails with what to
//! do), and it is stopped after [`TIMEOUT`].

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::DataDir;

/// The namespace of livret's signatures: a signature made for something
/// else (a git commit, a file) never passes for a review's.
pub const NAMESPACE: &str = "livret-review";

/// How long `ssh-keygen` may take before it is stopped.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The program run, and whether it may use an SSH agent (tests check a
/// key without one, and a missing program).
struct Keygen {
    program: &'static str,
    agent: bool,
}

const SSH_KEYGEN: Keygen = Keygen {
    program: "ssh-keygen",
    agent: true,
};

/// The signature of `file`: `reviews/marie/rncp1.ron.sig` for
/// `reviews/marie/rncp1.ron`.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut path = file.as_os_str().to_owned();
    path.push(".sig");
    PathBuf::from(path)
}

/// The principal of `tutor` in `allowed_signers`: their review folder's
/// name, one to one and ASCII (a principal holds no space).
pub fn principal(tutor: &str) -> String {
    super::tutor_file_name(tutor)
}

/// Whether a review file is signed by whom it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Verified,
    /// No signature beside the file.
    Unsigned,
    /// The signature does not verify, or could not be checked: why, in French.
    Invalid(String),
    /// No list of allowed signers to check against.
    NoSigners,
}

impl Verification {
    pub fn is_verified(&self) -> bool {
        matches!(self, Verification::Verified)
    }

    /// A short label to put next to a tutor's name.
    pub fn label(&self) -> &'static str {
        match self {
            Verification::Verified => "vérifié",
            _ => crate::review::UNVERIFIED,
        }
    }

    /// Why a review is not verified, in French; none when it is.
    pub fn reason(&self) -> Option<String> {
        match self {
            Verification::Verified => None,
            Verification::Unsigned => Some("avis non signé".to_string()),
            Verification::Invalid(why) => Some(why.clone()),
            Verification::NoSigners => Some(
                "aucune liste des tuteurs autorisés (allowed_signers) pour vérifier les \
                 signatures"
                    .to_string(),
            ),
        }
    }
}

/// Whether `data` is synced by git: it has a `.git`.
pub fn is_synced(data: &DataDir) -> bool {
    fs::symlink_metadata(data.root().join(".git")).is_ok()
}

/// The list of allowed signers for `data`: the one beside it when it is
/// one of a cohort folder's clones (the centre's own file wins over
/// whatever a clone holds), else its own, else none.
pub fn signers_for(data: &DataDir) -> Option<PathBuf> {
    let root = fs::canonicalize(data.root())
        .or_else(|_| std::path::absolute(data.root()))
        .unwrap_or_else(|_| data.root().to_path_buf());
    let cohort = root.parent().map(|p| p.join("allowed_signers"));
    // Found even when it is a link: it is refused then, not passed over
    // for the clone's own.
    let exists = |p: &PathBuf| fs::symlink_metadata(p).is_ok();
    cohort
        .filter(exists)
        .or_else(|| Some(root.join("allowed_signers")).filter(exists))
}

/// Signs `file` with the SSH key `key` (a private key, or a public one
/// whose private half an agent holds): writes `file.sig`, a stale one
/// removed first. Never asks a passphrase. Errors in French, naming the file.
pub fn sign(file: &Path, key: &Path) -> Result<(), String> {
    sign_with(&SSH_KEYGEN, file, key)
}

fn sign_with(keygen: &Keygen, file: &Path, key: &Path) -> Result<(), String> {
    let shown = file.display();
    let metadata = fs::symlink_metadata(file)
        .map_err(|e| format!("{shown} : impossible à signer : {e} ; rien n’a été signé"))?;
    if !metadata.is_file() {
        return Err(format!(
            "{shown} : lien symbolique ou fichier spécial : rien n’a été signé"
        ));
    }
    if !key.is_file() {
        return Err(format!(
            "{shown} : la clé SSH {} n’existe pas : donnez la vôtre (signing_key dans \
             config.ron) ou créez-en une (ssh-keygen -t ed25519) ; rien n’a été signé",
            key.display()
        ));
    }
    let signature = signature_path(file);
    match fs::remove_file(&signature) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(format!(
                "{} : ancienne signature impossible à retirer : {e} ; rien n’a été signé",
                signature.display()
            ));
        }
    }
    let args = [
        OsStr::new("-Y"),
        OsStr::new("sign"),
        OsStr::new("-f"),
        key.as_os_str(),
        OsStr::new("-n"),
        OsStr::new(NAMESPACE),
        file.as_os_str(),
    ];
    let output = run(keygen, &args, Stdio::null())
        .map_err(|e| format!("{shown} : {e} ; rien n’a été signé"))?;
    if !output.status.success() {
        let _ = fs::remove_file(&signature);
        let said = said(&output);
        return Err(if said.contains("passphrase") {
            format!(
                "{shown} : la clé {} est protégée par une phrase secrète et aucun agent SSH ne \
                 la tient : lancez ssh-add {}, puis recommencez ; rien n’a été signé",
                key.display(),
                key.display()
            )
        } else {
            format!("{shown} : ssh-keygen n’a pas pu signer ({said}) ; rien n’a été signé")
        });
    }
    // The signature is as private as the file it signs.
    fs::set_permissions(
        &signature,
        fs::Permissions::from_mode(metadata.permissions().mode() & 0o777),
    )
    .map_err(|e| format!("{} : {e}", signature.display()))
}

/// Whether `file` is signed by `principal` as `allowed_signers` lists
/// them. Neither the file nor its signature is read through a link.
pub fn verify(file: &Path, allowed_signers: &Path, principal: &str) -> Verification {
    match super::safe::read(file) {
        Ok(bytes) => verify_bytes(&bytes, file, allowed_signers, principal),
        Err(e) => Verification::Invalid(format!("{} : illisible : {e}", file.display())),
    }
}

/// [`verify`] for `bytes`, as read from `file`: what is checked is what
/// was read, not what the file holds a moment later.
fn verify_bytes(
    bytes: &[u8],
    file: &Path,
    allowed_signers: &Path,
    principal: &str,
) -> Verification {
    verify_with(&SSH_KEYGEN, bytes, file, allowed_signers, principal)
}

/// Why `review`, read from `path` as `bytes`, is not proven to be its
/// tutor's, in French and naming the file; none: it is. `signers`: the
/// list of allowed signers of its data directory ([`signers_for`]).
pub(super) fn doubt(
    path: &Path,
    bytes: &[u8],
    signers: Option<&Path>,
    review: &crate::review::Review,
) -> Option<String> {
    let verification = match signers {
        Some(signers) => verify_bytes(bytes, path, signers, &principal(&review.tutor)),
        None => Verification::NoSigners,
    };
    match verification {
        Verification::Invalid(why) => Some(why),
        other => Some(format!("{} : {}", path.display(), other.reason()?)),
    }
}

fn verify_with(
    keygen: &Keygen,
    bytes: &[u8],
    file: &Path,
    allowed_signers: &Path,
    principal: &str,
) -> Verification {
    if fs::symlink_metadata(file).is_ok_and(|m| !m.is_file()) {
        return Verification::Invalid(format!(
            "{} : lien symbolique ou fichier spécial : jamais vérifié",
            file.display()
        ));
    }
    let signature = signature_path(file);
    let sig = match super::safe::read(&signature) {
        Ok(sig) => sig,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Verification::Unsigned,
        Err(e) => {
            return Verification::Invalid(format!(
                "{} : signature refusée : {e}",
                signature.display()
            ));
        }
    };
    let signers = match super::safe::read(allowed_signers) {
        Ok(signers) => signers,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Verification::NoSigners,
        Err(e) => {
            return Verification::Invalid(format!(
                "{} : liste des tuteurs autorisés illisible : {e}",
                allowed_signers.display()
            ));
        }
    };
    let seen = Verified {
        program: keygen.program,
        agent: keygen.agent,
        principal: principal.to_string(),
        bytes: bytes.to_vec(),
        sig,
        signers,
    };
    if seen.before(file) {
        return Verification::Verified;
    }
    let (sig, signers) = (&seen.sig, &seen.signers);
    // ssh-keygen reads copies in a private folder: nothing it opens can be
    // swapped for a link meanwhile.
    let checked = (|| -> io::Result<(tempfile::TempDir, fs::File)> {
        let dir = tempfile::tempdir()?;
        fs::write(dir.path().join("allowed_signers"), signers)?;
        fs::write(dir.path().join("review.sig"), sig)?;
        fs::write(dir.path().join("review"), bytes)?;
        let input = fs::File::open(dir.path().join("review"))?;
        Ok((dir, input))
    })();
    let (dir, input) = match checked {
        Ok(checked) => checked,
        Err(e) => return Verification::Invalid(format!("vérification impossible : {e}")),
    };
    let (signers_copy, sig_copy) = (
        dir.path().join("allowed_signers"),
        dir.path().join("review.sig"),
    );
    let args = [
        OsStr::new("-Y"),
        OsStr::new("verify"),
        OsStr::new("-f"),
        signers_copy.as_os_str(),
        OsStr::new("-I"),
        OsStr::new(principal),
        OsStr::new("-n"),
        OsStr::new(NAMESPACE),
        OsStr::new("-s"),
        sig_copy.as_os_str(),
    ];
    match run(keygen, &args, Stdio::from(input)) {
        Ok(output) if output.status.success() => {
            seen.remember(file);
            Verification::Verified
        }
        Ok(output) => Verification::Invalid(format!(
            "{} : signature refusée : le fichier n’est pas celui que « {principal} » a signé, ou \
             sa clé n’est pas dans {} ({})",
            file.display(),
            allowed_signers.display(),
            said(&output)
        )),
        Err(e) => Verification::Invalid(e),
    }
}

/// A review that verified in this process, with the very bytes that did:
/// the same review, signature and list of allowed signers verify again
/// (ssh-keygen's answer depends on nothing else), and anything that
/// differs by one byte is verified anew. A tutor's overview of a cohort
/// would otherwise run one ssh-keygen per review at each refresh.
#[derive(PartialEq)]
struct Verified {
    program: &'static str,
    agent: bool,
    principal: String,
    bytes: Vec<u8>,
    sig: Vec<u8>,
    signers: Vec<u8>,
}

/// The last review verified at each path.
static VERIFIED: Mutex<BTreeMap<PathBuf, Verified>> = Mutex::new(BTreeMap::new());

impl Verified {
    /// Whether these bytes verified already. Never for a list with keys
    /// valid for a time only: [`remember`](Self::remember) keeps none.
    fn before(&self, file: &Path) -> bool {
        VERIFIED
            .lock()
            .is_ok_and(|verified| verified.get(file) == Some(self))
    }

    fn remember(self, file: &Path) {
        // An answer that depends on the time is not kept: keys valid for a
        // time only, certificates (which carry their own validity).
        let lower = self.signers.to_ascii_lowercase();
        let timed = |word: &[u8]| lower.windows(word.len()).any(|w| w == word);
        if timed(b"valid-") || timed(b"cert-authority") {
            return;
        }
        if let Ok(mut verified) = VERIFIED.lock() {
            verified.insert(file.to_path_buf(), self);
        }
    }
}

/// What `ssh-keygen` said on its error output, on one line, safe to print.
fn said(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    crate::text::terminal_safe(&lines.join(" ; ")).into_owned()
}

#[cfg(test)]
thread_local! {
    /// How many times this thread ran ssh-keygen.
    static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs `program` with `args` and `stdin`, never letting it ask anything:
/// no terminal (own process group, no passphrase prompt: the askpass
/// program is forced and fails), stopped after [`TIMEOUT`].
fn run(keygen: &Keygen, args: &[&OsStr], stdin: Stdio) -> Result<Output, String> {
    use std::os::unix::process::CommandExt;
    #[cfg(test)]
    RUNS.with(|runs| runs.set(runs.get() + 1));
    let mut command = Command::new(keygen.program);
    if !keygen.agent {
        command.env_remove("SSH_AUTH_SOCK");
    }
    let mut child = command
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("SSH_ASKPASS_REQUIRE", "force")
        .env("SSH_ASKPASS", "false")
        .process_group(0)
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => "ssh-keygen est introuvable : installez openssh-client \
                                        (ou OpenSSH) pour signer et vérifier les avis"
                .to_string(),
            _ => format!("ssh-keygen ne démarre pas : {e}"),
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < TIMEOUT => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "ssh-keygen ne répond pas après {} s : arrêté",
                    TIMEOUT.as_secs()
                ));
            }
            Err(e) => return Err(format!("ssh-keygen : {e}")),
        }
    };
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_end(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_end(&mut stderr);
    }
    Ok(Output {
        status,
        stdout,
        stderr,
    })
}

/// The key that signs this tutor's reviews: the configured one, else git's
/// `user.signingkey` when it names a file, else the first of
/// `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa` that exists. `~` expanded.
pub fn default_key(configured: Option<&Path>) -> Option<PathBuf> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    choose_key(configured, git_signing_key().as_deref(), home.as_deref())
}

fn choose_key(
    configured: Option<&Path>,
    git: Option<&str>,
    home: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(key) = configured {
        return Some(expand(key, home));
    }
    if let Some(key) = git.map(|k| expand(Path::new(k), home))
        && key.is_file()
    {
        return Some(key);
    }
    let ssh = home?.join(".ssh");
    ["id_ed25519", "id_ecdsa", "id_rsa"]
        .into_iter()
        .map(|name| ssh.join(name))
        .find(|path| path.is_file())
}

/// `~` and `~/…` as under `home`.
fn expand(path: &Path, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// `git config --get user.signingkey`, if git is there and it is set.
fn git_signing_key() -> Option<String> {
    let output = Command::new("git")
        .args(["config", "--get", "user.signingkey"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let key = String::from_utf8(output.stdout).ok()?;
    let key = key.trim();
    (output.status.success() && !key.is_empty()).then(|| key.to_string())
}

#[cfg(test)]
mod tests;
