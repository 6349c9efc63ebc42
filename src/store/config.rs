//! The user's configuration: where `config.ron` is, reading it, and the
//! user's theme files next to it.
//!
//! The key section's type is the caller's (`Config<Keys>`): the store knows
//! files, not what a key or an action is.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::referentiel::{Position, Step, explain_ron_error, locate};
use crate::ron_style;

/// The config format this livret reads.
pub const CONFIG_VERSION: u32 = 1;

/// `config.ron`. Every field is optional; an empty file is a valid config.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config<Keys> {
    #[serde(default = "version_one")]
    pub format_version: u32,
    /// The candidate's name, shown in the interface and on exports.
    #[serde(default)]
    pub name: Option<String>,
    /// The theme to start with (`livret themes` lists them).
    #[serde(default)]
    pub theme: Option<String>,
    /// Key overrides: `{ "ctrl-s": save_note }`.
    #[serde(default)]
    pub keys: Keys,
    /// Help to write: words expected per critère (a référentiel's own
    /// target wins), and writing prompts that replace the référentiel's.
    #[serde(default)]
    pub writing: crate::referentiel::Writing,
    /// After how many days away « Que faire maintenant ? » opens at start
    /// (3 when absent; 0: never).
    #[serde(default)]
    pub welcome_after_days: Option<u32>,
    /// Whether the interface syncs with the centre (git, `livret sync init`)
    /// when it starts and when it quits (false when absent).
    #[serde(default)]
    pub auto_sync: Option<bool>,
    /// Whether the candidate is asked their name (for their tutors) when a
    /// portfolio has none (true when absent).
    #[serde(default)]
    pub ask_name: Option<bool>,
    /// The SSH key that signs your reviews as a tutor (`~` allowed; when
    /// absent, git's `user.signingkey`, else `~/.ssh/id_ed25519`…: see
    /// [`super::signing::default_key`]).
    #[serde(default)]
    pub signing_key: Option<PathBuf>,
}

fn version_one() -> u32 {
    1
}

impl<Keys: Default> Default for Config<Keys> {
    fn default() -> Self {
        Config {
            format_version: CONFIG_VERSION,
            name: None,
            theme: None,
            keys: Keys::default(),
            writing: Default::default(),
            welcome_after_days: None,
            auto_sync: None,
            ask_name: None,
            signing_key: None,
        }
    }
}

/// What is wrong in a file the user wrote, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub path: PathBuf,
    pub position: Option<Position>,
    pub message: String,
}

impl FileProblem {
    /// `config.ron:3:12: message`: the file name only, for a one-line warning.
    pub fn short(&self) -> String {
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.render(&name)
    }

    fn render(&self, origin: &str) -> String {
        match self.position {
            Some(position) => format!("{origin}:{position}: {}", self.message),
            None => format!("{origin}: {}", self.message),
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&self.path.display().to_string()))
    }
}

impl std::error::Error for FileProblem {}

/// Parses a RON text the user wrote; `path` is only used in errors.
pub fn parse_ron<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, FileProblem> {
    ron_style::options().from_str(text).map_err(|e| {
        let position = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        const CUT: &str = "le fichier s’arrête avant la fin (une parenthèse ou une accolade \
                           fermante oubliée ?)";
        let message = match &e.code {
            ron::Error::Eof => CUT.to_string(),
            // Our own messages (an unknown key name, an unknown colour) are already French.
            ron::Error::Message(message) => message.clone(),
            code if only_blanks_after(text, position) => {
                format!("{CUT} : {}", explain_ron_error(code))
            }
            code => explain_ron_error(code),
        };
        FileProblem {
            path: path.to_path_buf(),
            position: Some(position),
            message,
        }
    })
}

/// The environment variables that locate the configuration.
#[derive(Debug, Clone, Default)]
pub struct ConfigEnv {
    /// `$LIVRET_CONFIG`: the config file itself.
    pub livret_config: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

impl ConfigEnv {
    /// Reads the process environment; empty variables count as unset.
    pub fn from_env() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v: &OsString| !v.is_empty())
                .map(PathBuf::from)
        };
        ConfigEnv {
            livret_config: var("LIVRET_CONFIG"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            home: var("HOME"),
        }
    }
}

/// `$LIVRET_CONFIG`, else `$XDG_CONFIG_HOME/livret/config.ron`, else
/// `~/.config/livret/config.ron`, else the platform's config directory.
pub fn config_path(env: &ConfigEnv) -> Option<PathBuf> {
    if let Some(path) = &env.livret_config {
        return Some(path.clone());
    }
    let dir = env
        .xdg_config_home
        .as_ref()
        .filter(|p| p.is_absolute())
        .map(|xdg| xdg.join("livret"))
        .or_else(|| env.home.as_ref().map(|home| home.join(".config/livret")))
        .or_else(|| {
            directories::ProjectDirs::from("fr", "livret", "livret")
                .map(|dirs| dirs.config_dir().to_path_buf())
        })?;
    Some(dir.join("config.ron"))
}

/// The directory of the user's themes: `themes/` next to the config file.
pub fn themes_dir(config_path: &Path) -> PathBuf {
    config_path
        .parent()
        .unwrap_or(Path::new("."))
        .join("themes")
}

/// Reads the config at `path`. A missing file is the default config; an
/// unreadable or invalid one is an error, and nothing is taken from it.
pub fn load_config<Keys>(path: &Path) -> Result<Config<Keys>, FileProblem>
where
    Keys: DeserializeOwned + Default,
{
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(FileProblem {
                path: path.to_path_buf(),
                position: None,
                message: format!("lecture impossible : {e}"),
            });
        }
    };
    parse_config(&text, path)
}

/// Parses a config text; `path` is only used in errors.
pub fn parse_config<Keys>(text: &str, path: &Path) -> Result<Config<Keys>, FileProblem>
where
    Keys: DeserializeOwned + Default,
{
    if is_blank(text) {
        return Ok(Config::default());
    }
    let config: Config<Keys> = parse_ron(text, path)?;
    if config.format_version != CONFIG_VERSION {
        return Err(FileProblem {
            path: path.to_path_buf(),
            position: locate(text, &[Step::Field("format_version")]),
            message: format!(
                "format_version {} inconnue : cette version de livret lit le format \
                 {CONFIG_VERSION} (mettez livret à jour, ou retirez ce champ)",
                config.format_version
            ),
        });
    }
    if config.writing.target_words == Some(0) {
        return Err(FileProblem {
            path: path.to_path_buf(),
            position: locate(text, &[Step::Field("writing"), Step::Field("target_words")]),
            message: "writing.target_words vaut 0 : donnez le nombre de mots attendus par \
                      critère (par exemple 300), ou retirez ce champ"
                .to_string(),
        });
    }
    if let Some((key, _)) = config.writing.prompts.iter().find(|(_, p)| {
        p.is_empty()
            || p.iter()
                .any(|line| line.trim().is_empty() || line.contains('\n'))
    }) {
        return Err(FileProblem {
            path: path.to_path_buf(),
            position: locate(text, &[Step::Field("writing"), Step::Field("prompts")]),
            message: format!(
                "writing.prompts : question d’écriture vide ou sur plusieurs lignes pour \
                 « {key} » ; écrivez chaque question entre guillemets, sur une ligne"
            ),
        });
    }
    Ok(config)
}

/// Whether only whitespace and comments follow `position` (1-based, in
/// characters): the error is then a file cut short.
fn only_blanks_after(text: &str, position: Position) -> bool {
    let rest: String = text
        .lines()
        .skip(position.line.saturating_sub(1))
        .enumerate()
        .map(|(i, line)| {
            let skip = if i == 0 {
                position.col.saturating_sub(1)
            } else {
                0
            };
            line.chars().skip(skip).collect::<String>() + "\n"
        })
        .collect();
    is_blank(&rest)
}

/// Nothing but whitespace and `//` comments.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with("//"))
}

/// A theme file the user added, not parsed yet.
#[derive(Debug, Clone)]
pub struct ThemeSource {
    /// The file name without `.ron`.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// Every `*.ron` in `dir`, by name; files that cannot be read are reported.
/// A missing directory is no themes.
pub fn load_user_themes(dir: &Path) -> (Vec<ThemeSource>, Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
        Err(e) => {
            return (
                Vec::new(),
                vec![format!("{}: lecture impossible : {e}", dir.display())],
            );
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    paths.sort();
    let mut themes = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let Some(name) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        match fs::read_to_string(&path) {
            Ok(text) => themes.push(ThemeSource { name, path, text }),
            Err(e) => problems.push(format!("{}: lecture impossible : {e}", path.display())),
        }
    }
    (themes, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Plain = Config<BTreeMap<String, String>>;

    fn env(livret: Option<&str>, xdg: Option<&str>, home: Option<&str>) -> ConfigEnv {
        ConfigEnv {
            livret_config: livret.map(PathBuf::from),
            xdg_config_home: xdg.map(PathBuf::from),
            home: home.map(PathBuf::from),
        }
    }

    #[test]
    fn the_config_is_found_in_the_documented_order() {
        let path = |e: ConfigEnv| config_path(&e).unwrap();
        assert_eq!(
            path(env(Some("/x/mine.ron"), Some("/xdg"), Some("/home/a"))),
            PathBuf::from("/x/mine.ron")
        );
        assert_eq!(
            path(env(None, Some("/xdg"), Some("/home/a"))),
            PathBuf::from("/xdg/livret/config.ron")
        );
        assert_eq!(
            path(env(None, Some("relative"), Some("/home/a"))),
            PathBuf::from("/home/a/.config/livret/config.ron"),
            "a relative XDG_CONFIG_HOME is ignored, as the spec says"
        );
        assert_eq!(
            path(env(None, None, Some("/home/a"))),
            PathBuf::from("/home/a/.config/livret/config.ron")
        );
        assert_eq!(
            themes_dir(Path::new("/x/mine.ron")),
            PathBuf::from("/x/themes")
        );
    }

    #[test]
    fn a_missing_or_blank_config_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let config: Plain = load_config(&dir.path().join("config.ron")).unwrap();
        assert_eq!(config.name, None);
        let config: Plain = parse_config("// rien\n\n", Path::new("c.ron")).unwrap();
        assert!(config.keys.is_empty());
    }

    #[test]
    fn fields_are_optional_and_some_may_be_omitted() {
        let config: Plain = parse_config(
            "(name: \"Awa Diallo\", theme: \"light\")",
            Path::new("c.ron"),
        )
        .unwrap();
        assert_eq!(config.name.as_deref(), Some("Awa Diallo"));
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert_eq!(config.signing_key, None);
        let config: Plain =
            parse_config("(signing_key: \"~/.ssh/id_livret\")", Path::new("c.ron")).unwrap();
        assert_eq!(config.signing_key, Some(PathBuf::from("~/.ssh/id_livret")));
    }

    #[test]
    fn a_newer_format_is_refused_where_it_is_written() {
        let error = parse_config::<BTreeMap<String, String>>(
            "(\n    format_version: 2,\n)",
            Path::new("c.ron"),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("c.ron:2:21: format_version 2"),
            "{error}"
        );
    }

    #[test]
    fn writing_help_is_read_and_a_target_of_zero_refused_where_it_is() {
        let config: Plain = parse_config(
            "(writing: (target_words: 250, prompts: { \"*\": [\"Où ?\", \"Quoi ?\"] }))",
            Path::new("c.ron"),
        )
        .unwrap();
        assert_eq!(config.writing.target_words, Some(250));
        assert_eq!(config.writing.prompts["*"], ["Où ?", "Quoi ?"]);
        let error = parse_config::<Plain>(
            "(\n    writing: (\n        target_words: 0,\n    ),\n)",
            Path::new("c.ron"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("c.ron:3:23: writing.target_words vaut 0"),
            "{error}"
        );
        let error = parse_config::<Plain>(
            "(writing: (prompts: { \"BC01\": [\" \"] }))",
            Path::new("c.ron"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("question d’écriture vide ou sur plusieurs lignes pour « BC01 »"),
            "{error}"
        );
    }

    #[test]
    fn user_themes_are_the_ron_files_of_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.ron"), "()").unwrap();
        fs::write(dir.path().join("a.ron"), "()").unwrap();
        fs::write(dir.path().join("notes.txt"), "").unwrap();
        let (themes, problems) = load_user_themes(dir.path());
        let names: Vec<&str> = themes.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(problems.is_empty());
        assert!(load_user_themes(&dir.path().join("none")).0.is_empty());
    }
}
