//! Themes: the main screen in each bundled theme (styles included), NO_COLOR,
//! the terminal's colour depth, user themes over their base, and `T`.

mod common;

use std::path::Path;

use common::{RNCP, now, opened, type_keys};
use livret::portfolio::Portfolio;
use livret::store::config::ConfigEnv;
use livret::tui::app::App;
use livret::tui::palette::ColorDepth;
use livret::tui::settings::{Environment, Settings, UserFiles};
use livret::tui::theme::{Theme, Themes};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// Notes, statuses and a level, so that every status style is on screen.
fn candidate() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    p.add_note(
        "C1.1.CR1",
        "Analyse de la zone Maghreb\nVentes par pays.",
        now(),
    );
    p.add_note("C1.1.CR2", "Plan marketing Maroc", now());
    p.cycle_status("C1.1.CR2", now());
    p
}

/// The main screen on a critère with a note, every status visible.
fn main_screen() -> App {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "lllj");
    app
}

fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    common::render(app, width, height)
        .backend()
        .buffer()
        .clone()
}

/// User files read from a config directory of the test's own.
fn user_files(dir: &Path, config: &str, themes: &[(&str, &str)]) -> UserFiles {
    let path = dir.join("config.ron");
    std::fs::write(&path, config).unwrap();
    std::fs::create_dir_all(dir.join("themes")).unwrap();
    for (name, text) in themes {
        std::fs::write(dir.join(format!("themes/{name}.ron")), text).unwrap();
    }
    UserFiles::load(&ConfigEnv {
        livret_config: Some(path),
        ..ConfigEnv::default()
    })
}

fn settings_for(config: &str, no_color: bool, depth: ColorDepth) -> Settings {
    let dir = tempfile::tempdir().unwrap();
    let files = user_files(dir.path(), config, &[]);
    Settings::resolve(files, None, &Environment { no_color, depth }).unwrap()
}

#[test]
fn the_main_screen_in_each_bundled_theme() {
    for entry in Themes::bundled().entries {
        let mut app = main_screen();
        app.theme = entry.theme.clone();
        // The buffer's Debug lists every change of style, not only the text.
        insta::assert_snapshot!(
            format!("main_screen_{}", entry.theme.name),
            format!("{:?}", buffer(&app, 80, 24))
        );
    }
}

#[test]
fn the_default_theme_is_the_one_an_app_starts_with() {
    assert_eq!(main_screen().theme, Theme::default());
    assert_eq!(
        main_screen().theme,
        *Themes::bundled().get("default").unwrap()
    );
}

/// Every cell of every screen a candidate sees, with its colours.
fn every_screen(settings: &Settings) -> Vec<(String, Buffer)> {
    let apply = |mut app: App| {
        app.configure(settings.clone());
        app
    };
    let mut screens = Vec::new();
    let picker = apply(common::app_with(vec![candidate()]));
    screens.push(("picker".to_string(), buffer(&picker, 80, 24)));
    for (name, keys) in [
        ("main", ""),
        ("help", "?"),
        ("search", "/strategie"),
        ("editor", "a"),
        ("editor with text", "aTitre"),
        ("question", "d"),
    ] {
        let mut app = apply(main_screen());
        type_keys(&mut app, "<Tab>");
        type_keys(&mut app, keys);
        screens.push((name.to_string(), buffer(&app, 80, 24)));
    }
    screens
}

#[test]
fn no_color_gives_no_colour_anywhere() {
    let settings = settings_for("", true, ColorDepth::TrueColor);
    assert_eq!(settings.theme.name, "mono");
    for (name, buffer) in every_screen(&settings) {
        for (i, cell) in buffer.content.iter().enumerate() {
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "{name}: cell {i} ({:?}) has colour {:?} on {:?}",
                cell.symbol(),
                cell.fg,
                cell.bg
            );
        }
    }
}

#[test]
fn an_explicit_theme_wins_over_no_color() {
    // As no-color.org asks: a setting the user wrote overrides the blanket NO_COLOR.
    let settings = settings_for("(theme: \"light\")", true, ColorDepth::TrueColor);
    assert_eq!(settings.theme.name, "light");
}

#[test]
fn a_16_colour_terminal_gets_only_the_16_ansi_colours() {
    let settings = settings_for("(theme: \"light\")", false, ColorDepth::Ansi16);
    // #ffffff, the light theme's background, is the ANSI white.
    assert_eq!(settings.theme.normal.bg, Some(Color::White));
    // #0000af, its titles, is nearest to the ANSI blue.
    assert_eq!(settings.theme.title.fg, Some(Color::Blue));
    for (name, buffer) in every_screen(&settings) {
        for cell in &buffer.content {
            for color in [cell.fg, cell.bg] {
                assert!(
                    !matches!(color, Color::Rgb(..) | Color::Indexed(_)),
                    "{name}: {color:?} is not one of the 16 colours"
                );
            }
        }
    }
}

#[test]
fn a_256_colour_terminal_gets_indexed_colours() {
    let settings = settings_for("(theme: \"light\")", false, ColorDepth::Indexed256);
    assert_eq!(settings.theme.normal.bg, Some(Color::Indexed(231)));
    assert_eq!(settings.theme.title.fg, Some(Color::Indexed(19)));
    let truecolor = settings_for("(theme: \"light\")", false, ColorDepth::TrueColor);
    assert_eq!(truecolor.theme.title.fg, Some(Color::Rgb(0, 0, 0xaf)));
}

#[test]
fn a_partial_user_theme_falls_back_to_its_base() {
    let dir = tempfile::tempdir().unwrap();
    let files = user_files(
        dir.path(),
        "(theme: \"grands-titres\")",
        &[(
            "grands-titres",
            "// Only the titles change.\n(\n    base: \"high-contrast\",\n    title: (fg: \"#ff8700\", modifiers: [bold, underlined]),\n)",
        )],
    );
    assert!(files.problems.is_empty(), "{:?}", files.problems);
    let env = Environment {
        no_color: false,
        depth: ColorDepth::TrueColor,
    };
    let settings = Settings::resolve(files, None, &env).unwrap();
    let base = Themes::bundled().get("high-contrast").unwrap().clone();
    let theme = &settings.theme;
    assert_eq!(theme.name, "grands-titres");
    assert_eq!(theme.title.fg, Some(Color::Rgb(0xff, 0x87, 0)));
    assert_eq!(
        *theme,
        Theme {
            name: "grands-titres".to_string(),
            title: theme.title,
            ..base
        },
        "every other style is the base's"
    );
}

#[test]
fn t_previews_the_next_theme_and_comes_back_around() {
    let settings = settings_for("", false, ColorDepth::TrueColor);
    let mut app = main_screen();
    app.configure(settings);
    let mut seen = vec![app.theme.name.clone()];
    for _ in 0..4 {
        type_keys(&mut app, "T");
        seen.push(app.theme.name.clone());
    }
    assert_eq!(
        seen,
        ["default", "light", "high-contrast", "mono", "default"]
    );
    let message = common::message(&app).clone().unwrap();
    assert!(
        message.starts_with("Thème « default » (aperçu"),
        "{message}"
    );
    let screen = common::screen(&app, 120, 24);
    assert!(screen.contains("Thème « default »"), "{screen}");
}

#[test]
fn the_candidate_name_is_in_the_picker_header() {
    let settings = settings_for("(name: \"Awa Diallo\")", false, ColorDepth::TrueColor);
    let mut app = common::app_with(vec![]);
    app.configure(settings);
    let screen = common::screen(&app, 80, 24);
    assert!(
        screen.starts_with("livret — Awa Diallo — choisissez la certification"),
        "{screen}"
    );
}
