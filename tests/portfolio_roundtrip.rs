//! Any text a candidate can type survives a save and a load, byte for byte.

use jiff::Timestamp;
use livret::portfolio::Portfolio;
use livret::store::{DataDir, ReadAhead, load_portfolio, save_portfolio};
use proptest::prelude::*;

const ID: &str = "rncp23675-responsable-commerce-international";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_unicode_notes_round_trip(
        texts in proptest::collection::vec("\\PC*|.*|[\"\\\\#r\\n\\t\u{0}-\u{1f}]*", 1..4),
        draft in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut portfolio = Portfolio::new(ID);
        let now = Timestamp::from_second(1_767_607_200).unwrap();
        for text in texts.iter().filter(|t| !t.trim().is_empty()) {
            if draft {
                portfolio.put_draft("C1.1.CR1", None, text, now);
            } else {
                portfolio.add_note("C1.1.CR1", text, now);
            }
        }
        save_portfolio(&data, &portfolio).unwrap();
        prop_assert_eq!(load_portfolio(&data, ID).unwrap(), portfolio);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The same through the parsed copy kept of a large portfolio (from
    /// 512 KiB, `store::cache`): what is read back from the copy is what
    /// the RON file says.
    #[test]
    fn arbitrary_unicode_notes_round_trip_through_the_parsed_copy(
        texts in proptest::collection::vec("\\PC*|.*|[\"\\\\#r\\n\\t\u{0}-\u{1f}]*", 1..4),
        name in "\\PC{0,40}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut portfolio = Portfolio::new(ID);
        portfolio.identity.name = Some(name);
        portfolio.identity.clean();
        let now = Timestamp::from_second(1_767_607_200).unwrap();
        portfolio.add_note("C1.1.CR2", &"Une longue note. ".repeat(40_000), now);
        for text in texts.iter().filter(|t| !t.trim().is_empty()) {
            portfolio.add_note("C1.1.CR1", text, now);
        }
        save_portfolio(&data, &portfolio).unwrap();
        let (_, read, words) = ReadAhead::start(&data, ID).join_counted();
        prop_assert_eq!(&read.unwrap(), &portfolio);
        prop_assert_eq!(words, portfolio.word_counts(), "read from the copy");
        std::fs::remove_dir_all(data.cache()).unwrap();
        prop_assert_eq!(&load_portfolio(&data, ID).unwrap(), &portfolio);
    }
}
