//! What colours the terminal can show, and bringing a theme's colours within
//! them: `#rrggbb` becomes the nearest of the 256 indexed colours, or of the
//! 16 ANSI colours.

use ratatui::style::{Color, Style};

use crate::tui::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    /// 24-bit colour: `COLORTERM=truecolor` (or `24bit`).
    TrueColor,
    /// The xterm 256-colour palette: `TERM` ends in `256color`.
    Indexed256,
    /// The 16 ANSI colours: any other `TERM` (`linux`, `xterm`, `vt100`…).
    Ansi16,
}

impl ColorDepth {
    /// From `$COLORTERM` and `$TERM`.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
        let colorterm = colorterm.unwrap_or_default().to_ascii_lowercase();
        let term = term.unwrap_or_default().to_ascii_lowercase();
        if matches!(colorterm.as_str(), "truecolor" | "24bit") || term.ends_with("-direct") {
            ColorDepth::TrueColor
        } else if term.contains("256col") {
            ColorDepth::Indexed256
        } else {
            ColorDepth::Ansi16
        }
    }

    /// `color` as this terminal can show it.
    pub fn color(self, color: Color) -> Color {
        match (self, color) {
            (ColorDepth::TrueColor, c) => c,
            (ColorDepth::Indexed256, Color::Rgb(r, g, b)) => nearest_256(r, g, b),
            (ColorDepth::Indexed256, c) => c,
            (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => nearest_16(r, g, b),
            (ColorDepth::Ansi16, Color::Indexed(i)) => {
                let (r, g, b) = indexed_rgb(i);
                nearest_16(r, g, b)
            }
            (ColorDepth::Ansi16, c) => c,
        }
    }

    pub fn style(self, style: Style) -> Style {
        Style {
            fg: style.fg.map(|c| self.color(c)),
            bg: style.bg.map(|c| self.color(c)),
            underline_color: style.underline_color.map(|c| self.color(c)),
            ..style
        }
    }

    /// `theme` with every colour brought within this terminal's.
    pub fn theme(self, theme: &Theme) -> Theme {
        theme.map_styles(|style| self.style(style))
    }
}

/// The 16 ANSI colours with xterm's default values.
const ANSI: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// Levels of the 6×6×6 colour cube (indices 16–231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB value of an indexed colour, as xterm shows it by default.
fn indexed_rgb(index: u8) -> (u8, u8, u8) {
    match index {
        0..=15 => ANSI[usize::from(index)].1,
        16..=231 => {
            let i = index - 16;
            (
                CUBE[usize::from(i / 36)],
                CUBE[usize::from(i / 6 % 6)],
                CUBE[usize::from(i % 6)],
            )
        }
        _ => {
            let level = 8 + 10 * (index - 232);
            (level, level, level)
        }
    }
}

/// Squared distance weighted for the eye ("redmean").
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let mean = (u32::from(a.0) + u32::from(b.0)) / 2;
    let d = |x: u8, y: u8| u32::from(x.abs_diff(y)).pow(2);
    (((512 + mean) * d(a.0, b.0)) >> 8) + 4 * d(a.1, b.1) + (((767 - mean) * d(a.2, b.2)) >> 8)
}

/// The nearest of the indexed colours 16–255 (0–15 depend on the terminal's
/// palette, so they are not relied upon).
fn nearest_256(r: u8, g: u8, b: u8) -> Color {
    let index = (16..=255u8)
        .min_by_key(|&i| distance((r, g, b), indexed_rgb(i)))
        .expect("the range is not empty");
    Color::Indexed(index)
}

fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    ANSI.iter()
        .min_by_key(|(_, rgb)| distance((r, g, b), *rgb))
        .map(|(color, _)| *color)
        .expect("the palette is not empty")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_says_how_many_colours_it_shows() {
        use ColorDepth::*;
        assert_eq!(
            ColorDepth::detect(Some("truecolor"), Some("xterm-256color")),
            TrueColor
        );
        assert_eq!(ColorDepth::detect(Some("24bit"), None), TrueColor);
        assert_eq!(ColorDepth::detect(None, Some("xterm-256color")), Indexed256);
        assert_eq!(
            ColorDepth::detect(Some(""), Some("tmux-256color")),
            Indexed256
        );
        assert_eq!(ColorDepth::detect(None, Some("linux")), Ansi16);
        assert_eq!(ColorDepth::detect(None, Some("xterm")), Ansi16);
        assert_eq!(ColorDepth::detect(None, None), Ansi16);
    }

    #[test]
    fn rgb_colours_map_to_the_nearest_indexed_colour() {
        let depth = ColorDepth::Indexed256;
        assert_eq!(depth.color(Color::Rgb(0, 95, 135)), Color::Indexed(24));
        assert_eq!(
            depth.color(Color::Rgb(0xff, 0xff, 0xff)),
            Color::Indexed(231)
        );
        assert_eq!(
            depth.color(Color::Rgb(0x1c, 0x1c, 0x1c)),
            Color::Indexed(234)
        );
        assert_eq!(depth.color(Color::Cyan), Color::Cyan, "names stay names");
        assert_eq!(
            ColorDepth::TrueColor.color(Color::Rgb(1, 2, 3)),
            Color::Rgb(1, 2, 3)
        );
    }

    #[test]
    fn rgb_colours_map_to_the_nearest_ansi_colour() {
        let depth = ColorDepth::Ansi16;
        assert_eq!(depth.color(Color::Rgb(200, 30, 30)), Color::Red);
        assert_eq!(depth.color(Color::Rgb(0xaf, 0, 0)), Color::Red);
        assert_eq!(depth.color(Color::Rgb(0x1c, 0x1c, 0x1c)), Color::Black);
        assert_eq!(depth.color(Color::Rgb(0xff, 0xff, 0xff)), Color::White);
        assert_eq!(depth.color(Color::Rgb(0x80, 0x80, 0x80)), Color::DarkGray);
        assert_eq!(depth.color(Color::Indexed(46)), Color::LightGreen);
        assert_eq!(depth.color(Color::Yellow), Color::Yellow);
    }

    #[test]
    fn every_index_has_its_xterm_value() {
        assert_eq!(indexed_rgb(16), (0, 0, 0));
        assert_eq!(indexed_rgb(24), (0, 95, 135));
        assert_eq!(indexed_rgb(231), (255, 255, 255));
        assert_eq!(indexed_rgb(232), (8, 8, 8));
        assert_eq!(indexed_rgb(255), (238, 238, 238));
    }
}
