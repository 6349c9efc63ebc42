//! The README's centre, with real Unix accounts made and removed here (as
//! root; CI is root): a bare repository per candidate, owned by the
//! candidate and shared with their tutor through a group of their own.
//! The candidate syncs, the tutor reads the cohort of bare repositories
//! through clones and sends a review back, the candidate receives it; a
//! second candidate can read none of it.

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_livret");
const ID: &str = "rncp23675-responsable-commerce-international";

fn can_run() -> bool {
    let root = livret::store::account::current_uid() == 0;
    let tools = [
        "useradd", "groupadd", "userdel", "groupdel", "setpriv", "git",
    ]
    .iter()
    .all(|tool| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if root && tools {
        return true;
    }
    assert!(
        std::env::var_os("LIVRET_REQUIRE_ROOT").is_none(),
        "LIVRET_REQUIRE_ROOT is set but this is not root with useradd, groupadd, setpriv and git"
    );
    eprintln!("SKIPPED: the centre's accounts are made as root (useradd, groupadd, setpriv, git)");
    false
}

fn run_ok(program: &str, args: &[&str]) {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The accounts and groups of one test, removed when it ends.
struct Centre {
    base: tempfile::TempDir,
    users: Vec<String>,
    groups: Vec<String>,
    prefix: String,
}

impl Centre {
    fn new() -> Centre {
        let prefix = format!("ls{}", std::process::id() % 100_000);
        let centre = Centre {
            base: tempfile::tempdir().unwrap(),
            users: Vec::new(),
            groups: Vec::new(),
            prefix,
        };
        fs::set_permissions(centre.base.path(), fs::Permissions::from_mode(0o755)).unwrap();
        fs::copy(BIN, centre.bin()).unwrap();
        fs::set_permissions(centre.bin(), fs::Permissions::from_mode(0o755)).unwrap();
        centre
    }

    fn bin(&self) -> PathBuf {
        self.base.path().join("livret")
    }

    fn name(&self, short: &str) -> String {
        format!("{}{short}", self.prefix)
    }

    fn user(&mut self, short: &str) -> String {
        let user = self.name(short);
        run_ok("useradd", &["-M", "-U", "-s", "/bin/sh", &user]);
        self.users.push(user.clone());
        let home = self.home(&user);
        fs::create_dir_all(&home).unwrap();
        run_ok(
            "chown",
            &[&format!("{user}:{user}"), home.to_str().unwrap()],
        );
        user
    }

    fn group(&mut self, short: &str, members: &[&str]) -> String {
        let group = self.name(short);
        run_ok("groupadd", &[&group]);
        self.groups.push(group.clone());
        for member in members {
            run_ok("usermod", &["-aG", &group, member]);
        }
        group
    }

    fn home(&self, user: &str) -> PathBuf {
        self.base.path().join("home").join(user)
    }

    fn as_user(&self, user: &str, program: &str, args: &[&str]) -> Output {
        let mut child = Command::new("setpriv")
            .args(["--reuid", user, "--regid", user, "--init-groups", "--"])
            .arg(program)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", self.home(user))
            .env("LIVRET_CONFIG", "/nonexistent/livret-config.ron")
            .current_dir(self.base.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                panic!("{program} {args:?} as {user} still running after 30 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    fn livret(&self, user: &str, args: &[&str]) -> String {
        let out = self.as_user(user, self.bin().to_str().unwrap(), args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "livret {args:?} as {user}: {text}");
        text
    }
}

impl Drop for Centre {
    fn drop(&mut self) {
        for user in &self.users {
            let _ = Command::new("pkill").args(["-KILL", "-u", user]).output();
            let _ = Command::new("userdel").arg(user).output();
        }
        for group in &self.groups {
            let _ = Command::new("groupdel").arg(group).output();
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_documented_centre_carries_work_and_reviews_and_keeps_others_out() {
    if !can_run() {
        return;
    }
    let mut centre = Centre::new();
    let alice = centre.user("alice");
    let bob = centre.user("bob");
    let marie = centre.user("marie");
    let group = centre.group("la", &[&alice, &marie]);
    // The centre's repositories, as the README sets them up.
    let srv = centre.base.path().join("srv");
    fs::create_dir(&srv).unwrap();
    let bare = srv.join(format!("{alice}.git"));
    let bare_s = bare.to_str().unwrap().to_string();
    run_ok(
        "git",
        &[
            "init",
            "--quiet",
            "--bare",
            "--initial-branch=main",
            "--shared=0660",
            &bare_s,
        ],
    );
    run_ok("chown", &["-R", &format!("{alice}:{group}"), &bare_s]);

    // Alice writes and syncs.
    let alice_data = centre.home(&alice).join("livret");
    let alice_data_s = alice_data.to_str().unwrap().to_string();
    centre.livret(
        &alice,
        &["--data-dir", &alice_data_s, "due", ID, "2027-06-15"],
    );
    let said = centre.livret(
        &alice,
        &["--data-dir", &alice_data_s, "sync", "init", &bare_s],
    );
    assert!(said.contains("Synchronisé"), "{said}");

    // The objects of her repository: her group's, no one else's.
    for file in files_under(&bare.join("objects")) {
        let mode = fs::metadata(&file).unwrap().mode();
        assert_eq!(mode & 0o007, 0, "{} is readable by others", file.display());
    }
    // Bob, another candidate, can read none of it.
    let out = centre.as_user(&bob, "git", &["clone", "--quiet", &bare_s, "vol"]);
    assert!(!out.status.success(), "bob cloned alice's repository");
    let out = centre.as_user(&bob, "ls", &[&bare_s]);
    assert!(!out.status.success(), "bob listed alice's repository");

    // Marie, tutor: safe.directory once, then the cohort of bare repositories.
    let pattern = format!("{}/*", srv.display());
    let out = centre.as_user(
        &marie,
        "git",
        &["config", "--global", "--add", "safe.directory", &pattern],
    );
    assert!(out.status.success());
    let marie_data = centre.home(&marie).join("livret");
    let marie_data_s = marie_data.to_str().unwrap().to_string();
    let srv_s = srv.to_str().unwrap().to_string();
    let json = centre.livret(
        &marie,
        &[
            "--data-dir",
            &marie_data_s,
            "tutor",
            &srv_s,
            "--as",
            &marie,
            "--json",
        ],
    );
    assert!(json.contains(ID), "{json}");
    // She reviews in her clone (as her interface would write it) and syncs.
    let clones = livret::store::sync::clones_dir(&livret::store::DataDir::new(&marie_data), &srv);
    let review = clones
        .join(&alice)
        .join("reviews")
        .join(&marie)
        .join(format!("{ID}.ron"));
    let text = format!(
        "(format_version: 2, referentiel: \"{ID}\", tutor: \"{marie}\", items: {{\"C1.1.CR1\": \
         (comments: [(text: \"Détaillez le budget\", author: \"{marie}\", created: \
         \"2026-12-07T10:00:00Z\")])}})\n"
    );
    let script = format!(
        "mkdir -p '{}' && printf '%s' '{}' > '{}'",
        review.parent().unwrap().display(),
        text.replace('\'', ""),
        review.display()
    );
    assert!(
        centre
            .as_user(&marie, "sh", &["-c", &script])
            .status
            .success()
    );
    let said = centre.livret(
        &marie,
        &[
            "--data-dir",
            &marie_data_s,
            "sync",
            "--cohort",
            &srv_s,
            "--as",
            &marie,
        ],
    );
    assert!(said.contains("Synchronisé"), "{said}");

    // Alice receives it, in a file of her own.
    let said = centre.livret(&alice, &["--data-dir", &alice_data_s, "sync"]);
    assert!(said.contains("reçu 1 commentaire"), "{said}");
    let received = alice_data
        .join("reviews")
        .join(&marie)
        .join(format!("{ID}.ron"));
    let meta = fs::metadata(&received).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o600);
    assert_eq!(
        livret::store::account::describe_uid(meta.uid()),
        livret::store::account::describe_uid(livret::store::account::user_ids(&alice).unwrap().0)
    );
    assert!(
        fs::read_to_string(&received)
            .unwrap()
            .contains("Détaillez le budget")
    );
}
