//! A sample candidate, so a newcomer sees the app in use at once (`livret demo`).

use jiff::{Timestamp, ToSpan};

use crate::experience::{Experience, Month};
use crate::portfolio::{Portfolio, Status};

/// The certification the demo opens.
pub const REFERENTIEL: &str = "rncp23675-responsable-commerce-international";

/// A few months of work by a candidate: notes, statuses and levels on bloc 1
/// and 2. `now` dates the notes in the recent past.
pub fn portfolio(now: Timestamp) -> Portfolio {
    let mut p = Portfolio::new(REFERENTIEL);
    let days_ago = |days: i64| now.checked_sub((days * 24).hours()).unwrap_or(now);
    let notes: &[(&str, i64, &str)] = &[
        (
            "C1.1.CR1",
            60,
            "Analyse de la zone Maghreb pour Lacroix Emballages (2022)\n\
             J’ai repris les ventes des trois exercices précédents par pays et par gamme, \
             et montré que l’Algérie portait 70 % de la croissance.\n\
             Livrable : note de synthèse de 12 pages présentée au comité de direction.",
        ),
        (
            "C1.1.CR1",
            45,
            "Tableau de bord export mensuel\n\
             Mise en place d’un suivi mensuel des résultats par pays (Excel puis Power BI).",
        ),
        (
            "C1.1.CR2",
            30,
            "Plan marketing Maroc 2023\n\
             Participation à l’élaboration du plan avec la responsable marketing : \
             choix des salons, budget de 40 k€, argumentaire en français et en arabe.",
        ),
        (
            "C1.2.CR3",
            12,
            "Prospection des distributeurs au Sénégal\n\
             Ciblage de 25 distributeurs, 9 rendez-vous, 2 contrats signés.",
        ),
        (
            "C2.1.CR5",
            5,
            "Négociation avec Atlas Distribution (Casablanca)\n\
             Négociation en français et en anglais d’un contrat-cadre de 3 ans ; \
             marge préservée à 18 % malgré la demande de remise.",
        ),
    ];
    let lacroix = p.add_experience(Experience {
        title: "Export Maghreb et Afrique de l’Ouest".into(),
        employer: "Lacroix Emballages".into(),
        role: "Chargée d’affaires export".into(),
        from: Month::new(2019, 3),
        place: "Lyon, missions à Alger, Casablanca et Dakar".into(),
        description: "Développement des ventes d’emballages alimentaires auprès des \
                      distributeurs ; portefeuille de 40 clients."
            .into(),
        ..Experience::default()
    });
    let atlas = p.add_experience(Experience {
        title: "Contrat-cadre Atlas Distribution".into(),
        employer: "Lacroix Emballages".into(),
        from: Month::new(2023, 1),
        to: Month::new(2023, 4),
        place: "Casablanca".into(),
        ..Experience::default()
    });
    let attestation = p.add_piece(crate::portfolio::Piece {
        title: "Attestation d’emploi, Lacroix Emballages".into(),
        file: "attestation-lacroix.pdf".into(),
        description: "Signée par la DRH : poste, missions et dates.".into(),
        ..Default::default()
    });
    let synthese = p.add_piece(crate::portfolio::Piece {
        title: "Note de synthèse Maghreb (extraits)".into(),
        file: "synthese-maghreb-2022.pdf".into(),
        ..Default::default()
    });
    for &(critere, age, text) in notes {
        let index = p.add_note(critere, text, days_ago(age));
        let links = match critere {
            "C2.1.CR5" => vec![lacroix.clone(), atlas.clone()],
            _ => vec![lacroix.clone()],
        };
        let pieces = match (critere, index) {
            ("C1.1.CR1", Some(0)) => vec![attestation.clone(), synthese.clone()],
            ("C2.1.CR5", _) => vec![attestation.clone()],
            _ => Vec::new(),
        };
        if let Some(index) = index {
            p.set_links(critere, index, &links, days_ago(age));
            p.cite_pieces(critere, index, &pieces, days_ago(age));
        }
    }
    for critere in ["C1.1.CR1", "C1.1.CR2"] {
        while p.status(critere) != Status::Ready {
            p.cycle_status(critere, days_ago(3));
        }
    }
    for (critere, level) in [
        ("C1.1.CR1", 4),
        ("C1.1.CR2", 3),
        ("C1.2.CR3", 2),
        ("C2.1.CR5", 3),
    ] {
        p.set_level(critere, Some(level));
    }
    p.view.expanded.extend(["BC1", "C1.1"].map(String::from));
    p.view.selected = Some("C1.1.CR1".to_string());
    p.set_name(Some("Awa Diallo"));
    p
}

/// Three sample candidates for a tutor to try the review screens
/// (`livret demo --cohort DIR`): awa well on the way and asking for a
/// review of bloc 1, bruno starting, chloé with a draft and a whole
/// bloc prêt. Folders are named after the candidates' accounts; bruno has
/// not given his full name yet.
pub fn cohort(now: Timestamp) -> Vec<(&'static str, Portfolio)> {
    let days_ago = |days: i64| now.checked_sub((days * 24).hours()).unwrap_or(now);
    let mut awa = portfolio(now);
    awa.request_review(
        Some("BC1"),
        "Pouvez-vous relire le bloc 1 ?",
        days_ago(2),
        |_| false,
    );
    let mut bruno = Portfolio::new(REFERENTIEL);
    bruno.add_note(
        "C2.1.CR1",
        "Veille sur les acheteurs du Golfe\nFiches sur 12 entreprises, mises à jour chaque mois.",
        days_ago(9),
    );
    let mut chloe = Portfolio::new(REFERENTIEL);
    chloe.set_name(Some("Chloé Martin"));
    for (i, critere) in ["C3.1.CR1", "C3.1.CR2", "C3.1.CR3", "C3.1.CR4"]
        .into_iter()
        .enumerate()
    {
        let text = format!(
            "Réseau d’agents en Europe du Nord, étape {}\nEn 2024, j’ai recruté et animé 6 agents.",
            i + 1
        );
        chloe.add_note(critere, &text, days_ago(20 - i as i64));
        while chloe.status(critere) != Status::Ready {
            chloe.cycle_status(critere, days_ago(4));
        }
    }
    chloe.put_draft(
        "C3.2.CR1",
        None,
        "Missions des agents (à finir)",
        days_ago(1),
    );
    chloe.request_review(None, "", days_ago(1), |_| false);
    vec![("awa", awa), ("bruno", bruno), ("chloe", chloe)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_notes_statuses_and_levels() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let p = portfolio(now);
        assert_eq!(p.note_count(), 5);
        let first = &p.notes("C1.1.CR1")[0];
        assert_eq!(now.duration_since(first.created).as_hours(), 60 * 24);
        assert_eq!(p.status("C1.1.CR1"), Status::Ready);
        assert_eq!(p.status("C1.2.CR3"), Status::InProgress);
        assert_eq!(p.critere("C1.1.CR2").unwrap().level, Some(3));
        assert_eq!(p.experiences.len(), 2);
        assert_eq!(p.notes_linking("exp-2"), [("C2.1.CR5", 0)]);
    }

    #[test]
    fn the_demo_cohort_has_three_candidates_at_different_stages() {
        let cohort = cohort(Timestamp::from_second(1_800_000_000).unwrap());
        let names: Vec<&str> = cohort.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["awa", "bruno", "chloe"]);
        let given: Vec<Option<&str>> = cohort.iter().map(|(_, p)| p.name()).collect();
        assert_eq!(given, [Some("Awa Diallo"), None, Some("Chloé Martin")]);
        let notes: Vec<usize> = cohort.iter().map(|(_, p)| p.note_count()).collect();
        assert_eq!(notes, [5, 1, 5]);
        assert!(cohort.iter().all(|(_, p)| p.referentiel == REFERENTIEL));
        assert_eq!(cohort[2].1.status("C3.1.CR4"), Status::Ready);
    }
}
