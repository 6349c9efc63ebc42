//! Descriptions as plain text: Moodle's are HTML, Mahara's may be.
//!
//! The HTML work (entities, tags, `<li>` items) is the RNCP import's
//! [`clean`]; this only normalises the blanks of what it returns.

use crate::rncp::split::clean;

/// Plain text of an HTML (or plain) description: entities decoded
/// (`&eacute;`, `&#39;`, `&nbsp;`), tags dropped, block tags (`<p>`, `<br>`,
/// `<div>`, `<h5>`…) turned into line breaks and `<li>` into `- ` items,
/// blanks collapsed inside each line, at most one empty line between
/// paragraphs. Accents and every word are kept.
pub fn to_text(html: &str) -> String {
    plain(&clean(html))
}

/// A title on one line: [`to_text`], its lines joined by a space.
pub fn one_line(html: &str) -> String {
    collapse(&to_text(html))
}

/// Plain text with its blanks normalised, tags and entities left as they
/// are: each line's blank runs (no-break spaces included) as one space,
/// at most one empty line between paragraphs, no empty line around.
pub fn plain(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut gap = false;
    for line in text.lines() {
        let line = collapse(line);
        if line.is_empty() {
            gap = !lines.is_empty();
            continue;
        }
        if gap {
            lines.push(String::new());
            gap = false;
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// Blank runs, line breaks included, as one space; trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_lines_and_items_and_entities_are_decoded() {
        let html = "<h5>Sens et port&eacute;e</h5><p>L&#39;&eacute;tude\u{a0}:&nbsp;le  droit.</p>\
                    <ul><li>un</li><li>deux</li></ul>fin<br/>suite";
        assert_eq!(
            to_text(html),
            "Sens et portée\nL'étude : le droit.\n- un\n- deux\nfin\nsuite"
        );
        assert_eq!(
            one_line("1.2 Les sources <h5>Sens</h5>"),
            "1.2 Les sources Sens"
        );
    }

    #[test]
    fn plain_text_keeps_its_paragraphs() {
        assert_eq!(
            to_text("  a   b \r\n\r\n\r\n c < 5 & d \n"),
            "a b\n\nc < 5 & d"
        );
        assert_eq!(to_text(""), "");
        assert_eq!(plain("<b>x</b>  &amp;"), "<b>x</b> &amp;");
    }
}
