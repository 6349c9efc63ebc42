//! The document's lines as text: [`plain`] for `livret show`, [`layout`]
//! wrapped to rows for the fiche screen.

use super::{Kind, Line};

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
