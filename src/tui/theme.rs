//! Semantic styles: views ask for "a heading" or "a ready critère", never for a colour.
//!
//! A theme is a RON file of named styles (`themes/*.ron`, compiled in; the
//! user's own in `<config>/themes/`). A file may set only some styles: the
//! others come from the theme it names as `base` (`default` when omitted).

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Deserializer};

use crate::portfolio::Status;
use crate::store::config::{FileProblem, ThemeSource, parse_ron};

/// The themes compiled into the binary, in the order `T` cycles through them.
pub const BUNDLED: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.ron")),
    ("light", include_str!("../../themes/light.ron")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.ron"),
    ),
    ("mono", include_str!("../../themes/mono.ron")),
];

/// The theme used when nothing else is asked for.
pub const DEFAULT: &str = "default";
/// The theme `NO_COLOR` asks for.
pub const MONO: &str = "mono";

/// Declares the semantic styles once: the resolved `Theme`, the `ThemeFile`
/// as written (every style optional), and the list of names.
macro_rules! semantic_styles {
    ($($(#[doc = $doc:literal])+ $name:ident,)+) => {
        /// Every style a view may ask for, resolved.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            pub name: String,
            $($(#[doc = $doc])+ pub $name: Style,)+
        }

        /// A theme file as written: any style may be left out.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ThemeFile {
            /// The theme the styles left out come from (`default` when omitted).
            #[serde(default)]
            pub base: Option<String>,
            /// One line for `livret themes`.
            #[serde(default)]
            pub description: Option<String>,
            $(#[serde(default)] pub $name: Option<StyleDef>,)+
        }

        impl Theme {
            /// The names of the semantic styles, as written in theme files.
            pub const STYLES: &[&str] = &[$(stringify!($name)),+];

            /// Every style empty: the terminal's own colours.
            fn unstyled() -> Theme {
                Theme {
                    name: String::new(),
                    $($name: Style::new(),)+
                }
            }

            /// The same theme with `f` applied to every style.
            pub fn map_styles(&self, f: impl Fn(Style) -> Style) -> Theme {
                Theme {
                    name: self.name.clone(),
                    $($name: f(self.$name),)+
                }
            }
        }

        impl ThemeFile {
            /// The styles this file leaves to its base.
            pub fn missing(&self) -> Vec<&'static str> {
                let mut missing = Vec::new();
                $(if self.$name.is_none() {
                    missing.push(stringify!($name));
                })+
                missing
            }

            /// The styles of this file over those of `base`.
            fn over(&self, name: &str, base: &Theme) -> Theme {
                Theme {
                    name: name.to_string(),
                    $($name: self.$name.as_ref().map_or(base.$name, StyleDef::style),)+
                }
            }
        }
    };
}

semantic_styles! {
    /// The whole screen's text and background (popups included).
    normal,
    /// The application's name and the title of what the detail pane shows.
    title,
    /// Section headings, figures, the names of blocs aimed for.
    heading,
    /// Pane borders.
    border,
    /// The border of the pane that has the focus, and of popups.
    border_focus,
    /// The selected line where the focus is.
    selected,
    /// The selected line of a pane without the focus.
    selected_unfocused,
    /// Secondary text: dates, counts, optional blocs not aimed for.
    dim,
    /// Status « à faire » (its symbol: ○).
    todo,
    /// Status « en cours » (◐).
    in_progress,
    /// Status « prêt » (●).
    ready,
    /// Tutor's verdict « validé ».
    validated,
    /// Tutor's verdict « à retravailler ».
    rework,
    /// The filled part of a progress gauge.
    gauge_filled,
    /// The empty part of a progress gauge.
    gauge_empty,
    /// Keys in the hint bar and the help.
    hint_key,
    /// What the keys do, in the hint bar.
    hint,
    /// Feedback after an action.
    message,
    /// Something the user should know: an ignored setting, a question.
    warning,
    /// Something failed.
    error,
    /// The matched letters of a search result.
    search_highlight,
}

impl Default for Theme {
    /// The bundled `default` theme.
    fn default() -> Self {
        let file = ThemeFile::parse(BUNDLED[0].1, Path::new("themes/default.ron"))
            .expect("the bundled default theme is valid (tested)");
        file.over(DEFAULT, &Theme::unstyled())
    }
}

impl Theme {
    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Todo => self.todo,
            Status::InProgress => self.in_progress,
            Status::Ready => self.ready,
        }
    }
}

impl ThemeFile {
    /// Parses a theme text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<ThemeFile, FileProblem> {
        parse_ron(text, path)
    }
}

/// One style as written: `(fg: "cyan", bg: "#1c1c1c", modifiers: [bold])`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleDef {
    #[serde(default)]
    pub fg: Option<ColorName>,
    #[serde(default)]
    pub bg: Option<ColorName>,
    #[serde(default)]
    pub modifiers: Vec<ModifierName>,
}

impl StyleDef {
    pub fn style(&self) -> Style {
        let mut style = Style::new();
        if let Some(fg) = self.fg {
            style = style.fg(fg.0);
        }
        if let Some(bg) = self.bg {
            style = style.bg(bg.0);
        }
        self.modifiers
            .iter()
            .fold(style, |style, m| style.add_modifier(m.modifier()))
    }
}

/// A colour as written: a name, `#rrggbb`, or an index 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColorName(pub Color);

impl<'de> Deserialize<'de> for ColorName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Color::from_str(&text).map(ColorName).map_err(|_| {
            serde::de::Error::custom(format!(
                "couleur « {text} » inconnue : un nom (red, dark_gray, light_blue…), \
                 \"#rrggbb\" ou un numéro de \"0\" à \"255\""
            ))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModifierName {
    Bold,
    Dim,
    Italic,
    Underlined,
    Reversed,
    CrossedOut,
}

impl ModifierName {
    fn modifier(self) -> Modifier {
        match self {
            ModifierName::Bold => Modifier::BOLD,
            ModifierName::Dim => Modifier::DIM,
            ModifierName::Italic => Modifier::ITALIC,
            ModifierName::Underlined => Modifier::UNDERLINED,
            ModifierName::Reversed => Modifier::REVERSED,
            ModifierName::CrossedOut => Modifier::CROSSED_OUT,
        }
    }
}

/// A theme that can be chosen, and where it comes from.
#[derive(Debug, Clone)]
pub struct ThemeEntry {
    pub theme: Theme,
    pub description: String,
    /// `None` for a bundled theme.
    pub path: Option<PathBuf>,
}

/// The theme after `current` in `themes`, round the list (the first when
/// `current` is not in it); `None` when there is none.
pub fn next<'a>(themes: &'a [Theme], current: &str) -> Option<&'a Theme> {
    match themes.iter().position(|t| t.name == current) {
        Some(i) => themes.get((i + 1) % themes.len()),
        None => themes.first(),
    }
}

/// Shows the theme after `current` (the config is not changed) and says
/// so, or says there is no other.
pub fn cycle(current: &mut Theme, themes: &[Theme]) -> String {
    match next(themes, &current.name) {
        Some(next) => {
            *current = next.clone();
            let name = &current.name;
            format!(
                "Thème « {name} » (aperçu ; pour le garder : theme: \"{name}\" dans config.ron)."
            )
        }
        None => "Aucun autre thème disponible.".to_string(),
    }
}

/// Every theme available: the bundled ones, then the user's.
#[derive(Debug, Clone)]
pub struct Themes {
    pub entries: Vec<ThemeEntry>,
}

impl Themes {
    /// The bundled themes only.
    pub fn bundled() -> Themes {
        Themes::load(Vec::new()).0
    }

    /// The bundled themes and the user's; a user theme that cannot be used
    /// is left out and said why.
    pub fn load(user: Vec<ThemeSource>) -> (Themes, Vec<String>) {
        let mut problems = Vec::new();
        let mut files: Vec<(String, ThemeFile, Option<PathBuf>)> = BUNDLED
            .iter()
            .map(|(name, text)| {
                let path = PathBuf::from(format!("themes/{name}.ron"));
                let file = ThemeFile::parse(text, &path).expect("bundled themes are valid");
                (name.to_string(), file, None)
            })
            .collect();
        for source in user {
            if files.iter().any(|(name, ..)| *name == source.name) {
                problems.push(format!(
                    "{}: « {} » est le nom d’un thème intégré ; ce fichier est ignoré \
                     (renommez-le, et gardez base: \"{}\" pour partir de l’intégré)",
                    source.path.display(),
                    source.name,
                    source.name
                ));
                continue;
            }
            match ThemeFile::parse(&source.text, &source.path) {
                Ok(file) => files.push((source.name, file, Some(source.path))),
                Err(problem) => problems.push(format!("{problem} ; ce thème est ignoré")),
            }
        }
        let mut resolved = vec![None; files.len()];
        for index in 0..files.len() {
            resolve(
                &files,
                index,
                &mut resolved,
                &mut BTreeSet::new(),
                &mut problems,
            );
        }
        let entries = files
            .into_iter()
            .zip(resolved)
            .map(|((_, file, path), theme)| ThemeEntry {
                theme: theme.expect("every theme was resolved"),
                description: file.description.clone().unwrap_or_else(|| {
                    format!("d’après « {} »", file.base.as_deref().unwrap_or(DEFAULT))
                }),
                path,
            })
            .collect();
        (Themes { entries }, problems)
    }

    pub fn get(&self, name: &str) -> Option<&Theme> {
        self.entries
            .iter()
            .map(|e| &e.theme)
            .find(|theme| theme.name == name)
    }

    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.theme.name.as_str()).collect()
    }
}

/// The theme of `files[index]` over its base, resolved recursively and kept
/// in `resolved`. A missing base or a loop is reported once and the default
/// theme is used as the base.
fn resolve(
    files: &[(String, ThemeFile, Option<PathBuf>)],
    index: usize,
    resolved: &mut Vec<Option<Theme>>,
    seen: &mut BTreeSet<usize>,
    problems: &mut Vec<String>,
) -> Theme {
    if let Some(theme) = &resolved[index] {
        return theme.clone();
    }
    let (name, file, path) = &files[index];
    seen.insert(index);
    let base_name = file.base.as_deref().unwrap_or(DEFAULT);
    let origin = || {
        path.as_ref()
            .map_or(name.clone(), |p| p.display().to_string())
    };
    let base = match files.iter().position(|(n, ..)| n == base_name) {
        _ if file.missing().is_empty() => Theme::unstyled(),
        Some(base) if !seen.contains(&base) => resolve(files, base, resolved, seen, problems),
        Some(_) => {
            problems.push(format!(
                "{}: base « {base_name} » : les thèmes se prennent l’un l’autre pour base ; \
                 les styles manquants viennent de « {DEFAULT} »",
                origin()
            ));
            Theme::default()
        }
        None => {
            problems.push(format!(
                "{}: base « {base_name} » inconnue ; les styles manquants viennent de \
                 « {DEFAULT} »",
                origin()
            ));
            Theme::default()
        }
    };
    let theme = file.over(name, &base);
    resolved[index] = Some(theme.clone());
    theme
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> ThemeSource {
        ThemeSource {
            name: name.to_string(),
            path: PathBuf::from(format!("/cfg/themes/{name}.ron")),
            text: text.to_string(),
        }
    }

    #[test]
    fn every_bundled_theme_sets_every_style() {
        for (name, text) in BUNDLED {
            let file = ThemeFile::parse(text, Path::new(name)).unwrap();
            assert!(
                file.missing().is_empty(),
                "{name} lacks {:?}",
                file.missing()
            );
            assert!(file.base.is_none(), "{name} stands alone");
            assert!(file.description.is_some(), "{name} describes itself");
        }
        assert_eq!(
            Themes::bundled().names(),
            ["default", "light", "high-contrast", "mono"]
        );
    }

    #[test]
    fn the_default_theme_keeps_the_original_dark_styles() {
        let theme = Theme::default();
        assert_eq!(theme.name, "default");
        assert_eq!(theme.normal, Style::new());
        assert_eq!(
            theme.title,
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.todo, Style::new());
        assert_eq!(theme.dim, Style::new().fg(Color::DarkGray));
        assert_eq!(
            theme.search_highlight,
            Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        );
    }

    #[test]
    fn the_mono_theme_has_no_colour() {
        let themes = Themes::bundled();
        let mono = themes.get(MONO).unwrap();
        mono.map_styles(|style| {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
            style
        });
    }

    #[test]
    fn a_partial_user_theme_takes_the_rest_from_its_base() {
        let (themes, problems) = Themes::load(vec![
            source("mine", "(base: \"light\", title: (fg: \"red\"))"),
            source("plain", "(hint: (modifiers: [italic]))"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let light = themes.get("light").unwrap();
        let mine = themes.get("mine").unwrap();
        assert_eq!(mine.title, Style::new().fg(Color::Red));
        assert_eq!(mine.heading, light.heading);
        assert_eq!(mine.normal, light.normal);
        let plain = themes.get("plain").unwrap();
        assert_eq!(plain.hint, Style::new().add_modifier(Modifier::ITALIC));
        assert_eq!(
            plain.title,
            Theme::default().title,
            "base defaults to default"
        );
    }

    #[test]
    fn user_themes_may_build_on_each_other_and_loops_are_caught() {
        let (themes, problems) = Themes::load(vec![
            source("a", "(base: \"b\", title: (fg: \"red\"))"),
            source("b", "(base: \"mono\", hint: (fg: \"blue\"))"),
            source("x", "(base: \"y\")"),
            source("y", "(base: \"x\")"),
            source("z", "(base: \"nowhere\")"),
        ]);
        let a = themes.get("a").unwrap();
        assert_eq!(a.hint, Style::new().fg(Color::Blue));
        assert_eq!(a.selected, Style::new().add_modifier(Modifier::REVERSED));
        assert!(themes.get("x").is_some() && themes.get("z").is_some());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("l’un l’autre"), "{problems:?}");
        assert!(problems[1].contains("« nowhere » inconnue"), "{problems:?}");
    }

    #[test]
    fn a_broken_user_theme_is_reported_with_its_place_and_left_out() {
        let (themes, problems) = Themes::load(vec![
            source("bad", "(\n    title: (fg: \"rouge\"),\n)"),
            source("typo", "(\n    titel: (),\n)"),
            source("default", "()"),
        ]);
        assert_eq!(
            themes.names(),
            ["default", "light", "high-contrast", "mono"]
        );
        assert!(
            problems[0].starts_with("/cfg/themes/bad.ron:2:")
                && problems[0].contains("couleur « rouge » inconnue"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("/cfg/themes/typo.ron:2:")
                && problems[1].contains("champ inconnu « titel »"),
            "{problems:?}"
        );
        assert!(
            problems[2].contains("nom d’un thème intégré"),
            "{problems:?}"
        );
    }
}
