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
    let Some(node) = node else {
        return certification.units().map(|u| u.id.to_string()).collect();
    };
    for bloc in &certification.blocs {
        if bloc.id == node {
            return bloc.units().map(|u| u.id.to_string()).collect();
        }
        if let Some(modalite) = bloc
            .modalites
            .iter()
            .find(|m| m.id.as_deref() == Some(node))
        {
            return modalite.units().map(|u| u.id.to_string()).collect();
        }
        if let Some(competence) = bloc.competences().find(|c| c.id == node) {
            return bloc
                .units_of(competence)
                .map(|u| u.id.to_string())
                .collect();
        }
    }
    certification
        .units()
        .filter(|u| u.id == node)
        .map(|u| u.id.to_string())
        .collect()
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
    pub fn label(self) -> &'static str {
        match self {
            State::Requested => "demandée",
            State::InReview => "en relecture",
            State::Returned => "rendue",
            State::Withdrawn => "retirée",
        }
    }
}

/// Whether `review` answered `unit` since `since`: a verdict given or
/// changed, or a comment.
pub fn answered(review: &Review, unit: &str, since: Timestamp) -> bool {
    review.history.iter().any(|c| c.id == unit && c.at >= since)
        || review.comments(unit).iter().any(|c| c.created >= since)
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
    let units = units_under(certification, request.node.as_deref());
    let returned = reviews.iter().find(|review| {
        !units.is_empty()
            && units
                .iter()
                .all(|unit| answered(review, unit, request.created))
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
    units_under(certification, request.node.as_deref())
        .into_iter()
        .filter(|unit| !answered(review, unit, request.created))
        .collect()
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

/// The candidate's replies on `id` this tutor has not read.
pub fn unread_replies(portfolio: &Portfolio, review: &Review, id: &str) -> usize {
    let seen = review.seen.get(id).copied();
    portfolio
        .replies(id)
        .iter()
        .filter(|r| seen.is_none_or(|s| r.created > s))
        .count()
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
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../tests/valid_referentiels/exemple-minimal.ron");

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    fn certification() -> Certification {
        crate::referentiel::parse(EXAMPLE, None).unwrap()
    }

    #[test]
    fn a_request_goes_from_asked_to_in_review_to_returned() {
        let certification = certification();
        let units = units_under(&certification, Some("A1.C1"));
        assert!(!units.is_empty());
        let mut portfolio = Portfolio::new(&certification.id);
        portfolio.request_review(Some("A1.C1"), "Pouvez-vous relire ?", at(100));
        let request = portfolio.requests[0].clone();
        let mut marie = Review::new(&certification.id, "marie");
        assert_eq!(
            state(&request, &certification, std::slice::from_ref(&marie)),
            (State::Requested, None)
        );
        marie.opened.insert(request.created, at(200));
        let reviews = [marie.clone()];
        assert_eq!(
            state(&request, &certification, &reviews),
            (State::InReview, Some("marie"))
        );
        // A verdict from before the request does not answer it.
        let mut early = marie.clone();
        for unit in &units {
            early.cycle_verdict(unit, at(50));
        }
        assert_eq!(state(&request, &certification, &[early]).0, State::InReview);
        // Every unit answered since: a verdict on all but one, a comment on that one.
        let (last, rest) = units.split_last().unwrap();
        for unit in rest {
            marie.cycle_verdict(unit, at(300));
        }
        assert_eq!(
            unanswered(&request, &certification, &marie),
            [last.as_str()]
        );
        marie.add_comment(last, "À compléter", at(301));
        let reviews = [marie];
        assert_eq!(
            state(&request, &certification, &reviews),
            (State::Returned, Some("marie"))
        );
        portfolio.withdraw_request(Some("A1.C1"), at(400));
        assert_eq!(
            state(&portfolio.requests[0], &certification, &reviews).0,
            State::Withdrawn
        );
    }

    #[test]
    fn the_units_of_the_dossier_a_bloc_and_a_unit() {
        let certification = certification();
        let all = units_under(&certification, None);
        assert_eq!(all.len(), certification.units().count());
        let bloc = &certification.blocs[0];
        assert_eq!(
            units_under(&certification, Some(&bloc.id)).len(),
            bloc.units().count()
        );
        let unit = all[0].clone();
        assert_eq!(units_under(&certification, Some(&unit)), [unit]);
        assert!(units_under(&certification, Some("plus-là")).is_empty());
    }

    #[test]
    fn a_thread_is_in_time_order_and_a_reply_to_a_lost_comment_comes_last() {
        let mut portfolio = Portfolio::new("x");
        let mut marie = Review::new("x", "marie");
        marie.add_comment("CR1", "Précisez le chiffre", at(10));
        portfolio.reply("CR1", "Ajouté : 2 M€", Some(at(10)), at(20));
        marie.add_comment("CR1", "Merci, validé", at(30));
        portfolio.reply(
            "CR1",
            "Répondait à un commentaire supprimé",
            Some(at(5)),
            at(25),
        );
        let reviews = [marie.clone()];
        let thread = thread(&portfolio, &reviews, "CR1");
        let texts: Vec<(&str, bool)> = thread.iter().map(|m| (m.text, m.orphan)).collect();
        assert_eq!(
            texts,
            [
                ("Précisez le chiffre", false),
                ("Ajouté : 2 M€", false),
                ("Merci, validé", false),
                ("Répondait à un commentaire supprimé", true),
            ]
        );
        assert_eq!(thread[0].author, Author::Tutor("marie"));
        assert_eq!(thread[1].author, Author::Candidate);
        assert_eq!(unread_replies(&portfolio, &marie, "CR1"), 2);
        marie.seen.insert("CR1".into(), at(20));
        assert_eq!(unread_replies(&portfolio, &marie, "CR1"), 1);
    }

    #[test]
    fn the_log_has_both_sides_in_time_order() {
        let certification = certification();
        let unit = units_under(&certification, None)[0].clone();
        let mut portfolio = Portfolio::new(&certification.id);
        portfolio.add_note(&unit, "Ma preuve\ncorps", at(10));
        portfolio.update_note(&unit, 0, "Ma preuve, revue\ncorps", at(40));
        portfolio.cycle_status(&unit, at(20));
        portfolio.request_review(Some(&unit), "svp", at(30));
        let mut marie = Review::new(&certification.id, "marie");
        marie.cycle_verdict(&unit, at(50));
        marie.add_comment(&unit, "Précisez", at(60));
        let events = log(&portfolio, &[marie]);
        let kinds: Vec<(i64, Kind, &str)> = events
            .iter()
            .map(|e| (e.time.as_second(), e.kind, e.author.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (10, Kind::NoteCreated, "candidat"),
                (10, Kind::Status, "candidat"),
                (20, Kind::Status, "candidat"),
                (30, Kind::Requested, "candidat"),
                (40, Kind::NoteEdited, "candidat"),
                (50, Kind::Verdict, "marie"),
                (60, Kind::Comment, "marie"),
            ]
        );
        assert_eq!(events[1].what, "à faire → en cours");
        assert_eq!(events[2].what, "en cours → prêt");
        assert_eq!(events[5].what, "sans avis → à retravailler");
    }
}
