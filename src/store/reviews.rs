//! Tutors' reviews: `<data>/reviews/<tutor>/<referentiel-id>.ron`, one
//! folder per tutor, written only by that tutor's process. In a cohort the
//! folder and the file belong to the tutor's account, so nobody else can
//! replace or remove them; earlier versions wrote
//! `<data>/reviews/<referentiel-id>/<tutor>.ron`, still read.
//!
//! Who wrote a review is not what the file says: in a shared directory (see
//! [`Trust`]) a review counts only if the account that owns the file is the
//! tutor it names, and is not the candidate. Any other file is left out and
//! reported. In a data directory synced by git, a review is also checked
//! against its signature ([`super::signing`]): one that does not verify is
//! read, marked, and its verdicts do not count.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::referentiel::{Certification, Position, explain_ron_error};
use crate::review::{FORMAT_VERSION, Review};
use crate::ron_style;

use super::DataDir;
use super::account;

/// A tutor name as a file name, one to one: ASCII letters, digits, `-` and
/// `_` kept, every other byte of its UTF-8 as `%XX` (« Élodie » is
/// `%C3%89lodie`, « Èlodie » `%C3%88lodie`). Unix account names keep their
/// form.
pub fn tutor_file_name(tutor: &str) -> String {
    if tutor.is_empty() {
        return "%".to_string();
    }
    let mut name = String::with_capacity(tutor.len());
    for byte in tutor.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_') {
            name.push(byte as char);
        } else {
            name.push_str(&format!("%{byte:02X}"));
        }
    }
    name
}

/// The file name earlier versions gave a tutor (not one to one): read only.
fn legacy_file_name(tutor: &str) -> String {
    let name: String = tutor
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.');
    if name.is_empty() {
        "tuteur".to_string()
    } else {
        name.to_string()
    }
}

/// Where `tutor` writes their review of `referentiel`.
pub fn review_path(data: &DataDir, referentiel: &str, tutor: &str) -> PathBuf {
    data.reviews_root()
        .join(tutor_file_name(tutor))
        .join(format!("{referentiel}.ron"))
}

fn legacy_review_path(data: &DataDir, referentiel: &str, tutor: &str) -> PathBuf {
    data.reviews_root()
        .join(referentiel)
        .join(format!("{}.ron", legacy_file_name(tutor)))
}

/// Whether one account holds everything or the directory is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The data directory and its `reviews/` are this account's and no one
    /// else may write in them: whoever wrote a review did so as this
    /// account, and a review is what its file name says.
    Private,
    /// Another account owns the directory, or others may write reviews in
    /// it (a cohort, `share`): a review is what the account owning its file
    /// wrote. `candidate` owns the data directory.
    Shared { candidate: u32 },
}

/// How far the files of `root` (a candidate's data directory) can be
/// trusted to be who they say.
pub fn trust(root: &Path) -> Trust {
    let me = account::current_uid();
    let closed = |m: &fs::Metadata| m.uid() == me && m.mode() & 0o022 == 0 && m.is_dir();
    match fs::metadata(root) {
        Ok(metadata) => {
            // In a group that is not this account's own (a cohort's), the
            // directory is shared whatever its modes say now.
            let own_group = metadata.gid() == account::current_gid();
            let reviews = fs::symlink_metadata(root.join("reviews"));
            if closed(&metadata) && own_group && reviews.as_ref().map_or(true, closed) {
                Trust::Private
            } else {
                Trust::Shared {
                    candidate: metadata.uid(),
                }
            }
        }
        // Nothing there yet: it will be this account's.
        Err(_) => Trust::Private,
    }
}

pub(super) fn parse(text: &str, path: &Path) -> Result<Review, String> {
    let review: Review = ron_style::options().from_str(text).map_err(|e| {
        let position = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        format!(
            "{}:{position}: {} ; le fichier n’a pas été modifié",
            path.display(),
            explain_ron_error(&e.code)
        )
    })?;
    if review.format_version > FORMAT_VERSION {
        return Err(format!(
            "{}: revue au format {}, plus récent que celui de ce livret ({FORMAT_VERSION}) ; \
             mettez livret à jour ; le fichier n’a pas été modifié",
            path.display(),
            review.format_version
        ));
    }
    // Written back in the current format.
    let mut review = review;
    review.format_version = FORMAT_VERSION;
    Ok(review)
}

/// Reads one review file: not through a link, a regular file, capped.
/// With its owner and its text.
fn read(path: &Path) -> Result<(Review, u32, String), String> {
    let (text, owner) = super::safe::read_owned(path)
        .map_err(|error| format!("{}: lecture impossible : {error}", path.display()))?;
    Ok((parse(&text, path)?, owner, text))
}

/// Why the review read at `path` (owned by `owner`) does not count, if it does not.
fn refusal(path: &Path, review: &Review, owner: u32, trust: Trust) -> Option<String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let named = folder == tutor_file_name(&review.tutor) && stem == review.referentiel
        || folder == review.referentiel && stem == legacy_file_name(&review.tutor);
    let tutor = crate::text::terminal_safe(&review.tutor);
    if !named {
        return Some(format!(
            "{} : se dit de « {tutor} », mais ce n’est pas son fichier : avis ignoré",
            path.display()
        ));
    }
    let Trust::Shared { candidate } = trust else {
        return None;
    };
    if owner == candidate {
        return Some(format!(
            "{} : écrit par le compte du candidat, pas par un tuteur : avis ignoré",
            path.display()
        ));
    }
    let writer = account::describe_uid(owner);
    if writer != review.tutor {
        return Some(format!(
            "{} : se dit de « {tutor} », mais écrit par le compte {writer} : avis ignoré",
            path.display()
        ));
    }
    // In a tutor's own folder, the folder is theirs too: else whoever owns
    // it could remove or roll back the file.
    let in_own_folder = folder == tutor_file_name(&review.tutor) && stem == review.referentiel;
    let folder_owner = path
        .parent()
        .and_then(|p| fs::symlink_metadata(p).ok())
        .map(|m| m.uid());
    (in_own_folder && folder_owner != Some(owner)).then(|| {
        format!(
            "{} : le dossier n’est pas à {tutor}, qui ne peut donc en répondre : avis ignoré",
            path.display()
        )
    })
}

/// Whether `path` is a real folder, not a link to one elsewhere.
fn real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Where `tutor` may write their reviews, or why not: `reviews/` and their
/// folder must be real folders (a candidate who owns the data directory
/// could put a link to another candidate's `reviews/` there), and in a
/// shared directory their folder must be theirs (another tutor could have
/// made it first to control it).
pub fn review_place(data: &DataDir, tutor: &str) -> Result<(), String> {
    let root = data.reviews_root();
    let folder = root.join(tutor_file_name(tutor));
    for path in [&root, &folder] {
        let Ok(metadata) = fs::symlink_metadata(path) else {
            return Ok(());
        };
        if !metadata.is_dir() {
            return Err(format!(
                "dossier d’avis remplacé par un lien ou un fichier : rien n’y est écrit ; \
                 prévenez l’administrateur, livret cohort check ({})",
                path.display()
            ));
        }
    }
    if let (Trust::Shared { .. }, Ok(metadata)) =
        (trust(data.root()), fs::symlink_metadata(&folder))
        && metadata.uid() != account::current_uid()
    {
        return Err(format!(
            "votre dossier d’avis appartient à {}, pas à vous : rien n’y est écrit ; prévenez \
             l’administrateur, livret cohort check ({})",
            account::describe_uid(metadata.uid()),
            folder.display()
        ));
    }
    Ok(())
}

/// The review files that may hold a review of `referentiel`: each tutor's
/// folder, and the folder of earlier versions. Sorted, each once. Never
/// through a link: `reviews/` and the folders must be real ones.
pub fn review_files(data: &DataDir, referentiel: &str) -> Vec<PathBuf> {
    let root = data.reviews_root();
    let file_name = format!("{referentiel}.ron");
    let mut files = BTreeSet::new();
    if !real_dir(&root) {
        return Vec::new();
    }
    if let Ok(entries) = fs::read_dir(&root) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                let path = entry.path().join(&file_name);
                if fs::symlink_metadata(&path).is_ok() {
                    files.insert(path);
                }
            }
        }
    }
    let legacy = root.join(referentiel);
    if real_dir(&legacy)
        && let Ok(entries) = fs::read_dir(&legacy)
    {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "ron") {
                files.insert(path);
            }
        }
    }
    files.into_iter().collect()
}

/// A file's identity for change detection: modification time and size.
pub type Stamp = Option<(std::time::SystemTime, u64)>;

/// Every review file of `referentiel` and its signature with their
/// stamps: a new, changed or removed review or signature changes it.
pub fn reviews_stamp(data: &DataDir, referentiel: &str) -> Vec<(PathBuf, Stamp)> {
    review_files(data, referentiel)
        .into_iter()
        .flat_map(|path| [super::signing::signature_path(&path), path])
        .map(|path| {
            let stamp = fs::symlink_metadata(&path)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (path, stamp)
        })
        .collect()
}

/// One tutor's own review; an empty one when they have not written one yet.
/// A review from an earlier version's place is taken up (and moved at the
/// next save).
pub fn load_review(data: &DataDir, referentiel: &str, tutor: &str) -> Result<Review, String> {
    let trust = trust(data.root());
    // Not through a link to someone else's folder, not in a folder that is
    // not this tutor's.
    review_place(data, tutor)?;
    let current = review_path(data, referentiel, tutor);
    for path in [
        current.clone(),
        legacy_review_path(data, referentiel, tutor),
    ] {
        let real_parent = path.parent().is_some_and(real_dir);
        if !real_parent || fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let (review, owner, _) = read(&path)?;
        if review.referentiel != referentiel || review.tutor != tutor {
            // At the current place the file can only be this review: one
            // that says otherwise is never replaced by an empty one.
            if path == current {
                return Err(format!(
                    "{} : se dit de « {} » sur « {} », pas de vous sur celle-ci ; le fichier \
                     n’a pas été modifié",
                    path.display(),
                    crate::text::terminal_safe(&review.tutor),
                    crate::text::terminal_safe(&review.referentiel)
                ));
            }
            continue;
        }
        if matches!(trust, Trust::Shared { .. }) && owner != account::current_uid() {
            return Err(format!(
                "{} : écrit par le compte {}, pas par vous ; supprimez-le ou demandez à \
                 l’administrateur ; le fichier n’a pas été modifié",
                path.display(),
                account::describe_uid(owner)
            ));
        }
        return Ok(review);
    }
    Ok(Review::new(referentiel, tutor))
}

/// Every tutor's review of a certification, and the files that could not
/// be read or do not count (with why). In a synced directory, each with
/// whether its signature verifies ([`Review::unverified`]).
pub fn load_reviews(data: &DataDir, referentiel: &str) -> (Vec<Review>, Vec<String>) {
    load_reviews_trusting(data, referentiel, None)
}

/// [`load_reviews`], `own`'s review taken as theirs without checking its
/// signature, as [`trust_own`](crate::review::trust_own) takes it after:
/// no ssh-keygen run for an answer that is not used.
fn load_reviews_trusting(
    data: &DataDir,
    referentiel: &str,
    own: Option<&str>,
) -> (Vec<Review>, Vec<String>) {
    let trust = trust(data.root());
    let signers = super::signing::is_synced(data).then(|| super::signing::signers_for(data));
    let mut reviews: Vec<(bool, Review)> = Vec::new();
    let mut errors = Vec::new();
    for path in review_files(data, referentiel) {
        match read(&path) {
            Ok((review, ..)) if review.referentiel != referentiel => {
                // At a place that can only mean this certification, a file
                // that names another is an error to see, not a review.
                let folder = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .and_then(|s| s.to_str());
                if folder != Some(review.referentiel.as_str()) && folder != Some(referentiel) {
                    errors.push(format!(
                        "{} : avis sur « {} », pas sur « {referentiel} » : ignoré",
                        path.display(),
                        crate::text::terminal_safe(&review.referentiel)
                    ));
                }
            }
            Ok((mut review, owner, text)) => match refusal(&path, &review, owner, trust) {
                Some(error) => errors.push(error),
                None => {
                    // A comment is signed by the review's tutor, whatever it says.
                    for item in review.items.values_mut() {
                        for comment in &mut item.comments {
                            comment.author.clone_from(&review.tutor);
                        }
                    }
                    review.unverified = signers
                        .as_ref()
                        .filter(|_| own != Some(review.tutor.as_str()))
                        .and_then(|signers| {
                            super::signing::doubt(
                                &path,
                                text.as_bytes(),
                                signers.as_deref(),
                                &review,
                            )
                        });
                    let current =
                        path.parent() == review_path(data, referentiel, &review.tutor).parent();
                    reviews.push((current, review));
                }
            },
            Err(error) => errors.push(error),
        }
    }
    // A tutor's review at its current place wins over an earlier one.
    reviews.sort_by(|a, b| a.1.tutor.cmp(&b.1.tutor).then(b.0.cmp(&a.0)));
    reviews.dedup_by(|later, first| later.1.tutor == first.1.tutor);
    (reviews.into_iter().map(|(_, r)| r).collect(), errors)
}

/// [`load_reviews`] for this certification, items keyed by a former id
/// moved to the current one.
pub fn load_reviews_for(
    data: &DataDir,
    certification: &Certification,
) -> (Vec<Review>, Vec<String>) {
    let (mut reviews, errors) = load_reviews(data, &certification.id);
    for review in &mut reviews {
        review.follow_renames(certification);
    }
    (reviews, errors)
}

/// [`load_reviews_for`] as `tutor` sees them: their own review counts for
/// them, signed yet or not (its signature is not checked).
pub fn load_reviews_as(
    data: &DataDir,
    certification: &Certification,
    tutor: &str,
) -> (Vec<Review>, Vec<String>) {
    let (mut reviews, errors) = load_reviews_trusting(data, &certification.id, Some(tutor));
    for review in &mut reviews {
        review.follow_renames(certification);
    }
    crate::review::trust_own(&mut reviews, tutor);
    (reviews, errors)
}

/// [`load_review`] for this certification, items keyed by a former id moved.
pub fn load_review_for(
    data: &DataDir,
    certification: &Certification,
    tutor: &str,
) -> Result<Review, String> {
    let mut review = load_review(data, &certification.id, tutor)?;
    review.follow_renames(certification);
    Ok(review)
}

/// Writes a tutor's review at its place, then removes the copy an earlier
/// version kept elsewhere, if it is this account's file of this tutor.
/// Returns the stamp of the file written.
pub fn save_review(data: &DataDir, review: &Review) -> io::Result<super::DiskStamp> {
    review_place(data, &review.tutor)
        .map_err(|e| io::Error::new(io::ErrorKind::PermissionDenied, e))?;
    let mut text = ron_style::options()
        .to_string_pretty(review, ron_style::pretty())
        .expect("a review always serializes");
    text.push('\n');
    let stamp = super::atomic::write_atomic_stamped(
        &review_path(data, &review.referentiel, &review.tutor),
        text.as_bytes(),
    )?;
    let legacy = legacy_review_path(data, &review.referentiel, &review.tutor);
    if let Ok((old, owner, _)) = read(&legacy)
        && old.tutor == review.tutor
        && old.referentiel == review.referentiel
        && owner == account::current_uid()
    {
        // Left there if it cannot go: it is this tutor's, and the one at
        // the current place wins when both are read.
        let _ = fs::remove_file(&legacy);
    }
    Ok(stamp)
}

#[cfg(test)]
#[path = "reviews_tests.rs"]
mod tests;
