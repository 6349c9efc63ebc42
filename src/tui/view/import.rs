//! The import screen: the path of the export, the read in progress, the
//! fiches of the file with a preview of the one selected.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, Cell, Gauge, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

use crate::fiche::printable;
use crate::rncp::FicheSummary;
use crate::text::{count, truncate};
use crate::tui::app::App;
use crate::tui::screens::import::{
    ImportScreen, Notice, Reading, Step, bloc_label, size, thousands,
};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, hint_bar};

/// What the path step says above the input.
const PATH_HINT: &str = "Chemin de l’export de France compétences (XML, CSV ou zip) — Tab complète";

const ABOUT: &str = "L’export des fiches du RNCP est publié en open data par France compétences \
     (data.gouv.fr) : le XML export-fiches-rncp-v4-….xml, le zip qui le contient, ou le zip des \
     CSV. Il est lu tel quel, sans rien décompresser sur le disque ; rien n’est écrit avant que \
     vous choisissiez une fiche. Un référentiel Moodle (CSV), Mahara (.matrix), CASE (JSON) ou \
     un plan Markdown (livret new-referentiel) s’importe aussi, directement.";

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Line::from(vec![
        Span::styled("livret", theme.title),
        Span::raw(" — importer une certification du RNCP"),
    ])
    .render(title, buf);
    if let Some(screen) = &app.screens.import {
        match &screen.step {
            Step::Path => path_step(screen, body, buf, theme),
            Step::Reading(reading) => reading_step(screen, reading, body, buf, theme),
            Step::List => list_step(app, screen, body, buf, theme),
        }
    }
    hint_bar(app, hints, buf, theme);
}

fn notice_lines(notice: &Option<Notice>, theme: &Theme) -> Vec<Line<'static>> {
    let Some(notice) = notice else {
        return Vec::new();
    };
    let style = if notice.error {
        theme.error
    } else {
        theme.message
    };
    Text::styled(printable(&notice.text), style).lines
}

fn path_step(screen: &ImportScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [hint, input, below] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(area);
    Line::styled(PATH_HINT, theme.heading).render(hint, buf);
    let block = Block::bordered().border_style(theme.border_focus);
    let inner = block.inner(input);
    block.render(input, buf);
    if screen.path.is_empty() {
        Line::from(vec![
            Span::styled(" ", screen.path.cursor_style()),
            Span::styled("~/Téléchargements/export-fiches-rncp-v4-….xml", theme.dim),
        ])
        .render(inner, buf);
    } else {
        screen.path.render(inner, buf);
    }
    let mut lines = notice_lines(&screen.notice, theme);
    if !screen.completions.is_empty() {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        let names: Vec<String> = screen.completions.iter().map(|n| printable(n)).collect();
        lines.push(Line::styled(names.join("   "), theme.hint_key));
    }
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    lines.push(Line::styled(ABOUT, theme.dim));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(below, buf);
}

fn reading_step(
    screen: &ImportScreen,
    reading: &Reading,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    // Six lines of text in a frame, across most of the width.
    let mut popup = centered(area, 80, 0, (50, 8));
    popup.width = popup.width.min(100);
    popup.x = area.x + (area.width - popup.width) / 2;
    let title = match reading {
        Reading::List => " Lecture de l’export ".to_string(),
        Reading::Import(numero) => format!(" Import de {} ", printable(numero)),
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border_focus);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let (bytes, total, fiches) = screen
        .job
        .as_ref()
        .map(|(_, p)| p.figures())
        .unwrap_or_default();
    let [file, _, figures, gauge, _, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let room = usize::from(file.width).saturating_sub(10);
    Line::from(vec![
        Span::styled("Fichier : ", theme.dim),
        Span::raw(truncate_start(&printable(&screen.source), room)),
    ])
    .render(file, buf);
    let verb = match reading {
        Reading::List => "Lecture…",
        Reading::Import(_) => "Recherche de la fiche…",
    };
    Line::from(vec![
        Span::styled(verb, theme.heading),
        Span::raw(format!(
            " {} sur {} · {}",
            size(bytes),
            size(total),
            if fiches < 2 {
                format!("{} fiche", thousands(fiches))
            } else {
                format!("{} fiches", thousands(fiches))
            }
        )),
    ])
    .render(figures, buf);
    let ratio = if total == 0 {
        0.0
    } else {
        (bytes as f64 / total as f64).clamp(0.0, 1.0)
    };
    Gauge::default()
        .ratio(ratio)
        .label(format!("{:.0} %", ratio * 100.0))
        .gauge_style(theme.gauge_filled)
        .render(gauge, buf);
    Line::styled("Échap interrompt la lecture.", theme.dim).render(help, buf);
}

/// Keeps the end of a path, which says the most: `…/rncp/export.xml`.
fn truncate_start(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let reversed: String = text.chars().rev().collect();
    truncate(&reversed, width).chars().rev().collect()
}

fn list_step(app: &App, screen: &ImportScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (list, preview) = if area.width >= 140 {
        let [list, preview] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        (list, preview)
    } else {
        let [list, preview] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        (list, preview)
    };
    fiche_list(screen, list, buf, theme);
    fiche_preview(app, screen, preview, buf, theme);
}

fn fiche_list(screen: &ImportScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let file = std::path::Path::new(&screen.source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| screen.source.clone());
    let mut title = format!(" {}", printable(&file));
    if let Some(export) = &screen.export {
        title.push_str(&format!(" · {}", export.shape.label()));
        if let Some(date) = &export.date {
            title.push_str(&format!(" · export du {}", french_date(date)));
        }
    }
    title.push_str(&format!(
        " · {} ",
        count(screen.fiches.len(), "fiche", "fiches")
    ));
    let block = Block::bordered()
        .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
        .border_style(theme.border_focus);
    let inner = block.inner(area);
    block.render(area, buf);
    let [filter, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);

    let mut spans = vec![Span::styled("Filtre : ", theme.hint_key)];
    if screen.filter.is_empty() {
        spans.push(Span::styled("▏", theme.hint_key));
        spans.push(Span::styled(
            "tapez un numéro ou des mots de l’intitulé (accents indifférents)",
            theme.dim,
        ));
    } else {
        spans.push(Span::raw(printable(&screen.filter)));
        spans.push(Span::styled("▏", theme.hint_key));
        spans.push(Span::styled(
            format!("  {} sur {}", screen.shown.len(), screen.fiches.len()),
            theme.dim,
        ));
    }
    Line::from(spans).render(filter, buf);

    let wide = table.width >= 110;
    let with_level = table.width >= 64;
    let mut widths = vec![Constraint::Length(10), Constraint::Fill(1)];
    let mut header = vec!["Numéro", "Intitulé"];
    if with_level {
        widths.push(Constraint::Length(9));
        header.push("Niveau");
    }
    if wide {
        widths.push(Constraint::Length(8));
        header.push("Active");
    }
    widths.push(Constraint::Length(10));
    header.push("Fin");
    widths.push(Constraint::Length(13));
    header.push("Blocs");
    let fixed: u16 = widths
        .iter()
        .map(|c| match c {
            Constraint::Length(n) => *n,
            _ => 0,
        })
        .sum();
    let spacing = widths.len() as u16 - 1;
    let title_width = usize::from(table.width.saturating_sub(fixed + spacing));
    let rows = screen
        .shown
        .iter()
        .filter_map(|&i| screen.fiches.get(i))
        .map(|listed| {
            let f = &listed.summary;
            let mut cells = vec![
                Cell::from(printable(&f.numero)),
                Cell::from(truncate(&printable(&f.intitule), title_width)),
            ];
            if with_level {
                cells.push(Cell::from(
                    f.niveau.as_deref().map(printable).unwrap_or_default(),
                ));
            }
            let end = f.date_fin.as_deref().map(printable).unwrap_or_default();
            if wide {
                cells.push(Cell::from(active_label(f.actif)));
                cells.push(Cell::from(end));
            } else if f.actif == Some(false) {
                cells.push(Cell::from("inactive"));
            } else {
                cells.push(Cell::from(end));
            }
            cells.push(Cell::from(bloc_label(f)));
            let row = Row::new(cells);
            if f.importable() {
                row
            } else {
                row.style(theme.dim)
            }
        });
    let mut state = TableState::default().with_selected(Some(screen.selected));
    StatefulWidget::render(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme.heading))
            .row_highlight_style(theme.selected),
        table,
        buf,
        &mut state,
    );
}

fn active_label(actif: Option<bool>) -> &'static str {
    match actif {
        Some(true) => "active",
        Some(false) => "inactive",
        None => "",
    }
}

/// `2026-08-16` → `16/08/2026`.
fn french_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => printable(iso),
    }
}

fn fiche_preview(app: &App, screen: &ImportScreen, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::bordered()
        .title(" Aperçu ")
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = notice_lines(&screen.notice, theme);
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    match screen.selected_fiche() {
        Some(fiche) => lines.extend(preview_lines(app, fiche, theme)),
        None if screen.fiches.is_empty() => {}
        None => lines.push(Line::styled(
            "Aucune fiche ne correspond au filtre (Retour efface une lettre, Ctrl-U tout).",
            theme.dim,
        )),
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn preview_lines(app: &App, f: &FicheSummary, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(printable(&f.intitule), theme.heading),
        Span::styled(format!("  ({})", printable(&f.numero)), theme.dim),
    ])];
    let mut facts = Vec::new();
    if let Some(level) = &f.niveau {
        facts.push(printable(level));
    }
    match f.actif {
        Some(true) => facts.push("fiche active".to_string()),
        Some(false) => facts.push("fiche inactive".to_string()),
        None => {}
    }
    if let Some(end) = &f.date_fin {
        facts.push(format!("fin d’enregistrement : {}", printable(end)));
    }
    if !facts.is_empty() {
        lines.push(Line::raw(facts.join(" · ")));
    }
    let ended = f
        .date_fin
        .as_deref()
        .and_then(crate::rncp::convert::iso_date)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .is_some_and(|d| d < app.today);
    if ended || f.actif == Some(false) {
        lines.push(Line::styled(
            "⚠ Enregistrement terminé : vérifiez qu’une version plus récente de la \
             certification n’existe pas (elle s’importe de même).",
            theme.warning,
        ));
    }
    if !f.importable() {
        let short = match f.register() {
            crate::rncp::Register::Rs => {
                "Fiche du répertoire spécifique (RS) : sans blocs de compétences, elle ne \
                 s’importe pas."
            }
            crate::rncp::Register::Rncp => "Aucun bloc de compétences : rien à importer.",
            crate::rncp::Register::Other => "Pas une fiche du RNCP : rien à importer.",
        };
        lines.push(Line::default());
        lines.push(Line::styled(short, theme.warning));
        lines.push(Line::from(vec![
            Span::styled("Entrée", theme.hint_key),
            Span::styled(" dit pourquoi.", theme.dim),
        ]));
        return lines;
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("{} de compétences :", count(f.blocs.len(), "bloc", "blocs")),
        theme.heading,
    ));
    let numero = f.numero.as_str();
    for (code, title) in &f.blocs {
        // `RNCP36490BC01` says the number again: `BC01` is enough here.
        let short = code
            .strip_prefix(numero)
            .filter(|rest| !rest.is_empty())
            .unwrap_or(code);
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", printable(short)), theme.hint_key),
            Span::raw(printable(title)),
        ]));
    }
    lines
}
