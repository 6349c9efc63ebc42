//! The fiche: everything a référentiel holds, in one reading order. Pure.
//!
//! One model feeds the three readers, so they cannot drift apart: [`Fiche`]
//! is the stable JSON of `livret show --json`; [`document`] is the same
//! content as lines, which [`plain`] prints for `livret show` and [`layout`]
//! wraps for the fiche screen of the interface.

use jiff::civil::Date;
use serde::Serialize;

use crate::referentiel::{Bloc, Certification, Competence, Critere, Modalite};

/// `livret show --json`: the certification, then its blocs.
#[derive(Debug, Serialize)]
pub struct Fiche<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// `rncp`, `cqpm` or `other`.
    pub kind: &'static str,
    pub code: Option<&'a str>,
    pub level: Option<&'a str>,
    pub certifier: Option<&'a str>,
    /// `YYYY-MM-DD`, as the file gives it.
    pub valid_until: Option<&'a str>,
    /// Whether `valid_until` is before today.
    pub expired: bool,
    pub leaf_label: &'a str,
    pub summary: &'a str,
    pub requirements: &'a [String],
    pub bloc_validity: Option<&'a str>,
    pub jury: Option<&'a str>,
    pub sections: Vec<SectionJson<'a>>,
    pub source: SourceJson<'a>,
    pub blocs: Vec<BlocJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SectionJson<'a> {
    pub title: &'a str,
    pub text: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SourceJson<'a> {
    pub file: &'a str,
    pub note: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct BlocJson<'a> {
    pub id: &'a str,
    /// The source's full code (`RNCP36490BC01`), when it differs from `id`.
    pub code: Option<&'a str>,
    pub title: &'a str,
    pub optional: bool,
    pub description: &'a str,
    pub knowledge: &'a [String],
    pub activites: Vec<ActiviteJson<'a>>,
    pub competences: Vec<CompetenceJson<'a>>,
    pub evaluations: Vec<EvaluationJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ActiviteJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

#[derive(Debug, Serialize)]
pub struct CompetenceJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The activité it sits under, if any.
    pub activite: Option<&'a str>,
    pub conditions: &'a str,
    pub results: &'a str,
    pub knowledge: &'a [String],
    pub former_ids: &'a [String],
    /// Every critère that applies: its own, then those of the evaluations
    /// that cover it (`shared`). Empty when evidence attaches to the
    /// compétence itself.
    pub criteres: Vec<CritereJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CritereJson<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub group: Option<&'a str>,
    pub shared: bool,
    /// The evaluation a shared critère belongs to; `null` for the
    /// compétence's own.
    pub evaluation: Option<&'a str>,
    pub former_ids: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct EvaluationJson<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub text: &'a str,
    pub duration: Option<&'a str>,
    pub deliverables: Vec<Deliverable<'a>>,
    pub requirements: &'a [String],
    pub covers: &'a [String],
    pub criteres: Vec<CritereJson<'a>>,
}

/// A deliverable and the sub-items written under it (`- ` lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deliverable<'a> {
    pub text: &'a str,
    pub items: Vec<&'a str>,
}

/// Groups deliverables: a line starting with `- ` right after another is a
/// sub-item of the last top-level one.
pub fn deliverables(lines: &[String]) -> Vec<Deliverable<'_>> {
    let mut out: Vec<Deliverable> = Vec::new();
    for line in lines {
        match (line.strip_prefix("- "), out.last_mut()) {
            (Some(sub), Some(parent)) => parent.items.push(sub),
            _ => out.push(Deliverable {
                text: line,
                items: Vec::new(),
            }),
        }
    }
    out
}

fn critere<'a>(k: &'a Critere, evaluation: Option<&'a Modalite>) -> CritereJson<'a> {
    CritereJson {
        id: &k.id,
        text: &k.text,
        group: k.group.as_deref(),
        shared: evaluation.is_some(),
        evaluation: evaluation.and_then(|m| m.id.as_deref()),
        former_ids: &k.former_ids,
    }
}

fn competence<'a>(
    bloc: &'a Bloc,
    c: &'a Competence,
    activite: Option<&'a str>,
) -> CompetenceJson<'a> {
    let own = c.criteres.iter().map(|k| critere(k, None));
    let shared = bloc
        .evaluations_of(&c.id)
        .flat_map(|m| m.criteres.iter().map(move |k| critere(k, Some(m))));
    CompetenceJson {
        id: &c.id,
        title: &c.title,
        activite,
        conditions: &c.conditions,
        results: &c.results,
        knowledge: &c.knowledge,
        former_ids: &c.former_ids,
        criteres: own.chain(shared).collect(),
    }
}

fn bloc(b: &Bloc) -> BlocJson<'_> {
    let under = b.activites.iter().flat_map(|a| {
        a.competences
            .iter()
            .map(move |c| competence(b, c, Some(a.id.as_str())))
    });
    let direct = b.competences.iter().map(|c| competence(b, c, None));
    BlocJson {
        id: &b.id,
        code: b.code.as_deref(),
        title: &b.title,
        optional: b.optional,
        description: &b.description,
        knowledge: &b.knowledge,
        activites: b
            .activites
            .iter()
            .map(|a| ActiviteJson {
                id: &a.id,
                title: &a.title,
                description: &a.description,
            })
            .collect(),
        competences: under.chain(direct).collect(),
        evaluations: b
            .modalites
            .iter()
            .map(|m| EvaluationJson {
                id: m.id.as_deref(),
                title: &m.title,
                text: &m.text,
                duration: m.duration.as_deref(),
                deliverables: deliverables(&m.deliverables),
                requirements: &m.requirements,
                covers: &m.covers,
                criteres: m.criteres.iter().map(|k| critere(k, None)).collect(),
            })
            .collect(),
    }
}

impl<'a> Fiche<'a> {
    pub fn new(c: &'a Certification, today: Date) -> Self {
        Fiche {
            id: &c.id,
            title: &c.title,
            kind: match c.kind {
                crate::referentiel::Kind::Rncp => "rncp",
                crate::referentiel::Kind::Cqpm => "cqpm",
                crate::referentiel::Kind::Other => "other",
            },
            code: c.code.as_deref(),
            level: c.level.as_deref(),
            certifier: c.certifier.as_deref(),
            valid_until: c.valid_until.as_deref(),
            expired: c.expired_on(today),
            leaf_label: c.leaf_label(),
            summary: &c.summary,
            requirements: &c.requirements,
            bloc_validity: c.bloc_validity.as_deref(),
            jury: c.jury.as_deref(),
            sections: c
                .sections
                .iter()
                .map(|s| SectionJson {
                    title: &s.title,
                    text: &s.text,
                })
                .collect(),
            source: SourceJson {
                file: &c.source.file,
                note: c.source.note.as_deref(),
            },
            blocs: c.blocs.iter().map(bloc).collect(),
        }
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serializes") + "\n"
    }
}

/// `30/06/2025`, or the text as given when it is not a date.
pub fn french_date(text: &str) -> String {
    match text.parse::<Date>() {
        Ok(date) => date.strftime("%d/%m/%Y").to_string(),
        Err(_) => text.to_string(),
    }
}

/// The warning of an expired registration, if it is one.
pub fn expiry_warning(c: &Certification, today: Date) -> Option<String> {
    let until = c.valid_until.as_deref().filter(|_| c.expired_on(today))?;
    Some(format!(
        "Enregistrement expiré le {} : vérifiez auprès du certificateur que la \
         certification est encore délivrée.",
        french_date(until)
    ))
}

/// What a line of the document is, for its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The certification's title.
    Title,
    Warning,
    /// A part of the certification, or a bloc.
    Heading,
    /// A modalité, an activité, a compétence.
    Subheading,
    /// A label inside a part: « Livrables », a critère group…
    Label,
    Text,
    /// Ids, file names, remarks.
    Dim,
}

/// One paragraph of the document: it may hold several source lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: Kind,
    /// Indent level (two columns each).
    pub depth: usize,
    /// A list item: drawn with a bullet and a hanging indent.
    pub bullet: bool,
    pub text: String,
}

/// Data text made safe to print: tabs become spaces, carriage returns and
/// every other control character go (a newline stays a line break).
pub fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Builds the lines; every text goes through [`printable`].
#[derive(Default)]
struct Doc {
    lines: Vec<Line>,
}

impl Doc {
    fn push(&mut self, kind: Kind, depth: usize, bullet: bool, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.lines.push(Line {
            kind,
            depth,
            bullet,
            text: printable(text),
        });
    }

    fn text(&mut self, depth: usize, text: &str) {
        self.push(Kind::Text, depth, false, text);
    }

    fn labelled(&mut self, depth: usize, label: &str, text: Option<&str>) {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.push(Kind::Label, depth, false, label);
            self.text(depth, text);
        }
    }

    fn items(&mut self, depth: usize, label: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.push(Kind::Label, depth, false, label);
        for item in items {
            self.push(Kind::Text, depth, true, item);
        }
    }

    fn former(&mut self, depth: usize, former: &[String]) {
        if !former.is_empty() {
            let text = format!("Anciens identifiants : {}", former.join(", "));
            self.push(Kind::Dim, depth, false, &text);
        }
    }

    /// Critères under their groups, a label each time the group changes.
    fn criteres(&mut self, depth: usize, label: &str, criteres: &[Critere]) {
        if criteres.is_empty() {
            return;
        }
        self.push(Kind::Label, depth, false, label);
        let mut group = None;
        for k in criteres {
            if k.group.is_some() && k.group != group {
                self.push(Kind::Dim, depth, false, k.group.as_deref().unwrap_or(""));
            }
            group = k.group.clone();
            self.push(Kind::Text, depth, true, &format!("{} — {}", k.id, k.text));
            self.former(depth + 1, &k.former_ids);
        }
    }
}

/// The whole fiche as lines, in the source's order.
pub fn document(c: &Certification, today: Date) -> Vec<Line> {
    let mut doc = Doc::default();
    doc.push(Kind::Title, 0, false, &c.title);
    let mut facts = vec![c.id.clone(), c.kind.label().to_string()];
    facts.extend(c.code.clone());
    doc.push(Kind::Dim, 0, false, &facts.join(" · "));
    if let Some(warning) = expiry_warning(c, today) {
        doc.push(Kind::Warning, 0, false, &format!("⚠ {warning}"));
    }
    for (label, value) in [
        ("Code", c.code.clone()),
        ("Niveau", c.level.clone()),
        ("Certificateur", c.certifier.clone()),
        (
            "Enregistrement valable jusqu’au",
            c.valid_until.as_deref().map(french_date),
        ),
        ("Nom des critères dans la source", c.leaf_label.clone()),
    ] {
        if let Some(value) = value {
            doc.text(0, &format!("{label} : {value}"));
        }
    }
    if !c.summary.trim().is_empty() {
        doc.push(Kind::Heading, 0, false, "Résumé");
        doc.text(0, &c.summary);
    }
    if !c.requirements.is_empty() {
        doc.push(Kind::Heading, 0, false, "Prérequis et conditions");
        for item in &c.requirements {
            doc.push(Kind::Text, 0, true, item);
        }
    }
    for (label, text) in [
        ("Validité des blocs", c.bloc_validity.as_deref()),
        ("Jury", c.jury.as_deref()),
    ] {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            doc.push(Kind::Heading, 0, false, label);
            doc.text(0, text);
        }
    }
    for section in &c.sections {
        doc.push(Kind::Heading, 0, false, &section.title);
        doc.text(0, &section.text);
    }
    for b in &c.blocs {
        bloc_lines(&mut doc, c, b);
    }
    doc.push(Kind::Heading, 0, false, "Source");
    doc.text(0, &format!("Fichier : {}", c.source.file));
    doc.labelled(0, "Note de transcription", c.source.note.as_deref());
    doc.lines
}

fn bloc_lines(doc: &mut Doc, c: &Certification, b: &Bloc) {
    let optional = if b.optional { " (optionnel)" } else { "" };
    doc.push(
        Kind::Heading,
        0,
        false,
        &match &b.code {
            Some(code) => format!("Bloc {} ({code}) — {}{optional}", b.id, b.title),
            None => format!("Bloc {} — {}{optional}", b.id, b.title),
        },
    );
    doc.text(0, &b.description);
    for m in &b.modalites {
        modalite_lines(doc, c, m);
    }
    doc.items(0, "Connaissances associées", &b.knowledge);
    for a in &b.activites {
        doc.push(
            Kind::Subheading,
            0,
            false,
            &format!("Activité {} — {}", a.id, a.title),
        );
        doc.text(1, &a.description);
        for competence in &a.competences {
            competence_lines(doc, c, b, competence, 1);
        }
    }
    for competence in &b.competences {
        competence_lines(doc, c, b, competence, 0);
    }
}

fn modalite_lines(doc: &mut Doc, c: &Certification, m: &Modalite) {
    let title = match &m.id {
        Some(id) => format!("Modalité d’évaluation {id} — {}", m.title),
        None => format!("Modalité d’évaluation — {}", m.title),
    };
    doc.push(Kind::Subheading, 0, false, &title);
    if let Some(duration) = &m.duration {
        doc.text(1, &format!("Durée : {duration}"));
    }
    doc.text(1, &m.text);
    let deliverables = deliverables(&m.deliverables);
    if !deliverables.is_empty() {
        doc.push(Kind::Label, 1, false, "Livrables");
        for d in &deliverables {
            doc.push(Kind::Text, 1, true, d.text);
            for item in &d.items {
                doc.push(Kind::Text, 2, true, item);
            }
        }
    }
    doc.items(1, "Exigences propres à cette modalité", &m.requirements);
    if !m.covers.is_empty() {
        doc.text(1, &format!("Couvre : {}", m.covers.join(", ")));
    }
    doc.criteres(1, c.leaf_label(), &m.criteres);
}

fn competence_lines(
    doc: &mut Doc,
    c: &Certification,
    b: &Bloc,
    competence: &Competence,
    depth: usize,
) {
    doc.push(
        Kind::Subheading,
        depth,
        false,
        &format!("Compétence {} — {}", competence.id, competence.title),
    );
    let depth = depth + 1;
    doc.former(depth, &competence.former_ids);
    doc.labelled(
        depth,
        "Conditions de réalisation",
        Some(&competence.conditions),
    );
    doc.labelled(depth, "Résultats attendus", Some(&competence.results));
    doc.items(depth, "Connaissances", &competence.knowledge);
    doc.criteres(depth, c.leaf_label(), &competence.criteres);
    let evaluations: Vec<&str> = b
        .evaluations_of(&competence.id)
        .filter_map(|m| m.id.as_deref())
        .collect();
    if !evaluations.is_empty() {
        doc.push(
            Kind::Dim,
            depth,
            false,
            &format!(
                "Évaluée aussi par {} : ses critères s’appliquent à cette compétence.",
                evaluations.join(", ")
            ),
        );
    } else if competence.is_leaf() {
        doc.push(
            Kind::Dim,
            depth,
            false,
            "Pas de critère dans la source : les preuves se rattachent à la compétence.",
        );
    }
}

/// A line of the document as printed: `text` is one source line, indented.
fn plain_lines(line: &Line) -> impl Iterator<Item = String> + '_ {
    let indent = "  ".repeat(line.depth);
    line.text.lines().enumerate().map(move |(i, text)| {
        match (line.bullet, i) {
            (true, 0) => format!("{indent}- {text}"),
            (true, _) => format!("{indent}  {text}"),
            _ => format!("{indent}{text}"),
        }
        .trim_end()
        .to_string()
    })
}

/// `livret show`: the document as plain text, one source line per line
/// (the terminal wraps). `bold` marks titles with the terminal's bold.
pub fn plain(lines: &[Line], bold: bool) -> String {
    let mut out = String::new();
    let mut previous = None;
    for line in lines {
        let gap = match line.kind {
            Kind::Heading | Kind::Warning => true,
            Kind::Subheading | Kind::Label => previous != Some(Kind::Heading),
            _ => false,
        };
        if gap && !out.is_empty() {
            out.push('\n');
        }
        for text in plain_lines(line) {
            let strong = matches!(line.kind, Kind::Title | Kind::Heading | Kind::Subheading);
            if strong && bold {
                out.push_str(&format!("\x1b[1m{text}\x1b[0m\n"));
            } else {
                out.push_str(&text);
                out.push('\n');
            }
            if line.kind == Kind::Title || line.kind == Kind::Heading {
                let mark = if line.kind == Kind::Title { "=" } else { "-" };
                let width = unicode_width::UnicodeWidthStr::width(text.as_str());
                out.push_str(&mark.repeat(width));
                out.push('\n');
            }
        }
        previous = Some(line.kind);
    }
    out
}

/// One screen row of the fiche.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    pub text: String,
}

/// The document wrapped to `width` columns: list items hang under their
/// bullet, a blank row before each heading.
pub fn layout(lines: &[Line], width: usize) -> Vec<Row> {
    let width = width.max(1);
    let mut rows: Vec<Row> = Vec::new();
    let mut previous = None;
    for line in lines {
        let gap = match line.kind {
            Kind::Heading | Kind::Warning => true,
            Kind::Subheading | Kind::Label => previous != Some(Kind::Heading),
            _ => false,
        };
        if gap && !rows.is_empty() {
            rows.push(Row {
                kind: Kind::Text,
                text: String::new(),
            });
        }
        let indent = (2 * line.depth).min(width / 2);
        for (i, source) in line.text.lines().enumerate() {
            // The lines after a bullet's first stand under its text; a
            // `- ` line inside a text is a sub-item, hanging under its dash.
            let base = if line.bullet && i > 0 {
                indent + 2
            } else {
                indent
            };
            let (source, first, rest) = match (line.bullet && i == 0, source.strip_prefix("- ")) {
                (true, _) => (
                    source,
                    format!("{}• ", " ".repeat(base)),
                    " ".repeat(base + 2),
                ),
                (false, Some(item)) => (
                    item,
                    format!("{}– ", " ".repeat(base)),
                    " ".repeat(base + 2),
                ),
                (false, None) => (source, " ".repeat(base), " ".repeat(base)),
            };
            let options = textwrap::Options::new(width)
                .initial_indent(&first)
                .subsequent_indent(&rest);
            for wrapped in textwrap::wrap(source, options) {
                rows.push(Row {
                    kind: line.kind,
                    text: wrapped.into_owned(),
                });
            }
        }
        previous = Some(line.kind);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Certification {
        crate::referentiel::parse(
            include_str!("../tests/valid_referentiels/fiche-complete.ron"),
            Some("fiche-complete"),
        )
        .expect("the fixture parses")
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn deliverables_after_another_with_a_dash_are_its_sub_items() {
        let lines: Vec<String> = ["Un dossier", "- partie A", "- partie B", "Une vidéo"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            deliverables(&lines),
            [
                Deliverable {
                    text: "Un dossier",
                    items: vec!["partie A", "partie B"],
                },
                Deliverable {
                    text: "Une vidéo",
                    items: vec![],
                },
            ]
        );
        let first = vec!["- seul".to_string()];
        assert_eq!(deliverables(&first)[0].text, "- seul");
    }

    #[test]
    fn a_competence_lists_its_own_then_the_shared_criteres() {
        let c = example();
        let fiche = Fiche::new(&c, date("2024-01-01"));
        let bloc = &fiche.blocs[0];
        let first = &bloc.competences[0];
        let ids: Vec<(&str, bool, Option<&str>)> = first
            .criteres
            .iter()
            .map(|k| (k.id, k.shared, k.evaluation))
            .collect();
        assert_eq!(
            ids,
            [
                ("C1.1.CR1", false, None),
                ("E1.CR1", true, Some("E1")),
                ("E1.CR2", true, Some("E1")),
            ]
        );
        let bare = bloc.competences.iter().find(|k| k.id == "C1.3").unwrap();
        assert!(bare.criteres.is_empty());
        assert!(!fiche.expired);
        assert!(Fiche::new(&c, date("2031-01-01")).expired);
    }

    #[test]
    fn an_expired_registration_is_announced_first() {
        let c = example();
        let lines = document(&c, date("2031-01-01"));
        assert_eq!(lines[2].kind, Kind::Warning);
        assert!(
            lines[2]
                .text
                .starts_with("⚠ Enregistrement expiré le 31/12/2030"),
            "{:?}",
            lines[2]
        );
        assert!(
            document(&c, date("2030-12-31"))
                .iter()
                .all(|l| l.kind != Kind::Warning)
        );
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let mut c = example();
        c.title = "Titre\x1b[31m rouge\x07\r".to_string();
        let text = plain(&document(&c, date("2024-01-01")), false);
        assert!(text.contains("Titre[31m rouge\n"), "{text}");
        assert!(!text.chars().any(|ch| ch.is_control() && ch != '\n'));
    }

    #[test]
    fn layout_wraps_and_hangs_list_items_at_any_width() {
        let c = example();
        let lines = document(&c, date("2024-01-01"));
        // Below 8 columns a bullet and its indent may overflow (the view
        // clips them); it must still not panic.
        for width in 0..8 {
            layout(&lines, width);
        }
        for width in 8..40 {
            for row in layout(&lines, width) {
                assert!(
                    unicode_width::UnicodeWidthStr::width(row.text.as_str()) <= width.max(1)
                        || row.text.split_whitespace().count() == 1,
                    "{width}: {row:?}"
                );
            }
        }
        let rows = layout(&lines, 30);
        let nested = rows
            .iter()
            .position(|r| r.text.contains("• un sommaire"))
            .unwrap();
        assert!(
            rows[nested].text.starts_with("    • "),
            "{:?}",
            rows[nested]
        );
        // A `- ` line inside a critère's text hangs under its dash.
        let inner = rows
            .iter()
            .position(|r| r.text.trim_start().starts_with("– "))
            .expect("a sub-item");
        let dash = rows[inner].text.find('–').unwrap();
        if rows[inner + 1].kind == rows[inner].kind
            && !rows[inner + 1].text.trim_start().starts_with(['–', '•'])
        {
            assert!(rows[inner + 1].text.len() - rows[inner + 1].text.trim_start().len() >= dash);
        }
    }
}
