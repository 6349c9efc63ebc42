//! Older portfolio formats, read as they were written and brought to the
//! current one. Each old version keeps its own types here, frozen: a file
//! written years ago must still load.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::Deserialize;

use crate::portfolio::{self, CritereWork, FORMAT_VERSION, Note, Portfolio, Status, ViewState};

/// Format 1: notes had no draft flag.
pub mod v1 {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Portfolio {
        pub format_version: u32,
        pub referentiel: String,
        #[serde(default)]
        pub criteres: BTreeMap<String, CritereWork>,
        #[serde(default)]
        pub targeted: BTreeSet<String>,
        #[serde(default)]
        pub view: ViewState,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CritereWork {
        #[serde(default)]
        pub status: Status,
        #[serde(default)]
        pub level: Option<u8>,
        #[serde(default)]
        pub notes: Vec<Note>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Note {
        pub text: String,
        pub created: Timestamp,
        pub updated: Timestamp,
    }
}

/// Format 2: notes had drafts but no links, and there were no experiences.
pub mod v2 {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Portfolio {
        pub format_version: u32,
        pub referentiel: String,
        #[serde(default)]
        pub criteres: BTreeMap<String, CritereWork>,
        #[serde(default)]
        pub targeted: BTreeSet<String>,
        #[serde(default)]
        pub view: ViewState,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CritereWork {
        #[serde(default)]
        pub status: Status,
        #[serde(default)]
        pub level: Option<u8>,
        #[serde(default)]
        pub notes: Vec<Note>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Note {
        pub text: String,
        pub created: Timestamp,
        pub updated: Timestamp,
        #[serde(default)]
        pub draft: bool,
    }
}

impl From<v1::Portfolio> for v2::Portfolio {
    fn from(old: v1::Portfolio) -> Self {
        v2::Portfolio {
            format_version: 2,
            referentiel: old.referentiel,
            criteres: old
                .criteres
                .into_iter()
                .map(|(id, work)| {
                    let work = v2::CritereWork {
                        status: work.status,
                        level: work.level,
                        notes: work
                            .notes
                            .into_iter()
                            .map(|n| v2::Note {
                                text: n.text,
                                created: n.created,
                                updated: n.updated,
                                draft: false,
                            })
                            .collect(),
                    };
                    (id, work)
                })
                .collect(),
            targeted: old.targeted,
            view: old.view,
        }
    }
}

impl From<v2::Portfolio> for Portfolio {
    fn from(old: v2::Portfolio) -> Self {
        let mut portfolio = Portfolio::new(old.referentiel);
        portfolio.format_version = FORMAT_VERSION;
        portfolio.criteres = old
            .criteres
            .into_iter()
            .map(|(id, work)| {
                let work = CritereWork {
                    status: work.status,
                    level: work.level,
                    notes: work
                        .notes
                        .into_iter()
                        .map(|n| Note {
                            text: n.text.into(),
                            created: n.created,
                            updated: n.updated,
                            draft: n.draft,
                            experiences: Vec::new(),
                            pieces: Vec::new(),
                            dismissed: Vec::new(),
                        })
                        .collect(),
                };
                (id, work.into())
            })
            .collect();
        portfolio.targeted = old.targeted;
        portfolio.view = old.view;
        portfolio
    }
}

/// Parses a portfolio of any known version into the current one.
pub fn parse_any(version: u32, text: &str) -> ron::error::SpannedResult<Portfolio> {
    let options = crate::ron_style::options();
    match version {
        1 => options
            .from_str::<v1::Portfolio>(text)
            .map(|v1| Portfolio::from(v2::Portfolio::from(v1))),
        2 => options.from_str::<v2::Portfolio>(text).map(Portfolio::from),
        _ => options.from_str::<portfolio::Portfolio>(text),
    }
}
