//! Writing exported dossiers.

use std::io;
use std::path::PathBuf;

use super::DataDir;
use super::atomic::write_atomic;

/// Writes one exported document as `<data>/exports/<name>`, atomically and
/// private (0600), replacing the previous export. Returns its path.
pub fn write_export(data: &DataDir, name: &str, contents: &[u8]) -> io::Result<PathBuf> {
    let path = data.exports().join(name);
    write_atomic(&path, contents)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn exports_are_written_privately_under_exports() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let path = write_export(&data, "exemple-minimal.md", b"# Exemple\n").unwrap();
        assert_eq!(path, dir.path().join("exports/exemple-minimal.md"));
        let path = write_export(&data, "exemple-minimal.md", b"# Exemple 2\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "# Exemple 2\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
