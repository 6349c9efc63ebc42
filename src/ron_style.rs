//! How livret reads and writes RON: the same extensions and the same pretty
//! style for every file (référentiels, portfolios, state).

use ron::extensions::Extensions;

/// Parsing and serializing options: `Some(…)` may be omitted around optional values.
pub(crate) fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Four-space indent, no struct names: the style of the bundled files.
pub(crate) fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ".to_string())
        .struct_names(false)
}
