//! Git sync of a data directory, its pure part: which files travel, what a
//! sync says it sent or received, and the notes kept twice after both sides
//! edited them, and when each note last changed (`history`). The git
//! commands themselves are in `store::git`.

pub mod history;
mod summary;

pub use summary::{Changes, portfolio_changes, review_changes};

use crate::portfolio::{Note, Portfolio};

/// The `.gitignore` written by `livret sync init`: what stays on this
/// machine. Only [`travels`] files are ever committed anyway; this keeps
/// `git status` quiet for someone who looks.
pub const GITIGNORE: &str = "\
# livret : ce qui reste sur cette machine (verrous, fichiers temporaires,
# sauvegardes, exports, dernière certification ouverte, place dans l’arbre,
# copies déjà lues des gros fichiers)
*.lock
.*.tmp-*
/state.ron
/views/
/backups/
/exports/
/cache/
";

/// The file, at the root of a data directory (or of a cohort folder), that
/// lists the tutors' SSH keys allowed to sign reviews.
pub const ALLOWED_SIGNERS: &str = "allowed_signers";

/// Whether the file at `path` (relative to the data directory, `/`
/// separated, as git names it) is one livret syncs: the portfolios, the
/// référentiels added, the tutors' reviews and their signatures, the list
/// of allowed signers and the `.gitignore`. Anything else a remote brings
/// (another file, a link, a name with `..`) is left out.
pub fn travels(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let plain = |name: &str| {
        !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(['\\', '\0'])
            && name.chars().all(|c| !c.is_control())
    };
    let ron = |name: &str| plain(name) && name.len() > 4 && name.ends_with(".ron");
    match parts.as_slice() {
        [".gitignore"] => true,
        [name] => *name == ALLOWED_SIGNERS,
        ["portfolios" | "referentiels", name] => ron(name),
        ["reviews", folder, name] => {
            plain(folder) && (ron(name) || name.strip_suffix(".sig").is_some_and(ron))
        }
        _ => false,
    }
}

/// What kind of file a travelling path is, for merging and for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Portfolio,
    Review,
    Signature,
    Referentiel,
    Other,
}

pub fn kind(path: &str) -> Kind {
    if path.starts_with("portfolios/") {
        Kind::Portfolio
    } else if path.starts_with("reviews/") && path.ends_with(".sig") {
        Kind::Signature
    } else if path.starts_with("reviews/") {
        Kind::Review
    } else if path.starts_with("referentiels/") {
        Kind::Referentiel
    } else {
        Kind::Other
    }
}

/// Whether `note`, among the notes of its critère, is one of two or more
/// versions of one note: same creation time, other texts, each edited
/// since. That is what a sync leaves when the same note was edited on two
/// machines (both versions kept, never one lost); the candidate keeps one
/// and deletes the other. (Two notes written in the same instant and never
/// edited are two notes.)
pub fn in_conflict(notes: &[Note], note: &Note) -> bool {
    let edited = |n: &Note| n.updated != n.created;
    edited(note)
        && notes
            .iter()
            .any(|other| other.created == note.created && other.text != note.text && edited(other))
}

/// How many notes of `portfolio` are in conflict (see [`in_conflict`]).
pub fn conflicts(portfolio: &Portfolio) -> usize {
    portfolio
        .criteres
        .values()
        .map(|work| {
            work.notes
                .iter()
                .filter(|n| in_conflict(&work.notes, n))
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests;
