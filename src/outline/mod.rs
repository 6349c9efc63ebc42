//! A référentiel as a Markdown outline, for centres that write their own.
