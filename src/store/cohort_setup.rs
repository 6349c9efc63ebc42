//! A cohort on a training centre's server, as the administrator sets it up
//! (`livret cohort init | add | check`). The model, one table in the README:
//!
//! | path                        | owner     | group | mode   |
//! |-----------------------------|-----------|-------|--------|
//! | `COHORT/`                   | admin     | G     | `0751` |
//! | `COHORT/NAME/` and its dirs | NAME      | G     | `2750` |
//! | NAME's files                | NAME      | G     | `0640` |
//! | `COHORT/NAME/reviews/`      | admin     | G     | `3775` |
//! | `reviews/TUTOR/`            | TUTOR     | G     | `2755` |
//! | `reviews/TUTOR/*.ron`       | TUTOR     | G     | `0644` |
//!
//! G is the tutors' group; candidates are not in it. Tutors list the cohort
//! and read every candidate; a candidate reaches only their own folder
//! (`--x` on the cohort, nothing for others on theirs); the sticky
//! `reviews/` lets each tutor create a folder that only they write, and
//! nobody else remove. Every change goes through a file opened without
//! following links: a link planted in a folder is reported, never followed.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::account;

const COHORT_MODE: u32 = 0o751;
pub(super) const CANDIDATE_DIR_MODE: u32 = 0o2750;
const CANDIDATE_FILE_MODE: u32 = 0o640;
pub(super) const REVIEWS_MODE: u32 = 0o3775;
const TUTOR_DIR_MODE: u32 = 0o2755;
const TUTOR_FILE_MODE: u32 = 0o644;
/// A write lock (`*.lock`) is the writer's alone.
const LOCK_MODE: u32 = 0o600;

/// Opens `path` itself, never what a link there points to, without
/// blocking on a FIFO.
fn open_here(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(super::safe::NO_FOLLOW)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => io::Error::new(
                io::ErrorKind::InvalidInput,
                "lien symbolique : laissé tel quel, jamais suivi",
            ),
            _ => error,
        })
}

/// Sets owner, group and mode of `path` through a handle on it (fchown,
/// fchmod: no link followed between the check and the change), once the
/// handle shows what was expected: a folder (`dir`), else a plain file with
/// no other name (a hard link to someone else's file is never changed).
pub(super) fn set(
    path: &Path,
    uid: Option<u32>,
    gid: u32,
    mode: u32,
    dir: bool,
) -> Result<(), String> {
    let file = open_here(path).map_err(|e| format!("{} : {e}", path.display()))?;
    let metadata = file
        .metadata()
        .map_err(|e| format!("{} : {e}", path.display()))?;
    let expected = if dir {
        metadata.is_dir()
    } else {
        metadata.is_file() && metadata.nlink() == 1
    };
    if !expected {
        return Err(format!(
            "{} : {} attendu ; laissé tel quel",
            path.display(),
            if dir {
                "un dossier"
            } else {
                "un fichier ordinaire sans autre nom"
            }
        ));
    }
    std::os::unix::fs::fchown(&file, uid, Some(gid))
        .and_then(|()| file.set_permissions(fs::Permissions::from_mode(mode)))
        .map_err(|e| {
            format!(
                "{} : {e} (lancez la commande avec les droits nécessaires)",
                path.display()
            )
        })
}

pub(super) fn mkdir(path: &Path) -> Result<(), String> {
    match fs::create_dir(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(format!(
            "{} : création impossible : {error}",
            path.display()
        )),
    }
}

fn group_of(name: &str) -> Result<u32, String> {
    account::group_id(name)
        .ok_or_else(|| format!("groupe « {name} » inconnu du système ; rien n’a été modifié"))
}

fn is_lock(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "lock")
}

/// `livret cohort init DIR --group G`: the cohort folder, the
/// administrator's, listed by the tutors, crossed by the candidates.
pub fn init(dir: &Path, group: &str) -> Result<String, String> {
    let gid = group_of(group)?;
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(format!(
            "{} est un lien symbolique : donnez le vrai dossier ; rien n’a été modifié",
            dir.display()
        ));
    }
    fs::create_dir_all(dir)
        .map_err(|e| format!("{} : création impossible : {e}", dir.display()))?;
    set(dir, Some(account::current_uid()), gid, COHORT_MODE, true)?;
    Ok(format!(
        "{} : cohorte du groupe {group} (propriétaire {}, mode {COHORT_MODE:04o}).\n\
         Ajoutez chaque candidat : livret cohort add {} NOM\n",
        dir.display(),
        account::current_name(),
        dir.display()
    ))
}

/// `livret cohort add DIR NAME`: the candidate's folder, theirs, readable
/// by the tutors; their `reviews/`, where each tutor writes in a folder of
/// their own. What the candidate already has there is given back to them.
pub fn add(dir: &Path, name: &str) -> Result<String, String> {
    let cohort = open_here(dir).and_then(|f| f.metadata()).map_err(|e| {
        format!(
            "{} : {e} ; créez d’abord la cohorte (livret cohort init)",
            dir.display()
        )
    })?;
    if !cohort.is_dir() {
        return Err(format!("{} n’est pas un dossier", dir.display()));
    }
    let gid = cohort.gid();
    let (uid, user_gid) = account::user_ids(name)
        .ok_or_else(|| format!("compte « {name} » inconnu du système ; rien n’a été modifié"))?;
    if name.contains('/') || name.starts_with('.') {
        return Err(format!("« {name} » ne peut pas être un nom de dossier"));
    }
    let candidate = dir.join(name);
    mkdir(&candidate)?;
    set(&candidate, Some(uid), gid, CANDIDATE_DIR_MODE, true)?;
    let reviews = candidate.join("reviews");
    mkdir(&reviews)?;
    set(
        &reviews,
        Some(account::current_uid()),
        gid,
        REVIEWS_MODE,
        true,
    )?;
    let mut out = format!(
        "{} : dossier de {name}, lisible par le groupe {} ; avis des tuteurs dans reviews/ \
         (chaque tuteur y écrit son dossier).\n{name} y travaille avec : livret --data-dir {}\n",
        candidate.display(),
        account::group_name(gid).unwrap_or_else(|| gid.to_string()),
        candidate.display()
    );
    // What is already there is the candidate's to give to the group: done
    // as them, never as root, in a folder they could change meanwhile.
    let has_files = fs::read_dir(&candidate)
        .map_err(|e| format!("{} : {e}", candidate.display()))?
        .flatten()
        .any(|e| e.file_name() != "reviews");
    if has_files {
        out.push_str(&adopt_as(&candidate, uid, user_gid, gid)?);
    }
    Ok(out)
}

/// Runs `livret cohort adopt` on the candidate's folder as the candidate,
/// with the tutors' group added to theirs so that they may give it their
/// files: whatever they put or swap in the folder, nothing happens that
/// they could not do themselves.
fn adopt_as(candidate: &Path, uid: u32, user_gid: u32, gid: u32) -> Result<String, String> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe().map_err(|e| format!("livret introuvable : {e}"))?;
    let mut command = std::process::Command::new(&exe);
    command
        .args(["cohort", "adopt"])
        .arg(candidate)
        .arg(gid.to_string());
    // SAFETY: between fork and exec only async-signal-safe calls, on values
    // copied in; the groups first, then the group id, then the user id.
    unsafe {
        command.pre_exec(move || {
            let groups = [gid as libc::gid_t];
            if libc::setgroups(1, groups.as_ptr()) != 0
                || libc::setgid(user_gid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().map_err(|e| {
        format!(
            "{} lancé comme {} : {e} (livret doit être installé où ce compte peut l’exécuter)",
            exe.display(),
            account::describe_uid(uid)
        )
    })?;
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        Ok(said)
    } else {
        Err(said)
    }
}

/// `livret cohort adopt DIR GID`, run by [`add`] as the candidate: their
/// files under `dir` (all but `reviews/`) go to group `gid` with the
/// candidate's modes. What cannot be (not theirs, a link, a special file)
/// is named and left as it is.
pub fn adopt(dir: &Path, gid: u32) -> Result<String, String> {
    if account::current_uid() == 0 {
        return Err(
            "livret cohort adopt se lance comme le candidat (livret cohort add le fait)".into(),
        );
    }
    let mut problems = Vec::new();
    let count = give_back(dir, true, None, gid, &mut problems);
    let mut out =
        format!("{count} fichiers et dossiers du candidat rendus lisibles par le groupe.\n");
    for problem in &problems {
        out.push_str(problem);
        out.push('\n');
    }
    Ok(out)
}

/// The candidate's own files under `dir` (at the top, all but `reviews/`):
/// owner `uid` (unchanged if none), group G, the candidate's modes. Returns
/// how many were set; what was not is in `problems`.
pub(super) fn give_back(
    dir: &Path,
    top: bool,
    uid: Option<u32>,
    gid: u32,
    problems: &mut Vec<String>,
) -> usize {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(format!("{} : {error}", dir.display()));
            return 0;
        }
    };
    let mut count = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if top && entry.file_name() == "reviews" {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let mode = if kind.is_dir() {
            CANDIDATE_DIR_MODE
        } else if is_lock(&path) {
            LOCK_MODE
        } else {
            CANDIDATE_FILE_MODE
        };
        if !kind.is_dir() && !kind.is_file() {
            problems.push(format!(
                "{} : lien ou fichier spécial, laissé tel quel",
                path.display()
            ));
            continue;
        }
        match set(&path, uid, gid, mode, kind.is_dir()) {
            Ok(()) => count += 1,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        }
        if kind.is_dir() {
            count += give_back(&path, false, uid, gid, problems);
        }
    }
    count
}

/// What `check` expects of one path.
struct Expect {
    uid: Option<u32>,
    gid: u32,
    mode: u32,
    dir: bool,
}

fn expect(path: &Path, metadata: &fs::Metadata, want: Expect, problems: &mut Vec<String>) {
    let kind = metadata.file_type();
    if kind.is_symlink() {
        problems.push(format!(
            "{} : lien symbolique (aucun n’est attendu ici)",
            path.display()
        ));
        return;
    }
    if want.dir != kind.is_dir() || !(kind.is_dir() || kind.is_file()) {
        problems.push(format!(
            "{} : {} attendu",
            path.display(),
            if want.dir {
                "dossier"
            } else {
                "fichier ordinaire"
            }
        ));
        return;
    }
    if let Some(uid) = want.uid
        && metadata.uid() != uid
    {
        problems.push(format!(
            "{} : propriétaire {}, attendu {}",
            path.display(),
            account::describe_uid(metadata.uid()),
            account::describe_uid(uid)
        ));
    }
    if metadata.gid() != want.gid {
        problems.push(format!(
            "{} : groupe {}, attendu {}",
            path.display(),
            account::group_name(metadata.gid()).unwrap_or_else(|| metadata.gid().to_string()),
            account::group_name(want.gid).unwrap_or_else(|| want.gid.to_string())
        ));
    }
    let mode = metadata.mode() & 0o7777;
    if mode != want.mode {
        problems.push(format!(
            "{} : mode {mode:04o}, attendu {:04o}",
            path.display(),
            want.mode
        ));
    }
}

fn entries(dir: &Path, problems: &mut Vec<String>) -> Vec<(PathBuf, fs::Metadata)> {
    let mut list: Vec<(PathBuf, fs::Metadata)> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| {
                let path = e.path();
                fs::symlink_metadata(&path).ok().map(|m| (path, m))
            })
            .collect(),
        Err(error) => {
            problems.push(format!("{} : illisible : {error}", dir.display()));
            Vec::new()
        }
    };
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// `livret cohort check DIR`: every file or folder whose owner, group or
/// mode breaks the model, one line each; empty when all is as it should be.
pub fn check(dir: &Path) -> Result<Vec<String>, String> {
    let cohort = fs::symlink_metadata(dir).map_err(|e| format!("{} : {e}", dir.display()))?;
    if !cohort.is_dir() {
        return Err(format!("{} n’est pas un dossier de cohorte", dir.display()));
    }
    let (admin, gid) = (cohort.uid(), cohort.gid());
    let mut problems = Vec::new();
    let want = |uid, mode, dir| Expect {
        uid: Some(uid),
        gid,
        mode,
        dir,
    };
    expect(dir, &cohort, want(admin, COHORT_MODE, true), &mut problems);
    for (candidate, metadata) in entries(dir, &mut problems) {
        if metadata.is_file() {
            continue;
        }
        let name = candidate
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((uid, _)) = account::user_ids(&name) else {
            problems.push(format!(
                "{} : aucun compte « {name} » (livret cohort add)",
                candidate.display()
            ));
            continue;
        };
        expect(
            &candidate,
            &metadata,
            want(uid, CANDIDATE_DIR_MODE, true),
            &mut problems,
        );
        if !metadata.is_dir() {
            continue;
        }
        check_candidate(&candidate, true, uid, gid, &mut problems);
        let reviews = candidate.join("reviews");
        match fs::symlink_metadata(&reviews) {
            Ok(metadata) => {
                expect(
                    &reviews,
                    &metadata,
                    want(admin, REVIEWS_MODE, true),
                    &mut problems,
                );
                if metadata.is_dir() {
                    check_reviews(&reviews, uid, gid, &mut problems);
                }
            }
            Err(_) => problems.push(format!(
                "{} : absent (livret cohort add {} {name})",
                reviews.display(),
                dir.display()
            )),
        }
    }
    Ok(problems)
}

fn check_candidate(dir: &Path, top: bool, uid: u32, gid: u32, problems: &mut Vec<String>) {
    for (path, metadata) in entries(dir, problems) {
        if top && path.file_name().is_some_and(|n| n == "reviews") {
            continue;
        }
        let mode = if metadata.is_dir() {
            CANDIDATE_DIR_MODE
        } else if is_lock(&path) {
            LOCK_MODE
        } else {
            CANDIDATE_FILE_MODE
        };
        let want = Expect {
            uid: Some(uid),
            gid,
            mode,
            dir: metadata.is_dir(),
        };
        expect(&path, &metadata, want, problems);
        if metadata.is_dir() {
            check_candidate(&path, false, uid, gid, problems);
        }
    }
}

fn check_reviews(reviews: &Path, candidate: u32, gid: u32, problems: &mut Vec<String>) {
    for (folder, metadata) in entries(reviews, problems) {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tutor = account::user_ids(&name).map(|ids| ids.0);
        match tutor {
            None => {
                problems.push(format!(
                    "{} : aucun compte « {name} » (avis d’une version antérieure ? chaque tuteur le \
                     déplace dans son dossier en enregistrant)",
                    folder.display()
                ));
                continue;
            }
            Some(uid) if uid == candidate => {
                problems.push(format!(
                    "{} : dossier d’avis du candidat lui-même",
                    folder.display()
                ));
            }
            Some(_) => {}
        }
        let uid = tutor.expect("checked above");
        let want = Expect {
            uid: Some(uid),
            gid,
            mode: TUTOR_DIR_MODE,
            dir: true,
        };
        expect(&folder, &metadata, want, problems);
        if !metadata.is_dir() {
            continue;
        }
        for (path, metadata) in entries(&folder, problems) {
            let mode = if is_lock(&path) {
                LOCK_MODE
            } else {
                TUTOR_FILE_MODE
            };
            let want = Expect {
                uid: Some(uid),
                gid,
                mode,
                dir: false,
            };
            expect(&path, &metadata, want, problems);
        }
    }
}
