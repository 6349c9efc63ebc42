//! Writing the imported fiches as référentiels: converted, validated,
//! the replaced version backed up.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use super::errors::{ImportError, io_error};
use super::reading::read_export;
use super::{ExportInfo, Probe};
use crate::referentiel::{Certification, parse, to_ron, validate};
use crate::rncp::convert::{self, Origin};
use crate::rncp::xml::Detail;
use crate::rncp::{Fiche, normalize_numero};
use crate::store::DataDir;
use crate::store::atomic::write_atomic;
use crate::store::portfolio::load_portfolio;

/// What an import wrote, and what the candidate should know.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub path: PathBuf,
    pub certification: Certification,
    pub warnings: Vec<String>,
    /// The previous version, kept when the import replaced one.
    pub backup: Option<PathBuf>,
    /// Ids of the portfolio's work that no node of the new version names:
    /// kept and shown « hors référentiel », with their number of notes.
    pub orphans: Vec<(String, usize)>,
    pub export: ExportInfo,
}

/// Imports the fiches `numeros` from the export at `path` into
/// `<data>/referentiels/<id>.ron`, reading the file once. An existing file is
/// replaced only with `update`, after a backup; nothing is written for a
/// fiche when anything about it fails, and every target is checked before
/// the (possibly large) file is read. One result per number, in order.
pub fn import_fiches(
    data: &DataDir,
    path: &Path,
    numeros: &[String],
    update: bool,
    probe: &Arc<Probe>,
    now: Timestamp,
) -> Result<Vec<Result<ImportReport, ImportError>>, ImportError> {
    let mut wanted = Vec::new();
    for input in numeros {
        let numero =
            normalize_numero(input).ok_or_else(|| ImportError::BadNumber(input.to_string()))?;
        let id = convert::referentiel_id(&numero);
        let target = data.referentiels().join(format!("{id}.ron"));
        // Checked before a read that may take minutes, and again when writing.
        if previous_version(&target, &id)?.is_some() && !update {
            return Err(ImportError::Exists { path: target });
        }
        if !wanted.contains(&numero) {
            wanted.push(numero);
        }
    }
    let mut found: Vec<Option<Fiche>> = vec![None; wanted.len()];
    let slot = |n: &str| wanted.iter().position(|w| n.trim().eq_ignore_ascii_case(w));
    let info = read_export(
        path,
        Detail::Full,
        probe,
        &mut |n| slot(n).is_some(),
        &mut |fiche| {
            if let Some(i) = slot(&fiche.numero) {
                found[i].get_or_insert(fiche);
            }
            found.iter().any(Option::is_none)
        },
    )?;
    let origin = Origin {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        date: info.date.clone(),
    };
    Ok(wanted
        .into_iter()
        .zip(found)
        .map(|(numero, fiche)| match fiche {
            None => Err(ImportError::NotFound {
                path: path.to_path_buf(),
                numero,
            }),
            Some(fiche) => write_fiche(data, &fiche, &origin, &info, now),
        })
        .collect())
}

/// The référentiel an import would replace, read at the moment it counts:
/// `None` when there is none; an error when it no longer reads (it is
/// then left alone rather than replaced by ids that might not match).
fn previous_version(
    target: &Path,
    id: &str,
) -> Result<Option<(String, Certification)>, ImportError> {
    let text = match fs::read_to_string(target) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(target, error)),
    };
    match parse(&text, Some(id)) {
        Ok(certification) => Ok(Some((text, certification))),
        Err(error) => Err(ImportError::Broken {
            path: target.to_path_buf(),
            message: error.render(&target.display().to_string()),
        }),
    }
}

/// Converts one fiche and writes it, backing up the version it replaces.
fn write_fiche(
    data: &DataDir,
    fiche: &Fiche,
    origin: &Origin,
    info: &ExportInfo,
    now: Timestamp,
) -> Result<ImportReport, ImportError> {
    let numero = fiche.numero.trim().to_string();
    let id = convert::referentiel_id(&numero);
    let target = data.referentiels().join(format!("{id}.ron"));
    // Read again now: the export may have taken minutes to read.
    let previous = previous_version(&target, &id)?;
    // Ids that hold the candidate's work: a new item never takes one.
    let worked: Vec<String> = load_portfolio(data, &id)
        .map(|p| p.criteres.keys().cloned().collect())
        .unwrap_or_default();
    let mut converted = convert::convert(fiche, origin, previous.as_ref().map(|(_, c)| c), &worked)
        .map_err(ImportError::Refused)?;
    let problems = validate(&converted.certification, Some(&id));
    if !problems.is_empty() {
        return Err(ImportError::Invalid {
            numero,
            problems: problems.iter().map(ToString::to_string).collect(),
        });
    }
    converted
        .warnings
        .extend(bundled_twin(data, &converted.certification));
    let installed = write_referentiel(data, &converted.certification, previous.as_ref(), now)?;
    Ok(ImportReport {
        orphans: installed.orphans,
        path: installed.path,
        certification: converted.certification,
        warnings: converted.warnings,
        backup: installed.backup,
        export: info.clone(),
    })
}

/// Where a référentiel was written, the version it replaced, and the work
/// its new version no longer names.
#[derive(Debug, Clone)]
pub struct Installed {
    pub path: PathBuf,
    pub backup: Option<PathBuf>,
    pub orphans: Vec<(String, usize)>,
}

/// Writes `certification` as `<data>/referentiels/<id>.ron`, the version
/// it replaces (`previous`, read just before) backed up first.
fn write_referentiel(
    data: &DataDir,
    certification: &Certification,
    previous: Option<&(String, Certification)>,
    now: Timestamp,
) -> Result<Installed, ImportError> {
    let id = &certification.id;
    let target = data.referentiels().join(format!("{id}.ron"));
    let write = |path: &Path| {
        let path = path.to_path_buf();
        move |error| ImportError::Write { path, error }
    };
    let backup = match previous {
        Some((text, _)) => {
            let dir = referentiel_backups(data, id);
            Some(backup_referentiel(&dir, text, now).map_err(write(&dir))?)
        }
        None => None,
    };
    fs::create_dir_all(data.referentiels()).map_err(write(&data.referentiels()))?;
    let ron = to_ron(certification);
    write_atomic(&target, ron.as_bytes()).map_err(write(&target))?;
    Ok(Installed {
        orphans: orphans(data, certification),
        path: target,
        backup,
    })
}

/// Reads `path` when it is an outline or a framework and installs its
/// référentiel; `None` when it is neither (the register's export).
pub fn import_other(
    data: &DataDir,
    path: &Path,
    update: bool,
    now: Timestamp,
) -> Result<Option<ImportReport>, ImportError> {
    let Some(read) = super::read_other(path)? else {
        return Ok(None);
    };
    let installed = install_referentiel(data, &read.certification, update, now)?;
    Ok(Some(ImportReport {
        path: installed.path,
        certification: read.certification,
        warnings: read.warnings,
        backup: installed.backup,
        orphans: installed.orphans,
        export: ExportInfo {
            shape: super::Shape::Other(read.format),
            date: None,
        },
    }))
}

/// Installs a référentiel read from another format (an outline, a Moodle,
/// Mahara or CASE framework): validated, refused over a bundled one, an
/// existing one replaced only with `update` (after a backup). Nothing is
/// written when anything fails.
pub fn install_referentiel(
    data: &DataDir,
    certification: &Certification,
    update: bool,
    now: Timestamp,
) -> Result<Installed, ImportError> {
    let id = &certification.id;
    let problems = validate(certification, Some(id));
    if !problems.is_empty() {
        return Err(ImportError::Invalid {
            numero: id.clone(),
            problems: problems.iter().map(ToString::to_string).collect(),
        });
    }
    let bundled = crate::store::load_catalog(data)
        .entries
        .iter()
        .any(|e| e.origin == crate::store::Origin::Bundled && e.certification.id == *id);
    if bundled {
        return Err(ImportError::Bundled { id: id.clone() });
    }
    let target = data.referentiels().join(format!("{id}.ron"));
    let previous = previous_version(&target, id)?;
    if previous.is_some() && !update {
        return Err(ImportError::Exists { path: target });
    }
    write_referentiel(data, certification, previous.as_ref(), now)
}

/// A bundled certification with the same code: the candidate would have two
/// portfolios for one certification without knowing.
fn bundled_twin(data: &DataDir, certification: &Certification) -> Option<String> {
    let catalog = crate::store::load_catalog(data);
    let twin = catalog.entries.iter().find(|e| {
        e.origin == crate::store::Origin::Bundled
            && e.certification.id != certification.id
            && e.certification.code.is_some()
            && e.certification.code == certification.code
    })?;
    Some(format!(
        "livret contient déjà cette certification, transcrite à la main : « {} » ({}) ; \
         vos notes de l’une ne sont pas dans l’autre, choisissez-en une",
        twin.certification.title, twin.certification.id
    ))
}

fn referentiel_backups(data: &DataDir, id: &str) -> PathBuf {
    data.root().join("backups").join("referentiels").join(id)
}

/// `<data>/backups/referentiels/<id>/<stamp>.ron`: the version an update replaced.
fn backup_referentiel(dir: &Path, text: &str, now: Timestamp) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let path = crate::store::backups::free_path(dir, now);
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// The portfolio's work that the new version no longer names.
fn orphans(data: &DataDir, certification: &Certification) -> Vec<(String, usize)> {
    let Ok(mut portfolio) = load_portfolio(data, &certification.id) else {
        return Vec::new();
    };
    portfolio.follow_renames(certification);
    portfolio
        .orphans(certification)
        .into_iter()
        .map(|id| {
            let notes = portfolio.notes(&id).len();
            (id, notes)
        })
        .collect()
}
