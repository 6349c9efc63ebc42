//! The sync with the centre (git) as the interface sees it: whether this
//! data directory syncs at all, whether a sync runs now, how the last one
//! ended. The status line shows it; `S` asks for one.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::store::sync::{LastSync, Outcome};

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
