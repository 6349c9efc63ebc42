//! Synthetic, deterministic data at any scale: a référentiel of N critères in
//! 8 blocs and a portfolio of M evidence notes, in realistic French.
//!
//! Shared by `examples/gen_fixture.rs` (writes a data dir) and
//! `benches/budgets.rs` (measures it). The same seed always gives the same
//! files, byte for byte.
#![allow(dead_code)] // each user takes only part of it

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use jiff::Timestamp;
use livret::portfolio::{Portfolio, Status};
use livret::referentiel::{
    Activite, Bloc, Certification, Competence, Critere, FORMAT_VERSION, Kind, Modalite, Source,
};
use livret::store::{DataDir, State, save_portfolio, save_state, write_atomic};

/// Id (and file name) of the synthetic référentiel.
pub const ID: &str = "referentiel-synthetique";
pub const BLOCS: usize = 8;
/// Experiences of the synthetic candidate; every note belongs to one of them.
pub const EXPERIENCES: usize = 20;
/// Compétences per activité.
const COMPETENCES_PER_ACTIVITE: usize = 6;
/// Length of a note in characters.
const NOTE_CHARS: (usize, usize) = (200, 2_000);

/// SplitMix64: tiny, seedable, and stable forever (unlike a crate's default
/// generator), so fixtures stay identical across versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }
}

// ---------------------------------------------------------------- vocabulary

const BLOC_TITLES: [&str; BLOCS] = [
    "Élaborer la stratégie commerciale à l’international",
    "Piloter le développement des ventes",
    "Négocier et contractualiser avec les partenaires étrangers",
    "Manager une équipe commerciale pluriculturelle",
    "Conduire un projet d’implantation",
    "Gérer la relation client et la qualité de service",
    "Assurer la veille économique et réglementaire",
    "Développer une offre responsable et éco-conçue",
];

const VERBS: [&str; 16] = [
    "Analyser",
    "Élaborer",
    "Négocier",
    "Piloter",
    "Évaluer",
    "Concevoir",
    "Présenter",
    "Coordonner",
    "Sécuriser",
    "Prioriser",
    "Déployer",
    "Formaliser",
    "Mesurer",
    "Améliorer",
    "Structurer",
    "Argumenter",
];

/// (text, feminine, plural)
const SUBJECTS: [(&str, bool, bool); 24] = [
    ("la stratégie commerciale", true, false),
    ("le plan d’actions", false, false),
    ("les besoins du client", false, true),
    ("l’offre de services", true, false),
    ("le budget prévisionnel", false, false),
    ("les indicateurs de performance", false, true),
    ("la politique tarifaire", true, false),
    ("les conditions générales de vente", true, true),
    ("le réseau de distributeurs", false, false),
    ("la proposition commerciale", true, false),
    ("les risques financiers et juridiques", false, true),
    ("l’étude de marché", true, false),
    ("les objectifs de l’équipe", false, true),
    ("le tableau de bord", false, false),
    ("la démarche qualité", true, false),
    ("les opportunités à l’export", true, true),
    ("le cahier des charges", false, false),
    ("la négociation", true, false),
    ("les écarts entre prévu et réalisé", false, true),
    ("le retour d’expérience", false, false),
    ("la veille concurrentielle", true, false),
    ("les procédures douanières", true, true),
    ("le compte rendu de réunion", false, false),
    ("la chaîne logistique", true, false),
];

/// Past participles, masculine singular.
const PARTICIPLES: [&str; 16] = [
    "analysé",
    "élaboré",
    "négocié",
    "piloté",
    "évalué",
    "présenté",
    "formalisé",
    "justifié",
    "vérifié",
    "priorisé",
    "documenté",
    "partagé",
    "ajusté",
    "argumenté",
    "structuré",
    "hiérarchisé",
];

const MANNERS: [&str; 10] = [
    "de manière exhaustive",
    "avec méthode",
    "de façon pertinente",
    "avec précision",
    "de manière cohérente",
    "de façon réaliste",
    "avec rigueur",
    "de manière argumentée",
    "en temps utile",
    "de façon claire et synthétique",
];

const COMPLEMENTS: [&str; 14] = [
    "en tenant compte des contraintes réglementaires",
    "au regard des objectifs de l’entreprise",
    "dans le respect des délais et du budget",
    "en cohérence avec la stratégie du groupe",
    "à partir des données de marché disponibles",
    "auprès des parties prenantes internes et externes",
    "selon les usages interculturels du pays cible",
    "en intégrant les enjeux de responsabilité sociétale",
    "en s’appuyant sur les outils numériques de l’équipe",
    "à l’aide d’indicateurs fiables et partagés",
    "en anticipant les risques de change",
    "pour chaque zone géographique prioritaire",
    "lors des revues mensuelles d’activité",
    "avec l’accord de la direction générale",
];

const GROUPS: [&str; 4] = [
    "En matière de méthodes utilisées",
    "En matière de moyens utilisés",
    "En matière de liens professionnels / relationnels",
    "En matière de contraintes liées au milieu et environnement de travail",
];

const ROLES: [&str; 10] = [
    "Assistante export",
    "Chargé d’affaires internationales",
    "Responsable de zone Europe du Sud",
    "Technico-commercial",
    "Cheffe de projet implantation",
    "Responsable grands comptes",
    "Acheteur international",
    "Animatrice réseau de distributeurs",
    "Directeur commercial adjoint",
    "Consultante en développement commercial",
];

const EMPLOYERS: [&str; 12] = [
    "Lacroix Emballages",
    "Atlas Distribution",
    "Coopérative Agricole des Deux-Sèvres",
    "Méca-Précision Rhône-Alpes",
    "Société Générale d’Équipements",
    "Brasserie du Léman",
    "Hôtellerie & Cie",
    "Électro-Façades",
    "Cosmétiques Garonne",
    "Pâtisseries Bérénice",
    "Transports Lefèvre",
    "Numérique Côte d’Azur",
];

const PLACES: [&str; 10] = [
    "Casablanca",
    "Montréal",
    "Séville",
    "Dakar",
    "Francfort",
    "Genève",
    "Lyon",
    "Bruxelles",
    "Québec",
    "Hô Chi Minh-Ville",
];

const NOTE_TITLES: [&str; 12] = [
    "Négociation d’un contrat-cadre avec un distributeur",
    "Mise en place du tableau de bord export",
    "Étude de marché préalable à l’implantation",
    "Prospection de nouveaux clients",
    "Refonte de la politique tarifaire",
    "Animation du séminaire commercial annuel",
    "Réponse à un appel d’offres public",
    "Recrutement et intégration d’un commercial",
    "Gestion d’un litige qualité",
    "Salon professionnel : préparation et suivi",
    "Plan d’actions de reconquête d’un client",
    "Veille réglementaire sur les normes européennes",
];

const DEEDS: [&str; 14] = [
    "j’ai analysé",
    "j’ai élaboré",
    "j’ai négocié",
    "j’ai présenté au comité de direction",
    "j’ai coordonné avec le service logistique",
    "j’ai formalisé",
    "j’ai piloté",
    "j’ai revu avec la contrôleuse de gestion",
    "j’ai mesuré chaque trimestre",
    "j’ai défendu devant le client",
    "j’ai fait valider par la direction",
    "j’ai partagé avec l’équipe",
    "j’ai corrigé après le premier bilan",
    "j’ai documenté",
];

const RESULTS: [&str; 10] = [
    "Résultat : {n} rendez-vous obtenus et {m} contrats signés.",
    "La marge a été préservée à {n} % malgré la demande de remise.",
    "Le chiffre d’affaires de la zone a progressé de {n} % en un an.",
    "Livrable : une note de synthèse de {n} pages.",
    "Budget engagé : {n} k€, soit {m} % de moins que prévu.",
    "Le délai moyen de livraison est passé de {n} à {m} jours.",
    "Taux de satisfaction mesuré : {n} % sur {m} clients interrogés.",
    "Difficulté rencontrée : un désaccord sur les incoterms, réglé en {n} semaines.",
    "Ce que j’en retiens : écouter avant de proposer, et chiffrer chaque hypothèse.",
    "Pièce jointe au dossier : le compte rendu signé du {n} mars.",
];

// ---------------------------------------------------------------- référentiel

fn agree(participle: &str, feminine: bool, plural: bool) -> String {
    let mut word = participle.to_string();
    if feminine {
        word.push('e');
    }
    if plural {
        word.push('s');
    }
    word
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn critere_text(rng: &mut Rng) -> String {
    let (subject, feminine, plural) = rng.pick(&SUBJECTS);
    let verb = if plural { "sont" } else { "est" };
    let participle = agree(rng.pick(&PARTICIPLES), feminine, plural);
    let mut text = format!(
        "{} {verb} {participle} {} {}",
        capitalize(subject),
        rng.pick(&MANNERS),
        rng.pick(&COMPLEMENTS)
    );
    if rng.percent(30) {
        let (other, _, _) = rng.pick(&SUBJECTS);
        text.push_str(&format!(", et {other} en découle"));
    }
    text.push('.');
    text
}

fn competence_title(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(&VERBS),
        rng.pick(&SUBJECTS).0,
        rng.pick(&COMPLEMENTS)
    )
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| critere_text(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn modalites(rng: &mut Rng, bloc: usize) -> Vec<Modalite> {
    vec![
        Modalite {
            id: Some(format!("E{bloc}.1")),
            title: "Mise en situation professionnelle reconstituée".to_string(),
            text: paragraph(rng, 3),
            duration: Some("3 heures".to_string()),
            deliverables: vec!["Une note d’opportunité".to_string()],
            requirements: Vec::new(),
            covers: Vec::new(),
            criteres: Vec::new(),
        },
        Modalite {
            id: Some(format!("E{bloc}.2")),
            title: "Entretien avec le jury à partir du dossier de VAE".to_string(),
            text: paragraph(rng, 2),
            duration: Some("45 minutes".to_string()),
            deliverables: Vec::new(),
            requirements: Vec::new(),
            covers: Vec::new(),
            criteres: Vec::new(),
        },
    ]
}

/// A référentiel of `criteria` critères (at least one per bloc) in 8 blocs,
/// the last two optional; activités of 6 compétences of 4 to 12 critères.
pub fn certification(criteria: usize, seed: u64) -> Certification {
    assert!(criteria >= BLOCS, "at least {BLOCS} critères, one per bloc");
    let mut rng = Rng::new(seed);
    let blocs = (0..BLOCS)
        .map(|b| {
            let share = criteria / BLOCS + usize::from(b < criteria % BLOCS);
            bloc(&mut rng, b + 1, share)
        })
        .collect();
    Certification {
        format_version: FORMAT_VERSION,
        id: ID.to_string(),
        title: format!("Référentiel synthétique de {criteria} critères (mesures de performance)"),
        kind: Kind::Other,
        code: Some("RNCP99999".to_string()),
        level: Some("Niveau 6".to_string()),
        certifier: Some("Organisme fictif de certification".to_string()),
        valid_until: None,
        leaf_label: None,
        summary: paragraph(&mut rng, 4),
        requirements: vec!["Anglais : score minimum B1 (TOEIC 550).".to_string()],
        bloc_validity: Some("Les blocs validés le restent cinq ans.".to_string()),
        jury: Some("Un jury de professionnels du secteur.".to_string()),
        sections: Vec::new(),
        source: Source {
            file: "gen_fixture".to_string(),
            note: Some(format!(
                "Généré (graine {seed}) pour les mesures de performance."
            )),
        },
        blocs,
        writing: Default::default(),
        levels: Vec::new(),
    }
}

fn bloc(rng: &mut Rng, number: usize, criteria: usize) -> Bloc {
    let mut competences = Vec::new();
    let mut left = criteria;
    while left > 0 {
        let count = rng.between(4, 12).min(left);
        left -= count;
        competences.push(count);
    }
    let activites = competences
        .chunks(COMPETENCES_PER_ACTIVITE)
        .enumerate()
        .map(|(a, counts)| {
            let activite = format!("A{number}.{}", a + 1);
            Activite {
                id: activite.clone(),
                title: competence_title(rng),
                description: String::new(),
                competences: counts
                    .iter()
                    .enumerate()
                    .map(|(c, &count)| {
                        competence(rng, &format!("C{number}.{}.{}", a + 1, c + 1), count)
                    })
                    .collect(),
            }
        })
        .collect();
    Bloc {
        code: None,
        id: format!("BC{number}"),
        title: BLOC_TITLES[number - 1].to_string(),
        optional: number > BLOCS - 2,
        description: paragraph(rng, 2),
        modalites: modalites(rng, number),
        knowledge: (0..3).map(|_| capitalize(rng.pick(&SUBJECTS).0)).collect(),
        activites,
        competences: Vec::new(),
    }
}

fn competence(rng: &mut Rng, id: &str, criteria: usize) -> Competence {
    Competence {
        id: id.to_string(),
        title: competence_title(rng),
        conditions: paragraph(rng, 2),
        results: paragraph(rng, 2),
        knowledge: Vec::new(),
        criteres: (0..criteria)
            .map(|k| Critere {
                id: format!("{id}.CR{}", k + 1),
                text: critere_text(rng),
                group: Some(GROUPS[k % GROUPS.len()].to_string()),
                former_ids: Vec::new(),
            })
            .collect(),
        former_ids: Vec::new(),
    }
}

// ---------------------------------------------------------------- portfolio

/// A job or mission of the candidate. Each note is drawn from one of them
/// and names it in its text. Notes do not link to experiences yet (written
/// before issue 9): adding the 20 with `add_experience` and linking each note
/// to its `experience` index in [`portfolio`] is all it takes.
pub struct Experience {
    pub role: &'static str,
    pub employer: &'static str,
    pub place: &'static str,
    pub years: (u16, u16),
}

pub fn experiences(seed: u64) -> Vec<Experience> {
    let mut rng = Rng::new(seed ^ 0xE7);
    (0..EXPERIENCES)
        .map(|i| {
            let start = 2004 + i as u16;
            Experience {
                role: rng.pick(&ROLES),
                employer: rng.pick(&EMPLOYERS),
                place: rng.pick(&PLACES),
                years: (start, (start + rng.between(1, 4) as u16).min(2025)),
            }
        })
        .collect()
}

fn fill(template: &str, rng: &mut Rng) -> String {
    template
        .replace("{n}", &rng.between(2, 60).to_string())
        .replace("{m}", &rng.between(1, 30).to_string())
}

/// A note of `NOTE_CHARS` characters: a title line, then paragraphs.
fn note_text(rng: &mut Rng, experience: &Experience) -> String {
    let target = rng.between(NOTE_CHARS.0, NOTE_CHARS.1);
    let mut text = format!(
        "{} ({}, {})\nContexte : {} chez {}, de {} à {}.",
        rng.pick(&NOTE_TITLES),
        experience.employer,
        experience.place,
        experience.role,
        experience.employer,
        experience.years.0,
        experience.years.1
    );
    let mut sentences = 0;
    loop {
        let sentence = if sentences % 4 == 3 {
            fill(rng.pick(&RESULTS), rng)
        } else {
            let (subject, _, _) = rng.pick(&SUBJECTS);
            format!(
                "{} {subject} {}.",
                capitalize(rng.pick(&DEEDS)),
                rng.pick(&COMPLEMENTS)
            )
        };
        let separator = if sentences % 4 == 0 { "\n\n" } else { " " };
        let length = text.chars().count();
        if length >= NOTE_CHARS.0 && length + separator.len() + sentence.chars().count() > target {
            break;
        }
        text.push_str(separator);
        text.push_str(&sentence);
        sentences += 1;
    }
    text
}

/// The ids of the blocs, activités and compétence above `critere`.
fn ancestors(certification: &Certification, critere: &str) -> Vec<String> {
    for bloc in &certification.blocs {
        for activite in &bloc.activites {
            for competence in &activite.competences {
                if competence.criteres.iter().any(|c| c.id == critere) {
                    return vec![bloc.id.clone(), activite.id.clone(), competence.id.clone()];
                }
            }
        }
        for competence in &bloc.competences {
            if competence.criteres.iter().any(|c| c.id == critere) {
                return vec![bloc.id.clone(), competence.id.clone()];
            }
        }
    }
    Vec::new()
}

/// A candidate's portfolio with `notes` notes spread over the critères of
/// `certification`, dated through 2025 in order; statuses and levels on the
/// critères that have notes; the first optional bloc aimed for; the tree left
/// open on the critère of the last note.
pub fn portfolio(certification: &Certification, notes: usize, seed: u64) -> Portfolio {
    let mut rng = Rng::new(seed ^ 0x9F);
    let experiences = experiences(seed);
    let criteres: Vec<&str> = certification.criteres().map(|c| c.id.as_str()).collect();
    let mut portfolio = Portfolio::new(&certification.id);
    let start: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z
    let step = (365 * 86_400 / notes.max(1)) as i64;
    // The 20 experiences, described in the portfolio; each note is linked
    // to the one its text tells about.
    let ids: Vec<String> = experiences
        .iter()
        .map(|e| {
            portfolio.add_experience(livret::experience::Experience {
                id: String::new(),
                title: format!("{} chez {}", e.role, e.employer),
                employer: e.employer.to_string(),
                role: e.role.to_string(),
                from: Some(livret::experience::Month {
                    year: e.years.0 as i16,
                    month: 1,
                }),
                to: Some(livret::experience::Month {
                    year: e.years.1 as i16,
                    month: 12,
                }),
                place: e.place.to_string(),
                description: String::new(),
            })
        })
        .collect();
    let mut last = None;
    for i in 0..notes {
        let critere = rng.pick(&criteres);
        let experience = rng.below(EXPERIENCES);
        let text = note_text(&mut rng, &experiences[experience]);
        let created = start + i as i64 * step + rng.below(step.max(1) as usize) as i64;
        let updated = created + rng.below(30 * 86_400) as i64;
        let created = Timestamp::from_second(created).expect("a 2025 date");
        let index = portfolio
            .add_note(critere, &text, created)
            .expect("a note has text");
        portfolio.set_links(critere, index, &ids[experience..=experience], created);
        // Through `add_note`, so the fixture keeps up with new note fields.
        let work = portfolio.criteres.get_mut(critere).expect("just added");
        std::sync::Arc::make_mut(work).notes[index].updated =
            Timestamp::from_second(updated).expect("a 2025 date");
        last = Some(critere);
    }
    for work in portfolio.criteres.values_mut() {
        let work = std::sync::Arc::make_mut(work);
        work.status = if rng.percent(30) {
            Status::Ready
        } else {
            Status::InProgress
        };
        if rng.percent(60) {
            work.level = Some(rng.between(1, 4) as u8);
        }
    }
    if let Some(bloc) = certification.blocs.iter().find(|b| b.optional) {
        portfolio.targeted.insert(bloc.id.clone());
    }
    if let Some(critere) = last {
        portfolio.view.selected = Some(critere.to_string());
        portfolio.view.expanded = ancestors(certification, critere)
            .into_iter()
            .collect::<BTreeSet<_>>();
    }
    portfolio
}

// ---------------------------------------------------------------- files

/// Writes a data dir that `livret --data-dir DIR` opens on `open`: the
/// référentiel (if synthetic) in `referentiels/`, the portfolios in
/// `portfolios/`, and `state.ron` naming the certification to reopen.
pub fn write_data_dir(
    dir: &Path,
    certification: Option<&Certification>,
    portfolios: &[Portfolio],
    open: &str,
) -> io::Result<()> {
    let data = DataDir::new(dir);
    if let Some(certification) = certification {
        let path = data
            .referentiels()
            .join(format!("{}.ron", certification.id));
        write_atomic(&path, livret::referentiel::to_ron(certification).as_bytes())?;
    }
    for portfolio in portfolios {
        save_portfolio(&data, portfolio)?;
    }
    save_state(
        &data,
        &State {
            last_referentiel: Some(open.to_string()),
        },
    )
}

/// Copies the files under `from` to `to`.
/// (A data dir, for a run that may change it.)
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
