//! The jury date and the pace: what is left, the words per week needed to
//! get there, and the pace so far, week by week, from the words written
//! (`Portfolio::written`) and the statuses made « prêt ». Weeks start on
//! Monday, in the candidate's time zone; days are counted on the calendar,
//! so a change of summer time moves nothing.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::tally;
use crate::portfolio::{Portfolio, Status};
use crate::progress::is_targeted;
use crate::referentiel::Certification;

/// Days the pace so far looks back on.
const WINDOW_DAYS: i64 = 28;

/// One week of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Week {
    /// Its Monday.
    pub start: Date,
    /// Words added (less words taken out); may be negative.
    pub words: i64,
    /// Items made « prêt ».
    pub ready: usize,
}

/// Where the candidate stands against the jury date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pace {
    pub today: Date,
    pub due: Option<Date>,
    /// Days from today to the due date (negative once passed).
    pub days_left: Option<i64>,
    /// Words still to write on the targeted items, each up to its target.
    pub words_left: usize,
    /// Targeted items not « prêt » yet.
    pub items_left: usize,
    /// Words per week to write from today to reach the target on the due
    /// date; none without a date, or once it is passed.
    pub pace_needed: Option<f64>,
    /// Items to make « prêt » per week, likewise.
    pub items_needed: Option<f64>,
    /// Words per week over the last four weeks (or since the first words,
    /// if later; at least one week).
    pub pace_so_far: f64,
    /// The days `pace_so_far` is drawn from (7 to 28).
    pub window_days: i64,
    /// At the pace so far, the day the words left would be written.
    pub projected: Option<Date>,
    /// The pace so far will not reach the date.
    pub behind: bool,
    /// The last weeks, oldest first, this one last.
    pub weeks: Vec<Week>,
}

/// The Monday of `date`'s week.
pub fn monday(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(back.days()).unwrap_or(date)
}

fn local_date(at: Timestamp, tz: &TimeZone) -> Date {
    at.to_zoned(tz.clone()).date()
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// The figures for `today`, with `shown` weeks of history; `words` are the
/// words over the targeted blocs (`tally::overall`).
pub fn pace(
    certification: &Certification,
    portfolio: &Portfolio,
    words: tally::Words,
    today: Date,
    tz: &TimeZone,
    shown: usize,
) -> Pace {
    let items_left = certification
        .blocs
        .iter()
        .filter(|b| is_targeted(b, portfolio))
        .flat_map(|b| b.units())
        .filter(|u| portfolio.status(u.id) != Status::Ready)
        .count();
    let words_left = words.left();
    let this_week = monday(today);
    let first_week = (0..shown.saturating_sub(1) as i64)
        .fold(this_week, |d, _| d.checked_sub(7.days()).unwrap_or(d));
    let mut weeks: Vec<Week> = (0..shown as i64)
        .map(|i| Week {
            start: first_week.checked_add((7 * i).days()).unwrap_or(first_week),
            words: 0,
            ready: 0,
        })
        .collect();
    let count = weeks.len();
    let week_index = |date: Date| -> Option<usize> {
        let days = days_between(first_week, monday(date));
        (days >= 0 && date <= today)
            .then_some((days / 7) as usize)
            .filter(|&i| i < count)
    };
    let mut recent = 0i64;
    let mut first_day: Option<Date> = None;
    for w in &portfolio.written {
        let date = local_date(w.at, tz);
        first_day = Some(first_day.map_or(date, |d| d.min(date)));
        let ago = days_between(date, today);
        if (0..WINDOW_DAYS).contains(&ago) {
            recent += w.words;
        }
        if let Some(i) = week_index(date) {
            weeks[i].words += w.words;
        }
    }
    for change in &portfolio.history {
        if change.to == Status::Ready
            && change.from != Status::Ready
            && let Some(i) = week_index(local_date(change.at, tz))
        {
            weeks[i].ready += 1;
        }
    }
    let span_days = first_day.map_or(WINDOW_DAYS, |d| {
        (days_between(d, today) + 1).clamp(7, WINDOW_DAYS)
    });
    let pace_so_far = if first_day.is_some() {
        (recent.max(0) as f64) / (span_days as f64 / 7.0)
    } else {
        0.0
    };
    let days_left = portfolio.due.map(|due| days_between(today, due));
    let weeks_left = days_left.filter(|&d| d > 0).map(|d| d as f64 / 7.0);
    let pace_needed = weeks_left.map(|w| words_left as f64 / w);
    let items_needed = weeks_left.map(|w| items_left as f64 / w);
    let projected = (pace_so_far > 0.0 && words_left > 0).then(|| {
        let days = (words_left as f64 / pace_so_far * 7.0).ceil() as i64;
        today
            .checked_add(days.min(365 * 50).days())
            .unwrap_or(today)
    });
    let behind = portfolio.due.is_some()
        && words_left > 0
        && match pace_needed {
            Some(needed) => pace_so_far < needed,
            None => true,
        };
    Pace {
        today,
        due: portfolio.due,
        days_left,
        words_left,
        items_left,
        pace_needed,
        items_needed,
        pace_so_far,
        window_days: span_days,
        projected,
        behind,
        weeks,
    }
}

/// A due date typed by the candidate: `AAAA-MM-JJ` or `JJ/MM/AAAA`, not
/// before `today`. The error is the message to show.
pub fn parse_due(text: &str, today: Date) -> Result<Date, String> {
    let date = parse_date(text)?;
    if date < today {
        return Err(format!(
            "le {} est déjà passé : donnez la date à venir où le dossier est attendu",
            french_date(date)
        ));
    }
    Ok(date)
}

/// A date typed by the candidate: `AAAA-MM-JJ` or `JJ/MM/AAAA`. The error
/// is the message to show.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let parsed = if let Some((d, rest)) = text.split_once('/') {
        let (m, y) = rest.split_once('/').unwrap_or((rest, ""));
        match (
            y.trim().parse::<i16>(),
            m.trim().parse::<i8>(),
            d.trim().parse::<i8>(),
        ) {
            (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).ok(),
            _ => None,
        }
    } else {
        text.parse::<Date>().ok()
    };
    if parsed.is_some_and(|d| d.year() < 1000) {
        return Err(format!(
            "date « {text} » : l’année s’écrit en quatre chiffres, par exemple 15/06/2027"
        ));
    }
    parsed.ok_or_else(|| {
        format!(
            "date « {text} » impossible : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2027-06-15"
        )
    })
}

/// The day of the notice of recevabilité as typed; blank: none. A day to
/// come is refused (the error is the message to show).
pub fn parse_recevabilite(text: &str, today: Date) -> Result<Option<Date>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let date = parse_date(text)?;
    if date > today {
        return Err(format!(
            "la recevabilité ne peut pas être datée du {} : ce jour n’est pas encore venu",
            french_date(date)
        ));
    }
    Ok(Some(date))
}

/// « aujourd’hui », « demain », « dans 12 jours »: how far the date is.
pub fn days_left_text(days: i64) -> String {
    match days {
        0 => "aujourd’hui".to_string(),
        1 => "demain".to_string(),
        n => format!("dans {n} jours"),
    }
}

/// `15/06/2027`.
pub fn french_date(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}
