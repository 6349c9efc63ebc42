//! The user's config.ron for the commands that print rather than draw: the
//! candidate's name for exports, the writing help for `status`. A broken
//! file is reported on stderr with what happens instead. `K` is the key
//! section's type (the interface's), checked here too.

use serde::de::DeserializeOwned;

use super::Coaching;
use super::output;
use crate::store::config::{Config, ConfigEnv, config_path, load_config};

/// config.ron, if there is one that reads.
pub fn config<K: DeserializeOwned + Default>(instead: &str) -> Option<Config<K>> {
    let path = config_path(&ConfigEnv::from_env())?;
    load_config::<K>(&path)
        .map_err(|problem| output::complain(&format!("{problem} ; {instead}")))
        .ok()
}

/// The candidate's name, for exports.
pub fn candidate_name<K: DeserializeOwned + Default>() -> Option<String> {
    config::<K>("export sans le nom du candidat")?
        .name
        .filter(|n| !n.trim().is_empty())
}

/// What the coach needs for `status`: the writing help, today, the time zone.
pub fn coaching<K: DeserializeOwned + Default>(today: jiff::civil::Date) -> Coaching {
    Coaching {
        writing: config::<K>("aide à l’écriture par défaut")
            .map(|c| c.writing)
            .unwrap_or_default(),
        today,
        tz: jiff::tz::TimeZone::system(),
    }
}
