//! Overlays that take the keyboard, one per file.
//!
//! | module | holds |
//! |---|---|
//! | [`picker`] | a choice list with a type-to-narrow field (meeting, status, unit filters) |
//! | [`search`] | the quick-search box: query, results, what Enter opens |
pub mod picker;
pub mod search;
