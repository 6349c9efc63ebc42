//! The main screen: the référentiel's tree, the detail, the gauges.

pub mod layout;
