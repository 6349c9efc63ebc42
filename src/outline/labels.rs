//! The words of the outline: the keys under the title, the labels of the
//! `>` blocks, and how a line of text is kept from reading as structure.

/// Keys of the lines under `#`, as (key, what it sets).
pub const KEY_ID: &str = "id";
pub const KEY_CODE: &str = "code";
pub const KEY_KIND: &str = "type";
pub const KEY_LEVEL: &str = "niveau";
pub const KEY_CERTIFIER: &str = "certificateur";
pub const KEY_VALID_UNTIL: &str = "valable jusqu’au";
pub const KEY_LEAF: &str = "éléments";
pub const KEY_LEVELS: &str = "niveaux";
pub const KEY_TARGET: &str = "mots visés";
pub const KEY_SOURCE: &str = "source";

pub const KEYS: [&str; 10] = [
    KEY_ID,
    KEY_CODE,
    KEY_KIND,
    KEY_LEVEL,
    KEY_CERTIFIER,
    KEY_VALID_UNTIL,
    KEY_LEAF,
    KEY_LEVELS,
    KEY_TARGET,
    KEY_SOURCE,
];

// Labels of the certification's blocks.
pub const NOTE: &str = "Note de transcription";
pub const REQUIREMENTS: &str = "Prérequis";
pub const BLOC_VALIDITY: &str = "Validité des blocs";
pub const JURY: &str = "Jury";
pub const SECTION: &str = "Section";
pub const PROMPTS: &str = "Questions";
// A bloc's.
pub const CODE: &str = "Code";
pub const KNOWLEDGE: &str = "Connaissances";
pub const MODALITE: &str = "Modalités";
// Inside a modalité.
pub const DURATION: &str = "Durée";
pub const COVERS: &str = "Couvre";
pub const DELIVERABLES: &str = "Livrables";
pub const MODALITE_REQUIREMENTS: &str = "Exigences";
pub const CRITERES: &str = "Critères";
// A compétence's.
pub const CONDITIONS: &str = "Conditions";
pub const RESULTS: &str = "Résultats attendus";
pub const FORMER_IDS: &str = "Anciens identifiants";

/// Every label a `>` line may open with.
pub const LABELS: [&str; 17] = [
    NOTE,
    REQUIREMENTS,
    BLOC_VALIDITY,
    JURY,
    SECTION,
    PROMPTS,
    CODE,
    KNOWLEDGE,
    MODALITE,
    DURATION,
    COVERS,
    DELIVERABLES,
    MODALITE_REQUIREMENTS,
    CRITERES,
    CONDITIONS,
    RESULTS,
    FORMER_IDS,
];

/// The mark after a bloc's title.
pub const OPTIONAL: &str = " (optionnel)";
/// Between an id and a title, or a critère's id and text.
pub const DASH: &str = " — ";
/// Before a critère's former ids, on the line under it.
pub const FORMER: &str = "↳ anciens identifiants : ";

/// `Label : rest` for a label of `labels`: (label, rest).
pub fn labelled<'a>(line: &'a str, labels: &[&'static str]) -> Option<(&'static str, &'a str)> {
    labels.iter().find_map(|&label| {
        let rest = line.strip_prefix(label)?;
        let rest = rest.strip_prefix(" :").or_else(|| rest.strip_prefix(':'))?;
        Some((label, rest.strip_prefix(' ').unwrap_or(rest)))
    })
}

/// `clé : valeur` (or `clé: valeur`) for a key of [`KEYS`], whatever the
/// case, the accents and the apostrophe (`Valable jusqu'au`).
pub fn keyed(line: &str) -> Option<(&'static str, &str)> {
    let (name, value) = line.split_once(':')?;
    let folded = |text: &str| crate::search::fold(&text.trim().replace('\'', "’")).text;
    let name = folded(name);
    let key = KEYS.iter().find(|key| folded(key) == name)?;
    Some((key, value.strip_prefix(' ').unwrap_or(value)))
}

/// `mot : valeur` with a short name: a key, maybe misspelled.
pub fn looks_keyed(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.trim().is_empty() && name.split_whitespace().count() <= 3 && name.len() <= 30
    })
}

/// A line of text as written: with a `\` before it when it would otherwise
/// read as structure (a heading, an item, a quote, a label, a key, an
/// indented line).
pub fn escape(line: &str) -> String {
    let structural = line.starts_with(['\\', '#', '-', '>', '*', '+', ' ', '\t', '↳'])
        || labelled(line, &LABELS).is_some()
        || keyed(line).is_some()
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if structural {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

/// A line of text as read: the escaping `\` taken off.
pub fn unescape(line: &str) -> &str {
    line.strip_prefix('\\').unwrap_or(line)
}

/// Whether `token` reads as an id: no blank, at least one digit.
pub fn is_id(token: &str) -> bool {
    !token.is_empty()
        && !token.contains(char::is_whitespace)
        && token.chars().any(|c| c.is_ascii_digit())
}

/// `ID — rest` into (id, rest) when the part before the dash is an id;
/// `` `ID` — rest `` for any id (one without a digit); the dash may be
/// typed ` - ` or ` – ` too.
pub fn split_id(text: &str) -> (Option<&str>, &str) {
    if let Some(quoted) = text.strip_prefix('`')
        && let Some((id, rest)) = quoted.split_once('`')
        && let Some(rest) = rest.strip_prefix(DASH)
        && !id.is_empty()
        && !id.contains(char::is_whitespace)
    {
        return (Some(id), rest);
    }
    for dash in [DASH, " - ", " – "] {
        if let Some((id, rest)) = text.split_once(dash)
            && is_id(id)
        {
            return (Some(id), rest);
        }
    }
    (None, text)
}

/// `ID — `, the id between backquotes when it would not read as one.
pub fn id_prefix(id: &str) -> String {
    if is_id(id) {
        format!("{id}{DASH}")
    } else {
        format!("`{id}`{DASH}")
    }
}
