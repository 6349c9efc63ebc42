//! Maps a structural path (`blocs[1].competences[0].criteres[2].id`) to the
//! line:column where that value starts in a RON text.
//!
//! serde forgets positions once a file is deserialized, so semantic checks
//! (a duplicate id, an empty title) would otherwise be reported without a place.
//! This walks the RON text just enough to know, at each value, which field or
//! list index it sits at. It is lenient: it only runs on text that already
//! deserialized successfully.

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One step of a path: a struct field or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Field(&'static str),
    Index(usize),
}

/// Finds where the value at `path` starts in `text`; `None` if it is not there
/// (e.g. a defaulted field that the file omits).
pub fn locate(text: &str, path: &[Step]) -> Option<Position> {
    let mut scanner = Scanner::new(text);
    scanner.find(path)
}

/// A frame of the nesting stack: inside `( … )` or `[ … ]` or `{ … }`.
struct Frame {
    /// Field name last seen in a struct frame.
    field: Option<String>,
    /// Index of the current element in a list or tuple frame.
    index: usize,
    /// Open `Some(` parentheses inside this frame, which do not nest paths.
    transparent: usize,
}

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    line: usize,
    col: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            chars: text.char_indices().peekable(),
            text,
            line: 1,
            col: 1,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn peek2(&mut self) -> Option<char> {
        let (i, _) = *self.chars.peek()?;
        self.text[i..].chars().nth(1)
    }

    fn here(&self) -> Position {
        Position {
            line: self.line,
            col: self.col,
        }
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek2()) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            (None, _) => return,
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_string(&mut self) {
        self.bump(); // opening quote
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return,
                _ => {}
            }
        }
    }

    /// Raw string `r#"…"#`, positioned on the `r`.
    fn skip_raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // opening quote
        'outer: while let Some(c) = self.bump() {
            if c == '"' {
                for _ in 0..hashes {
                    if self.peek() != Some('#') {
                        continue 'outer;
                    }
                    self.bump();
                }
                return;
            }
        }
    }

    fn read_word(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '#' {
                word.push(c);
                self.bump();
            } else {
                break;
            }
        }
        word
    }

    fn current_path(stack: &[Frame], is_struct: &[bool]) -> Vec<PathKey> {
        stack
            .iter()
            .zip(is_struct)
            .skip(1) // the root frame holds the top-level value itself
            .map(|(frame, &is_struct)| match (&frame.field, is_struct) {
                (Some(name), true) => PathKey::Field(name.clone()),
                _ => PathKey::Index(frame.index),
            })
            .collect()
    }

    fn find(&mut self, target: &[Step]) -> Option<Position> {
        // The root frame stands for "the top-level value".
        let mut stack = vec![Frame {
            field: None,
            index: 0,
            transparent: 0,
        }];
        let mut is_struct = vec![false];
        // Whether a value is expected next at the current frame (not yet started).
        let mut expecting_value = true;
        loop {
            self.skip_trivia();
            let c = self.peek()?;
            let start = self.here();
            // Only a value as deep as the target can be it: the path is built
            // then, so that deep nesting costs a walk, not a walk per level.
            if expecting_value
                && stack.len() == target.len() + 1
                && c != ')'
                && c != ']'
                && c != '}'
                && c != ','
            {
                let path = Self::current_path(&stack, &is_struct);
                if matches_path(&path, target) {
                    return Some(start);
                }
            }
            match c {
                '(' | '[' | '{' => {
                    self.bump();
                    stack.push(Frame {
                        field: None,
                        index: 0,
                        transparent: 0,
                    });
                    is_struct.push(c == '(');
                    expecting_value = c != '(';
                }
                ')' | ']' | '}' => {
                    self.bump();
                    expecting_value = false;
                    if let Some(top) = stack.last_mut().filter(|top| top.transparent > 0) {
                        top.transparent -= 1;
                        continue;
                    }
                    stack.pop();
                    is_struct.pop();
                    if stack.is_empty() {
                        return None;
                    }
                    expecting_value = false;
                }
                ',' => {
                    self.bump();
                    if let Some(top) = stack.last_mut() {
                        top.index += 1;
                        top.field = None;
                    }
                    let top_is_struct = *is_struct.last().unwrap_or(&false);
                    expecting_value = !top_is_struct;
                }
                '"' => {
                    self.skip_string();
                    expecting_value = false;
                }
                'r' if matches!(self.peek2(), Some('"') | Some('#')) => {
                    self.skip_raw_string();
                    expecting_value = false;
                }
                ':' => {
                    self.bump();
                    expecting_value = true;
                }
                _ if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' || c == '.' => {
                    let word = if c.is_alphabetic() || c == '_' {
                        self.read_word()
                    } else {
                        while matches!(self.peek(), Some(ch) if ch.is_alphanumeric() || "-+._".contains(ch))
                        {
                            self.bump();
                        }
                        String::new()
                    };
                    self.skip_trivia();
                    let in_struct = *is_struct.last().unwrap_or(&false);
                    if in_struct && self.peek() == Some(':') && !word.is_empty() {
                        // `field:` — the value follows the colon.
                        if let Some(top) = stack.last_mut() {
                            top.field = Some(word.trim_start_matches("r#").to_string());
                        }
                    } else if word == "Some" && self.peek() == Some('(') {
                        // `Some(x)` is transparent: x sits at the path already
                        // matched at `Some`, and the closing paren is ignored.
                        self.bump();
                        if let Some(top) = stack.last_mut() {
                            top.transparent += 1;
                        }
                        expecting_value = false;
                    } else if self.peek() == Some('(') {
                        // A named struct `Name(…)`: the name is part of the value.
                        expecting_value = true;
                    } else {
                        expecting_value = false;
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum PathKey {
    Field(String),
    Index(usize),
}

fn matches_path(path: &[PathKey], target: &[Step]) -> bool {
    path.len() == target.len()
        && path
            .iter()
            .zip(target)
            .all(|(key, step)| match (key, step) {
                (PathKey::Field(a), Step::Field(b)) => a == b,
                (PathKey::Index(a), Step::Index(b)) => a == b,
                _ => false,
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Field, Index};

    const TEXT: &str = r#"// comment (with parens) [and brackets]
(
    id: "x",
    title: "Titre, avec virgule (et parenthèse)",
    blocs: [
        (
            id: "BC1",
            competences: [
                (id: "C1", criteres: [(id: "CR1", text: ""), (id: "CR2", text: "b")]),
            ],
        ),
        (id: "BC2", code: Some("é"), competences: []),
    ],
)
"#;

    #[test]
    fn finds_top_level_fields() {
        assert_eq!(
            locate(TEXT, &[Field("title")]),
            Some(Position { line: 4, col: 12 })
        );
    }

    #[test]
    fn finds_nested_list_elements() {
        let path = [
            Field("blocs"),
            Index(0),
            Field("competences"),
            Index(0),
            Field("criteres"),
            Index(1),
            Field("id"),
        ];
        assert_eq!(locate(TEXT, &path), Some(Position { line: 9, col: 67 }));
    }

    #[test]
    fn finds_a_whole_element_and_sees_through_some() {
        assert_eq!(
            locate(TEXT, &[Field("blocs"), Index(1)]),
            Some(Position { line: 12, col: 9 })
        );
        assert_eq!(
            locate(TEXT, &[Field("blocs"), Index(1), Field("code")]),
            Some(Position { line: 12, col: 27 })
        );
        assert_eq!(
            locate(TEXT, &[Field("blocs"), Index(1), Field("competences")]),
            Some(Position { line: 12, col: 51 })
        );
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(locate(TEXT, &[Field("summary")]), None);
        assert_eq!(locate(TEXT, &[Field("blocs"), Index(5)]), None);
    }

    #[test]
    fn deep_nesting_elsewhere_does_not_hide_the_target() {
        // The walk goes through deep nesting (`cargo bench --bench budgets`,
        // hostile/portfolio_200k_brackets, times it) and still finds what
        // is past it.
        let text = format!(
            "(deep: {}, format_version: 3)",
            "[".repeat(5_000) + &"]".repeat(5_000)
        );
        assert_eq!(
            locate(&text, &[Field("format_version")]),
            Some(Position {
                line: 1,
                col: 10_026
            })
        );
        assert_eq!(
            locate(&"[".repeat(200_000), &[Field("format_version")]),
            None
        );
    }
}
