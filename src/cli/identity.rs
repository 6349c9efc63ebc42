//! `livret identite ID`: who the dossier is of, as the certifier asks it to
//! say (name, n° de recevabilité and its date, contact), kept in the
//! portfolio.

use jiff::civil::Date;

use super::unknown_certification;
use crate::portfolio::{LINE_MAX, clean_line};
use crate::store::{DataDir, load_catalog, load_portfolio_for, save_portfolio};

/// What to change; `Some("")` clears a field.
#[derive(Debug, Default)]
pub struct Given<'a> {
    pub name: Option<&'a str>,
    pub recevabilite: Option<&'a str>,
    pub recevabilite_date: Option<&'a str>,
    pub contact: Option<&'a str>,
}

impl Given<'_> {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.recevabilite.is_none()
            && self.recevabilite_date.is_none()
            && self.contact.is_none()
    }
}

/// Shows the identity, or changes what `given` says; the message to print.
pub fn identity(data: &DataDir, id: &str, given: &Given, today: Date) -> Result<String, String> {
    let catalog = load_catalog(data);
    let Some(entry) = catalog.get(id) else {
        return Err(unknown_certification(id, &catalog));
    };
    let certification = &entry.certification;
    if given.is_empty() {
        let portfolio = load_portfolio_for(data, certification).map_err(|e| e.to_string())?;
        return Ok(show(&portfolio));
    }
    // Checked before anything is locked or written.
    let date = match given.recevabilite_date {
        None => None,
        Some(text) => Some(
            crate::coach::pace::parse_recevabilite(text, today)
                .map_err(|e| format!("{e} ; rien n’a été modifié"))?,
        ),
    };
    let _lock =
        crate::store::lock(&data.portfolio(id), "livret identite").map_err(|e| match e {
            crate::store::LockError::Held { holder } => format!(
                "« {id} » est ouvert par {holder} : fermez-le et relancez ; rien n’a été modifié"
            ),
            crate::store::LockError::Io(e) => {
                format!("verrou impossible : {e} ; rien n’a été modifié")
            }
        })?;
    let mut portfolio = load_portfolio_for(data, certification).map_err(|e| e.to_string())?;
    let before = portfolio.identity.clone();
    if let Some(name) = given.name {
        portfolio.set_name(Some(name));
    }
    let line = |text: &str| clean_line(text, LINE_MAX);
    if let Some(text) = given.recevabilite {
        portfolio.identity.recevabilite = line(text);
    }
    if let Some(date) = date {
        portfolio.identity.recevabilite_date = date;
    }
    if let Some(text) = given.contact {
        portfolio.identity.contact = line(text);
    }
    if portfolio.identity != before {
        save_portfolio(data, &portfolio)
            .map_err(|e| format!("enregistrement impossible : {e} ; rien n’a été modifié"))?;
    }
    Ok(show(&portfolio))
}

/// The identity as the dossier will print it.
fn show(portfolio: &crate::portfolio::Portfolio) -> String {
    let mut out = format!(
        "Nom : {}\n",
        portfolio
            .identity
            .display_name()
            .unwrap_or_else(|| "(aucun)".into())
    );
    let block = portfolio.identity.block();
    for label in ["N° de recevabilité", "Date de recevabilité", "Contact"] {
        let value = block
            .iter()
            .find(|(l, _)| *l == label)
            .map_or("(aucun)", |(_, v)| v.as_str());
        out.push_str(&format!("{label} : {value}\n"));
    }
    out
}
