//! Small text helpers shared by the command line and the views.

use unicode_width::UnicodeWidthStr;

pub mod words;

/// `12 345`: thousands apart, with a no-break space as French writes them.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// Lays out rows as columns aligned by display width (accents, emoji and wide
/// characters count as what they occupy on screen), two spaces apart. The last
/// column is not padded.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|row| row.get(i))
                .map(|cell| cell.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `1 critère`, `0 critère`, `3 critères`: French counts a zero as singular.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n < 2 { singular } else { plural })
}

/// `text` as it may reach a terminal: C0 and C1 control characters (but
/// newline and tab) and DEL, which a terminal would obey (set its title,
/// write the clipboard, clear the screen), become visible placeholders:
/// the control pictures (␛ for ESC) for C0 and DEL, � for C1.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}');
    if !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !unsafe_char(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect()
}

/// Whether a terminal would apply `c` without showing it: bidi overrides,
/// embeddings, isolates and marks (which reorder what follows), and the
/// zero-width spaces that hide text. Zero-width joiners are not among them:
/// emoji and several scripts need them.
fn unseen(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{200b}'
            | '\u{2060}'
            | '\u{feff}'
    )
}

/// The marker shown in place of a character `unseen` keeps from acting:
/// `⟨U+202E⟩`.
pub fn marker(c: char) -> Option<String> {
    unseen(c).then(|| format!("⟨U+{:04X}⟩", c as u32))
}

/// `text` as the interface shows data: what would reorder or hide text
/// (see [`marker`]) is shown as a visible marker, not applied.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(unseen) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match marker(c) {
            Some(marker) => out.push_str(&marker),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text as it may reach a terminal: serde already escapes C0 inside
/// strings; DEL and C1, which it leaves raw, are escaped too (`\u009b`).
pub fn json_safe(json: &str) -> std::borrow::Cow<'_, str> {
    let raw = |c: char| matches!(c, '\u{7f}'..='\u{9f}');
    if !json.contains(raw) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_on_display_width() {
        let rows = vec![
            vec!["é".to_string(), "x".to_string()],
            vec!["日本".to_string(), "y".to_string()],
        ];
        assert_eq!(table(&rows), "é     x\n日本  y\n");
    }
}

/// « a », « a et b », « a, b et c »: a list as a French sentence says it.
pub fn list_fr(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// Cuts `text` to at most `width` display columns, ending with "…" when cut.
pub fn truncate(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod truncate_tests {
    use super::*;

    #[test]
    fn truncation_counts_display_columns() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("日本語", 5), "日本…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(truncate("é", 0), "");
        assert_eq!(truncate("👍 ok", 3), "👍…");
    }

    #[test]
    fn lists_read_as_french() {
        let list =
            |items: &[&str]| list_fr(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["a.md"]), "a.md");
        assert_eq!(
            list(&["a.md", "a.html", "a.docx"]),
            "a.md, a.html et a.docx"
        );
    }
}

#[cfg(test)]
mod visible_tests {
    #[test]
    fn what_would_reorder_or_hide_text_is_shown() {
        let planted = "facture\u{202e}fdp.exe\u{200b}ok \u{2067}x\u{2069}";
        assert_eq!(
            super::visible(planted),
            "facture⟨U+202E⟩fdp.exe⟨U+200B⟩ok ⟨U+2067⟩x⟨U+2069⟩"
        );
        let kept = "👩\u{200d}💻 می\u{200c}خواهم é";
        assert_eq!(
            super::visible(kept),
            kept,
            "joiners are kept: emoji and scripts need them"
        );
    }
}
