//! The writing frame: the prompts as headings in the note, which the
//! candidate writes under, inserted and taken out again with one key.
//! Only the headings go; what the candidate wrote stays.

use crate::text::words::{FRAME_MARK, is_frame_heading};

/// Whether the text holds a heading of the frame.
pub fn has_frame(text: &str) -> bool {
    text.lines().any(is_frame_heading)
}

/// The text with the frame appended: the text as it is (or an empty title
/// line), then each prompt as a heading followed by a line to write on.
pub fn insert(text: &str, prompts: &[&str]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    for prompt in prompts {
        lines.push(String::new());
        lines.push(format!("{FRAME_MARK} {prompt}"));
    }
    lines.push(String::new());
    lines.join("\n")
}

/// The text without the frame's headings, runs of blank lines made one.
pub fn remove(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().filter(|l| !is_frame_heading(l)) {
        let blank = line.trim().is_empty();
        if blank && lines.last().is_some_and(|l| l.trim().is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Inserts the frame, or takes it out when it is there.
pub fn toggle(text: &str, prompts: &[&str]) -> String {
    if has_frame(text) {
        remove(text)
    } else {
        insert(text, prompts)
    }
}

/// The line (0-based) of `framed` to put the cursor on after inserting the
/// frame into `before`: the title when the note had none, else the line
/// under the first heading.
pub fn cursor_after_insert(before: &str, framed: &str) -> usize {
    if before.trim().is_empty() {
        return 0;
    }
    framed
        .lines()
        .position(is_frame_heading)
        .map_or(0, |heading| heading + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::count;

    #[test]
    fn an_empty_note_gets_a_title_line_and_the_headings() {
        let text = insert("", &["Où ?", "Quoi ?"]);
        assert_eq!(text, "\n\n▸ Où ?\n\n▸ Quoi ?\n");
        assert_eq!(count(&text), 0, "headings are not words written");
        assert_eq!(cursor_after_insert("", &text), 0);
    }

    #[test]
    fn taking_the_frame_out_keeps_every_word_written() {
        let framed = insert("Mission export\n\n", &["Où ?", "Quoi ?"]);
        assert_eq!(cursor_after_insert("Mission export", &framed), 3);
        let mut lines: Vec<String> = framed.lines().map(String::from).collect();
        lines.insert(3, "À Lyon, en 2023.".into());
        let written = lines.join("\n");
        assert_eq!(count(&written), 2 + 4);
        let plain = toggle(&written, &["Où ?"]);
        assert_eq!(plain, "Mission export\n\nÀ Lyon, en 2023.");
        assert!(!has_frame(&plain));
        assert!(has_frame(&toggle(&plain, &["Où ?"])));
    }
}
