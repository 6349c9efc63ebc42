//! Where livret keeps its files.

use std::path::{Path, PathBuf};

/// The user's data directory: `--data-dir`, else `LIVRET_DATA_DIR`, else the
/// platform default from the `directories` crate.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The explicit directory if given, else the platform's data directory.
    pub fn resolve(explicit: Option<PathBuf>) -> Option<Self> {
        explicit
            .or_else(|| {
                directories::ProjectDirs::from("fr", "livret", "livret")
                    .map(|dirs| dirs.data_dir().to_path_buf())
            })
            .map(DataDir::new)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A name for whose directory this is, to offer when asking theirs:
    /// the directory's own (a cohort names each candidate's after them), or
    /// for the platform's default directory (`…/livret`), the account's.
    pub fn owner_name(&self) -> Option<String> {
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let default = DataDir::resolve(None)
            .and_then(|d| std::fs::canonicalize(d.root).ok())
            .is_some_and(|d| d == root);
        match root.file_name() {
            Some(name) if !default => Some(name.to_string_lossy().into_owned()),
            #[cfg(unix)]
            _ => super::account::user_name(super::account::current_uid()),
            #[cfg(not(unix))]
            _ => None,
        }
    }

    /// User-supplied référentiels, same schema as the bundled ones.
    pub fn referentiels(&self) -> PathBuf {
        self.root.join("referentiels")
    }

    /// The candidates' portfolios, one file per certification.
    pub fn portfolios(&self) -> PathBuf {
        self.root.join("portfolios")
    }

    /// The portfolio for one certification.
    pub fn portfolio(&self, referentiel_id: &str) -> PathBuf {
        self.portfolios().join(format!("{referentiel_id}.ron"))
    }

    /// Where the TUI writes exported dossiers.
    pub fn exports(&self) -> PathBuf {
        self.root.join("exports")
    }

    /// Small conveniences kept between runs (the last certification opened).
    pub fn state(&self) -> PathBuf {
        self.root.join("state.ron")
    }

    /// Where the candidate left the tree of each certification: local
    /// conveniences, git-ignored.
    pub fn views(&self) -> PathBuf {
        self.root.join("views")
    }

    /// The place in the tree for one certification.
    pub fn view(&self, referentiel_id: &str) -> PathBuf {
        self.views().join(format!("{referentiel_id}.ron"))
    }

    /// Previous versions of one portfolio.
    pub fn backups(&self, id: &str) -> PathBuf {
        self.root.join("backups").join(id)
    }

    /// Tutors' reviews: one folder per tutor (see `store::review_path`).
    pub fn reviews_root(&self) -> PathBuf {
        self.root.join("reviews")
    }

    /// Parsed copies of the large files, read instead of them while they
    /// match (`store::cache`): never synced, safe to delete.
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// The parsed copy of `<folder>/<stem>.ron`: `cache/<folder>/<stem>.json`.
    pub fn cached(&self, folder: &str, stem: &str) -> PathBuf {
        self.cache().join(folder).join(format!("{stem}.json"))
    }

    /// Every directory livret writes files in, as they are now: the root,
    /// portfolios, référentiels, exports, views, the cache, and each certification's
    /// backups and reviews.
    pub fn write_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![
            self.root.clone(),
            self.portfolios(),
            self.referentiels(),
            self.exports(),
            self.views(),
            self.cache().join("portfolios"),
            self.cache().join("referentiels"),
        ];
        for parent in ["backups", "reviews"] {
            if let Ok(entries) = std::fs::read_dir(self.root.join(parent)) {
                dirs.extend(
                    entries
                        .flatten()
                        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                        .map(|e| e.path()),
                );
            }
        }
        dirs
    }
}

#[cfg(test)]
mod tests {
    use super::DataDir;

    #[test]
    fn a_data_directory_is_named_after_its_owner() {
        let cohort = tempfile::tempdir().unwrap();
        let alice = cohort.path().join("alice");
        std::fs::create_dir(&alice).unwrap();
        assert_eq!(DataDir::new(&alice).owner_name().as_deref(), Some("alice"));
        let back = DataDir::new(alice.join("."));
        assert_eq!(back.owner_name().as_deref(), Some("alice"));
    }
}
