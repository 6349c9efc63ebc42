//! Escaping of user and référentiel text, so that no text can change the
//! structure of the exported document.
//!
//! Markdown: every character that can open or close an inline construct is
//! backslash-escaped, and so is whatever at the start of a line could open a
//! block (list item, setext underline). Leading spaces are dropped (they would
//! make an indented code block) and trailing ones too (two of them make a line
//! break). HTML: the five characters of the markup are entity-encoded.

/// Characters escaped wherever they appear in Markdown: emphasis, code,
/// links, raw HTML and autolinks, entities, headings, GFM tables and
/// strikethrough, the math of common extensions, and the backslash itself.
const MARKDOWN_SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&', '$',
];

/// The lines of a text, split on every CommonMark line ending (`\n`, `\r\n`
/// and a lone `\r`, which `str::lines` would keep inside a line).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
}

/// One line of text as Markdown inline content that renders as that text.
/// Leading and trailing whitespace is dropped; line endings, if any, are
/// turned into spaces.
pub fn markdown_line(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 8);
    let block_marker = block_marker_at_start(text);
    for (i, c) in text.char_indices() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if MARKDOWN_SPECIAL.contains(&c) || Some(i) == block_marker => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Where a line starts a list item or a setext underline: `-`, `+`, `=`, or
/// the `.`/`)` after up to nine digits (`1.`, `12)`). The other block markers
/// (`#`, `>`, `*`, `_`, backticks, `<`, `|`, `~`) are escaped everywhere.
fn block_marker_at_start(text: &str) -> Option<usize> {
    match text.chars().next()? {
        '-' | '+' | '=' => Some(0),
        '0'..='9' => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            let next = text.as_bytes().get(digits)?;
            (digits <= 9 && matches!(next, b'.' | b')')).then_some(digits)
        }
        _ => None,
    }
}

/// Any text as a single line of Markdown inline content (headings, table
/// cells, list items): runs of whitespace and line endings become one space.
pub fn markdown_inline(text: &str) -> String {
    markdown_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A multi-line text as Markdown paragraphs: blank lines separate
/// paragraphs, and each line break inside a paragraph is kept (backslash
/// hard break). Empty when the text is blank.
pub fn markdown_paragraphs(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|lines| {
            lines
                .iter()
                .map(|line| markdown_line(line))
                .collect::<Vec<_>>()
                .join("\\\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text with `&`, `<`, `>`, `"` and `'` entity-encoded: safe in element
/// content and in quoted attribute values.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A multi-line text as HTML `<p>` elements, one per paragraph, line breaks
/// inside a paragraph kept as `<br>`. Empty when the text is blank.
pub fn html_paragraphs(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|lines| {
            let lines: Vec<String> = lines.iter().map(|l| html_text(l.trim())).collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect()
}

/// Non-blank lines grouped into paragraphs at blank lines.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current = Vec::new();
    for line in lines(text) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_french_text_is_left_alone() {
        let text = "L’entreprise (PME) a 3 sites, 20 % d’export : c’est bien.";
        assert_eq!(markdown_line(text), text);
        assert_eq!(html_text(text), text);
    }

    #[test]
    fn inline_markup_is_escaped() {
        assert_eq!(
            markdown_line("*gras* _it_ `code` [x](y) a|b ~~barré~~ &amp; $x$ \\"),
            r"\*gras\* \_it\_ \`code\` \[x\](y) a\|b \~\~barré\~\~ \&amp; \$x\$ \\"
        );
    }

    #[test]
    fn raw_html_is_escaped() {
        assert_eq!(
            markdown_line("<script>alert(1)</script></table>"),
            r"\<script\>alert(1)\</script\>\</table\>"
        );
        assert_eq!(
            html_text("<script>alert(\"1\")</script> & 'x'"),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;"
        );
    }

    #[test]
    fn block_markers_at_the_start_of_a_line_are_escaped() {
        assert_eq!(markdown_line("# Titre"), r"\# Titre");
        assert_eq!(markdown_line("> cité"), r"\> cité");
        assert_eq!(markdown_line("- puce"), r"\- puce");
        assert_eq!(markdown_line("+ puce"), r"\+ puce");
        assert_eq!(markdown_line("---"), r"\---");
        assert_eq!(markdown_line("==="), r"\===");
        assert_eq!(markdown_line("1. un"), r"1\. un");
        assert_eq!(markdown_line("12) douze"), r"12\) douze");
        assert_eq!(markdown_line("    code"), "code");
        assert_eq!(markdown_line("| a | b |"), r"\| a \| b \|");
    }

    #[test]
    fn markers_inside_a_line_are_kept() {
        assert_eq!(markdown_line("a - b + c = d, 1. e"), "a - b + c = d, 1. e");
        assert_eq!(markdown_line("2026"), "2026");
        assert_eq!(markdown_line("1234567890. x"), "1234567890. x");
    }

    #[test]
    fn inline_text_is_one_line() {
        assert_eq!(markdown_inline(" a\n# b\r\n  c\rd "), r"a \# b c d");
    }

    #[test]
    fn every_line_ending_splits_lines() {
        let split: Vec<&str> = lines("a\nb\r\nc\rd").collect();
        assert_eq!(split, ["a", "b", "c", "d"]);
    }

    #[test]
    fn paragraphs_keep_line_breaks_and_split_on_blank_lines() {
        let text = "\nun\n- deux\n  \n\r# trois\n\n";
        assert_eq!(markdown_paragraphs(text), "un\\\n\\- deux\n\n\\# trois");
        assert_eq!(
            html_paragraphs(text),
            "<p>un<br>\n- deux</p>\n<p># trois</p>\n"
        );
        assert_eq!(markdown_paragraphs(" \n"), "");
        assert_eq!(html_paragraphs(""), "");
    }

    #[test]
    fn a_line_ending_in_a_backslash_stays_a_backslash() {
        assert_eq!(markdown_paragraphs("a\\\nb"), "a\\\\\\\nb");
    }
}
