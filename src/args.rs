//! The command line: every command and option, and clap's own texts
//! (usage, headings, help, errors) in French.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// livret — préparez votre dossier de VAE critère par critère.
#[derive(Debug, Parser)]
#[command(
    name = "livret",
    version,
    about,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Args {
    /// Dossier de données (portfolios, référentiels ajoutés), ou
    /// LIVRET_DATA_DIR. Par défaut, le dossier de données de l’utilisateur.
    #[arg(
        long,
        global = true,
        env = "LIVRET_DATA_DIR",
        hide_env = true,
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,

    #[command(flatten)]
    pub look: Look,

    /// Affiche l’aide (-h : résumée, --help : complète).
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,

    /// Affiche la version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options of the commands that draw the interface.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Look {
    /// Thème de l’interface (livret themes pour la liste). Par défaut, celui
    /// de config.ron, sinon « mono » si NO_COLOR est défini, sinon « default ».
    #[arg(long, value_name = "NOM")]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Fait du dossier de données un dépôt git relié au serveur du centre
    /// (ssh://serveur/chemin/vous.git, ou un chemin), puis synchronise.
    Init {
        /// L’adresse du dépôt : tout ce que git accepte, sans mot de passe.
        remote: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CohortCommand {
    /// Crée (ou remet en ordre) le dossier de la cohorte : à vous, au groupe
    /// des tuteurs, mode 0751.
    Init {
        dir: PathBuf,
        /// Le groupe Unix des tuteurs (les candidats n’en sont pas).
        #[arg(long, value_name = "GROUPE")]
        group: String,
    },
    /// Ajoute un candidat (son compte Unix) : son dossier, à lui, lisible par
    /// les tuteurs, et reviews/ où chaque tuteur écrit ses avis.
    Add {
        dir: PathBuf,
        /// Le compte Unix du candidat.
        name: String,
    },
    /// Signale tout fichier ou dossier dont le propriétaire, le groupe ou le
    /// mode s’écarte de ce que la cohorte attend.
    Check { dir: PathBuf },
    /// (Lancé par `cohort add`, comme le candidat.)
    #[command(hide = true)]
    Adopt { dir: PathBuf, gid: u32 },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ouvre l’interface sur une certification (livret list pour les identifiants).
    Open {
        /// Identifiant de la certification.
        id: String,
        #[command(flatten)]
        look: Look,
    },
    /// Ouvre l’interface sur un exemple de candidat, dans un dossier jetable.
    Demo {
        /// Écrit plutôt trois candidats d’exemple dans DIR, pour un tuteur.
        #[arg(long, value_name = "DIR")]
        cohort: Option<PathBuf>,
        #[command(flatten)]
        look: Look,
    },
    /// Liste les certifications disponibles, avec leurs nombres de blocs,
    /// compétences et critères.
    List {
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Affiche toute la fiche d’une certification : blocs, compétences,
    /// critères, modalités d’évaluation, jury, sections, source.
    Show {
        /// Identifiant de la certification (livret list).
        id: String,
        /// Sortie JSON, pour les scripts (format stable, voir le README).
        #[arg(long)]
        json: bool,
    },
    /// Progression par bloc d’une certification : critères prêts et en cours.
    Status {
        /// Identifiant de la certification (livret list). Par défaut, la
        /// dernière ouverte.
        id: Option<String>,
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Exporte le dossier en Markdown, en page HTML imprimable ou en
    /// document Word.
    Export {
        /// Identifiant de la certification (livret list).
        id: String,
        /// Format du document : md (Markdown), html (une page autonome,
        /// imprimable) ou docx (Word).
        #[arg(long, value_enum, hide_possible_values = true)]
        format: FormatArg,
        /// Fichier à écrire (son dossier doit exister). Par défaut, la sortie
        /// standard (pour docx : seulement redirigée vers un fichier).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Remplacer le fichier s’il existe déjà.
        #[arg(long)]
        force: bool,
        /// Ne détaille que les critères prêts.
        #[arg(long = "ready-only", visible_alias = "only-ready")]
        only_ready: bool,
        /// Le suivi, pour vous et vos tuteurs (statuts, éléments sans
        /// preuve, avis des tuteurs), plutôt que le dossier pour le jury.
        #[arg(long)]
        suivi: bool,
        /// Dans le suivi, les commentaires des tuteurs aussi (jamais dans le
        /// dossier du jury).
        #[arg(long, requires = "suivi")]
        with_reviews: bool,
        /// (Sans effet : les commentaires ne sont exportés qu’avec --suivi
        /// --with-reviews.)
        #[arg(long, hide = true)]
        no_comments: bool,
        /// N’exporte que ce bloc (option répétable) ; par défaut, tous les blocs visés.
        #[arg(long = "bloc", value_name = "ID")]
        blocs: Vec<String>,
    },
    /// Cherche dans les référentiels et vos notes (même classement que « / »).
    Search {
        /// Les mots à chercher (accents et majuscules indifférents).
        #[arg(value_name = "MOTS", required = true, num_args = 1..)]
        query: Vec<String>,
        /// Chercher dans cette certification (par défaut : la dernière
        /// ouverte).
        #[arg(long, value_name = "ID", conflicts_with = "all")]
        referentiel: Option<String>,
        /// Chercher dans toutes les certifications.
        #[arg(long)]
        all: bool,
        /// Nombre maximal de résultats (20 par défaut).
        #[arg(long, default_value_t = 20, hide_default_value = true)]
        limit: usize,
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Liste les sauvegardes d’un portfolio, ou en restaure une.
    #[command(arg_required_else_help = true)]
    Restore {
        /// Identifiant de la certification.
        id: String,
        /// Numéro dans la liste (1 = la plus récente) ou chemin d’un fichier
        /// de portfolio (sauvegarde, fichier « recovered »).
        #[arg(required_unless_present = "list")]
        which: Option<String>,
        /// Lister les sauvegardes avec leur date et leur nombre de notes.
        #[arg(long, conflicts_with = "which")]
        list: bool,
    },
    /// Demande une relecture à vos tuteurs (un critère, une compétence, un
    /// bloc ; sans NŒUD : tout le dossier), ou retire la demande en cours.
    Request {
        /// Identifiant de la certification.
        id: String,
        /// Le critère, la compétence, l’évaluation ou le bloc.
        node: Option<String>,
        /// Un mot pour le tuteur.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        message: String,
        /// Retirer la demande en cours sur ce nœud.
        #[arg(long, conflicts_with = "message")]
        withdraw: bool,
    },
    /// La date où le dossier est attendu (jury, dépôt) : la donne, la
    /// retire ou l’affiche ; le rythme nécessaire en découle (status).
    Due {
        /// Identifiant de la certification.
        id: String,
        /// La date, AAAA-MM-JJ ou JJ/MM/AAAA ; sans date : l’affiche.
        #[arg(conflicts_with = "clear")]
        date: Option<String>,
        /// Retirer la date.
        #[arg(long)]
        clear: bool,
    },
    /// Votre identité dans le dossier : nom, n° et date de recevabilité,
    /// contact ; sans option, l’affiche (une valeur vide retire un champ).
    #[command(name = "identite", visible_alias = "identity")]
    Identity {
        /// Identifiant de la certification.
        id: String,
        /// Votre nom, « Prénom Nom ».
        #[arg(long = "nom", value_name = "NOM")]
        name: Option<String>,
        /// Le n° de la décision de recevabilité.
        #[arg(long, value_name = "NUMÉRO")]
        recevabilite: Option<String>,
        /// Sa date, AAAA-MM-JJ ou JJ/MM/AAAA.
        #[arg(long, value_name = "DATE")]
        date_recevabilite: Option<String>,
        /// Comment vous joindre (adresse, téléphone, courriel), sur une ligne.
        #[arg(long, value_name = "TEXTE")]
        contact: Option<String>,
    },
    /// L’historique d’un dossier, des deux côtés : notes, statuts,
    /// demandes de relecture, avis, commentaires.
    Log {
        /// Identifiant de la certification.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Liste les thèmes : intégrés et les vôtres (<config>/themes/*.ron).
    Themes {
        #[command(flatten)]
        look: Look,
    },
    /// Mode tuteur : les candidats d’un dossier, leurs critères à relire,
    /// vos avis et commentaires.
    Tutor {
        /// Le dossier de données d’un candidat, ou un dossier de cohorte qui
        /// contient ceux de plusieurs candidats.
        dir: PathBuf,
        /// Votre nom de tuteur, dans un dossier à vous seul (par défaut : name
        /// dans config.ron, sinon votre compte). Dans un dossier partagé, vos
        /// avis sont signés de votre compte Unix : un autre nom est refusé.
        #[arg(long = "as", value_name = "NOM")]
        name: Option<String>,
        /// Vue d’ensemble de la cohorte en JSON, sans l’interface.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        look: Look,
    },
    /// Met en place une cohorte sur un serveur de formation (pour
    /// l’administrateur) : voir la section « Sécurité » du README.
    #[command(subcommand)]
    Cohort(CohortCommand),
    /// Synchronise votre dossier de données avec le centre par git :
    /// envoie ce qui a changé ici, reçoit les avis et commentaires.
    /// `livret sync init ADRESSE` le prépare (une fois par machine).
    Sync {
        #[command(subcommand)]
        command: Option<SyncCommand>,
        /// Tuteur : synchronise chaque candidat d’un dossier de cohorte
        /// (des clones), en envoyant vos avis.
        #[arg(long, value_name = "DIR")]
        cohort: Option<PathBuf>,
        /// Le nom sous lequel vous synchronisez (par défaut : name dans
        /// config.ron, sinon votre compte).
        #[arg(long = "as", value_name = "NOM")]
        name: Option<String>,
    },
    /// Partage votre dossier de données avec un groupe de tuteurs, sans
    /// administrateur (une cohorte, `livret cohort`, protège mieux les avis).
    Share {
        /// Le groupe Unix des tuteurs.
        #[arg(long, value_name = "NOM")]
        group: String,
    },
    /// Importe une certification : du RNCP depuis l’export open data de
    /// France compétences (le XML, les CSV, ou leur zip ; sans --fiche, liste
    /// les fiches du fichier), ou un référentiel Moodle (CSV), Mahara
    /// (.matrix), CASE (JSON) ou un plan Markdown (livret new-referentiel).
    Import {
        /// L’export : export-fiches-rncp-….xml, le zip qui le contient, le CSV
        /// des blocs de compétences ou le zip des CSV.
        file: PathBuf,
        /// Numéro de la fiche à importer (RNCP35340 ou 35340) ; répétable.
        #[arg(long, value_name = "NUMÉRO")]
        fiche: Vec<String>,
        /// Liste les fiches du fichier, filtrées par des mots du numéro ou de
        /// l’intitulé (accents et majuscules indifférents).
        #[arg(long, value_name = "MOTS", num_args = 0..=1, default_missing_value = "", conflicts_with = "fiche")]
        list: Option<String>,
        /// Remplace un référentiel déjà importé (l’ancien est sauvegardé, les
        /// notes sont gardées).
        #[arg(long)]
        update: bool,
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Écrit un référentiel en plan Markdown (# certification, ## bloc,
    /// ### compétence, - critère), à modifier puis importer (livret import).
    #[command(name = "export-referentiel")]
    ExportReferentiel {
        /// Identifiant de la certification (livret list).
        id: String,
        /// Format : md (plan Markdown), le seul pour l’instant.
        #[arg(long, value_enum, default_value = "md", hide_possible_values = true)]
        format: OutlineFormat,
        /// Fichier à écrire. Par défaut, la sortie standard.
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Remplacer le fichier s’il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Écrit un plan Markdown d’exemple, commenté, pour écrire son propre
    /// référentiel (puis livret check FICHIER.md, livret import FICHIER.md).
    #[command(name = "new-referentiel")]
    NewReferentiel {
        /// Le fichier à écrire (FICHIER.md).
        file: PathBuf,
        /// Remplacer le fichier s’il existe déjà.
        #[arg(long)]
        force: bool,
    },
    /// Vérifie un fichier de référentiel (.ron, ou plan Markdown .md) et dit
    /// ce qui ne va pas, et où.
    Check {
        /// Le fichier à vérifier.
        file: PathBuf,
    },
    /// Affiche l’aide de livret, ou d’une de ses commandes.
    Help {
        /// La commande (livret help export).
        #[arg(value_name = "COMMANDE")]
        command: Vec<String>,
    },
}

/// The formats of `livret export-referentiel`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutlineFormat {
    /// Le plan Markdown.
    Md,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Markdown (CommonMark).
    Md,
    /// Une page HTML autonome, imprimable.
    Html,
    /// Un document Word.
    Docx,
}

/// Parses the command line; clap's help, usage and errors are in French. A
/// mistake prints one French line and the way to the help, and exits 2.
pub fn parse() -> Args {
    let command = french(Args::command());
    let matches = command
        .clone()
        .try_get_matches()
        .unwrap_or_else(|error| fail(&command, error));
    let args = Args::from_arg_matches(&matches).unwrap_or_else(|error| fail(&command, error));
    if args.look.theme.is_some() && args.command.as_ref().is_some_and(|c| !c.draws()) {
        eprintln!(
            "livret : --theme ne sert qu’aux commandes qui affichent l’interface \
             (livret, open, demo, tutor, themes)"
        );
        std::process::exit(2);
    }
    args
}

impl Command {
    /// Whether the command draws the interface (and so takes `--theme`).
    fn draws(&self) -> bool {
        matches!(
            self,
            Command::Open { .. }
                | Command::Demo { .. }
                | Command::Tutor { .. }
                | Command::Themes { .. }
        )
    }
}

/// clap's texts in French, on the command and every subcommand.
fn french(command: clap::Command) -> clap::Command {
    command
        .help_template(
            "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("Commandes")
        .subcommand_value_name("COMMANDE")
        .next_help_heading("Options")
        .disable_help_flag(true)
        .mut_subcommands(french)
}

/// `livret help [COMMAND…]`: the help of livret or of one of its commands.
pub fn help(path: &[String]) -> ExitCode {
    let mut command = french(Args::command());
    // Gives each subcommand its full name (livret export) for its usage.
    command.build();
    let mut current = &mut command;
    for name in path {
        match current.find_subcommand_mut(name) {
            Some(sub) => current = sub,
            None => {
                eprintln!(
                    "livret : commande inconnue « {} »",
                    livret::text::terminal_safe(name)
                );
                eprintln!("Les commandes : livret --help");
                return ExitCode::from(2);
            }
        }
    }
    let _ = current.print_long_help();
    ExitCode::SUCCESS
}

/// Prints a command-line mistake in French and exits; help and version
/// are printed as asked.
fn fail(command: &clap::Command, error: clap::Error) -> ! {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let _ = command;
    eprintln!("livret : {}", livret::text::terminal_safe(&explain(&error)));
    eprintln!("L’aide : livret --help, ou livret help COMMANDE");
    std::process::exit(2);
}

/// One French sentence for a command-line mistake, from clap's context.
fn explain(error: &clap::Error) -> String {
    let text = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let mut said = match error.kind() {
        ErrorKind::InvalidSubcommand => {
            format!(
                "commande inconnue « {} »",
                text(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => format!("option inconnue « {arg} »"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = text(ContextKind::InvalidValue);
            let mut said = if value.is_empty() {
                format!("il manque une valeur à {arg}")
            } else {
                format!("valeur « {value} » refusée pour {arg}")
            };
            let valid = text(ContextKind::ValidValue);
            if !valid.is_empty() {
                said.push_str(&format!(" ; valeurs possibles : {valid}"));
            }
            said
        }
        ErrorKind::MissingRequiredArgument => format!("il manque {arg}"),
        ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
        ErrorKind::ArgumentConflict => {
            format!("{arg} ne va pas avec {}", text(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("trop de valeurs pour {arg}")
        }
        ErrorKind::NoEquals => format!("{arg} s’écrit avec « = » et sa valeur"),
        _ => format!("ligne de commande incomprise ({})", error.kind()),
    };
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(text)
    .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        said.push_str(&format!(" ; vouliez-vous dire « {suggested} » ?"));
    }
    said
}
