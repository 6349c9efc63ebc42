//! What the import screen says: why a fiche is refused, sizes and counts
//! the French way.

use crate::fiche::printable;
use crate::rncp::convert::Refusal;
use crate::rncp::{FicheSummary, Register};
use crate::text::count;

/// Why a fiche cannot be imported, in full; `None` when it can.
pub fn refusal(fiche: &FicheSummary) -> Option<String> {
    if fiche.importable() {
        return None;
    }
    let numero = fiche.numero.clone();
    let text = match fiche.register() {
        Register::Rs => Refusal::Rs { numero }.to_string(),
        Register::Rncp => Refusal::NoBloc { numero }.to_string(),
        Register::Other => format!(
            "« {numero} » n’est pas un numéro du RNCP : seules les fiches RNCP ont des blocs \
             de compétences à importer"
        ),
    };
    // The command line's advice, said the way of this screen.
    let text = text.replace(
        " (livret import FICHIER --list MOT)",
        " : tapez des mots de son intitulé dans le filtre",
    );
    Some(printable(&text))
}

/// What the list says instead of a bloc count when the fiche cannot be imported.
pub fn bloc_label(fiche: &FicheSummary) -> String {
    match fiche.register() {
        Register::Rs => "RS, sans bloc".to_string(),
        _ if fiche.blocs.is_empty() => "aucun bloc".to_string(),
        Register::Other => "hors RNCP".to_string(),
        Register::Rncp => count(fiche.blocs.len(), "bloc", "blocs"),
    }
}

/// `123,4 Mo`, `56,8 ko`: sizes as French writes them.
pub fn size(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1_000_000 {
        (bytes as f64 / 1e6, "Mo")
    } else {
        (bytes as f64 / 1e3, "ko")
    };
    format!("{value:.1} {unit}").replace('.', ",")
}

/// `2 345`: thousands apart.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_counts_are_written_the_french_way() {
        assert_eq!(size(123_456_789), "123,5 Mo");
        assert_eq!(size(168_531), "168,5 ko");
        assert_eq!(size(0), "0,0 ko");
        assert_eq!(thousands(2345), "2 345");
        assert_eq!(thousands(1_234_567), "1 234 567");
        assert_eq!(thousands(12), "12");
    }
}
