//! End to end: what the real binary writes to a real terminal (tmux), escape
//! codes included: NO_COLOR gives none, a 16-colour terminal gets the 16
//! colours, a truecolor one the theme's own.
//!
//! Skipped with a notice when tmux is missing, unless LIVRET_REQUIRE_TMUX is set.

mod common;

use std::path::Path;
use std::time::Duration;

use common::tmux::{self, BIN, Tmux};

const RNCP: &str = "rncp23675-responsable-commerce-international";

/// Runs livret at 80×24 with exactly these terminal variables, and waits
/// for the screen, escape codes included, to show `text`.
fn screen_of(dir: &Path, env: &[(&str, &str)], args: &str, text: &str) -> String {
    let tmux = Tmux::new();
    let vars: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    tmux.start(
        "t",
        &format!(
            "env -u NO_COLOR -u COLORTERM LIVRET_CONFIG={}/config.ron {} {BIN} --data-dir {}/data {args}",
            dir.display(),
            vars.join(" "),
            dir.display()
        ),
    );
    tmux.wait_with(|| tmux.screen_escaped("t"), text, Duration::from_secs(10))
        .0
}

/// The parameters of every SGR sequence (`ESC [ … m`) on the screen.
fn sgr(screen: &str) -> Vec<Vec<u16>> {
    screen
        .split("\x1b[")
        .skip(1)
        .filter_map(|rest| rest.split_once('m'))
        .filter(|(params, _)| params.chars().all(|c| c.is_ascii_digit() || c == ';'))
        .map(|(params, _)| params.split(';').filter_map(|p| p.parse().ok()).collect())
        .collect()
}

/// Whether a sequence sets a foreground or background colour (39 and 49,
/// back to the terminal's own, do not).
fn sets_colour(params: &[u16]) -> bool {
    params
        .iter()
        .any(|&p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

#[test]
fn no_color_writes_no_colour_code() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("NO_COLOR", "1"),
        ("COLORTERM", "truecolor"),
        ("TERM", "xterm-256color"),
    ];
    let screen = screen_of(dir.path(), &env, &format!("open {RNCP}"), "Référentiel");
    let codes = sgr(&screen);
    assert!(codes.iter().any(|p| p.contains(&1)), "bold is still used");
    let coloured: Vec<_> = codes.iter().filter(|p| sets_colour(p)).collect();
    assert!(
        coloured.is_empty(),
        "colour codes under NO_COLOR: {coloured:?}"
    );
}

#[test]
fn colours_follow_what_the_terminal_can_show() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let args = format!("--theme light open {RNCP}");

    let screen = screen_of(
        dir.path(),
        &[("COLORTERM", "truecolor")],
        &args,
        "Référentiel",
    );
    // The light theme's title, #0000af, as is.
    assert!(screen.contains("\x1b[1m\x1b[38;2;0;0;175m"), "{screen:?}");

    let screen = screen_of(dir.path(), &[("TERM", "xterm")], &args, "Référentiel");
    assert!(sgr(&screen).iter().any(|p| sets_colour(p)), "{screen:?}");
    for params in sgr(&screen) {
        assert!(
            !params.windows(2).any(|w| w == [38, 2] || w == [48, 2]),
            "RGB on a 16-colour terminal: {params:?}"
        );
        if let Some(i) = params
            .windows(3)
            .find(|w| w[1] == 5 && (w[0] == 38 || w[0] == 48))
        {
            assert!(i[2] < 16, "colour {} on a 16-colour terminal", i[2]);
        }
    }
}
