//! How livret reads and writes RON: the same extensions and the same pretty
//! style for every file (référentiels, portfolios, state).

use ron::extensions::Extensions;

/// Parsing and serializing options: `Some(…)` may be omitted around optional values.
pub(crate) fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Four-space indent, no struct names, multi-line strings written as they
/// are (a note reads and diffs like text): the style of the bundled files.
pub(crate) fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ".to_string())
        .struct_names(false)
        .escape_strings(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_survives_a_round_trip() {
        let texts = [
            "L’équipe\nJ'ai \"cité\" un \\ chemin\ttabulé",
            "r#\"déjà brut\"# et \"#\"##",
            "fin avec guillemet\"",
            "",
            "🎉 œuvre\r\nligne Windows",
        ];
        for text in texts {
            let written = options().to_string_pretty(&text, pretty()).unwrap();
            let read: String = options().from_str(&written).unwrap();
            assert_eq!(read, text, "written as {written}");
        }
    }
}
