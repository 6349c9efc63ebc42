//! What a pop-up answers when it has handled a key: the effects to carry
//! out, and what comes next for it (stay, close, ask a question over it…).
//! A pop-up never opens a screen: it says so here, and `App` does it.

use crate::search::Target;
use crate::tui::effect::Effect;

/// A yes/no question, asked over the pop-up or screen that needs it; only a
/// yes comes back (as `Then::Answered`), a no just closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    DeleteNote {
        critere: String,
        index: usize,
        title: String,
    },
    /// The fiche's référentiel was imported before: replace it?
    ReplaceReferentiel {
        numero: String,
    },
    /// `s` past prêt on a unit with notes: back to à faire?
    ResetStatus {
        critere: String,
        notes: usize,
    },
    /// Esc in a note editor with changes.
    DiscardNote,
    /// Esc in a comment, reply or request being written.
    DiscardMessage,
    /// Esc in an experience, piece or identity form with changes.
    DiscardExperience,
    DeleteExperience(Deletion),
    DeletePiece(Deletion),
    /// `q` while the last save failed.
    QuitUnsaved,
    /// An export would replace these files (the names): replace them?
    ReplaceExport(crate::export::Request, Vec<String>),
    /// A review request is open on this part (none: the whole dossier):
    /// take it back?
    WithdrawRequest(Option<String>),
    /// Recovery copies of this certification (from a session that could
    /// not save) were found: take them back?
    TakeRecovery(Vec<std::path::PathBuf>),
}

/// An experience or a piece about to be deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub id: String,
    pub title: String,
    /// Notes that link to it (cite it, for a piece).
    pub notes: usize,
}

impl Deletion {
    pub fn question(&self) -> String {
        let links = match self.notes {
            0 => "Aucune note n’y est liée.".to_string(),
            1 => "1 note y est liée : le lien sera retiré, la note gardée.".to_string(),
            n => format!("{n} notes y sont liées : les liens seront retirés, les notes gardées."),
        };
        format!(
            "Supprimer l’expérience « {} » ? {links} (u l’annule ensuite, jusqu’à la fermeture de livret.)",
            self.title
        )
    }

    fn piece_question(&self) -> String {
        let citations = match self.notes {
            0 => "Aucune note ne la cite.".to_string(),
            1 => "1 note la cite : la citation sera retirée, la note gardée.".to_string(),
            n => format!("{n} notes la citent : les citations seront retirées, les notes gardées."),
        };
        format!(
            "Supprimer la pièce « {} » ? {citations} (u l’annule ensuite, jusqu’à la fermeture de livret.)",
            self.title
        )
    }
}

impl Question {
    /// The question as asked.
    pub fn text(&self) -> String {
        match self {
            Question::DeleteNote { title, .. } => format!("Supprimer la note « {title} » ?"),
            Question::ReplaceReferentiel { numero } => format!(
                "{} est déjà importée. La remplacer par cette version ? L’ancienne est \
                 sauvegardée, vos notes sont gardées.",
                crate::fiche::printable(numero)
            ),
            Question::ResetStatus { critere, notes } => format!(
                "Repasser {critere} de « prêt » à « à faire » ? {} gardée{} ; \
                 u l’annule ensuite.",
                crate::text::count(*notes, "note", "notes"),
                if *notes > 1 { "s" } else { "" }
            ),
            Question::ReplaceExport(_, names) => format!(
                "{} existe{} déjà dans exports/ : {} ?",
                crate::text::list_fr(names),
                if names.len() > 1 { "nt" } else { "" },
                if names.len() > 1 {
                    "les remplacer"
                } else {
                    "le remplacer"
                }
            ),
            Question::DiscardNote => "Abandonner les modifications de cette note ?".to_string(),
            Question::DiscardMessage => "Abandonner ce message ?".to_string(),
            Question::WithdrawRequest(node) => format!(
                "Une demande de relecture est en cours sur {} : la retirer ?",
                node.as_deref().unwrap_or("tout le dossier")
            ),
            Question::QuitUnsaved => "Vos dernières modifications n’ont pas pu être enregistrées. \
                Quitter quand même ? Elles seront copiées ailleurs (le chemin sera affiché) et \
                proposées au prochain démarrage."
                .to_string(),
            Question::TakeRecovery(paths) => format!(
                "Une copie de secours de modifications qui n’avaient pas pu être enregistrées \
                 existe. La reprendre ? Ses notes s’ajoutent aux vôtres, rien n’est écrasé ; \
                 sinon elle reste dans {}{}.",
                paths
                    .last()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                match paths.len() {
                    1 => String::new(),
                    n => format!(" (et {} autres)", n - 1),
                }
            ),
            Question::DiscardExperience => {
                "Abandonner les modifications de cette fiche ?".to_string()
            }
            Question::DeleteExperience(deletion) => deletion.question(),
            Question::DeletePiece(deletion) => deletion.piece_question(),
        }
    }
}

/// What comes next for the pop-up that answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// It stays open.
    Stay,
    /// It closes.
    Close,
    /// It stays, with this question over it.
    Ask(Question),
    /// The note editor stays, with the experience picker over it.
    Links,
    /// Every pop-up closes; the main screen shows this.
    Jump(Target),
    /// It closes; this certification opens on the main screen.
    Open(usize),
    /// The question was answered yes: for the pop-up or screen below.
    Answered(Question),
}

/// A pop-up's answer to a key.
#[derive(Debug)]
pub struct Reply {
    pub effects: Vec<Effect>,
    pub then: Then,
    /// An item for the screen below to select (the note just added, the
    /// experience just kept).
    pub select: Option<usize>,
}

impl Reply {
    pub fn new(then: Then) -> Self {
        Reply {
            effects: Vec::new(),
            then,
            select: None,
        }
    }

    pub fn stay() -> Self {
        Reply::new(Then::Stay)
    }

    pub fn close() -> Self {
        Reply::new(Then::Close)
    }

    pub fn with(mut self, effects: Vec<Effect>) -> Self {
        self.effects = effects;
        self
    }

    pub fn selecting(mut self, select: Option<usize>) -> Self {
        self.select = select;
        self
    }
}
