//! The candidate's side of the review cycle: the reviews they ask for (on a
//! critère, a compétence, a bloc or the whole dossier), and the history of
//! their statuses. Kept in the portfolio: the candidate's own file.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Portfolio, Status};

/// A review the candidate asked for. Known by its creation time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The critère, compétence, evaluation or bloc; none: the whole dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// What the candidate wrote with it, if anything.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    pub created: Timestamp,
    /// When the candidate took it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Timestamp>,
}

impl Request {
    pub fn is_open(&self) -> bool {
        self.withdrawn.is_none()
    }

    /// What it is about, for people: « C1.1.CR1 », « tout le dossier ».
    pub fn part(&self) -> &str {
        self.node.as_deref().unwrap_or("tout le dossier")
    }
}

/// The candidate's answer to the tutors' comments on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub text: String,
    pub created: Timestamp,
    /// The comment it answers (that comment's creation time), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Timestamp>,
}

/// A status the candidate changed, appended, never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub id: String,
    pub at: Timestamp,
    pub from: Status,
    pub to: Status,
}

impl Portfolio {
    /// Asks for a review of `node` (none: the whole dossier). Refused (false)
    /// while one is already open on it and not `done` (returned by a tutor:
    /// see `cycle::state`), so that a returned one can be asked again.
    pub fn request_review(
        &mut self,
        node: Option<&str>,
        message: &str,
        now: Timestamp,
        done: impl Fn(&Request) -> bool,
    ) -> bool {
        if self.open_request(node).is_some_and(|r| !done(r)) {
            return false;
        }
        // Two requests a second apart in the same instant still differ.
        let created = self
            .requests
            .iter()
            .map(|r| r.created)
            .max()
            .filter(|last| *last >= now)
            .map_or(now, |last| last + jiff::SignedDuration::from_nanos(1));
        self.requests.push(Request {
            node: node.map(str::to_string),
            message: message.trim().to_string(),
            created,
            withdrawn: None,
        });
        true
    }

    /// The newest open request on `node`, if any.
    pub fn open_request(&self, node: Option<&str>) -> Option<&Request> {
        self.requests
            .iter()
            .rev()
            .find(|r| r.is_open() && r.node.as_deref() == node)
    }

    /// Takes back the newest open request on `node`; whether there was one.
    pub fn withdraw_request(&mut self, node: Option<&str>, now: Timestamp) -> bool {
        match self
            .requests
            .iter_mut()
            .rev()
            .find(|r| r.is_open() && r.node.as_deref() == node)
        {
            Some(request) => {
                request.withdrawn = Some(now);
                true
            }
            None => false,
        }
    }

    /// Answers the comments on `id` (`to`: the one answered); a blank text
    /// adds nothing.
    pub fn reply(&mut self, id: &str, text: &str, to: Option<Timestamp>, now: Timestamp) -> bool {
        if text.trim().is_empty() {
            return false;
        }
        self.replies.entry(id.to_string()).or_default().push(Reply {
            text: text.to_string(),
            created: now,
            to,
        });
        true
    }

    /// The candidate's replies on `id`, oldest first.
    pub fn replies(&self, id: &str) -> &[Reply] {
        self.replies.get(id).map_or(&[], Vec::as_slice)
    }

    /// Records a status change made at `now` (see `cycle_status`).
    pub(super) fn record_status(&mut self, id: &str, from: Status, to: Status, now: Timestamp) {
        self.history.push(StatusChange {
            id: id.to_string(),
            at: now,
            from,
            to,
        });
    }

    /// Requests and history from another version (a merge): each once.
    pub(super) fn merge_cycle(&mut self, other: &Portfolio) {
        for request in &other.requests {
            match self
                .requests
                .iter_mut()
                .find(|r| r.created == request.created)
            {
                Some(ours) => ours.withdrawn = ours.withdrawn.or(request.withdrawn),
                None => self.requests.push(request.clone()),
            }
        }
        self.requests.sort_by_key(|r| r.created);
        for change in &other.history {
            if !self.history.contains(change) {
                self.history.push(change.clone());
            }
        }
        self.history.sort_by_key(|c| c.at);
        for (id, replies) in &other.replies {
            let ours = self.replies.entry(id.clone()).or_default();
            for reply in replies {
                if !ours.contains(reply) {
                    ours.push(reply.clone());
                }
            }
            ours.sort_by_key(|r| r.created);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    #[test]
    fn one_open_request_per_part_and_a_withdrawn_one_can_be_asked_again() {
        let mut p = Portfolio::new("x");
        assert!(p.request_review(Some("BC1"), "  Le bloc 1, svp  ", at(10), |_| false));
        assert!(
            !p.request_review(Some("BC1"), "encore", at(11), |_| false),
            "already open"
        );
        assert!(p.request_review(None, "", at(11), |_| false));
        assert_eq!(
            p.open_request(Some("BC1")).unwrap().message,
            "Le bloc 1, svp"
        );
        assert_eq!(p.open_request(None).unwrap().part(), "tout le dossier");
        assert!(p.withdraw_request(Some("BC1"), at(12)));
        assert!(
            !p.withdraw_request(Some("BC1"), at(13)),
            "nothing open any more"
        );
        assert!(p.request_review(Some("BC1"), "", at(12), |_| false));
        assert_eq!(p.requests.len(), 3);
        let created: Vec<Timestamp> = p.requests.iter().map(|r| r.created).collect();
        assert!(created.windows(2).all(|w| w[0] < w[1]), "{created:?}");
    }

    #[test]
    fn statuses_are_appended_to_the_history() {
        let mut p = Portfolio::new("x");
        p.cycle_status("CR1", at(1));
        p.cycle_status("CR1", at(2));
        let changes: Vec<(Status, Status)> = p.history.iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(
            changes,
            [
                (Status::Todo, Status::InProgress),
                (Status::InProgress, Status::Ready)
            ]
        );
    }
}
