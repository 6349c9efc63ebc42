//! Simple, explainable checks on a note, without any network or model:
//! each looks at the words of the note and says what it found. They never
//! block anything, and each can be dismissed for one note.

use crate::portfolio::{Hint, Note};
use crate::search::fold;
use crate::text::words::{count, is_frame_heading, tokens};

/// Words that, after a number, make a period (« 3 mois », « 2 ans »).
const UNITS: [&str; 12] = [
    "jour",
    "jours",
    "semaine",
    "semaines",
    "mois",
    "an",
    "ans",
    "année",
    "années",
    "heure",
    "heures",
    "trimestre",
];

/// Beginnings of words that claim a result.
const RESULTS: [&str; 16] = [
    "résultat",
    "augment",
    "rédui",
    "réduc",
    "amélior",
    "gagn",
    "économis",
    "hausse",
    "baisse",
    "progress",
    "atteint",
    "dépass",
    "diminu",
    "doubl",
    "obten",
    "taux",
];

/// The lowercase words of the candidate's own lines (frame headings left out).
fn words(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !is_frame_heading(l))
        .flat_map(tokens)
        .map(str::to_lowercase)
        .collect()
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word
            .parse::<u32>()
            .is_ok_and(|y| (1950..=2099).contains(&y))
}

fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

/// A year, a month (accents or not), a date (`12/03`) or a number of days,
/// weeks, months…
fn has_date(text: &str, words: &[String]) -> bool {
    let months: Vec<String> = crate::experience::MONTHS
        .iter()
        .map(|m| fold(m).text)
        .collect();
    let slash_date = text
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && (w[1] == b'/' || w[1] == b'-') && w[2].is_ascii_digit());
    slash_date
        || words
            .iter()
            .any(|w| is_year(w) || months.contains(&fold(w).text))
        || words
            .windows(2)
            .any(|pair| is_number(&pair[0]) && UNITS.contains(&pair[1].as_str()))
}

/// A figure that is not a year: a measure, a count, a percentage.
fn has_figure(words: &[String]) -> bool {
    words.iter().any(|w| is_number(w) && !is_year(w))
}

fn claims_result(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| RESULTS.iter().any(|stem| w.starts_with(stem)))
}

/// Every check that applies to the note, dismissed or not, in
/// [`Hint::ALL`]'s order. `target` is the words expected for its item and
/// `item_words` the words its notes have together: a note is short when
/// the whole item is under a third of its target (three notes of 100
/// words on a 300-word item are not).
pub fn check(note: &Note, target: u32, item_words: usize) -> Vec<Hint> {
    let words = words(&note.text);
    let je = words
        .iter()
        .filter(|w| matches!(w.as_str(), "je" | "j" | "moi"))
        .count();
    let nous = words.iter().filter(|w| *w == "nous").count();
    Hint::ALL
        .into_iter()
        .filter(|hint| match hint {
            Hint::NoExperience => note.experiences.is_empty(),
            Hint::NoDate => !has_date(&note.text, &words),
            Hint::NoFigure => claims_result(&words) && !has_figure(&words),
            Hint::Nous => nous > je,
            Hint::TooShort => (item_words.max(count(&note.text)) as u64) * 3 < u64::from(target),
        })
        .collect()
}

/// The checks to show: those the candidate has not dismissed on this note.
pub fn shown(note: &Note, target: u32, item_words: usize) -> Vec<Hint> {
    check(note, target, item_words)
        .into_iter()
        .filter(|h| !note.dismissed.contains(h))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str) -> Note {
        let mut note = Note::new(text, jiff::Timestamp::UNIX_EPOCH, false);
        note.experiences = vec!["exp-1".into()];
        note
    }

    fn hints(text: &str) -> Vec<Hint> {
        check(&note(text), 30, 0)
    }

    const GOOD: &str = "Export vers le Brésil\nEn mars 2023, j’ai négocié 3 contrats \
                        et le chiffre d’affaires a augmenté de 12 % en un an.";

    #[test]
    fn a_dated_measured_first_person_note_has_no_hint() {
        assert_eq!(hints(GOOD), []);
    }

    #[test]
    fn no_experience_linked() {
        let mut n = note(GOOD);
        n.experiences.clear();
        assert_eq!(check(&n, 30, 0), [Hint::NoExperience]);
    }

    #[test]
    fn no_date_or_period() {
        let text = "J’ai négocié trois contrats avec des clients étrangers pour l’entreprise";
        assert_eq!(hints(text), [Hint::NoDate]);
        for dated in [
            "pendant 6 mois",
            "le 12/03",
            "depuis 2019",
            "en octobre",
            "en décembre",
            "en fevrier",
        ] {
            assert!(
                !hints(&format!("{text} {dated}")).contains(&Hint::NoDate),
                "{dated}"
            );
        }
    }

    #[test]
    fn a_result_claimed_without_a_figure() {
        let text = "En 2023, j’ai réduit les délais de livraison des commandes du client";
        assert_eq!(hints(text), [Hint::NoFigure]);
        assert_eq!(hints(&format!("{text} de 4 jours")), []);
        // A year is not a measure; no claim, no hint.
        assert_eq!(
            hints("En 2023, j’ai rédigé les procédures de l’atelier de montage"),
            []
        );
    }

    #[test]
    fn more_nous_than_je() {
        let text = "En 2023, nous avons négocié, nous avons signé, j’ai relu les contrats";
        assert_eq!(hints(text), [Hint::Nous]);
        let text = "En 2023, nous avons négocié, j’ai signé, j’ai relu les contrats clients";
        assert_eq!(hints(text), []);
    }

    #[test]
    fn shorter_than_a_third_of_the_target() {
        let short = "En 2023, j’ai relu.";
        assert_eq!(check(&note(short), 300, 0), [Hint::TooShort]);
        // The item has more than this note: it is not short.
        assert_eq!(check(&note(short), 300, 100), []);
        assert_eq!(check(&note(short), 12, 0), []);
        // The frame's headings do not make a note longer.
        let framed = "En 2023, j’ai relu.\n▸ Ce que j’ai fait, étape par étape, avec qui";
        assert_eq!(check(&note(framed), 18, 0), [Hint::TooShort]);
    }

    #[test]
    fn a_dismissed_hint_is_not_shown_on_that_note() {
        let mut n = note("Court");
        assert!(shown(&n, 300, 0).contains(&Hint::TooShort));
        n.dismissed.push(Hint::TooShort);
        assert!(!shown(&n, 300, 0).contains(&Hint::TooShort));
        assert!(check(&n, 300, 0).contains(&Hint::TooShort));
    }
}
