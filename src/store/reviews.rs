//! Tutors' reviews: `<data>/reviews/<referentiel-id>/<tutor>.ron`, one file
//! per tutor, written only by that tutor's process.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::referentiel::{Certification, Position, explain_ron_error};
use crate::review::{FORMAT_VERSION, Review};
use crate::ron_style;

use super::DataDir;
use super::atomic::write_atomic;

/// A tutor name as a file name: letters, digits, `.`, `-` and `_` kept,
/// anything else replaced by `_`.
pub fn tutor_file_name(tutor: &str) -> String {
    let name: String = tutor
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.');
    if name.is_empty() {
        "tuteur".to_string()
    } else {
        name.to_string()
    }
}

pub fn review_path(data: &DataDir, referentiel: &str, tutor: &str) -> PathBuf {
    data.reviews(referentiel)
        .join(format!("{}.ron", tutor_file_name(tutor)))
}

fn parse(text: &str, path: &Path) -> Result<Review, String> {
    let review: Review = ron_style::options().from_str(text).map_err(|e| {
        let position = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        format!(
            "{}:{position}: {} ; le fichier n’a pas été modifié",
            path.display(),
            explain_ron_error(&e.code)
        )
    })?;
    if review.format_version > FORMAT_VERSION {
        return Err(format!(
            "{}: revue au format {}, plus récent que celui de ce livret ({FORMAT_VERSION}) ; \
             mettez livret à jour ; le fichier n’a pas été modifié",
            path.display(),
            review.format_version
        ));
    }
    Ok(review)
}

/// One tutor's review; an empty one when the file does not exist yet.
pub fn load_review(data: &DataDir, referentiel: &str, tutor: &str) -> Result<Review, String> {
    let path = review_path(data, referentiel, tutor);
    match fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            Ok(Review::new(referentiel, tutor))
        }
        Err(error) => Err(format!("{}: lecture impossible : {error}", path.display())),
    }
}

/// Every tutor's review of a certification, and the files that could not be read.
pub fn load_reviews(data: &DataDir, referentiel: &str) -> (Vec<Review>, Vec<String>) {
    let mut reviews = Vec::new();
    let mut errors = Vec::new();
    let mut paths: Vec<PathBuf> = match fs::read_dir(data.reviews(referentiel)) {
        Ok(dir) => dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    for path in paths {
        match fs::read_to_string(&path) {
            Ok(text) => match parse(&text, &path) {
                Ok(review) => reviews.push(review),
                Err(error) => errors.push(error),
            },
            Err(error) => errors.push(format!("{}: lecture impossible : {error}", path.display())),
        }
    }
    (reviews, errors)
}

/// [`load_reviews`] for this certification, items keyed by a former id
/// moved to the current one.
pub fn load_reviews_for(
    data: &DataDir,
    certification: &Certification,
) -> (Vec<Review>, Vec<String>) {
    let (mut reviews, errors) = load_reviews(data, &certification.id);
    for review in &mut reviews {
        review.follow_renames(certification);
    }
    (reviews, errors)
}

/// [`load_review`] for this certification, items keyed by a former id moved.
pub fn load_review_for(
    data: &DataDir,
    certification: &Certification,
    tutor: &str,
) -> Result<Review, String> {
    let mut review = load_review(data, &certification.id, tutor)?;
    review.follow_renames(certification);
    Ok(review)
}

pub fn save_review(data: &DataDir, review: &Review) -> io::Result<()> {
    let mut text = ron_style::options()
        .to_string_pretty(review, ron_style::pretty())
        .expect("a review always serializes");
    text.push('\n');
    write_atomic(
        &review_path(data, &review.referentiel, &review.tutor),
        text.as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    #[test]
    fn reviews_round_trip_and_are_listed_per_tutor() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut marie = Review::new("x", "marie");
        marie.add_comment("CR1", "Bien « argumenté »\nmerci", Timestamp::UNIX_EPOCH);
        marie.cycle_verdict("CR1");
        save_review(&data, &marie).unwrap();
        save_review(&data, &Review::new("x", "jean paul")).unwrap();
        assert_eq!(load_review(&data, "x", "marie").unwrap(), marie);
        let (reviews, errors) = load_reviews(&data, "x");
        assert!(errors.is_empty());
        let tutors: Vec<&str> = reviews.iter().map(|r| r.tutor.as_str()).collect();
        assert_eq!(tutors, ["jean paul", "marie"]);
        assert!(review_path(&data, "x", "jean paul").ends_with("reviews/x/jean_paul.ron"));
    }

    #[test]
    fn a_broken_review_is_reported_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let path = review_path(&data, "x", "marie");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            &path,
            "(format_version: 1, referentiel: \"x\", tutr: \"m\")",
        )
        .unwrap();
        let (reviews, errors) = load_reviews(&data, "x");
        assert!(reviews.is_empty());
        assert!(errors[0].contains("marie.ron:1:"), "{}", errors[0]);
        assert!(load_review(&data, "x", "marie").is_err());
    }

    #[test]
    fn tutor_names_make_safe_file_names() {
        assert_eq!(tutor_file_name("marie"), "marie");
        assert_eq!(tutor_file_name("../../etc/x"), "_.._etc_x");
        assert_eq!(tutor_file_name("Élodie D."), "_lodie_D.");
        assert_eq!(tutor_file_name(""), "tuteur");
    }
}
