//! Reading JSON with precise errors: a value's path, and where it starts.

use std::fmt;

use serde_json::{Map, Value};

use super::ReadError;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A place in a JSON document: `framework.standards[2].shortname`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(Vec<Step>);

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(racine du document)");
        }
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A value missing or of the wrong kind, not yet located in the text.
#[derive(Debug)]
pub struct Misfit {
    path: Path,
    message: String,
}

impl Misfit {
    /// The error, with the line and column where the value starts.
    pub fn locate(self, text: &str) -> ReadError {
        ReadError::Json {
            position: locate(text, &self.path),
            path: self.path.to_string(),
            message: self.message,
        }
    }
}

/// A value and its path.
#[derive(Debug, Clone)]
pub struct At<'a> {
    pub value: &'a Value,
    pub path: Path,
}

/// `text` parsed, or where serde_json stopped.
pub fn parse(text: &str) -> Result<Value, ReadError> {
    serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        let detail = e.to_string();
        let detail = detail.split(" at line ").next().unwrap_or_default();
        let message = match e.classify() {
            Category::Eof => {
                format!("le texte s’arrête avant la fin du JSON (fichier tronqué ?) : {detail}")
            }
            _ => format!("syntaxe JSON invalide : {detail}"),
        };
        ReadError::JsonSyntax {
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "un booléen",
        Value::Number(_) => "un nombre",
        Value::String(_) => "une chaîne",
        Value::Array(_) => "une liste [ … ]",
        Value::Object(_) => "un objet { … }",
    }
}

impl<'a> At<'a> {
    pub fn root(value: &'a Value) -> Self {
        At {
            value,
            path: Path::default(),
        }
    }

    /// A problem with this value.
    pub fn misfit(&self, message: String) -> Misfit {
        Misfit {
            path: self.path.clone(),
            message,
        }
    }

    fn expected(&self, what: &str) -> Misfit {
        self.misfit(format!("{what} ici, pas {}", kind(self.value)))
    }

    pub fn object(&self) -> Result<&'a Map<String, Value>, Misfit> {
        self.value
            .as_object()
            .ok_or_else(|| self.expected("un objet { … } est attendu"))
    }

    /// The field `key`, absent or null: `None`.
    pub fn opt(&self, key: &str) -> Result<Option<At<'a>>, Misfit> {
        let mut path = self.path.clone();
        path.0.push(Step::Key(key.to_string()));
        Ok(self
            .object()?
            .get(key)
            .filter(|v| !v.is_null())
            .map(|value| At { value, path }))
    }

    /// The field `key`, which must be there.
    pub fn field(&self, key: &str) -> Result<At<'a>, Misfit> {
        self.opt(key)?
            .ok_or_else(|| self.misfit(format!("champ « {key} » absent : il est obligatoire")))
    }

    pub fn string(&self) -> Result<String, Misfit> {
        self.value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| self.expected("une chaîne est attendue"))
    }

    /// An id: a string, or a number as written.
    pub fn code(&self) -> Result<String, Misfit> {
        match self.value {
            Value::String(s) => Ok(s.trim().to_string()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(self.expected("un identifiant (chaîne ou nombre) est attendu")),
        }
    }

    /// The field `key` as a string; absent or null: empty.
    pub fn text(&self, key: &str) -> Result<String, Misfit> {
        Ok(self
            .opt(key)?
            .map(|v| v.string())
            .transpose()?
            .unwrap_or_default())
    }

    pub fn items(&self) -> Result<Vec<At<'a>>, Misfit> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| self.expected("une liste [ … ] est attendue"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let mut path = self.path.clone();
                path.0.push(Step::Index(i));
                At { value, path }
            })
            .collect())
    }
}

/// Where the value at `path` starts in `text` (valid JSON): 1-based
/// line and column, in characters.
fn locate(text: &str, path: &Path) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = blank(b, 0);
    for step in &path.0 {
        i = match (step, b.get(i)?) {
            (Step::Key(key), b'{') => member(text, i, key)?,
            (Step::Index(n), b'[') => element(b, i, *n)?,
            _ => return None,
        };
    }
    let before = text.get(..i)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

fn blank(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let (mut j, mut depth) = (i, 0usize);
            loop {
                match *b.get(j)? {
                    b'"' => j = string_end(b, j)? - 1,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while !matches!(
                b.get(j),
                None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            ) {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The value of `key` in the object at `i`: the last one, as serde_json keeps.
fn member(text: &str, i: usize, key: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut found = None;
    let mut j = blank(b, i + 1);
    while *b.get(j)? == b'"' {
        let end = string_end(b, j)?;
        let name: String = serde_json::from_str(text.get(j..end)?).ok()?;
        let colon = blank(b, end);
        let value = blank(b, colon + 1);
        if name == key {
            found = Some(value);
        }
        j = blank(b, value_end(b, value)?);
        if *b.get(j)? != b',' {
            break;
        }
        j = blank(b, j + 1);
    }
    found
}

fn element(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let mut j = blank(b, i + 1);
    for _ in 0..n {
        j = blank(b, value_end(b, j)?);
        if *b.get(j)? != b',' {
            return None;
        }
        j = blank(b, j + 1);
    }
    (*b.get(j)? != b']').then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misfit_says_its_path_and_where_it_starts() {
        let text = "{\"a\": {\"b\\\"\": 1, \"l\": [\"x]\", {\"s\": [1, 2]},\n  {\"s\": \"é\", \"s\": 7}]}}";
        let value = parse(text).unwrap();
        let root = At::root(&value);
        let third = &root
            .field("a")
            .unwrap()
            .field("l")
            .unwrap()
            .items()
            .unwrap()[2];
        let error = third.field("s").unwrap().string().unwrap_err().locate(text);
        assert_eq!(
            error.to_string(),
            "a.l[2].s (ligne 2, colonne 19) : une chaîne est attendue ici, pas un nombre"
        );
        let missing = third.field("t").unwrap_err().locate(text);
        assert_eq!(
            missing.to_string(),
            "a.l[2] (ligne 2, colonne 3) : champ « t » absent : il est obligatoire"
        );
    }

    #[test]
    fn a_truncated_text_says_line_and_column() {
        let error = parse("{\"a\": [1,\n 2").unwrap_err();
        assert!(
            matches!(
                error,
                ReadError::JsonSyntax {
                    line: 2,
                    column: 2,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("tronqué"), "{error}");
    }
}
