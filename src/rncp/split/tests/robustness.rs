//! Large and random inputs: linear time, well-formed items, no word lost.

use super::*;
use crate::rncp::split::structure::is_kept;

/// 1 MB texts built to make a rule go quadratic: each is cut in time.
#[test]
fn large_inputs_stay_linear() {
    let mb = 1 << 20;
    let numbered: String = (0..mb / 20)
        .map(|i| format!("Compétence {} : Faire ", i % 999))
        .collect();
    let counting: String = (0..mb / 12)
        .map(|i| format!("{}. Faire ", i % 99 + 1))
        .collect();
    let pieces = [
        "Faire x. Critères :   a   b    ",
        "Critères : ",
        " de :",
        "a:",
        "x. Critères : a a a a ",
        "annexe 2. Les ",
        "C1.1 Faire C1.2 Faire ",
    ];
    let mixed: String = pieces.iter().map(|p| p.repeat(mb / 7 / p.len())).collect();
    for text in [
        numbered,
        counting,
        "Faire. Critères : - b ".repeat(mb / 22),
        format!("Le candidat : {}", "- a ".repeat(mb / 4)),
        mixed,
    ] {
        let start = std::time::Instant::now();
        let s = split(&text);
        let elapsed = start.elapsed();
        check_no_word_lost(&text, &s).unwrap();
        // About 1 s unoptimised, 0.2 s optimised; quadratic would be minutes.
        assert!(elapsed.as_secs() < 10, "{elapsed:?} for {:?}…", &text[..40]);
    }
}

// --- Fuzzing: any input, no panic, no word lost, well-formed items.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: [&str; 54] = [
    "- ",
    "• ",
    "* ",
    "o ",
    "· ",
    "– ",
    "◦ ",
    "-",
    "o",
    "*",
    "A1C1. ",
    "A1C2.",
    "A5.C1 ",
    "C1. ",
    "C2 : ",
    "C1 - ",
    "1.1 ",
    "1.1.1 ",
    "3.1.2. ",
    "2. ",
    "a) ",
    "2) ",
    "Compétence 1 : ",
    "Compétence 2 – ",
    "CP 3 : ",
    "n°",
    "Critères d'évaluation : ",
    "Critères : ",
    "Capacités :",
    ": ",
    ". ",
    "; ",
    "à ",
    "et ",
    "2024. ",
    "niveau 5 ",
    "R&D ",
    "&amp;",
    "&lt;li&gt;",
    "<br>",
    "<li>",
    "<ul>",
    "</li>",
    "</ul>",
    "&nbsp;",
    "&#233;",
    "&#0;",
    "Analyser ",
    "le besoin ",
    "Évaluer ",
    "\u{301}",
    "😀",
    "Ω",
    "œuvre ",
];

const BLANKS: [&str; 8] = [
    " ",
    "  ",
    "   ",
    "      ",
    "\n",
    "\r\n",
    "\t",
    "\u{a0}\u{a0}\u{a0}",
];

fn random_text(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(40) {
        match rng.below(10) {
            0..=5 => text.push_str(PIECES[rng.below(PIECES.len())]),
            6..=7 => text.push_str(BLANKS[rng.below(BLANKS.len())]),
            8 => text
                .push_str(["<", ">", "&", ";", "#", "/", "=", "\"", "!--", "-->"][rng.below(10)]),
            _ => {
                let c = char::from_u32((rng.next() % 0x3_0000) as u32).unwrap_or('x');
                text.push(c);
            }
        }
    }
    text
}

fn assert_well_formed(item: &Item, text: &str) {
    assert!(is_kept(item), "empty item in {text:?}");
    assert_eq!(item.text, collapse(&item.text), "{text:?}");
    if let Some(code) = &item.code {
        assert!(
            !code.is_empty() && !code.contains(char::is_whitespace),
            "{code:?}"
        );
        assert!(!code.ends_with(['.', ':', ')', '-']), "{code:?}");
    }
    item.children.iter().for_each(|child| {
        assert!(child.children.is_empty());
        assert_well_formed(child, text);
    });
}

#[test]
fn fuzz_never_loses_a_word() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let text = random_text(&mut rng);
        let s = cut(&text);
        s.items
            .iter()
            .for_each(|item| assert_well_formed(item, &text));
        assert!(!s.items.is_empty() || !s.warnings.is_empty(), "{text:?}");
        let joined = paragraphs(&text).join(" ");
        assert_eq!(words(&joined), words(&clean(&text)), "{text:?}");
    }
}

// --- The real exports of ../shared.
