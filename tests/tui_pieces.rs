//! Pièces justificatives and the identity form, driven by keys through
//! `update()` and drawn at 80×24 and 200×50.

mod common;

use common::{RNCP, now, opened, screen, type_keys};
use insta::assert_snapshot;
use livret::portfolio::{Piece, Portfolio};
use livret::tui::app::{App, Screen};
use livret::tui::keymap::Context;

fn portfolio(app: &App) -> &Portfolio {
    app.session.docs[app.session.current]
        .portfolio
        .as_ref()
        .unwrap()
}

/// Two notes on C1.1.CR1 and one on C2.1.CR5; two pieces, the first cited
/// by the first and the last note.
fn candidate() -> Portfolio {
    let mut p = Portfolio::new(RNCP);
    p.add_note("C1.1.CR1", "Analyse de la zone Maghreb", now());
    p.add_note("C1.1.CR1", "Tableau de bord mensuel", now());
    p.add_note("C2.1.CR5", "Contrat-cadre Atlas", now());
    let attestation = p.add_piece(Piece {
        title: "Attestation d’emploi, Lacroix Emballages".into(),
        file: "attestation-lacroix.pdf".into(),
        description: "Signée par la DRH.\nPoste, missions et dates.".into(),
        ..Piece::default()
    });
    p.add_piece(Piece {
        title: "Organigramme du service export".into(),
        ..Piece::default()
    });
    p.cite_pieces("C1.1.CR1", 0, std::slice::from_ref(&attestation), now());
    p.cite_pieces("C2.1.CR5", 0, &[attestation], now());
    p
}

#[test]
fn j_lists_the_pieces_numbered_with_the_notes_that_cite_them() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "J");
    assert_eq!(app.screens.shown, Screen::Pieces);
    assert_eq!(app.context(), Context::Pieces);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Pièce 1 — Attestation d’emploi"), "{shown}");
    assert!(shown.contains("Citée par 2 notes"), "{shown}");
    assert_snapshot!("pieces_80x24", shown);
    type_keys(&mut app, "j");
    assert_snapshot!("pieces_200x50", screen(&app, 200, 50));
    type_keys(&mut app, "X");
    assert_eq!(app.screens.shown, Screen::Experiences);
    type_keys(&mut app, "J<Esc>");
    assert_eq!(app.screens.shown, Screen::Main);
}

#[test]
fn a_piece_is_added_from_the_keyboard_and_cited_from_the_note_editor() {
    let mut app = opened(RNCP, vec![]);
    type_keys(&mut app, "J");
    assert_snapshot!("pieces_empty_80x24", screen(&app, 80, 24));
    type_keys(
        &mut app,
        "aCompte rendu du salon<Enter>salon-2021.pdf<Tab>Rédigé pour la direction.",
    );
    assert_snapshot!("piece_form_80x24", screen(&app, 80, 24));
    let effects = type_keys(&mut app, "<C-s>");
    assert_eq!(effects, [livret::tui::app::Effect::Changed]);
    assert_eq!(
        portfolio(&app).pieces,
        [Piece {
            id: "piece-1".into(),
            title: "Compte rendu du salon".into(),
            file: "salon-2021.pdf".into(),
            description: "Rédigé pour la direction.".into(),
        }]
    );
    assert_eq!(
        common::message(&app).as_deref(),
        Some("Pièce ajoutée (Ctrl-L dans une note pour l’y citer).")
    );

    // Back to the tree, a note on the first critère, Ctrl-L: the piece is there.
    type_keys(&mut app, "<Esc>llll");
    type_keys(&mut app, "aSalon de Dubaï<C-l>salon");
    assert_eq!(app.context(), Context::LinkPicker);
    assert_snapshot!("link_picker_piece_80x24", screen(&app, 80, 24));
    type_keys(&mut app, "<Enter><Esc><C-s>");
    let note = &portfolio(&app).notes("C1.1.CR1")[0];
    assert_eq!(note.pieces, ["piece-1"]);
    assert!(note.experiences.is_empty());
    type_keys(&mut app, "<Tab>");
    let shown = screen(&app, 200, 50);
    assert!(
        shown.contains("↳ Pièces justificatives : Pièce 1 — Compte rendu du salon"),
        "{shown}"
    );
}

#[test]
fn deleting_a_piece_asks_keeps_the_notes_renumbers_and_u_undoes() {
    let mut app = opened(RNCP, vec![candidate()]);
    let notes = portfolio(&app).note_count();
    type_keys(&mut app, "Jd");
    let question = common::question(&app).unwrap().text();
    assert!(
        question.starts_with(
            "Supprimer la pièce « Attestation d’emploi, Lacroix Emballages » ? 2 notes la citent"
        ),
        "{question}"
    );
    type_keys(&mut app, "o");
    let p = portfolio(&app);
    assert_eq!(p.pieces.len(), 1);
    assert_eq!(p.note_count(), notes, "notes are kept");
    assert!(p.notes("C1.1.CR1")[0].pieces.is_empty());
    assert!(screen(&app, 80, 24).contains("Pièce 1 — Organigramme"));
    type_keys(&mut app, "u");
    let p = portfolio(&app);
    assert_eq!(p.pieces[0].id, "piece-1");
    assert_eq!(p.notes_citing("piece-1").len(), 2);
    // A new piece never takes a number given before.
    type_keys(&mut app, "aPlanning<C-s>");
    assert_eq!(portfolio(&app).pieces[2].id, "piece-3");
}

#[test]
fn editing_a_piece_keeps_its_id_and_its_citations() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "Je");
    type_keys(&mut app, "<Tab><Backspace><Backspace><Backspace>docx<C-s>");
    let p = portfolio(&app);
    assert_eq!(p.pieces[0].file, "attestation-lacroix.docx");
    assert_eq!(p.notes_citing("piece-1").len(), 2);
    assert_eq!(common::message(&app).as_deref(), Some("Pièce enregistrée."));
    // A piece needs a title.
    type_keys(&mut app, "a<C-s>");
    let form = common::form(&app).expect("the form stays open");
    assert_eq!(form.error.as_deref(), Some("L’intitulé est obligatoire."));
}

#[test]
fn read_only_portfolios_keep_their_pieces() {
    let mut app = opened(RNCP, vec![candidate()]);
    app.session.docs[app.session.current].read_only = Some("ouvert ailleurs".into());
    type_keys(&mut app, "Jd");
    assert!(common::question(&app).is_none());
    type_keys(&mut app, "a");
    assert!(common::form(&app).is_none());
    assert_eq!(portfolio(&app).pieces.len(), 2);
}

#[test]
fn the_dashboard_edits_the_identity_the_dossier_prints() {
    let mut app = opened(RNCP, vec![candidate()]);
    type_keys(&mut app, "pi");
    assert_eq!(app.context(), Context::ExperienceForm);
    type_keys(
        &mut app,
        "Awa Diallo<Enter>R-2026-0457<Enter>31/12/2099<C-s>",
    );
    let form = common::form(&app).expect("a day to come is refused");
    let error = form.error.clone().unwrap();
    assert!(
        error.starts_with("Reçue le : la recevabilité ne peut pas"),
        "{error}"
    );
    assert_snapshot!("identity_form_error_80x24", screen(&app, 80, 24));
    type_keys(
        &mut app,
        "<Backspace><Backspace><Backspace><Backspace><Backspace><Backspace><Backspace>\
         <Backspace><Backspace><Backspace>12/03/2026<Enter>awa@example.fr<C-s>",
    );
    assert_eq!(app.context(), Context::Pace);
    let identity = &portfolio(&app).identity;
    assert_eq!(identity.name.as_deref(), Some("Awa Diallo"));
    assert_eq!(identity.recevabilite.as_deref(), Some("R-2026-0457"));
    assert_eq!(
        identity.recevabilite_date,
        Some(jiff::civil::date(2026, 3, 12))
    );
    assert_eq!(identity.contact.as_deref(), Some("awa@example.fr"));
    // Taken back like any change.
    type_keys(&mut app, "u");
    assert!(portfolio(&app).identity.recevabilite.is_none());
    // Enter on the last line stays there; a hang-up keeps what is typed.
    type_keys(&mut app, "i<Tab><Tab><Tab>a@b.fr<Enter>x");
    assert_eq!(common::form(&app).unwrap().focus, 3);
    app.update(livret::tui::action::Action::SaveDraft);
    assert_eq!(portfolio(&app).identity.contact.as_deref(), Some("a@b.frx"));
}

#[test]
fn the_new_screens_never_panic_at_any_size() {
    let mut screens = Vec::new();
    for keys in ["J", "Ja", "Jd", "Je", "pi", "llllaé<C-l>"] {
        let mut app = opened(RNCP, vec![candidate()]);
        type_keys(&mut app, keys);
        screens.push(app);
    }
    for app in &screens {
        for width in 0..=90 {
            for height in 0..=26 {
                common::render(app, width, height);
            }
        }
    }
}
