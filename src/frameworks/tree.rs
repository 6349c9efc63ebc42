//! The common tree every format is read into, how a flat list with parent
//! links becomes one ([`link`]), and the one conversion of a tree into a
//! référentiel ([`convert`]).
//!
//! The levels:
//! - the framework itself (Moodle's « Is framework » row, Mahara's
//!   `framework`, CASE's `CFDocument`) is the certification: its title and
//!   description become the title and summary. Without one, a single root
//!   with children stands for it, else the file name gives the title;
//! - the roots become blocs, their description the bloc's; a bloc without
//!   child holds one compétence carrying the bloc's title;
//! - the children of a bloc become compétences, their description the
//!   compétence's `conditions`; one without child is a compétence without
//!   critère (evidence attaches to it);
//! - below a compétence, leaves become critères (text: the title, then the
//!   description unless it repeats the title) and intermediate levels
//!   groups: a critère's `group` is the titles of the levels between its
//!   compétence and itself, joined by « › ». An intermediate level's
//!   description is kept in the compétence's `conditions`, after the
//!   compétence's own, as a paragraph headed by that group and « : ».
//!
//! Ids: the source's code when it is unique in the file and has no blank,
//! else one from the position — `BC01`, `BC01.C02`, `BC01.C02.CR03` — with
//! `-2`, `-3`… appended when a source code already took it.

use std::collections::{HashMap, HashSet};

use super::html::collapse;
use crate::referentiel::{Bloc, Certification, Competence, Critere, FORMAT_VERSION, Kind, Source};

/// One element of a framework, as its source gives it, texts already plain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    /// The source's code (`ID number`, `humanCodingScheme`, `elementid`).
    pub code: Option<String>,
    /// One line.
    pub title: String,
    pub description: String,
    /// In source order.
    pub children: Vec<Node>,
}

/// A framework read, before it becomes a référentiel.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    /// The framework's own title; empty when the source has none.
    pub title: String,
    pub description: String,
    pub code: Option<String>,
    pub certifier: Option<String>,
    pub roots: Vec<Node>,
    /// What the source is, for the transcription note: « Importé » then
    /// this (« d’un référentiel Moodle (CSV…) »).
    pub source: String,
    /// What the source calls the codes ids come from (« ID number »).
    pub codes: &'static str,
    /// What the reader had to guess or correct.
    pub warnings: Vec<String>,
}

/// How many of each level the conversion made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub blocs: usize,
    pub competences: usize,
    pub criteres: usize,
    pub groups: usize,
}

pub(crate) struct Converted {
    pub certification: Certification,
    pub counts: Counts,
    pub warnings: Vec<String>,
}

/// `« a », « b »`, each cut for a warning.
pub(super) fn quoted(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("« {} »", short(i))).collect();
    quoted.join(", ")
}

/// A title cut for a warning.
pub(crate) fn short(text: &str) -> String {
    crate::text::truncate(&collapse(text), 60)
}

/// The tree as a référentiel (see the module's rules).
pub(crate) fn convert(mut tree: Tree, file_name: &str) -> Converted {
    let mut warnings = std::mem::take(&mut tree.warnings);
    let (title, summary, rule) = heading(&mut tree, file_name, &mut warnings);
    let mut builder = Builder {
        ids: Ids::new(&tree.roots, &mut warnings),
        counts: Counts::default(),
        warnings,
    };
    let blocs = tree
        .roots
        .iter()
        .enumerate()
        .map(|(i, root)| builder.bloc(root, i))
        .collect();
    let note = note(&tree, file_name, rule, &builder.warnings);
    let certification = Certification {
        format_version: FORMAT_VERSION,
        id: crate::referentiel::id_from_title(&title),
        title,
        kind: Kind::Other,
        code: tree.code.clone().filter(|c| !c.trim().is_empty()),
        level: None,
        certifier: tree.certifier.clone().filter(|c| !c.trim().is_empty()),
        valid_until: None,
        leaf_label: None,
        summary,
        requirements: Vec::new(),
        bloc_validity: None,
        jury: None,
        sections: Vec::new(),
        source: Source {
            file: file_name.to_string(),
            note: Some(note),
        },
        blocs,
        writing: Default::default(),
        levels: Vec::new(),
    };
    Converted {
        certification,
        counts: builder.counts,
        warnings: builder.warnings,
    }
}

/// The certification's title and summary, and the sentence of the note
/// saying where they come from.
fn heading(
    tree: &mut Tree,
    file_name: &str,
    warnings: &mut Vec<String>,
) -> (String, String, &'static str) {
    let title = collapse(&tree.title);
    if !title.is_empty() {
        let summary = apart(&tree.description, &title);
        return (
            title,
            summary,
            "Le référentiel lui-même donne le titre et le résumé.",
        );
    }
    if let [root] = tree.roots.as_mut_slice()
        && !root.children.is_empty()
    {
        let root = std::mem::take(root);
        let title = label(&root, warnings);
        warnings.push(format!(
            "aucun élément ne se désigne comme le référentiel : l’unique élément de premier \
             niveau « {} » en tient lieu",
            short(&title)
        ));
        tree.code = tree.code.take().or(root.code);
        tree.roots = root.children;
        let summary = apart(&root.description, &title);
        return (
            title,
            summary,
            "L’unique élément de premier niveau donne le titre et le résumé.",
        );
    }
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| collapse(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Référentiel importé".to_string());
    warnings.push(format!(
        "le fichier ne donne pas le titre du référentiel : « {stem} », tiré du nom du fichier"
    ));
    (
        stem,
        tree.description.clone(),
        "Le titre est tiré du nom du fichier.",
    )
}

fn note(tree: &Tree, file_name: &str, rule: &str, warnings: &[String]) -> String {
    let mut note = format!(
        "Importé {}, fichier « {file_name} ». {rule} Les éléments de premier niveau deviennent \
         les blocs, leurs enfants les compétences ; sous une compétence, les éléments sans enfant \
         deviennent les critères et les niveaux intermédiaires des groupes de critères (titres \
         joints par « › »), dont les descriptions s’ajoutent aux conditions de réalisation de la \
         compétence. Une compétence sans enfant n’a pas de critère : la preuve s’y attache. \
         Identifiants : le code de la source ({}) quand il est unique et sans espace, sinon tiré \
         de la position (BC01, BC01.C02, BC01.C02.CR03).",
        tree.source, tree.codes
    );
    if !warnings.is_empty() {
        note.push_str(" Corrections et choix de l’import :");
        for warning in warnings {
            note.push_str("\n- ");
            note.push_str(warning);
        }
    }
    note
}

/// `description`, or nothing when it only repeats `title`.
fn apart(description: &str, title: &str) -> String {
    if collapse(description) == collapse(title) {
        String::new()
    } else {
        description.trim().to_string()
    }
}

/// A node's title; without one, the first line of its description, then
/// its code.
fn label(node: &Node, warnings: &mut Vec<String>) -> String {
    let title = collapse(&node.title);
    if !title.is_empty() {
        return title;
    }
    let first = node
        .description
        .lines()
        .map(collapse)
        .find(|l| !l.is_empty());
    let code = || node.code.as_deref().map(collapse).filter(|c| !c.is_empty());
    if let Some(line) = first.or_else(code) {
        return line;
    }
    warnings.push("un élément n’a ni titre, ni description, ni code : nommé « Sans titre »".into());
    "Sans titre".to_string()
}

struct Builder {
    ids: Ids,
    counts: Counts,
    warnings: Vec<String>,
}

/// The critères of one compétence being gathered.
struct Leaves {
    competence: String,
    criteres: Vec<Critere>,
    conditions: Vec<String>,
    /// Titles of the intermediate levels above the current node.
    path: Vec<String>,
}

impl Builder {
    fn bloc(&mut self, node: &Node, index: usize) -> Bloc {
        self.counts.blocs += 1;
        let id = self
            .ids
            .give(node.code.as_deref(), format!("BC{:02}", index + 1));
        let title = label(node, &mut self.warnings);
        let competences = if node.children.is_empty() {
            self.warnings.push(format!(
                "« {} » n’a aucun élément en dessous : ce bloc a une seule compétence, qui reprend \
                 son titre",
                short(&title)
            ));
            self.counts.competences += 1;
            let id = self.ids.give(None, format!("{id}.C01"));
            vec![competence(id, title.clone(), String::new(), Vec::new())]
        } else {
            let children = node.children.iter().enumerate();
            children.map(|(j, c)| self.competence(c, &id, j)).collect()
        };
        Bloc {
            id,
            code: None,
            description: apart(&node.description, &title),
            title,
            optional: false,
            modalites: Vec::new(),
            knowledge: Vec::new(),
            activites: Vec::new(),
            competences,
        }
    }

    fn competence(&mut self, node: &Node, bloc: &str, index: usize) -> Competence {
        self.counts.competences += 1;
        let generated = format!("{bloc}.C{:02}", index + 1);
        let id = self.ids.give(node.code.as_deref(), generated);
        let title = label(node, &mut self.warnings);
        let own = apart(&node.description, &title);
        let mut leaves = Leaves {
            competence: id.clone(),
            criteres: Vec::new(),
            conditions: [own].into_iter().filter(|d| !d.is_empty()).collect(),
            path: Vec::new(),
        };
        self.leaves(&node.children, &mut leaves);
        competence(id, title, leaves.conditions.join("\n\n"), leaves.criteres)
    }

    fn leaves(&mut self, nodes: &[Node], into: &mut Leaves) {
        for node in nodes {
            if node.children.is_empty() {
                self.critere(node, into);
                continue;
            }
            self.counts.groups += 1;
            let title = label(node, &mut self.warnings);
            let description = apart(&node.description, &title);
            into.path.push(title);
            if !description.is_empty() {
                let group = into.path.join(" › ");
                into.conditions.push(format!("{group} :\n{description}"));
            }
            self.leaves(&node.children, into);
            into.path.pop();
        }
    }

    fn critere(&mut self, node: &Node, into: &mut Leaves) {
        self.counts.criteres += 1;
        let generated = format!("{}.CR{:02}", into.competence, into.criteres.len() + 1);
        let title = label(node, &mut self.warnings);
        let description = apart(&node.description, &title);
        // A title cut short (« … on a regular... ») that the description completes.
        let stem = title.trim_end_matches(['.', '…', ' ']);
        let text = if description.is_empty() {
            title
        } else if collapse(&description).starts_with(stem) {
            description
        } else {
            format!("{title}\n{description}")
        };
        into.criteres.push(Critere {
            id: self.ids.give(node.code.as_deref(), generated),
            text,
            group: (!into.path.is_empty()).then(|| into.path.join(" › ")),
            former_ids: Vec::new(),
        });
    }
}

fn competence(id: String, title: String, conditions: String, criteres: Vec<Critere>) -> Competence {
    Competence {
        id,
        title,
        conditions,
        results: String::new(),
        knowledge: Vec::new(),
        criteres,
        former_ids: Vec::new(),
    }
}

/// The ids given so far. A code names its node only when no other node has
/// it: otherwise a child's parent or a note's id would be ambiguous.
struct Ids {
    /// Codes used by exactly one node.
    reserved: HashSet<String>,
    given: HashSet<String>,
}

fn usable(code: &str) -> bool {
    !code.is_empty() && code != "*" && code.len() <= 80 && !code.chars().any(char::is_whitespace)
}

impl Ids {
    fn new(roots: &[Node], warnings: &mut Vec<String>) -> Self {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut order = Vec::new();
        let mut stack: Vec<&Node> = roots.iter().rev().collect();
        while let Some(node) = stack.pop() {
            stack.extend(node.children.iter().rev());
            let Some(code) = node
                .code
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            else {
                continue;
            };
            let count = counts.entry(code).or_insert(0);
            if *count == 0 {
                order.push(code);
            }
            *count += 1;
        }
        let unfit: Vec<&str> = order.iter().copied().filter(|c| !usable(c)).collect();
        if !unfit.is_empty() {
            warnings.push(format!(
                "codes inutilisables comme identifiants (blanc, « * » ou trop long) : {} ; \
                 identifiants tirés de la position",
                quoted(&unfit)
            ));
        }
        let shared: Vec<&str> = order
            .iter()
            .copied()
            .filter(|c| usable(c) && counts.get(c).is_some_and(|&n| n > 1))
            .collect();
        if !shared.is_empty() {
            warnings.push(format!(
                "codes portés par plusieurs éléments : {} ; identifiants tirés de la position pour \
                 chacun de ces éléments",
                quoted(&shared)
            ));
        }
        let reserved = order
            .into_iter()
            .filter(|c| usable(c) && counts.get(c) == Some(&1))
            .map(str::to_string)
            .collect();
        Ids {
            reserved,
            given: HashSet::new(),
        }
    }

    fn give(&mut self, code: Option<&str>, generated: String) -> String {
        if let Some(code) = code.map(str::trim).filter(|c| self.reserved.contains(*c))
            && self.given.insert(code.to_string())
        {
            return code.to_string();
        }
        let mut id = generated.clone();
        let mut n = 2;
        while self.reserved.contains(&id) || self.given.contains(&id) {
            id = format!("{generated}-{n}");
            n += 1;
        }
        self.given.insert(id.clone());
        id
    }
}

/// A title from a short name and a full one: the full one, after the short
/// one and « — » when the short one has words the full one lacks.
pub(crate) fn titled(short: &str, full: &str) -> String {
    use crate::rncp::split::words;
    let (short, full) = (super::html::one_line(short), super::html::one_line(full));
    let known = words(&full);
    if full.is_empty() {
        short
    } else if words(&short).iter().all(|w| known.contains(w)) {
        full
    } else {
        format!("{short} — {full}")
    }
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
