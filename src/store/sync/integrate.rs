//! Bringing the other side's changes in: each file they changed is written
//! here by livret (atomically, owner-only), or merged where both changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::{BRANCH, Blob, Report, Session};
use crate::portfolio::{Base, Newer};
use crate::store::LockError;
use crate::store::git::GitError;
use crate::sync::{self, Changes, Kind};

/// Why nothing was brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Blocked {
    /// A file to write is open in another livret: what to say.
    Busy(String),
    /// A file to write changed here since the last commit.
    Moved,
}

impl Blocked {
    pub(super) fn said(self) -> String {
        match self {
            Blocked::Busy(said) => said,
            Blocked::Moved => {
                "Un fichier a changé ici pendant la synchronisation ; relancez-la".to_string()
            }
        }
    }
}

/// What to do with one file.
enum Action {
    /// Theirs replaces this side's, or removes it (`None`).
    Take(Option<Vec<u8>>),
    /// Both changed: the merge of the two.
    Merge(Vec<u8>),
}

impl Session<'_> {
    /// Brings in what `theirs` changed since it and `head` parted; `Some`
    /// (the file and who holds it) when a file to write is open in another
    /// livret, and then nothing was written.
    pub(super) fn bring_in(
        &mut self,
        head: &str,
        theirs: &str,
        report: &mut Report,
    ) -> Result<Option<Blocked>, GitError> {
        let base = self
            .git
            .run(&["merge-base", head, theirs])
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let base_tree = match &base {
            Some(base) => self.tree(base)?,
            None => BTreeMap::new(),
        };
        let ours_tree = self.tree(head)?;
        let plan = self.plan(&ours_tree, &base_tree, &self.tree(theirs)?, report)?;
        if let Some(blocked) = self.execute(plan, &ours_tree, report)? {
            return Ok(Some(blocked));
        }
        // A fast-forward where nothing was here that they lack; else a
        // merge commit with both parents.
        let tree = self.stage()?;
        let their_tree = self
            .git
            .run(&["rev-parse", &format!("{theirs}^{{tree}}")])?;
        if self.git.is_ancestor(head, theirs)? && their_tree.trim() == tree {
            self.git.run(&["update-ref", BRANCH, theirs, head])?;
        } else {
            let said = format!("Synchronisation : reçu {}", report.received.describe());
            self.commit_here(&mut Changes::default(), Some((theirs, &said)))?;
        }
        Ok(None)
    }

    /// The first sync of a repository with no commit yet, when the remote
    /// has some (a tutor's new clone, a candidate's second laptop): their
    /// files come in, merged with any here, and their history becomes this
    /// side's, so that what is here is then sent as one commit on top.
    pub(super) fn adopt(
        &mut self,
        theirs: &str,
        report: &mut Report,
    ) -> Result<Option<Blocked>, GitError> {
        let here = self.stage()?;
        let ours_tree = self.tree(&here)?;
        let plan = self.plan(&ours_tree, &BTreeMap::new(), &self.tree(theirs)?, report)?;
        if let Some(blocked) = self.execute(plan, &ours_tree, report)? {
            return Ok(Some(blocked));
        }
        self.git.run(&["update-ref", BRANCH, theirs])?;
        Ok(None)
    }

    /// What to write here for what they changed since `base`.
    fn plan(
        &self,
        ours_tree: &BTreeMap<String, Blob>,
        base_tree: &BTreeMap<String, Blob>,
        their_tree: &BTreeMap<String, Blob>,
        report: &mut Report,
    ) -> Result<Vec<(String, Action)>, GitError> {
        let sha = |b: Option<&Blob>| b.map(|b| b.sha.clone());
        let paths: BTreeSet<&String> = base_tree.keys().chain(their_tree.keys()).collect();
        let mut plan: Vec<(String, Action)> = Vec::new();
        for path in paths {
            let (was, their) = (base_tree.get(path), their_tree.get(path));
            if sha(was) == sha(their) {
                continue;
            }
            let plain = their.is_none_or(|b| matches!(b.mode.as_str(), "100644" | "100755"));
            if !sync::travels(path) || !plain {
                report.notes.push(format!(
                    "{} : pas un fichier de livret, laissé de côté",
                    crate::text::terminal_safe(path)
                ));
                continue;
            }
            let ours = ours_tree.get(path);
            if sha(ours) == sha(their) {
                continue;
            }
            if their.is_some_and(|b| b.size > crate::store::safe::MAX_BYTES) {
                report.notes.push(format!(
                    "{} : plus de 64 Mo, laissé de côté",
                    crate::text::terminal_safe(path)
                ));
                continue;
            }
            // The centre's list of allowed signers is the cohort's: the
            // candidate's side cannot send one in.
            if self.options.centre && path == sync::ALLOWED_SIGNERS {
                report.notes.push(
                    "allowed_signers venu du candidat : ignoré (seule la liste du centre compte)"
                        .to_string(),
                );
                continue;
            }
            // A review under this side's own name, changed elsewhere: only
            // if this side signed it (its other machine); else it is kept
            // out, never taken for this side's own.
            if let Some(why) = self.not_mine(path, their, their_tree)? {
                report.notes.push(why);
                continue;
            }
            if sha(ours) == sha(was) {
                // Only they changed it. A portfolio is never removed by a
                // sync: no livret command removes one.
                if their.is_none() && sync::kind(path) == Kind::Portfolio {
                    continue;
                }
                plan.push((path.clone(), Action::Take(self.object(their)?)));
                continue;
            }
            // Both changed it.
            let (ours, was, their) = (self.object(ours)?, self.object(was)?, self.object(their)?);
            match (sync::kind(path), ours, their) {
                (Kind::Portfolio, Some(ours), Some(their)) => {
                    match self.merge_portfolio(path, &ours, was.as_deref(), &their) {
                        Some((merged, conflicts)) => {
                            report.conflicts += conflicts;
                            plan.push((path.clone(), Action::Merge(merged)));
                        }
                        None => report.notes.push(format!(
                            "{} : l’autre version ne se lit pas ; la vôtre est gardée (l’autre \
                             reste dans l’historique git)",
                            crate::text::terminal_safe(path)
                        )),
                    }
                }
                (_, None, Some(their)) => plan.push((path.clone(), Action::Take(Some(their)))),
                (Kind::Signature, ..) | (_, _, None) => {}
                _ => report.notes.push(format!(
                    "{} : modifié des deux côtés ; votre version est gardée, l’autre reste dans \
                     l’historique git",
                    crate::text::terminal_safe(path)
                )),
            }
        }
        Ok(plan)
    }

    /// Writes the plan, each file under its lock; `Some` (the file and who
    /// holds it) when one is open in another livret, and then nothing is
    /// written.
    fn execute(
        &self,
        plan: Vec<(String, Action)>,
        ours_tree: &BTreeMap<String, Blob>,
        report: &mut Report,
    ) -> Result<Option<Blocked>, GitError> {
        // The files livret writes under a lock: taken before anything is
        // written, so that nothing is written if one is in use.
        let mut locks = Vec::new();
        for (path, _) in &plan {
            if !matches!(sync::kind(path), Kind::Portfolio | Kind::Review) {
                continue;
            }
            let full = self.data.root().join(path);
            if self.options.held.contains(&full) {
                continue;
            }
            match crate::store::lock(&full, "synchronisation") {
                Ok(lock) => locks.push(lock),
                Err(LockError::Held { holder }) => {
                    return Ok(Some(Blocked::Busy(format!(
                        "{path} est ouvert dans un autre livret ({}) ; fermez-le, ou \
                         synchronisez depuis l’interface (touche S)",
                        crate::text::terminal_safe(&holder)
                    ))));
                }
                Err(LockError::Io(error)) => return Err(GitError::Io(error)),
            }
        }
        // Each file as the plan saw it: else this side wrote it meanwhile.
        for (path, _) in &plan {
            let planned = self.object(ours_tree.get(path))?;
            let now = crate::store::safe::read(&self.inside(path)?).ok();
            if planned != now {
                return Ok(Some(Blocked::Moved));
            }
        }
        for (path, action) in plan {
            let full = self.inside(&path)?;
            let old = crate::store::safe::read(&full).ok();
            let new = match action {
                Action::Take(new) => new,
                Action::Merge(new) => Some(new),
            };
            match &new {
                Some(bytes) => crate::store::write_atomic(&full, bytes).map_err(GitError::Io)?,
                None => match fs::remove_file(&full) {
                    Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                        return Err(GitError::Io(error));
                    }
                    _ => {}
                },
            }
            report
                .received
                .add(self.describe(&path, old.as_deref(), new.as_deref()));
        }
        drop(locks);
        Ok(None)
    }

    /// Why a change of theirs to `path` is kept out, when it touches this
    /// side's own review: in `reviews/<name>/` (or its signature), their
    /// version must verify as signed by this side, and hold everything this
    /// side's has (an older signed version sent back is refused); a review
    /// elsewhere that names this side as its tutor (an earlier layout) is
    /// never taken.
    fn not_mine(
        &self,
        path: &str,
        their: Option<&Blob>,
        their_tree: &BTreeMap<String, Blob>,
    ) -> Result<Option<String>, GitError> {
        let own = format!("reviews/{}/", crate::store::tutor_file_name(&self.who.name));
        let review_path = path.strip_suffix(".sig").unwrap_or(path).to_string();
        let refused = |why: &str| {
            Some(format!(
                "{} : relecture à votre nom {why} ; laissée de côté (elle reste dans \
                 l’historique git)",
                crate::text::terminal_safe(path)
            ))
        };
        let parse = |bytes: &[u8]| {
            let text = std::str::from_utf8(bytes).ok()?;
            crate::store::reviews::parse(text, Path::new(&review_path)).ok()
        };
        if !path.starts_with(&own) {
            let names_me = sync::kind(path) == Kind::Review
                && match their {
                    Some(blob) => parse(&self.git.object(&blob.sha)?)
                        .is_some_and(|r| r.tutor == self.who.name),
                    None => false,
                };
            return Ok(names_me.then(|| refused("hors de votre dossier")).flatten());
        }
        let Some(review) = their_tree.get(&review_path) else {
            return Ok(refused("retirée ailleurs"));
        };
        let signature = their_tree.get(&format!("{review_path}.sig"));
        let (Some(signers), Some(signature)) =
            (crate::store::signing::signers_for(self.data), signature)
        else {
            return Ok(refused("modifiée ailleurs sans votre signature"));
        };
        let review_bytes = self.git.object(&review.sha)?;
        // Checked from copies in the repository's own (private) folder.
        let dir = self.git.git_dir().join("livret-verify");
        let _ = fs::remove_dir_all(&dir);
        crate::store::atomic::create_dirs(&dir).map_err(GitError::Io)?;
        let copy = dir.join("review.ron");
        crate::store::write_atomic(&copy, &review_bytes).map_err(GitError::Io)?;
        crate::store::write_atomic(
            &crate::store::signing::signature_path(&copy),
            &self.git.object(&signature.sha)?,
        )
        .map_err(GitError::Io)?;
        let principal = crate::store::signing::principal(&self.who.name);
        let verified = crate::store::signing::verify(&copy, &signers, &principal).is_verified();
        let _ = fs::remove_dir_all(&dir);
        if !verified {
            return Ok(refused("modifiée ailleurs sans votre signature"));
        }
        // Signed by this side, but maybe an older version sent back: it
        // must hold all of this side's history and comments.
        let here = crate::store::safe::read(&self.data.root().join(&review_path)).ok();
        if let (Some(here), Some(theirs)) = (here.as_deref().and_then(parse), parse(&review_bytes))
        {
            let comments = |r: &crate::review::Review| -> Vec<crate::review::Comment> {
                r.items.values().flat_map(|i| i.comments.clone()).collect()
            };
            let theirs_comments = comments(&theirs);
            let holds = theirs.history.starts_with(&here.history)
                && comments(&here).iter().all(|c| theirs_comments.contains(c));
            if !holds {
                return Ok(refused("plus ancienne que la vôtre"));
            }
        }
        Ok(None)
    }

    /// `path` under the data directory, refused if a folder on the way is
    /// a link (a sync never writes out of the data directory).
    fn inside(&self, path: &str) -> Result<PathBuf, GitError> {
        let root = self.data.root();
        let mut at = root.to_path_buf();
        for part in Path::new(path).iter() {
            at.push(part);
            if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(GitError::Io(std::io::Error::other(format!(
                    "{} est un lien symbolique : la synchronisation ne le suit pas",
                    at.display()
                ))));
            }
        }
        Ok(at)
    }

    /// Both versions of a portfolio put together note by note (a note
    /// edited on both sides is kept in both versions); the text, and how
    /// many notes are newly in conflict.
    fn merge_portfolio(
        &self,
        path: &str,
        ours: &[u8],
        base: Option<&[u8]>,
        theirs: &[u8],
    ) -> Option<(Vec<u8>, usize)> {
        let parse = |bytes: &[u8]| self.portfolio(path, bytes);
        let mut merged = parse(ours)?;
        let theirs = parse(theirs)?;
        let before = sync::conflicts(&merged);
        let base = base.and_then(parse);
        merged.merge_from(&theirs, base.as_ref().map(Base::of).as_ref(), Newer::Ours);
        let conflicts = sync::conflicts(&merged).saturating_sub(before);
        Some((
            crate::store::portfolio_to_ron(&merged).into_bytes(),
            conflicts,
        ))
    }

    fn portfolio(&self, path: &str, bytes: &[u8]) -> Option<crate::portfolio::Portfolio> {
        let id = Path::new(path).file_stem()?.to_str()?;
        let text = std::str::from_utf8(bytes).ok()?;
        crate::store::portfolio::parse(text, Path::new(path), id).ok()
    }

    fn certification(&self, id: &str) -> Option<&crate::referentiel::Certification> {
        self.catalog
            .entries
            .iter()
            .find(|e| e.certification.id == id)
            .map(|e| &e.certification)
    }

    /// What changed in one file, in the candidate's words.
    pub(super) fn describe(&self, path: &str, old: Option<&[u8]>, new: Option<&[u8]>) -> Changes {
        let other = Changes {
            other: 1,
            ..Changes::default()
        };
        match sync::kind(path) {
            Kind::Portfolio => {
                let old = old.map(|b| self.portfolio(path, b));
                let new = new.map(|b| self.portfolio(path, b));
                match (old, new) {
                    (Some(None), _) | (_, Some(None)) => other,
                    (old, new) => {
                        let (old, new) = (old.flatten(), new.flatten());
                        let id = old.as_ref().or(new.as_ref()).map(|p| p.referentiel.clone());
                        let certification = id.as_deref().and_then(|id| self.certification(id));
                        sync::portfolio_changes(old.as_ref(), new.as_ref(), certification)
                    }
                }
            }
            Kind::Review => {
                let read = |bytes: &[u8]| {
                    let text = std::str::from_utf8(bytes).ok()?;
                    crate::store::reviews::parse(text, Path::new(path)).ok()
                };
                let old = old.map(read);
                let new = new.map(read);
                match (old, new) {
                    (Some(None), _) | (_, Some(None)) => other,
                    (old, new) => {
                        let (old, new) = (old.flatten(), new.flatten());
                        let id = old.as_ref().or(new.as_ref()).map(|r| r.referentiel.clone());
                        let certification = id.as_deref().and_then(|id| self.certification(id));
                        sync::review_changes(old.as_ref(), new.as_ref(), certification)
                    }
                }
            }
            // livret's own and the signatures: nothing to tell.
            Kind::Signature => Changes::default(),
            Kind::Other if path == ".gitignore" => Changes::default(),
            Kind::Referentiel | Kind::Other => other,
        }
    }
}
