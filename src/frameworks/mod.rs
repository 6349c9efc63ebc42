//! Competency frameworks other tools keep (Moodle, Mahara, CASE), read into
//! a référentiel. Pure: texts in, a [`crate::referentiel::Certification`]
//! out; the store reads the files.
//!
//! Each format is first read into a common tree (nodes with a code, a
//! title, a description and children, in source order); one shared
//! conversion then maps its levels onto blocs, compétences and critères
//! (the rules are in `tree.rs`). What had to be guessed or corrected on the
//! way is reported, never silently dropped.
//!
//! In short: the framework itself is the certification (title, summary);
//! its top-level elements are the blocs, their children the compétences;
//! below a compétence, leaves are critères and intermediate levels groups
//! of critères (a critère's `group` joins their titles with « › », their
//! descriptions go to the compétence's `conditions`). Ids are the source's
//! codes when unique, else `BC01`, `BC01.C02`, `BC01.C02.CR03`.

mod case;
pub mod html;
mod json;
mod link;
mod mahara;
mod moodle;
mod tree;

use std::fmt;

use crate::referentiel::Certification;

/// A framework format livret reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Moodle competency framework, CSV of the `tool_lpimportcsv` plugin
    /// (English or French header, `,` or `;`).
    Moodle,
    /// Mahara SmartEvidence framework (`.matrix`, JSON).
    Mahara,
    /// 1EdTech CASE 1.0 package (JSON with `CFDocument` and `CFItems`).
    Case,
}

impl Format {
    /// The format's name as the report gives it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Moodle => "Moodle (CSV)",
            Format::Mahara => "Mahara (SmartEvidence)",
            Format::Case => "CASE (1EdTech)",
        }
    }
}

/// The format of `text`, from its content only (a UTF-8 BOM is allowed):
/// a Moodle CSV header, a JSON object with `framework.standards` (Mahara)
/// or with `CFDocument` and `CFItems` (CASE). A JSON text too broken to
/// parse is still recognised by its keys, so that [`read`] can say where
/// it breaks.
pub fn detect(text: &str) -> Option<Format> {
    let text = without_bom(text).trim_start();
    if text.starts_with('{') {
        return detect_json(text);
    }
    moodle::is_header(text.lines().next()?).then_some(Format::Moodle)
}

fn detect_json(text: &str) -> Option<Format> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => {
            if value
                .get("framework")
                .and_then(|f| f.get("standards"))
                .is_some()
            {
                Some(Format::Mahara)
            } else if value.get("CFDocument").is_some() && value.get("CFItems").is_some() {
                Some(Format::Case)
            } else {
                None
            }
        }
        Err(_) if text.contains("\"framework\"") && text.contains("\"standards\"") => {
            Some(Format::Mahara)
        }
        Err(_) if text.contains("\"CFDocument\"") && text.contains("\"CFItems\"") => {
            Some(Format::Case)
        }
        Err(_) => None,
    }
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A framework read into a référentiel, and what was made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Passes [`crate::referentiel::validate`] without problem.
    pub certification: Certification,
    pub report: Report,
}

/// What the import made, and what it had to guess or correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub format: Format,
    pub blocs: usize,
    pub competences: usize,
    pub criteres: usize,
    /// Intermediate levels below a compétence, kept as groups of critères.
    pub groups: usize,
    /// French, one per correction or guess: a row naming itself as parent,
    /// a loop, a parent absent from the file, an association type ignored…
    pub warnings: Vec<String>,
}

impl Report {
    /// One French sentence: `Référentiel Moodle (CSV) lu : 4 blocs, 81
    /// compétences, 596 critères, 120 groupes de critères.`
    pub fn summary(&self) -> String {
        use crate::text::count;
        let mut summary = format!(
            "Référentiel {} lu : {}, {}, {}",
            self.format.label(),
            count(self.blocs, "bloc", "blocs"),
            count(self.competences, "compétence", "compétences"),
            count(self.criteres, "critère", "critères"),
        );
        if self.groups > 0 {
            summary.push_str(&format!(
                ", {}",
                count(self.groups, "groupe de critères", "groupes de critères")
            ));
        }
        summary.push('.');
        if !self.warnings.is_empty() {
            summary.push_str(&format!(
                " {} :",
                count(self.warnings.len(), "point à vérifier", "points à vérifier")
            ));
        }
        summary
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())?;
        for warning in &self.warnings {
            write!(f, "\n- {warning}")?;
        }
        Ok(())
    }
}

/// Why a text cannot be read; the message is French and says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// An empty file, or a framework without any competency.
    Empty(String),
    /// A CSV line at fault (1-based), and the column when one is: a
    /// missing column is reported on line 1, the header.
    Csv {
        line: u64,
        column: Option<String>,
        message: String,
    },
    /// JSON that does not parse, where serde_json stopped.
    JsonSyntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON value missing or of the wrong kind, by its path
    /// (`framework.standardelements[2].shortname`) and where it starts.
    Json {
        path: String,
        position: Option<(usize, usize)>,
        message: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty(message) => f.write_str(message),
            ReadError::Csv {
                line,
                column: Some(column),
                message,
            } => write!(f, "ligne {line}, colonne « {column} » : {message}"),
            ReadError::Csv { line, message, .. } => write!(f, "ligne {line} : {message}"),
            ReadError::JsonSyntax {
                line,
                column,
                message,
            } => write!(
                f,
                "JSON illisible, ligne {line}, colonne {column} : {message}"
            ),
            ReadError::Json {
                path,
                position: Some((line, column)),
                message,
            } => write!(f, "{path} (ligne {line}, colonne {column}) : {message}"),
            ReadError::Json { path, message, .. } => write!(f, "{path} : {message}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads `text` in `format` into a référentiel. `file_name` is what the
/// user gave, for the référentiel's `source` and, when the framework has
/// no title, its title. Never panics; what had to be guessed is in the
/// report.
pub fn read(format: Format, text: &str, file_name: &str) -> Result<Imported, ReadError> {
    let text = without_bom(text);
    if text.trim().is_empty() {
        return Err(ReadError::Empty(
            "fichier vide : il ne contient aucun référentiel".to_string(),
        ));
    }
    let tree = match format {
        Format::Moodle => moodle::read(text)?,
        Format::Mahara => mahara::read(text)?,
        Format::Case => case::read(text)?,
    };
    if tree.roots.is_empty() {
        let name = if tree.title.is_empty() {
            file_name
        } else {
            &tree.title
        };
        return Err(ReadError::Empty(format!(
            "le référentiel « {name} » ne contient aucune compétence : il n’y a rien à importer"
        )));
    }
    let converted = tree::convert(tree, file_name);
    Ok(Imported {
        certification: converted.certification,
        report: Report {
            format,
            blocs: converted.counts.blocs,
            competences: converted.counts.competences,
            criteres: converted.counts.criteres,
            groups: converted.counts.groups,
            warnings: converted.warnings,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_content() {
        let moodle = "\u{feff}\"Parent ID number\",\"ID number\",Shortname,Description\n";
        assert_eq!(detect(moodle), Some(Format::Moodle));
        let french = "ID de la compétence parente;ID;Nom abrégé;Description\r\n";
        assert_eq!(detect(french), Some(Format::Moodle));
        let mahara = r#"{"framework": {"name": "x", "standards": []}}"#;
        assert_eq!(detect(mahara), Some(Format::Mahara));
        let case = r#" {"CFDocument": {}, "CFItems": []}"#;
        assert_eq!(detect(case), Some(Format::Case));
        assert_eq!(detect(r#"{"CFDocument": {"title": "#), None);
        assert_eq!(
            detect(r#"{"CFDocument": {"title": "x"}, "CFItems": [{"#),
            Some(Format::Case),
            "truncated, so that read() says where"
        );
        for other in [
            "",
            "id;name\n1;a",
            "{}",
            "[1]",
            "{\"framework\": 3}",
            "\u{feff}",
        ] {
            assert_eq!(detect(other), None, "{other:?}");
        }
    }

    #[test]
    fn an_empty_text_is_refused_clearly() {
        for format in [Format::Moodle, Format::Mahara, Format::Case] {
            let error = read(format, "\u{feff} \n", "x").unwrap_err();
            assert_eq!(
                error.to_string(),
                "fichier vide : il ne contient aucun référentiel"
            );
        }
    }

    #[test]
    fn garbage_never_panics() {
        let garbage = [
            "\0\0\0",
            "\"",
            ";;;\n;;;",
            "{",
            "[]",
            "null",
            "{\"framework\": {\"standards\": [{}]}}",
            "{\"CFDocument\": [], \"CFItems\": {}}",
            "\"Parent ID number\",\"ID number\",Shortname\n\"a",
            "ID de la compétence parente;ID;Nom abrégé\n;;\nx;x;x\n",
            "<html><p>&#xFFFFFFFF; &#0; &",
            "é\u{feff}\r\r\n\u{2028}",
        ];
        for format in [Format::Moodle, Format::Mahara, Format::Case] {
            for text in garbage {
                if let Ok(imported) = read(format, text, "g.txt") {
                    let problems = crate::referentiel::validate(&imported.certification, None);
                    assert!(problems.is_empty(), "{format:?} {text:?}: {problems:?}");
                }
            }
        }
    }

    #[test]
    fn the_report_says_what_was_made() {
        let report = Report {
            format: Format::Case,
            blocs: 2,
            competences: 6,
            criteres: 1,
            groups: 0,
            warnings: vec!["a".into()],
        };
        assert_eq!(
            report.to_string(),
            "Référentiel CASE (1EdTech) lu : 2 blocs, 6 compétences, 1 critère. \
             1 point à vérifier :\n- a"
        );
    }
}
