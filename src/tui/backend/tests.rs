//! The backend against a vt100 terminal: what it writes must draw what
//! ratatui asked, wide and multi-code-point graphemes included.

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use super::*;

/// A writer whose bytes the test can still read.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

const AREA: Rect = Rect::new(0, 0, 40, 8);

fn frame(prev: &Buffer, next: &Buffer, backend: &mut LeanBackend<Shared>, out: &Shared) -> Vec<u8> {
    backend.draw(prev.diff(next).into_iter()).unwrap();
    out.take()
}

fn buffer(lines: &[&str]) -> Buffer {
    let mut buf = Buffer::empty(AREA);
    for (y, line) in lines.iter().enumerate() {
        buf.set_string(0, y as u16, line, Style::default());
    }
    buf
}

#[test]
fn a_short_gap_is_written_again_and_a_long_one_skipped() {
    let out = Shared::default();
    let mut backend = LeanBackend::new(out.clone(), AREA);
    let first = buffer(&["abcdef      uvwxyz"]);
    frame(&Buffer::empty(AREA), &first, &mut backend, &out);
    // b and e change: the two cells between are shorter than a move.
    let second = buffer(&["aBcdEf      uvwxyz"]);
    assert_eq!(frame(&first, &second, &mut backend, &out), b"\x1b[1;2HBcdE");
    // f and y change: ten cells between them, a relative move.
    let third = buffer(&["aBcdEF      uvwxYz"]);
    assert_eq!(
        frame(&second, &third, &mut backend, &out),
        b"\x1b[1;6HF\x1b[10CY"
    );
}

#[test]
fn styles_change_with_the_shortest_sequence_and_frames_end_reset() {
    let out = Shared::default();
    let mut backend = LeanBackend::new(out.clone(), AREA);
    let mut next = Buffer::empty(AREA);
    next.set_string(0, 0, "a", Style::new().fg(Color::DarkGray));
    next.set_string(1, 0, "b", Style::new().fg(Color::Indexed(6)).bold());
    next.set_string(2, 0, "c", Style::new().reversed());
    next.set_string(3, 0, "d", Style::new().fg(Color::Rgb(1, 2, 3)));
    assert_eq!(
        frame(&Buffer::empty(AREA), &next, &mut backend, &out),
        b"\x1b[1;1H\x1b[90ma\x1b[1;38;5;6mb\x1b[0;7mc\x1b[0;38;2;1;2;3md\x1b[0m"
    );
}

#[test]
fn the_cursor_is_hidden_once() {
    let out = Shared::default();
    let mut backend = LeanBackend::new(out.clone(), AREA);
    backend.hide_cursor().unwrap();
    backend.hide_cursor().unwrap();
    assert_eq!(out.take(), b"\x1b[?25l");
    backend.show_cursor().unwrap();
    backend.hide_cursor().unwrap();
    assert_eq!(out.take(), b"\x1b[?25h\x1b[?25l");
}

/// A tiny deterministic generator (xorshift), so that failures repeat.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.roll(items.len())]
    }
}

const WORDS: [&str; 10] = [
    "critère",
    "prêt",
    " ",
    "  ",
    "Œuvre",
    "界面",
    "✎3",
    "▓▓░",
    "😀",
    "l’offre",
];
const COLORS: [Color; 6] = [
    Color::Reset,
    Color::DarkGray,
    Color::Indexed(6),
    Color::Green,
    Color::Indexed(214),
    Color::Rgb(200, 10, 90),
];
const MODIFIERS_USED: [Modifier; 6] = [
    Modifier::empty(),
    Modifier::empty(),
    Modifier::BOLD,
    Modifier::DIM,
    Modifier::REVERSED,
    Modifier::ITALIC.union(Modifier::UNDERLINED),
];

/// Rewrites a few runs of `buf` with random words and styles, as a
/// screen changes between two frames.
fn mutate(buf: &mut Buffer, words: &[&str], dice: &mut Dice) {
    for _ in 0..=dice.roll(6) {
        let y = dice.roll(AREA.height as usize) as u16;
        let mut x = dice.roll(AREA.width as usize) as u16;
        for _ in 0..=dice.roll(5) {
            // Exactly these modifiers (a cell's style is patched, and
            // terminals keep bold and dim as one attribute).
            let style = Style::new()
                .fg(dice.pick(&COLORS))
                .bg(if dice.roll(4) == 0 {
                    dice.pick(&COLORS)
                } else {
                    Color::Reset
                })
                .remove_modifier(Modifier::all())
                .add_modifier(dice.pick(&MODIFIERS_USED));
            let word = dice.pick(words);
            let room = AREA.width.saturating_sub(x) as usize;
            let (end, _) = buf.set_stringn(x, y, word, room, style);
            x = end;
        }
    }
}

fn vt_color(color: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match color {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(n) => vt100::Color::Idx(n),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        other => vt100::Color::Idx(named.iter().position(|c| *c == other).unwrap() as u8),
    }
}

/// The terminal, fed the bytes, shows exactly the buffer.
fn assert_shows(parser: &vt100::Parser, buf: &Buffer, step: usize) {
    assert_looks(parser, buf, &format!("frame {step}"), false);
}

/// The terminal, fed the bytes, shows the buffer; with `seen`, only what
/// can be seen of a blank (its background, inverse, underline): a
/// terminal clears the column a wide character leaves in the pen it
/// draws with, foreground included.
fn assert_looks(parser: &vt100::Parser, buf: &Buffer, step: &str, seen: bool) {
    let screen = parser.screen();
    for y in 0..AREA.height {
        let mut x = 0;
        while x < AREA.width {
            let want = &buf[(x, y)];
            let got = screen.cell(y, x).unwrap();
            let at = format!("{step}, cell ({x}, {y})");
            let contents = if got.has_contents() {
                got.contents()
            } else {
                " "
            };
            assert_eq!(contents, want.symbol(), "{at}");
            assert_eq!(got.bgcolor(), vt_color(want.bg), "{at}");
            let m = want.modifier;
            assert_eq!(got.underline(), m.contains(Modifier::UNDERLINED), "{at}");
            assert_eq!(got.inverse(), m.contains(Modifier::REVERSED), "{at}");
            x += want.symbol().width().max(1) as u16;
            if seen && want.symbol() == " " {
                continue;
            }
            assert_eq!(got.fgcolor(), vt_color(want.fg), "{at}");
            assert_eq!(got.bold(), m.contains(Modifier::BOLD), "{at}");
            assert_eq!(got.dim(), m.contains(Modifier::DIM), "{at}");
            assert_eq!(got.italic(), m.contains(Modifier::ITALIC), "{at}");
        }
    }
}

/// The same screen on two terminals, cell by cell.
fn assert_same(lean: &vt100::Parser, plain: &vt100::Parser, step: usize) {
    for y in 0..AREA.height {
        for x in 0..AREA.width {
            let (a, b) = (lean.screen().cell(y, x), plain.screen().cell(y, x));
            let (a, b) = (a.unwrap(), b.unwrap());
            let at = format!("frame {step}, cell ({x}, {y})");
            assert_eq!(a.contents(), b.contents(), "{at}");
            assert_eq!(a.is_wide(), b.is_wide(), "{at}");
            assert_eq!(a.fgcolor(), b.fgcolor(), "{at}");
            assert_eq!(a.bgcolor(), b.bgcolor(), "{at}");
            assert_eq!(
                (a.bold(), a.dim(), a.italic(), a.underline(), a.inverse()),
                (b.bold(), b.dim(), b.italic(), b.underline(), b.inverse()),
                "{at}"
            );
        }
    }
}

/// Draws 400 frames of random changes with both backends, feeds each
/// to a terminal emulator, and checks the screens; returns the bytes
/// each backend wrote.
fn replay(words: &[&str], seed: u64) -> (usize, usize) {
    let out = Shared::default();
    let mut lean = LeanBackend::new(out.clone(), AREA);
    let plain_out = Shared::default();
    let mut plain = CrosstermBackend::new(plain_out.clone());
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut lean_screen = vt100::Parser::new(size(AREA.height), size(AREA.width), 0);
    let mut plain_screen = vt100::Parser::new(size(AREA.height), size(AREA.width), 0);
    let mut dice = Dice(seed);
    let mut prev = Buffer::empty(AREA);
    let (mut lean_bytes, mut plain_bytes) = (0, 0);
    let wide = words.iter().any(|w| w.width() != w.chars().count());
    for step in 0..400 {
        let mut next = prev.clone();
        mutate(&mut next, words, &mut dice);
        lean.draw(prev.diff(&next).into_iter()).unwrap();
        plain.draw(prev.diff(&next).into_iter()).unwrap();
        let (lean_frame, plain_frame) = (out.take(), plain_out.take());
        lean_bytes += lean_frame.len();
        plain_bytes += plain_frame.len();
        lean_screen.process(&lean_frame);
        plain_screen.process(&plain_frame);
        if wide {
            // Overwriting half of a wide character leaves the other half
            // to the terminal's own rules, with either backend.
            assert_same(&lean_screen, &plain_screen, step);
        } else {
            assert_shows(&lean_screen, &next, step);
        }
        prev = next;
    }
    (lean_bytes, plain_bytes)
}

#[test]
fn after_a_wide_or_composed_grapheme_the_next_cell_is_placed_absolutely() {
    for (line, bytes) in [
        ("a❤\u{fe0f}b", "\x1b[1;1Ha❤\u{fe0f}\x1b[1;4Hb"),
        ("a👩\u{200d}💻b", "\x1b[1;1Ha👩\u{200d}💻\x1b[1;4Hb"),
        ("a界b", "\x1b[1;1Ha界\x1b[1;4Hb"),
        ("ae\u{301}b", "\x1b[1;1Hae\u{301}\x1b[1;3Hb"),
        ("aéb", "\x1b[1;1Haéb"),
    ] {
        let out = Shared::default();
        let mut backend = LeanBackend::new(out.clone(), AREA);
        let got = frame(&Buffer::empty(AREA), &buffer(&[line]), &mut backend, &out);
        assert_eq!(String::from_utf8(got).unwrap(), bytes, "{line}");
    }
}

#[test]
fn the_column_a_vs16_emoji_covers_is_written_before_it() {
    let out = Shared::default();
    let mut backend = LeanBackend::new(out.clone(), AREA);
    let first = buffer(&["abcd"]);
    frame(&Buffer::empty(AREA), &first, &mut backend, &out);
    // ratatui's diff sends the emoji, then the column it covers ("c" was there).
    let second = buffer(&["a❤\u{fe0f}d"]);
    assert_eq!(
        String::from_utf8(frame(&first, &second, &mut backend, &out)).unwrap(),
        "\x1b[1;3H \x1b[1;2H❤\u{fe0f}"
    );
}

/// Draws 300 frames through `backend`, each rewriting a few whole rows
/// (so that every buffer is one a terminal can show, wide graphemes
/// included), and checks what a terminal emulator fed the bytes shows.
/// vt100 draws `❤️` in two columns, as `unicode-width` says (ratatui
/// 0.30's own CrosstermBackend fails this: issue 2651).
fn replay_rows(mut backend: LeanBackend<Shared>, out: &Shared, seed: u64) {
    const GRAPHEMES: [&str; 6] = ["❤\u{fe0f}", "l’❤\u{fe0f}", "界面", "😀", "prêt", "e\u{301}"];
    let words: Vec<&str> = WORDS.iter().chain(&GRAPHEMES).copied().collect();
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(AREA.height), size(AREA.width), 0);
    let mut dice = Dice(seed);
    let mut prev = Buffer::empty(AREA);
    for step in 0..300 {
        let mut next = prev.clone();
        for _ in 0..=dice.roll(3) {
            let y = dice.roll(AREA.height as usize) as u16;
            for x in 0..AREA.width {
                next[(x, y)].reset();
            }
            let mut x = dice.roll(4) as u16;
            while x < AREA.width {
                // Nothing seen on a blank: the column a wide character
                // leaves is cleared in the pen's style, with any backend.
                let style = Style::new()
                    .fg(dice.pick(&COLORS))
                    .add_modifier(dice.pick(&[
                        Modifier::empty(),
                        Modifier::BOLD,
                        Modifier::DIM,
                        Modifier::ITALIC,
                    ]));
                let room = (AREA.width - x) as usize;
                let (end, _) = next.set_stringn(x, y, dice.pick(&words), room, style);
                x = end.max(x + 1) + dice.roll(3) as u16;
            }
        }
        backend.draw(prev.diff(&next).into_iter()).unwrap();
        screen.process(&out.take());
        assert_looks(&screen, &next, &format!("frame {step}"), true);
        prev = next;
    }
}

#[test]
fn wide_and_composed_graphemes_are_shown_exactly() {
    for seed in [1, 0x5eed_1234_abcd_0001, 42] {
        let out = Shared::default();
        replay_rows(LeanBackend::new(out.clone(), AREA), &out, seed);
    }
}

#[test]
fn a_terminal_fed_the_lean_bytes_shows_every_frame_exactly() {
    let narrow: Vec<&str> = WORDS
        .into_iter()
        .filter(|w| w.width() == w.chars().count())
        .collect();
    for seed in [1, 0x5eed_1234_abcd_0001, 42] {
        let (lean, plain) = replay(&narrow, seed);
        assert!(
            lean * 10 < plain * 8,
            "{lean} bytes against crossterm's {plain}"
        );
    }
}

#[test]
fn with_wide_characters_it_shows_what_the_crossterm_backend_shows() {
    for seed in [1, 0x5eed_1234_abcd_0001, 42] {
        replay(&WORDS, seed);
    }
}
