//! The path of the export: completed with Tab against the directory the
//! run loop lists, and cleaned of the quotes a pasted path brings.

use crate::tui::screens::import::{DirEntry, ImportScreen, Notice, Step};

/// `dir/` and the start of a name, as typed: `~/Té` → (`~/`, `Té`).
pub fn split_path(text: &str) -> (&str, &str) {
    match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    }
}

/// The longest start that all `names` share (by characters).
fn common_prefix<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut names = names.into_iter();
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.chars().collect();
    for name in names {
        let shared = prefix
            .iter()
            .zip(name.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        prefix.truncate(shared);
    }
    prefix.into_iter().collect()
}

/// A path as typed, without the quotes a file manager adds when a file is
/// dropped or pasted (`'/chemin/avec espaces.xml'`).
pub fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['\'', '"'] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

impl ImportScreen {
    /// The entries of a directory listed for a Tab: the path is completed
    /// as far as the names that fit agree, and they are shown when several do.
    pub fn dir_listed(&mut self, dir: &str, entries: Result<Vec<DirEntry>, String>) {
        let screen = self;
        let text = screen.path_text();
        let (typed_dir, prefix) = split_path(&text);
        if screen.step != Step::Path || typed_dir != dir {
            return;
        }
        let entries = match entries {
            Ok(entries) => entries,
            Err(error) => {
                screen.notice = Notice::error(error);
                return;
            }
        };
        let hidden_too = prefix.starts_with('.');
        let visible = |e: &&DirEntry| hidden_too || !e.name.starts_with('.');
        let mut fits: Vec<&DirEntry> = entries
            .iter()
            .filter(visible)
            .filter(|e| e.name.starts_with(prefix))
            .collect();
        if fits.is_empty() {
            // `rncp` finds `RNCP…` when nothing else does.
            let lower = prefix.to_lowercase();
            fits = entries
                .iter()
                .filter(visible)
                .filter(|e| e.name.to_lowercase().starts_with(&lower))
                .collect();
            if fits.len() > 1 {
                // Shown, but the case typed is not changed.
                screen.completions = names(&fits);
                return;
            }
        }
        fits.sort_by(|a, b| a.name.cmp(&b.name));
        match fits.as_slice() {
            [] => {
                screen.completions.clear();
                screen.notice = Notice::error(format!(
                    "Rien ne commence par « {prefix} » dans {}",
                    if dir.is_empty() {
                        "le dossier courant"
                    } else {
                        dir
                    }
                ));
            }
            [only] => {
                let slash = if only.dir { "/" } else { "" };
                screen.set_path(&format!("{dir}{}{slash}", only.name));
                screen.completions.clear();
                screen.notice = None;
            }
            several => {
                let common = common_prefix(several.iter().map(|e| e.name.as_str()));
                if common.chars().count() > prefix.chars().count() {
                    screen.set_path(&format!("{dir}{common}"));
                }
                screen.completions = names(several);
                screen.notice = None;
            }
        }
    }
}

fn names(entries: &[&DirEntry]) -> Vec<String> {
    let mut names: Vec<String> = entries
        .iter()
        .map(|e| format!("{}{}", e.name, if e.dir { "/" } else { "" }))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_directory_and_start_of_name() {
        assert_eq!(split_path("~/Té"), ("~/", "Té"));
        assert_eq!(split_path("/a/b/"), ("/a/b/", ""));
        assert_eq!(split_path("export"), ("", "export"));
        assert_eq!(split_path(""), ("", ""));
    }

    #[test]
    fn common_prefixes_are_counted_in_characters() {
        assert_eq!(common_prefix(["été.xml", "étude.xml"]), "ét");
        assert_eq!(common_prefix(["a"]), "a");
        assert_eq!(common_prefix(Vec::<&str>::new()), "");
    }

    #[test]
    fn quotes_around_a_dropped_path_go() {
        assert_eq!(unquote(" '/a b/c.xml' "), "/a b/c.xml");
        assert_eq!(unquote("\"/a.xml\""), "/a.xml");
        assert_eq!(unquote("'/a.xml"), "'/a.xml");
    }
}
