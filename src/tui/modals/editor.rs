//! The note editor (or a tutor's comment): the text, its draft kept while
//! idle, and the experiences and pieces the note links to (Ctrl-L asks for
//! the picker).

use ratatui_textarea::{TextArea, WrapMode};

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::modals::link_picker::NoteLinks;
use crate::tui::reply::{Question, Reply, Then};
use crate::tui::session::{Ctx, Session};

/// The note editor popup.
#[derive(Debug)]
pub struct Editor {
    pub textarea: TextArea<'static>,
    pub critere: String,
    /// The note being edited; `None` for a new note.
    pub note: Option<usize>,
    original: String,
    /// The draft note that keeps this text while the editor is open.
    pub draft: Option<usize>,
    /// The text last kept as a draft, to write a draft only when it changed.
    drafted: String,
    /// A tutor's comment on `critere` (a critère or compétence id), not a note.
    pub comment: bool,
    /// The experiences the note links to, and the picker that changes them.
    pub links: NoteLinks,
    /// A review request's message, not a note: on what.
    pub request: Option<RequestTarget>,
    /// The candidate's reply to the tutors' comments on `critere`.
    pub reply: bool,
    /// The writing prompts of the note's item: shown beside an empty note,
    /// inserted as a frame with Ctrl-T.
    pub prompts: Vec<String>,
    /// The date the dossier is due, not a note: one line, Enter keeps it.
    pub due: bool,
}

/// What a review request is about: the part selected when it was asked
/// (none when nothing askable was), or the whole dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTarget {
    pub node: Option<String>,
    pub whole: bool,
}

impl RequestTarget {
    /// The part asked for; none: the whole dossier.
    pub fn scope(&self) -> Option<&str> {
        if self.whole {
            None
        } else {
            self.node.as_deref()
        }
    }
}

impl Editor {
    pub fn new(critere: &str, note: Option<usize>, text: &str, draft: Option<usize>) -> Self {
        let mut textarea = text_area(text);
        if note.is_some() || draft.is_some() {
            textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
            textarea.move_cursor(ratatui_textarea::CursorMove::End);
        }
        Editor {
            textarea,
            critere: critere.to_string(),
            note,
            original: text.to_string(),
            draft,
            drafted: text.to_string(),
            comment: false,
            links: NoteLinks::default(),
            request: None,
            reply: false,
            prompts: Vec::new(),
            due: false,
        }
    }

    /// The editor of the date the dossier is due, on `current` if set.
    pub fn due_date(current: Option<jiff::civil::Date>) -> Self {
        let text = current.map(|d| d.to_string()).unwrap_or_default();
        let mut editor = Editor::new("", None, &text, None);
        editor
            .textarea
            .move_cursor(ratatui_textarea::CursorMove::End);
        editor
            .textarea
            .set_placeholder_text("AAAA-MM-JJ, par exemple 2027-06-15");
        editor.due = true;
        editor
    }

    /// Inserts the writing frame, or takes its headings out again: what
    /// the candidate wrote stays.
    fn toggle_frame(&mut self) {
        let before = self.text();
        let prompts: Vec<&str> = self.prompts.iter().map(String::as_str).collect();
        let after = crate::coach::frame::toggle(&before, &prompts);
        let row = if crate::coach::frame::has_frame(&after) {
            crate::coach::frame::cursor_after_insert(&before, &after)
        } else {
            after.lines().count().saturating_sub(1)
        };
        let placeholder = self.textarea.placeholder_text().to_string();
        self.textarea = text_area(&after);
        self.textarea.set_placeholder_text(placeholder);
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        self.textarea
            .move_cursor(ratatui_textarea::CursorMove::Jump(row, 0));
        self.textarea.move_cursor(ratatui_textarea::CursorMove::End);
    }

    /// An empty editor for the candidate's reply on a critère or compétence.
    pub fn reply(id: &str) -> Self {
        let mut editor = Editor::new(id, None, "", None);
        editor
            .textarea
            .set_placeholder_text("Votre réponse aux commentaires du tuteur…");
        editor.reply = true;
        editor
    }

    /// Short texts that are not notes: no draft, no links.
    pub fn message(&self) -> bool {
        self.comment || self.reply || self.request.is_some() || self.due
    }

    /// An empty editor for the message of a review request on `node`
    /// (none: the whole dossier).
    pub fn request(node: Option<&str>) -> Self {
        let mut editor = Editor::new("", None, "", None);
        editor
            .textarea
            .set_placeholder_text("Un mot pour votre tuteur (facultatif)…");
        editor.request = Some(RequestTarget {
            node: node.map(str::to_string),
            whole: node.is_none(),
        });
        editor
    }

    /// An empty editor for a tutor's comment on a critère or compétence.
    pub fn comment(id: &str) -> Self {
        let mut editor = Editor::new(id, None, "", None);
        editor
            .textarea
            .set_placeholder_text("Votre commentaire pour le candidat…");
        editor.comment = true;
        editor
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    pub fn is_modified(&self) -> bool {
        self.text() != self.original || self.links.is_modified()
    }
}

impl Editor {
    /// The writing prompts of the item, and the links of the note (or
    /// draft) the editor was opened on.
    pub fn load(&mut self, session: &Session) {
        self.prompts = session
            .prompts(&self.critere)
            .into_iter()
            .map(str::to_string)
            .collect();
        let Some(index) = self.note.or(self.draft) else {
            return;
        };
        let (ids, pieces) = session
            .open()
            .and_then(|(_, p)| p.notes(&self.critere).get(index))
            .map(|n| (n.experiences.clone(), n.pieces.clone()))
            .unwrap_or_default();
        self.links = NoteLinks::new(ids, pieces);
    }

    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Reply {
        match action {
            // A comment or a request is short: no draft.
            Action::SaveDraft if self.message() => Reply::stay(),
            Action::SaveNote if self.due => self.keep_due(ctx),
            Action::Type(key)
                if self.due && key.code == ratatui::crossterm::event::KeyCode::Enter =>
            {
                self.keep_due(ctx)
            }
            Action::ToggleFrame if !self.message() => {
                self.toggle_frame();
                Reply::stay()
            }
            Action::SaveNote if self.request.is_some() => self.keep_request(ctx),
            Action::SaveNote if self.reply => self.keep_reply(ctx),
            Action::RequestScope => {
                match &mut self.request {
                    Some(target) if target.node.is_some() => target.whole = !target.whole,
                    Some(_) => {}
                    // Elsewhere Ctrl-D is the text area's: delete forward.
                    None => {
                        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
                        let key = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
                        self.textarea.input(key);
                    }
                }
                Reply::stay()
            }
            Action::SaveDraft => Reply::stay().with(self.keep_draft(ctx)),
            Action::SaveNote if self.comment => self.keep_comment(ctx),
            Action::SaveNote => {
                let text = self.text();
                let kept = ctx.session.keep_note(
                    &self.critere,
                    self.note,
                    self.draft,
                    &text,
                    Some((&self.links.ids, &self.links.pieces)),
                    ctx.now,
                );
                let Some(kept) = kept else {
                    return Reply::close();
                };
                ctx.say(kept.message);
                let effects = if kept.changed {
                    vec![Effect::Changed]
                } else {
                    Vec::new()
                };
                Reply::close().with(effects).selecting(kept.selected)
            }
            Action::LinkExperiences if !self.message() => Reply::new(Then::Links),
            Action::Back if self.is_modified() && self.message() => {
                Reply::new(Then::Ask(Question::DiscardMessage))
            }
            Action::Back if self.is_modified() => Reply::new(Then::Ask(Question::DiscardNote)),
            Action::Back => Reply::close(),
            Action::Type(key) => {
                self.textarea.input(key);
                Reply::stay()
            }
            _ => Reply::stay(),
        }
    }

    /// « Abandonner les modifications ? » answered yes: a draft kept while
    /// typing goes too.
    pub fn answer(&mut self, ctx: &mut Ctx, question: &Question) -> Reply {
        if let Question::WithdrawRequest(node) = question {
            return Reply::close().with(withdraw(ctx, node.as_deref()));
        }
        if *question == Question::DiscardMessage {
            return Reply::close();
        }
        if *question != Question::DiscardNote {
            return Reply::stay();
        }
        ctx.say("Modifications abandonnées.");
        let Some(draft) = self.draft else {
            return Reply::close();
        };
        let now = ctx.now;
        if let Some(portfolio) = ctx.session.open_mut() {
            portfolio.put_draft(&self.critere, Some(draft), "", now);
        }
        ctx.session.notes_changed(&self.critere);
        Reply::close().with(vec![Effect::Changed])
    }

    /// Keeps the text as a draft note if it changed since the last time
    /// (idle autosave, hang-up): a crash then loses seconds, not a note.
    fn keep_draft(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let text = self.text();
        if text == self.drafted || (self.draft.is_none() && !self.is_modified()) {
            return Vec::new();
        }
        let now = ctx.now;
        let Some(portfolio) = ctx.session.open_mut() else {
            return Vec::new();
        };
        self.draft = portfolio.put_draft(&self.critere, self.draft, &text, now);
        if let Some(draft) = self.draft {
            portfolio.set_links(&self.critere, draft, &self.links.ids, now);
            portfolio.cite_pieces(&self.critere, draft, &self.links.pieces, now);
        }
        self.drafted = text;
        ctx.session.notes_changed(&self.critere);
        vec![Effect::Changed]
    }

    /// A review request with this message, into the candidate's portfolio;
    /// if one is already open on that part, whether to take it back.
    fn keep_request(&self, ctx: &mut Ctx) -> Reply {
        let Some(target) = &self.request else {
            return Reply::close();
        };
        let scope = target.scope();
        let (now, text) = (ctx.now, self.text());
        // A request a tutor returned does not stop a new one on that part.
        let returned = ctx.session.open().and_then(|(c, p)| {
            let open = p.open_request(scope)?;
            Some(crate::cycle::state(open, c, &ctx.session.reviews).0)
        }) == Some(crate::cycle::State::Returned);
        let Some(portfolio) = ctx.session.open_mut() else {
            return Reply::close();
        };
        if portfolio.request_review(scope, &text, now, |_| returned) {
            ctx.session.touch();
            ctx.say(format!(
                "Relecture demandée : {}.",
                scope.unwrap_or("tout le dossier")
            ));
            Reply::close().with(vec![Effect::Changed])
        } else {
            Reply::new(Then::Ask(Question::WithdrawRequest(
                scope.map(str::to_string),
            )))
        }
    }

    /// The date the dossier is due: kept if it reads and is to come (the
    /// editor stays open on the message otherwise); blank clears it.
    fn keep_due(&self, ctx: &mut Ctx) -> Reply {
        let text = self.text();
        let due = if text.trim().is_empty() {
            None
        } else {
            match crate::coach::pace::parse_due(&text, ctx.today) {
                Ok(date) => Some(date),
                Err(message) => {
                    ctx.say(message);
                    return Reply::stay();
                }
            }
        };
        let Some(portfolio) = ctx.session.open_mut() else {
            return Reply::close();
        };
        if !portfolio.set_due(due) {
            return Reply::close();
        }
        ctx.say(match due {
            Some(date) => format!(
                "Dossier attendu le {}.",
                crate::coach::pace::french_date(date)
            ),
            None => "Date du dossier retirée.".to_string(),
        });
        Reply::close().with(vec![Effect::Changed])
    }

    /// The candidate's reply, into their portfolio, answering the newest
    /// comment on the item.
    fn keep_reply(&self, ctx: &mut Ctx) -> Reply {
        let (now, text) = (ctx.now, self.text());
        let to = crate::review::latest_comment(&ctx.session.reviews, &self.critere);
        let Some(portfolio) = ctx.session.open_mut() else {
            return Reply::close();
        };
        if portfolio.reply(&self.critere, &text, to, now) {
            ctx.session.touch();
            ctx.say("Réponse envoyée à vos tuteurs.");
            Reply::close().with(vec![Effect::Changed])
        } else {
            ctx.say("Réponse vide : rien n’a été envoyé.");
            Reply::close()
        }
    }

    /// A tutor's comment, into this tutor's review.
    fn keep_comment(&self, ctx: &mut Ctx) -> Reply {
        let now = ctx.now;
        let text = self.text();
        let Some(review) = ctx.session.own_review_mut() else {
            return Reply::close();
        };
        if review.add_comment(&self.critere, &text, now) {
            ctx.say("Commentaire ajouté.");
            Reply::close().with(vec![Effect::ReviewChanged])
        } else {
            ctx.say("Commentaire vide : rien n’a été ajouté.");
            Reply::close()
        }
    }
}

/// A text area with the editor's settings, holding `text`.
fn text_area(text: &str) -> TextArea<'static> {
    // Every line, the last empty one too (the line the frame leaves to
    // write on after its last heading): `lines()` would drop it.
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    let mut textarea = TextArea::new(lines);
    textarea.set_wrap_mode(WrapMode::WordOrGlyph);
    textarea.set_placeholder_text("Titre de la note (première ligne), puis le texte…");
    // Selected text is reversed rather than coloured: it shows in every theme, mono included.
    textarea.set_selection_style(
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
    );
    textarea
}

/// Takes back the open request on `node` (none: the whole dossier).
pub fn withdraw(ctx: &mut Ctx, node: Option<&str>) -> Vec<Effect> {
    let now = ctx.now;
    let Some(portfolio) = ctx.session.open_mut() else {
        return Vec::new();
    };
    if !portfolio.withdraw_request(node, now) {
        return Vec::new();
    }
    ctx.session.touch();
    ctx.say(format!(
        "Demande de relecture retirée : {}.",
        node.unwrap_or("tout le dossier")
    ));
    vec![Effect::Changed]
}
