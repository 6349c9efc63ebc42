//! The coverage matrix: critères (rows, grouped under bloc and compétence) ×
//! experiences (columns). Row headers on the left, column headers on top and
//! the totals at the bottom and on the right stay in view while the cells
//! scroll both ways.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};
use unicode_width::UnicodeWidthStr;

use crate::coverage::{Coverage, coverage};
use crate::referentiel::short_id;
use crate::text::{count, truncate, visible};
use crate::tui::app::App;
use crate::tui::screens::matrix::{LineKind, MatrixLine, lines};
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{self, hint_bar};

/// Columns of the totals on the right.
const TOTAL_WIDTH: u16 = 7;
/// Narrowest and widest experience columns.
const COLUMN_MIN: u16 = 7;
const COLUMN_MAX: u16 = 28;

/// Where the parts of the matrix go, and which experiences are in view.
struct Grid {
    label: Rect,
    cells: Rect,
    total: Rect,
    column_width: u16,
    /// First experience shown, and how many are shown.
    first: usize,
    shown: usize,
}

impl Grid {
    /// The labels and the columns take the width they need (`need`: the
    /// widest label, the widest experience title): the labels first, up to
    /// two fifths (at least 20 columns), then the columns, 7 to 28 each;
    /// the labels take back what the columns leave, up to their need.
    fn new(inner: Rect, columns: usize, selected: usize, need: (u16, u16)) -> Grid {
        let (label_need, column_need) = need;
        let available = inner.width.saturating_sub(TOTAL_WIDTH);
        let label_min = label_need.clamp(20.min(inner.width), (inner.width * 2 / 5).max(20));
        let cells_room = available.saturating_sub(label_min);
        let n = u16::try_from(columns.max(1)).unwrap_or(u16::MAX);
        let column_width =
            (cells_room / n).clamp(COLUMN_MIN, column_need.clamp(COLUMN_MIN, COLUMN_MAX));
        let fit = usize::from(cells_room / column_width).max(1);
        let shown = fit.min(columns);
        let cells_width = (shown as u16).saturating_mul(column_width).min(cells_room);
        let label_width = available
            .saturating_sub(cells_width)
            .min(label_need.max(label_min));
        let [label, cells, total, _] = Layout::horizontal([
            Constraint::Length(label_width),
            Constraint::Length(cells_width),
            Constraint::Length(TOTAL_WIDTH),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let first = selected
            .saturating_sub(fit - 1)
            .min(columns.saturating_sub(shown));
        Grid {
            label,
            cells,
            total,
            column_width,
            first,
            shown,
        }
    }

    /// The cell of column `column` (an experience index) on row `y`.
    fn cell(&self, column: usize, y: u16) -> Rect {
        Rect {
            x: self.cells.x + (column - self.first) as u16 * self.column_width,
            y,
            width: self.column_width,
            height: 1,
        }
    }
}

/// `text` centred in `width` columns.
fn centred(text: &str, width: u16) -> String {
    let width = usize::from(width);
    let text = truncate(text, width.saturating_sub(1));
    let used = text.width();
    let left = (width - used) / 2;
    format!(
        "{}{text}{}",
        " ".repeat(left),
        " ".repeat(width - used - left)
    )
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some((certification, portfolio)) = app.session.open() else {
        return;
    };
    let coverage = coverage(certification, portfolio);
    let lines = lines(&coverage, &app.screens.matrix.collapsed);
    let [title, body, info, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    let bare = coverage.rows.iter().filter(|r| r.is_bare()).count();
    let figure = format!(
        " {}/{} critères reliés à une expérience · {} ",
        coverage.criteres_linked(),
        coverage.rows.len(),
        count(bare, "sans preuve", "sans preuve")
    );
    let room = usize::from(title.width).saturating_sub(figure.width() + 18);
    Line::from(vec![
        Span::styled("livret ", theme.title),
        Span::styled("Matrice — ", theme.heading),
        Span::raw(truncate(&certification.title, room)),
        Span::styled(figure, theme.heading),
    ])
    .render(title, buf);

    let block = Block::bordered()
        .title(" Critères × expériences ")
        .border_style(theme.border_focus);
    let inner = block.inner(body);
    block.render(body, buf);
    if inner.height < 4 || inner.width < 30 {
        return;
    }
    let columns = coverage.experiences.len();
    let column = app.screens.matrix.column.min(columns.saturating_sub(1));
    let label_need = coverage
        .rows
        .iter()
        .map(|row| {
            let label = format!(
                "   ● {} {}",
                short_id(row.unit.id, row.parent.id),
                first_line(row.unit.text)
            );
            label.width() + 1
        })
        .max()
        .unwrap_or(0);
    let column_need = coverage
        .experiences
        .iter()
        .map(|e| visible(&e.title).width().max(e.years().width()) + 2)
        .max()
        .unwrap_or(0);
    let need = (
        u16::try_from(label_need).unwrap_or(u16::MAX),
        u16::try_from(column_need).unwrap_or(u16::MAX),
    );
    let grid = Grid::new(inner, columns, column, need);
    let [head, rows_area, total_row] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    headers(&coverage, &grid, column, head, buf, theme);
    let height = usize::from(rows_area.height);
    let offset = crate::tui::scroll::scroll_offset(app.screens.matrix.line, lines.len(), height);
    for (y, (i, line)) in lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let y = rows_area.y + y as u16;
        let selected = (i == app.screens.matrix.line).then_some(column);
        matrix_line(&coverage, line, &grid, selected, y, buf, theme);
    }
    totals(&coverage, &grid, column, total_row.y, buf, theme);
    selection_info(app, &coverage, &lines, info, buf, theme);
    hint_bar(app, hints, buf, theme);
}

/// Two lines on top: each experience's short title, then its years.
fn headers(
    coverage: &Coverage,
    grid: &Grid,
    column: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let columns = coverage.experiences.len();
    let left = grid.first;
    let right = columns - grid.first - grid.shown;
    let label = widgets::row(grid.label, area.y);
    Span::styled(" Critère \\ expérience", theme.heading).render(label, buf);
    let scroll = match (left, right) {
        (0, 0) if columns == 0 => " aucune : X pour en décrire".to_string(),
        (0, 0) => String::new(),
        _ => format!(
            " {}{}–{} sur {columns}{}",
            if left > 0 { "◂ " } else { "  " },
            left + 1,
            left + grid.shown,
            if right > 0 { " ▸" } else { "" }
        ),
    };
    Span::styled(scroll, theme.dim).render(widgets::row(grid.label, area.y + 1), buf);
    for c in grid.first..grid.first + grid.shown {
        let experience = coverage.experiences[c];
        let style = if c == column {
            theme.selected_unfocused
        } else {
            theme.heading
        };
        Span::styled(
            centred(&visible(&experience.title), grid.column_width),
            style,
        )
        .render(grid.cell(c, area.y), buf);
        Span::styled(centred(&experience.years(), grid.column_width), theme.dim)
            .render(grid.cell(c, area.y + 1), buf);
    }
    Span::styled(centred("Total", TOTAL_WIDTH), theme.heading)
        .render(widgets::row(grid.total, area.y), buf);
}

fn matrix_line(
    coverage: &Coverage,
    line: &MatrixLine,
    grid: &Grid,
    selected: Option<usize>,
    y: u16,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let row = &coverage.rows[line.rows.start];
    let fold = if line.collapsed { "▸" } else { "▾" };
    let width = usize::from(grid.label.width);
    let bare = line.bare(coverage);
    let (label, style) = match line.kind {
        LineKind::Bloc => (
            format!("{fold} {} {}", row.bloc.id, row.bloc.title),
            theme.heading,
        ),
        LineKind::Competence => (
            format!(" {fold} {} {}", row.parent.id, row.parent.title),
            theme.heading,
        ),
        LineKind::Critere if row.is_bare() => (
            format!(
                "   ✗ {} {}",
                short_id(row.unit.id, row.parent.id),
                first_line(row.unit.text)
            ),
            theme.warning,
        ),
        LineKind::Critere => (
            format!(
                "   {} {} {}",
                if row.total() > 0 { "●" } else { "○" },
                short_id(row.unit.id, row.parent.id),
                first_line(row.unit.text)
            ),
            Style::new(),
        ),
    };
    let label = if line.collapsed && bare > 0 {
        let mark = format!(" ✗{bare}");
        format!(
            "{}{mark}",
            truncate(&label, width.saturating_sub(mark.width() + 1))
        )
    } else {
        truncate(&label, width.saturating_sub(1))
    };
    let label_style = if selected.is_some() {
        style.patch(theme.selected_unfocused)
    } else {
        style
    };
    Span::styled(format!("{label:<width$}"), label_style).render(widgets::row(grid.label, y), buf);
    let group = line.kind != LineKind::Critere;
    for c in grid.first..grid.first + grid.shown {
        let n = line.count(coverage, c);
        let text = if n == 0 {
            "·".to_string()
        } else {
            n.to_string()
        };
        let style = match (selected == Some(c), n) {
            (true, _) => theme.selected,
            (false, 0) => theme.dim,
            (false, _) if group => theme.heading,
            (false, _) => theme.ready,
        };
        Span::styled(centred(&text, grid.column_width), style).render(grid.cell(c, y), buf);
    }
    let total = line.total(coverage);
    let (text, style) = match total {
        0 if line.kind == LineKind::Critere && row.is_bare() => ("—".to_string(), theme.warning),
        0 => ("·".to_string(), theme.dim),
        n => (n.to_string(), theme.heading),
    };
    Span::styled(centred(&text, TOTAL_WIDTH), style).render(widgets::row(grid.total, y), buf);
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The bottom line: notes linked to each experience, and all of them.
fn totals(
    coverage: &Coverage,
    grid: &Grid,
    column: usize,
    y: u16,
    buf: &mut Buffer,
    theme: &Theme,
) {
    Span::styled(" Total (notes liées)", theme.heading).render(widgets::row(grid.label, y), buf);
    for c in grid.first..grid.first + grid.shown {
        let style = if c == column {
            theme.selected_unfocused
        } else {
            theme.heading
        };
        Span::styled(
            centred(&coverage.column_total(c).to_string(), grid.column_width),
            style,
        )
        .render(grid.cell(c, y), buf);
    }
    Span::styled(
        centred(&coverage.total().to_string(), TOTAL_WIDTH),
        theme.heading,
    )
    .render(widgets::row(grid.total, y), buf);
}

/// Under the matrix: the selected experience and line in full.
fn selection_info(
    app: &App,
    coverage: &Coverage,
    lines: &[MatrixLine],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let width = usize::from(area.width);
    let column = app.screens.matrix.column;
    let experience = match coverage.experiences.get(column) {
        Some(e) => {
            let context = e.context();
            let period = e.period();
            let details: Vec<&str> = [context.as_str(), period.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let details = if details.is_empty() {
                String::new()
            } else {
                format!(" — {}", details.join(" · "))
            };
            format!(
                "{}/{} {}{details} · {}",
                column + 1,
                coverage.experiences.len(),
                visible(&e.title),
                count(
                    coverage.criteres_covered(column),
                    "critère couvert",
                    "critères couverts"
                )
            )
        }
        None => "Aucune expérience décrite : X, puis a, pour en ajouter une.".to_string(),
    };
    Line::from(vec![
        Span::styled("Expérience ", theme.dim),
        Span::raw(truncate(&experience, width.saturating_sub(11))),
    ])
    .render(widgets::row(area, area.y), buf);
    let Some(line) = lines.get(app.screens.matrix.line) else {
        return;
    };
    let row = &coverage.rows[line.rows.start];
    let text = match line.kind {
        LineKind::Bloc => format!("{} {}", row.bloc.id, row.bloc.title),
        LineKind::Competence => format!("{} {}", row.parent.id, row.parent.title),
        LineKind::Critere => {
            let evidence = if row.is_bare() {
                "aucune note de preuve".to_string()
            } else {
                count(row.evidence, "note de preuve", "notes de preuve")
            };
            format!("{} ({evidence}) {}", row.unit.id, first_line(row.unit.text))
        }
    };
    let style = if line.kind == LineKind::Critere && row.is_bare() {
        theme.warning
    } else {
        Style::new()
    };
    Span::styled(truncate(&text, width), style).render(widgets::row(area, area.y + 1), buf);
}
