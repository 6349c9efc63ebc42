//! The review cycle seen from both sides: where each request stands
//! (demandée → en relecture → rendue), and the history of a dossier as one
//! list of dated events. Pure: the portfolio and the reviews are given.

use jiff::Timestamp;
use serde::Serialize;

use crate::portfolio::{Portfolio, Request};
use crate::referentiel::Certification;
use crate::review::{Review, Verdict};

/// The units of evidence a request covers: the whole dossier, a bloc, an
/// evaluation, a compétence (with the shared critères that cover it) or
/// one unit. An id the référentiel no longer has covers nothing.
pub fn units_under(certification: &Certification, node: Option<&str>) -> Vec<String> {
    unit_ids(certification, node)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// [`units_under`], borrowed: what the screen uses on every frame.
pub fn unit_ids<'c>(certification: &'c Certification, node: Option<&str>) -> Vec<&'c str> {
    let Some(node) = node else {
        return certification.units().map(|u| u.id).collect();
    };
    for bloc in &certification.blocs {
        if bloc.id == node {
            return bloc.units().map(|u| u.id).collect();
        }
        if let Some(modalite) = bloc
            .modalites
            .iter()
            .find(|m| m.id.as_deref() == Some(node))
        {
            return modalite.units().map(|u| u.id).collect();
        }
        if let Some(competence) = bloc.competences().find(|c| c.id == node) {
            return bloc.units_of(competence).map(|u| u.id).collect();
        }
    }
    certification
        .units()
        .filter(|u| u.id == node)
        .map(|u| u.id)
        .collect()
}

/// The items `review` answered since `since` (a verdict or a comment),
/// gathered once: linear in the review, not in the units times the review.
fn answered_since(review: &Review, since: Timestamp) -> std::collections::HashSet<&str> {
    let verdicts = review
        .history
        .iter()
        .filter(|c| c.at >= since)
        .map(|c| c.id.as_str());
    let comments = review
        .items
        .iter()
        .filter(|(_, item)| item.comments.iter().any(|c| c.created >= since))
        .map(|(id, _)| id.as_str());
    verdicts.chain(comments).collect()
}

/// Where a request stands, for both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Asked, no tutor has opened it yet.
    Requested,
    /// A tutor opened it.
    InReview,
    /// A tutor answered every unit it covers (a verdict or a comment) since.
    Returned,
    /// The candidate took it back.
    Withdrawn,
}

impl State {
    /// Asked and not yet returned: in the tutor's queue.
    pub fn is_waiting(self) -> bool {
        matches!(self, State::Requested | State::InReview)
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Requested => "demandée",
            State::InReview => "en relecture",
            State::Returned => "rendue",
            State::Withdrawn => "retirée",
        }
    }
}

/// Where `request` stands, and the tutor who returned it or has it open.
pub fn state<'a>(
    request: &Request,
    certification: &Certification,
    reviews: &'a [Review],
) -> (State, Option<&'a str>) {
    if !request.is_open() {
        return (State::Withdrawn, None);
    }
    let units = unit_ids(certification, request.node.as_deref());
    let returned = reviews.iter().find(|review| {
        let answered = answered_since(review, request.created);
        !units.is_empty() && units.iter().all(|unit| answered.contains(unit))
    });
    if let Some(review) = returned {
        return (State::Returned, Some(&review.tutor));
    }
    match reviews
        .iter()
        .find(|r| r.opened.contains_key(&request.created))
    {
        Some(review) => (State::InReview, Some(&review.tutor)),
        None => (State::Requested, None),
    }
}

/// A request as both sides and scripts see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestView {
    /// The critère, compétence, evaluation or bloc; null: the whole dossier.
    pub node: Option<String>,
    pub state: State,
    /// The tutor who has it open or returned it.
    pub tutor: Option<String>,
    pub since: Timestamp,
    pub message: String,
}

/// The requests not withdrawn, oldest first, with where each stands.
pub fn requests(
    certification: &Certification,
    portfolio: &Portfolio,
    reviews: &[Review],
) -> Vec<RequestView> {
    portfolio
        .requests
        .iter()
        .filter(|r| r.is_open())
        .map(|request| {
            let (state, tutor) = state(request, certification, reviews);
            RequestView {
                node: request.node.clone(),
                state,
                tutor: tutor.map(str::to_string),
                since: request.created,
                message: request.message.clone(),
            }
        })
        .collect()
}

/// The units of `request` that `review`'s tutor has not answered yet, in
/// the référentiel's order: where `n` goes next.
pub fn unanswered(
    request: &Request,
    certification: &Certification,
    review: &Review,
) -> Vec<String> {
    let answered = answered_since(review, request.created);
    unit_ids(certification, request.node.as_deref())
        .into_iter()
        .filter(|unit| !answered.contains(unit))
        .map(str::to_string)
        .collect()
}

/// A piece of a word-level comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// How a note stands for a tutor since they last read the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteNews {
    /// Written since.
    New,
    /// Edited since: the text compared word by word with what they read.
    Changed(Vec<Piece>),
}

/// Word-level comparison of two texts (whitespace kept with the words).
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    // Bounded: a huge note compared on every frame must not stall the screen.
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(20))
        .diff_words(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value().to_string();
        let piece = match change.tag() {
            similar::ChangeTag::Equal => Piece::Same(value),
            similar::ChangeTag::Delete => Piece::Removed(value),
            similar::ChangeTag::Insert => Piece::Added(value),
        };
        // Runs of one kind joined: fewer, longer pieces.
        match (pieces.last_mut(), &piece) {
            (Some(Piece::Same(a)), Piece::Same(b))
            | (Some(Piece::Removed(a)), Piece::Removed(b))
            | (Some(Piece::Added(a)), Piece::Added(b)) => a.push_str(b),
            _ => pieces.push(piece),
        }
    }
    pieces
}

/// What is new to `review`'s tutor in `note` of item `id`; none when they
/// read it as it is.
pub fn note_news(review: &Review, id: &str, note: &crate::portfolio::Note) -> Option<NoteNews> {
    if note.draft {
        return None;
    }
    let read = review
        .read
        .get(id)
        .and_then(|r| r.iter().find(|r| r.created == note.created));
    match read {
        None => Some(NoteNews::New),
        Some(read) if read.text == note.text => None,
        Some(read) => Some(NoteNews::Changed(word_diff(&read.text, &note.text))),
    }
}

/// Whether some note of `id` is new or changed for `review`'s tutor.
pub fn notes_changed(review: &Review, id: &str, portfolio: &Portfolio) -> bool {
    // Texts compared, no diff: this runs for every row of the tree.
    let read = review.read.get(id);
    portfolio.notes(id).iter().filter(|n| !n.draft).any(|n| {
        !read.is_some_and(|r| r.iter().any(|r| r.created == n.created && r.text == n.text))
    })
}

/// Whether `review`'s verdict on `id` was given before the evidence last
/// changed (a note written or edited since): « modifié depuis le verdict »
/// until the tutor confirms or changes it.
pub fn stale_verdict(review: &Review, id: &str, portfolio: &Portfolio) -> bool {
    if review.verdict(id).is_none() {
        return false;
    }
    let Some(given) = review
        .history
        .iter()
        .filter(|c| c.id == id)
        .map(|c| c.at)
        .max()
    else {
        return false;
    };
    portfolio
        .notes(id)
        .iter()
        .filter(|n| !n.draft)
        .any(|n| n.updated > given)
}

/// Who wrote a message of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author<'a> {
    Tutor(&'a str),
    Candidate,
}

/// One message of the exchange on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub author: Author<'a>,
    pub text: &'a str,
    pub created: Timestamp,
    /// A reply to a comment that no longer exists: shown at the end.
    pub orphan: bool,
}

/// The exchange on an item: every tutor's comments and the candidate's
/// replies in time order, replies to a comment no longer there at the end.
pub fn thread<'a>(portfolio: &'a Portfolio, reviews: &'a [Review], id: &str) -> Vec<Message<'a>> {
    let comments: Vec<Message> = reviews
        .iter()
        .flat_map(|r| {
            r.comments(id).iter().map(|c| Message {
                author: Author::Tutor(&r.tutor),
                text: &c.text,
                created: c.created,
                orphan: false,
            })
        })
        .collect();
    let exists = |t: Timestamp| comments.iter().any(|c| c.created == t);
    let replies: Vec<Message> = portfolio
        .replies(id)
        .iter()
        .map(|r| Message {
            author: Author::Candidate,
            text: &r.text,
            created: r.created,
            orphan: r.to.is_some_and(|t| !exists(t)),
        })
        .collect();
    let mut thread: Vec<Message> = comments.into_iter().chain(replies).collect();
    thread.sort_by_key(|m| (m.orphan, m.created));
    thread
}

/// Every reply of the candidate this tutor has not read, all items.
pub fn unread_replies_total(portfolio: &Portfolio, review: &Review) -> usize {
    portfolio
        .replies
        .keys()
        .map(|id| unread_replies(portfolio, review, id))
        .sum()
}

/// The candidate's replies on `id` this tutor has not read.
pub fn unread_replies(portfolio: &Portfolio, review: &Review, id: &str) -> usize {
    let seen = review.seen.get(id).copied();
    portfolio
        .replies(id)
        .iter()
        .filter(|r| seen.is_none_or(|s| r.created > s))
        .count()
}

/// What the other side's new reviews bring, for the status line: « 2
/// nouveaux commentaires de marie », « 1 nouvel avis de marie ». `me`: a
/// tutor's own review, not news to them.
pub fn review_news(old: &[Review], new: &[Review], me: Option<&str>) -> Option<String> {
    use std::collections::HashSet;
    let mut parts = Vec::new();
    for review in new.iter().filter(|r| Some(r.tutor.as_str()) != me) {
        let before = old.iter().find(|r| r.tutor == review.tutor);
        // What was there already, hashed once: linear, not quadratic.
        let known_comments: HashSet<(&str, Timestamp)> = before
            .iter()
            .flat_map(|b| b.items.iter())
            .flat_map(|(id, item)| item.comments.iter().map(move |c| (id.as_str(), c.created)))
            .collect();
        let known_verdicts: HashSet<(&str, Timestamp)> = before
            .iter()
            .flat_map(|b| b.history.iter().map(|c| (c.id.as_str(), c.at)))
            .collect();
        let comments = review
            .items
            .iter()
            .flat_map(|(id, item)| item.comments.iter().map(move |c| (id.as_str(), c.created)))
            .filter(|key| !known_comments.contains(key))
            .count();
        let verdicts = review
            .history
            .iter()
            .filter(|c| !known_verdicts.contains(&(c.id.as_str(), c.at)))
            .count();
        let tutor = &review.tutor;
        match (comments, verdicts) {
            (0, 0) => {}
            (1, 0) => parts.push(format!("1 nouveau commentaire de {tutor}")),
            (n, 0) => parts.push(format!("{n} nouveaux commentaires de {tutor}")),
            (0, 1) => parts.push(format!("1 nouvel avis de {tutor}")),
            (0, n) => parts.push(format!("{n} nouveaux avis de {tutor}")),
            (c, v) => parts.push(format!("{tutor} : {c} commentaire(s) et {v} avis nouveaux")),
        }
    }
    (!parts.is_empty()).then(|| format!("{}.", parts.join(" ; ")))
}

/// What the candidate's new portfolio brings a tutor: requests, replies.
pub fn portfolio_news(old: &Portfolio, new: &Portfolio) -> Option<String> {
    let mut parts = Vec::new();
    for request in new.requests.iter().filter(|r| r.is_open()) {
        if !old.requests.iter().any(|o| o.created == request.created) {
            parts.push(format!(
                "nouvelle demande de relecture : {}",
                request.part()
            ));
        }
    }
    let replies = new
        .replies
        .iter()
        .flat_map(|(id, replies)| replies.iter().map(move |r| (id, r)))
        .filter(|(id, r)| !old.replies(id).contains(r))
        .count();
    match replies {
        0 => {}
        1 => parts.push("1 nouvelle réponse du candidat".to_string()),
        n => parts.push(format!("{n} nouvelles réponses du candidat")),
    }
    let text = parts.join(" ; ");
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(format!("{}{}.", first.to_uppercase(), chars.as_str()))
}

/// One event of a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub time: Timestamp,
    /// « candidat », or the tutor's name.
    pub author: String,
    pub kind: Kind,
    /// The critère, compétence or bloc; none: the whole dossier.
    pub node: Option<String>,
    /// What changed, for people: « à faire → en cours », a note's title.
    pub what: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    NoteCreated,
    NoteEdited,
    Status,
    Requested,
    Withdrawn,
    Opened,
    Verdict,
    Comment,
    Reply,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::NoteCreated => "note écrite",
            Kind::NoteEdited => "note modifiée",
            Kind::Status => "statut",
            Kind::Requested => "relecture demandée",
            Kind::Withdrawn => "demande retirée",
            Kind::Opened => "relecture ouverte",
            Kind::Verdict => "avis",
            Kind::Comment => "commentaire",
            Kind::Reply => "réponse",
        }
    }
}

fn verdict_label(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("sans avis", Verdict::label)
}

/// The changes of one item (statuses, verdicts, requests on it), oldest
/// first: what is shown under it. Looks at that item only.
pub fn item_log(portfolio: &Portfolio, reviews: &[Review], id: &str) -> Vec<Event> {
    let mut events: Vec<Event> = portfolio
        .history
        .iter()
        .filter(|c| c.id == id)
        .map(|c| Event {
            time: c.at,
            author: "candidat".to_string(),
            kind: Kind::Status,
            node: Some(id.to_string()),
            what: format!("{} → {}", c.from.label(), c.to.label()),
        })
        .collect();
    for request in portfolio
        .requests
        .iter()
        .filter(|r| r.node.as_deref() == Some(id))
    {
        let event = |time, kind| Event {
            time,
            author: "candidat".to_string(),
            kind,
            node: Some(id.to_string()),
            what: request.message.clone(),
        };
        events.push(event(request.created, Kind::Requested));
        if let Some(at) = request.withdrawn {
            events.push(event(at, Kind::Withdrawn));
        }
    }
    for review in reviews {
        events.extend(review.history.iter().filter(|c| c.id == id).map(|c| Event {
            time: c.at,
            author: review.tutor.clone(),
            kind: Kind::Verdict,
            node: Some(id.to_string()),
            what: format!("{} → {}", verdict_label(c.from), verdict_label(c.to)),
        }));
    }
    events.sort_by(|a, b| a.time.cmp(&b.time).then(a.author.cmp(&b.author)));
    events
}

/// Every dated event of a dossier, both sides, oldest first.
pub fn log(portfolio: &Portfolio, reviews: &[Review]) -> Vec<Event> {
    let mut events = Vec::new();
    let candidate = |time, kind, node: Option<&str>, what: String| Event {
        time,
        author: "candidat".to_string(),
        kind,
        node: node.map(str::to_string),
        what,
    };
    for (id, work) in &portfolio.criteres {
        for note in work.notes.iter().filter(|n| !n.draft) {
            let title = note.title().to_string();
            events.push(candidate(
                note.created,
                Kind::NoteCreated,
                Some(id),
                title.clone(),
            ));
            if note.updated > note.created {
                events.push(candidate(note.updated, Kind::NoteEdited, Some(id), title));
            }
        }
    }
    for change in &portfolio.history {
        let what = format!("{} → {}", change.from.label(), change.to.label());
        events.push(candidate(change.at, Kind::Status, Some(&change.id), what));
    }
    for request in &portfolio.requests {
        let node = request.node.as_deref();
        events.push(candidate(
            request.created,
            Kind::Requested,
            node,
            request.message.clone(),
        ));
        if let Some(at) = request.withdrawn {
            events.push(candidate(at, Kind::Withdrawn, node, String::new()));
        }
    }
    for (id, replies) in &portfolio.replies {
        for reply in replies {
            events.push(candidate(
                reply.created,
                Kind::Reply,
                Some(id),
                reply.text.clone(),
            ));
        }
    }
    for review in reviews {
        let tutor = |time, kind, node: Option<&str>, what: String| Event {
            time,
            author: review.tutor.clone(),
            kind,
            node: node.map(str::to_string),
            what,
        };
        for change in &review.history {
            let what = format!(
                "{} → {}",
                verdict_label(change.from),
                verdict_label(change.to)
            );
            events.push(tutor(change.at, Kind::Verdict, Some(&change.id), what));
        }
        for (id, item) in &review.items {
            for comment in &item.comments {
                events.push(tutor(
                    comment.created,
                    Kind::Comment,
                    Some(id),
                    comment.text.clone(),
                ));
            }
        }
        for (request, at) in &review.opened {
            let node = portfolio
                .requests
                .iter()
                .find(|r| r.created == *request)
                .and_then(|r| r.node.as_deref());
            events.push(tutor(*at, Kind::Opened, node, String::new()));
        }
    }
    events.sort_by(|a, b| a.time.cmp(&b.time).then(a.author.cmp(&b.author)));
    events
}

#[cfg(test)]
mod tests;
