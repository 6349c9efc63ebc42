//! The dossier every export test prints: the example référentiel, a
//! candidate halfway through BC01 with two experiences, a tutor's review.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use livret::experience::{Experience, Month};
use livret::export::ExportContext;
use livret::portfolio::{Piece, Portfolio};
use livret::referentiel::{Certification, parse};

pub const EXAMPLE: &str = include_str!("../valid_referentiels/exemple-minimal.ron");

pub fn certification() -> Certification {
    parse(EXAMPLE, None).unwrap()
}

pub fn at(time: &str) -> Timestamp {
    time.parse().unwrap()
}

pub fn context() -> ExportContext {
    let mut marie = livret::review::Review::new("exemple-minimal", "Marie Durand");
    marie.cycle_verdict("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
    marie.cycle_verdict("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
    marie.add_comment(
        "A1.C1.CR1",
        "Chiffrez l’impact, s’il vous plaît.",
        at("2026-11-20T09:00:00Z"),
    );
    marie.cycle_verdict("A1.C1", jiff::Timestamp::UNIX_EPOCH);
    ExportContext {
        candidate: Some("Camille Martin".into()),
        date: at("2026-11-23T10:00:00Z"),
        tz: TimeZone::UTC,
        reviews: vec![marie],
    }
}

/// A candidate halfway through BC01: one critère prêt with two notes (one
/// edited later), one en cours; two experiences, one note linked to both;
/// two pièces justificatives, the first cited by that note;
/// BC02 (optional) targeted or not.
pub fn portfolio(target_bc02: bool) -> Portfolio {
    let mut p = Portfolio::new("exemple-minimal");
    let filiale = p.add_experience(Experience {
        title: "Contrôle de gestion, filiale espagnole".into(),
        employer: "Groupe Arbelo".into(),
        role: "Contrôleuse de gestion".into(),
        from: Month::new(2018, 9),
        to: Month::new(2022, 6),
        place: "Madrid".into(),
        description: "Suivi des coûts de trois usines.\nReporting mensuel au siège.".into(),
        ..Experience::default()
    });
    let achats = p.add_experience(Experience {
        title: "Direction des achats".into(),
        employer: "Groupe Arbelo".into(),
        from: Month::new(2022, 7),
        ..Experience::default()
    });
    p.add_note(
        "A1.C1.CR1",
        "Diagnostic de la filiale espagnole\nJ’ai conduit l’analyse de la chaîne de valeur\n\
         avec l’équipe achats.\n\nRésultat : trois axes d’amélioration retenus.",
        at("2026-01-05T10:00:00Z"),
    );
    p.add_note(
        "A1.C1.CR1",
        "Revue annuelle\nPrésentée au comité de direction.",
        at("2026-02-10T14:30:00Z"),
    );
    p.update_note(
        "A1.C1.CR1",
        1,
        "Revue annuelle 2025\nPrésentée au comité de direction.",
        at("2026-03-01T09:15:00Z"),
    );
    p.cycle_status("A1.C1.CR1", jiff::Timestamp::UNIX_EPOCH);
    p.set_level("A1.C1.CR1", Some(3));
    p.add_note("A1.C1.CR2", "Matrice SWOT", at("2026-02-11T08:00:00Z"));
    let both = [filiale.clone(), achats];
    p.set_links("A1.C1.CR1", 0, &both, at("2026-01-05T10:00:00Z"));
    p.set_links("A1.C1.CR2", 0, &[filiale], at("2026-02-11T08:00:00Z"));
    p.set_level("A1.C1.CR2", Some(2));
    let attestation = p.add_piece(Piece {
        title: "Attestation d’emploi, Groupe Arbelo".into(),
        file: "attestation-arbelo.pdf".into(),
        description: "Signée par la DRH.\nPostes et dates.".into(),
        ..Piece::default()
    });
    p.add_piece(Piece {
        title: "Organigramme de la direction financière".into(),
        ..Piece::default()
    });
    p.cite_pieces("A1.C1.CR1", 0, &[attestation], at("2026-01-05T10:00:00Z"));
    if target_bc02 {
        p.toggle_target("BC02");
        p.add_note(
            "C2.1.CR1",
            "Négociation fournisseur",
            at("2026-04-01T16:00:00Z"),
        );
    }
    p
}
