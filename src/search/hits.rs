//! A query's matches: the persons and units, every matched item, and the best items
//! scored in full. An item that cannot rank among the best kept is counted (and kept for
//! narrowing) without being scored: at 100k items a one- or two-letter word matches them
//! all, and the clerk sees fifty.
use super::eval::Hit;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Every match of a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// The persons and units every word matched, scored.
    named: Vec<Hit>,
    /// Every matched item's position, ascending.
    items: Vec<u32>,
    /// The best items, best first: `kept` of them, or all when fewer matched.
    best: Vec<Hit>,
    /// How many best items the search kept (`usize::MAX`: every item was scored).
    kept: usize,
}

impl Hits {
    /// Hits scored elsewhere, every item ranked (for tests of the ranking).
    #[cfg(test)]
    pub(crate) fn from_vec(hits: Vec<Hit>) -> Hits {
        let (mut best, named): (Vec<Hit>, Vec<Hit>) =
            hits.into_iter().partition(|h| h.doc.kind == super::eval::ResultKind::Item);
        best.sort_unstable_by(rank);
        let mut items: Vec<u32> = best.iter().map(|h| h.doc.index).collect();
        items.sort_unstable();
        Hits { named, items, best, kept: usize::MAX }
    }

    /// What a search found: `best` ranked, `kept` as asked.
    pub(super) fn new(named: Vec<Hit>, items: Vec<u32>, best: Vec<Hit>, kept: usize) -> Hits {
        Hits { named, items, best, kept }
    }

    /// How many matched.
    pub fn len(&self) -> usize {
        self.named.len() + self.items.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.named.is_empty() && self.items.is_empty()
    }

    /// Every matched item's position in the index, ascending.
    pub fn items(&self) -> &[u32] {
        &self.items
    }

    /// Whether the best `limit` are known (else search again keeping more).
    pub fn ranks(&self, limit: usize) -> bool {
        limit <= self.kept || self.best.len() == self.items.len()
    }

    /// The best `limit` hits, best first (of those ranked: see [`Hits::ranks`]).
    pub fn top(&self, limit: usize) -> Vec<Hit> {
        best_of(self.named.iter().chain(self.best.iter().take(limit)).copied(), limit)
    }
}

/// The best `limit` of `hits` gathered and scored elsewhere (the command line's streaming
/// search), best first: one pass with a heap, no sort of them all.
pub fn best_of(hits: impl IntoIterator<Item = Hit>, limit: usize) -> Vec<Hit> {
    let mut best = Best::new(limit);
    for h in hits {
        best.offer(h);
    }
    best.into_sorted()
}

/// The best `keep` hits seen so far, in a heap whose top is the worst of them: most
/// hits are turned away by one comparison with it.
pub(super) struct Best {
    heap: BinaryHeap<Ranked>,
    keep: usize,
}

impl Best {
    pub fn new(keep: usize) -> Best {
        Best { heap: BinaryHeap::with_capacity(keep.min(1024) + 1), keep }
    }

    /// The hit a new one must beat to be kept, once `keep` are held.
    #[inline]
    pub fn bar(&self) -> Option<Hit> {
        if self.heap.len() >= self.keep {
            self.heap.peek().map(|r| r.0)
        } else {
            None
        }
    }

    /// Keeps `h` if it is among the best `keep`.
    #[inline]
    pub fn offer(&mut self, h: Hit) {
        if self.heap.len() < self.keep {
            self.heap.push(Ranked(h));
        } else if self.heap.peek().is_some_and(|worst| rank(&h, &worst.0) == Ordering::Less) {
            self.heap.pop();
            self.heap.push(Ranked(h));
        }
    }

    /// Both sets' best `keep`.
    pub fn merge(&mut self, other: Best) {
        for r in other.heap {
            self.offer(r.0);
        }
    }

    /// The kept hits, best first.
    pub fn into_sorted(self) -> Vec<Hit> {
        let mut v: Vec<Hit> = self.heap.into_iter().map(|r| r.0).collect();
        v.sort_unstable_by(rank);
        v
    }
}

/// A hit ordered by [`rank`] (greater is worse), for the heap.
struct Ranked(Hit);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        rank(&self.0, &other.0) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        rank(&self.0, &other.0)
    }
}

/// Best first: score, then units and persons before items, then item number, then index order.
pub(super) fn rank(a: &Hit, b: &Hit) -> Ordering {
    b.score.cmp(&a.score).then(a.doc.kind.cmp(&b.doc.kind)).then(a.tie.cmp(&b.tie)).then(a.doc.index.cmp(&b.doc.index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::eval::{DocRef, Field, ResultKind};

    #[test]
    fn top_k_is_the_head_of_the_full_ranking() {
        let mut x: u64 = 7;
        let hits: Vec<Hit> = (0..2000u32)
            .map(|i| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let kind = [ResultKind::Unit, ResultKind::Person, ResultKind::Item][(x >> 60) as usize % 3];
                Hit {
                    doc: DocRef { kind, index: i },
                    score: (x >> 40) as i64 % 50,
                    field: Field::Title,
                    tie: (x >> 20) as u32 % 100,
                }
            })
            .collect();
        let h = Hits::from_vec(hits.clone());
        let mut all = hits;
        all.sort_unstable_by(rank);
        for k in [0, 1, 7, 50, 1999, 2000, 5000] {
            assert_eq!(h.top(k), all[..k.min(all.len())].to_vec(), "{k}");
        }
        assert_eq!(h.len(), 2000);
        for k in [0, 1, 50, 2000] {
            assert_eq!(best_of(all.iter().rev().copied(), k), all[..k.min(all.len())].to_vec(), "{k}");
        }
    }

    #[test]
    fn a_search_that_kept_fewer_asks_to_be_run_again_for_more() {
        let hit =
            |i: u32| Hit { doc: DocRef { kind: ResultKind::Item, index: i }, score: 1, field: Field::Title, tie: i };
        let h = Hits::new(Vec::new(), vec![1, 2, 3], vec![hit(1)], 1);
        assert!(h.ranks(1) && !h.ranks(2));
        assert_eq!(h.len(), 3);
        assert!(Hits::new(Vec::new(), vec![1], vec![hit(1)], 1).ranks(50));
    }
}
