//! The XML export, read as a stream of fiches.
//!
//! The export is one `<FICHES>` root holding `<VERSION_FLUX>` and many
//! `<FICHE>` elements (570 MB for the whole register). [`FicheReader`] pulls
//! events from quick-xml with one reused buffer and builds one [`Fiche`] at a
//! time; nothing of a fiche is decoded unless it is kept.
//!
//! Two fast paths skip bytes without parsing them: the rest of a fiche whose
//! number the filter rejects (`NUMERO_FICHE` comes second in each fiche), and,
//! in [`Detail::Summary`], the contents a listing does not show. They look for
//! the closing tag in the raw bytes, so a skipped part is not checked for
//! well-formedness (CDATA sections and comments are stepped over whole, so a
//! `</FICHE>` inside them does not end a skipped fiche).

use std::io::{self, BufRead, Read};

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::Event;
use quick_xml::reader::BinaryStream;

use super::{Fiche, FicheBloc, ReadError, ReadErrorKind};

/// Progress of a read, for the interface: bytes consumed so far and fiches seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes: u64,
    pub fiches: u64,
}

/// How much of each fiche [`FicheReader`] builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Every field of [`Fiche`].
    #[default]
    Full,
    /// What a listing shows, read fast: number, title, level, end date,
    /// `ACTIF` and the blocs' codes and libellés (`competences` and
    /// `modalites` left empty). Abrégé, certificateurs, state, access routes
    /// and `texts` stay empty. The skipped contents are not parsed.
    Summary,
}

/// Certification-level texts kept in [`Fiche::texts`], by element name: the
/// prose a candidate reads about the certification.
pub const TEXT_ELEMENTS: &[&str] = &[
    "ACTIVITES_VISEES",
    "CAPACITES_ATTESTEES",
    "SECTEURS_ACTIVITE",
    "TYPE_EMPLOI_ACCESSIBLES",
    "OBJECTIFS_CONTEXTE",
    "PREREQUIS_ENTREE_FORMATION",
    "PREREQUIS_VALIDATION_CERTIFICATION",
    "REGLEMENTATIONS_ACTIVITES",
    "NIVEAU_MAITRISE_COMPETENCES",
    "MODALITES_RENOUVELLEMENT",
    "VALIDATION_PARTIELLE_PERIMETRE",
];

/// Direct children of `FICHE` known not to be prose (codes, dates, flags,
/// links): never taken as texts. Any other unknown direct child whose content
/// is plain text of more than [`OTHER_TEXT_MIN_CHARS`] characters is kept in
/// [`Fiche::texts`] too, so that a field added by a later schema is not lost.
const NOT_TEXT_ELEMENTS: &[&str] = &[
    "ID_FICHE",
    "EXISTENCE_PARTENAIRES",
    "ACCESSIBLE_NOUVELLE_CALEDONIE",
    "ACCESSIBLE_POLYNESIE_FRANCAISE",
    "LIEN_URL_DESCRIPTION",
    "TYPE_ENREGISTREMENT",
    "DUREE_ENREGISTREMENT",
    "DUREE_VALIDITE",
    "VALIDATION_PARTIELLE",
    "ANNEES_PROMOTIONS_NIVEAU",
];

/// See [`NOT_TEXT_ELEMENTS`].
pub const OTHER_TEXT_MIN_CHARS: usize = 80;

/// The access routes (`SI_JURY_<code>`), with the names shown to candidates,
/// in the export's order.
pub const VOIES: &[(&str, &str)] = &[
    ("FI", "Formation initiale"),
    ("CA", "Contrat d’apprentissage"),
    ("FC", "Formation continue"),
    ("CQ", "Contrat de professionnalisation"),
    ("CL", "Candidature individuelle"),
    ("VAE", "VAE"),
];

/// `VAE` → `VAE`, `CA` → `Contrat d’apprentissage`… (the code of
/// `SI_JURY_<code>`); `None` for an unknown code.
pub fn voie_name(code: &str) -> Option<&'static str> {
    VOIES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// `Oui`/`Non` (and `ACTIVE`/`INACTIVE`, `true`/`false`…) as a boolean.
pub(crate) fn yes_no(value: &str) -> Option<bool> {
    let value = value.trim();
    let is = |word: &str| value.eq_ignore_ascii_case(word);
    if is("oui") || is("active") || is("actif") || is("true") || is("1") {
        Some(true)
    } else if is("non") || is("inactive") || is("inactif") || is("false") || is("0") {
        Some(false)
    } else {
        None
    }
}

/// Sniff: does this prefix (first few KB of a stream) look like the XML
/// export? True for an XML declaration (the reader then tells whether the
/// root is `FICHES`) or a `<FICHES` root; a UTF-8 BOM and leading whitespace
/// or comments are tolerated.
pub fn looks_like_xml(prefix: &[u8]) -> bool {
    let mut rest = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(comment) = rest.strip_prefix(b"<!--") {
            match find_sub(comment, b"-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    if rest.starts_with(b"<?xml") {
        return true;
    }
    match rest.strip_prefix(b"<FICHES") {
        Some(after) => after
            .first()
            .is_none_or(|b| matches!(b, b'>' | b'/') || b.is_ascii_whitespace()),
        None => false,
    }
}

fn find_sub(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The filter of [`FicheReader::with_filter`].
type Keep<'a> = Box<dyn FnMut(&str) -> bool + 'a>;

/// Streams the fiches of an XML export. Memory holds one fiche at a time
/// (plus quick-xml's buffer and a 64 KiB read buffer).
///
/// After an `Err`, the iterator ends.
pub struct FicheReader<'a, R: BufRead> {
    xml: Reader<Source<R>>,
    buf: Vec<u8>,
    stack: Stack,
    keep: Option<Keep<'a>>,
    detail: Detail,
    phase: Phase,
    fiches: u64,
    /// The fiche being built (inside `<FICHE>`).
    building: Option<Building>,
    /// Text of the element being captured, reused between elements.
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the root element.
    Prolog,
    /// Inside `<FICHES>`.
    Root,
    /// The root is closed, or an error was returned.
    Finished,
}

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

    fn offset_now(&self) -> u64 {
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

    fn check_root(&self, name: &[u8]) -> Result<(), ReadError> {
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

    fn not_markup(&self) -> ReadError {
        self.error(
            self.offset_now(),
            ReadErrorKind::Syntax("du texte précède l’élément racine".to_string()),
        )
    }

    fn capturing(&self) -> bool {
        self.building
            .as_ref()
            .and_then(|building| building.capture)
            .is_some_and(|(depth, _)| depth == self.stack.len())
    }

    /// Whether text here is read: the element being captured, or the own
    /// text of a route (older exports: `<SI_JURY_VAE>Oui</SI_JURY_VAE>`).
    fn wants_text(&self) -> bool {
        self.capturing()
            || (self.stack.len() == 3
                && self
                    .building
                    .as_ref()
                    .is_some_and(|building| building.voie.is_some()))
    }

    fn append(&mut self, piece: &str) {
        if self.capturing() {
            self.text.push_str(piece);
        } else if self.stack.len() == 3
            && let Some(voie) = self
                .building
                .as_mut()
                .and_then(|building| building.voie.as_mut())
        {
            voie.direct.push_str(piece);
        }
    }

    /// An element was opened (and pushed). Returns whether its content must
    /// be skipped unparsed.
    fn on_start(&mut self) -> bool {
        let depth = self.stack.len();
        if depth == 2 {
            if self.stack.get(1) == b"FICHE" {
                self.building = Some(Building::default());
            }
            return false;
        }
        let summary = self.detail == Detail::Summary;
        let Some(building) = self.building.as_mut() else {
            return false;
        };
        if let Some((capture_depth, target)) = building.capture
            && depth > capture_depth
        {
            if target == Target::Other {
                // Not plain text: not a text of the fiche.
                building.capture = None;
            }
            return false;
        }
        let stack = &self.stack;
        let target = match depth - 2 {
            1 => {
                let name = stack.get(2);
                match name {
                    b"NUMERO_FICHE" => Some(Target::Numero),
                    b"INTITULE" => Some(Target::Intitule),
                    // What a listing does not show is skipped unparsed.
                    b"ABREGE" | b"CERTIFICATEURS" | b"ETAT_FICHE" if summary => return true,
                    _ if summary && name.starts_with(b"SI_JURY_") => return true,
                    b"ETAT_FICHE" => Some(Target::Etat),
                    b"ACTIF" => Some(Target::Actif),
                    b"DATE_FIN_ENREGISTREMENT" => Some(Target::DateFin),
                    b"ABREGE"
                    | b"NOMENCLATURE_EUROPE"
                    | b"CERTIFICATEURS"
                    | b"BLOCS_COMPETENCES" => None,
                    _ if name.starts_with(b"SI_JURY_") => {
                        building.voie = Some(VoieBuild::new(&name[b"SI_JURY_".len()..]));
                        None
                    }
                    _ if summary => return true,
                    _ if name.starts_with(b"JURY_") => Some(Target::LegacyJury),
                    _ if TEXT_ELEMENTS.iter().any(|known| known.as_bytes() == name) => {
                        Some(Target::Text)
                    }
                    _ if is_other_text_candidate(name) => Some(Target::Other),
                    _ => None,
                }
            }
            2 => match (stack.get(2), stack.get(3)) {
                (b"ABREGE", b"LIBELLE") => Some(Target::Abrege),
                (b"NOMENCLATURE_EUROPE", b"NIVEAU") => Some(Target::Niveau),
                (b"NOMENCLATURE_EUROPE", b"LIBELLE") => Some(Target::NiveauLibelle),
                (b"BLOCS_COMPETENCES", b"BLOC_COMPETENCES") => {
                    building.bloc = Some(FicheBloc::default());
                    None
                }
                (parent, b"ACTIF") if parent.starts_with(b"SI_JURY_") => Some(Target::VoieActif),
                (parent, b"COMPOSITION") if parent.starts_with(b"SI_JURY_") => {
                    if summary {
                        return true;
                    }
                    Some(Target::VoieComposition)
                }
                (b"CERTIFICATEURS", b"CERTIFICATEUR") => None,
                _ => None,
            },
            3 => match (stack.get(2), stack.get(3), stack.get(4)) {
                (b"CERTIFICATEURS", b"CERTIFICATEUR", b"NOM_CERTIFICATEUR") => {
                    Some(Target::Certificateur)
                }
                (b"BLOCS_COMPETENCES", b"BLOC_COMPETENCES", name) => match name {
                    b"CODE" => Some(Target::BlocCode),
                    b"LIBELLE" => Some(Target::BlocLibelle),
                    b"LISTE_COMPETENCES" if summary => return true,
                    b"LISTE_COMPETENCES" => Some(Target::BlocCompetences),
                    b"MODALITES_EVALUATION" if summary => return true,
                    b"MODALITES_EVALUATION" => Some(Target::BlocModalites),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        if let Some(target) = target {
            self.text.clear();
            building.capture = Some((depth, target));
        }
        false
    }

    /// The element on top of the stack is closing (not popped yet).
    fn on_end(&mut self) -> End {
        let depth = self.stack.len();
        if depth == 2 {
            let Some(mut building) = self.building.take() else {
                return End::Nothing;
            };
            self.fiches += 1;
            if !building.decided
                && let Some(keep) = self.keep.as_mut()
                && !keep(&building.fiche.numero)
            {
                return End::Nothing;
            }
            if building.rejected {
                return End::Nothing;
            }
            building.finish();
            return End::Fiche(Box::new(building.fiche));
        }
        let Some(building) = self.building.as_mut() else {
            return End::Nothing;
        };
        let mut result = End::Nothing;
        if let Some((capture_depth, target)) = building.capture
            && capture_depth == depth
        {
            building.capture = None;
            let value = self.text.trim();
            let fiche = &mut building.fiche;
            match target {
                Target::Numero => {
                    fiche.numero = value.to_string();
                    if let Some(keep) = self.keep.as_mut() {
                        building.decided = true;
                        if !keep(&fiche.numero) {
                            building.rejected = true;
                            result = End::SkipFiche;
                        }
                    }
                }
                Target::Intitule => fiche.intitule = value.to_string(),
                Target::Etat => fiche.etat = non_empty(value),
                Target::Actif => fiche.actif = yes_no(value),
                Target::DateFin => fiche.date_fin = non_empty(value),
                Target::Abrege => fiche.abrege = non_empty(value),
                Target::Niveau => fiche.niveau = non_empty(value),
                Target::NiveauLibelle => fiche.niveau_libelle = non_empty(value),
                Target::Certificateur => {
                    if !value.is_empty() {
                        fiche.certificateurs.push(value.to_string());
                    }
                }
                Target::Text => {
                    if !value.is_empty() {
                        fiche
                            .texts
                            .push((self.stack.top_string(), value.to_string()));
                    }
                }
                Target::Other => {
                    if value.chars().count() > OTHER_TEXT_MIN_CHARS
                        && value.contains(char::is_whitespace)
                        && !value.starts_with("http")
                    {
                        fiche
                            .texts
                            .push((self.stack.top_string(), value.to_string()));
                    }
                }
                Target::LegacyJury => {
                    if !value.is_empty() {
                        let code = self.stack.top_string()["JURY_".len()..].to_string();
                        building.legacy_juries.push((code, value.to_string()));
                    }
                }
                Target::VoieActif => {
                    if let Some(voie) = building.voie.as_mut() {
                        voie.actif = yes_no(value);
                    }
                }
                Target::VoieComposition => {
                    if let Some(voie) = building.voie.as_mut() {
                        voie.composition = value.to_string();
                    }
                }
                Target::BlocCode
                | Target::BlocLibelle
                | Target::BlocCompetences
                | Target::BlocModalites => {
                    if let Some(bloc) = building.bloc.as_mut() {
                        let field = match target {
                            Target::BlocCode => &mut bloc.code,
                            Target::BlocLibelle => &mut bloc.libelle,
                            Target::BlocCompetences => &mut bloc.competences,
                            _ => &mut bloc.modalites,
                        };
                        *field = value.to_string();
                    }
                }
            }
        }
        if depth == 3 && self.stack.get(2).starts_with(b"SI_JURY_") {
            if let Some(voie) = building.voie.take()
                && let Some(entry) = voie.finish()
            {
                building.fiche.voies.push(entry);
            }
        } else if depth == 4
            && self.stack.get(2) == b"BLOCS_COMPETENCES"
            && self.stack.get(3) == b"BLOC_COMPETENCES"
            && let Some(bloc) = building.bloc.take()
            && (!bloc.code.is_empty() || !bloc.libelle.is_empty())
        {
            building.fiche.blocs.push(bloc);
        }
        result
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

    /// Where quick-xml places its last error (the start of the markup).
    fn error_offset(&self) -> u64 {
        match self.xml.error_position() {
            0 => self.offset_now(),
            at => self.xml.get_ref().bom + at,
        }
    }

    fn error(&self, offset: u64, kind: ReadErrorKind) -> ReadError {
        ReadError { offset, kind }
    }

    fn truncated(&self) -> ReadError {
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

    fn xml_error(&mut self, error: XmlError) -> ReadError {
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

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn is_other_text_candidate(name: &[u8]) -> bool {
    !(name.starts_with(b"DATE_")
        || name.starts_with(b"ID_")
        || name.starts_with(b"NUMERO_")
        || name.starts_with(b"SIRET")
        || NOT_TEXT_ELEMENTS
            .iter()
            .any(|known| known.as_bytes() == name))
}

enum End {
    Nothing,
    Fiche(Box<Fiche>),
    /// The fiche's number was rejected by the filter: skip the rest.
    SkipFiche,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Numero,
    Intitule,
    Etat,
    Actif,
    DateFin,
    Abrege,
    Niveau,
    NiveauLibelle,
    Certificateur,
    /// One of [`TEXT_ELEMENTS`].
    Text,
    /// An unknown direct child of `FICHE`: kept if it is long plain text.
    Other,
    /// `JURY_<code>` of older exports: the jury of `SI_JURY_<code>`.
    LegacyJury,
    VoieActif,
    VoieComposition,
    BlocCode,
    BlocLibelle,
    BlocCompetences,
    BlocModalites,
}

#[derive(Default)]
struct Building {
    fiche: Fiche,
    /// The filter has seen the number.
    decided: bool,
    /// The filter rejected the number.
    rejected: bool,
    /// The element whose text is being read (its depth) and where it goes.
    capture: Option<(usize, Target)>,
    bloc: Option<FicheBloc>,
    voie: Option<VoieBuild>,
    legacy_juries: Vec<(String, String)>,
}

impl Building {
    fn finish(&mut self) {
        for (code, text) in std::mem::take(&mut self.legacy_juries) {
            let name = voie_name(&code).map_or(code.clone(), str::to_string);
            if let Some((_, existing)) = self.fiche.voies.iter_mut().find(|(n, _)| *n == name)
                && existing.is_empty()
            {
                *existing = text;
            }
        }
    }
}

/// One `SI_JURY_<code>` being read.
struct VoieBuild {
    code: String,
    /// v4: `ACTIF`.
    actif: Option<bool>,
    /// v4: `COMPOSITION`.
    composition: String,
    /// Older exports: the element's own text (`Oui`, `Non` or the jury).
    direct: String,
}

impl VoieBuild {
    fn new(code: &[u8]) -> Self {
        VoieBuild {
            code: String::from_utf8_lossy(code).into_owned(),
            actif: None,
            composition: String::new(),
            direct: String::new(),
        }
    }

    /// The route's name and text if it is open.
    fn finish(self) -> Option<(String, String)> {
        let direct = self.direct.trim();
        let direct_yes_no = yes_no(direct);
        let open = match self.actif {
            Some(actif) => actif,
            None => match direct_yes_no {
                Some(open) => open,
                None => !direct.is_empty() || !self.composition.is_empty(),
            },
        };
        if !open {
            return None;
        }
        let text = if !self.composition.is_empty() {
            self.composition
        } else if direct_yes_no.is_none() {
            direct.to_string()
        } else {
            String::new()
        };
        let name = voie_name(&self.code).map_or(self.code, str::to_string);
        Some((name, text))
    }
}

/// The names of the open elements, in one buffer.
#[derive(Default)]
struct Stack {
    names: Vec<u8>,
    starts: Vec<usize>,
}

impl Stack {
    fn push(&mut self, name: &[u8]) {
        self.starts.push(self.names.len());
        self.names.extend_from_slice(name);
    }

    fn pop(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.names.truncate(start);
        }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The name at `index` (0: the root).
    fn get(&self, index: usize) -> &[u8] {
        let start = self.starts[index];
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.names.len());
        &self.names[start..end]
    }

    fn top(&self) -> Option<&[u8]> {
        (!self.is_empty()).then(|| self.get(self.len() - 1))
    }

    fn top_string(&self) -> String {
        String::from_utf8_lossy(self.top().unwrap_or_default()).into_owned()
    }
}

/// What the scan of a buffered slice found.
enum Found {
    /// Nothing of interest: consume it all.
    Nothing,
    /// A `<` too close to the end of the slice to be recognised.
    Cut(usize),
    /// The closing tag sought.
    EndTag(usize),
    /// `<![CDATA[` or `<!--`, with its terminator.
    Skip(usize, usize, &'static [u8]),
}

/// Consumes bytes up to (not including) `</name>`; false at the end of the
/// stream.
fn skip_to_end_tag<R: Read>(
    stream: &mut BinaryStream<'_, Source<R>>,
    name: &[u8],
) -> io::Result<bool> {
    const CDATA: &[u8] = b"<![CDATA[";
    const COMMENT: &[u8] = b"<!--";
    let need = (name.len() + 3).max(CDATA.len());
    let mut window_only = false;
    loop {
        let available = if window_only {
            window_only = false;
            stream.get_mut().fill_at_least(need)?
        } else {
            stream.fill_buf()?
        };
        if available.is_empty() {
            return Ok(false);
        }
        let mut from = 0;
        let mut found = Found::Nothing;
        while let Some(at) = find_byte(b'<', &available[from..]).map(|at| from + at) {
            let rest = &available[at..];
            if rest.len() < need {
                found = Found::Cut(at);
                break;
            }
            match rest[1] {
                b'/' if rest[2..].starts_with(name)
                    && (rest[name.len() + 2] == b'>'
                        || rest[name.len() + 2].is_ascii_whitespace()) =>
                {
                    found = Found::EndTag(at);
                    break;
                }
                b'!' if rest.starts_with(CDATA) => {
                    found = Found::Skip(at, CDATA.len(), b"]]>");
                    break;
                }
                b'!' if rest.starts_with(COMMENT) => {
                    found = Found::Skip(at, COMMENT.len(), b"-->");
                    break;
                }
                _ => from = at + 1,
            }
        }
        match found {
            Found::Nothing => {
                let len = available.len();
                stream.consume(len);
            }
            Found::Cut(at) => {
                if at == 0 {
                    // Already at the start of the buffer: the stream ends
                    // within `need` bytes.
                    let tail = stream.get_mut().fill_at_least(need)?;
                    if tail.len() < need {
                        let is_end = tail.len() > name.len() + 1
                            && tail[1] == b'/'
                            && tail[2..].starts_with(name);
                        if is_end {
                            return Ok(true);
                        }
                        stream.consume(1);
                        continue;
                    }
                } else {
                    stream.consume(at);
                }
                window_only = true;
            }
            Found::EndTag(at) => {
                stream.consume(at);
                return Ok(true);
            }
            Found::Skip(at, opening, terminator) => {
                stream.consume(at + opening);
                if !skip_past(stream, terminator)? {
                    return Ok(false);
                }
            }
        }
    }
}

/// Consumes bytes up to and including `pattern`; false at the end of the
/// stream.
fn skip_past<R: Read>(
    stream: &mut BinaryStream<'_, Source<R>>,
    pattern: &[u8],
) -> io::Result<bool> {
    loop {
        let available = stream.fill_buf()?;
        if available.is_empty() {
            return Ok(false);
        }
        let Some(at) = find_byte(pattern[0], available) else {
            let len = available.len();
            stream.consume(len);
            continue;
        };
        if available[at..].starts_with(pattern) {
            stream.consume(at + pattern.len());
            return Ok(true);
        }
        if available.len() - at >= pattern.len() {
            stream.consume(at + 1);
            continue;
        }
        stream.consume(at);
        if stream
            .get_mut()
            .fill_at_least(pattern.len())?
            .starts_with(pattern)
        {
            stream.consume(pattern.len());
            return Ok(true);
        }
        stream.consume(1);
    }
}

/// Position of `needle` in `haystack`, eight bytes at a time.
fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let pattern = LOW * u64::from(needle);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ pattern;
        // The lowest byte of `word` that is zero has its high bit set here
        // (bits above it may be set spuriously, never below).
        let zero = word.wrapping_sub(LOW) & !word & HIGH;
        if zero != 0 {
            return Some(offset + (zero.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == needle)
        .map(|at| offset + at)
}

const SOURCE_CAPACITY: usize = 64 * 1024;

/// The caller's reader behind a buffer that can guarantee a few bytes of
/// lookahead (to recognise a closing tag across reads). Strips a UTF-8 BOM.
struct Source<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    started: bool,
    /// Length of the stripped BOM, added to quick-xml's positions.
    bom: u64,
}

impl<R: Read> Source<R> {
    fn new(inner: R) -> Self {
        Source {
            inner,
            buf: vec![0; SOURCE_CAPACITY].into_boxed_slice(),
            start: 0,
            end: 0,
            started: false,
            bom: 0,
        }
    }

    /// The buffered bytes, reading until there are at least `wanted` of them
    /// or the stream ends.
    fn fill_at_least(&mut self, wanted: usize) -> io::Result<&[u8]> {
        let wanted = wanted.min(self.buf.len());
        if self.end - self.start < wanted {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            while self.end < wanted {
                match self.inner.read(&mut self.buf[self.end..]) {
                    Ok(0) => break,
                    Ok(read) => self.end += read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.started {
            self.started = true;
            if self.fill_at_least(3)?.starts_with(b"\xEF\xBB\xBF") {
                self.start += 3;
                self.bom = 3;
            }
        }
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            loop {
                match self.inner.read(&mut self.buf) {
                    Ok(read) => {
                        self.end = read;
                        break;
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.end);
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let amount = available.len().min(out.len());
        out[..amount].copy_from_slice(&available[..amount]);
        self.consume(amount);
        Ok(amount)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A file of `../shared/data/rncp/`, or `None` (after saying so) when
    /// the shared data is absent, unless `LIVRET_REQUIRE_SHARED` is set.
    pub(crate) fn shared_bytes(name: &str) -> Option<Vec<u8>> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/rncp")
            .join(name);
        match std::fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(error) => {
                if std::env::var_os("LIVRET_REQUIRE_SHARED").is_some() {
                    panic!("{}: {error}", path.display());
                }
                println!("SKIPPED: ../shared absent");
                None
            }
        }
    }

    const DEV: &str = "export-fiches-rncp-dev.xml";
    const SIO: &str = "export-fiches-rncp-bts-sio-2025.xml";
    const RS: &str = "export-fiches-rs-dev.xml";

    fn read_all(bytes: &[u8]) -> Result<Vec<Fiche>, ReadError> {
        FicheReader::new(bytes).collect()
    }

    /// Reads until the end or the first error; never more than one error.
    fn read_until_error(reader: FicheReader<'_, &[u8]>) -> (Vec<Fiche>, Option<ReadError>) {
        let mut fiches = Vec::new();
        let mut error = None;
        for item in reader {
            assert!(error.is_none(), "an item after an error");
            match item {
                Ok(fiche) => fiches.push(fiche),
                Err(e) => error = Some(e),
            }
        }
        (fiches, error)
    }

    fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
        let start = text.find(open)? + open.len();
        let end = start + text[start..].find(close)?;
        Some(&text[start..end])
    }

    fn decode(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
            .trim()
            .to_string()
    }

    struct Expected {
        numero: String,
        intitule: String,
        /// Code, libellé, compétences, modalités.
        blocs: Vec<(String, String, String, String)>,
    }

    /// The fiches as plain string search sees them (no XML parser).
    fn independent(xml: &str) -> Vec<Expected> {
        xml.split("<FICHE>")
            .skip(1)
            .map(|chunk| {
                let fiche = &chunk[..chunk.find("</FICHE>").expect("</FICHE>")];
                let field = |text: &str, name: &str| {
                    between(text, &format!("<{name}>"), &format!("</{name}>"))
                        .map(decode)
                        .unwrap_or_default()
                };
                let blocs = between(fiche, "<BLOCS_COMPETENCES>", "</BLOCS_COMPETENCES>")
                    .map(|section| {
                        section
                            .split("<BLOC_COMPETENCES>")
                            .skip(1)
                            .map(|bloc| {
                                (
                                    field(bloc, "CODE"),
                                    field(bloc, "LIBELLE"),
                                    field(bloc, "LISTE_COMPETENCES"),
                                    field(bloc, "MODALITES_EVALUATION"),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Expected {
                    numero: field(fiche, "NUMERO_FICHE"),
                    intitule: field(fiche, "INTITULE"),
                    blocs,
                }
            })
            .collect()
    }

    #[test]
    fn real_files_match_an_independent_extraction() {
        for name in [DEV, SIO, RS] {
            let Some(bytes) = shared_bytes(name) else {
                return;
            };
            let text = std::str::from_utf8(&bytes).unwrap();
            let expected = independent(text);
            let fiches = read_all(&bytes).unwrap();
            assert_eq!(fiches.len(), text.matches("<FICHE>").count(), "{name}");
            assert_eq!(fiches.len(), expected.len(), "{name}");
            for (fiche, expected) in fiches.iter().zip(&expected) {
                assert_eq!(fiche.numero, expected.numero);
                assert_eq!(fiche.intitule, expected.intitule);
                let blocs: Vec<_> = fiche
                    .blocs
                    .iter()
                    .map(|b| {
                        (
                            b.code.clone(),
                            b.libelle.clone(),
                            b.competences.clone(),
                            b.modalites.clone(),
                        )
                    })
                    .collect();
                assert_eq!(blocs, expected.blocs, "{}", fiche.numero);
                // Never the blocs of CORRESPONDANCES: every code is the fiche's.
                for bloc in &fiche.blocs {
                    assert!(bloc.code.starts_with(&fiche.numero), "{}", bloc.code);
                }
            }
        }
    }

    #[test]
    fn dev_file_numbers_and_bloc_counts() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let fiches = read_all(&bytes).unwrap();
        let summary: Vec<_> = fiches
            .iter()
            .map(|f| (f.numero.as_str(), f.blocs.len()))
            .collect();
        let text = std::str::from_utf8(&bytes).unwrap();
        // Every <CODE> under BLOCS_COMPETENCES/BLOC_COMPETENCES, counted by
        // string search.
        let codes: usize = text
            .split("<BLOCS_COMPETENCES>")
            .skip(1)
            .map(|s| {
                s[..s.find("</BLOCS_COMPETENCES>").unwrap()]
                    .matches("<CODE>")
                    .count()
            })
            .sum();
        assert_eq!(summary.iter().map(|(_, n)| n).sum::<usize>(), codes);
        assert_eq!(summary[0], ("RNCP34762", 5));
        assert_eq!(summary[1], ("RNCP35809", 4));
        assert_eq!(
            summary.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ["RNCP34762", "RNCP35809", "RNCP40344", "RNCP36490"]
        );
        // The file also has <BLOC_COMPETENCES> under CORRESPONDANCES.
        assert!(text.matches("<BLOC_COMPETENCES>").count() > codes);
    }

    #[test]
    fn fields_of_a_real_fiche() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let fiche = read_all(&bytes).unwrap().remove(0);
        assert_eq!(fiche.numero, "RNCP34762");
        assert_eq!(
            fiche.intitule,
            "Programme Grande Ecole – Diplôme d’études supérieures en management"
        );
        assert_eq!(fiche.niveau.as_deref(), Some("NIV7"));
        assert_eq!(fiche.niveau_libelle.as_deref(), Some("Niveau 7"));
        assert_eq!(
            fiche.abrege.as_deref(),
            Some("Diplôme visé grade de master")
        );
        assert_eq!(
            fiche.certificateurs,
            [
                "ETABLISSEMENT D'ENSEIGNEMENT SUPERIEUR CONSULAIRE GRENOBLE ECOLE DE MANAGEMENT",
                "MINISTERE DE L'ENSEIGNEMENT SUPERIEUR ET DE LA RECHERCHE"
            ]
        );
        assert_eq!(fiche.actif, Some(false));
        assert_eq!(fiche.etat.as_deref(), Some("Publiée"));
        assert_eq!(fiche.date_fin.as_deref(), Some("31/08/2024"));
        let keys: Vec<_> = fiche.texts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "ACTIVITES_VISEES",
                "CAPACITES_ATTESTEES",
                "SECTEURS_ACTIVITE",
                "TYPE_EMPLOI_ACCESSIBLES",
                "OBJECTIFS_CONTEXTE",
                "PREREQUIS_ENTREE_FORMATION"
            ]
        );
        let capacites = &fiche.texts[1].1;
        assert!(
            capacites.starts_with("Les compétences attestées sont les suivantes :       A1C1.")
        );
        let voies: Vec<_> = fiche.voies.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            voies,
            [
                "Formation initiale",
                "Contrat d’apprentissage",
                "Formation continue",
                "Contrat de professionnalisation",
                "VAE"
            ]
        );
        for (_, jury) in &fiche.voies {
            assert!(
                jury.starts_with("Le jury est nommé par le Recteur"),
                "{jury}"
            );
        }
    }

    #[test]
    fn rs_fiches_have_no_blocs_and_their_texts() {
        let Some(bytes) = shared_bytes(RS) else {
            return;
        };
        let fiches = read_all(&bytes).unwrap();
        assert_eq!(fiches.len(), 3);
        for fiche in &fiches {
            assert!(fiche.numero.starts_with("RS"));
            assert!(fiche.blocs.is_empty());
            assert!(
                fiche
                    .texts
                    .iter()
                    .any(|(k, v)| k == "CAPACITES_ATTESTEES" && !v.is_empty())
            );
            assert_eq!(fiche.niveau, None);
        }
        let first = &fiches[0];
        assert_eq!(first.numero, "RS6232");
        assert_eq!(first.abrege, None);
        assert_eq!(
            first.certificateurs,
            ["ADXF2", "ADX FORMATION", "ADX FORMATION"]
        );
        let keys: Vec<_> = first.texts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "CAPACITES_ATTESTEES",
                "REGLEMENTATIONS_ACTIVITES",
                "OBJECTIFS_CONTEXTE",
                "NIVEAU_MAITRISE_COMPETENCES",
                "PREREQUIS_ENTREE_FORMATION"
            ]
        );
        assert_eq!(
            first.voies,
            [
                (
                    "Formation continue".to_string(),
                    "Un représentant de l'organisme de certification, un référent métier \
                     maritime et un référent amiante."
                        .to_string()
                ),
                (
                    "Candidature individuelle".to_string(),
                    "Un représentant de l'organisme de certification, un référent métier \
                     maritime et un référent amiante."
                        .to_string()
                )
            ]
        );
    }

    fn wrap(fiches: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FICHES>\n  <VERSION_FLUX>4.1</VERSION_FLUX>\n{fiches}</FICHES>\n"
        )
    }

    #[test]
    fn cdata_and_entities() {
        let xml = wrap(
            "<FICHE><ID_FICHE>1</ID_FICHE><NUMERO_FICHE> RNCP1 </NUMERO_FICHE>\
             <INTITULE><![CDATA[Vente & <b>négoce</b>]]></INTITULE>\
             <ACTIVITES_VISEES>  caf&#233; &amp; th&#xE9;,  d&eacute;j&agrave; &lt;ici&gt; &inconnue;  </ACTIVITES_VISEES>\
             <OBJECTIFS_CONTEXTE>avant <![CDATA[ <milieu> ]]> apr&#232;s</OBJECTIFS_CONTEXTE>\
             <BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE>\
             <LIBELLE><![CDATA[Bloc « un » & deux]]></LIBELLE>\
             <LISTE_COMPETENCES><![CDATA[- A  - B]]></LISTE_COMPETENCES>\
             <MODALITES_EVALUATION>Oral&#160;</MODALITES_EVALUATION>\
             </BLOC_COMPETENCES></BLOCS_COMPETENCES></FICHE>\n",
        );
        let fiche = read_all(xml.as_bytes()).unwrap().remove(0);
        assert_eq!(fiche.numero, "RNCP1");
        assert_eq!(fiche.intitule, "Vente & <b>négoce</b>");
        assert_eq!(
            fiche.texts,
            [
                (
                    "ACTIVITES_VISEES".to_string(),
                    "café & thé,  déjà <ici> &inconnue;".to_string()
                ),
                (
                    "OBJECTIFS_CONTEXTE".to_string(),
                    "avant  <milieu>  après".to_string()
                )
            ]
        );
        let bloc = &fiche.blocs[0];
        assert_eq!(bloc.libelle, "Bloc « un » & deux");
        assert_eq!(bloc.competences, "- A  - B");
        // A no-break space is whitespace at the ends.
        assert_eq!(bloc.modalites, "Oral");
    }

    #[test]
    fn skipping_steps_over_cdata_and_comments() {
        let xml = wrap(
            "<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE>\
             <ACTIVITES_VISEES><![CDATA[ </ACTIVITES_VISEES> </FICHE> ]]></ACTIVITES_VISEES>\
             <!-- </FICHE> --><BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE>\
             <LISTE_COMPETENCES><![CDATA[</LISTE_COMPETENCES>]]><!-- </LISTE_COMPETENCES> -->\
             </LISTE_COMPETENCES ><LISTE_COMPETENCESX/></BLOC_COMPETENCES></BLOCS_COMPETENCES>\
             </FICHE ><FICHE><NUMERO_FICHE>RNCP2</NUMERO_FICHE><INTITULE>Deux</INTITULE></FICHE>",
        );
        let full = read_all(xml.as_bytes()).unwrap();
        assert_eq!(full.len(), 2);
        assert_eq!(full[0].texts[0].1, "</ACTIVITES_VISEES> </FICHE>");
        assert_eq!(full[0].blocs[0].competences, "</LISTE_COMPETENCES>");
        let summaries: Vec<_> = FicheReader::new(xml.as_bytes())
            .detail(Detail::Summary)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(summaries.len(), 2);
        assert_eq!(summaries[0].blocs[0].code, "RNCP1BC01");
        let kept: Vec<_> = FicheReader::with_filter(xml.as_bytes(), |n| n == "RNCP2")
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(kept, [full[1].clone()]);
    }

    /// Gives a few bytes per read, to cut tags and texts at every place.
    struct Trickle<'b> {
        data: &'b [u8],
        random: Random,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = (1 + self.random.below(11))
                .min(self.data.len())
                .min(out.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn reads_of_a_few_bytes_give_the_same_fiches() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let mut xml = bytes.clone();
        // Also a CDATA and a comment in a fiche that the filter skips.
        let at = std::str::from_utf8(&bytes)
            .unwrap()
            .find("<SECTEURS_ACTIVITE>")
            .unwrap();
        xml.splice(
            at..at,
            b"<!-- </FICHE> --><X><![CDATA[</FICHE>]]></X>"
                .iter()
                .copied(),
        );
        for mode in 0..3 {
            let read = |reader: Box<dyn BufRead>| -> Vec<Fiche> {
                let reader = match mode {
                    0 => FicheReader::new(reader),
                    1 => FicheReader::new(reader).detail(Detail::Summary),
                    _ => FicheReader::with_filter(reader, |n| n == "RNCP40344"),
                };
                reader.collect::<Result<_, _>>().unwrap()
            };
            let whole = read(Box::new(&xml[..]));
            assert_eq!(whole.len(), if mode == 2 { 1 } else { 4 });
            for seed in 1..4 {
                let trickle = Trickle {
                    data: &xml,
                    random: Random(seed),
                };
                let fiches = read(Box::new(io::BufReader::with_capacity(7, trickle)));
                assert_eq!(fiches, whole, "mode {mode}");
            }
        }
    }

    #[test]
    fn empty_exports_and_foreign_roots() {
        assert!(read_all(wrap("").as_bytes()).unwrap().is_empty());
        assert!(read_all(b"<FICHES/>").unwrap().is_empty());
        assert!(
            read_all(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- x --><FICHES></FICHES>")
                .unwrap()
                .is_empty()
        );
        let error = read_all(b"<?xml version=\"1.0\"?>\n<html><FICHE/></html>").unwrap_err();
        assert_eq!(
            error.kind,
            ReadErrorKind::NotAnExport {
                root: "html".to_string()
            }
        );
        let error = read_all(b"<rss/>").unwrap_err();
        assert_eq!(
            error.kind,
            ReadErrorKind::NotAnExport {
                root: "rss".to_string()
            }
        );
        let error = read_all(b"").unwrap_err();
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated {
                open: "FICHES".to_string()
            }
        );
        let error = read_all(b"bonjour").unwrap_err();
        assert!(matches!(error.kind, ReadErrorKind::Syntax(_)), "{error:?}");
    }

    #[test]
    fn malformed_xml_is_a_syntax_error() {
        for xml in [
            "<FICHES><FICHE><NUMERO_FICHE>RNCP1</INTITULE></FICHE></FICHES>",
            "<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE></FICHE></FICHE></FICHES>",
            "<FICHES><FICHE><INTITULE>a & b</INTITULE></FICHE></FICHES>",
            "<FICHES><FICHE><INTITULE>&#xZZ;</INTITULE></FICHE></FICHES>",
            "<FICHES><FICHE><!BOGUS></FICHE></FICHES>",
        ] {
            let (_, error) = read_until_error(FicheReader::new(xml.as_bytes()));
            let error = error.unwrap_or_else(|| panic!("no error for {xml}"));
            assert!(
                matches!(error.kind, ReadErrorKind::Syntax(_)),
                "{xml}: {error:?}"
            );
            assert!(error.offset <= xml.len() as u64);
        }
        let bad_utf8 = b"<FICHES><FICHE><INTITULE>caf\xE9</INTITULE></FICHE></FICHES>";
        let error = read_all(bad_utf8).unwrap_err();
        assert!(matches!(error.kind, ReadErrorKind::Syntax(_)), "{error:?}");
    }

    #[test]
    fn io_errors_are_reported() {
        struct Failing<'b>(&'b [u8]);
        impl Read for Failing<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::Error::other("disque illisible"));
                }
                let n = self.0.len().min(out.len()).min(100);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let xml = wrap("<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE></FICHE>");
        let cut = &xml.as_bytes()[..xml.len() - 20];
        let error = FicheReader::new(io::BufReader::new(Failing(cut)))
            .find_map(Result::err)
            .unwrap();
        assert!(
            matches!(error.kind, ReadErrorKind::Io(ref m) if m.contains("disque")),
            "{error:?}"
        );
    }

    #[test]
    fn legacy_routes() {
        let xml = wrap(
            "<FICHE><NUMERO_FICHE>RNCP2</NUMERO_FICHE>\
             <SI_JURY_FI>Non</SI_JURY_FI><SI_JURY_CA>Oui</SI_JURY_CA>\
             <JURY_CA>Jury CA</JURY_CA><SI_JURY_VAE>oui</SI_JURY_VAE>\
             <SI_JURY_CL>Un jury de professionnels</SI_JURY_CL>\
             <SI_JURY_FC><ACTIF>Oui</ACTIF></SI_JURY_FC><SI_JURY_CQ/></FICHE>",
        );
        let fiche = read_all(xml.as_bytes()).unwrap().remove(0);
        assert_eq!(
            fiche.voies,
            [
                ("Contrat d’apprentissage".to_string(), "Jury CA".to_string()),
                ("VAE".to_string(), String::new()),
                (
                    "Candidature individuelle".to_string(),
                    "Un jury de professionnels".to_string()
                ),
                ("Formation continue".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn other_long_plain_texts_are_kept() {
        let long = "Un texte de plus de quatre-vingts caractères que le schéma suivant pourrait ajouter à la fiche.";
        let xml = wrap(&format!(
            "<FICHE><NUMERO_FICHE>RNCP3</NUMERO_FICHE>\
             <NOUVEAU_TEXTE>{long}</NOUVEAU_TEXTE><COURT>court</COURT>\
             <LIEN_URL_DESCRIPTION>{long}</LIEN_URL_DESCRIPTION>\
             <STRUCTURE><A>{long}</A></STRUCTURE><MIXTE>{long}<A/></MIXTE></FICHE>"
        ));
        let fiche = read_all(xml.as_bytes()).unwrap().remove(0);
        assert_eq!(
            fiche.texts,
            [("NOUVEAU_TEXTE".to_string(), long.to_string())]
        );
    }

    /// Where `</FICHES>` ends: any shorter prefix is incomplete.
    fn complete_length(bytes: &[u8]) -> usize {
        let text = std::str::from_utf8(bytes).unwrap();
        text.rfind("</FICHES>").unwrap() + "</FICHES>".len()
    }

    fn check_cut(bytes: &[u8], cut: usize, full: &[Fiche], mode: u8) -> Option<ReadError> {
        let prefix = &bytes[..cut];
        let reader = match mode {
            0 => FicheReader::new(prefix),
            1 => FicheReader::new(prefix).detail(Detail::Summary),
            _ => FicheReader::with_filter(prefix, |n| n.ends_with('0')),
        };
        let (fiches, error) = read_until_error(reader);
        if cut >= complete_length(bytes) {
            assert!(error.is_none(), "cut {cut}: {error:?}");
            return None;
        }
        let error = error.unwrap_or_else(|| {
            panic!(
                "cut at {cut} (mode {mode}): {} fiches and no error",
                fiches.len()
            )
        });
        assert!(
            matches!(
                error.kind,
                ReadErrorKind::Truncated { .. } | ReadErrorKind::Syntax(_)
            ),
            "cut {cut}: {error:?}"
        );
        assert!(error.offset <= cut as u64, "cut {cut}: {error:?}");
        if mode == 0 {
            // What came before the cut is right.
            assert_eq!(fiches[..], full[..fiches.len()], "cut {cut}");
        }
        Some(error)
    }

    #[test]
    fn truncations_are_reported_at_every_kind_of_offset() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let full = read_all(&bytes).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        let mut cuts: Vec<usize> = (0..bytes.len()).step_by(1009).collect();
        // Around a number, inside tags, in the middle of texts and of an
        // accented character, at the end.
        let numero = text.find("<NUMERO_FICHE>RNCP35809").unwrap();
        cuts.extend(numero - 40..numero + 60);
        let tag = text.find("<MODALITES_EVALUATION>").unwrap();
        cuts.extend(tag..tag + 25);
        let accent = text.find("é").unwrap();
        cuts.extend([accent, accent + 1, accent + 2]);
        let end = complete_length(&bytes);
        cuts.extend(end - 30..=bytes.len());
        let mut kinds = std::collections::HashSet::new();
        for mode in 0..3 {
            for &cut in &cuts {
                if let Some(error) = check_cut(&bytes, cut, &full, mode) {
                    kinds.insert(std::mem::discriminant(&error.kind));
                }
            }
        }
        assert!(!kinds.is_empty());
        // The innermost open element is named.
        let inside_text = text.find("A1C1. Evaluer").unwrap() + 30;
        let error = check_cut(&bytes, inside_text, &full, 0).unwrap();
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated {
                open: "CAPACITES_ATTESTEES".to_string()
            }
        );
        assert_eq!(error.offset, inside_text as u64);
        let error = check_cut(&bytes, inside_text, &full, 1).unwrap();
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated {
                open: "CAPACITES_ATTESTEES".to_string()
            }
        );
        let inside_tag = tag + 10;
        let error = check_cut(&bytes, inside_tag, &full, 0).unwrap();
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated {
                open: "BLOC_COMPETENCES".to_string()
            }
        );
        // A filtered-out fiche cut short is still a truncated download.
        let error = check_cut(&bytes, inside_text, &full, 2).unwrap();
        assert_eq!(
            error.kind,
            ReadErrorKind::Truncated {
                open: "FICHE".to_string()
            }
        );
    }

    #[test]
    fn every_offset_of_a_small_export() {
        let xml = wrap(
            "<FICHE><ID_FICHE>1</ID_FICHE><NUMERO_FICHE>RNCP10</NUMERO_FICHE>\
             <INTITULE>Caf&#233; <![CDATA[& co]]></INTITULE><SI_JURY_VAE><ACTIF>Oui</ACTIF>\
             <COMPOSITION>Jury</COMPOSITION></SI_JURY_VAE><BLOCS_COMPETENCES><BLOC_COMPETENCES>\
             <CODE>RNCP10BC01</CODE><LIBELLE>Bloc</LIBELLE><LISTE_COMPETENCES>é</LISTE_COMPETENCES>\
             </BLOC_COMPETENCES></BLOCS_COMPETENCES><ACTIF>Oui</ACTIF></FICHE>\n\
             <FICHE><NUMERO_FICHE>RNCP11</NUMERO_FICHE><INTITULE>Deux</INTITULE></FICHE>\n",
        );
        let bytes = xml.as_bytes();
        let full = read_all(bytes).unwrap();
        assert_eq!(full.len(), 2);
        for mode in 0..3 {
            for cut in 0..=bytes.len() {
                check_cut(bytes, cut, &full, mode);
            }
        }
    }

    /// A small xorshift generator: deterministic, no dependency.
    pub(crate) struct Random(pub(crate) u64);

    impl Random {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        pub(crate) fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut random = Random(0x5EED_1234_ABCD_0001);
        let alphabet = b"<>/!?&;#[]CDATA FICHES NUMERO_FICHE xml=\"'\xC3\xA9\xEF\xBB\xBF\n";
        for round in 0..3000 {
            let len = random.below(300);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if round % 2 == 0 {
                        random.next() as u8
                    } else {
                        alphabet[random.below(alphabet.len())]
                    }
                })
                .collect();
            let mut data = if round % 3 == 0 {
                b"<FICHES><FICHE>".to_vec()
            } else {
                Vec::new()
            };
            data.extend(bytes);
            for mode in 0..3 {
                let reader = match mode {
                    0 => FicheReader::new(&data[..]),
                    1 => FicheReader::new(&data[..]).detail(Detail::Summary),
                    _ => FicheReader::with_filter(&data[..], |_| false),
                };
                let _ = read_until_error(reader);
            }
        }
    }

    #[test]
    fn corrupted_real_files_never_panic() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let mut random = Random(42);
        for _ in 0..200 {
            let mut data = bytes.clone();
            for _ in 0..1 + random.below(5) {
                let at = random.below(data.len());
                data[at] = random.next() as u8;
            }
            for mode in 0..3 {
                let reader = match mode {
                    0 => FicheReader::new(&data[..]),
                    1 => FicheReader::new(&data[..]).detail(Detail::Summary),
                    _ => FicheReader::with_filter(&data[..], |n| n == "RNCP36490"),
                };
                let _ = read_until_error(reader);
            }
        }
    }

    #[test]
    fn filter_builds_only_the_kept_fiches() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let full = read_all(&bytes).unwrap();
        let mut seen = Vec::new();
        let mut reader = FicheReader::with_filter(&bytes[..], |numero| {
            seen.push(numero.to_string());
            numero == "RNCP40344"
        });
        let kept: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
        let progress = reader.progress();
        drop(reader);
        assert_eq!(kept, [full[2].clone()]);
        assert_eq!(seen, ["RNCP34762", "RNCP35809", "RNCP40344", "RNCP36490"]);
        assert_eq!(progress.fiches, 4);
        assert_eq!(progress.bytes, complete_length(&bytes) as u64);

        let none: Vec<_> = FicheReader::with_filter(&bytes[..], |_| false)
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(none.is_empty());
        let all: Vec<_> = FicheReader::with_filter(&bytes[..], |_| true)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(all, full);
    }

    #[test]
    fn summary_is_what_a_listing_shows_of_the_full_fiche() {
        for name in [DEV, SIO, RS] {
            let Some(bytes) = shared_bytes(name) else {
                return;
            };
            let full = read_all(&bytes).unwrap();
            let summaries: Vec<_> = FicheReader::new(&bytes[..])
                .detail(Detail::Summary)
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(summaries.len(), full.len());
            for (summary, fiche) in summaries.iter().zip(&full) {
                let mut expected = fiche.clone();
                expected.texts.clear();
                expected.voies.clear();
                expected.abrege = None;
                expected.certificateurs.clear();
                expected.etat = None;
                for bloc in &mut expected.blocs {
                    bloc.competences.clear();
                    bloc.modalites.clear();
                }
                assert_eq!(*summary, expected);
            }
        }
    }

    #[test]
    fn progress_counts_bytes_and_fiches() {
        let Some(bytes) = shared_bytes(DEV) else {
            return;
        };
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes);
        for data in [&bytes[..], &with_bom[..]] {
            let mut reader = FicheReader::new(data);
            assert_eq!(reader.progress(), Progress::default());
            let mut last = 0;
            for expected in 1..=4 {
                reader.next().unwrap().unwrap();
                let progress = reader.progress();
                assert_eq!(progress.fiches, expected);
                assert!(progress.bytes > last);
                last = progress.bytes;
                // Right after this fiche's closing tag.
                assert!(data[..last as usize].ends_with(b"</FICHE>"));
            }
            assert!(reader.next().is_none());
            assert_eq!(reader.progress().bytes, complete_length(data) as u64);
            assert!(reader.next().is_none());
        }
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_xml(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FICHES>"
        ));
        assert!(looks_like_xml(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>"));
        assert!(looks_like_xml(b"  \n<FICHES>\n<VERSION_FLUX>"));
        assert!(looks_like_xml(b"<!-- export --><FICHES"));
        assert!(!looks_like_xml(b"<FICHESX>"));
        assert!(!looks_like_xml(
            b"\"Numero_Fiche\";\"Bloc_Competences_Code\""
        ));
        assert!(!looks_like_xml(b"PK\x03\x04"));
        assert!(!looks_like_xml(b""));
        if let Some(bytes) = shared_bytes(RS) {
            assert!(looks_like_xml(&bytes[..bytes.len().min(4096)]));
        }
    }

    #[test]
    fn find_byte_agrees_with_position() {
        let mut random = Random(7);
        for _ in 0..2000 {
            let len = random.below(70);
            let hay: Vec<u8> = (0..len).map(|_| b"ab<\x80\xFF"[random.below(5)]).collect();
            for needle in [b'<', b'\x80', b'z'] {
                assert_eq!(
                    find_byte(needle, &hay),
                    hay.iter().position(|&b| b == needle),
                    "{hay:?}"
                );
            }
        }
    }
}
