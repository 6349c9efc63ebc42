//! Any référentiel as an outline that [`super::parse`] reads back unchanged.

use std::fmt::Write;

use super::labels::{self as l, FORMER, OPTIONAL, escape, id_prefix};
use crate::referentiel::{Activite, Bloc, Certification, Competence, Critere, Kind, Modalite};

/// The outline of `certification`.
pub fn write(certification: &Certification) -> String {
    let mut out = String::new();
    header(&mut out, certification);
    for bloc in &certification.blocs {
        bloc_section(&mut out, bloc);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn header(out: &mut String, c: &Certification) {
    let _ = writeln!(out, "# {}\n", one_line(&c.title));
    let kind = match c.kind {
        Kind::Rncp => "RNCP",
        Kind::Cqpm => "CQPM",
        Kind::Other => "autre",
    };
    let target = c.writing.target_words.map(|n| n.to_string());
    let levels = (!c.levels.is_empty()).then(|| c.levels.join(" | "));
    let keys = [
        (l::KEY_ID, Some(c.id.as_str())),
        (l::KEY_CODE, c.code.as_deref()),
        (l::KEY_KIND, Some(kind)),
        (l::KEY_LEVEL, c.level.as_deref()),
        (l::KEY_CERTIFIER, c.certifier.as_deref()),
        (l::KEY_VALID_UNTIL, c.valid_until.as_deref()),
        (l::KEY_LEAF, c.leaf_label.as_deref()),
        (l::KEY_LEVELS, levels.as_deref()),
        (l::KEY_TARGET, target.as_deref()),
        (l::KEY_SOURCE, Some(c.source.file.as_str())),
    ];
    for (key, value) in keys {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} : {}", one_line(value));
        }
    }
    out.push('\n');
    paragraphs(out, &c.summary);
    if let Some(note) = &c.source.note {
        field(out, l::NOTE, "", note);
    }
    list_field(out, l::REQUIREMENTS, "", &c.requirements);
    if let Some(text) = &c.bloc_validity {
        field(out, l::BLOC_VALIDITY, "", text);
    }
    if let Some(text) = &c.jury {
        field(out, l::JURY, "", text);
    }
    for section in &c.sections {
        field(out, l::SECTION, &section.title, &section.text);
    }
    for (id, prompts) in &c.writing.prompts {
        list_field(out, l::PROMPTS, id, prompts);
    }
}

fn bloc_section(out: &mut String, bloc: &Bloc) {
    let optional = if bloc.optional { OPTIONAL } else { "" };
    let _ = writeln!(out, "## {}{optional}\n", named(&bloc.id, &bloc.title));
    if let Some(code) = &bloc.code {
        field(out, l::CODE, code, "");
    }
    paragraphs(out, &bloc.description);
    list_field(out, l::KNOWLEDGE, "", &bloc.knowledge);
    for modalite in &bloc.modalites {
        modalite_block(out, modalite);
    }
    for activite in &bloc.activites {
        activite_section(out, activite);
    }
    for competence in &bloc.competences {
        competence_section(out, "###", competence);
    }
}

fn activite_section(out: &mut String, activite: &Activite) {
    let _ = writeln!(out, "### {}\n", named(&activite.id, &activite.title));
    paragraphs(out, &activite.description);
    for competence in &activite.competences {
        competence_section(out, "####", competence);
    }
}

fn competence_section(out: &mut String, level: &str, competence: &Competence) {
    let _ = writeln!(
        out,
        "{level} {}\n",
        named(&competence.id, &competence.title)
    );
    if !competence.conditions.is_empty() {
        field(out, l::CONDITIONS, "", &competence.conditions);
    }
    if !competence.results.is_empty() {
        field(out, l::RESULTS, "", &competence.results);
    }
    list_field(out, l::KNOWLEDGE, "", &competence.knowledge);
    if !competence.former_ids.is_empty() {
        field(out, l::FORMER_IDS, &competence.former_ids.join(", "), "");
    }
    if !competence.criteres.is_empty() {
        critere_items(out, "", &competence.criteres);
        out.push('\n');
    }
}

/// `> Modalités : E1 — Titre`, its durée, what it covers, its text, its
/// livrables, exigences and critères.
fn modalite_block(out: &mut String, m: &Modalite) {
    let head = match &m.id {
        Some(id) => named(id, &m.title),
        None => one_line(&m.title),
    };
    let _ = writeln!(out, "> {} : {head}", l::MODALITE);
    if let Some(duration) = &m.duration {
        let _ = writeln!(out, "> {} : {}", l::DURATION, one_line(duration));
    }
    if !m.covers.is_empty() {
        let _ = writeln!(out, "> {} : {}", l::COVERS, m.covers.join(", "));
    }
    quoted_lines(out, &m.text);
    for (label, items) in [
        (l::DELIVERABLES, &m.deliverables),
        (l::MODALITE_REQUIREMENTS, &m.requirements),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "> {label} :");
            items_lines(out, "> ", items);
        }
    }
    if !m.criteres.is_empty() {
        let _ = writeln!(out, "> {} :", l::CRITERES);
        critere_items(out, "> ", &m.criteres);
    }
    out.push('\n');
}

/// The critères as `- ID — texte` items; a group as `- Groupe` with its
/// critères indented under it.
fn critere_items(out: &mut String, quote: &str, criteres: &[Critere]) {
    let mut group: Option<&str> = None;
    for critere in criteres {
        let indent = match critere.group.as_deref() {
            None => "",
            Some(g) => {
                if group != Some(g) {
                    let _ = writeln!(out, "{quote}- {}", one_line(g));
                }
                "  "
            }
        };
        group = critere.group.as_deref();
        // A critère may have several lines: not made one like a title.
        let text = format!("{}{}", id_prefix(&critere.id), critere.text);
        let _ = writeln!(
            out,
            "{quote}{indent}- {}",
            item_text(&text, &format!("{quote}{indent}  "))
        );
        if !critere.former_ids.is_empty() {
            let _ = writeln!(
                out,
                "{quote}{indent}  {FORMER}{}",
                critere.former_ids.join(", ")
            );
        }
    }
}

/// `ID — Titre`.
fn named(id: &str, title: &str) -> String {
    format!("{}{}", id_prefix(id), one_line(title))
}

/// An item's text: its lines after the first indented by `indent`.
fn item_text(text: &str, indent: &str) -> String {
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push('\n');
        out.push_str(indent);
        // A blank line as `\`: an editor that trims lines keeps it.
        if line.is_empty() {
            out.push('\\');
        } else {
            out.push_str(&escape(line));
        }
    }
    out
}

fn items_lines(out: &mut String, quote: &str, items: &[String]) {
    for item in items {
        let _ = writeln!(out, "{quote}- {}", item_text(item, &format!("{quote}  ")));
    }
}

/// `> Label : head`, then the text's lines quoted.
fn field(out: &mut String, label: &str, head: &str, text: &str) {
    let head = one_line(head);
    if head.is_empty() {
        let _ = writeln!(out, "> {label} :");
    } else {
        let _ = writeln!(out, "> {label} : {head}");
    }
    quoted_lines(out, text);
    out.push('\n');
}

/// `> Label : head`, then the items as `> - item`; nothing without items.
fn list_field(out: &mut String, label: &str, head: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let head = one_line(head);
    if head.is_empty() {
        let _ = writeln!(out, "> {label} :");
    } else {
        let _ = writeln!(out, "> {label} : {head}");
    }
    items_lines(out, "> ", items);
    out.push('\n');
}

fn quoted_lines(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    for line in text.split('\n') {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {}", escape(line));
        }
    }
}

/// Plain paragraphs, then a blank line; nothing for an empty text.
fn paragraphs(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    for line in text.split('\n') {
        let _ = writeln!(out, "{}", escape(line));
    }
    out.push('\n');
}

/// Titles and heads are one line: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
