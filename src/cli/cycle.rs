//! `livret request` and `livret log`: the review cycle for scripts, and the
//! requests in `status --json` and `tutor --json`.

use jiff::Timestamp;

use crate::cycle;
use crate::store::{DataDir, load_catalog, load_portfolio_for, load_reviews_for, save_portfolio};
use crate::text::table;

use super::history;
use super::unknown_certification;

/// `livret request ID [NODE] [--message TEXT] [--withdraw]`: asks for a
/// review of NODE (none: the whole dossier), or takes the open one back.
/// Refused while the app has the portfolio open (it would write its own
/// version back).
pub fn request(
    data: &DataDir,
    id: &str,
    node: Option<&str>,
    message: &str,
    withdraw: bool,
) -> Result<String, String> {
    let catalog = load_catalog(data);
    let Some(entry) = catalog.get(id) else {
        return Err(unknown_certification(id, &catalog));
    };
    let certification = &entry.certification;
    if let Some(node) = node
        && cycle::units_under(certification, Some(node)).is_empty()
    {
        return Err(format!(
            "« {node} » n’est ni un bloc, ni une compétence, ni un critère de « {id} » \
             (livret show {id})"
        ));
    }
    let _lock = crate::store::lock(&data.portfolio(id), "livret request").map_err(|e| match e {
        crate::store::LockError::Held { holder } => format!(
            "« {id} » est ouvert par {holder} : demandez depuis l’application (touche R), ou \
             fermez-la et relancez ; rien n’a été modifié"
        ),
        crate::store::LockError::Io(e) => format!("verrou impossible : {e} ; rien n’a été modifié"),
    })?;
    let mut portfolio = load_portfolio_for(data, certification).map_err(|e| e.to_string())?;
    let part = node.unwrap_or("tout le dossier");
    let now = Timestamp::now();
    let said = if withdraw {
        if !portfolio.withdraw_request(node, now) {
            return Err(format!("aucune demande de relecture en cours sur {part}"));
        }
        format!("demande de relecture retirée : {part}\n")
    } else {
        let (reviews, _) = crate::store::load_reviews_for(data, certification);
        let returned = |r: &crate::portfolio::Request| {
            cycle::state(r, certification, &reviews).0 == cycle::State::Returned
        };
        if !portfolio.request_review(node, message, now, returned) {
            return Err(format!(
                "une demande de relecture est déjà en cours sur {part} (--withdraw pour la retirer)"
            ));
        }
        format!("relecture demandée : {part}\n")
    };
    save_portfolio(data, &portfolio)
        .map_err(|e| format!("enregistrement impossible : {e} ; rien n’a été modifié"))?;
    Ok(said)
}

/// `livret log ID [--json]`: every dated event of the dossier, both sides;
/// in a synced data directory, when each note's current text was synced and
/// by whom (see `history`).
pub fn log(
    data: &DataDir,
    id: &str,
    json: bool,
    tz: &jiff::tz::TimeZone,
) -> Result<String, String> {
    let catalog = load_catalog(data);
    let Some(entry) = catalog.get(id) else {
        return Err(unknown_certification(id, &catalog));
    };
    let portfolio = load_portfolio_for(data, &entry.certification).map_err(|e| e.to_string())?;
    let (reviews, _) = load_reviews_for(data, &entry.certification);
    let events = cycle::log(&portfolio, &reviews);
    // In a synced data directory, when each note's current text was synced.
    let syncs = crate::store::note_syncs(data, &entry.certification);
    if json {
        let json = match &syncs {
            Ok(Some(syncs)) => {
                serde_json::to_string_pretty(&history::logged(&events, &portfolio, syncs))
            }
            _ => serde_json::to_string_pretty(&events),
        };
        return Ok(json.expect("plain data serializes") + "\n");
    }
    let synced = match &syncs {
        Ok(Some(syncs)) => history::section(&portfolio, syncs, tz),
        Ok(None) => String::new(),
        Err(error) => format!("\nhistorique git illisible : {error}\n"),
    };
    if events.is_empty() {
        return Ok(format!(
            "rien encore dans l’historique de « {id} »\n{synced}"
        ));
    }
    let mut rows = vec![
        ["DATE", "QUI", "QUOI", "OÙ", "DÉTAIL"]
            .map(String::from)
            .to_vec(),
    ];
    for event in events {
        let detail = event.what.lines().next().unwrap_or("").to_string();
        rows.push(vec![
            event
                .time
                .to_zoned(tz.clone())
                .strftime("%d/%m/%Y %H:%M")
                .to_string(),
            event.author,
            event.kind.label().to_string(),
            event.node.unwrap_or_else(|| "dossier".to_string()),
            crate::text::truncate(&detail, 60),
        ]);
    }
    Ok(table(&rows) + &synced)
}
