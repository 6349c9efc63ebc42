//! The XML export, read as a stream of fiches.
