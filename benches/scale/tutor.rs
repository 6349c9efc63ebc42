//! Line 8: a candidate's save reaching the tutor's screen, (a) with that
//! candidate's portfolio open, (b) on the cohort screen. The candidate's
//! save is the library's own (`save_portfolio`: a file written beside, then
//! renamed), so it follows livret's layout on disk wherever it goes.

use std::time::{Duration, Instant};

use livret::portfolio::{Portfolio, Status};
use livret::referentiel::Certification;
use livret::store::{DataDir, save_portfolio};

use crate::pty::Pty;
use crate::tui::{COHORT_FIRST, start};
use crate::{COHORT_NOTES, Data, Plan, Row, cohort, ms};

/// Past this, the change is said never to arrive.
const LIMIT: Duration = Duration::from_secs(5);

/// « N/M prêts » in the title of the tutor's view of one portfolio.
fn ready_figure(screen: &str) -> Option<(usize, usize)> {
    let line = screen.lines().next()?;
    let before = line.split(" prêts").next()?;
    let figure = before.rsplit(' ').next()?;
    let (ready, units) = figure.split_once('/')?;
    Some((ready.trim().parse().ok()?, units.trim().parse().ok()?))
}

/// Marks prêt one critère en cours of a bloc that counts (not optional).
fn one_more_ready(portfolio: &mut Portfolio, certification: &Certification) -> Result<(), String> {
    let id = certification
        .blocs
        .iter()
        .filter(|b| !b.optional)
        .flat_map(|b| b.criteres())
        .map(|c| c.id.clone())
        .find(|id| {
            portfolio
                .criteres
                .get(id)
                .is_some_and(|w| w.status == Status::InProgress)
        })
        .ok_or("no critère en cours left to mark prêt")?;
    portfolio.work_mut(&id).expect("found").status = Status::Ready;
    Ok(())
}

/// Saves the candidate's `portfolio`; the time from the save to the tutor's
/// screen showing `expected`, or `None` past [`LIMIT`].
fn reaches(
    pty: &Pty,
    (candidate, portfolio): (&DataDir, &Portfolio),
    expected: &str,
) -> Result<Option<f64>, String> {
    save_portfolio(candidate, portfolio).map_err(|e| e.to_string())?;
    let saved = Instant::now();
    Ok(pty
        .try_wait_for(&[expected], LIMIT)?
        .map(|at| ms(at.saturating_duration_since(saved))))
}

pub fn changes(plan: &Plan, data: &Data, rows: &mut Vec<Row>) -> Result<(), String> {
    if !plan.line(8) {
        return Ok(());
    }
    let certification = cohort::certification();
    let tutor = format!("--as={}", cohort::TUTOR);
    let tutor_data = data.scratch.path().join("tutor-data");

    // (a) One candidate's portfolio open: one more critère prêt.
    let dir = data.cohort.join(cohort::folder(1));
    let candidate = DataDir::new(&dir);
    let mut portfolio = cohort::portfolio(&certification, 1, COHORT_NOTES);
    let dir_arg = dir.display().to_string();
    let args = ["tutor", dir_arg.as_str(), tutor.as_str()];
    let mut open = Vec::new();
    for _ in 0..=plan.runs {
        let (pty, _) = start(
            data,
            &tutor_data,
            &args,
            &["prêts", "LECTURE SEULE"],
            "livret tutor",
        )?;
        let screen = pty.screen();
        let (ready, units) =
            ready_figure(&screen).ok_or_else(|| format!("no « N/M prêts » on:\n{screen}"))?;
        one_more_ready(&mut portfolio, &certification)?;
        let expected = format!("{}/{units} prêts", ready + 1);
        let took = reaches(&pty, (&candidate, &portfolio), &expected)?;
        pty.quit()?;
        match took {
            Some(took) => open.push(took),
            None => break,
        }
    }
    rows.push(arrival(
        "a candidate's change reaching the tutor, portfolio open",
        &open,
        plan.runs,
    ));

    // (b) The cohort screen: the first row's candidate gives another name.
    let dir = data.cohort.join(cohort::folder(0));
    let candidate = DataDir::new(&dir);
    let mut portfolio = cohort::portfolio(&certification, 0, COHORT_NOTES);
    let cohort_arg = data.cohort.display().to_string();
    let args = ["tutor", cohort_arg.as_str(), tutor.as_str()];
    let mut screen = Vec::new();
    for run in 0..=plan.runs {
        let (pty, _) = start(data, &tutor_data, &args, &COHORT_FIRST, "livret tutor")?;
        // Short: the name column may be 8 wide (6 blocs at 80 columns).
        let name = format!("Zoé {run:02}");
        portfolio.set_name(Some(&name));
        let took = reaches(&pty, (&candidate, &portfolio), &name)?;
        pty.quit()?;
        match took {
            Some(took) => screen.push(took),
            // Never today: the runs after would only wait as long.
            None => break,
        }
    }
    rows.push(arrival(
        "a candidate's change reaching the tutor, cohort screen",
        &screen,
        plan.runs,
    ));
    Ok(())
}

/// The row of arrival times; « jamais » if a run waited past the limit.
fn arrival(what: &str, took: &[f64], runs: usize) -> Row {
    // The first run is the warm-up.
    if took.len() <= runs {
        let never = format!("jamais (>{} s)", LIMIT.as_secs());
        return match took.len() {
            0 | 1 => Row::said(what, &never, "–"),
            n => Row::times(what, &took[1..], format!("{never} au bout de {n} essais")),
        };
    }
    Row::times(what, &took[1..], "–")
}
