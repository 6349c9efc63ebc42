//! Reading and writing the candidate's portfolio and the small state file.
//!
//! A portfolio that cannot be read (bad syntax, newer format, another
//! certification's file) is refused with its path and line:column, and is
//! never written over: callers must not save after a failed load.

use std::fmt;

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::portfolio::{FORMAT_VERSION, NoteKey, Portfolio, ViewState};
use crate::referentiel::{Certification, Position, Step, explain_ron_error, locate};
use crate::ron_style;

use super::DataDir;
use super::atomic::write_atomic;

const UNTOUCHED: &str = "le fichier n’a pas été modifié";

/// Why a portfolio file was refused.
#[derive(Debug)]
pub enum PortfolioError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// Not valid RON for the portfolio schema.
    Syntax {
        path: PathBuf,
        position: Position,
        message: String,
    },
    /// A format version this livret does not know (newer, or impossible).
    Version {
        path: PathBuf,
        position: Option<Position>,
        found: u32,
    },
    /// The file belongs to another certification than its name says.
    WrongReferentiel {
        path: PathBuf,
        position: Option<Position>,
        expected: String,
        found: String,
    },
}

impl PortfolioError {
    pub fn path(&self) -> &Path {
        match self {
            PortfolioError::Io { path, .. }
            | PortfolioError::Syntax { path, .. }
            | PortfolioError::Version { path, .. }
            | PortfolioError::WrongReferentiel { path, .. } => path,
        }
    }
}

fn place(path: &Path, position: Option<Position>) -> String {
    match position {
        Some(position) => format!("{}:{position}", path.display()),
        None => path.display().to_string(),
    }
}

impl fmt::Display for PortfolioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortfolioError::Io { path, error } => {
                write!(
                    f,
                    "{}: lecture impossible : {error} ; {UNTOUCHED}",
                    path.display()
                )
            }
            PortfolioError::Syntax {
                path,
                position,
                message,
            } => write!(
                f,
                "{}: {message} ; {UNTOUCHED}",
                place(path, Some(*position))
            ),
            PortfolioError::Version {
                path,
                position,
                found,
            } if *found > FORMAT_VERSION => write!(
                f,
                "{}: ce portfolio est au format {found}, plus récent que celui que connaît \
                 cette version de livret (format {FORMAT_VERSION}) ; mettez livret à jour \
                 pour l’ouvrir ; {UNTOUCHED}",
                place(path, *position)
            ),
            PortfolioError::Version {
                path,
                position,
                found,
            } => write!(
                f,
                "{}: version de format {found} inconnue (attendu de 1 à {FORMAT_VERSION}) ; \
                 {UNTOUCHED}",
                place(path, *position)
            ),
            PortfolioError::WrongReferentiel {
                path,
                position,
                expected,
                found,
            } => write!(
                f,
                "{}: ce portfolio est celui de la certification « {found} », pas de \
                 « {expected} » comme l’indique le nom du fichier ; remettez le bon \
                 identifiant ou renommez le fichier ; {UNTOUCHED}",
                place(path, *position)
            ),
        }
    }
}

impl std::error::Error for PortfolioError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PortfolioError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Only the version, read before the rest so that a newer file is reported
/// as newer rather than as full of unknown fields.
#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// The value of the top-level `format_version` field, found by walking the
/// text only up to it (strings and comments are skipped properly).
fn quick_version(text: &str) -> Option<u32> {
    let position = locate(text, &[Step::Field("format_version")])?;
    let line = text.lines().nth(position.line - 1)?;
    let rest: String = line.chars().skip(position.col - 1).collect();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A RON error at `path`, in French with its line:column.
fn syntax(path: &Path, e: ron::error::SpannedError) -> PortfolioError {
    let message = match e.code {
        ron::Error::Eof => "le fichier s’arrête avant la fin (fichier tronqué ?)".to_string(),
        ref code => explain_ron_error(code),
    };
    PortfolioError::Syntax {
        path: path.to_path_buf(),
        position: Position {
            line: e.span.start.line,
            col: e.span.start.col,
        },
        message,
    }
}

/// Parses a portfolio text; `path` is only used in errors.
pub(super) fn parse(
    text: &str,
    path: &Path,
    referentiel_id: &str,
) -> Result<Portfolio, PortfolioError> {
    let options = ron_style::options();
    // Where livret writes it, the version is the first field: read it there
    // instead of parsing a large file twice.
    let quick = quick_version(text).map(|format_version| VersionProbe { format_version });
    let version = match quick.map_or_else(|| options.from_str::<VersionProbe>(text), Ok) {
        Ok(probe) if !(1..=FORMAT_VERSION).contains(&probe.format_version) => {
            return Err(PortfolioError::Version {
                path: path.to_path_buf(),
                position: locate(text, &[Step::Field("format_version")]),
                found: probe.format_version,
            });
        }
        Ok(probe) => probe.format_version,
        // The full parse below says what is wrong, and where.
        Err(_) => FORMAT_VERSION,
    };
    let portfolio: Portfolio =
        super::migrate::parse_any(version, text).map_err(|e| syntax(path, e))?;
    // Written back in the current format.
    let mut portfolio = portfolio;
    portfolio.format_version = FORMAT_VERSION;
    if version < 5 {
        // The pace so far, from before words were counted as they came.
        portfolio.seed_written();
    }
    // A name edited by hand is read as if typed: one line, no controls.
    portfolio.identity.clean();
    if portfolio.referentiel != referentiel_id {
        return Err(PortfolioError::WrongReferentiel {
            path: path.to_path_buf(),
            position: locate(text, &[Step::Field("referentiel")]),
            expected: referentiel_id.to_string(),
            found: portfolio.referentiel,
        });
    }
    Ok(portfolio)
}

/// The candidate's portfolio for a certification: `<data>/portfolios/<id>.ron`,
/// or an empty one (nothing written) when there is no file yet.
///
/// A large file is read from its parsed copy when it matches (see
/// `store::cache`); when it does not, the copy is written again on a
/// thread of its own, by the file's owner only.
pub fn load_portfolio(data: &DataDir, referentiel_id: &str) -> Result<Portfolio, PortfolioError> {
    load_counted(data, referentiel_id).map(|(portfolio, _)| portfolio)
}

/// The words of each note, kept with a parsed copy (see
/// [`Portfolio::word_counts`]); none when the copy was not read.
pub type WordCounts = Vec<(NoteKey, usize)>;

/// A parsed copy of a portfolio: the portfolio, and its notes' words.
#[derive(Serialize)]
struct CopyOut<'a> {
    portfolio: &'a Portfolio,
    words: WordCounts,
}

#[derive(Deserialize)]
struct CopyIn {
    portfolio: Portfolio,
    words: WordCounts,
}

/// Writes the parsed copy of `portfolio`, whose file holds `text`.
fn keep_copy(data: &DataDir, text: &str, portfolio: &Portfolio) -> io::Result<()> {
    let copy = data.cached("portfolios", &portfolio.referentiel);
    super::cache::write(&copy, text, || CopyOut {
        portfolio,
        words: portfolio.word_counts(),
    })
}

/// [`load_portfolio`], with the words of its notes when a parsed copy
/// was read.
fn load_counted(
    data: &DataDir,
    referentiel_id: &str,
) -> Result<(Portfolio, WordCounts), PortfolioError> {
    let path = data.portfolio(referentiel_id);
    let copy = data.cached("portfolios", referentiel_id);
    let cached = super::cache::read_of_file::<CopyIn>(&copy, &path);
    if let Some(CopyIn {
        mut portfolio,
        words,
    }) = cached.filter(|c| c.portfolio.referentiel == referentiel_id)
    {
        // What `parse` does after reading, whatever the copy holds.
        portfolio.format_version = FORMAT_VERSION;
        portfolio.identity.clean();
        return Ok((portfolio, words));
    }
    let (text, owner) = match super::safe::read_owned(&path) {
        Ok(read) => read,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok((Portfolio::new(referentiel_id), Vec::new()));
        }
        Err(error) => return Err(PortfolioError::Io { path, error }),
    };
    let portfolio = parse(&text, &path, referentiel_id)?;
    if super::cache::keeps(&text, owner) {
        let (data, kept) = (data.clone(), portfolio.clone());
        super::cache::write_aside(move || keep_copy(&data, &text, &kept));
    }
    Ok((portfolio, Vec::new()))
}

/// A portfolio read and parsed on its own thread, started before the
/// référentiels are: at 10,000 notes each parse takes tens of milliseconds
/// and neither needs the other, so on two cores the start waits for the
/// longer one only.
#[derive(Debug)]
pub struct ReadAhead {
    id: String,
    thread: std::thread::JoinHandle<Read>,
}

/// What a [`ReadAhead`] read: the file's stamp, and what [`load_counted`] answered.
type Read = (
    Option<super::DiskStamp>,
    Result<(Portfolio, WordCounts), PortfolioError>,
);

impl ReadAhead {
    /// Starts reading the portfolio for `referentiel_id`, stamped before
    /// the read (a change in between is then seen as one).
    pub fn start(data: &DataDir, referentiel_id: &str) -> ReadAhead {
        let (data, id) = (data.clone(), referentiel_id.to_string());
        // An id given on the command line may be anything: only a name in
        // the portfolios folder is read (a path is no certification's id,
        // so what the thread answers for it is never taken).
        let plain = !matches!(id.as_str(), "" | "." | "..") && !id.contains(['/', '\\']);
        let thread = std::thread::spawn(move || {
            if !plain {
                return (None, Ok((Portfolio::new(&id), Vec::new())));
            }
            let disk = super::disk_stamp(&data.portfolio(&id));
            (disk, load_counted(&data, &id))
        });
        ReadAhead {
            id: referentiel_id.to_string(),
            thread,
        }
    }

    /// The certification whose portfolio this reads.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The stamp and what [`load_portfolio`] would have answered.
    pub fn join(self) -> (Option<super::DiskStamp>, Result<Portfolio, PortfolioError>) {
        let (disk, read, _) = self.join_counted();
        (disk, read)
    }

    /// [`ReadAhead::join`], with the words of the notes when they were kept
    /// with a parsed copy (none otherwise).
    pub fn join_counted(
        self,
    ) -> (
        Option<super::DiskStamp>,
        Result<Portfolio, PortfolioError>,
        WordCounts,
    ) {
        let (disk, read) = self
            .thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match read {
            Ok((portfolio, words)) => (disk, Ok(portfolio), words),
            Err(error) => (disk, Err(error), Vec::new()),
        }
    }

    /// What [`load_portfolio_for`] would have answered.
    pub fn join_for(self, certification: &Certification) -> Result<Portfolio, PortfolioError> {
        let mut portfolio = self.join().1?;
        portfolio.follow_renames(certification);
        Ok(portfolio)
    }
}

/// [`load_portfolio`] for this certification, with the work keyed by a
/// former id of it moved to the current one: what every reader uses.
pub fn load_portfolio_for(
    data: &DataDir,
    certification: &Certification,
) -> Result<Portfolio, PortfolioError> {
    let mut portfolio = load_portfolio(data, &certification.id)?;
    portfolio.follow_renames(certification);
    Ok(portfolio)
}

/// Whether `text` is a portfolio that would open for `referentiel_id`.
pub fn check_portfolio_text(
    text: &str,
    path: &Path,
    referentiel_id: &str,
) -> Result<(), PortfolioError> {
    parse(text, path, referentiel_id).map(|_| ())
}

/// A portfolio file given by path (a recovery copy, a backup), for this
/// certification, former ids followed.
pub fn load_portfolio_file(
    path: &Path,
    certification: &Certification,
) -> Result<Portfolio, String> {
    let text = super::safe::read_to_string(path)
        .map_err(|e| format!("{} : lecture impossible : {e}", path.display()))?;
    let mut portfolio = parse(&text, path, &certification.id).map_err(|e| e.to_string())?;
    portfolio.follow_renames(certification);
    Ok(portfolio)
}

/// The portfolio as it is written to disk.
pub fn portfolio_to_ron(portfolio: &Portfolio) -> String {
    let mut text = ron_style::options()
        .to_string_pretty(portfolio, ron_style::pretty())
        .expect("a portfolio always serializes");
    text.push('\n');
    text
}

/// Writes the portfolio atomically to `<data>/portfolios/<id>.ron` (0600);
/// returns the stamp of the file written. The parsed copy of a large
/// portfolio is written after it, its notes' words counted again (see
/// `store::cache`); failing to write that copy fails nothing.
pub fn save_portfolio(data: &DataDir, portfolio: &Portfolio) -> io::Result<super::DiskStamp> {
    let text = portfolio_to_ron(portfolio);
    let stamp = super::atomic::write_atomic_stamped(
        &data.portfolio(&portfolio.referentiel),
        text.as_bytes(),
    )?;
    let _ = keep_copy(data, &text, portfolio);
    Ok(stamp)
}

/// Where the candidate left the tree of a certification, kept beside the
/// portfolio (`<data>/views/<id>.ron`, never synced) so that moving in the
/// tree costs no rewrite of the portfolio. A missing or unreadable file
/// gives `None`: it only holds a convenience.
pub fn load_view(data: &DataDir, referentiel_id: &str) -> Option<ViewState> {
    super::safe::read_to_string(&data.view(referentiel_id))
        .ok()
        .and_then(|text| ron_style::options().from_str(&text).ok())
}

/// Writes the place in the tree of a certification, atomically (0600), not
/// synced to disk: it is written at each quit, and a crash that lost it
/// costs the place in the tree, which [`load_view`] then does without.
pub fn save_view(data: &DataDir, referentiel_id: &str, view: &ViewState) -> io::Result<()> {
    let mut text = ron_style::options()
        .to_string_pretty(view, ron_style::pretty())
        .expect("a view always serializes");
    text.push('\n');
    super::atomic::replace_unsynced(&data.view(referentiel_id), text.as_bytes())
}

/// Conveniences kept between runs, in `<data>/state.ron`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct State {
    /// The certification opened last, reopened at the next start.
    pub last_referentiel: Option<String>,
}

/// The saved state; a missing or unreadable file gives the default, since it
/// only holds conveniences.
pub fn load_state(data: &DataDir) -> State {
    super::safe::read_to_string(&data.state())
        .ok()
        .and_then(|text| ron_style::options().from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save_state(data: &DataDir, state: &State) -> io::Result<()> {
    let mut text = ron_style::options()
        .to_string_pretty(state, ron_style::pretty())
        .expect("the state always serializes");
    text.push('\n');
    write_atomic(&data.state(), text.as_bytes())
}

mod summary;
pub(super) use summary::load_portfolio_summary;

#[cfg(test)]
mod tests;
