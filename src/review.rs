//! A tutor's review of a candidate's portfolio: verdicts and comments on
//! critères and compétences. One review per tutor and certification, written
//! only by that tutor's process. Pure: no IO.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::referentiel::Certification;

/// Current version of the review file format. Version 2 added the history
/// of verdicts and the requests the tutor opened.
pub const FORMAT_VERSION: u32 = 2;

/// Next to a tutor's name whose review could not be verified as theirs
/// (see `store::signing`): shown, never counted.
pub const UNVERIFIED: &str = "« non vérifié »";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub format_version: u32,
    pub referentiel: String,
    /// Who wrote it; also the file name.
    pub tutor: String,
    /// Per critère or compétence id.
    #[serde(default)]
    pub items: BTreeMap<String, Item>,
    /// Every verdict given or taken back, oldest first; never rewritten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<VerdictChange>,
    /// The candidate's requests this tutor opened (by the request's
    /// creation time), and when: « en relecture ».
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub opened: BTreeMap<Timestamp, Timestamp>,
    /// Per item, the newest reply of the candidate this tutor has read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<String, Timestamp>,
    /// Per item, the candidate's notes as this tutor last read them: what
    /// changed since is shown, word by word.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub read: BTreeMap<String, Vec<ReadNote>>,
    /// Why this review is not proven to be its tutor's (in a synced data
    /// directory, its signature did not verify); none: it is. Never in the
    /// file. An unverified review is shown, marked [`UNVERIFIED`], and its
    /// verdicts count nowhere.
    #[serde(skip)]
    pub unverified: Option<String>,
}

/// A note as a tutor read it: which note (its creation time), what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadNote {
    pub created: Timestamp,
    pub text: String,
}

/// A verdict changed by a tutor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictChange {
    pub id: String,
    pub at: Timestamp,
    pub from: Option<Verdict>,
    pub to: Option<Verdict>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub comments: Vec<Comment>,
}

/// The tutor's judgement on a critère or a compétence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    Rework,
    Validated,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Rework => "à retravailler",
            Verdict::Validated => "validé",
        }
    }

    /// A marker that does not rely on colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Rework => "↺",
            Verdict::Validated => "✔",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub text: String,
    pub author: String,
    pub created: Timestamp,
}

impl Review {
    /// Moves the items keyed by a former id of `certification` to the
    /// current id (see [`crate::portfolio::Portfolio::follow_renames`]):
    /// comments put together in time order, the verdict already there or
    /// else the moved one. Returns how many items moved.
    pub fn follow_renames(&mut self, certification: &Certification) -> usize {
        let mut moved = 0;
        for (former, current) in certification.former_ids() {
            if let Some(old) = self.items.remove(former) {
                moved += 1;
                let item = self.items.entry(current.to_string()).or_default();
                item.comments.extend(old.comments);
                item.comments.sort_by_key(|c| c.created);
                item.verdict = item.verdict.or(old.verdict);
            }
            for change in &mut self.history {
                if change.id == former {
                    change.id = current.to_string();
                }
            }
            if let Some(read) = self.read.remove(former) {
                self.read
                    .entry(current.to_string())
                    .or_default()
                    .extend(read);
            }
            if let Some(seen) = self.seen.remove(former) {
                let entry = self.seen.entry(current.to_string()).or_insert(seen);
                *entry = (*entry).max(seen);
            }
        }
        moved
    }

    pub fn new(referentiel: impl Into<String>, tutor: impl Into<String>) -> Self {
        Review {
            format_version: FORMAT_VERSION,
            referentiel: referentiel.into(),
            tutor: tutor.into(),
            items: BTreeMap::new(),
            history: Vec::new(),
            opened: BTreeMap::new(),
            seen: BTreeMap::new(),
            read: BTreeMap::new(),
            unverified: None,
        }
    }

    /// Whether this review is proven to be its tutor's: its verdicts count.
    pub fn is_verified(&self) -> bool {
        self.unverified.is_none()
    }

    pub fn verdict(&self, id: &str) -> Option<Verdict> {
        self.items.get(id).and_then(|i| i.verdict)
    }

    pub fn comments(&self, id: &str) -> &[Comment] {
        self.items.get(id).map_or(&[], |i| &i.comments)
    }

    /// none → à retravailler → validé → none, recorded in the history.
    /// Returns the new verdict.
    pub fn cycle_verdict(&mut self, id: &str, now: Timestamp) -> Option<Verdict> {
        let item = self.items.entry(id.to_string()).or_default();
        let from = item.verdict;
        item.verdict = match item.verdict {
            None => Some(Verdict::Rework),
            Some(Verdict::Rework) => Some(Verdict::Validated),
            Some(Verdict::Validated) => None,
        };
        let verdict = item.verdict;
        if *item == Item::default() {
            self.items.remove(id);
        }
        self.history.push(VerdictChange {
            id: id.to_string(),
            at: now,
            from,
            to: verdict,
        });
        verdict
    }

    /// Keeps the verdict on `id` as it is, after the evidence changed: the
    /// verdict counts as given again now (recorded in the history).
    pub fn confirm_verdict(&mut self, id: &str, now: Timestamp) -> Option<Verdict> {
        let verdict = self.verdict(id)?;
        self.history.push(VerdictChange {
            id: id.to_string(),
            at: now,
            from: Some(verdict),
            to: Some(verdict),
        });
        Some(verdict)
    }

    /// The notes of `id` (not drafts) as read now; whether that changed
    /// what was recorded.
    pub fn mark_notes_read(&mut self, id: &str, notes: &[crate::portfolio::Note]) -> bool {
        let read: Vec<ReadNote> = notes
            .iter()
            .filter(|n| !n.draft)
            .map(|n| ReadNote {
                created: n.created,
                text: n.text.to_string(),
            })
            .collect();
        let before = self.read.get(id);
        if before.is_some_and(|r| *r == read) || (before.is_none() && read.is_empty()) {
            return false;
        }
        self.read.insert(id.to_string(), read);
        true
    }

    /// Adds a comment signed by this review's tutor; a blank text adds nothing.
    pub fn add_comment(&mut self, id: &str, text: &str, now: Timestamp) -> bool {
        if text.trim().is_empty() {
            return false;
        }
        let comment = Comment {
            text: text.to_string(),
            author: self.tutor.clone(),
            created: now,
        };
        self.items
            .entry(id.to_string())
            .or_default()
            .comments
            .push(comment);
        true
    }

    /// Takes into this review (the one in memory) what `other` (the same
    /// tutor's file, changed on disk by another process of theirs) has and
    /// this one lacks, knowing `base` (what this process last read or
    /// wrote): each comment not here and not in `base`, a verdict changed
    /// there and not here (without `base`: where this one has none).
    /// Returns how many comments came.
    pub fn merge_from(&mut self, other: &Review, base: Option<&Review>) -> usize {
        let mut taken = 0;
        for (id, theirs) in &other.items {
            let was = base.map(|b| (b.verdict(id), b.comments(id)));
            let ours = self.items.entry(id.clone()).or_default();
            let take = match was {
                Some((verdict, _)) => ours.verdict == verdict,
                None => ours.verdict.is_none(),
            };
            if take {
                ours.verdict = theirs.verdict;
            }
            for comment in &theirs.comments {
                let gone = was.is_some_and(|(_, comments)| comments.contains(comment));
                if !gone && !ours.comments.contains(comment) {
                    ours.comments.push(comment.clone());
                    taken += 1;
                }
            }
            ours.comments.sort_by_key(|c| c.created);
        }
        self.items.retain(|_, item| *item != Item::default());
        for change in &other.history {
            if !self.history.contains(change) {
                self.history.push(change.clone());
            }
        }
        self.history.sort_by_key(|c| c.at);
        for (request, at) in &other.opened {
            self.opened.entry(*request).or_insert(*at);
        }
        for (id, seen) in &other.seen {
            let ours = self.seen.entry(id.clone()).or_insert(*seen);
            *ours = (*ours).max(*seen);
        }
        for (id, read) in &other.read {
            self.read.entry(id.clone()).or_insert_with(|| read.clone());
        }
        taken
    }
}

/// What every tutor said about one critère or compétence: the verdicts
/// that count, verified reviews' only.
pub fn verdicts<'a>(reviews: &'a [Review], id: &str) -> impl Iterator<Item = (&'a str, Verdict)> {
    let id = id.to_string();
    reviews
        .iter()
        .filter(|r| r.is_verified())
        .filter_map(move |r| Some((r.tutor.as_str(), r.verdict(&id)?)))
}

/// The verdicts of unverified reviews on `id`: to show, marked, never to count.
pub fn unverified_verdicts<'a>(
    reviews: &'a [Review],
    id: &str,
) -> impl Iterator<Item = (&'a str, Verdict)> {
    let id = id.to_string();
    reviews
        .iter()
        .filter(|r| !r.is_verified())
        .filter_map(move |r| Some((r.tutor.as_str(), r.verdict(&id)?)))
}

/// `tutor` as shown to others: marked [`UNVERIFIED`] when their review in
/// `reviews` is not verified.
pub fn shown_tutor(reviews: &[Review], tutor: &str) -> String {
    if reviews.iter().any(|r| r.tutor == tutor && !r.is_verified()) {
        format!("{tutor} {UNVERIFIED}")
    } else {
        tutor.to_string()
    }
}

/// `tutor`'s own review among `reviews` is theirs, whatever its signature
/// (not yet signed after their last change): it counts for them.
pub fn trust_own(reviews: &mut [Review], tutor: &str) {
    for review in reviews.iter_mut().filter(|r| r.tutor == tutor) {
        review.unverified = None;
    }
}

/// The verdict that counts for progress: "à retravailler" as soon as one
/// tutor asks for it, else "validé" if one tutor validated.
pub fn combined_verdict(reviews: &[Review], id: &str) -> Option<Verdict> {
    let mut result = None;
    for (_, verdict) in verdicts(reviews, id) {
        match verdict {
            Verdict::Rework => return Some(Verdict::Rework),
            Verdict::Validated => result = Some(Verdict::Validated),
        }
    }
    result
}

/// Every comment on an id, all tutors, oldest first.
pub fn comments<'a>(reviews: &'a [Review], id: &str) -> Vec<&'a Comment> {
    let mut all: Vec<&Comment> = reviews.iter().flat_map(|r| r.comments(id)).collect();
    all.sort_by_key(|c| c.created);
    all
}

/// The newest comment on an id, to tell whether the candidate has read it.
pub fn latest_comment(reviews: &[Review], id: &str) -> Option<Timestamp> {
    reviews
        .iter()
        .flat_map(|r| r.comments(id))
        .map(|c| c.created)
        .max()
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn comments_from_both_processes_are_kept_once() {
        let at = |s| Timestamp::from_second(s).unwrap();
        let mut disk = Review::new("x", "marie");
        disk.add_comment("CR1", "commun", at(1));
        let mut memory = disk.clone();
        disk.add_comment("CR1", "d’une autre fenêtre", at(2));
        disk.cycle_verdict("CR2", jiff::Timestamp::UNIX_EPOCH);
        memory.add_comment("CR1", "d’ici", at(3));
        let base = memory.clone();
        assert_eq!(memory.merge_from(&disk, None), 1);
        let texts: Vec<&str> = memory
            .comments("CR1")
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, ["commun", "d’une autre fenêtre", "d’ici"]);
        assert_eq!(memory.verdict("CR2"), Some(Verdict::Rework));
        assert_eq!(memory.merge_from(&disk, None), 0);
        // A verdict cleared here since the last write stays cleared.
        let mut base = base;
        base.cycle_verdict("CR3", jiff::Timestamp::UNIX_EPOCH);
        let mut memory = base.clone();
        memory.cycle_verdict("CR3", jiff::Timestamp::UNIX_EPOCH);
        memory.cycle_verdict("CR3", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(memory.verdict("CR3"), None);
        memory.merge_from(&base, Some(&base.clone()));
        assert_eq!(memory.verdict("CR3"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(1_767_607_200 + s).unwrap()
    }

    #[test]
    fn verdicts_cycle_through_none_rework_validated() {
        let mut r = Review::new("x", "marie");
        assert_eq!(
            r.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH),
            Some(Verdict::Rework)
        );
        assert_eq!(
            r.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH),
            Some(Verdict::Validated)
        );
        assert_eq!(r.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH), None);
        assert!(r.items.is_empty());
    }

    #[test]
    fn comments_are_signed_and_blank_ones_refused() {
        let mut r = Review::new("x", "marie");
        assert!(r.add_comment("CR1", "Précisez le contexte", t(0)));
        assert!(!r.add_comment("CR1", "  ", t(1)));
        let c = &r.comments("CR1")[0];
        assert_eq!((c.author.as_str(), c.created), ("marie", t(0)));
    }

    #[test]
    fn one_rework_outweighs_a_validation() {
        let mut a = Review::new("x", "a");
        let mut b = Review::new("x", "b");
        a.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
        a.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(
            combined_verdict(&[a.clone(), b.clone()], "CR1"),
            Some(Verdict::Validated)
        );
        b.cycle_verdict("CR1", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(combined_verdict(&[a, b], "CR1"), Some(Verdict::Rework));
    }

    #[test]
    fn an_unverified_reviews_verdicts_are_shown_apart_and_never_counted() {
        let mut a = Review::new("x", "a");
        let mut b = Review::new("x", "b");
        a.cycle_verdict("CR1", t(0));
        a.cycle_verdict("CR1", t(0));
        b.cycle_verdict("CR1", t(0));
        b.unverified = Some("avis non signé".to_string());
        let mut reviews = [a, b];
        assert_eq!(
            verdicts(&reviews, "CR1").collect::<Vec<_>>(),
            [("a", Verdict::Validated)]
        );
        assert_eq!(
            unverified_verdicts(&reviews, "CR1").collect::<Vec<_>>(),
            [("b", Verdict::Rework)]
        );
        assert_eq!(combined_verdict(&reviews, "CR1"), Some(Verdict::Validated));
        assert_eq!(shown_tutor(&reviews, "a"), "a");
        assert_eq!(shown_tutor(&reviews, "b"), "b « non vérifié »");
        // In b's own session, b's review is theirs.
        trust_own(&mut reviews, "b");
        assert_eq!(combined_verdict(&reviews, "CR1"), Some(Verdict::Rework));
        assert_eq!(shown_tutor(&reviews, "b"), "b");
    }

    #[test]
    fn whether_a_review_is_verified_is_never_in_its_file() {
        let mut r = Review::new("x", "marie");
        r.unverified = Some("avis non signé".to_string());
        let options = crate::ron_style::options();
        let text = options
            .to_string_pretty(&r, crate::ron_style::pretty())
            .unwrap();
        assert!(!text.contains("unverified"), "{text}");
        assert!(options.from_str::<Review>(&text).unwrap().is_verified());
        let claimed = text.replacen('(', "(unverified: None, ", 1);
        assert!(options.from_str::<Review>(&claimed).is_err(), "{claimed}");
    }

    #[test]
    fn comments_of_all_tutors_come_oldest_first() {
        let mut a = Review::new("x", "a");
        let mut b = Review::new("x", "b");
        a.add_comment("CR1", "deux", t(10));
        b.add_comment("CR1", "un", t(5));
        let reviews = [a, b];
        let texts: Vec<&str> = comments(&reviews, "CR1")
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, ["un", "deux"]);
        assert_eq!(latest_comment(&reviews, "CR1"), Some(t(10)));
    }
}
