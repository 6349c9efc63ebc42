//! Unit tests of the split, by family of texts, and their helpers.

use super::*;

mod cleaning;
mod markers;
mod robustness;
mod sentences;
mod shared;

fn texts(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.text.as_str()).collect()
}

fn codes(items: &[Item]) -> Vec<&str> {
    items
        .iter()
        .map(|i| i.code.as_deref().unwrap_or("-"))
        .collect()
}

/// `split`, checked against the no-word-lost rule.
fn cut(text: &str) -> Split {
    let s = split(text);
    check_no_word_lost(text, &s).unwrap_or_else(|e| panic!("{e}\n{text:?}\n{s:#?}"));
    s
}
