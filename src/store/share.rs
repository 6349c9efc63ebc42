//! Sharing a candidate's data directory with a group of tutors on one
//! server: group-readable data, a group-writable `reviews/` directory. The
//! setgid bit on directories keeps new files in the group, and
//! [`write_atomic`](super::write_atomic) makes new files in such a directory
//! readable (and, in `reviews/`, writable) by the group.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The group's id, from `/etc/group`.
fn group_id(name: &str) -> Option<u32> {
    let groups = fs::read_to_string("/etc/group").ok()?;
    groups.lines().find_map(|line| {
        let mut fields = line.split(':');
        (fields.next()? == name).then_some(())?;
        fields.nth(1)?.parse().ok()
    })
}

fn apply(path: &Path, gid: u32, shared_write: bool, count: &mut usize) -> std::io::Result<()> {
    std::os::unix::fs::chown(path, None, Some(gid))?;
    let metadata = fs::symlink_metadata(path)?;
    if metadata.file_type().is_symlink() {
        return Ok(());
    }
    let mode = match (metadata.is_dir(), shared_write) {
        (true, false) => 0o2750,
        (true, true) => 0o2770,
        (false, false) => 0o640,
        (false, true) => 0o660,
    };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    *count += 1;
    if metadata.is_dir() {
        for entry in fs::read_dir(path)? {
            let child = entry?.path();
            let child_shared = shared_write || child.file_name().is_some_and(|n| n == "reviews");
            apply(&child, gid, child_shared, count)?;
        }
    }
    Ok(())
}

/// Makes `root` (a candidate's data directory) readable by `group`, and its
/// `reviews/` directory writable by it. Returns what was done.
pub fn share(root: &Path, group: &str) -> Result<String, String> {
    let gid = group_id(group).ok_or_else(|| {
        format!("groupe « {group} » inconnu (voir /etc/group) ; rien n’a été modifié")
    })?;
    fs::create_dir_all(root.join("reviews")).map_err(|e| {
        format!(
            "{} : création impossible : {e}",
            root.join("reviews").display()
        )
    })?;
    let mut count = 0;
    apply(root, gid, false, &mut count).map_err(|e| {
        format!(
            "{} : partage interrompu : {e} (relancez en tant que propriétaire des fichiers)",
            root.display()
        )
    })?;
    Ok(format!(
        "{} partagé avec le groupe {group} : {count} fichiers et dossiers lisibles par le groupe, \
         avis des tuteurs (reviews/) modifiables par le groupe.\n",
        root.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_opens_data_to_the_group_and_reviews_to_its_writes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("portfolios")).unwrap();
        fs::write(root.join("portfolios/x.ron"), "()").unwrap();
        // The test runs as some user in its own primary group: share with it.
        let gid = fs::metadata(root).unwrap().gid_of();
        let group = fs::read_to_string("/etc/group")
            .unwrap()
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.get(2)?.parse::<u32>().ok()? == gid).then(|| f[0].to_string())
            });
        let Some(group) = group else {
            eprintln!("groupe introuvable dans /etc/group : test sauté");
            return;
        };
        share(root, &group).unwrap();
        let mode = |p: &str| fs::metadata(root.join(p)).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode("portfolios"), 0o2750);
        assert_eq!(mode("portfolios/x.ron"), 0o640);
        assert_eq!(mode("reviews"), 0o2770);
        assert!(
            share(root, "groupe-qui-n-existe-pas")
                .unwrap_err()
                .contains("inconnu")
        );
    }

    trait Gid {
        fn gid_of(&self) -> u32;
    }

    impl Gid for fs::Metadata {
        fn gid_of(&self) -> u32 {
            std::os::unix::fs::MetadataExt::gid(self)
        }
    }
}
