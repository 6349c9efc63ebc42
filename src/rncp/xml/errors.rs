//! The reader's errors: where it stopped and why, from quick-xml's errors
//! and the reader's own state (root element, truncation).

use std::io::BufRead;

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};

use super::FicheReader;
use crate::rncp::{ReadError, ReadErrorKind};

impl<R: BufRead> FicheReader<'_, R> {
    pub(super) fn check_root(&self, name: &[u8]) -> Result<(), ReadError> {
        if name == b"FICHES" {
            Ok(())
        } else {
            Err(self.error(
                self.offset_now(),
                ReadErrorKind::NotAnExport {
                    root: String::from_utf8_lossy(name).into_owned(),
                },
            ))
        }
    }

    pub(super) fn not_markup(&self) -> ReadError {
        self.error(
            self.offset_now(),
            ReadErrorKind::Syntax("du texte précède l’élément racine".to_string()),
        )
    }

    /// Where quick-xml places its last error (the start of the markup).
    pub(super) fn error_offset(&self) -> u64 {
        match self.xml.error_position() {
            0 => self.offset_now(),
            at => self.xml.get_ref().bom + at,
        }
    }

    pub(super) fn error(&self, offset: u64, kind: ReadErrorKind) -> ReadError {
        ReadError { offset, kind }
    }

    pub(super) fn truncated(&self) -> ReadError {
        let open = self.stack.top_string();
        let open = if open.is_empty() {
            "FICHES".to_string()
        } else {
            open
        };
        self.error(self.offset_now(), ReadErrorKind::Truncated { open })
    }

    fn source_exhausted(&mut self) -> bool {
        self.xml
            .get_mut()
            .fill_buf()
            .map(|rest| rest.is_empty())
            .unwrap_or(false)
    }

    pub(super) fn xml_error(&mut self, error: XmlError) -> ReadError {
        let at = self.error_offset();
        match error {
            XmlError::Io(error) => {
                self.error(self.offset_now(), ReadErrorKind::Io(error.to_string()))
            }
            XmlError::Syntax(_)
            | XmlError::Encoding(_)
            | XmlError::IllFormed(IllFormedError::UnclosedReference)
                if self.source_exhausted() =>
            {
                self.truncated()
            }
            XmlError::Syntax(syntax) => {
                let message = match syntax {
                    SyntaxError::InvalidBangMarkup => "balise « <! » inconnue".to_string(),
                    other => format!("balise non fermée ({other})"),
                };
                self.error(at, ReadErrorKind::Syntax(message))
            }
            XmlError::Encoding(_) => self.error(
                self.offset_now(),
                ReadErrorKind::Syntax(
                    "texte qui n’est pas de l’UTF-8 valide (l’export doit être en UTF-8)"
                        .to_string(),
                ),
            ),
            XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => self.error(
                at,
                ReadErrorKind::Syntax(format!("balise fermante </{name}> sans balise ouvrante")),
            ),
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => self
                .error(
                    at,
                    ReadErrorKind::Syntax(format!(
                        "balise fermante </{found}> alors que <{expected}> est ouvert"
                    )),
                ),
            XmlError::IllFormed(IllFormedError::UnclosedReference) => self.error(
                at,
                ReadErrorKind::Syntax("« & » isolé (référence non terminée par « ; »)".to_string()),
            ),
            other => self.error(at, ReadErrorKind::Syntax(other.to_string())),
        }
    }
}
