//! The candidate's experiences (jobs, missions), described once and linked
//! from many evidence notes. The operations on a portfolio's experiences
//! are methods of `Portfolio` (`portfolio/experiences.rs`).
//!
//! Pure: no IO, no terminal. An experience has a stable id (`exp-1`,
//! `exp-2`…) that is never given out twice in a portfolio, so a link written
//! in a note can never come to mean another experience.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A job or a mission the candidate draws evidence from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    /// `exp-N`, given by `Portfolio::add_experience`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub role: String,
    /// First month, when known.
    #[serde(default)]
    pub from: Option<Month>,
    /// Last month; none after a start means the experience is ongoing.
    #[serde(default)]
    pub to: Option<Month>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub description: String,
}

/// A month of a year: periods are given at month precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    /// 1 to 12.
    pub month: u8,
}

/// French month names, January first.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Month {
    pub fn new(year: i16, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// `03/2021`, as typed in the form.
    pub fn numeric(self) -> String {
        format!("{:02}/{}", self.month, self.year)
    }

    /// `mars 2021`.
    pub fn long(self) -> String {
        format!("{} {}", MONTHS[usize::from(self.month - 1)], self.year)
    }
}

/// As written in the portfolio file: `2021-03`.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;

    /// `03/2021`, `3/2021`, `03-2021`, `2021-03`, `2021/3`.
    fn from_str(text: &str) -> Result<Month, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
        let number = |s: &str| s.parse::<i32>().ok();
        let (year, month) = match parts.as_slice() {
            [a, b] if a.len() == 4 => (number(a), number(b)),
            [a, b] => (number(b), number(a)),
            _ => (None, None),
        };
        year.zip(month)
            .and_then(|(y, m)| Month::new(i16::try_from(y).ok()?, u8::try_from(m).ok()?))
            .ok_or_else(|| {
                format!("« {text} » n’est pas un mois : écrivez MM/AAAA, par exemple 03/2021")
            })
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Experience {
    /// `mars 2021 – juin 2023`, `depuis mars 2021 (en cours)`, or empty
    /// when no date is known.
    pub fn period(&self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from == to => from.long(),
            (Some(from), Some(to)) => format!("{} – {}", from.long(), to.long()),
            (Some(from), None) => format!("depuis {} (en cours)", from.long()),
            (None, Some(to)) => format!("jusqu’en {}", to.long()),
            (None, None) => String::new(),
        }
    }

    /// `2019–2021`, `2021–…`, `2022`: the years, for a narrow column.
    pub fn years(&self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from.year == to.year => from.year.to_string(),
            (Some(from), Some(to)) => format!("{}–{}", from.year, to.year % 100),
            (Some(from), None) => format!("{}–…", from.year),
            (None, Some(to)) => format!("…{}", to.year),
            (None, None) => String::new(),
        }
    }

    /// `Poste · Employeur · Lieu`, the parts that are filled in.
    pub fn context(&self) -> String {
        [&self.role, &self.employer, &self.place]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Where a note sat when a link to a deleted experience was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub critere: String,
    pub index: usize,
    /// The note's creation time: finds it again if notes moved since.
    pub created: Timestamp,
}

/// An experience taken out of a portfolio, with what it takes to put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub experience: Experience,
    pub position: usize,
    pub links: Vec<LinkRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(title: &str) -> Experience {
        Experience {
            title: title.to_string(),
            ..Experience::default()
        }
    }

    #[test]
    fn months_are_read_as_typed_and_written_as_year_month() {
        let m = |s: &str| s.parse::<Month>();
        assert_eq!(
            m("03/2021"),
            Ok(Month {
                year: 2021,
                month: 3
            })
        );
        assert_eq!(
            m(" 3/2021 "),
            Ok(Month {
                year: 2021,
                month: 3
            })
        );
        assert_eq!(
            m("2021-03"),
            Ok(Month {
                year: 2021,
                month: 3
            })
        );
        assert!(m("13/2021").unwrap_err().contains("MM/AAAA"));
        assert!(m("2021").is_err());
        assert!(m("mars").is_err());
        let month = Month::new(2021, 3).unwrap();
        assert_eq!(month.to_string(), "2021-03");
        assert_eq!(month.numeric(), "03/2021");
        assert_eq!(month.long(), "mars 2021");
    }

    #[test]
    fn periods_read_in_french() {
        let mut e = named("Export");
        assert_eq!(e.period(), "");
        e.from = Month::new(2019, 3);
        assert_eq!(e.period(), "depuis mars 2019 (en cours)");
        assert_eq!(e.years(), "2019–…");
        e.to = Month::new(2022, 6);
        assert_eq!(e.period(), "mars 2019 – juin 2022");
        assert_eq!(e.years(), "2019–22");
    }
}
