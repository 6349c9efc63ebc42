//! The dossier as a Word document (.docx), written with docx-rs: Word's
//! built-in heading styles (so the navigation pane, the table of contents
//! and a certifier's template work), the référentiel's texts in a style of
//! their own, the candidate's notes as paragraphs and lists, tables for the
//! summary, the self-positioning, the experiences and the coverage, page
//! numbers in the footer, and the declaration to sign.
//!
//! Every text is given to docx-rs as text (it escapes it for XML); what XML
//! cannot hold at all (control characters) is dropped first, so a note can
//! never add structure, fields or markup to the document.

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageNum, Paragraph, Run,
    SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableOfContents, TableRow,
    WidthType,
};

mod annexes;

use annexes::{declaration, experiences_section, pieces, positioning, words};

use super::dossier::{Bloc, Competence, Critere, Dossier, Evidence, Said, Tally, todo};

/// The style of the référentiel's texts: set apart from the candidate's.
const REFERENTIEL: &str = "Referentiel";
/// The style of small print: dates, figures, notes about the export.
const SMALL: &str = "Discret";
/// The bullets of the candidate's lists (docx-rs keeps 1 for its own).
const BULLETS: usize = 2;
/// The width of the text on an A4 page with docx-rs's margins, in twips.
const TEXT_WIDTH: usize = 8504;

/// The whole dossier as the bytes of a .docx file.
pub fn print(dossier: &Dossier) -> Vec<u8> {
    let mut doc = Doc::default();
    cover(&mut doc, dossier);
    doc.toc = true;
    summary(&mut doc, dossier);
    for bloc in &dossier.blocs {
        bloc_section(&mut doc, bloc, dossier.suivi);
    }
    positioning(&mut doc, dossier);
    if let Some(experiences) = &dossier.experiences {
        experiences_section(&mut doc, experiences);
    }
    pieces(&mut doc, dossier);
    words(&mut doc, dossier);
    declaration(&mut doc, dossier);
    doc.pack()
}

/// What goes into the document, in order; packed at the end.
#[derive(Default)]
struct Doc {
    parts: Vec<Part>,
    /// Where the table of contents goes: after the cover.
    toc: bool,
    toc_at: Option<usize>,
}

enum Part {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl Doc {
    fn push(&mut self, paragraph: Paragraph) {
        if self.toc && self.toc_at.is_none() {
            self.toc_at = Some(self.parts.len());
        }
        self.parts.push(Part::Paragraph(Box::new(paragraph)));
    }

    fn table(&mut self, table: Table) {
        self.parts.push(Part::Table(Box::new(table)));
    }

    /// A paragraph of one text in `style`.
    fn styled(&mut self, style: &str, text: &str) {
        self.push(Paragraph::new().style(style).add_run(run(text)));
    }

    fn heading(&mut self, level: usize, text: &str) {
        let level = level.clamp(1, 6);
        self.push(
            Paragraph::new()
                .style(&format!("Heading{level}"))
                .keep_next(true)
                .add_run(run(text)),
        );
    }

    /// `Label : text`, the label in bold; a text of several lines goes on
    /// the lines after it ([`Doc::lines`]); nothing when the text is blank.
    fn labelled(&mut self, style: &str, label: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if text.contains('\n') {
            self.push(
                Paragraph::new()
                    .style(style)
                    .keep_next(true)
                    .add_run(run(&format!("{label} :")).bold()),
            );
            self.lines(style, text);
            return;
        }
        self.push(
            Paragraph::new()
                .style(style)
                .add_run(run(&format!("{label} : ")).bold())
                .add_run(run(text)),
        );
    }

    /// A text of several lines in `style`: a paragraph per line, lines
    /// starting with `- `, `* ` or `• ` as a bulleted list, the writing
    /// frame's `▸` headings in bold.
    fn lines(&mut self, style: &str, text: &str) {
        for line in text.lines() {
            let line = line.trim_end();
            let trimmed = line.trim_start();
            if trimmed.is_empty() {
                continue;
            }
            let item = ["- ", "* ", "• "]
                .iter()
                .find_map(|bullet| trimmed.strip_prefix(bullet));
            if let Some(item) = item {
                self.push(
                    Paragraph::new()
                        .style(style)
                        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                        .add_run(run(item.trim())),
                );
            } else if let Some(heading) = trimmed.strip_prefix(crate::text::words::FRAME_MARK) {
                self.push(
                    Paragraph::new()
                        .style(style)
                        .keep_next(true)
                        .add_run(run(heading.trim()).bold()),
                );
            } else {
                self.styled(style, trimmed);
            }
        }
    }

    fn page_break(&mut self) {
        self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }

    fn pack(self) -> Vec<u8> {
        let mut docx = styles(Docx::new())
            .add_abstract_numbering(
                AbstractNumbering::new(BULLETS).add_level(
                    Level::new(
                        0,
                        Start::new(1),
                        NumberFormat::new("bullet"),
                        LevelText::new("•"),
                        LevelJc::new("left"),
                    )
                    .indent(
                        Some(720),
                        Some(SpecialIndentType::Hanging(360)),
                        None,
                        None,
                    ),
                ),
            )
            .add_numbering(Numbering::new(BULLETS, BULLETS))
            .footer(
                Footer::new().add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text("Page "))
                        .add_page_num(PageNum::new()),
                ),
            );
        for (i, part) in self.parts.into_iter().enumerate() {
            if self.toc_at == Some(i) {
                // A field Word fills in when it opens the document (marked
                // dirty); LibreOffice: Outils › Mettre à jour.
                docx = docx.add_table_of_contents(
                    TableOfContents::new()
                        .heading_styles_range(1, 3)
                        .alias("Table des matières")
                        .dirty()
                        .add_before_paragraph(
                            Paragraph::new()
                                .keep_next(true)
                                .add_run(run("Table des matières").bold().size(28)),
                        ),
                );
            }
            docx = match part {
                Part::Paragraph(p) => docx.add_paragraph(*p),
                Part::Table(t) => docx.add_table(*t),
            };
        }
        let mut bytes = std::io::Cursor::new(Vec::new());
        // Writing into memory: only a bug in docx-rs could fail here.
        docx.build()
            .pack(&mut bytes)
            .expect("a .docx packs into memory");
        bytes.into_inner()
    }
}

/// Word's built-in headings (by their built-in names, so that Word and
/// LibreOffice treat them as theirs), and the document's own two styles.
fn styles(docx: Docx) -> Docx {
    // 11 pt, 6 pt after each paragraph, lines at 1.15.
    let mut docx = docx
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120).line(276))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(52)
                .bold()
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new(REFERENTIEL, StyleType::Paragraph)
                .name("Référentiel")
                .italic()
                .color("44546A"),
        )
        .add_style(
            Style::new(SMALL, StyleType::Paragraph)
                .name("Discret")
                .size(18)
                .color("595959"),
        );
    for level in 1..=6 {
        let size = [32, 28, 26, 24, 22, 22][level - 1];
        let before = [360, 280, 240, 200, 160, 160][level - 1];
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .bold()
                .size(size)
                .color(if level <= 2 { "1F3864" } else { "000000" })
                .line_spacing(LineSpacing::new().before(before).after(80))
                .outline_lvl(level - 1),
        );
    }
    docx
}

/// A run of text, with what XML cannot hold dropped (control characters
/// but the tab).
fn run(text: &str) -> Run {
    let clean: String = text
        .chars()
        .filter(|&c| c == '\t' || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'))
        .collect();
    Run::new().add_text(clean)
}

/// A table of texts, the first row in bold; `widths` (twips, adding up to
/// the text's width) fixes its columns, else they share it.
fn table(rows: Vec<Vec<String>>, widths: &[usize]) -> Table {
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            TableRow::new(
                cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| {
                        // A paragraph per line of the text (at least one).
                        let lines: Vec<&str> = text.lines().collect();
                        let lines = if lines.is_empty() { vec![""] } else { lines };
                        let cell = lines.into_iter().fold(TableCell::new(), |cell, line| {
                            let r = if i == 0 { run(line).bold() } else { run(line) };
                            cell.add_paragraph(Paragraph::new().add_run(r))
                        });
                        match widths.get(c) {
                            Some(&w) => cell.width(w, WidthType::Dxa),
                            None => cell,
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    let table = Table::new(rows).width(5000, WidthType::Pct);
    if widths.is_empty() {
        table
    } else {
        table.set_grid(widths.to_vec())
    }
}

fn cover(doc: &mut Doc, dossier: &Dossier) {
    doc.styled("Title", dossier.title);
    doc.push(Paragraph::new().align(AlignmentType::Center).add_run(run(
        "Dossier de validation des acquis de l’expérience (VAE)",
    )));
    for (label, value) in &dossier.fields {
        doc.labelled("Normal", label, value);
    }
    doc.labelled("Normal", "Date", &dossier.date);
    if dossier.only_ready && dossier.suivi {
        doc.styled(SMALL, "Seuls les critères prêts sont détaillés.");
    }
    doc.page_break();
}

fn summary(doc: &mut Doc, dossier: &Dossier) {
    if !dossier.suivi {
        // The jury reads the blocs presented, not where the work stands.
        doc.heading(1, "Blocs présentés");
        for bloc in &dossier.blocs {
            let mark = bloc.mark.map(|m| format!(" ({m})")).unwrap_or_default();
            doc.lines("Normal", &format!("- {} — {}{mark}", bloc.id, bloc.title));
        }
        not_targeted(doc, dossier);
        return;
    }
    doc.heading(1, "Progression");
    let mut rows = vec![
        [
            "Bloc",
            "Intitulé",
            "Prêts",
            "En cours",
            "À faire",
            "Progression",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let row = |id: &str, title: String, tally: Tally| {
        vec![
            id.to_string(),
            title,
            tally.ready.to_string(),
            tally.in_progress.to_string(),
            todo(tally).to_string(),
            format!("{} %", tally.percent()),
        ]
    };
    for bloc in &dossier.blocs {
        let title = match bloc.mark {
            Some(mark) => format!("{} ({mark})", bloc.title),
            None => bloc.title.to_string(),
        };
        rows.push(row(bloc.id, title, bloc.tally));
    }
    if let Some(overall) = dossier.overall {
        rows.push(row("Ensemble", "blocs visés".to_string(), overall));
    }
    doc.table(table(rows, &[900, TEXT_WIDTH - 4600, 900, 900, 900, 1000]));
    not_targeted(doc, dossier);
}

/// The optional blocs left out, in one line.
fn not_targeted(doc: &mut Doc, dossier: &Dossier) {
    if !dossier.not_targeted.is_empty() {
        let names: Vec<String> = dossier
            .not_targeted
            .iter()
            .map(|b| format!("{} — {}", b.id, b.title))
            .collect();
        doc.styled(
            SMALL,
            &format!(
                "Blocs optionnels non visés, absents de ce dossier : {}.",
                names.join(" ; ")
            ),
        );
    }
}

fn bloc_section(doc: &mut Doc, bloc: &Bloc, suivi: bool) {
    doc.page_break();
    doc.heading(1, &format!("{} — {}", bloc.id, bloc.title));
    if let Some(mark) = bloc.mark {
        doc.styled(SMALL, &format!("Bloc {mark}."));
    }
    // The jury's dossier says nothing of what is not there.
    if suivi && bloc.groups.is_empty() && bloc.evaluations.is_empty() {
        doc.styled(SMALL, "Aucun critère prêt dans ce bloc.");
    }
    for group in &bloc.groups {
        let mut level = 2;
        if let Some(activite) = group.activite {
            doc.heading(2, &format!("Activité {} — {}", activite.id, activite.title));
            level = 3;
        }
        for c in &group.competences {
            competence(doc, level, c);
            if let Some(evidence) = &c.evidence {
                state(doc, evidence, suivi);
            }
            said(doc, &c.said);
            if let Some(evidence) = &c.evidence {
                notes(doc, level + 1, evidence);
            }
            for k in &c.criteres {
                critere(doc, level + 1, k, suivi);
            }
        }
    }
    for evaluation in &bloc.evaluations {
        doc.heading(2, &format!("Évaluation {}", evaluation.name));
        doc.labelled(SMALL, "Compétences évaluées", &evaluation.covers.join(", "));
        for k in &evaluation.criteres {
            critere(doc, 3, k, suivi);
        }
    }
}

fn competence(doc: &mut Doc, level: usize, competence: &Competence) {
    doc.heading(level, &format!("{} — {}", competence.id, competence.title));
    doc.labelled(
        REFERENTIEL,
        "Conditions de réalisation",
        competence.conditions,
    );
    doc.labelled(REFERENTIEL, "Résultats attendus", competence.results);
    if !competence.evaluated_by.is_empty() {
        doc.labelled(SMALL, "Évaluée par", &competence.evaluated_by.join(" ; "));
    }
    doc.labelled("Normal", "Positionnement", &competence.positioning);
}

fn critere(doc: &mut Doc, level: usize, critere: &Critere, suivi: bool) {
    doc.heading(level, &format!("Critère {}", critere.id));
    if let Some(group) = critere.group {
        doc.styled(REFERENTIEL, group);
    }
    doc.lines(REFERENTIEL, critere.text);
    state(doc, &critere.evidence, suivi);
    said(doc, &critere.said);
    notes(doc, level + 1, &critere.evidence);
}

/// The candidate's status and self-assessment on a unit of evidence, in
/// the follow-up only.
fn state(doc: &mut Doc, evidence: &Evidence, suivi: bool) {
    if !suivi {
        return;
    }
    doc.styled(
        SMALL,
        &format!(
            "Statut : {} · Auto-évaluation : {}",
            evidence.status.label(),
            evidence.level
        ),
    );
}

/// The tutors' verdicts and comments; nothing when they said nothing.
fn said(doc: &mut Doc, said: &Said) {
    if said.is_empty() {
        return;
    }
    doc.styled(SMALL, "Avis des tuteurs :");
    for (tutor, verdict) in &said.verdicts {
        doc.lines(SMALL, &format!("- {tutor} : {}", verdict.label()));
    }
    for comment in &said.comments {
        let text = comment
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        doc.lines(
            SMALL,
            &format!("- {}, {} : {text}", comment.author, comment.date),
        );
    }
}

/// The evidence notes of a unit: a heading each, then its text.
fn notes(doc: &mut Doc, level: usize, evidence: &Evidence) {
    if evidence.notes.is_empty() {
        doc.styled(SMALL, "Aucune note de preuve.");
    }
    for note in &evidence.notes {
        doc.heading(level, note.title);
        doc.lines("Normal", &note.body);
        if !note.experiences.is_empty() {
            doc.labelled("Normal", "Expériences", &note.experiences.join(" ; "));
        }
        if !note.pieces.is_empty() {
            doc.labelled("Normal", "Pièces justificatives", &note.pieces.join(" ; "));
        }
        doc.styled(SMALL, &note.dates);
    }
}
