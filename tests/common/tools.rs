//! The programs some tests drive besides livret (git, ssh-keygen): absent,
//! a test says SKIPPED and returns, unless its `LIVRET_REQUIRE_…` variable
//! is `1` (CI sets them), where the absence is a failure.

use std::process::{Command, Stdio};

fn here(program: &str, probe: &str, required_by: &str) -> bool {
    let found = Command::new(program)
        .arg(probe)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        assert!(
            std::env::var(required_by).as_deref() != Ok("1"),
            "{program} is required here ({required_by}=1) but missing"
        );
        eprintln!("SKIPPED: {program} absent; set {required_by}=1 to make this fail");
    }
    found
}

/// Whether git is here.
pub fn git() -> bool {
    here("git", "--version", "LIVRET_REQUIRE_GIT")
}

/// Whether ssh-keygen is here.
pub fn ssh_keygen() -> bool {
    here("ssh-keygen", "-?", "LIVRET_REQUIRE_SSH")
}
