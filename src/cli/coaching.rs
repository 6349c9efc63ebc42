//! The coach for scripts: `livret due` sets the jury date, and the
//! figures `status` adds (words, the pace, the next steps, the
//! self-positioning).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::coach::next::{Reason, Step};
use crate::coach::pace::{Pace, days_left_text, french_date, parse_due};
use crate::coach::{Guide, positioning};
use crate::portfolio::Portfolio;
use crate::referentiel::{Certification, Writing};
use crate::review::Review;
use crate::store::{DataDir, load_catalog, load_portfolio_for, save_portfolio};
use crate::text::thousands;

use super::unknown_certification;

/// Next steps listed by `status`.
pub const NEXT_STEPS: usize = 5;
/// Weeks of history in `status --json`.
pub const WEEKS: usize = 8;

/// What the coach adds to `status`: the user's writing help, today, and
/// the time zone weeks are counted in.
#[derive(Debug, Clone)]
pub struct Coaching {
    pub writing: Writing,
    pub today: Date,
    pub tz: TimeZone,
}

/// The coach's part of `status --json`.
#[derive(Debug, Serialize)]
pub struct CoachJson {
    /// Words of the evidence over the targeted blocs; of them, those
    /// towards the target (each critère up to its own); and expected.
    pub words: usize,
    pub words_toward_target: usize,
    pub target_words: usize,
    /// Words expected per unit.
    pub target_per_item: u32,
    pub due: Option<Date>,
    pub days_left: Option<i64>,
    pub words_left: usize,
    pub items_left: usize,
    /// Words per week needed to reach the target on the due date.
    pub pace_needed: Option<f64>,
    /// Words per week over the last four weeks.
    pub pace_so_far: f64,
    pub behind: bool,
    pub projected: Option<Date>,
    pub weeks: Vec<crate::coach::pace::Week>,
    pub next: Vec<NextJson>,
    pub positioning: Vec<PositioningJson>,
}

#[derive(Debug, Serialize)]
pub struct NextJson {
    pub node: String,
    pub reason: Reason,
    /// The reason in French, as the app says it.
    pub label: &'static str,
    pub words: usize,
    pub target_words: usize,
}

#[derive(Debug, Serialize)]
pub struct PositioningJson {
    pub competence: String,
    /// `oui`, `partiellement` or `non`.
    pub value: &'static str,
    /// False: derived from the critères until the candidate sets it.
    pub set: bool,
}

impl From<Step> for NextJson {
    fn from(step: Step) -> Self {
        NextJson {
            label: step.reason.label(),
            node: step.node,
            reason: step.reason,
            words: step.words,
            target_words: step.target_words,
        }
    }
}

/// The figures of the coach for one certification.
pub fn coach_json(
    certification: &Certification,
    portfolio: &Portfolio,
    reviews: &[Review],
    coaching: &Coaching,
) -> CoachJson {
    let target = Guide::new(certification, &coaching.writing).target();
    let words = crate::coach::tally::overall(certification, portfolio, target);
    let pace: Pace = crate::coach::pace::pace(
        certification,
        portfolio,
        words,
        coaching.today,
        &coaching.tz,
        WEEKS,
    );
    let words_of = |id: &str| portfolio.words(id);
    let next = crate::coach::next::steps(
        certification,
        portfolio,
        reviews,
        (target, &words_of),
        NEXT_STEPS,
    );
    let positioning = certification
        .blocs
        .iter()
        .flat_map(|b| b.competences().map(move |c| (b, c)))
        .map(|(bloc, competence)| {
            let stance = positioning::stance(bloc, competence, portfolio);
            PositioningJson {
                competence: competence.id.clone(),
                value: stance.positioning.label(),
                set: stance.set,
            }
        })
        .collect();
    CoachJson {
        words: words.words,
        words_toward_target: words.toward_target,
        target_words: words.target_words,
        target_per_item: target,
        due: pace.due,
        days_left: pace.days_left,
        words_left: pace.words_left,
        items_left: pace.items_left,
        pace_needed: pace.pace_needed.map(round),
        pace_so_far: round(pace.pace_so_far),
        behind: pace.behind,
        projected: pace.projected,
        weeks: pace.weeks,
        next: next.into_iter().map(NextJson::from).collect(),
        positioning,
    }
}

/// One decimal: figures for people and scripts, not float noise.
fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The lines `livret status` adds under the table: words, the date and
/// the pace, the next steps.
pub fn coach_text(
    certification: &Certification,
    portfolio: &Portfolio,
    reviews: &[Review],
    coaching: &Coaching,
) -> String {
    let json = coach_json(certification, portfolio, reviews, coaching);
    // Each critère counts up to its target: words beyond it are said apart.
    let beyond = json.words.saturating_sub(json.words_toward_target);
    let beyond = if beyond > 0 {
        format!(", et {} au-delà", thousands(beyond))
    } else {
        String::new()
    };
    let mut out = format!(
        "Rédaction : {} mots sur {} visés ({} par critère{beyond})\n",
        thousands(json.words_toward_target),
        thousands(json.target_words),
        json.target_per_item
    );
    match (json.due, json.days_left) {
        (Some(due), Some(days)) if days >= 0 => {
            out.push_str(&format!(
                "Dossier attendu le {} ({}) : reste {} mots et {} à rendre {}\n",
                french_date(due),
                days_left_text(days),
                thousands(json.words_left),
                crate::text::count(json.items_left, "critère", "critères"),
                if json.items_left > 1 { "prêts" } else { "prêt" }
            ));
            if let Some(needed) = json.pace_needed {
                out.push_str(&format!(
                    "Rythme nécessaire : {} mots par semaine ; rythme actuel : {} mots par semaine{}\n",
                    thousands(needed.ceil() as usize),
                    thousands(json.pace_so_far.round() as usize),
                    if json.behind { " — en retard" } else { "" }
                ));
            }
        }
        (Some(due), _) => out.push_str(&format!(
            "Le dossier était attendu le {} : date passée (livret due {} AAAA-MM-JJ)\n",
            french_date(due),
            certification.id
        )),
        (None, _) => out.push_str(&format!(
            "Aucune date de jury (livret due {} AAAA-MM-JJ) ; rythme actuel : {} mots par semaine\n",
            certification.id,
            thousands(json.pace_so_far.round() as usize)
        )),
    }
    if !json.next.is_empty() {
        out.push_str("Que faire maintenant :\n");
        for step in &json.next {
            out.push_str(&format!("  {}  {}\n", step.node, step.label));
        }
    }
    out
}

/// `livret due ID [DATE] [--clear]`: sets, clears or shows the date the
/// dossier is due. Refused while the app has the portfolio open.
pub fn due(
    data: &DataDir,
    id: &str,
    date: Option<&str>,
    clear: bool,
    today: Date,
) -> Result<String, String> {
    let catalog = load_catalog(data);
    let Some(entry) = catalog.get(id) else {
        return Err(unknown_certification(id, &catalog));
    };
    let certification = &entry.certification;
    if date.is_none() && !clear {
        let portfolio = load_portfolio_for(data, certification).map_err(|e| e.to_string())?;
        return Ok(match portfolio.due {
            Some(due) => format!("{due}\n"),
            None => format!("aucune date (livret due {id} AAAA-MM-JJ pour en donner une)\n"),
        });
    }
    let due = match date {
        Some(text) => Some(parse_due(text, today)?),
        None => None,
    };
    let _lock = crate::store::lock(&data.portfolio(id), "livret due").map_err(|e| match e {
        crate::store::LockError::Held { holder } => format!(
            "« {id} » est ouvert par {holder} : donnez la date depuis l’application (touche p, puis d), \
             ou fermez-la et relancez ; rien n’a été modifié"
        ),
        crate::store::LockError::Io(e) => format!("verrou impossible : {e} ; rien n’a été modifié"),
    })?;
    let mut portfolio = load_portfolio_for(data, certification).map_err(|e| e.to_string())?;
    if portfolio.set_due(due) {
        save_portfolio(data, &portfolio)
            .map_err(|e| format!("enregistrement impossible : {e} ; rien n’a été modifié"))?;
    }
    Ok(match due {
        Some(due) => format!("dossier attendu le {}\n", french_date(due)),
        None => "date du dossier retirée\n".to_string(),
    })
}
