//! Any text a candidate can type survives a save and a load, byte for byte.

use jiff::Timestamp;
use livret::portfolio::Portfolio;
use livret::store::{DataDir, load_portfolio, save_portfolio};
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
