//! What the caller asks of an export: what to leave out, who the dossier
//! is for and when it was exported, and the dates as they read in French.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::referentiel::Certification;
use crate::review::Review;

/// What to export: the dossier for the jury or the candidate's and tutor's
/// follow-up, and what to leave out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Detail only the critères marked prêt (the summary still counts all).
    pub only_ready: bool,
    /// The follow-up (« suivi ») for the candidate and the tutor: statuses,
    /// self-assessments, items without evidence, the tutors' verdicts. The
    /// default is the dossier the jury reads, without any of it.
    pub suivi: bool,
    /// In the follow-up, the tutors' comments too (never in the dossier).
    pub with_reviews: bool,
    /// Only these blocs (by id), in référentiel order; all targeted blocs when
    /// empty. A bloc named here is exported even if optional and not targeted.
    pub blocs: Vec<String>,
}

impl Options {
    /// A French message naming the `blocs` that the certification does not have.
    pub fn check(&self, certification: &Certification) -> Result<(), String> {
        let unknown: Vec<&str> = self
            .blocs
            .iter()
            .filter(|id| !certification.blocs.iter().any(|b| &b.id == *id))
            .map(String::as_str)
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let known: Vec<&str> = certification.blocs.iter().map(|b| b.id.as_str()).collect();
        Err(format!(
            "{} « {} » inconnu{} dans « {} » ; blocs disponibles : {}",
            if unknown.len() > 1 { "blocs" } else { "bloc" },
            unknown.join(" », « "),
            if unknown.len() > 1 { "s" } else { "" },
            certification.id,
            known.join(", ")
        ))
    }
}

/// Who the dossier is for and when it was exported.
#[derive(Debug, Clone)]
pub struct ExportContext {
    /// The candidate's name from config.ron, when known: the portfolio's own
    /// wins; the header omits it when there is neither.
    pub candidate: Option<String>,
    pub date: Timestamp,
    /// Time zone the dates are shown in.
    pub tz: TimeZone,
    /// Every tutor's review: verdicts and comments go under each critère and
    /// compétence (comments left out with `--no-comments`).
    pub reviews: Vec<Review>,
}

impl ExportContext {
    /// No name, now, in the system's time zone.
    pub fn now() -> Self {
        ExportContext {
            candidate: None,
            date: Timestamp::now(),
            tz: TimeZone::system(),
            reviews: Vec::new(),
        }
    }

    /// `23/11/2026 10:00`, for a comment.
    pub(super) fn short_date(&self, at: Timestamp) -> String {
        at.to_zoned(self.tz.clone())
            .strftime("%d/%m/%Y %H:%M")
            .to_string()
    }

    /// `23 novembre 2026`.
    pub(super) fn long_date(&self) -> String {
        use crate::experience::MONTHS;
        let date = self.date.to_zoned(self.tz.clone()).date();
        format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month() as usize - 1],
            date.year()
        )
    }

    /// `05/01/2026 à 10:00`.
    pub(super) fn date_time(&self, timestamp: Timestamp) -> String {
        timestamp
            .to_zoned(self.tz.clone())
            .strftime("%d/%m/%Y à %H:%M")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn unknown_blocs_are_named_with_the_known_ones() {
        let c = parse(EXAMPLE, None).unwrap();
        let mut options = Options {
            blocs: vec!["BC01".into()],
            ..Options::default()
        };
        assert_eq!(options.check(&c), Ok(()));
        options.blocs.push("BC9".into());
        assert_eq!(
            options.check(&c).unwrap_err(),
            "bloc « BC9 » inconnu dans « exemple-minimal » ; blocs disponibles : BC01, BC02"
        );
    }

    #[test]
    fn dates_are_french_in_the_given_time_zone() {
        let context = ExportContext {
            candidate: None,
            date: "2026-03-01T23:30:00Z".parse().unwrap(),
            tz: TimeZone::fixed(jiff::tz::offset(1)),
            reviews: Vec::new(),
        };
        assert_eq!(context.long_date(), "2 mars 2026");
        assert_eq!(context.date_time(context.date), "02/03/2026 à 00:30");
    }
}
