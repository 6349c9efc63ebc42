//! Small drawing helpers every view shares: selection, popups' frames,
//! panes, the hint bar, the « terminal trop petit » screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::status::Severity;
use crate::tui::theme::Theme;
use crate::tui::view::{MIN_HEIGHT, MIN_WIDTH};

/// One row of [`entry_list`]: a dim lead (a number), the title, a dim mark
/// at the right edge (years, a count).
pub struct EntryRow {
    pub lead: String,
    pub title: String,
    pub mark: String,
}

/// A bordered list of `count` entries (experiences, pieces), `selected`
/// highlighted and kept in view; `row` makes only the rows shown. The title
/// is cut to what the lead and the mark leave.
pub fn entry_list(
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    title: String,
    (count, selected): (usize, usize),
    row: impl Fn(usize) -> EntryRow,
) {
    let block = ratatui::widgets::Block::bordered()
        .title(title)
        .border_style(theme.border_focus);
    let inner = block.inner(area);
    block.render(area, buf);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let offset = crate::tui::scroll::scroll_offset(selected, count, height);
    for (y, i) in (offset..count).take(height).enumerate() {
        let EntryRow { lead, title, mark } = row(i);
        let (lead_w, mark_w) = (lead.chars().count(), mark.chars().count());
        let title = crate::text::truncate(&title, width.saturating_sub(lead_w + mark_w + 2));
        let pad = width.saturating_sub(lead_w + title.chars().count() + mark_w + 1);
        let line = Line::from(vec![
            Span::styled(lead, theme.dim),
            Span::raw(title),
            Span::raw(" ".repeat(pad)),
            Span::styled(mark, theme.dim),
            Span::raw(" "),
        ]);
        let line = if i == selected {
            self::selected(line, theme.selected)
        } else {
            line
        };
        let y = inner.y + u16::try_from(y).unwrap_or(u16::MAX);
        line.render(
            Rect {
                y,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}

/// Marks a whole line as selected: its own style and every span's, so that a
/// theme's selection colours win over the spans' (a reversed selection looks
/// the same either way).
pub fn selected(line: Line<'_>, style: Style) -> Line<'_> {
    let mut line = line.patch_style(style);
    for span in &mut line.spans {
        span.style = span.style.patch(style);
    }
    line
}

/// Empties `area` for a popup, in the theme's base style.
pub fn clear(area: Rect, buf: &mut Buffer, theme: &Theme) {
    Clear.render(area, buf);
    buf.set_style(area, theme.normal);
}

pub fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = format!(
        "Terminal trop petit ({}×{}) : agrandissez-le (min. {MIN_WIDTH}×{MIN_HEIGHT}).",
        area.width, area.height
    );
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(area);
    Paragraph::new(text)
        .style(theme.message)
        .centered()
        .wrap(Wrap { trim: true })
        .render(middle, buf);
}

/// Rows a message too long for the hint line may take above it.
const MESSAGE_ROWS: usize = 4;

/// The bottom line: the latest message, then as many hints of the current
/// context as fit, whole; the help hint is always kept, at the end. A
/// message too long for the line is never cut: it wraps onto the rows just
/// above, over the bottom of the screen (`L` lists it whole in any case).
pub fn hint_bar(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut spans = Vec::new();
    let mut room = usize::from(area.width);
    let hints = app
        .keymap
        .hints_for(app.context(), app.session.tutor.is_some());
    let is_help = |label: &str| label == "aide";
    let width = |(key, label): &(String, &str)| key.width() + 1 + label.width() + 3;
    let help = hints.iter().find(|(_, label)| is_help(label));
    // The sync's state, at the right end, when this directory syncs.
    if let Some(sync) = &app.session.sync {
        let (label, warning) = sync.label(app.now, &app.tz);
        let width = label.width() as u16;
        if width + 20 < area.width {
            let right = Rect {
                x: area.right() - width,
                width,
                ..area
            };
            let style = if warning { theme.warning } else { theme.dim };
            Line::styled(label, style).render(right, buf);
            room = room.saturating_sub(usize::from(width) + 2);
        }
    }
    if let Some(status) = &app.status {
        let (text, style) = match status.severity {
            Severity::Warning => (format!("⚠ {}", status.text), theme.warning),
            Severity::Info | Severity::Error => (status.text.clone(), theme.message),
        };
        if text.width() + 2 + help.map_or(0, width) <= room || area.y == 0 {
            room = room.saturating_sub(text.width() + 2);
            spans.push(Span::styled(text, style));
            spans.push(Span::raw("  "));
        } else {
            message_above(&text, style, area, buf, theme);
        }
    }
    room = room.saturating_sub(help.map_or(0, width));
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for hint in hints.iter().filter(|(_, label)| !is_help(label)) {
        if width(hint) <= room {
            room -= width(hint);
            shown.push(hint);
        }
    }
    shown.extend(help);
    for (i, (key, label)) in shown.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(key.clone(), theme.hint_key));
        spans.push(Span::styled(format!(" {label}"), theme.hint));
    }
    Line::from(spans).render(area, buf);
}

/// A long message, wrapped on the rows above the hint line; past
/// `MESSAGE_ROWS` rows, its last one says where to read it whole.
fn message_above(text: &str, style: Style, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let columns = usize::from(area.width).max(1);
    // Paths and ids stay whole on a line where they fit.
    let options =
        textwrap::Options::new(columns).word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    let rows = lines.len().min(MESSAGE_ROWS).min(usize::from(area.y));
    if lines.len() > rows {
        lines.truncate(rows);
        let more = " (L : en entier)";
        if let Some(last) = lines.last_mut() {
            let keep = columns.saturating_sub(more.width());
            *last = crate::text::truncate(&format!("{last}…"), keep) + more;
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let row = Rect {
            y: area.y - rows as u16 + i as u16,
            height: 1,
            ..area
        };
        clear(row, buf, theme);
        Line::styled(line.clone(), style).render(row, buf);
    }
}

/// The keys of a popup's context, for its bottom border.
pub fn popup_hints(app: &App, context: Context, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for (key, label) in app.keymap.hints(context) {
        spans.push(Span::styled(key, theme.hint_key));
        spans.push(Span::styled(format!(" {label}  "), theme.hint));
    }
    spans
}

/// A pop-up's frame: its title, and its context's keys in the bottom border.
pub fn popup(
    app: &App,
    context: Context,
    title: impl Into<Line<'static>>,
    theme: &Theme,
) -> ratatui::widgets::Block<'static> {
    ratatui::widgets::Block::bordered()
        .title(title)
        .title_bottom(Line::from(popup_hints(app, context, theme)))
        .border_style(theme.border_focus)
}

/// A bordered pane whose border says whether it has the focus.
pub fn pane(title: &str, focused: bool, theme: &Theme) -> ratatui::widgets::Block<'static> {
    ratatui::widgets::Block::bordered()
        .title(title.to_string())
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
}

/// A rectangle of the given percentages of `area`, centred, at least `min` cells.
pub fn centered(area: Rect, width_percent: u16, height_percent: u16, min: (u16, u16)) -> Rect {
    let width = (area.width * width_percent / 100)
        .max(min.0)
        .min(area.width);
    let height = (area.height * height_percent / 100)
        .max(min.1)
        .min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// One line of `area`, at row `y`.
pub fn row(area: Rect, y: u16) -> Rect {
    Rect {
        y,
        height: 1,
        ..area
    }
}
