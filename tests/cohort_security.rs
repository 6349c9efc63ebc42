//! A cohort on one server with real Unix accounts: two candidates, two
//! tutors, the tutors' group, made and removed here (as root; CI is root).
//! Each step runs the real binary as one of those accounts (`setpriv`), and
//! checks what the system lets each do: the README's « Sécurité ».

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::tmux::{self, Tmux};

const BIN: &str = env!("CARGO_BIN_EXE_livret");
const ID: &str = "rncp23675-responsable-commerce-international";

/// One critère prêt in BC1, one en cours.
fn portfolio(note: &str) -> String {
    format!(
        r#"(
    format_version: 1,
    referentiel: "{ID}",
    criteres: {{
        "C1.1.CR1": (status: Ready, level: 3, notes: [(text: "{note}", created: "2026-01-05T10:00:00Z", updated: "2026-01-05T10:00:00Z")]),
        "C1.2.CR2": (status: InProgress),
    }},
    targeted: [],
    view: (selected: "C1.1.CR1", expanded: ["BC1"]),
)
"#
    )
}

/// Whether these tests can run: root, with the account tools. Without,
/// they say so; with LIVRET_REQUIRE_ROOT (set by `.ci/run`) they fail.
fn can_run() -> bool {
    let root = livret::store::account::current_uid() == 0;
    let tools = ["useradd", "groupadd", "userdel", "groupdel", "setpriv"]
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
        "LIVRET_REQUIRE_ROOT is set but this is not root with useradd, groupadd and setpriv"
    );
    eprintln!(
        "SKIPPED: les tests de sécurité de la cohorte créent des comptes Unix et doivent \
         tourner en root (avec useradd, groupadd, setpriv)"
    );
    false
}

/// Accounts made by one test, removed when it ends (even on failure).
struct Accounts {
    group: String,
    users: Vec<String>,
    base: tempfile::TempDir,
}

/// useradd and groupadd lock /etc/passwd: one test at a time makes accounts.
static ACCOUNTS: Mutex<()> = Mutex::new(());

fn run_ok(program: &str, args: &[&str]) {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Accounts {
    /// `candidates` and `tutors` (tutors in the group), named after this
    /// process so that parallel runs do not meet.
    fn new(tag: &str, candidates: &[&str], tutors: &[&str]) -> Accounts {
        let _one = ACCOUNTS.lock().unwrap_or_else(|e| e.into_inner());
        let prefix = format!("lv{}{tag}", std::process::id() % 100_000);
        let group = format!("{prefix}g");
        let mut accounts = Accounts {
            group: group.clone(),
            users: Vec::new(),
            base: tempfile::tempdir().unwrap(),
        };
        fs::set_permissions(accounts.base.path(), fs::Permissions::from_mode(0o755)).unwrap();
        // The build may sit where other accounts cannot reach: a copy here.
        fs::copy(BIN, accounts.bin()).unwrap();
        fs::set_permissions(accounts.bin(), fs::Permissions::from_mode(0o755)).unwrap();
        run_ok("groupadd", &[&group]);
        for (name, tutor) in candidates
            .iter()
            .map(|n| (n, false))
            .chain(tutors.iter().map(|n| (n, true)))
        {
            let user = format!("{prefix}{name}");
            let mut args = vec!["-M", "-U", "-s", "/bin/sh"];
            if tutor {
                args.extend(["-G", &group]);
            }
            args.push(&user);
            run_ok("useradd", &args);
            accounts.users.push(user.clone());
            let home = accounts.home(&user);
            fs::create_dir_all(&home).unwrap();
            run_ok(
                "chown",
                &[&format!("{user}:{user}"), home.to_str().unwrap()],
            );
        }
        accounts
    }

    fn bin(&self) -> PathBuf {
        self.base.path().join("livret")
    }

    fn user(&self, name: &str) -> String {
        self.users
            .iter()
            .find(|u| u.ends_with(name))
            .unwrap_or_else(|| panic!("no account {name}"))
            .clone()
    }

    fn home(&self, user: &str) -> PathBuf {
        self.base.path().join("home").join(user)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.base.path().join(relative)
    }

    /// `program args` as `user`, with their groups, their own home, no
    /// configuration; killed after 20 s (a hang is a failure, not a wait).
    fn as_user(&self, user: &str, program: &str, args: &[&str]) -> Output {
        let home = self.home(user);
        let mut child = Command::new("setpriv")
            .args(["--reuid", user, "--regid", user, "--init-groups", "--"])
            .arg(program)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
            .env("HOME", &home)
            .env("LIVRET_CONFIG", "/nonexistent/livret-config.ron")
            .env("USER", user)
            .current_dir(self.base.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("{program} {args:?} as {user} still running after 20 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    fn livret(&self, user: &str, args: &[&str]) -> Output {
        self.as_user(user, self.bin().to_str().unwrap(), args)
    }

    fn sh(&self, user: &str, script: &str) -> Output {
        self.as_user(user, "sh", &["-c", script])
    }

    /// A shell line starting livret as `user` in tmux.
    fn tmux_line(&self, user: &str, args: &str) -> String {
        format!(
            "exec setpriv --reuid {user} --regid {user} --init-groups -- env HOME={} \
             LIVRET_CONFIG=/nonexistent/livret-config.ron {} {args}",
            self.home(user).display(),
            self.bin().display()
        )
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        let _one = ACCOUNTS.lock().unwrap_or_else(|e| e.into_inner());
        for user in &self.users {
            let _ = Command::new("pkill").args(["-KILL", "-u", user]).output();
            let _ = Command::new("userdel").arg(user).output();
        }
        let _ = Command::new("groupdel").arg(&self.group).output();
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", text(&output));
    text(&output)
}

fn refused(output: Output) -> String {
    assert!(
        !output.status.success(),
        "should have been refused: {}",
        text(&output)
    );
    text(&output)
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().mode() & 0o7777
}

fn owner(path: &Path) -> String {
    livret::store::account::describe_uid(fs::symlink_metadata(path).unwrap().uid())
}

/// A tutor opens one candidate in tmux, gives the critère prêt a verdict
/// « validé » with a comment, and quits.
fn review_in_tmux(
    tmux: &Tmux,
    accounts: &Accounts,
    tutor: &str,
    candidate_dir: &Path,
    comment: &str,
) {
    let session = format!("tuteur-{tutor}");
    tmux.start(
        &session,
        &accounts.tmux_line(tutor, &format!("tutor {}", candidate_dir.display())),
    );
    tmux.wait(&session, "LECTURE SEULE", Duration::from_secs(10));
    tmux.keys(&session, &["f"]);
    tmux.wait(&session, "Filtre", Duration::from_secs(5));
    tmux.keys(&session, &["j", "j", "c"]);
    tmux.wait(&session, "Commentaire — C1.1.CR1", Duration::from_secs(5));
    tmux.type_text(&session, comment);
    tmux.keys(&session, &["C-s"]);
    tmux.wait(&session, "Commentaire ajouté.", Duration::from_secs(5));
    tmux.keys(&session, &["v", "v"]);
    tmux.wait(&session, "validé", Duration::from_secs(5));
    tmux.keys(&session, &["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while tmux.run(&["has-session", "-t", &session]).status.success() {
        assert!(Instant::now() < deadline, "{session} did not quit");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_documented_cohort_works_with_two_tutors_and_holds_against_its_users() {
    if !can_run() || !tmux::available() {
        return;
    }
    let accounts = Accounts::new("a", &["alice", "bob"], &["marie", "jean"]);
    let (alice, bob) = (accounts.user("alice"), accounts.user("bob"));
    let (marie, jean) = (accounts.user("marie"), accounts.user("jean"));
    let cohort = accounts.path("cohorte");
    let c = cohort.to_str().unwrap();

    // The administrator: init and add, twice (idempotent), then check.
    for _ in 0..2 {
        ok(Command::new(accounts.bin())
            .args(["cohort", "init", c, "--group", &accounts.group])
            .output()
            .unwrap());
        ok(Command::new(accounts.bin())
            .args(["cohort", "add", c, &alice])
            .output()
            .unwrap());
        ok(Command::new(accounts.bin())
            .args(["cohort", "add", c, &bob])
            .output()
            .unwrap());
    }
    let said = ok(Command::new(accounts.bin())
        .args(["cohort", "check", c])
        .output()
        .unwrap());
    assert!(said.contains("tout est conforme"), "{said}");
    assert_eq!(mode(&cohort), 0o751);
    assert_eq!(mode(&cohort.join(&alice)), 0o2750);
    assert_eq!(mode(&cohort.join(&alice).join("reviews")), 0o3775);
    assert_eq!(owner(&cohort.join(&alice)), alice);

    // Each candidate writes their portfolio with livret (a restore).
    for (user, note) in [(&alice, "Note d’alice"), (&bob, "Note de bob")] {
        let source = accounts.home(user).join("source.ron");
        fs::write(&source, portfolio(note)).unwrap();
        run_ok("chown", &[user.as_str(), source.to_str().unwrap()]);
        let dir = cohort.join(user);
        ok(accounts.livret(
            user,
            &[
                "--data-dir",
                dir.to_str().unwrap(),
                "restore",
                ID,
                source.to_str().unwrap(),
            ],
        ));
        let file = dir.join(format!("portfolios/{ID}.ron"));
        assert_eq!(mode(&file), 0o640, "readable by the tutors, not by others");
        assert_eq!(mode(&dir.join("portfolios")), 0o2750);
    }
    let alice_dir = cohort.join(&alice);
    let alice_portfolio = alice_dir.join(format!("portfolios/{ID}.ron"));
    let admin = |args: &[&str]| Command::new(accounts.bin()).args(args).output().unwrap();

    // The administrator adds alice again: what she has is given to the
    // group as her (never as root), and nothing else changes.
    let said = ok(admin(&["cohort", "add", c, &alice]));
    assert!(said.contains("rendus lisibles"), "{said}");
    assert!(ok(admin(&["cohort", "check", c])).contains("tout est conforme"));
    // A program planted as `reviews` before the administrator runs `add`
    // again is refused, never made setgid for the tutors' group.
    ok(accounts.sh(
        &alice,
        &format!(
            "cd {0} && mv reviews r.old && cp /bin/sh reviews && chmod 755 reviews",
            alice_dir.display()
        ),
    ));
    let said = refused(admin(&["cohort", "add", c, &alice]));
    assert!(said.contains("un dossier attendu"), "{said}");
    let planted = alice_dir.join("reviews");
    assert_eq!((owner(&planted), mode(&planted)), (alice.clone(), 0o755));
    ok(accounts.sh(
        &alice,
        &format!(
            "cd {0} && rm reviews && mv r.old reviews",
            alice_dir.display()
        ),
    ));

    // A candidate cannot read another candidate, nor list the cohort.
    refused(accounts.sh(&bob, &format!("cat {}", alice_portfolio.display())));
    refused(accounts.sh(&bob, &format!("ls {c}")));
    refused(accounts.livret(
        &bob,
        &["--data-dir", alice_dir.to_str().unwrap(), "status", ID],
    ));
    // A tutor sees both, figures included.
    let overview = ok(accounts.livret(&marie, &["tutor", c, "--json"]));
    assert!(
        overview.contains(&alice) && overview.contains(&bob),
        "{overview}"
    );
    assert!(overview.contains("\"awaiting_review\": 1"), "{overview}");

    // Two tutors review alice, one after the other, each in their folder.
    let tmux = Tmux::new();
    review_in_tmux(&tmux, &accounts, &marie, &alice_dir, "Bien vu marie");
    review_in_tmux(&tmux, &accounts, &jean, &alice_dir, "Bien vu jean");
    for tutor in [&marie, &jean] {
        let folder = alice_dir.join("reviews").join(tutor);
        let file = folder.join(format!("{ID}.ron"));
        assert_eq!((owner(&folder), mode(&folder)), (tutor.clone(), 0o2755));
        assert_eq!((owner(&file), mode(&file)), (tutor.clone(), 0o644));
    }
    let said = ok(Command::new(accounts.bin())
        .args(["cohort", "check", c])
        .output()
        .unwrap());
    assert!(said.contains("tout est conforme"), "{said}");

    // The candidate sees both verdicts, and exports them in the follow-up
    // (never in the jury's dossier).
    let alice_data = alice_dir.to_str().unwrap();
    let status = ok(accounts.livret(&alice, &["--data-dir", alice_data, "status", ID, "--json"]));
    assert!(status.contains("\"validated\": 1"), "{status}");
    let dossier = ok(accounts.livret(
        &alice,
        &[
            "--data-dir",
            alice_data,
            "export",
            ID,
            "--format",
            "md",
            "--suivi",
            "--with-reviews",
        ],
    ));
    assert!(
        dossier.contains("Bien vu marie") && dossier.contains("Bien vu jean"),
        "{dossier}"
    );

    // Nobody replaces or removes another's review; the candidate writes none.
    let marie_review = alice_dir.join(format!("reviews/{marie}/{ID}.ron"));
    let before = fs::read(&marie_review).unwrap();
    for user in [&alice, &jean, &bob] {
        refused(accounts.sh(user, &format!("echo '()' > {}", marie_review.display())));
        refused(accounts.sh(user, &format!("rm -f {}", marie_review.display())));
        refused(accounts.sh(
            user,
            &format!(
                "mv {0} {0}.old",
                alice_dir.join("reviews").join(&marie).display()
            ),
        ));
    }
    refused(accounts.sh(&alice, &format!("mkdir {}/reviews/{marie}2", alice_data)));
    refused(accounts.sh(&jean, &format!("echo x > {}", alice_portfolio.display())));
    assert_eq!(fs::read(&marie_review).unwrap(), before);

    // bob puts a link to alice's reviews in place of his own: the tutors'
    // verdicts on alice never count for him, and nothing is written there.
    let bob_dir = cohort.join(&bob);
    ok(accounts.sh(
        &bob,
        &format!(
            "cd {0} && mv reviews r.old && ln -s ../{alice}/reviews reviews",
            bob_dir.display()
        ),
    ));
    let bob_data = bob_dir.to_str().unwrap();
    let overview = ok(accounts.livret(&marie, &["tutor", bob_data, "--json"]));
    assert!(overview.contains("\"awaiting_review\": 1"), "{overview}");
    assert!(overview.contains("\"validated\": 0"), "{overview}");
    ok(accounts.sh(
        &bob,
        &format!(
            "cd {0} && rm reviews && mv r.old reviews",
            bob_dir.display()
        ),
    ));
    // jean makes marie's folder in bob's reviews before she does: she is
    // told, writes nothing there, and what is in it does not count as hers.
    ok(accounts.sh(&jean, &format!("mkdir -m 755 {bob_data}/reviews/{marie}")));
    tmux.start(
        "squat",
        &accounts.tmux_line(&marie, &format!("tutor {bob_data}")),
    );
    tmux.wait("squat", "pas à vous", Duration::from_secs(10));
    tmux.keys("squat", &["q"]);
    let said = refused(admin(&["cohort", "check", c]));
    assert!(
        said.contains(&format!("propriétaire {jean}, attendu {marie}")),
        "{said}"
    );
    ok(accounts.sh(&jean, &format!("rmdir {bob_data}/reviews/{marie}")));

    // A tutor cannot sign as another.
    let said = refused(accounts.livret(&jean, &["tutor", c, "--as", &marie, "--json"]));
    assert!(
        said.contains(&format!("vous êtes connecté en tant que {jean}")),
        "{said}"
    );
    ok(accounts.livret(&jean, &["tutor", c, "--as", &jean, "--json"]));

    // A FIFO or a link to /dev/zero in place of a portfolio: the tutor's
    // overview returns at once and names it; nothing hangs or grows.
    let plant = |script: &str| ok(accounts.sh(&alice, script));
    plant(&format!(
        "mv {0} {0}.keep && mkfifo -m 640 {0}",
        alice_portfolio.display()
    ));
    let overview = ok(accounts.livret(&marie, &["tutor", c, "--json"]));
    assert!(overview.contains(&bob), "{overview}");
    plant(&format!(
        "rm {0} && ln -s /dev/zero {0}",
        alice_portfolio.display()
    ));
    ok(accounts.livret(&marie, &["tutor", c, "--json"]));
    let said = refused(accounts.livret(&marie, &["--data-dir", alice_data, "status", ID]));
    assert!(said.contains("lien symbolique"), "{said}");
    let said = refused(
        Command::new(accounts.bin())
            .args(["cohort", "check", c])
            .output()
            .unwrap(),
    );
    assert!(
        said.contains("lien symbolique") && said.contains("1 écart"),
        "{said}"
    );
    plant(&format!(
        "rm {0} && mv {0}.keep {0}",
        alice_portfolio.display()
    ));
}

#[test]
fn a_candidate_sharing_alone_cannot_forge_or_trap_a_tutor() {
    if !can_run() || !tmux::available() {
        return;
    }
    // The setup without a cohort (`share`), with a group of carl's own
    // (carl and his tutor): carl owns reviews/ and can plant anything in
    // it. The app must hold.
    let accounts = Accounts::new("b", &[], &["carl", "marie"]);
    let (carl, marie) = (accounts.user("carl"), accounts.user("marie"));
    let data = accounts.path("carl-data");
    let d = data.to_str().unwrap();
    let source = accounts.home(&carl).join("source.ron");
    fs::write(&source, portfolio("Note de carl")).unwrap();
    run_ok("chown", &[carl.as_str(), source.to_str().unwrap()]);
    run_ok("install", &["-d", "-o", &carl, "-m", "700", d]);
    ok(accounts.livret(
        &carl,
        &["--data-dir", d, "restore", ID, source.to_str().unwrap()],
    ));
    ok(accounts.livret(
        &carl,
        &["--data-dir", d, "share", "--group", &accounts.group],
    ));

    // Forged verdicts « signed » marie, at her place and at the earlier one.
    let forged = format!(
        "(format_version: 1, referentiel: \"{ID}\", tutor: \"{marie}\", items: {{ \
         \"C1.1.CR1\": (verdict: Validated, comments: [(text: \"FAUX\", author: \"{marie}\", \
         created: \"2026-01-05T10:00:00Z\")]) }})"
    );
    ok(accounts.sh(
        &carl,
        &format!(
            "mkdir -p {d}/reviews/{marie} {d}/reviews/{ID} && printf '%s' '{forged}' > {d}/reviews/{marie}/{ID}.ron \
             && cp {d}/reviews/{marie}/{ID}.ron {d}/reviews/{ID}/{marie}.ron"
        ),
    ));
    // Her lock, planted as a link to a file of hers.
    let precious = accounts.home(&marie).join("precieux.txt");
    fs::write(&precious, "à marie").unwrap();
    run_ok("chown", &[marie.as_str(), precious.to_str().unwrap()]);
    ok(accounts.sh(
        &carl,
        &format!(
            "ln -s {} {d}/reviews/{marie}/{ID}.ron.lock",
            precious.display()
        ),
    ));

    // The export for the jury leaves them out and says why.
    let output = accounts.livret(&carl, &["--data-dir", d, "export", ID, "--format", "md"]);
    let dossier = ok(output);
    assert!(!dossier.contains("FAUX"), "{dossier}");
    assert!(
        dossier.contains("écrit par le compte du candidat"),
        "{dossier}"
    );
    let status = ok(accounts.livret(&carl, &["--data-dir", d, "status", ID, "--json"]));
    assert!(status.contains("\"validated\": 0"), "{status}");

    // marie opens carl: nothing of the forgery counts as hers, her file is
    // not truncated through the link, and she is told.
    let overview = ok(accounts.livret(&marie, &["tutor", d, "--json"]));
    assert!(overview.contains("\"awaiting_review\": 1"), "{overview}");
    let tmux = Tmux::new();
    tmux.start("marie", &accounts.tmux_line(&marie, &format!("tutor {d}")));
    let (screen, _) = tmux.wait("marie", "LECTURE SEULE", Duration::from_secs(10));
    tmux.keys("marie", &["q"]);
    assert_eq!(
        fs::read_to_string(&precious).unwrap(),
        "à marie",
        "{screen}"
    );
    assert!(!screen.contains("FAUX"), "{screen}");
}
