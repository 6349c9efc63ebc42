//! Every default key, one line per binding, grouped by context in the
//! order the help shows them: context, who may use it (a tutor writes no
//! notes, a candidate gives no verdict: the hint bar shows only what the
//! person at the keyboard may do), keys, action, hint (`None` keeps it out of
//! the hint bar) and the help's description. The user's overrides
//! (`keys` in `config.ron`) apply to this table; the help overlay and the
//! hint bar are built from it.

use ratatui::crossterm::event::KeyCode;

use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Context, Key, Keymap, Who};

/// A plain character key.
fn c(ch: char) -> Key {
    Key::plain(KeyCode::Char(ch))
}

/// A plain special key.
fn k(code: KeyCode) -> Key {
    Key::plain(code)
}

/// One binding of the table.
fn b(
    context: Context,
    who: Who,
    keys: &[Key],
    action: Action,
    hint: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        who,
        keys: keys.to_vec(),
        action,
        hint,
        help,
    }
}

impl Default for Keymap {
    #[rustfmt::skip]
    fn default() -> Self {
        use Action as A;
        use Context::*;
        use KeyCode::*;
        use Who::*;
        let bindings = vec![
        b(Picker, Anyone, &[c('j'), k(Down)], A::Down, None, "certification suivante"),
        b(Picker, Anyone, &[c('k'), k(Up)], A::Up, None, "certification précédente"),
        b(Picker, Anyone, &[c('g'), k(Home)], A::Top, None, "la première"),
        b(Picker, Anyone, &[c('G'), k(End)], A::Bottom, None, "la dernière ligne (importer une certification)"),
        b(Picker, Anyone, &[k(Enter), c('l')], A::Activate, Some("ouvrir"), "ouvrir la certification"),
        b(Picker, Anyone, &[c('I')], A::OpenImport, Some("importer"), "importer une certification du RNCP (export de France compétences)"),
        b(Picker, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Picker, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Picker, Anyone, &[c('T')], A::CycleTheme, None, "thème suivant (aperçu ; theme: dans config.ron pour le garder)"),
        b(Picker, Anyone, &[c('q'), k(Esc)], A::Quit, Some("quitter"), "quitter"),
        b(Picker, Anyone, &[c('S')], A::Sync, None, "synchroniser avec le centre maintenant (git : livret sync init ADRESSE)"),
        b(Picker, Anyone, &[c('i')], A::OpenFiche, None, "fiche complète de la certification sélectionnée"),

        b(Main, Anyone, &[c('j'), k(Down)], A::Down, None, "descendre (arbre) ou note suivante (détail)"),
        b(Main, Anyone, &[c('k'), k(Up)], A::Up, None, "monter (arbre) ou note précédente (détail)"),
        b(Main, Anyone, &[c('h'), k(Left)], A::Collapse, None, "replier, ou remonter au parent"),
        b(Main, Anyone, &[c('l'), k(Right)], A::Expand, None, "déplier ; sur un critère, aller au détail"),
        b(Main, Anyone, &[k(Enter)], A::Activate, None, "déplier/replier ; dans le détail, modifier la note"),
        b(Main, Anyone, &[k(Tab)], A::SwitchPane, None, "passer de l’arbre au détail et inversement"),
        b(Main, Anyone, &[c('g'), k(Home)], A::Top, None, "aller en haut"),
        b(Main, Anyone, &[c('G'), k(End)], A::Bottom, None, "aller en bas"),
        b(Main, Anyone, &[k(PageDown), Key::ctrl('d')], A::PageDown, None, "page suivante"),
        b(Main, Anyone, &[k(PageUp), Key::ctrl('u')], A::PageUp, None, "page précédente"),
        b(Main, Candidate, &[c('a')], A::AddNote, Some("note"), "ajouter une note de preuve au critère"),
        b(Main, Candidate, &[c('e')], A::EditNote, Some("modifier"), "modifier la note sélectionnée"),
        b(Main, Candidate, &[c('E')], A::EditNoteExternal, None, "modifier la note dans $VISUAL / $EDITOR"),
        b(Main, Candidate, &[c('d')], A::DeleteNote, None, "supprimer la note sélectionnée (avec confirmation)"),
        b(Main, Candidate, &[c('s')], A::CycleStatus, Some("statut"), "statut : à faire → en cours → prêt"),
        b(Main, Candidate, &[c('w')], A::WhatNext, Some("que faire ?"), "que faire maintenant : les prochaines choses à faire, les plus utiles d’abord"),
        b(Main, Candidate, &[c('1')], A::SetLevel(1), Some("à 4 : niveau"), "auto-évaluation 1 : notions (un référentiel peut nommer ses niveaux)"),
        b(Main, Candidate, &[c('2')], A::SetLevel(2), None, "auto-évaluation 2 : avec aide"),
        b(Main, Candidate, &[c('3')], A::SetLevel(3), None, "auto-évaluation 3 : autonome"),
        b(Main, Candidate, &[c('4')], A::SetLevel(4), None, "auto-évaluation 4 : expert"),
        b(Main, Candidate, &[c('0')], A::SetLevel(0), None, "effacer l’auto-évaluation"),
        b(Main, Candidate, &[c('t')], A::ToggleTarget, Some("viser"), "viser ou non le bloc optionnel sélectionné"),
        b(Main, Candidate, &[c('x')], A::Export, None, "exporter le dossier ou le suivi (Word, HTML, Markdown ; un bloc ou tous) dans exports/"),
        b(Main, Tutor, &[c('v')], A::CycleVerdict, Some("avis"), "tuteur : avis sur le critère ou la compétence (aucun → à retravailler → validé)"),
        b(Main, Tutor, &[c('V')], A::ConfirmVerdict, None, "tuteur : garder l’avis tel quel après un changement des preuves"),
        b(Main, Tutor, &[c('c')], A::AddComment, Some("commenter"), "tuteur : commenter le critère ou la compétence"),
        b(Main, Tutor, &[c('n')], A::NextRequested, Some("suivant"), "tuteur : élément suivant de la demande de relecture, encore sans réponse"),
        b(Main, Tutor, &[c('f')], A::ToggleFilter, None, "tuteur : ne montrer que les critères prêts sans avis (ou tout)"),
        b(Main, Anyone, &[c('S')], A::Sync, None, "synchroniser avec le centre maintenant (git : livret sync init ADRESSE)"),
        b(Main, Anyone, &[c('T')], A::CycleTheme, None, "thème suivant (aperçu ; theme: dans config.ron pour le garder)"),
        b(Main, Anyone, &[c('o')], A::OpenPicker, None, "changer de certification"),
        b(Main, Anyone, &[k(Esc)], A::Back, None, "revenir à l’arbre"),
        b(Main, Anyone, &[c('/')], A::Search, Some("chercher"), "chercher dans le référentiel et vos notes"),
        b(Main, Candidate, &[c('c')], A::AddComment, None, "répondre aux commentaires du tuteur sur l’élément"),
        b(Main, Candidate, &[c('R')], A::RequestReview, Some("relecture"), "demander une relecture de l’élément sélectionné (ou retirer la demande en cours)"),
        b(Main, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Main, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Main, Anyone, &[c('q')], A::Quit, Some("quitter"), "enregistrer et quitter"),
        b(Main, Anyone, &[c('X')], A::OpenExperiences, Some("expériences"), "vos expériences (emplois, missions) : décrire, modifier, supprimer"),
        b(Main, Anyone, &[c('J')], A::OpenPieces, None, "pièces justificatives : les documents joints au dossier, numérotés, et les notes qui les citent"),
        b(Main, Anyone, &[c('m')], A::OpenMatrix, Some("matrice"), "matrice critères × expériences : quelle expérience prouve quoi"),
        b(Main, Anyone, &[c('i')], A::OpenFiche, None, "fiche complète de la certification (tout le texte du référentiel)"),
        b(Main, Candidate, &[c('p')], A::OpenPace, Some("rythme"), "tableau de bord : date du dossier, ce qui reste, le rythme nécessaire et le vôtre"),
        b(Main, Candidate, &[c('P')], A::CyclePositioning, None, "positionnement France VAE de la compétence : oui → partiellement → non → estimé"),
        b(Main, Candidate, &[c('u')], A::Undo, None, "annuler la dernière modification : note, statut, niveau, liens, expérience…"),
        b(Main, Candidate, &[Key::ctrl('r')], A::Redo, None, "refaire ce qui vient d’être annulé"),
        b(Main, Candidate, &[c('M')], A::MoveNote, None, "déplacer la note sélectionnée vers un autre critère (notes « hors référentiel »)"),
        b(Main, Candidate, &[c('H')], A::DismissHint, None, "écarter le premier conseil d’écriture de la note sélectionnée"),

        b(Editor, Anyone, &[Key::ctrl('s')], A::SaveNote, Some("garder"), "garder la note et fermer"),
        b(Editor, Anyone, &[k(Esc)], A::Back, Some("fermer"), "fermer (demande si des modifications seraient perdues)"),
        b(Editor, Candidate, &[Key::ctrl('d')], A::RequestScope, None, "demande de relecture : l’élément sélectionné ou tout le dossier"),
        b(Editor, Anyone, &[Key::ctrl('l')], A::LinkExperiences, Some("liens"), "lier la note à des expériences, lui faire citer des pièces justificatives (liste filtrable)"),
        b(Editor, Candidate, &[Key::ctrl('t')], A::ToggleFrame, Some("trame"), "insérer la trame d’écriture (les questions du dossier), ou la retirer"),

        b(Confirm, Anyone, &[c('o'), c('y')], A::Confirm(true), Some("oui"), "répondre oui"),
        b(Confirm, Anyone, &[c('n'), k(Esc)], A::Confirm(false), Some("non"), "répondre non"),

        b(Search, Anyone, &[k(Down), Key::ctrl('n')], A::Down, Some("suivant"), "résultat suivant"),
        b(Search, Anyone, &[k(Up), Key::ctrl('p')], A::Up, None, "résultat précédent"),
        b(Search, Anyone, &[k(Enter)], A::Activate, Some("aller"), "aller au résultat (déplie l’arbre jusqu’à lui)"),
        b(Search, Anyone, &[k(Esc)], A::Back, Some("fermer"), "fermer et revenir où vous étiez"),

        b(Cohort, Anyone, &[c('j'), k(Down)], A::Down, None, "candidat suivant"),
        b(Cohort, Anyone, &[c('k'), k(Up)], A::Up, None, "candidat précédent"),
        b(Cohort, Anyone, &[c('g'), k(Home)], A::Top, None, "en haut"),
        b(Cohort, Anyone, &[c('G'), k(End)], A::Bottom, None, "en bas"),
        b(Cohort, Anyone, &[k(Enter), c('l')], A::Activate, Some("ouvrir"), "ouvrir le portfolio du candidat"),
        b(Cohort, Anyone, &[c('d')], A::ToggleQueue, Some("demandes"), "les demandes de relecture en attente, les plus anciennes d’abord (ou les candidats)"),
        b(Cohort, Anyone, &[c('s')], A::CycleStatus, Some("trier"), "trier : en attente d’avis, dernière modification, demande la plus ancienne, avancement, nom"),
        b(Cohort, Anyone, &[c('f')], A::ToggleFilter, Some("filtrer"), "ne montrer que les candidats qui attendent quelque chose de vous (ou tous)"),
        b(Cohort, Anyone, &[c('S')], A::Sync, None, "synchroniser chaque candidat (clones git) : recevoir leur travail, envoyer vos avis"),
        b(Cohort, Anyone, &[c('T')], A::CycleTheme, None, "thème suivant (aperçu)"),
        b(Cohort, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Cohort, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Cohort, Anyone, &[c('q'), k(Esc)], A::Quit, Some("quitter"), "quitter"),

        b(Unreadable, Anyone, &[c('l')], A::OpenReadOnly, Some("lecture seule"), "ouvrir la certification en lecture seule (le fichier reste tel quel)"),
        b(Unreadable, Anyone, &[c('r')], A::RestoreBackup, Some("restaurer"), "restaurer la dernière sauvegarde (le fichier illisible est gardé)"),
        b(Unreadable, Anyone, &[k(Esc)], A::Back, Some("fermer"), "fermer"),

        b(Help, Anyone, &[c('j'), k(Down)], A::Down, None, "faire défiler l’aide"),
        b(Help, Anyone, &[c('k'), k(Up)], A::Up, None, "faire défiler l’aide"),
        b(Help, Anyone, &[k(Esc), c('?'), c('q')], A::Back, Some("fermer"), "fermer l’aide"),
        b(ExportMenu, Anyone, &[c('j'), k(Down)], A::Down, None, "ligne suivante"),
        b(ExportMenu, Anyone, &[c('k'), k(Up)], A::Up, None, "ligne précédente"),
        b(ExportMenu, Anyone, &[k(Right), c('l'), c(' ')], A::Right, Some("changer"), "choix suivant de la ligne"),
        b(ExportMenu, Anyone, &[k(Left), c('h')], A::Left, None, "choix précédent de la ligne"),
        b(ExportMenu, Anyone, &[k(Enter)], A::Activate, Some("exporter"), "écrire le document dans le dossier exports/"),
        b(ExportMenu, Anyone, &[k(Esc), c('q')], A::Back, Some("fermer"), "fermer sans exporter"),
        b(Messages, Anyone, &[c('j'), k(Down)], A::Down, None, "faire défiler les messages"),
        b(Messages, Anyone, &[c('k'), k(Up)], A::Up, None, "faire défiler les messages"),
        b(Messages, Anyone, &[k(Esc), c('L'), c('q')], A::Back, Some("fermer"), "fermer"),

        b(LinkPicker, Anyone, &[k(Down), Key::ctrl('n')], A::Down, None, "ligne suivante"),
        b(LinkPicker, Anyone, &[k(Up), Key::ctrl('p')], A::Up, None, "ligne précédente"),
        b(LinkPicker, Anyone, &[k(Enter)], A::Activate, Some("lier/délier"), "cocher ou décocher l’expérience ou la pièce sélectionnée (tapez pour filtrer)"),
        b(LinkPicker, Anyone, &[k(Esc), Key::ctrl('l')], A::Back, Some("terminé"), "revenir à la note (Ctrl-S la garde avec ses liens)"),

        b(Experiences, Anyone, &[c('j'), k(Down)], A::Down, None, "expérience suivante"),
        b(Experiences, Anyone, &[c('k'), k(Up)], A::Up, None, "expérience précédente"),
        b(Experiences, Anyone, &[c('g'), k(Home)], A::Top, None, "la première"),
        b(Experiences, Anyone, &[c('G'), k(End)], A::Bottom, None, "la dernière"),
        b(Experiences, Anyone, &[c('a')], A::AddExperience, Some("ajouter"), "décrire une nouvelle expérience"),
        b(Experiences, Anyone, &[c('e'), k(Enter)], A::EditExperience, Some("modifier"), "modifier l’expérience sélectionnée"),
        b(Experiences, Anyone, &[c('d')], A::DeleteExperience, Some("supprimer"), "supprimer l’expérience (avec confirmation ; les notes sont gardées)"),
        b(Experiences, Candidate, &[c('u')], A::Undo, None, "annuler la dernière modification (une suppression comprise)"),
        b(Experiences, Candidate, &[Key::ctrl('r')], A::Redo, None, "refaire ce qui vient d’être annulé"),
        b(Experiences, Anyone, &[c('m')], A::OpenMatrix, Some("matrice"), "matrice critères × expériences"),
        b(Experiences, Anyone, &[c('J')], A::OpenPieces, None, "les pièces justificatives"),
        b(Experiences, Anyone, &[k(Esc), c('h')], A::Back, Some("retour"), "revenir au référentiel"),
        b(Experiences, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Experiences, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Experiences, Anyone, &[c('q')], A::Quit, None, "enregistrer et quitter"),

        b(Pieces, Anyone, &[c('j'), k(Down)], A::Down, None, "pièce suivante"),
        b(Pieces, Anyone, &[c('k'), k(Up)], A::Up, None, "pièce précédente"),
        b(Pieces, Anyone, &[c('g'), k(Home)], A::Top, None, "la première"),
        b(Pieces, Anyone, &[c('G'), k(End)], A::Bottom, None, "la dernière"),
        b(Pieces, Anyone, &[c('a')], A::AddExperience, Some("ajouter"), "ajouter une pièce (attestation, organigramme, compte rendu…)"),
        b(Pieces, Anyone, &[c('e'), k(Enter)], A::EditExperience, Some("modifier"), "modifier la pièce sélectionnée"),
        b(Pieces, Anyone, &[c('d')], A::DeleteExperience, Some("supprimer"), "supprimer la pièce (avec confirmation ; les notes sont gardées, les suivantes renumérotées)"),
        b(Pieces, Candidate, &[c('u')], A::Undo, None, "annuler la dernière modification (une suppression comprise)"),
        b(Pieces, Candidate, &[Key::ctrl('r')], A::Redo, None, "refaire ce qui vient d’être annulé"),
        b(Pieces, Anyone, &[c('X')], A::OpenExperiences, Some("expériences"), "vos expériences"),
        b(Pieces, Anyone, &[k(Esc), c('h')], A::Back, Some("retour"), "revenir au référentiel"),
        b(Pieces, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Pieces, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Pieces, Anyone, &[c('q')], A::Quit, None, "enregistrer et quitter"),

        b(ExperienceForm, Anyone, &[Key::ctrl('s')], A::SaveNote, Some("garder"), "garder la fiche et fermer"),
        b(ExperienceForm, Anyone, &[k(Tab)], A::NextField, Some("champ suivant"), "champ suivant (aussi Entrée ou ↓ sur une ligne simple)"),
        b(ExperienceForm, Anyone, &[k(BackTab)], A::PrevField, None, "champ précédent (aussi ↑)"),
        b(ExperienceForm, Anyone, &[k(Esc)], A::Back, Some("fermer"), "fermer (demande si des modifications seraient perdues)"),

        b(Matrix, Anyone, &[c('j'), k(Down)], A::Down, None, "ligne suivante"),
        b(Matrix, Anyone, &[c('k'), k(Up)], A::Up, None, "ligne précédente"),
        b(Matrix, Anyone, &[c('h'), k(Left)], A::Left, None, "expérience précédente (colonne de gauche)"),
        b(Matrix, Anyone, &[c('l'), k(Right)], A::Right, None, "expérience suivante (colonne de droite)"),
        b(Matrix, Anyone, &[c('g'), k(Home)], A::Top, None, "aller en haut"),
        b(Matrix, Anyone, &[c('G'), k(End)], A::Bottom, None, "aller en bas"),
        b(Matrix, Anyone, &[k(PageDown), Key::ctrl('d')], A::PageDown, None, "page suivante"),
        b(Matrix, Anyone, &[k(PageUp), Key::ctrl('u')], A::PageUp, None, "page précédente"),
        b(Matrix, Anyone, &[k(Enter)], A::Activate, Some("notes / plier"), "sur une case : ses notes, pour en ouvrir une ; sur un bloc ou une compétence : plier ou déplier"),
        b(Matrix, Anyone, &[c('X')], A::OpenExperiences, Some("expériences"), "l’expérience de la colonne, dans l’écran des expériences"),
        b(Matrix, Anyone, &[k(Esc), c('m')], A::Back, Some("retour"), "revenir au référentiel"),
        b(Matrix, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Matrix, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Matrix, Anyone, &[c('q')], A::Quit, None, "enregistrer et quitter"),

        b(MatrixNotes, Anyone, &[c('j'), k(Down)], A::Down, None, "note suivante"),
        b(MatrixNotes, Anyone, &[c('k'), k(Up)], A::Up, None, "note précédente"),
        b(MatrixNotes, Anyone, &[k(Enter), c('l')], A::Activate, Some("ouvrir"), "ouvrir la note (le référentiel se déplie jusqu’à son critère)"),
        b(MatrixNotes, Anyone, &[k(Esc), c('h')], A::Back, Some("fermer"), "revenir à la matrice"),

        b(NextSteps, Anyone, &[c('j'), k(Down)], A::Down, None, "suivante"),
        b(NextSteps, Anyone, &[c('k'), k(Up)], A::Up, None, "précédente"),
        b(NextSteps, Anyone, &[k(Enter), c('l')], A::Activate, Some("y aller"), "aller à l’élément dans le référentiel"),
        b(NextSteps, Anyone, &[k(Esc), c('w'), c('q')], A::Back, Some("fermer"), "fermer"),

        b(Pace, Candidate, &[c('d')], A::SetDue, Some("date"), "donner la date où le dossier est attendu (jury, dépôt), ou la retirer"),
        b(Pace, Candidate, &[c('n')], A::SetName, Some("nom"), "votre nom, tel que vos tuteurs le voient (sinon, celui de votre dossier)"),
        b(Pace, Candidate, &[c('i')], A::SetIdentity, Some("identité"), "votre identité dans le dossier exporté : nom, n° et date de recevabilité, contact"),
        b(Pace, Candidate, &[c('w')], A::WhatNext, Some("que faire ?"), "que faire maintenant"),
        b(Pace, Candidate, &[c('u')], A::Undo, None, "annuler la dernière modification (la date comprise)"),
        b(Pace, Candidate, &[Key::ctrl('r')], A::Redo, None, "refaire ce qui vient d’être annulé"),
        b(Pace, Anyone, &[c('T')], A::CycleTheme, None, "thème suivant (aperçu)"),
        b(Pace, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Pace, Anyone, &[c('L')], A::ShowMessages, None, "les derniers messages, en entier"),
        b(Pace, Anyone, &[k(Esc), c('p'), c('h')], A::Back, Some("retour"), "revenir au référentiel"),
        b(Pace, Anyone, &[c('q')], A::Quit, None, "enregistrer et quitter"),

        b(Name, Anyone, &[k(Enter)], A::Activate, Some("garder"), "garder ce nom (vide : le retirer)"),
        b(Name, Anyone, &[k(Esc)], A::Back, Some("fermer"), "fermer sans rien changer (au démarrage : plus tard, le nom sera redemandé la prochaine fois)"),

        b(Fiche, Anyone, &[c('j'), k(Down)], A::Down, None, "descendre"),
        b(Fiche, Anyone, &[c('k'), k(Up)], A::Up, None, "monter"),
        b(Fiche, Anyone, &[k(PageDown), Key::ctrl('d')], A::PageDown, Some("page"), "page suivante"),
        b(Fiche, Anyone, &[k(PageUp), Key::ctrl('u')], A::PageUp, None, "page précédente"),
        b(Fiche, Anyone, &[c('g'), k(Home)], A::Top, None, "aller au début"),
        b(Fiche, Anyone, &[c('G'), k(End)], A::Bottom, None, "aller à la fin"),
        b(Fiche, Anyone, &[c('/')], A::Search, Some("chercher"), "chercher dans la fiche (accents et majuscules indifférents)"),
        b(Fiche, Anyone, &[c('n'), k(Enter)], A::NextMatch, Some("suivant"), "aller à la ligne trouvée suivante"),
        b(Fiche, Anyone, &[c('N')], A::PrevMatch, None, "aller à la ligne trouvée précédente"),
        b(Fiche, Anyone, &[c('?')], A::Help, Some("aide"), "afficher l’aide"),
        b(Fiche, Anyone, &[k(Esc), c('q')], A::Back, Some("retour"), "revenir où vous étiez"),

        b(FicheSearch, Anyone, &[k(Enter)], A::Activate, Some("aller"), "aller à la première ligne trouvée (puis n / N)"),
        b(FicheSearch, Anyone, &[k(Esc)], A::Back, Some("annuler"), "annuler la recherche"),

        b(ImportPath, Anyone, &[k(Enter)], A::Activate, Some("lire"), "lire le fichier et lister ses fiches"),
        b(ImportPath, Anyone, &[k(Tab)], A::Complete, Some("compléter"), "compléter le chemin (les noms possibles s’affichent dessous)"),
        b(ImportPath, Anyone, &[k(Esc)], A::Back, Some("retour"), "revenir au choix de la certification"),

        b(ImportReading, Anyone, &[k(Esc)], A::Back, Some("interrompre"), "interrompre la lecture"),

        b(ImportList, Anyone, &[k(Enter)], A::Activate, Some("importer"), "importer la fiche sélectionnée et l’ouvrir"),
        b(ImportList, Anyone, &[k(Down), Key::ctrl('n')], A::Down, Some("suivante"), "fiche suivante"),
        b(ImportList, Anyone, &[k(Up), Key::ctrl('p')], A::Up, None, "fiche précédente"),
        b(ImportList, Anyone, &[k(PageDown)], A::PageDown, None, "page suivante"),
        b(ImportList, Anyone, &[k(PageUp)], A::PageUp, None, "page précédente"),
        b(ImportList, Anyone, &[k(Esc)], A::Back, Some("retour"), "revenir au chemin du fichier"),
        ];
        Keymap { bindings }
    }
}
