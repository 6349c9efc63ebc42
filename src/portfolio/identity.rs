//! Who the portfolio is of: the candidate's name, as their tutors see it in
//! the cohort and as the exports print it, and what the certifier asks the
//! dossier to carry: the n° de recevabilité, its date, a contact.
//!
//! A name is untrusted text (typed, or written by hand in the file): it is
//! kept on one line, without control or invisible characters, trimmed and
//! at most [`NAME_MAX`] characters long.

use serde::{Deserialize, Serialize};

use super::Portfolio;

/// The longest name kept, in characters: room for « Marie-Christine de La
/// Tour d’Auvergne-Lauraguais », not for a paragraph pasted by mistake.
pub const NAME_MAX: usize = 60;

/// The longest n° de recevabilité or contact kept, in characters.
pub const LINE_MAX: usize = 160;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// The candidate's name, « Prénom Nom »; none until they give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The number of the notice of admissibility (« recevabilité ») the
    /// certifier gave, as written on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recevabilite: Option<String>,
    /// The day of that notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recevabilite_date: Option<jiff::civil::Date>,
    /// How to reach the candidate (address, telephone, email), one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl Identity {
    /// Nothing given yet: the file leaves the field out.
    pub fn is_empty(&self) -> bool {
        *self == Identity::default()
    }

    /// The name as it may be shown, cleaned like a typed one (a file edited
    /// by hand may hold anything); `None` when there is none.
    pub fn display_name(&self) -> Option<String> {
        self.name.as_deref().and_then(clean_name)
    }

    /// Puts `theirs` (another version of this portfolio) into this one,
    /// field by field, as the jury date is: theirs where ours did not change
    /// since `base` (without `base`: where ours has none), or where theirs
    /// is the newer side.
    pub(super) fn merge(&mut self, theirs: &Identity, base: Option<&Identity>, theirs_wins: bool) {
        merge_field(
            &mut self.name,
            &theirs.name,
            base.map(|b| &b.name),
            theirs_wins,
        );
        merge_field(
            &mut self.recevabilite,
            &theirs.recevabilite,
            base.map(|b| &b.recevabilite),
            theirs_wins,
        );
        merge_field(
            &mut self.recevabilite_date,
            &theirs.recevabilite_date,
            base.map(|b| &b.recevabilite_date),
            theirs_wins,
        );
        merge_field(
            &mut self.contact,
            &theirs.contact,
            base.map(|b| &b.contact),
            theirs_wins,
        );
    }

    /// Every text field cleaned like a typed one (a file edited by hand may
    /// hold anything).
    pub fn clean(&mut self) {
        self.name = self.display_name();
        self.recevabilite = self
            .recevabilite
            .as_deref()
            .and_then(|t| clean_line(t, LINE_MAX));
        self.contact = self
            .contact
            .as_deref()
            .and_then(|t| clean_line(t, LINE_MAX));
    }

    /// The fields a dossier's identity block prints, as (label, text), those
    /// given, cleaned like a typed name.
    pub fn block(&self) -> Vec<(&'static str, String)> {
        let clean = |text: &Option<String>| text.as_deref().and_then(|t| clean_line(t, LINE_MAX));
        [
            ("N° de recevabilité", clean(&self.recevabilite)),
            (
                "Date de recevabilité",
                self.recevabilite_date
                    .map(|d| d.strftime("%d/%m/%Y").to_string()),
            ),
            ("Contact", clean(&self.contact)),
        ]
        .into_iter()
        .filter_map(|(label, value)| Some((label, value?)))
        .collect()
    }
}

/// One field of a three-way merge (see [`Identity::merge`]).
fn merge_field<T: Clone + PartialEq>(
    ours: &mut Option<T>,
    theirs: &Option<T>,
    base: Option<&Option<T>>,
    theirs_wins: bool,
) {
    let unchanged = base.map_or(ours.is_none(), |b| b == ours);
    if theirs != ours && (theirs_wins || unchanged) {
        ours.clone_from(theirs);
    }
}

/// A name as typed or read: every run of blanks (newlines and tabs too)
/// made one space, control characters and those that would reorder or hide
/// text dropped, trimmed, cut to [`NAME_MAX`] characters; `None` when
/// nothing is left.
pub fn clean_name(raw: &str) -> Option<String> {
    clean_line(raw, NAME_MAX)
}

/// A line of text as typed or read (see [`clean_name`]), cut to `max`
/// characters.
pub fn clean_line(raw: &str, max: usize) -> Option<String> {
    let kept = raw
        .chars()
        .filter(|&c| c.is_whitespace() || !(c.is_control() || crate::text::marker(c).is_some()));
    let mut name = String::new();
    for word in kept.collect::<String>().split_whitespace() {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    let name: String = name.chars().take(max).collect();
    let name = name.trim_end();
    (!name.is_empty()).then(|| name.to_string())
}

impl Portfolio {
    /// The candidate's name, as it was given.
    pub fn name(&self) -> Option<&str> {
        self.identity.name.as_deref()
    }

    /// Sets the candidate's name (cleaned, see [`clean_name`]), or clears
    /// it with `None` or a blank one; returns whether it changed.
    pub fn set_name(&mut self, name: Option<&str>) -> bool {
        let name = name.and_then(clean_name);
        let changed = self.identity.name != name;
        self.identity.name = name;
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_kept_on_one_line_and_capped() {
        assert_eq!(
            clean_name("  Awa \t Diallo\n").as_deref(),
            Some("Awa Diallo")
        );
        assert_eq!(clean_name(" \n\t "), None);
        // Cut where a space falls: no trailing space either.
        let capped = clean_name(&"Abc ".repeat(30)).unwrap();
        assert_eq!(capped.chars().count(), NAME_MAX - 1);
        assert!(capped.ends_with("Abc"));
        assert_eq!(
            clean_name("Zoé Ümit-Nguyễn 日本").as_deref(),
            Some("Zoé Ümit-Nguyễn 日本"),
            "letters of any script stay"
        );
    }

    #[test]
    fn nothing_in_a_name_reaches_the_terminal_as_a_control() {
        let planted = "Awa\u{1b}]0;pwned\u{7} Diallo\u{9b}2J\u{202e}xe.\u{200b}";
        let name = clean_name(planted).unwrap();
        assert_eq!(name, "Awa]0;pwned Diallo2Jxe.");
        assert!(!name.chars().any(|c| c.is_control()));
        // The same for a file edited by hand.
        let identity = Identity {
            name: Some(planted.to_string()),
            ..Identity::default()
        };
        assert_eq!(identity.display_name().as_deref(), Some(name.as_str()));
    }

    #[test]
    fn setting_a_name_says_whether_it_changed_and_blank_clears_it() {
        let mut p = Portfolio::new("x");
        assert!(p.identity.is_empty());
        assert!(p.set_name(Some(" Awa  Diallo ")));
        assert_eq!(p.name(), Some("Awa Diallo"));
        assert!(!p.set_name(Some("Awa Diallo")), "unchanged");
        assert!(p.set_name(Some("  ")));
        assert_eq!(p.name(), None);
        assert!(p.identity.is_empty());
        assert!(!p.set_name(None));
    }

    #[test]
    fn the_identity_is_left_out_of_the_file_until_given() {
        let options = crate::ron_style::options();
        let mut p = Portfolio::new("x");
        let text = options.to_string(&p).unwrap();
        assert!(!text.contains("identity"), "{text}");
        p.set_name(Some("Awa Diallo"));
        let text = options.to_string(&p).unwrap();
        assert!(text.contains("identity:(name:\"Awa Diallo\")"), "{text}");
        let back: Portfolio = options.from_str(&text).unwrap();
        assert_eq!(back, p);
        let unknown = text.replace("(name:", "(numero:\"1\",name:");
        assert!(options.from_str::<Portfolio>(&unknown).is_err());
    }

    #[test]
    fn a_name_merges_like_the_jury_date() {
        let name = |n: &str| Identity {
            name: Some(n.to_string()),
            ..Identity::default()
        };
        let none = Identity::default();
        // Changed there only: taken.
        let mut ours = name("Awa");
        ours.merge(&name("Awa Diallo"), Some(&name("Awa")), false);
        assert_eq!(ours, name("Awa Diallo"));
        // Changed here only (cleared): ours stands.
        let mut ours = none.clone();
        ours.merge(&name("Awa"), Some(&name("Awa")), false);
        assert_eq!(ours, none);
        // Changed on both sides: ours, unless theirs is the newer side.
        let mut ours = name("A. Diallo");
        ours.merge(&name("Awa D."), Some(&name("Awa")), false);
        assert_eq!(ours, name("A. Diallo"));
        ours.merge(&name("Awa D."), Some(&name("Awa")), true);
        assert_eq!(ours, name("Awa D."));
        // Without a base: theirs only where ours has none.
        let mut ours = none.clone();
        ours.merge(&name("Awa"), None, false);
        assert_eq!(ours, name("Awa"));
        ours.merge(&name("Bruno"), None, false);
        assert_eq!(ours, name("Awa"));
    }

    #[test]
    fn the_identity_block_prints_what_is_given_cleaned() {
        let mut identity = Identity {
            recevabilite: Some("  N°\u{202e} 42\n".into()),
            recevabilite_date: Some(jiff::civil::date(2026, 2, 3)),
            ..Identity::default()
        };
        identity.clean();
        assert_eq!(
            identity.block(),
            [
                ("N° de recevabilité", "N° 42".to_string()),
                ("Date de recevabilité", "03/02/2026".to_string()),
            ]
        );
        // Merged field by field, like the name.
        let mut ours = identity.clone();
        let theirs = Identity {
            contact: Some("06 12".into()),
            ..identity.clone()
        };
        ours.merge(&theirs, Some(&identity), false);
        assert_eq!(ours.contact.as_deref(), Some("06 12"));
    }
}
