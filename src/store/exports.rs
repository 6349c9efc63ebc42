//! Writing exported dossiers.

use std::io;
use std::path::PathBuf;

use crate::export::{Dossier, ExportContext, Format, Options};
use crate::portfolio::Portfolio;
use crate::referentiel::Certification;

use super::DataDir;
use super::atomic::write_atomic;

/// Writes the whole dossier (default options) as `<data>/exports/<id>.md` and
/// `<data>/exports/<id>.html`, atomically and private (0600), replacing the
/// previous export. Returns the two paths, Markdown first.
pub fn write_exports(
    data: &DataDir,
    certification: &Certification,
    portfolio: &Portfolio,
    context: &ExportContext,
) -> io::Result<(PathBuf, PathBuf)> {
    let options = Options::default();
    let dossier = Dossier::build(certification, portfolio, &options, context);
    let write = |format: Format| -> io::Result<PathBuf> {
        let path = data
            .exports()
            .join(format!("{}.{}", certification.id, format.extension()));
        let text = format.render(&dossier);
        write_atomic(&path, text.as_bytes())?;
        Ok(path)
    };
    Ok((write(Format::Markdown)?, write(Format::Html)?))
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use jiff::tz::TimeZone;

    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn both_formats_are_written_privately_under_exports() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let certification = parse(EXAMPLE, None).unwrap();
        let portfolio = Portfolio::new(&certification.id);
        let context = ExportContext {
            candidate: None,
            date: jiff::Timestamp::UNIX_EPOCH,
            tz: TimeZone::UTC,
            reviews: Vec::new(),
        };
        let (md, html) = write_exports(&data, &certification, &portfolio, &context).unwrap();
        assert_eq!(md, dir.path().join("exports/exemple-minimal.md"));
        assert_eq!(html, dir.path().join("exports/exemple-minimal.html"));
        assert!(fs::read_to_string(&md).unwrap().starts_with("# Exemple"));
        assert!(
            fs::read_to_string(&html)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
        let mode = fs::metadata(&html).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
