use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::next::{Reason, steps};
use super::pace::{monday, pace, parse_due};
use super::positioning::{derived, stance};
use super::tally::overall;
use super::*;
use crate::portfolio::{Portfolio, Positioning, Status};
use crate::referentiel::{Certification, parse};
use crate::review::Review;

const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

fn example() -> Certification {
    parse(EXAMPLE, None).unwrap()
}

/// Paris: CET, CEST from the last Sunday of March to the last of October.
fn paris() -> TimeZone {
    TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
}

/// A local time in Paris.
fn at(d: Date, hour: i8, minute: i8) -> Timestamp {
    d.at(hour, minute, 0, 0)
        .to_zoned(paris())
        .unwrap()
        .timestamp()
}

#[test]
fn the_target_comes_from_the_referentiel_then_the_user_then_the_default() {
    let mut c = example();
    let mut user = Writing::default();
    assert_eq!(Guide::new(&c, &user).target(), DEFAULT_TARGET);
    user.target_words = Some(200);
    assert_eq!(Guide::new(&c, &user).target(), 200);
    c.writing.target_words = Some(450);
    assert_eq!(Guide::new(&c, &user).target(), 450);
    c.writing.target_words = Some(0);
    assert_eq!(Guide::new(&c, &user).target(), 200, "0 is no target");
}

#[test]
fn ancestors_go_up_to_the_bloc() {
    let c = example();
    assert_eq!(
        ancestors(&c, "A1.C1.CR1"),
        ["A1.C1.CR1", "A1.C1", "A1", "BC01"]
    );
    assert_eq!(ancestors(&c, "C2.1.CR1"), ["C2.1.CR1", "C2.1", "BC02"]);
    assert_eq!(ancestors(&c, "BC02"), ["BC02"]);
    assert!(ancestors(&c, "nulle-part").is_empty());
}

#[test]
fn the_nearest_prompts_apply_and_the_user_overrides_the_referentiel() {
    let mut c = example();
    let mut user = Writing::default();
    assert_eq!(Guide::new(&c, &user).prompts("A1.C1.CR1"), DEFAULT_PROMPTS);
    c.writing
        .prompts
        .insert("BC01".into(), vec!["Le marché visé".into()]);
    c.writing.prompts.insert(
        "A1.C1".into(),
        vec!["La chaîne de valeur".into(), " ".into()],
    );
    let guide = Guide::new(&c, &user);
    assert_eq!(guide.prompts("A1.C1.CR2"), ["La chaîne de valeur"]);
    assert_eq!(guide.prompts("BC01"), ["Le marché visé"]);
    assert_eq!(guide.prompts("C2.1.CR1"), DEFAULT_PROMPTS);
    user.prompts.insert("*".into(), vec!["Ma trame".into()]);
    assert_eq!(Guide::new(&c, &user).prompts("A1.C1.CR2"), ["Ma trame"]);
}

#[test]
fn next_steps_put_sent_back_then_comments_then_nearly_done_then_untouched() {
    let c = example();
    let mut p = Portfolio::new(&c.id);
    let t0 = Timestamp::UNIX_EPOCH;
    // BC02 is optional and not targeted: never proposed.
    p.add_note("C2.1.CR1", "Hors cible", t0);
    p.add_note("A1.C1.CR2", "un deux trois", t0);
    p.add_note("A1.C1.CR1", "un", t0);
    let mut marie = Review::new(&c.id, "marie");
    marie.add_comment("A1.C1.CR1", "Précisez", 10.seconds().to_jiff(t0));
    let reviews = [marie.clone()];
    let found: Vec<(String, Reason)> = steps(&c, &p, &reviews, (300, &|id: &str| p.words(id)), 10)
        .into_iter()
        .map(|s| (s.node, s.reason))
        .collect();
    assert_eq!(
        found,
        [
            ("A1.C1.CR1".to_string(), Reason::Comment),
            ("A1.C1.CR2".to_string(), Reason::AlmostDone),
        ]
    );
    // A reply answers the comment; a verdict « à retravailler » comes first.
    p.reply("A1.C1.CR1", "Fait", None, 20.seconds().to_jiff(t0));
    marie.cycle_verdict("A1.C1.CR2", t0);
    let first = steps(&c, &p, &[marie], (300, &|id: &str| p.words(id)), 1);
    assert_eq!(first.len(), 1);
    assert_eq!(
        (first[0].node.as_str(), first[0].reason),
        ("A1.C1.CR2", Reason::Rework)
    );
}

trait At {
    fn to_jiff(self, from: Timestamp) -> Timestamp;
}

impl At for jiff::Span {
    fn to_jiff(self, from: Timestamp) -> Timestamp {
        from.checked_add(self).unwrap()
    }
}

#[test]
fn a_critere_closer_to_its_target_comes_first() {
    let c = example();
    let mut p = Portfolio::new(&c.id);
    p.add_note("A1.C1.CR1", "un", Timestamp::UNIX_EPOCH);
    p.add_note("A1.C1.CR2", "un deux trois", Timestamp::UNIX_EPOCH);
    let s = steps(&c, &p, &[], (300, &|id: &str| p.words(id)), 2);
    assert_eq!(s[0].node, "A1.C1.CR2");
    assert_eq!((s[0].words, s[0].target_words), (3, 300));
    assert_eq!(s[1].node, "A1.C1.CR1");
}

#[test]
fn weeks_start_on_monday() {
    assert_eq!(monday(date(2026, 12, 6)), date(2026, 11, 30));
    assert_eq!(monday(date(2026, 12, 7)), date(2026, 12, 7));
}

#[test]
fn words_fall_in_their_local_week_across_a_summer_time_change() {
    let c = example();
    let mut p = Portfolio::new(&c.id);
    // Sunday 29 March 2026, the night summer time starts, late evening:
    // still the week of Monday 23 March.
    p.add_note("A1.C1.CR1", "un deux trois", at(date(2026, 3, 29), 23, 30));
    // Monday 30 March, half past midnight (Sunday 22:30 UTC): the next week.
    p.add_note("A1.C1.CR2", "quatre cinq", at(date(2026, 3, 30), 0, 30));
    p.cycle_status("A1.C1.CR2", at(date(2026, 3, 30), 0, 40));
    let today = date(2026, 4, 1);
    let figures = pace(&c, &p, overall(&c, &p, 10), today, &paris(), 3);
    let weeks: Vec<(Date, i64, usize)> = figures
        .weeks
        .iter()
        .map(|w| (w.start, w.words, w.ready))
        .collect();
    assert_eq!(
        weeks,
        [
            (date(2026, 3, 16), 0, 0),
            (date(2026, 3, 23), 3, 0),
            (date(2026, 3, 30), 2, 1)
        ]
    );
    // Winter time again: Monday 26 October at 00:30 CET is Sunday 23:30 UTC.
    let mut p = Portfolio::new(&c.id);
    p.add_note("A1.C1.CR1", "un", at(date(2026, 10, 26), 0, 30));
    let figures = pace(&c, &p, overall(&c, &p, 10), date(2026, 10, 27), &paris(), 2);
    assert_eq!(figures.weeks[1].start, date(2026, 10, 26));
    assert_eq!(figures.weeks[1].words, 1);
}

#[test]
fn the_pace_needed_counts_calendar_days_to_the_date() {
    let c = example();
    let mut p = Portfolio::new(&c.id);
    // Two units targeted (BC01), 100 words each: 200 to write.
    let today = date(2026, 3, 23);
    // Due two weeks later, across the summer time change: 14 days, 2 weeks.
    p.due = Some(date(2026, 4, 6));
    let figures = pace(&c, &p, overall(&c, &p, 100), today, &paris(), 4);
    assert_eq!(figures.days_left, Some(14));
    assert_eq!((figures.words_left, figures.items_left), (200, 2));
    assert_eq!(figures.pace_needed, Some(100.0));
    assert_eq!(figures.items_needed, Some(1.0));
    assert_eq!(figures.pace_so_far, 0.0);
    assert!(figures.behind, "nothing written yet");
    assert_eq!(figures.projected, None);
    // 70 words written three days ago, over a first week: 70 a week.
    let words = vec!["mot"; 70].join(" ");
    p.add_note("A1.C1.CR1", &words, at(date(2026, 3, 20), 10, 0));
    let figures = pace(&c, &p, overall(&c, &p, 100), today, &paris(), 4);
    assert_eq!(figures.words_left, 130);
    assert_eq!(figures.pace_so_far, 70.0);
    assert_eq!(figures.pace_needed, Some(65.0));
    assert!(!figures.behind, "70 a week beats 65");
    // 130 words at 70 a week: 13 days.
    assert_eq!(figures.projected, Some(date(2026, 4, 5)));
    // The date passed with words left: behind, no pace to give.
    let figures = pace(&c, &p, overall(&c, &p, 100), date(2026, 4, 7), &paris(), 4);
    assert_eq!(figures.days_left, Some(-1));
    assert_eq!(figures.pace_needed, None);
    assert!(figures.behind);
}

#[test]
fn the_pace_so_far_looks_back_four_weeks() {
    let c = example();
    let mut p = Portfolio::new(&c.id);
    let today = date(2026, 6, 30);
    let forty = vec!["mot"; 40].join(" ");
    // Long ago: out of the window.
    p.add_note("A1.C1.CR1", &forty, at(date(2026, 1, 5), 9, 0));
    p.add_note("A1.C1.CR2", &forty, at(date(2026, 6, 20), 9, 0));
    let figures = pace(&c, &p, overall(&c, &p, 100), today, &paris(), 8);
    assert_eq!(figures.pace_so_far, 10.0);
}

#[test]
fn a_due_date_is_read_in_two_forms_and_must_be_to_come() {
    let today = date(2026, 12, 7);
    assert_eq!(parse_due("2027-06-15", today), Ok(date(2027, 6, 15)));
    assert_eq!(parse_due(" 15/06/2027 ", today), Ok(date(2027, 6, 15)));
    assert_eq!(parse_due("2026-12-07", today), Ok(today));
    assert!(
        parse_due("2027-02-30", today)
            .unwrap_err()
            .contains("impossible")
    );
    assert!(
        parse_due("31/04/2027", today)
            .unwrap_err()
            .contains("impossible")
    );
    assert!(
        parse_due("demain", today)
            .unwrap_err()
            .contains("AAAA-MM-JJ")
    );
    assert!(
        parse_due("2026-12-06", today)
            .unwrap_err()
            .contains("déjà passé")
    );
}

#[test]
fn positioning_is_derived_until_set() {
    let c = example();
    let bloc = &c.blocs[0];
    let competence = bloc.competences().next().unwrap();
    let mut p = Portfolio::new(&c.id);
    assert_eq!(derived(bloc, competence, &p), Positioning::Non);
    p.add_note("A1.C1.CR1", "preuve", Timestamp::UNIX_EPOCH);
    assert_eq!(derived(bloc, competence, &p), Positioning::Partiellement);
    for id in ["A1.C1.CR1", "A1.C1.CR2"] {
        while p.status(id) != Status::Ready {
            p.cycle_status(id, Timestamp::UNIX_EPOCH);
        }
    }
    let units: Vec<&str> = bloc.units_of(competence).map(|u| u.id).collect();
    if units.iter().all(|u| p.status(u) == Status::Ready) {
        assert_eq!(derived(bloc, competence, &p), Positioning::Oui);
        p.set_level("A1.C1.CR1", Some(2));
        assert_eq!(derived(bloc, competence, &p), Positioning::Partiellement);
    }
    let s = stance(bloc, competence, &p);
    assert!(!s.set && s.label().ends_with("(estimé)"));
    p.cycle_positioning(&competence.id);
    let s = stance(bloc, competence, &p);
    assert_eq!(
        (s.positioning, s.set, s.label()),
        (Positioning::Oui, true, "oui".to_string())
    );
}
