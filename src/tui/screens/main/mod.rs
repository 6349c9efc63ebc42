//! The main screen: the référentiel's tree, the detail, the gauges, and
//! the tutor's review of them.

pub mod layout;
pub mod review;
