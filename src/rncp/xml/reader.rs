//! The event loop of [`FicheReader`]: pulls quick-xml's events and hands
//! out one fiche at a time, skipping what it does not need unparsed.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::fields::End;
use super::skip::skip_to_end_tag;
use super::source::Source;
use super::stack::Stack;
use super::{Detail, FicheReader, Phase, Progress};
use crate::rncp::{Fiche, ReadError, ReadErrorKind};

impl<'a, R: BufRead> FicheReader<'a, R> {
    pub fn new(reader: R) -> Self {
        let mut xml = Reader::from_reader(Source::new(reader));
        let config = xml.config_mut();
        // End names are checked against our own stack, which stays right when
        // bytes are skipped without quick-xml seeing them.
        config.check_end_names = false;
        config.expand_empty_elements = false;
        FicheReader {
            xml,
            buf: Vec::with_capacity(16 * 1024),
            stack: Stack::default(),
            keep: None,
            detail: Detail::Full,
            phase: Phase::Prolog,
            fiches: 0,
            building: None,
            text: String::new(),
        }
    }

    /// Only fiches whose number (`NUMERO_FICHE`, trimmed, as the source
    /// writes it) passes `keep` are built; the rest of the others is skipped
    /// without being parsed. `keep` is called once per fiche.
    pub fn with_filter(reader: R, keep: impl FnMut(&str) -> bool + 'a) -> Self {
        let mut this = Self::new(reader);
        this.keep = Some(Box::new(keep));
        this
    }

    /// How much of each fiche to build (default [`Detail::Full`]).
    pub fn detail(mut self, detail: Detail) -> Self {
        self.detail = detail;
        self
    }

    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.offset_now(),
            fiches: self.fiches,
        }
    }

    pub(super) fn offset_now(&self) -> u64 {
        self.xml.get_ref().bom + self.xml.buffer_position()
    }

    fn next_fiche(&mut self) -> Result<Option<Fiche>, ReadError> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.next_fiche_with(&mut buf);
        self.buf = buf;
        result
    }

    fn next_fiche_with(&mut self, buf: &mut Vec<u8>) -> Result<Option<Fiche>, ReadError> {
        loop {
            buf.clear();
            let event = match self.xml.read_event_into(buf) {
                Ok(event) => event,
                Err(error) => return Err(self.xml_error(error)),
            };
            let mut skip = false;
            match event {
                Event::Start(start) => {
                    let name = start.name();
                    if self.phase == Phase::Prolog {
                        self.check_root(name.as_ref().as_bytes())?;
                        self.stack.push(name.as_ref().as_bytes());
                        self.phase = Phase::Root;
                    } else {
                        self.stack.push(name.as_ref().as_bytes());
                        skip = self.on_start();
                    }
                }
                Event::Empty(start) => {
                    let name = start.name();
                    if self.phase == Phase::Prolog {
                        self.check_root(name.as_ref().as_bytes())?;
                        self.phase = Phase::Finished;
                        return Ok(None);
                    }
                    self.stack.push(name.as_ref().as_bytes());
                    self.on_start();
                    let done = self.on_end();
                    self.stack.pop();
                    if let End::Fiche(fiche) = done {
                        return Ok(Some(*fiche));
                    }
                }
                Event::End(end) => {
                    let name = end.name();
                    if self.stack.top() != Some(name.as_ref().as_bytes()) {
                        let expected = self.stack.top_string();
                        let found = String::from_utf8_lossy(name.as_ref().as_bytes()).into_owned();
                        // At the `<` of the closing tag.
                        let at = self.offset_now().saturating_sub(found.len() as u64 + 3);
                        return Err(self.error(
                            at,
                            ReadErrorKind::Syntax(format!(
                                "balise fermante </{found}> alors que <{expected}> est ouvert"
                            )),
                        ));
                    }
                    let done = self.on_end();
                    self.stack.pop();
                    match done {
                        End::Fiche(fiche) => return Ok(Some(*fiche)),
                        End::SkipFiche => skip = true,
                        End::Nothing => {}
                    }
                    if self.stack.is_empty() {
                        // The root is closed: whatever follows is not read.
                        self.phase = Phase::Finished;
                        return Ok(None);
                    }
                }
                Event::Text(text) => {
                    if self.phase == Phase::Prolog {
                        if !text.trim_ascii().is_empty() {
                            return Err(self.not_markup());
                        }
                    } else if self.wants_text() {
                        self.append(&text.xml10_content());
                    }
                }
                Event::CData(cdata) => {
                    if self.phase == Phase::Prolog {
                        return Err(self.not_markup());
                    } else if self.wants_text() {
                        self.append(&cdata.xml10_content());
                    }
                }
                Event::GeneralRef(reference) => {
                    if self.phase == Phase::Prolog {
                        return Err(self.not_markup());
                    } else if self.wants_text() {
                        match reference.resolve_char_ref() {
                            Ok(Some(ch)) => self.append(ch.encode_utf8(&mut [0; 4])),
                            Ok(None) => {
                                match quick_xml::escape::resolve_predefined_entity(&reference) {
                                    Some(resolved) => self.append(resolved),
                                    // An entity the parser does not know stays as written.
                                    None => self.append(&format!("&{};", &*reference)),
                                }
                            }
                            Err(_) => {
                                return Err(self.error(
                                    self.error_offset(),
                                    ReadErrorKind::Syntax(format!(
                                        "référence de caractère invalide « &{}; »",
                                        &*reference
                                    )),
                                ));
                            }
                        }
                    }
                }
                Event::Eof => return Err(self.truncated()),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
            // Whitespace between elements is not even reported, except
            // where text is read (trimming there would also eat the spaces
            // that follow an entity or a CDATA section).
            let trim = !self.wants_text();
            if self.xml.config().trim_text_start != trim {
                self.xml.config_mut().trim_text_start = trim;
            }
            if skip {
                self.skip_raw()?;
            }
        }
    }

    /// Skips the content of the element on top of the stack without parsing
    /// it: stops right before its closing tag, which quick-xml then reads.
    /// CDATA sections and comments are stepped over whole.
    fn skip_raw(&mut self) -> Result<(), ReadError> {
        let name = self.stack.top().unwrap_or_default();
        let outcome = skip_to_end_tag(&mut self.xml.stream(), name);
        match outcome {
            Ok(true) => Ok(()),
            Ok(false) => Err(self.truncated()),
            Err(error) => Err(self.error(self.offset_now(), ReadErrorKind::Io(error.to_string()))),
        }
    }
}

impl<R: BufRead> Iterator for FicheReader<'_, R> {
    type Item = Result<Fiche, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.phase == Phase::Finished {
            return None;
        }
        match self.next_fiche() {
            Ok(Some(fiche)) => Some(Ok(fiche)),
            Ok(None) => {
                self.phase = Phase::Finished;
                None
            }
            Err(error) => {
                self.phase = Phase::Finished;
                self.building = None;
                Some(Err(error))
            }
        }
    }
}
