//! A search box's session: narrowing as the clerk types, cached results as they delete.
//!
//! A small stack of (query, hits). When the query grows (a character, a burst of IME
//! characters, another word), only the previous hits are searched. When it shrinks, the
//! stack is popped back to an earlier query and its hits are reused as they are.
use super::eval::Hit;
use super::hits::Hits;
use super::index::Index;
use super::query::Query;
use super::results::SearchResult;

/// Queries kept on the stack; older ones are dropped (they are only a cache).
const DEPTH: usize = 48;

/// One search box.
#[derive(Debug, Default)]
pub struct Session {
    stack: Vec<(Query, Hits)>,
    generation: Option<u64>,
    /// How the last query was answered, for tests and the benchmark.
    pub last: Answer,
}

/// How a query was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Answer {
    #[default]
    Empty,
    /// Searched the whole index.
    Fresh,
    /// Searched the hits of an earlier query.
    Narrowed,
    /// Reused an earlier query's hits.
    Cached,
}

impl Session {
    /// A new, empty session.
    pub fn new() -> Session {
        Session::default()
    }

    /// Forgets cached results (the index changed).
    pub fn clear(&mut self) {
        self.stack.clear();
    }

    /// Runs `text` and returns all its hits, the best `keep` ranked (see [`Hits::top`]).
    pub fn search(&mut self, index: &Index, text: &str, keep: usize) -> &Hits {
        if self.generation != Some(index.generation()) {
            self.stack.clear();
            self.generation = Some(index.generation());
        }
        let q = Query::parse(text);
        if q.is_empty() {
            self.stack.clear();
            self.last = Answer::Empty;
            self.stack.push((q, Hits::default()));
            return &self.stack[0].1;
        }
        while let Some((top, _)) = self.stack.last() {
            if top.same_as(&q) {
                self.last = Answer::Cached;
                let at = self.stack.len() - 1;
                if !self.stack[at].1.ranks(keep) {
                    // Ranked fewer than now asked: rank again within its own matches.
                    self.stack[at].1 = index.search(&q, Some(&self.stack[at].1), keep);
                }
                return &self.stack[at].1;
            }
            if q.narrows(top) {
                break;
            }
            self.stack.pop();
        }
        let hits = match self.stack.last() {
            Some((_, prev)) => {
                self.last = Answer::Narrowed;
                index.search(&q, Some(prev), keep)
            }
            None => {
                self.last = Answer::Fresh;
                index.search(&q, None, keep)
            }
        };
        if self.stack.len() >= DEPTH {
            self.stack.remove(0);
        }
        self.stack.push((q, hits));
        &self.stack[self.stack.len() - 1].1
    }

    /// Runs `text` and returns the best `limit` results, highlighted.
    pub fn results(&mut self, index: &Index, text: &str, limit: usize) -> Vec<SearchResult> {
        self.results_and_total(index, text, limit).0
    }

    /// [`Session::results`], and how many matched in all.
    pub fn results_and_total(&mut self, index: &Index, text: &str, limit: usize) -> (Vec<SearchResult>, usize) {
        let hits = self.search(index, text, limit);
        let (top, total): (Vec<Hit>, usize) = (hits.top(limit), hits.len());
        let q = &self.stack[self.stack.len() - 1].0;
        (index.results(q, &top), total)
    }
}
