//! The sync with the centre (git) as the interface sees it: whether this
//! data directory syncs at all, whether a sync runs now, how the last one
//! ended. The status line shows it; `S` asks for one.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::store::sync::{LastSync, Outcome};
use crate::tui::effect::Effect;
use crate::tui::status::Status;

/// What happens to the sync, for [`update`].
#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// At start: this data directory syncs with a centre, and how its last
    /// sync ended; `auto`: sync at start and at quit (`auto_sync:`).
    Known { last: Option<LastSync>, auto: bool },
    /// `S`.
    Ask,
    /// A sync ended (see `Effect::Sync`).
    Done(LastSync),
}

/// The sync's state after `event`, what to say in `status`, and the
/// effects (a sync to run; after one, who synced each note read again, and
/// the tutor's cohort when it shows).
pub fn update(
    sync: &mut Option<SyncLine>,
    status: &mut Option<Status>,
    event: SyncEvent,
    on_cohort: bool,
) -> Vec<Effect> {
    let (said, effects) = step(sync, event, on_cohort);
    if said.is_some() {
        *status = said;
    }
    effects
}

fn step(
    sync: &mut Option<SyncLine>,
    event: SyncEvent,
    on_cohort: bool,
) -> (Option<Status>, Vec<Effect>) {
    match event {
        SyncEvent::Known { last, auto } => {
            *sync = Some(SyncLine {
                running: false,
                auto,
                last,
            });
            if auto {
                return step(sync, SyncEvent::Ask, on_cohort);
            }
            (None, Vec::new())
        }
        SyncEvent::Ask => match sync {
            None => (
                Some(Status::info(
                    "Pas de synchronisation ici : dans un terminal, livret sync init ADRESSE \
                     (le dépôt du centre ; voir le README)",
                )),
                Vec::new(),
            ),
            Some(line) if line.running => (
                Some(Status::info("Synchronisation déjà en cours…")),
                Vec::new(),
            ),
            Some(line) => {
                line.running = true;
                (
                    Some(Status::info("Synchronisation avec le centre…")),
                    vec![Effect::Sync],
                )
            }
        },
        SyncEvent::Done(last) => {
            let said = if last.outcome == Outcome::Done {
                Status::info(last.line.clone())
            } else {
                Status::warning(last.line.clone())
            };
            if let Some(line) = sync {
                line.running = false;
                line.last = Some(last);
            }
            let mut effects = vec![Effect::LoadSyncHistory];
            if on_cohort {
                effects.push(Effect::ShowCohort);
            }
            (Some(said), effects)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncLine {
    /// A sync runs now, off the loop.
    pub running: bool,
    /// Sync at start and at quit (`auto_sync:` in config.ron).
    pub auto: bool,
    /// How the last sync ended, on this machine.
    pub last: Option<LastSync>,
}

impl SyncLine {
    /// The status line's part: « ⇅ 14:03 », « ⇅ hors ligne (14:03) »,
    /// « ⇅ … »; and whether it is a warning.
    pub fn label(&self, now: Timestamp, tz: &TimeZone) -> (String, bool) {
        if self.running {
            return ("⇅ synchronisation…".to_string(), false);
        }
        let Some(last) = &self.last else {
            return ("⇅ jamais synchronisé".to_string(), false);
        };
        let when = last.when.to_zoned(tz.clone());
        let today = now.to_zoned(tz.clone()).date();
        let at = if when.date() == today {
            when.strftime("%H:%M").to_string()
        } else {
            when.strftime("%d/%m %H:%M").to_string()
        };
        match last.outcome {
            Outcome::Done => (format!("⇅ {at}"), false),
            Outcome::Unreachable(_) => (format!("⇅ hors ligne ({at})"), true),
            Outcome::Busy(_) => (format!("⇅ en attente ({at})"), true),
        }
    }
}
