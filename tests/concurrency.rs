//! One writer per file: a candidate and a tutor writing at the same time,
//! each reading the other's file, lose nothing.

use std::thread;

use jiff::Timestamp;
use livret::portfolio::Portfolio;
use livret::review::Review;
use livret::store::{
    DataDir, load_portfolio, load_review, load_reviews, save_portfolio, save_review,
};

const ID: &str = "rncp23675-responsable-commerce-international";
const WRITES: usize = 200;

#[test]
fn a_candidate_and_a_tutor_alternate_200_writes_and_every_word_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let candidate = {
        let root = root.clone();
        thread::spawn(move || {
            let data = DataDir::new(&root);
            let mut portfolio = Portfolio::new(ID);
            for i in 0..WRITES {
                portfolio.add_note("C1.1.CR1", &format!("Note {i} — é"), Timestamp::now());
                save_portfolio(&data, &portfolio).unwrap();
                // Reading the tutor's file never meets a half-written one.
                let (_, errors) = load_reviews(&data, ID);
                assert!(errors.is_empty(), "{errors:?}");
            }
        })
    };
    let tutor = thread::spawn(move || {
        let data = DataDir::new(&root);
        let mut review = Review::new(ID, "marie");
        for i in 0..WRITES {
            review.add_comment("C1.1.CR1", &format!("Commentaire {i}"), Timestamp::now());
            save_review(&data, &review).unwrap();
            load_portfolio(&data, ID).expect("always a whole portfolio");
        }
    });
    candidate.join().unwrap();
    tutor.join().unwrap();
    let data = DataDir::new(dir.path());
    let notes = load_portfolio(&data, ID).unwrap();
    assert_eq!(notes.notes("C1.1.CR1").len(), WRITES);
    let review = load_review(&data, ID, "marie").unwrap();
    assert_eq!(review.comments("C1.1.CR1").len(), WRITES);
}
