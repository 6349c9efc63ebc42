//! Competency frameworks other tools keep (Moodle, Mahara, CASE), read into
//! a référentiel. Pure: texts in, a [`crate::referentiel::Certification`]
//! out; the store reads the files.
