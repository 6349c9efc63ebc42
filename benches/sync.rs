//! `livret sync` of a 300-note portfolio, as whole processes of the real
//! binary: `cargo bench --bench sync`. Figures only; nothing fails when the
//! budget (issue 24: under 1 s) is missed.
//!
//! A bare repository over a local path, the candidate's data directory and
//! the tutor's clone, both made by `livret sync init`. Each run, the
//! candidate edits one note (written by the library, as the interface would)
//! and syncs (a commit, a fetch, a push), then the tutor syncs (a fetch, the
//! portfolio written, a fast-forward); last, a sync with nothing to do. Each
//! is timed `LIVRET_BENCH_RUNS` times (default 10): min / median / max, with
//! `git status` on the same repository as the peer (the floor of one git
//! command on it). Without git, prints SKIPPED and exits 0.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use livret::portfolio::Portfolio;
use livret::store::{DataDir, load_catalog, save_portfolio};

const ID: &str = "rncp23675-responsable-commerce-international";

fn livret(data: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("LIVRET_CONFIG", data.join("none.ron"))
        .output()
        .expect("livret runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "livret {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn git_status(data: &Path) -> Duration {
    let started = Instant::now();
    let out = Command::new("git")
        .arg("-C")
        .arg(data)
        .args(["status", "--porcelain"])
        .output()
        .expect("git runs");
    assert!(out.status.success());
    started.elapsed()
}

fn figures(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<44} min {:>7.1} ms   median {:>7.1} ms   max {:>7.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

fn main() {
    if Command::new("git").arg("--version").output().is_err() {
        println!("SKIPPED: git absent");
        return;
    }
    let runs: usize = std::env::var("LIVRET_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().expect("temporary dir");
    let bare = dir.path().join("alice.git");
    let made = Command::new("git")
        .args(["init", "--quiet", "--bare", "--initial-branch=main"])
        .arg(&bare)
        .status()
        .expect("git runs");
    assert!(made.success());
    let laptop = dir.path().join("laptop");
    let clone = dir.path().join("tuteur");
    let data = DataDir::new(&laptop);
    let catalog = load_catalog(&data);
    let certification = &catalog.get(ID).expect("bundled").certification;
    let units: Vec<String> = certification.units().map(|u| u.id.to_string()).collect();
    let mut portfolio = Portfolio::new(ID);
    for i in 0..300 {
        portfolio.add_note(
            &units[i % units.len()],
            &format!(
                "Preuve {i}\nJ’ai conduit le projet {i} avec l’équipe export, de mars à juin.\n\
                 - analyse du marché\n- plan d’action chiffré\nRésultat : 12 % de ventes en plus."
            ),
            Timestamp::UNIX_EPOCH,
        );
    }
    save_portfolio(&data, &portfolio).expect("written");
    let bytes = std::fs::metadata(data.portfolio(ID)).map_or(0, |m| m.len());
    println!("portfolio: 300 notes, {bytes} bytes; {runs} runs each");
    let bare = bare.to_str().expect("utf-8 temp dir");
    figures(
        "first sync, candidate (init, 300 notes sent)",
        vec![livret(&laptop, &["sync", "init", bare])],
    );
    figures(
        "first sync, tutor (init, 300 notes received)",
        vec![livret(&clone, &["sync", "--as", "marie", "init", bare])],
    );
    let (mut sent, mut received, mut idle, mut peer) = (vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        let unit = &units[run % units.len()];
        std::sync::Arc::make_mut(portfolio.criteres.get_mut(unit).expect("noted")).notes[0].text =
            format!("Preuve reprise, version {run}").into();
        save_portfolio(&data, &portfolio).expect("written");
        sent.push(livret(&laptop, &["sync"]));
        received.push(livret(&clone, &["sync", "--as", "marie"]));
        idle.push(livret(&laptop, &["sync"]));
        peer.push(git_status(&laptop));
    }
    figures("candidate: one note edited, sync (send)", sent);
    figures("tutor: sync (receive, write)", received);
    figures("candidate: sync with nothing to do", idle);
    figures("peer: git status --porcelain", peer);
    println!("budget: under 1 s for the sync of a 300-note portfolio");
}
