//! Unit tests of the import: dates in names, cancelled reads, positions.

use std::fs::File;
use std::sync::atomic::Ordering;

use super::reading::count_position;
use super::*;

#[test]
fn dates_are_found_in_export_names() {
    assert_eq!(
        date_in_name("export-fiches-rncp-v4-1-2026-08-16.zip").as_deref(),
        Some("2026-08-16")
    );
    assert_eq!(
        date_in_name("export_fiches_CSV_Blocs_2024_02_22.csv").as_deref(),
        Some("2024-02-22")
    );
    assert_eq!(
        date_in_name("export-20240222.zip").as_deref(),
        Some("2024-02-22")
    );
    assert_eq!(date_in_name("export-fiches-rncp-dev.xml"), None);
    assert_eq!(date_in_name("RNCP35340.xml"), None);
}

/// A cancelled read ends at once: the readers retry `Interrupted`, so a
/// cancel must not be one.
#[test]
fn a_cancelled_read_ends_with_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("export.xml");
    let fiche = "<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>x</INTITULE></FICHE>";
    std::fs::write(
        &xml,
        format!(
            "<?xml version=\"1.0\"?><FICHES>{}</FICHES>",
            fiche.repeat(20_000)
        ),
    )
    .unwrap();
    let zipped = dir.path().join("export.zip");
    let mut zip = zip::ZipWriter::new(File::create(&zipped).unwrap());
    zip.start_file("export.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &std::fs::read(&xml).unwrap()).unwrap();
    zip.finish().unwrap();
    for path in [&xml, &zipped] {
        let probe = Probe::new();
        let mut seen = 0;
        let result = read_export(path, Detail::Summary, &probe, &mut |_| true, &mut |_| {
            seen += 1;
            if seen == 10 {
                probe.cancel.store(true, Ordering::Relaxed);
            }
            true
        });
        assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
    }
}

#[test]
fn positions_count_lines_and_characters_in_chunks() {
    let text = "ab\nçé\n".repeat(40_000) + "xyz";
    let (line, column) = count_position(text.as_bytes()).unwrap();
    assert_eq!((line, column), (80_001, 4));
    assert_eq!(count_position(&b""[..]), Some((1, 1)));
}
