//! Looking up, for each unit the export shows, the référentiel's texts, the
//! candidate's work and the tutors' word: which units are shown (all in
//! the follow-up; in the jury's dossier only those with evidence), and what
//! of the reviews goes in.

use std::borrow::Cow;

use super::{
    Comment, Competence, Critere, Evaluation, Evidence, Group, Named, Note, Said, Status,
    evaluation_name, level_label, note_dates,
};
use crate::export::context::{ExportContext, Options};
use crate::portfolio::Portfolio;
use crate::referentiel::{self as r, Certification};
use crate::review;

/// What each unit shown is looked up in.
pub(super) struct Lookup<'a, 'o> {
    pub(super) certification: &'a Certification,
    pub(super) portfolio: &'a Portfolio,
    pub(super) context: &'a ExportContext,
    pub(super) options: &'o Options,
}

impl<'a> Lookup<'a, '_> {
    /// Whether a unit is detailed: in the follow-up all are (with
    /// `only_ready`, those prêt); in the jury's dossier only those with
    /// evidence (and prêt, with `only_ready`).
    fn shown(&self, id: &str) -> bool {
        let ready = !self.options.only_ready || self.portfolio.status(id) == Status::Ready;
        let evidence = self.options.suivi || self.portfolio.notes(id).iter().any(|n| !n.draft);
        ready && evidence
    }

    /// Whether a compétence or an activité left with nothing to show is
    /// dropped: always in the jury's dossier, with `only_ready` in the
    /// follow-up.
    fn drops_empty(&self) -> bool {
        self.options.only_ready || !self.options.suivi
    }

    /// The bloc's activités and direct compétences with the critères to
    /// show; with `only_ready`, compétences and activités left empty are
    /// dropped.
    pub(super) fn groups(&self, bloc: &'a r::Bloc) -> Vec<Group<'a>> {
        let competences = |list: &'a [r::Competence]| -> Vec<Competence<'a>> {
            list.iter()
                .filter_map(|competence| self.competence(bloc, competence))
                .collect()
        };
        bloc.activites
            .iter()
            .map(|activite| Group {
                activite: Some(Named {
                    id: &activite.id,
                    title: &activite.title,
                }),
                competences: competences(&activite.competences),
            })
            .chain(std::iter::once(Group {
                activite: None,
                competences: competences(&bloc.competences),
            }))
            .filter(|g| !g.competences.is_empty())
            .collect()
    }

    /// A compétence with what is shown of it; `None` when `only_ready`
    /// leaves nothing of it.
    fn competence(
        &self,
        bloc: &'a r::Bloc,
        competence: &'a r::Competence,
    ) -> Option<Competence<'a>> {
        let criteres: Vec<Critere> = competence
            .criteres
            .iter()
            .filter(|c| self.shown(&c.id))
            .map(|c| self.critere(c))
            .collect();
        let own_evidence = competence.is_leaf() && self.shown(&competence.id);
        if self.drops_empty() && criteres.is_empty() && !own_evidence {
            return None;
        }
        Some(Competence {
            id: &competence.id,
            title: &competence.title,
            conditions: &competence.conditions,
            results: &competence.results,
            evaluated_by: bloc
                .evaluations_of(&competence.id)
                .map(evaluation_name)
                .collect(),
            evidence: own_evidence.then(|| self.evidence(&competence.id)),
            said: self.said(&competence.id),
            // The jury reads what the candidate declared, not an estimate.
            positioning: {
                let stance = crate::coach::positioning::stance(bloc, competence, self.portfolio);
                if stance.set || self.options.suivi {
                    stance.label()
                } else {
                    String::new()
                }
            },
            criteres,
        })
    }

    /// The evaluations of the bloc that carry critères, with those to show.
    pub(super) fn evaluations(&self, bloc: &'a r::Bloc) -> Vec<Evaluation<'a>> {
        bloc.modalites
            .iter()
            .filter(|m| !m.criteres.is_empty())
            .map(|modalite| Evaluation {
                name: evaluation_name(modalite),
                covers: &modalite.covers,
                criteres: modalite
                    .criteres
                    .iter()
                    .filter(|c| self.shown(&c.id))
                    .map(|c| self.critere(c))
                    .collect(),
            })
            .filter(|e| !e.criteres.is_empty())
            .collect()
    }

    fn critere(&self, critere: &'a r::Critere) -> Critere<'a> {
        Critere {
            id: &critere.id,
            group: critere.group.as_deref(),
            text: &critere.text,
            evidence: self.evidence(&critere.id),
            said: self.said(&critere.id),
        }
    }

    /// The tutors' verdicts and (with `--with-reviews`) comments on `id`,
    /// in the follow-up only. A review not verified as its tutor's (see
    /// `store::signing`) gives no verdict; its comments are marked.
    fn said(&self, id: &str) -> Said<'a> {
        // Never in the jury's dossier; the comments only when asked for.
        if !self.options.suivi {
            return Said {
                verdicts: Vec::new(),
                comments: Vec::new(),
            };
        }
        let comments = if self.options.with_reviews {
            review::comments(&self.context.reviews, id)
        } else {
            Vec::new()
        };
        Said {
            verdicts: review::verdicts(&self.context.reviews, id).collect(),
            comments: comments
                .into_iter()
                .map(|comment| Comment {
                    author: self.author(&comment.author),
                    date: self.context.short_date(comment.created),
                    text: &comment.text,
                })
                .collect(),
        }
    }

    /// A tutor as named on their comments: marked when their review is
    /// not verified as theirs.
    fn author(&self, tutor: &'a str) -> Cow<'a, str> {
        let reviews = &self.context.reviews;
        if reviews.iter().any(|r| r.tutor == tutor && !r.is_verified()) {
            Cow::Owned(review::shown_tutor(reviews, tutor))
        } else {
            Cow::Borrowed(tutor)
        }
    }

    /// The status, self-assessment and notes of a unit of evidence.
    fn evidence(&self, id: &str) -> Evidence<'a> {
        let portfolio = self.portfolio;
        Evidence {
            status: portfolio.status(id),
            level: level_label(
                portfolio.critere(id).and_then(|w| w.level),
                self.certification,
            ),
            // A draft is not evidence: never in a dossier.
            notes: portfolio
                .notes(id)
                .iter()
                .filter(|note| !note.draft)
                .map(|note| Note {
                    title: note.title(),
                    body: note.body().collect::<Vec<_>>().join("\n"),
                    experiences: note
                        .experiences
                        .iter()
                        .filter_map(|id| portfolio.experience(id))
                        .map(|e| e.title.as_str())
                        .collect(),
                    pieces: portfolio.piece_labels(&note.pieces),
                    cites: &note.pieces,
                    dates: note_dates(note, self.context),
                })
                .collect(),
        }
    }
}
