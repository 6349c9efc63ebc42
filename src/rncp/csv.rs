//! The CSV export.
