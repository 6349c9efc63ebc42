//! Cleaning older exports: HTML entities decoded, tags turned into line
//! breaks and items, control characters dropped.

use quick_xml::escape::resolve_html5_entity;

use super::is_line_break;
use super::markers::bullet_at;

/// `&eacute;`, `&#233;`, `&#xE9;`; `None` when there is none. A bare `&`
/// (`R&D`) or an unknown name stays as it is.
pub(super) fn decode_entities(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(k) = s[from..].find('&') {
        let amp = from + k;
        let rest = &s[amp + 1..];
        let semi = rest
            .char_indices()
            .take(33)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        if let Some(decoded) = semi.and_then(|i| resolve_entity(&rest[..i])) {
            out.push_str(&s[last..amp]);
            out.push_str(&decoded);
            last = amp + 1 + semi.unwrap_or(0) + 1;
            from = last;
        } else {
            from = amp + 1;
        }
    }
    if last == 0 {
        return None;
    }
    out.push_str(&s[last..]);
    Some(out)
}

fn resolve_entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        if !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let value = u32::from_str_radix(digits, radix).ok()?;
        return char::from_u32(value)
            .filter(|&c| c != '\0')
            .map(String::from);
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    resolve_html5_entity(name).map(str::to_string)
}

const BLOCK_TAGS: &str = "p br div ul ol li h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr \
                          blockquote hr section article pre dl dt dd";
const INLINE_TAGS: &str = "span strong b i em u a font sup sub small big s strike mark abbr \
                           code img cite q ins del tt label td th center";

fn is_tag(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|t| t == name)
}

struct Tag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
}

/// Known HTML tags turned into line breaks and `- ` items; `None` when the
/// text has no tag.
pub(super) fn strip_tags(s: &str) -> Option<String> {
    let tags = find_tags(s);
    if tags.is_empty() {
        return None;
    }
    // In HTML the source's own line breaks are mere blanks.
    let block = tags.iter().any(|t| is_tag(BLOCK_TAGS, &t.name));
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut depth = 0usize;
    for tag in &tags {
        push_html_text(&mut out, &s[last..tag.start], block);
        out.push_str(&tag_replacement(tag, &mut depth, &s[tag.end..]));
        last = tag.end;
    }
    push_html_text(&mut out, &s[last..], block);
    let lines: Vec<&str> = out
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    Some(lines.join("\n"))
}

fn push_html_text(out: &mut String, chunk: &str, block: bool) {
    if block {
        out.extend(
            chunk
                .chars()
                .map(|c| if is_line_break(c) { ' ' } else { c }),
        );
    } else {
        out.push_str(chunk);
    }
}

fn tag_replacement(tag: &Tag, depth: &mut usize, after: &str) -> String {
    match (tag.name.as_str(), tag.closing) {
        ("li", false) => {
            let after = after.trim_start();
            if bullet_at(after, 0).is_some() {
                "\n".to_string()
            } else if *depth > 1 {
                "\n◦ ".to_string()
            } else {
                "\n- ".to_string()
            }
        }
        ("ul" | "ol", closing) => {
            *depth = if closing {
                depth.saturating_sub(1)
            } else {
                *depth + 1
            };
            "\n".to_string()
        }
        ("td" | "th", _) => " ".to_string(),
        (name, _) if is_tag(BLOCK_TAGS, name) => "\n".to_string(),
        _ => String::new(),
    }
}

fn find_tags(s: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut from = 0;
    // The next `-->` (MAX: none), looked for once per comment, not per `<!--`.
    let mut close: Option<usize> = None;
    while let Some(k) = s[from..].find('<') {
        let start = from + k;
        let tag = if s[start..].starts_with("<!--") {
            if close.is_none_or(|c| c < start + 4) {
                close = Some(
                    s[start + 4..]
                        .find("-->")
                        .map_or(usize::MAX, |c| start + 4 + c),
                );
            }
            close.filter(|&c| c - start <= 20_000).map(|c| Tag {
                start,
                end: c + 3,
                name: "!--".to_string(),
                closing: false,
            })
        } else {
            tag_at(s, start)
        };
        match tag {
            Some(tag) => {
                from = tag.end;
                tags.push(tag);
            }
            None => from = start + 1,
        }
    }
    tags
}

/// `<p>`, `</li>`, `<br/>`, `<span style="…">`, `<o:p>`, `<!-- … -->`; not `< 5 ans` nor `a<b et c>d`.
fn tag_at(s: &str, start: usize) -> Option<Tag> {
    let rest = &s[start..];
    let b = rest.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let n0 = if closing { 2 } else { 1 };
    let name_len = b
        .get(n0..)?
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b':' || **c == b'-')
        .count();
    if name_len == 0 || !b[n0].is_ascii_alphabetic() {
        return None;
    }
    let name = rest[n0..n0 + name_len].to_ascii_lowercase();
    let known = is_tag(BLOCK_TAGS, &name) || is_tag(INLINE_TAGS, &name);
    if !known && !name.contains(':') {
        return None;
    }
    let attrs_end = attributes_end(rest, n0 + name_len)?;
    Some(Tag {
        start,
        end: start + attrs_end,
        name,
        closing,
    })
}

/// Past the `>` of a tag whose attributes are all `name=value`.
fn attributes_end(rest: &str, mut i: usize) -> Option<usize> {
    let b = rest.as_bytes();
    loop {
        if i > 2_000 {
            return None;
        }
        let blanks = b
            .get(i..)?
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        i += blanks;
        match *b.get(i)? {
            b'>' => return Some(i + 1),
            b'/' if b.get(i + 1) == Some(&b'>') => return Some(i + 2),
            _ if blanks == 0 => return None,
            _ => {}
        }
        let name = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':'))
            .count();
        if name == 0 || b.get(i + name) != Some(&b'=') {
            return None;
        }
        i += name + 1;
        i = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                i + 1 + find_near(&rest[i + 1..], if q == b'"' { "\"" } else { "'" }, 2_000)? + 1
            }
            _ => {
                let value = b[i..].iter().take(2_000);
                i + value
                    .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'>' | b'<'))
                    .count()
            }
        };
    }
}

/// Where `needle` starts in the first `limit` bytes of `hay`: a tag never
/// runs on, and a bound keeps a text full of `<` linear.
fn find_near(hay: &str, needle: &str, limit: usize) -> Option<usize> {
    let mut end = hay.len().min(limit);
    while !hay.is_char_boundary(end) {
        end -= 1;
    }
    hay[..end].find(needle)
}

/// `\r\n` and lone line-breaking controls become `\n`; other controls but `\t` go.
pub(super) fn drop_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
