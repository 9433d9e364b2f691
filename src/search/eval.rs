//! Running a query over the index: the entity pass, the item pass on two threads, and
//! ranking.
use super::index::{Index, NamedEntry, Text, NONE};
use super::items::{decimal, number_may, WordFilter, CANONICAL};
use super::matcher::Matcher;
use super::query::{Query, Word};
use super::score::{self, TextRef};
use serde::Serialize;
use std::cmp::Ordering;

/// Below this many candidate items one thread is faster than starting a second.
const PARALLEL_MIN: usize = 8_000;
/// A score meaning "no match".
pub(crate) const NO: i64 = i64::MIN;

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    // Declared in the order equal scores are shown: units are few and what a leader asks
    // after (住建局), so they come before people with the same score.
    Unit,
    Person,
    Item,
}

/// The field that gave a result its best word score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Number,
    Title,
    Proposer,
    Unit,
    Meeting,
    Topic,
    /// A person's or unit's own name.
    Name,
}

/// A reference to an indexed person, unit or item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub kind: ResultKind,
    pub index: u32,
}

/// One match, before it is turned into a [`super::SearchResult`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: DocRef,
    pub score: i64,
    pub field: Field,
    /// Orders equal scores: units, persons, then items by number.
    pub tie: u32,
}

/// Every match of a query, in index order (ranked only when asked for the top).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub hits: Vec<Hit>,
}

impl Hits {
    /// Hits gathered elsewhere (the command line's streaming search).
    pub fn from_vec(hits: Vec<Hit>) -> Hits {
        Hits { hits }
    }

    /// How many matched.
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// The best `limit` hits, best first.
    pub fn top(&self, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        if limit >= self.hits.len() {
            let mut v = self.hits.clone();
            v.sort_unstable_by(rank);
            return v;
        }
        // One pass keeping the best `limit` in a heap whose top is the worst of them: most
        // hits are turned away by one comparison with it.
        let mut heap: std::collections::BinaryHeap<Ranked> = std::collections::BinaryHeap::with_capacity(limit + 1);
        for h in &self.hits {
            if heap.len() < limit {
                heap.push(Ranked(*h));
            } else if heap.peek().is_some_and(|worst| rank(h, &worst.0) == Ordering::Less) {
                heap.pop();
                heap.push(Ranked(*h));
            }
        }
        let mut v: Vec<Hit> = heap.into_iter().map(|r| r.0).collect();
        v.sort_unstable_by(rank);
        v
    }
}

/// A hit ordered by [`rank`] (greater is worse), for the top-k heap.
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
fn rank(a: &Hit, b: &Hit) -> Ordering {
    b.score.cmp(&a.score).then(a.doc.kind.cmp(&b.doc.kind)).then(a.tie.cmp(&b.tie)).then(a.doc.index.cmp(&b.doc.index))
}

/// The scores of each word (outer) against every person, unit, meeting and topic (inner,
/// by index position).
pub(crate) struct EntityScores {
    pub people: Vec<Vec<(i64, Field)>>,
    pub units: Vec<Vec<(i64, Field)>>,
    pub meetings: Vec<Vec<i64>>,
    pub topics: Vec<Vec<i64>>,
    /// Per word: whether any person, unit, meeting, topic matched it (else skip the lookups).
    pub any: Vec<[bool; 4]>,
}

impl Index {
    /// Runs `q` over the whole index, or over `within` (the hits of a query this one
    /// narrows). Same results either way; `within` only saves time.
    pub fn search(&self, q: &Query, within: Option<&Hits>) -> Hits {
        if q.is_empty() {
            return Hits::default();
        }
        let m = Matcher::new();
        let ents = self.entity_scores(q, &m);
        let mut hits = self.named_hits(&ents);
        let filters: Vec<WordFilter> = q.words.iter().map(WordFilter::new).collect();
        match within {
            Some(prev) => {
                let cands: Vec<u32> =
                    prev.hits.iter().filter(|h| h.doc.kind == ResultKind::Item).map(|h| h.doc.index).collect();
                self.item_pass(q, &ents, Some(&filters), &m, &cands, &mut hits, |c, i| c[i]);
            }
            None => {
                let n = self.cols.len();
                self.item_pass(q, &ents, Some(&filters), &m, &(0..n as u32), &mut hits, |r, i| r.start + i as u32);
            }
        }
        Hits { hits }
    }

    /// [`Index::search`] scoring every item in full, without the prefilter: for tests
    /// that check the prefilter drops no match.
    #[doc(hidden)]
    pub fn search_exhaustive(&self, q: &Query) -> Hits {
        if q.is_empty() {
            return Hits::default();
        }
        let m = Matcher::new();
        let ents = self.entity_scores(q, &m);
        let mut hits = self.named_hits(&ents);
        let n = self.cols.len();
        self.item_pass(q, &ents, None, &m, &(0..n as u32), &mut hits, |r, i| r.start + i as u32);
        Hits { hits }
    }

    /// The persons and units every word matched.
    pub(crate) fn named_hits(&self, ents: &EntityScores) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (kind, list, scores) in
            [(ResultKind::Person, &self.people, &ents.people), (ResultKind::Unit, &self.units, &ents.units)]
        {
            for (i, e) in list.iter().enumerate() {
                if !e.alive {
                    continue;
                }
                if let Some((score, field)) = sum_words(scores.iter().map(|w| w[i])) {
                    hits.push(Hit { doc: DocRef { kind, index: i as u32 }, score, field, tie: 0 });
                }
            }
        }
        hits
    }

    /// Scores the candidate items, on two threads when there are many, one matcher each.
    #[allow(clippy::too_many_arguments)]
    fn item_pass<C: Sync + Len>(
        &self,
        q: &Query,
        ents: &EntityScores,
        filters: Option<&[WordFilter]>,
        m: &Matcher,
        cands: &C,
        out: &mut Vec<Hit>,
        at: impl Fn(&C, usize) -> u32 + Sync,
    ) {
        let n = cands.len();
        let run = |m: &Matcher, from: usize, to: usize, out: &mut Vec<Hit>| {
            for k in from..to {
                let i = at(cands, k);
                if let Some((score, field)) = self.score_item(q, ents, filters, m, i as usize) {
                    let tie = self.cols.num[i as usize];
                    out.push(Hit { doc: DocRef { kind: ResultKind::Item, index: i }, score, field, tie });
                }
            }
        };
        if n < PARALLEL_MIN {
            run(m, 0, n, out);
            return;
        }
        let mid = n / 2;
        let second = std::thread::scope(|s| {
            let h = s.spawn(|| {
                let mut v = Vec::new();
                run(&Matcher::new(), mid, n, &mut v);
                v
            });
            run(m, 0, mid, out);
            h.join()
        });
        match second {
            Ok(v) => out.extend(v),
            // A panic in the helper thread is a bug; search that half here rather than lose it.
            Err(_) => run(m, mid, n, out),
        }
    }

    pub(crate) fn entity_scores(&self, q: &Query, m: &Matcher) -> EntityScores {
        let named = |list: &Vec<NamedEntry>, w: &Word| -> Vec<(i64, Field)> {
            list.iter()
                .map(|e| {
                    let a = score::name(m, w, self.text_ref(&e.name), self.pair(e.name_primary));
                    let b = e.alts.iter().filter_map(|(t, p)| score::name(m, w, self.text_ref(t), self.pair(*p))).max();
                    (a.max(b).unwrap_or(NO), Field::Name)
                })
                .collect()
        };
        let plain = |list: &Vec<Text>, w: &Word| -> Vec<i64> {
            list.iter().map(|t| score::text(m, w, self.text_ref(t)).unwrap_or(NO)).collect()
        };
        let people: Vec<Vec<(i64, Field)>> = q.words.iter().map(|w| named(&self.people, w)).collect();
        let units: Vec<Vec<(i64, Field)>> = q.words.iter().map(|w| named(&self.units, w)).collect();
        let meetings: Vec<Vec<i64>> = q.words.iter().map(|w| plain(&self.meetings, w)).collect();
        let topics: Vec<Vec<i64>> = q.words.iter().map(|w| plain(&self.topics, w)).collect();
        let any = (0..q.words.len())
            .map(|i| {
                [
                    people[i].iter().any(|x| x.0 != NO),
                    units[i].iter().any(|x| x.0 != NO),
                    meetings[i].iter().any(|&x| x != NO),
                    topics[i].iter().any(|&x| x != NO),
                ]
            })
            .collect();
        EntityScores { people, units, meetings, topics, any }
    }

    /// One item's score: for each word the best of its own fields and the things it
    /// points at; every word must match something. The columns are asked first whether
    /// each word can match at all (an item rejected there costs a few bytes read).
    #[inline]
    fn score_item(
        &self,
        q: &Query,
        ents: &EntityScores,
        filters: Option<&[WordFilter]>,
        m: &Matcher,
        i: usize,
    ) -> Option<(i64, Field)> {
        let c = &self.cols;
        if !c.alive(i) {
            return None;
        }
        let l = c.links[i];
        let (from, n_people) = (l.refs as usize, l.n_proposers as usize);
        let refs = &self.refs[from..from + n_people + l.n_units as usize];
        let (people, units) = refs.split_at(n_people);
        // Whether a word that may match the title reads its text or key: until then the
        // arena is not touched (at 1M items, a read there is a cache miss per item).
        let (mut text, mut key) = (filters.is_none(), filters.is_none());
        for (wi, (w, f)) in q.words.iter().zip(filters.unwrap_or_default()).enumerate() {
            if f.may(c, i) {
                text |= f.reads_text;
                key |= f.reads_key;
                continue;
            }
            let may =
                w.number.as_deref().is_some_and(|n| number_may(c, i, n)) || self.linked_may(ents, wi, i, people, units);
            if !may {
                return None;
            }
        }
        let mut buf = [0u8; 10];
        let number_key = if c.flags[i] & CANONICAL != 0 {
            std::str::from_utf8(decimal(c.num[i], &mut buf)).unwrap_or("")
        } else {
            self.s(c.number_key[i])
        };
        let (meeting, topic) = (c.meeting[i], c.topic[i]);
        // What no word the title may match reads is left empty (the words it may not match
        // are turned away by the bits and the pair signature, as with the text).
        let title = self.item_text(i, text, key);
        score_words(q, m, number_key, title, |wi, s| {
            let [any_person, any_unit, any_meeting, any_topic] = ents.any[wi];
            if any_person {
                for (k, &p) in people.iter().enumerate() {
                    take(s, linked_person(ents.people[wi][p as usize].0, k), Field::Proposer);
                }
            }
            if any_unit {
                for &u in units {
                    take(s, linked_unit(ents.units[wi][u as usize].0), Field::Unit);
                }
            }
            if any_meeting && meeting != NONE {
                take(s, linked_weak(ents.meetings[wi][meeting as usize]), Field::Meeting);
            }
            if any_topic && topic != NONE {
                take(s, linked_weak(ents.topics[wi][topic as usize]), Field::Topic);
            }
        })
    }

    /// Whether word `wi` matched a proposer, unit, meeting or topic of the item at `i`.
    #[inline]
    fn linked_may(&self, ents: &EntityScores, wi: usize, i: usize, people: &[u32], units: &[u32]) -> bool {
        let [any_person, any_unit, any_meeting, any_topic] = ents.any[wi];
        let c = &self.cols;
        any_person && people.iter().any(|&p| ents.people[wi][p as usize].0 != NO)
            || any_unit && units.iter().any(|&u| ents.units[wi][u as usize].0 != NO)
            || any_meeting && c.meeting[i] != NONE && ents.meetings[wi][c.meeting[i] as usize] != NO
            || any_topic && c.topic[i] != NONE && ents.topics[wi][c.topic[i] as usize] != NO
    }

    #[inline]
    pub(super) fn text_ref(&self, t: &Text) -> TextRef<'_> {
        TextRef { text: self.s(t.text), key: self.s(t.key), bits: t.bits, letters: t.letters }
    }

    fn pair(&self, p: (super::index::Span, super::index::Span)) -> (&str, &str) {
        (self.s(p.0), self.s(p.1))
    }
}

/// Scores an item's words: each word's best of the number, the title and what `linked`
/// adds (proposers, units, meeting, topic, via [`take`]); `None` unless every word matched.
#[inline]
pub(crate) fn score_words(
    q: &Query,
    m: &Matcher,
    number_key: &str,
    title: TextRef,
    linked: impl Fn(usize, &mut (i64, Field)),
) -> Option<(i64, Field)> {
    let mut total = 0i64;
    let mut best = (NO, Field::Title);
    for (wi, w) in q.words.iter().enumerate() {
        let mut s = (NO, Field::Title);
        if let Some(v) = score::number(w, number_key) {
            take(&mut s, v, Field::Number);
        }
        linked(wi, &mut s);
        // A title's fuzzy score cannot beat a number or name tier: skip the matcher then.
        if s.0 < score::FUZZY_CEILING {
            if let Some(v) = score::text(m, w, title) {
                take(&mut s, v, Field::Title);
            }
        }
        if s.0 == NO {
            return None;
        }
        total += s.0;
        if s.0 > best.0 {
            best = s;
        }
    }
    Some((total, best.1))
}

/// Keeps the better of the word's score so far and `v` (`NO` is no match).
#[inline]
pub(crate) fn take(s: &mut (i64, Field), v: i64, f: Field) {
    if v != NO && v > s.0 {
        *s = (v, f);
    }
}

/// An item through a proposer: just below the person's own result, co-signers below the lead.
#[inline]
pub(crate) fn linked_person(v: i64, position: usize) -> i64 {
    if v == NO {
        NO
    } else {
        v - if position == 0 { 10 } else { 20 }
    }
}

/// An item through one of its units: just below the unit's own result.
#[inline]
pub(crate) fn linked_unit(v: i64) -> i64 {
    if v == NO {
        NO
    } else {
        v - 10
    }
}

/// An item through its meeting or topic: shared by many items, so worth half a title match.
#[inline]
pub(crate) fn linked_weak(v: i64) -> i64 {
    if v == NO {
        NO
    } else {
        v.min(score::FUZZY_CEILING - 1) / 2
    }
}

/// The sum of word scores when every word matched, with the field of the best one.
fn sum_words(words: impl Iterator<Item = (i64, Field)>) -> Option<(i64, Field)> {
    let mut total = 0;
    let mut best = (NO, Field::Name);
    for (s, f) in words {
        if s == NO {
            return None;
        }
        total += s;
        if s > best.0 {
            best = (s, f);
        }
    }
    Some((total, best.1))
}

/// A list of candidates the item pass can split in halves.
trait Len {
    fn len(&self) -> usize;
}

impl Len for Vec<u32> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl Len for std::ops::Range<u32> {
    fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
