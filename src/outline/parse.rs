//! Reading an outline back into a référentiel: line by line, each line's
//! place known, so that what is wrong is said with its line.

pub use super::error::OutlineError;
use std::collections::HashMap;

mod fields;
mod ids;

use super::items::critere_items;
use super::labels::{self as l, OPTIONAL, keyed, split_id, unescape};
use crate::referentiel::Step;
use crate::referentiel::{
    Activite, Bloc, Certification, Competence, Critere, FORMAT_VERSION, Kind, Source,
};
use ids::Ids;

/// A référentiel read from an outline, what had to be guessed, and the line
/// each element starts on (to place the problems validation finds).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub certification: Certification,
    /// French, one per guess: an id made up, a text kept elsewhere…
    pub warnings: Vec<String>,
    places: HashMap<Vec<Step>, usize>,
}

impl Parsed {
    /// The line where the element at `path` (a validation problem's) starts.
    pub fn line_of(&self, path: &[Step]) -> Option<usize> {
        (0..=path.len())
            .rev()
            .find_map(|len| self.places.get(&path[..len]).copied())
    }
}

/// Reads an outline; `file` names the source when the outline does not.
pub fn parse(text: &str, file: &str) -> Result<Parsed, OutlineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::new(file);
    let lines: Vec<&str> = text.lines().collect();
    reader.ids = Ids::written(&lines);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('>') {
            let start = i;
            while i < lines.len() && lines[i].starts_with('>') {
                i += 1;
            }
            let block: Vec<(usize, &str)> = (start..i)
                .map(|n| {
                    let body = &lines[n][1..];
                    (n + 1, body.strip_prefix(' ').unwrap_or(body))
                })
                .collect();
            reader.block(&block)?;
            continue;
        }
        if line.starts_with("- ") && reader.takes_items() {
            let start = i;
            i += 1;
            // Items, lines indented under them, and blank lines followed by
            // more of them (a group's critères after a blank line).
            let within = |line: &str| line.starts_with("- ") || line.starts_with([' ', '\t']);
            loop {
                while i < lines.len() && within(lines[i]) {
                    i += 1;
                }
                let next = (i..lines.len()).find(|&k| !lines[k].trim().is_empty());
                match next {
                    Some(k) if lines[k].starts_with([' ', '\t']) => i = k,
                    _ => break,
                }
            }
            let items: Vec<(usize, &str)> = (start..i).map(|n| (n + 1, lines[n])).collect();
            let criteres = critere_items(&items)?;
            reader.criteres(criteres, start + 1)?;
            continue;
        }
        reader.line(i + 1, line)?;
        i += 1;
    }
    reader.finish()
}

/// Where the lines being read belong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Start,
    /// Under `#`; `keys`: still in the `clé : valeur` lines.
    Certification {
        keys: bool,
    },
    Bloc,
    /// A `###` that may turn out to be an activité (when `####` follows).
    Third,
    Activite,
    /// A `####` compétence, under an activité.
    Fourth,
}

struct Reader {
    c: Certification,
    at: At,
    /// Plain lines of the element being read, joined when it ends.
    text: Vec<String>,
    warnings: Vec<String>,
    places: Vec<(Vec<Step>, usize)>,
    /// A `clé : valeur` line was read under the title.
    seen_key: bool,
    /// The id of the last `###` was made up (an activité's is then too).
    third_made_up: bool,
    ids: Ids,
}

impl Reader {
    fn new(file: &str) -> Self {
        Reader {
            c: Certification {
                format_version: FORMAT_VERSION,
                id: String::new(),
                title: String::new(),
                kind: Kind::Other,
                code: None,
                level: None,
                certifier: None,
                valid_until: None,
                leaf_label: None,
                summary: String::new(),
                requirements: Vec::new(),
                bloc_validity: None,
                jury: None,
                sections: Vec::new(),
                source: Source {
                    file: file.to_string(),
                    note: None,
                },
                blocs: Vec::new(),
                writing: Default::default(),
                levels: Vec::new(),
            },
            at: At::Start,
            text: Vec::new(),
            warnings: Vec::new(),
            places: Vec::new(),
            seen_key: false,
            third_made_up: false,
            ids: Ids::default(),
        }
    }

    fn error<T>(line: usize, message: impl Into<String>) -> Result<T, OutlineError> {
        Err(OutlineError {
            line,
            message: message.into(),
        })
    }

    /// Whether `- ` lines here are critères.
    fn takes_items(&self) -> bool {
        matches!(self.at, At::Third | At::Fourth)
    }

    /// The path of the element being read, for [`Parsed::line_of`].
    fn path(&self) -> Vec<Step> {
        let mut path = Vec::new();
        let Some(b) = self.c.blocs.len().checked_sub(1) else {
            return path;
        };
        path.extend([Step::Field("blocs"), Step::Index(b)]);
        let bloc = &self.c.blocs[b];
        match self.at {
            At::Third => path.extend([
                Step::Field("competences"),
                Step::Index(bloc.competences.len().saturating_sub(1)),
            ]),
            At::Activite | At::Fourth => {
                let a = bloc.activites.len().saturating_sub(1);
                path.extend([Step::Field("activites"), Step::Index(a)]);
                if self.at == At::Fourth {
                    let n = bloc.activites.get(a).map_or(0, |a| a.competences.len());
                    path.extend([Step::Field("competences"), Step::Index(n.saturating_sub(1))]);
                }
            }
            _ => {}
        }
        path
    }

    fn place(&mut self, line: usize) {
        let path = self.path();
        self.places.push((path, line));
    }

    /// A heading, a key or a line of text.
    fn line(&mut self, n: usize, line: &str) -> Result<(), OutlineError> {
        if let Some(title) = line.strip_prefix("# ") {
            if self.at != At::Start {
                return Self::error(n, "un seul titre « # » par référentiel : le premier");
            }
            self.c.title = title.trim().to_string();
            self.at = At::Certification { keys: true };
            self.place(n);
            return Ok(());
        }
        if self.at == At::Start {
            if line.trim().is_empty() {
                return Ok(());
            }
            return Self::error(
                n,
                "le référentiel commence par son titre : « # Intitulé de la certification »",
            );
        }
        if let Some(rest) = line.strip_prefix("## ") {
            return self.bloc(n, rest);
        }
        if let Some(rest) = line.strip_prefix("### ") {
            return self.third(n, rest);
        }
        if let Some(rest) = line.strip_prefix("#### ") {
            return self.fourth(n, rest);
        }
        if line.starts_with('#') && line.trim_start_matches('#').starts_with(' ') {
            return Self::error(
                n,
                "titre trop profond : # certification, ## bloc, ### compétence (ou activité), \
                 #### compétence d’une activité",
            );
        }
        if line.starts_with("- ") {
            return Self::error(
                n,
                "un critère (« - ») se place sous une compétence (### ou ####)",
            );
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        if hashes > 0 && !line[hashes..].starts_with(' ') && !line[hashes..].is_empty() {
            return Self::error(
                n,
                format!(
                    "mettez une espace après « {} » (un texte qui commence par « # » s’écrit \
                     « \\# »)",
                    &line[..hashes]
                ),
            );
        }
        let numbered = line.split_once(['.', ')']).is_some_and(|(d, rest)| {
            !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
        });
        if self.takes_items() && (line.starts_with("* ") || line.starts_with("+ ") || numbered) {
            return Self::error(
                n,
                "un critère s’écrit « - critère » (un tiret, une espace) ; un texte qui commence \
                 ainsi s’écrit avec « \\ » devant",
            );
        }
        if let At::Certification { keys: true } = self.at {
            if line.trim().is_empty() {
                if self.seen_key {
                    self.at = At::Certification { keys: false };
                }
                return Ok(());
            }
            if let Some((key, value)) = keyed(line) {
                return self.key(n, key, value.trim());
            }
            if self.seen_key && l::looks_keyed(line) {
                return Self::error(
                    n,
                    format!(
                        "clé inconnue ; sous le titre : {} (une ligne vide avant le résumé)",
                        l::KEYS.join(", ")
                    ),
                );
            }
            self.at = At::Certification { keys: false };
        }
        self.text.push(unescape(line).to_string());
        Ok(())
    }

    fn key(&mut self, n: usize, key: &str, value: &str) -> Result<(), OutlineError> {
        self.seen_key = true;
        let path: &[Step] = match key {
            l::KEY_KIND => &[Step::Field("kind")],
            l::KEY_LEVEL => &[Step::Field("level")],
            l::KEY_CERTIFIER => &[Step::Field("certifier")],
            l::KEY_VALID_UNTIL => &[Step::Field("valid_until")],
            l::KEY_LEAF => &[Step::Field("leaf_label")],
            l::KEY_LEVELS => &[Step::Field("levels")],
            l::KEY_TARGET => &[Step::Field("writing"), Step::Field("target_words")],
            l::KEY_SOURCE => &[Step::Field("source")],
            l::KEY_CODE => &[Step::Field("code")],
            _ => &[Step::Field("id")],
        };
        self.places.push((path.to_vec(), n));
        let c = &mut self.c;
        let some = || (!value.is_empty()).then(|| value.to_string());
        match key {
            l::KEY_ID => c.id = value.to_string(),
            l::KEY_CODE => c.code = some(),
            l::KEY_KIND => {
                c.kind = match value.to_lowercase().as_str() {
                    "rncp" => Kind::Rncp,
                    "cqpm" => Kind::Cqpm,
                    "autre" | "" => Kind::Other,
                    other => {
                        return Self::error(
                            n,
                            format!("type « {other} » inconnu : RNCP, CQPM ou autre"),
                        );
                    }
                }
            }
            l::KEY_LEVEL => c.level = some(),
            l::KEY_CERTIFIER => c.certifier = some(),
            l::KEY_VALID_UNTIL => c.valid_until = some(),
            l::KEY_LEAF => c.leaf_label = some(),
            l::KEY_LEVELS => {
                c.levels = value.split(" | ").map(|s| s.trim().to_string()).collect();
            }
            l::KEY_TARGET => {
                let words = value.parse().map_err(|_| OutlineError {
                    line: n,
                    message: format!("mots visés : « {value} » n’est pas un nombre de mots"),
                })?;
                c.writing.target_words = Some(words);
            }
            _ => c.source.file = value.to_string(),
        }
        Ok(())
    }

    /// The plain lines read so far, as a text: blank lines at both ends off.
    fn take_text(&mut self) -> String {
        let lines = std::mem::take(&mut self.text);
        let start = lines.iter().position(|l| !l.trim().is_empty());
        let end = lines.iter().rposition(|l| !l.trim().is_empty());
        match (start, end) {
            (Some(s), Some(e)) => lines[s..=e].join("\n"),
            _ => String::new(),
        }
    }

    /// Puts the plain lines read into the element they were under.
    fn flush(&mut self) {
        let text = self.take_text();
        if text.is_empty() {
            return;
        }
        let append = |into: &mut String| {
            if !into.is_empty() {
                into.push_str("\n\n");
            }
            into.push_str(&text);
        };
        match self.at {
            At::Start | At::Certification { .. } => append(&mut self.c.summary),
            At::Bloc => append(&mut self.bloc_mut().description),
            At::Activite => {
                if let Some(a) = self.bloc_mut().activites.last_mut() {
                    append(&mut a.description);
                }
            }
            At::Third | At::Fourth => {
                // A compétence has no description: the text is its context.
                if let Some(competence) = self.competence_mut() {
                    append(&mut competence.conditions);
                    let id = competence.id.clone();
                    self.warnings.push(format!(
                        "{id} : le texte sous la compétence est gardé comme ses conditions \
                         de réalisation"
                    ));
                }
            }
        }
    }

    fn bloc_mut(&mut self) -> &mut Bloc {
        self.c.blocs.last_mut().expect("a bloc is being read")
    }

    fn competence_mut(&mut self) -> Option<&mut Competence> {
        let at = self.at;
        let bloc = self.c.blocs.last_mut()?;
        match at {
            At::Third => bloc.competences.last_mut(),
            At::Fourth => bloc.activites.last_mut()?.competences.last_mut(),
            _ => None,
        }
    }

    fn bloc(&mut self, n: usize, rest: &str) -> Result<(), OutlineError> {
        self.flush();
        let (rest, optional) = match rest.trim_end().strip_suffix(OPTIONAL.trim_start()) {
            Some(rest) => (rest.trim_end(), true),
            None => (rest.trim_end(), false),
        };
        let (id, title) = split_id(rest);
        let id = match id {
            Some(id) => id.to_string(),
            None => self.ids.make(format!("BC{:02}", self.c.blocs.len() + 1)),
        };
        self.c.blocs.push(Bloc {
            id,
            code: None,
            title: title.trim().to_string(),
            optional,
            description: String::new(),
            modalites: Vec::new(),
            knowledge: Vec::new(),
            activites: Vec::new(),
            competences: Vec::new(),
        });
        self.at = At::Bloc;
        self.place(n);
        Ok(())
    }

    fn third(&mut self, n: usize, rest: &str) -> Result<(), OutlineError> {
        if self.c.blocs.is_empty() {
            return Self::error(n, "une compétence (###) se place sous un bloc (##)");
        }
        self.flush();
        let bloc = self.c.blocs.last_mut().expect("a bloc is being read");
        let count = bloc.competences.len() + bloc.activites.len();
        let (id, title) = split_id(rest.trim_end());
        self.third_made_up = id.is_none();
        let id = match id {
            Some(id) => id.to_string(),
            None => self.ids.make(format!("{}.C{:02}", bloc.id, count + 1)),
        };
        bloc.competences.push(new_competence(id, title));
        self.at = At::Third;
        self.place(n);
        Ok(())
    }

    fn fourth(&mut self, n: usize, rest: &str) -> Result<(), OutlineError> {
        if self.at == At::Third {
            // The `###` above is an activité: its compétences follow.
            let made_up = self.third_made_up;
            let description = self.take_text();
            let bloc = self.c.blocs.last_mut().expect("a bloc is being read");
            let bloc_id = bloc.id.clone();
            let third = bloc.competences.pop().expect("a ### was read");
            let kept_as_conditions = format!("{} : le texte sous", third.id);
            let untouched = third.criteres.is_empty()
                && third.results.is_empty()
                && third.knowledge.is_empty()
                && third.former_ids.is_empty();
            if !untouched {
                return Self::error(
                    n,
                    "#### (compétence d’une activité) sous une compétence qui a déjà des \
                     critères ou des champs : l’activité (###) n’a que son titre et sa description",
                );
            }
            let id = if made_up {
                self.ids.forget(&third.id);
                self.ids
                    .make(format!("{bloc_id}.A{:02}", bloc.activites.len() + 1))
            } else {
                third.id
            };
            // Text under the `###` went to the conditions of a compétence it
            // is not: it describes the activité.
            let description = [third.conditions, description]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            bloc.activites.push(Activite {
                id,
                title: third.title,
                description,
                competences: Vec::new(),
            });
            self.warnings
                .retain(|w| !w.starts_with(&kept_as_conditions));
            // Its place moves from the compétences to the activités.
            let line = self.places.pop().map_or(n, |(_, line)| line);
            self.at = At::Activite;
            self.place(line);
        }
        if !matches!(self.at, At::Activite | At::Fourth) {
            return Self::error(
                n,
                "une compétence d’activité (####) se place sous une activité (###)",
            );
        }
        self.flush();
        let activite = self
            .c
            .blocs
            .last_mut()
            .and_then(|b| b.activites.last_mut())
            .expect("an activité is being read");
        let count = activite.competences.len();
        let (id, title) = split_id(rest.trim_end());
        let id = match id {
            Some(id) => id.to_string(),
            None => self.ids.make(format!("{}.C{:02}", activite.id, count + 1)),
        };
        activite.competences.push(new_competence(id, title));
        self.at = At::Fourth;
        self.place(n);
        Ok(())
    }

    /// The critères listed under the compétence being read.
    fn criteres(&mut self, criteres: Vec<(usize, Critere)>, n: usize) -> Result<(), OutlineError> {
        self.flush();
        let path = self.path();
        let at = self.at;
        let competence = self.c.blocs.last_mut().and_then(|bloc| match at {
            At::Third => bloc.competences.last_mut(),
            At::Fourth => bloc.activites.last_mut()?.competences.last_mut(),
            _ => None,
        });
        let Some(competence) = competence else {
            return Self::error(n, "un critère (« - ») se place sous une compétence");
        };
        let base = competence.id.clone();
        let mut places = Vec::new();
        for (line, mut critere) in criteres {
            if critere.id.is_empty() {
                let id = format!("{base}.CR{:02}", competence.criteres.len() + 1);
                critere.id = self.ids.make(id);
            }
            let at = [
                Step::Field("criteres"),
                Step::Index(competence.criteres.len()),
            ];
            places.push(([path.as_slice(), &at].concat(), line));
            competence.criteres.push(critere);
        }
        self.places.extend(places);
        Ok(())
    }

    fn finish(mut self) -> Result<Parsed, OutlineError> {
        self.flush();
        if self.at == At::Start {
            return Self::error(1, "le fichier est vide : il commence par « # Intitulé »");
        }
        if self.c.title.is_empty() {
            return Self::error(1, "le titre « # » est vide");
        }
        if self.c.id.is_empty() {
            self.c.id = crate::referentiel::id_from_title(&self.c.title);
            self.warnings.push(format!(
                "identifiant tiré du titre : {} (« id : … » sous le titre pour le choisir)",
                self.c.id
            ));
        }
        if !self.ids.made_up.is_empty() {
            let shown: Vec<&str> = self
                .ids
                .made_up
                .iter()
                .take(8)
                .map(String::as_str)
                .collect();
            let more = self.ids.made_up.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" et {more} autres")
            } else {
                String::new()
            };
            self.warnings.push(format!(
                "identifiants donnés par livret, selon la place : {}{more} ; écrivez « ID — » \
                 devant un titre ou un critère pour le fixer (les notes s’attachent aux \
                 identifiants)",
                shown.join(", ")
            ));
        }
        Ok(Parsed {
            certification: self.c,
            warnings: self.warnings,
            places: self.places.into_iter().collect(),
        })
    }
}

fn new_competence(id: String, title: &str) -> Competence {
    Competence {
        id,
        title: title.trim().to_string(),
        conditions: String::new(),
        results: String::new(),
        knowledge: Vec::new(),
        criteres: Vec::new(),
        former_ids: Vec::new(),
    }
}
