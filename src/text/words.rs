//! Counting the words a candidate wrote, the way a French reader would:
//! « l’équipe » is two words, « porte-parole » one, « 12,5 » one; the
//! headings of a writing frame are not the candidate's words.

/// What starts a heading line of the writing frame (`▸ Ce que j’ai fait`).
pub const FRAME_MARK: char = '▸';

/// Whether a line is a heading of the writing frame.
pub fn is_frame_heading(line: &str) -> bool {
    line.trim_start().starts_with(FRAME_MARK)
}

/// The words of `text`, frame headings left out (the progress figures
/// count every note: [`tokens`] allocates nothing).
pub fn count(text: &str) -> usize {
    text.lines()
        .filter(|line| !is_frame_heading(line))
        .map(|line| tokens(line).count())
        .sum()
}

/// The words of a line, in order: runs of letters and digits, joined by a
/// hyphen between two letters (`porte-parole`) or by a comma or a point
/// between two digits (`12,5`); an apostrophe separates (`l’équipe`).
pub fn tokens(line: &str) -> Tokens<'_> {
    Tokens {
        line,
        chars: line.char_indices().peekable(),
        previous: None,
    }
}

/// The iterator of [`tokens`]: slices of the line.
pub struct Tokens<'a> {
    line: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    previous: Option<char>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let mut start: Option<usize> = None;
        while let Some((at, c)) = self.chars.next() {
            let next = self.chars.peek().map(|&(_, n)| n);
            let previous = self.previous.replace(c);
            let joins = |ok: fn(char) -> bool| {
                start.is_some() && previous.is_some_and(ok) && next.is_some_and(ok)
            };
            let inside = c.is_alphanumeric()
                || (matches!(c, '-' | '‐' | '‑') && joins(char::is_alphabetic))
                || (matches!(c, ',' | '.') && joins(|c| c.is_ascii_digit()));
            match (inside, start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => return Some(&self.line[from..at]),
                _ => {}
            }
        }
        start.map(|from| &self.line[from..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_separate_and_hyphens_join() {
        assert_eq!(count("l’équipe"), 2);
        assert_eq!(count("l'équipe d'aujourd'hui"), 5);
        assert_eq!(count("un porte-parole"), 2);
        assert_eq!(count("c’est-à-dire"), 2);
        assert_eq!(count("« Bonjour » — dit-il !"), 2);
    }

    #[test]
    fn unicode_words_and_numbers_count_once() {
        assert_eq!(count("Ærø, œuvre, ÉTÉ, 日本語"), 4);
        assert_eq!(count("12,5 % de plus en 2024."), 5);
        assert_eq!(count("3.14, puis 7"), 3);
        assert_eq!(count("🎉 🎉"), 0);
        assert_eq!(count(""), 0);
        assert_eq!(count("-- - ' ’"), 0);
    }

    #[test]
    fn frame_headings_are_not_words_written() {
        let text = "Titre\n▸ La situation : où, quand, pour qui ?\nJ’ai conduit\n  ▸ Le résultat\n";
        assert_eq!(count(text), 4);
        assert!(is_frame_heading("  ▸ x"));
        assert!(!is_frame_heading("x ▸"));
    }

    #[test]
    fn hyphens_and_separators_at_the_edges_of_words() {
        let words: Vec<&str> = tokens("a-b- -c 1.2. ,3 x‑y 日本語 🎉e").collect();
        assert_eq!(words, ["a-b", "c", "1.2", "3", "x‑y", "日本語", "e"]);
        assert_eq!(tokens("---").count(), 0);
        assert_eq!(tokens("").count(), 0);
    }

    #[test]
    fn tokens_are_slices_of_the_line() {
        let words: Vec<&str> = tokens("L’export, 1,5 t d’arrière-boutique").collect();
        assert_eq!(words, ["L", "export", "1,5", "t", "d", "arrière-boutique"]);
    }
}
