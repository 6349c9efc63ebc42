//! Sharing one's own data directory with a group of tutors, without an
//! administrator (`livret share --group G`): the candidate's files become
//! readable by the group (folders `2750`, files `0640`, setgid so new files
//! stay in the group) and `reviews/` becomes `3775`, where each tutor writes
//! a folder of their own. Weaker than a cohort (`livret cohort`): the
//! candidate owns `reviews/` and so may remove what tutors wrote there,
//! which the sticky bit only forbids to others. Links are never followed.

use std::fs;
use std::path::Path;

use super::account;
use super::cohort_setup::{CANDIDATE_DIR_MODE, REVIEWS_MODE, give_back, mkdir, set};

/// Makes `root` (a candidate's data directory) readable by `group`, and its
/// `reviews/` directory open to the tutors' folders. Returns what was done.
pub fn share(root: &Path, group: &str) -> Result<String, String> {
    // Nothing is made: sharing a folder that is not there is a typo.
    match fs::symlink_metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(format!(
                "« {} » n’est pas un dossier : donnez le dossier de données de livret \
                 (--data-dir) ; rien n’a été modifié",
                root.display()
            ));
        }
        Err(_) => {
            return Err(format!(
                "le dossier de données « {} » n’existe pas : vérifiez --data-dir, ou lancez \
                 livret une fois pour le créer ; rien n’a été modifié",
                root.display()
            ));
        }
    }
    let gid = account::group_id(group)
        .ok_or_else(|| format!("groupe « {group} » inconnu du système ; rien n’a été modifié"))?;
    if !account::in_group(gid) {
        return Err(format!(
            "vous n’êtes pas membre du groupe « {group} » : le système ne vous laisse pas lui \
             confier vos fichiers. Un groupe à vous et vos tuteurs le permet ; pour toute une \
             cohorte, l’administrateur utilise livret cohort (README, « Sécurité ») ; rien n’a \
             été modifié"
        ));
    }
    let interrupted = |e: String| {
        format!("{e} ; partage interrompu (relancez en tant que propriétaire des fichiers)")
    };
    set(root, None, gid, CANDIDATE_DIR_MODE, true).map_err(interrupted)?;
    let mut problems = Vec::new();
    let count = 1 + give_back(root, true, None, gid, &mut problems);
    let reviews = root.join("reviews");
    mkdir(&reviews)?;
    set(&reviews, None, gid, REVIEWS_MODE, true).map_err(interrupted)?;
    let mut out = format!(
        "{} partagé avec le groupe {group} : {count} fichiers et dossiers lisibles par le groupe, \
         avis des tuteurs dans reviews/ (chaque tuteur y écrit son dossier).\n",
        root.display()
    );
    for problem in problems {
        out.push_str(&problem);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    /// The name of this process's group: sharing with it needs no rights.
    fn own_group() -> String {
        account::group_name(account::current_gid()).expect("this process's group has a name")
    }

    #[test]
    fn sharing_opens_data_to_the_group_and_reviews_to_tutor_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("portfolios")).unwrap();
        fs::write(root.join("portfolios/x.ron"), "()").unwrap();
        share(root, &own_group()).unwrap();
        let mode = |p: &str| fs::metadata(root.join(p)).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(""), 0o2750);
        assert_eq!(mode("portfolios"), 0o2750);
        assert_eq!(mode("portfolios/x.ron"), 0o640);
        assert_eq!(mode("reviews"), 0o3775);
        assert!(
            share(root, "groupe-qui-n-existe-pas")
                .unwrap_err()
                .contains("inconnu")
        );
    }

    #[test]
    fn sharing_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        fs::create_dir_all(root.join("portfolios")).unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "à moi").unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("portfolios/x.ron")).unwrap();
        let said = share(&root, &own_group()).unwrap();
        assert!(said.contains("laissé tel quel"), "{said}");
        let metadata = fs::metadata(&outside).unwrap();
        assert_eq!(
            metadata.mode() & 0o7777,
            0o600,
            "the link's target is untouched"
        );
    }
}
