//! `livret restore`: the backups of a portfolio, and putting one back.

use crate::store::{DataDir, load_catalog};
use crate::text::table;

use super::unknown_certification;

/// `livret restore ID --list`: the backups, newest first, numbered for `restore ID N`.
pub fn restore_list(data: &DataDir, id: &str, tz: &jiff::tz::TimeZone) -> Result<String, String> {
    let catalog = load_catalog(data);
    if catalog.get(id).is_none() {
        return Err(unknown_certification(id, &catalog));
    }
    let backups = crate::store::list_backups(data, id).map_err(|e| e.to_string())?;
    if backups.is_empty() {
        return Ok(format!(
            "aucune sauvegarde pour « {id} » (dossier {})\n",
            data.backups(id).display()
        ));
    }
    let mut rows = vec![
        ["N°", "DATE", "NOTES", "FICHIER"]
            .map(String::from)
            .to_vec(),
    ];
    for (i, backup) in backups.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            backup
                .taken
                .to_zoned(tz.clone())
                .strftime("%d/%m/%Y %H:%M:%S")
                .to_string(),
            match &backup.notes {
                Ok(n) => n.to_string(),
                Err(why) => why.clone(),
            },
            backup.path.display().to_string(),
        ]);
    }
    Ok(table(&rows))
}

/// `livret restore ID WHICH`: WHICH is a number from `--list` (1 = newest)
/// or the path of a portfolio file (a backup, a recovered file). The current
/// file is backed up first.
pub fn restore(data: &DataDir, id: &str, which: &str) -> Result<String, String> {
    let catalog = load_catalog(data);
    if catalog.get(id).is_none() {
        return Err(unknown_certification(id, &catalog));
    }
    let source = match which.parse::<usize>() {
        Ok(n) => {
            let backups = crate::store::list_backups(data, id).map_err(|e| e.to_string())?;
            backups
                .get(n.wrapping_sub(1))
                .map(|b| b.path.clone())
                .ok_or_else(|| {
                    format!(
                        "pas de sauvegarde n° {n} pour « {id} » ({} en tout) ; voyez livret restore {id} --list",
                        backups.len()
                    )
                })?
        }
        Err(_) => std::path::PathBuf::from(which),
    };
    // The app open on it would write its version over the restored one.
    let _lock = crate::store::lock(&data.portfolio(id), "livret restore").map_err(|e| match e {
        crate::store::LockError::Held { holder } => format!(
            "« {id} » est ouvert par {holder} : fermez-le, puis relancez la restauration ; \
             rien n’a été modifié"
        ),
        crate::store::LockError::Io(e) => format!("verrou impossible : {e} ; rien n’a été modifié"),
    })?;
    let text = crate::store::safe::read_given(&source)
        .map_err(|e| format!("{}: lecture impossible : {e}", source.display()))?;
    // Refuse to put in place a file that would not open.
    crate::store::check_portfolio_text(&text, &source, id).map_err(|e| e.to_string())?;
    let previous = crate::store::restore(data, id, &source, jiff::Timestamp::now())
        .map_err(|e| format!("restauration impossible : {e} ; rien n’a été modifié"))?;
    let mut message = format!(
        "{} restauré depuis {}\n",
        data.portfolio(id).display(),
        source.display()
    );
    if let Some(previous) = previous {
        message.push_str(&format!(
            "l’ancienne version est gardée dans {}\n",
            previous.display()
        ));
    }
    Ok(message)
}
