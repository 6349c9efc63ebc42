//! The user's choices, resolved for the interface: the theme (within the
//! terminal's colours), the themes `T` cycles through, the keymap with its
//! overrides, the candidate's name, and what was wrong in the files.

use std::path::{Path, PathBuf};

use crate::store::config::{
    Config, ConfigEnv, config_path, load_config, load_user_themes, themes_dir,
};
use crate::tui::keymap::{KeyOverrides, Keymap};
use crate::tui::palette::ColorDepth;
use crate::tui::status::Status;
use crate::tui::theme::{DEFAULT, MONO, Theme, Themes};

/// What the environment says about colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// `NO_COLOR` is set, whatever its value.
    pub no_color: bool,
    pub depth: ColorDepth,
}

impl Environment {
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).ok();
        Environment {
            no_color: std::env::var_os("NO_COLOR").is_some(),
            depth: ColorDepth::detect(var("COLORTERM").as_deref(), var("TERM").as_deref()),
        }
    }
}

/// `config.ron` and the user's themes, as read from disk.
#[derive(Debug, Clone)]
pub struct UserFiles {
    /// Where the config is looked for (it may not exist).
    pub config_path: Option<PathBuf>,
    /// The config, or the default one when the file is invalid.
    pub config: Config<KeyOverrides>,
    pub themes: Themes,
    /// Problems found in the config and theme files, each with its place.
    pub problems: Vec<String>,
    /// The first line of the config's problem, short enough for the hint bar.
    pub config_warning: Option<Status>,
}

impl UserFiles {
    /// Reads `config.ron` and `<config dir>/themes/*.ron`.
    pub fn load(env: &ConfigEnv) -> UserFiles {
        let config_path = config_path(env);
        let mut problems = Vec::new();
        let mut config_warning = None;
        let config = match config_path.as_deref().map(load_config::<KeyOverrides>) {
            Some(Ok(config)) => config,
            Some(Err(problem)) => {
                config_warning = Some(Status::warning(format!(
                    "{} — réglages par défaut utilisés",
                    problem.short()
                )));
                problems.push(format!("{problem} ; réglages par défaut utilisés"));
                Config::default()
            }
            None => Config::default(),
        };
        let (sources, unreadable) = match &config_path {
            Some(path) => load_user_themes(&themes_dir(path)),
            None => (Vec::new(), Vec::new()),
        };
        problems.extend(unreadable);
        let (themes, theme_problems) = Themes::load(sources);
        problems.extend(theme_problems);
        UserFiles {
            config_path,
            config,
            themes,
            problems,
            config_warning,
        }
    }

    /// The config file's name for messages.
    fn config_name(&self) -> String {
        self.config_path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(
                || "config.ron".to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
    }

    /// The theme to start with: `--theme`, else the config's, else `mono`
    /// under `NO_COLOR`, else `default`. An explicit choice wins over
    /// `NO_COLOR`, as no-color.org asks. `Err` names an unknown `--theme`.
    pub fn theme_name(&self, flag: Option<&str>, env: &Environment) -> Result<String, String> {
        let known = |name: &str| self.themes.get(name).is_some();
        if let Some(name) = flag {
            if !known(name) {
                return Err(format!(
                    "thème « {name} » inconnu ; thèmes disponibles : {} (livret themes)",
                    self.themes.names().join(", ")
                ));
            }
            return Ok(name.to_string());
        }
        if let Some(name) = self.config.theme.as_deref().filter(|n| known(n)) {
            return Ok(name.to_string());
        }
        Ok(if env.no_color { MONO } else { DEFAULT }.to_string())
    }
}

/// Everything the interface needs from the user's files and environment.
#[derive(Debug, Clone)]
pub struct Settings {
    pub theme: Theme,
    /// Every theme, within the terminal's colours, in `livret themes` order.
    pub themes: Vec<Theme>,
    pub keymap: Keymap,
    pub candidate: Option<String>,
    /// The coach's part of `config.ron`.
    pub coach: Coach,
    /// Every problem, with its file and line:column (printed on the terminal).
    pub problems: Vec<String>,
    /// One line for the hint bar at start, when something was ignored.
    pub warning: Option<Status>,
}

/// The coach's settings: help to write (`writing:`), after how many
/// days away the next steps greet the candidate (`welcome_after_days:`),
/// and whether their name is asked when a portfolio has none (`ask_name:`).
#[derive(Debug, Clone, Default)]
pub struct Coach {
    pub writing: crate::referentiel::Writing,
    pub welcome_after_days: Option<u32>,
    pub ask_name: bool,
    /// Sync with the centre at start and at quit (`auto_sync:`).
    pub auto_sync: bool,
    /// The SSH key that signs a tutor's reviews (`signing_key:`).
    pub signing_key: Option<std::path::PathBuf>,
}

impl Settings {
    /// Resolves the files for this terminal; `Err` names an unknown `--theme`.
    pub fn resolve(
        files: UserFiles,
        flag: Option<&str>,
        env: &Environment,
    ) -> Result<Settings, String> {
        let name = files.theme_name(flag, env)?;
        let mut problems = files.problems.clone();
        let mut warnings: Vec<String> = files
            .config_warning
            .iter()
            .map(|w| w.text.clone())
            .collect();
        let config_name = files.config_name();
        if let Some(unknown) = files
            .config
            .theme
            .as_deref()
            .filter(|n| files.themes.get(n).is_none())
        {
            let problem = format!(
                "{config_name}: thème « {unknown} » inconnu ; thèmes disponibles : {}",
                files.themes.names().join(", ")
            );
            warnings.push(problem.clone());
            problems.push(problem);
        }
        let (keymap, key_problems) = Keymap::default().with_overrides(&files.config.keys);
        for problem in key_problems {
            let problem = format!("{config_name}: keys : {problem}");
            warnings.push(problem.clone());
            problems.push(problem);
        }
        if files.config_warning.is_none() && warnings.is_empty() && !problems.is_empty() {
            warnings.push(format!(
                "{} (voir livret themes)",
                problems[0].lines().next().unwrap_or_default()
            ));
        }
        let themes: Vec<Theme> = files
            .themes
            .entries
            .iter()
            .map(|e| env.depth.theme(&e.theme))
            .collect();
        let theme = themes
            .iter()
            .find(|t| t.name == name)
            .cloned()
            .expect("theme_name only returns known themes");
        let warning = match warnings.len() {
            0 => None,
            1 => warnings.pop(),
            n => Some(format!("{} (+{} autres)", warnings[0], n - 1)),
        }
        .map(Status::warning);
        Ok(Settings {
            theme,
            themes,
            keymap,
            candidate: files.config.name.filter(|n| !n.trim().is_empty()),
            coach: Coach {
                writing: files.config.writing,
                welcome_after_days: files.config.welcome_after_days,
                ask_name: files.config.ask_name.unwrap_or(true),
                auto_sync: files.config.auto_sync.unwrap_or(false),
                signing_key: files.config.signing_key.clone(),
            },
            problems,
            warning,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::status::Severity;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn env(no_color: bool) -> Environment {
        Environment {
            no_color,
            depth: ColorDepth::TrueColor,
        }
    }

    fn user_files(config: &str, themes: &[(&str, &str)]) -> (tempfile::TempDir, UserFiles) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, config).unwrap();
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        for (name, text) in themes {
            std::fs::write(dir.path().join(format!("themes/{name}.ron")), text).unwrap();
        }
        let files = UserFiles::load(&ConfigEnv {
            livret_config: Some(path),
            ..ConfigEnv::default()
        });
        (dir, files)
    }

    #[test]
    fn the_theme_comes_from_the_flag_then_the_config_then_no_color() {
        let (_dir, files) = user_files("(theme: \"light\")", &[]);
        assert_eq!(files.theme_name(Some("mono"), &env(false)).unwrap(), "mono");
        assert_eq!(files.theme_name(None, &env(true)).unwrap(), "light");
        let (_dir, files) = user_files("", &[]);
        assert_eq!(files.theme_name(None, &env(true)).unwrap(), "mono");
        assert_eq!(files.theme_name(None, &env(false)).unwrap(), "default");
        let error = files.theme_name(Some("nope"), &env(false)).unwrap_err();
        assert!(error.contains("thème « nope » inconnu"), "{error}");
    }

    #[test]
    fn the_name_is_asked_unless_the_config_says_no() {
        let resolve = |files| Settings::resolve(files, None, &env(false)).unwrap();
        let (_dir, files) = user_files("", &[]);
        assert!(resolve(files).coach.ask_name);
        let (_dir, files) = user_files("(ask_name: false)", &[]);
        assert!(!resolve(files).coach.ask_name);
    }

    #[test]
    fn a_user_theme_can_be_chosen_in_the_config() {
        let (_dir, files) = user_files(
            "(name: \"Awa Diallo\", theme: \"mine\")",
            &[("mine", "(title: (fg: \"#ff0000\"))")],
        );
        let settings = Settings::resolve(files, None, &env(false)).unwrap();
        assert_eq!(settings.theme.name, "mine");
        assert_eq!(settings.candidate.as_deref(), Some("Awa Diallo"));
        assert_eq!(settings.themes.len(), 5);
        assert_eq!(settings.warning, None);
    }

    #[test]
    fn an_unknown_theme_or_key_in_the_config_is_a_warning() {
        let (_dir, files) = user_files("(theme: \"solarized\", keys: { \"w\": save_note })", &[]);
        let settings = Settings::resolve(files, None, &env(false)).unwrap();
        assert_eq!(settings.theme.name, "default");
        let warning = settings.warning.unwrap();
        assert_eq!(warning.severity, Severity::Warning);
        let warning = warning.text;
        assert!(
            warning.starts_with("config.ron: thème « solarized » inconnu"),
            "{warning}"
        );
        assert!(warning.ends_with("(+1 autres)"), "{warning}");
        assert_eq!(settings.problems.len(), 2);
    }

    #[test]
    fn key_overrides_reach_the_keymap() {
        let (_dir, files) = user_files("(keys: { \"x\": delete_note })", &[]);
        let settings = Settings::resolve(files, None, &env(false)).unwrap();
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(
            settings
                .keymap
                .action(super::super::keymap::Context::Main, &x),
            Some(Action::DeleteNote)
        );
    }

    #[test]
    fn colours_are_brought_within_the_terminal() {
        let (_dir, files) = user_files("(theme: \"light\")", &[]);
        let settings = Settings::resolve(
            files,
            None,
            &Environment {
                no_color: false,
                depth: ColorDepth::Ansi16,
            },
        )
        .unwrap();
        assert_eq!(settings.theme.normal.bg, Some(ratatui::style::Color::White));
    }
}
