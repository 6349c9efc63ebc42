//! Référentiels from elsewhere than the register: a Markdown outline
//! written by a centre, a Moodle, Mahara or CASE framework. Recognised by
//! their content; small files, read whole (the register's export is left to
//! the streaming reader).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::errors::ImportError;
use crate::frameworks;
use crate::outline;
use crate::referentiel::Certification;

/// Bytes looked at to recognise a file.
const SNIFF: u64 = 64 * 1024;
/// Larger than any framework or outline: beyond, a file is not one.
const MAX: usize = 64 * 1024 * 1024;

/// What a file other than the register's export gave.
#[derive(Debug, Clone)]
pub struct OtherRead {
    /// « plan Markdown », « Moodle (CSV) »…
    pub format: &'static str,
    pub certification: Certification,
    /// What was made (a sentence), then what had to be guessed, in French.
    pub summary: Option<String>,
    pub warnings: Vec<String>,
}

/// The référentiel of `path` when it is an outline or a framework; `None`
/// when it is neither (then it may be the register's export).
pub fn read_other(path: &Path) -> Result<Option<OtherRead>, ImportError> {
    let io_error = |error| ImportError::Io {
        path: path.to_path_buf(),
        error,
    };
    // A folder, a FIFO (whose opening would wait), a missing file: the
    // export's reader says what is wrong with it.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(SNIFF).read_to_end(&mut head))
        .map_err(io_error)?;
    let start = String::from_utf8_lossy(&head);
    let start = start.trim_start_matches('\u{feff}').trim_start();
    // A `.md` is an outline even when it does not start like one: it is
    // then said what is wrong with it, not that it is no export.
    let markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    let outline = markdown || start.starts_with("# ");
    let framework = if outline {
        None
    } else if start.starts_with('{') {
        Some(None)
    } else {
        frameworks::detect(start).map(Some)
    };
    if !outline && framework.is_none() {
        return Ok(None);
    }
    let text = whole(path).map_err(io_error)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unreadable = |message: String| ImportError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    if outline {
        let parsed = outline::parse(&text, &name).map_err(|e| unreadable(e.to_string()))?;
        let problems = crate::referentiel::validate(&parsed.certification, None);
        if let Some(problem) = problems.first() {
            let line = parsed.line_of(&problem.path).unwrap_or(1);
            return Err(unreadable(format!("ligne {line} : {problem}")));
        }
        let mut certification = parsed.certification;
        // Like every import: where the text came from, and what was guessed.
        if certification.source.note.is_none() {
            let mut note = format!("Importé d’un plan Markdown ({name}).");
            for warning in &parsed.warnings {
                note.push_str(&format!("\n- {warning}"));
            }
            certification.source.note = Some(note);
        }
        return Ok(Some(OtherRead {
            format: "plan Markdown",
            certification,
            summary: None,
            warnings: parsed.warnings,
        }));
    }
    let Some(format) = frameworks::detect(&text) else {
        return Err(unreadable(
            "un JSON qui n’est ni un référentiel Mahara (« framework ») ni un paquet CASE \
             (« CFDocument », « CFItems »)"
                .to_string(),
        ));
    };
    let imported = frameworks::read(format, &text, &name).map_err(|e| unreadable(e.to_string()))?;
    Ok(Some(OtherRead {
        format: format.label(),
        summary: Some(imported.report.summary()),
        warnings: imported.report.warnings,
        certification: imported.certification,
    }))
}

/// The file as UTF-8, refused past [`MAX`] bytes.
fn whole(path: &Path) -> io::Result<String> {
    let mut bytes = Vec::new();
    File::open(path)?
        .take(MAX as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX {
        return Err(io::Error::other(
            "fichier trop grand pour un référentiel (plus de 64 Mo)",
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "texte qui n’est pas de l’UTF-8 valide",
        )
    })
}
