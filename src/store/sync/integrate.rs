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
    ) -> Result<Option<String>, GitError> {
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
        let plan = self.plan(&self.tree(head)?, &base_tree, &self.tree(theirs)?, report)?;
        if let Some(busy) = self.execute(plan, report)? {
            return Ok(Some(busy));
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
    ) -> Result<Option<String>, GitError> {
        let here = self.stage()?;
        let plan = self.plan(
            &self.tree(&here)?,
            &BTreeMap::new(),
            &self.tree(theirs)?,
            report,
        )?;
        if let Some(busy) = self.execute(plan, report)? {
            return Ok(Some(busy));
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
        report: &mut Report,
    ) -> Result<Option<String>, GitError> {
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
                    return Ok(Some(format!(
                        "{} ({})",
                        path,
                        crate::text::terminal_safe(&holder)
                    )));
                }
                Err(LockError::Io(error)) => return Err(GitError::Io(error)),
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

    /// Why a change of theirs to `path` is kept out, when `path` is this
    /// side's own review (`reviews/<name>/…`, or its signature) and their
    /// version does not verify as signed by this side.
    fn not_mine(
        &self,
        path: &str,
        their: Option<&Blob>,
        their_tree: &BTreeMap<String, Blob>,
    ) -> Result<Option<String>, GitError> {
        let own = format!("reviews/{}/", crate::store::tutor_file_name(&self.who.name));
        let Some(review) = path.strip_prefix(&own) else {
            return Ok(None);
        };
        let review_path = format!("{own}{}", review.strip_suffix(".sig").unwrap_or(review));
        let refused = || {
            Some(format!(
                "{} : relecture à votre nom modifiée ailleurs sans votre signature ; \
                 laissée de côté (elle reste dans l’historique git)",
                crate::text::terminal_safe(path)
            ))
        };
        let Some(their) = their.or_else(|| their_tree.get(&review_path)) else {
            return Ok(refused());
        };
        let signature = their_tree.get(&format!("{review_path}.sig"));
        let (Some(signers), Some(signature)) =
            (crate::store::signing::signers_for(self.data), signature)
        else {
            return Ok(refused());
        };
        let review = their_tree.get(&review_path).unwrap_or(their);
        // Checked from copies in the repository's own (private) folder.
        let dir = self.git.git_dir().join("livret-verify");
        let _ = fs::remove_dir_all(&dir);
        crate::store::atomic::create_dirs(&dir).map_err(GitError::Io)?;
        let copy = dir.join("review.ron");
        crate::store::write_atomic(&copy, &self.git.object(&review.sha)?).map_err(GitError::Io)?;
        crate::store::write_atomic(
            &crate::store::signing::signature_path(&copy),
            &self.git.object(&signature.sha)?,
        )
        .map_err(GitError::Io)?;
        let principal = crate::store::signing::principal(&self.who.name);
        let verified = crate::store::signing::verify(&copy, &signers, &principal).is_verified();
        let _ = fs::remove_dir_all(&dir);
        Ok((!verified).then(refused).flatten())
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
        if let Some(base) = &base {
            take_their_edits(&mut merged, base, &theirs);
        }
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

/// A note unchanged here since `base` that they edited (their side has a
/// note of the same creation time, and not this text any more) gives way to
/// their version, which the merge brought in: edited on one side only, a
/// note is not kept twice. Edited on both sides, both stay (« conflit »);
/// deleted there, it stays here (no word is lost by a sync).
fn take_their_edits(
    merged: &mut crate::portfolio::Portfolio,
    base: &crate::portfolio::Portfolio,
    theirs: &crate::portfolio::Portfolio,
) {
    for (id, work) in &mut merged.criteres {
        let (was, there) = (base.notes(id), theirs.notes(id));
        work.notes.retain(|note| {
            let same = |n: &&crate::portfolio::Note| n.created == note.created;
            let unchanged_here = was.iter().filter(same).any(|n| n.text == note.text);
            let kept_there = there.iter().filter(same).any(|n| n.text == note.text);
            let edited_there = there.iter().filter(same).any(|n| n.text != note.text);
            !(unchanged_here && !kept_there && edited_there)
        });
    }
}
