//! config.ron: broken files are reported with line:column and the app starts
//! with the defaults; key overrides reach the help; the name reaches exports;
//! `livret themes`. Every test uses its own config (LIVRET_CONFIG), never the
//! real one.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{RNCP, opened, screen, type_keys};
use insta::assert_snapshot;
use livret::store::config::ConfigEnv;
use livret::tui::palette::ColorDepth;
use livret::tui::settings::{Environment, Settings, UserFiles};
use livret::tui::status::Severity;

const ENV: Environment = Environment {
    no_color: false,
    depth: ColorDepth::TrueColor,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/invalid_configs")
        .join(name)
}

fn files_at(path: PathBuf) -> UserFiles {
    UserFiles::load(&ConfigEnv {
        livret_config: Some(path),
        ..ConfigEnv::default()
    })
}

/// A config written in a directory of the test's own.
fn config(text: &str) -> (tempfile::TempDir, UserFiles) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.ron");
    std::fs::write(&path, text).unwrap();
    (dir, files_at(path))
}

#[test]
fn every_invalid_config_says_what_and_where() {
    let cases = [
        (
            "missing-comma.ron",
            "4:5: virgule attendue entre deux éléments",
        ),
        (
            "unknown-action.ron",
            "4:14: valeur « delete_notes » inconnue ; valeurs possibles : quit, up,",
        ),
        ("unknown-key.ron", "3:10: touche « ctrl+s » inconnue : "),
        (
            "unknown-field.ron",
            "3:5: champ inconnu « colour » ; champs possibles ici : format_version, name, theme, keys",
        ),
        ("wrong-type.ron", "2:10: texte entre guillemets attendu"),
        ("unquoted-theme.ron", "2:11: texte entre guillemets attendu"),
        ("newer-version.ron", "2:21: format_version 2 inconnue"),
        (
            "truncated.ron",
            "4:26: le fichier s’arrête avant la fin (une parenthèse ou une accolade fermante oubliée ?)",
        ),
    ];
    let mut seen = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    seen.sort();
    let mut listed: Vec<String> = cases.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(seen, listed, "every fixture has its expected message");

    for (file, expected) in cases {
        let files = files_at(fixture(file));
        let problem = &files.problems[0];
        let path = fixture(file).display().to_string();
        assert!(
            problem.starts_with(&format!("{path}:{expected}")),
            "{file}: {problem}"
        );
        assert!(
            problem.ends_with("réglages par défaut utilisés"),
            "{problem}"
        );
        let warning = files.config_warning.clone().unwrap();
        assert_eq!(warning.severity, Severity::Warning, "{file}");
        assert!(
            warning.text.starts_with(&format!("{file}:{expected}")),
            "{file}: {warning:?}"
        );
        // Nothing is taken from a broken file.
        assert_eq!(files.config.name, None, "{file}");
        assert_eq!(files.config.theme, None, "{file}");
        assert!(files.config.keys.0.is_empty(), "{file}");
    }
}

#[test]
fn a_broken_config_starts_the_app_with_the_defaults_and_a_visible_warning() {
    let settings = Settings::resolve(files_at(fixture("missing-comma.ron")), None, &ENV).unwrap();
    assert_eq!(settings.theme.name, "default");
    let mut app = opened(RNCP, vec![]);
    app.configure(settings);
    let screen = screen(&app, 120, 24);
    let hint_line = screen.lines().last().unwrap();
    assert!(
        hint_line.starts_with("⚠ missing-comma.ron:4:5: virgule attendue entre deux éléments"),
        "{screen}"
    );
    // The default keys work.
    type_keys(&mut app, "l");
    assert!(screen_has(&app, "▾ BC1"));
}

fn screen_has(app: &livret::tui::app::App, text: &str) -> bool {
    screen(app, 80, 24).contains(text)
}

#[test]
fn a_key_override_shows_in_the_help_and_the_hints() {
    let (_dir, files) = config(
        r#"(
    keys: {
        "x": delete_note,
        "N": add_note,
        "ctrl-w": save_note,
    },
)"#,
    );
    let settings = Settings::resolve(files, None, &ENV).unwrap();
    assert_eq!(settings.warning, None, "{:?}", settings.problems);
    let mut app = opened(RNCP, vec![]);
    app.configure(settings);
    let hints = screen(&app, 80, 24);
    assert!(
        hints.lines().last().unwrap().starts_with("N note"),
        "{hints}"
    );
    type_keys(&mut app, "?");
    assert_snapshot!("help_with_overrides_200x50", screen(&app, 200, 50));
}

#[test]
fn a_freed_key_does_nothing_and_its_action_shows_no_key() {
    let (_dir, files) = config(r#"(keys: { "d": None, "q": None, "ctrl-q": quit })"#);
    let settings = Settings::resolve(files, None, &ENV).unwrap();
    assert!(settings.problems.is_empty(), "{:?}", settings.problems);
    let mut app = opened(RNCP, vec![]);
    app.configure(settings);
    assert!(type_keys(&mut app, "q").is_empty(), "q no longer quits");
    assert_eq!(
        type_keys(&mut app, "<C-q>"),
        vec![livret::tui::app::Effect::Quit]
    );
    type_keys(&mut app, "?");
    let help = screen(&app, 200, 50);
    assert!(
        help.contains("  —  "),
        "supprimer la note has no key left:\n{help}"
    );
}

// The binary, with a config of the test's own.

fn livret(config: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livret"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LIVRET_DATA_DIR")
        .env_remove("NO_COLOR")
        .env("LIVRET_CONFIG", config)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn themes_lists_the_bundled_and_the_users_themes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(theme: \"sombre-doux\")").unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("themes/sombre-doux.ron"),
        "(base: \"default\", description: \"mon thème\", title: (fg: \"magenta\"))",
    )
    .unwrap();
    std::fs::write(dir.path().join("themes/casse.ron"), "(title: (fg: 3))").unwrap();
    let output = livret(&config, dir.path(), &["themes"]);
    assert!(output.status.success());
    let out = text(&output.stdout);
    for line in [
        "   default        sombre, par défaut",
        "   light          clair : texte sombre sur fond blanc",
        "   high-contrast  ",
        "   mono           sans couleur",
        "*  sombre-doux    mon thème ",
    ] {
        assert!(out.contains(line), "« {line} » missing:\n{out}");
    }
    assert!(
        out.contains(&format!("{}/themes/NOM.ron", dir.path().display())),
        "{out}"
    );
    let err = text(&output.stderr);
    assert!(
        err.contains("casse.ron:1:13: texte entre guillemets attendu ; ce thème est ignoré"),
        "{err}"
    );

    let output = livret(&config, dir.path(), &["--theme", "mono", "themes"]);
    assert!(text(&output.stdout).contains("*  mono"));
}

#[test]
fn an_unknown_theme_on_the_command_line_is_refused_with_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("absent.ron");
    let output = livret(&config, dir.path(), &["--theme", "solarized", "themes"]);
    assert!(!output.status.success());
    assert_eq!(
        text(&output.stderr),
        "livret: thème « solarized » inconnu ; thèmes disponibles : default, light, \
         high-contrast, mono (livret themes)\n"
    );
}

#[test]
fn the_candidate_name_reaches_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(name: \"Awa Diallo\")").unwrap();
    let output = livret(&config, dir.path(), &["export", RNCP, "--format", "md"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Awa Diallo"));

    // A broken config: the export goes on, without a name, and says why.
    let output = livret(
        &fixture("missing-comma.ron"),
        dir.path(),
        &["export", RNCP, "--format", "md"],
    );
    assert!(output.status.success());
    assert!(!text(&output.stdout).contains("Awa Diallo"));
    assert!(
        text(&output.stderr).contains("missing-comma.ron:4:5: virgule attendue"),
        "{}",
        text(&output.stderr)
    );
}
