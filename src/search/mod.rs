//! Quick search (issue 5): one box for items, deputies and members, and units, answered
//! from an in-memory index within a frame at 100k items.
//!
//! | module | holds |
//! |---|---|
//! | [`pinyin_keys`] | pinyin keys: every reading of every character, the override table |
//! | [`matcher`] | the one wrapper around fuzzy-matcher (`SkimMatcherV2`) |
//! | [`query`] | the query parser: words, numbers, prefilter bits, when narrowing is safe |
//! | [`score`] | one word against one field: tiers (number, name) and fuzzy scores |
//! | [`doc`] | what the index is built from (loaded by `Store::search_docs`) |
//! | [`index`] | the index: arena, entries, updates, memory |
//! | `codes` | the items' title keys as codes of groups, and the walk that spells a pinyin word over them |
//! | `items` | the items' searched fields, a contiguous column each, and the prefilter on them |
//! | `pairs` | the letter-pair signature of a title's key, its bits spread by the index's own titles |
//! | [`eval`] | running a query: entity pass, item pass, the bound that skips scoring |
//! | [`share`] | the item pass's chunks shared with a helper thread that lives as long as the process |
//! | [`hits`] | a query's matches: every matched item, the best ones ranked |
//! | [`results`] | the shown results, with highlight positions |
//! | [`stream`] | scoring item rows as they are read (`banli search`, the box before the index is ready) |
//! | [`session`] | a search box: narrowing while typing, cached results while deleting |
//! | [`print`] | results as `banli search` prints them |
//!
//! Typical use: `let index = Index::build(store.search_docs()?);` then, per key press,
//! `session.results(&index, &text, 50)`. When `PRAGMA data_version` changes,
//! `store.refresh_search_index(&mut index)` brings the index up to date.
mod codes;
pub mod doc;
pub mod eval;
pub mod hits;
pub mod index;
mod items;
pub mod matcher;
mod pairs;
pub mod pinyin_keys;
pub mod print;
pub mod query;
pub mod results;
pub mod score;
pub mod session;
pub mod share;
pub mod stream;

pub use doc::{ItemDoc, ItemFields, MeetingDoc, PersonDoc, SearchDocs, UnitDoc};
pub use eval::{DocRef, Field, Hit, ResultKind};
pub use hits::Hits;
pub use index::Index;
pub use query::Query;
pub use results::{ItemSummary, SearchResult};
pub use session::{Answer, Session};

/// One-shot search: the best `limit` results for `text`.
pub fn search(index: &Index, text: &str, limit: usize) -> Vec<SearchResult> {
    let q = Query::parse(text);
    let top = index.search(&q, None, limit).top(limit);
    index.results(&q, &top)
}
