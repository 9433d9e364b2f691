//! Running a query over the index: the entity pass, the item pass shared with a helper, and
//! ranking.
use super::codes::Walk;
use super::hits::{rank, Best, Hits};
use super::index::{Index, NamedEntry, Text, NONE};
use super::items::{decimal, number_may, WordFilter, CANONICAL};
use super::matcher::Matcher;
use super::query::{Query, Word, MAX_WORDS};
use super::score::{self, TextRef};
use super::share::share;
use serde::Serialize;
use std::cmp::Ordering;

/// Below this many candidate items one thread is faster than waking the helper.
const PARALLEL_MIN: usize = 8_000;
/// Candidate items per chunk shared with the helper: small enough that a late helper
/// still takes its part, large enough that taking one costs nothing beside it.
const CHUNK: usize = 4096;
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

/// The scores of each word (outer) against every person, unit, meeting and topic (inner,
/// by index position).
pub(crate) struct EntityScores {
    pub people: Vec<Vec<i64>>,
    pub units: Vec<Vec<i64>>,
    pub meetings: Vec<Vec<i64>>,
    pub topics: Vec<Vec<i64>>,
    /// Per word: whether any person, unit, meeting, topic matched it (else skip the lookups).
    pub any: Vec<[bool; 4]>,
    /// Whether a word is read as a number (else no item's number is spelled out).
    pub numbers: bool,
    /// Per word: the most an item can get from its links (the best person, unit, meeting or
    /// topic the word matched, as an item's link scores it), `NO` when none matched.
    pub linked_ceiling: Vec<i64>,
}

impl EntityScores {
    /// The most any item can score for `q`: per word the best of its title (see
    /// [`score::text_ceiling`]), its number (an exact match) and its links.
    pub(crate) fn item_ceiling(&self, q: &Query) -> i64 {
        q.words
            .iter()
            .enumerate()
            .map(|(wi, w)| {
                let number = if w.number.is_some() { score::NUMBER_EXACT } else { NO };
                score::text_ceiling(w).max(number).max(self.linked_ceiling[wi])
            })
            .sum()
    }
}

/// What the item pass asks of every candidate: the query, its words' scores against the
/// things items point at, the prefilter (none: score every item in full) and each pinyin
/// word's walk.
#[derive(Clone, Copy)]
struct Pass<'a> {
    q: &'a Query,
    ents: &'a EntityScores,
    filters: Option<&'a [WordFilter]>,
    walks: &'a [Option<Walk>],
    /// Per word, when marked: the items linked to a person or unit it matched (none: ask
    /// every item; an empty list: the exhaustive pass, which asks every item too).
    linked: &'a [Option<Bits>],
}

/// What the item pass makes of one item.
enum Scored {
    No,
    /// A match that cannot rank among the best kept: counted, not scored.
    Counted,
    Hit(i64, Field),
}

impl Index {
    /// Runs `q` over the whole index, or over `within` (the hits of a query this one
    /// narrows), ranking the best `keep` items (every match is counted). Same results
    /// either way; `within` only saves time.
    pub fn search(&self, q: &Query, within: Option<&Hits>, keep: usize) -> Hits {
        if q.is_empty() {
            return Hits::default();
        }
        let m = Matcher::new();
        let ents = self.entity_scores(q, &m);
        let named = self.named_hits(&ents);
        let begins = |p: &[u8]| self.groups.begins_reading(p);
        let filters: Vec<WordFilter> =
            q.words.iter().map(|w| WordFilter::new(w, &self.pairs, &self.triples, &begins)).collect();
        let n = within.map_or(self.cols.len(), |h| h.items().len());
        let linked = self.linked_items(&ents, n);
        let pass = Pass { q, ents: &ents, filters: Some(&filters), walks: &self.walks(q), linked: &linked };
        let (items, best) = match within {
            Some(prev) => self.item_pass(&pass, &m, prev.items(), keep, |c, i| c[i]),
            None => self.item_pass(&pass, &m, &(0..n as u32), keep, |r, i| r.start + i as u32),
        };
        Hits::new(named, items, best, keep)
    }

    /// [`Index::search`] scoring every item in full, without the prefilter and keeping
    /// every hit: for tests that check the prefilter and the ranking drop no match.
    #[doc(hidden)]
    pub fn search_exhaustive(&self, q: &Query) -> Hits {
        if q.is_empty() {
            return Hits::default();
        }
        let m = Matcher::new();
        let ents = self.entity_scores(q, &m);
        let named = self.named_hits(&ents);
        let n = self.cols.len();
        let pass = Pass { q, ents: &ents, filters: None, walks: &self.walks(q), linked: &[] };
        let (items, best) = self.item_pass(&pass, &m, &(0..n as u32), usize::MAX, |r, i| r.start + i as u32);
        Hits::new(named, items, best, usize::MAX)
    }

    /// Each word's walk over the title codes, for the pinyin words (two letters or more,
    /// not only digits: the words [`score::text`] spells with `in_a_row`).
    fn walks(&self, q: &Query) -> Vec<Option<Walk>> {
        q.words
            .iter()
            .map(|w| (w.ascii && !w.digits && w.len > 1).then(|| Walk::new(w.text.as_bytes(), &self.groups)))
            .collect()
    }

    /// Per word: the items linked to a person or unit it matched, marked from the lists of
    /// those (see [`Index::people_items`]) when they hold at most twice as many items as
    /// the `n` candidates (a mark costs a few ns, an item reading its links tens).
    fn linked_items(&self, ents: &EntityScores, n: usize) -> Vec<Option<Bits>> {
        // The persons (or units) matched that have a list.
        let matched = |scores: &[i64], lists: &[Vec<u32>]| -> Vec<usize> {
            scores.iter().enumerate().filter(|(e, &s)| s != NO && *e < lists.len()).map(|(e, _)| e).collect()
        };
        (0..ents.any.len())
            .map(|wi| {
                let people = matched(&ents.people[wi], &self.people_items);
                let units = matched(&ents.units[wi], &self.unit_items);
                let total: usize = people.iter().map(|&e| self.people_items[e].len()).sum::<usize>()
                    + units.iter().map(|&e| self.unit_items[e].len()).sum::<usize>();
                if total > 2 * n {
                    return None;
                }
                let mut b = Bits::new(self.cols.len());
                for &e in &people {
                    b.set_all(&self.people_items[e]);
                }
                for &e in &units {
                    b.set_all(&self.unit_items[e]);
                }
                Some(b)
            })
            .collect()
    }

    /// [`score::text`] of `w` in the title of the item at `i` (`t`, its text as
    /// [`Index::item_text`] read it): a pinyin word is walked over the title's codes.
    #[inline]
    fn title_score(&self, m: &Matcher, w: &Word, walk: Option<&Walk>, t: TextRef, i: usize) -> Option<i64> {
        let Some(walk) = walk else { return score::text(m, w, t) };
        if !score::pinyin_may(w, t) {
            return None;
        }
        let codes = self.item_codes(i);
        let (from, to) = walk.find(codes)?;
        let window = &codes[from..to];
        m.memo_codes(window, &w.text, |m| self.groups.with_text(window, |window| score::pinyin(m, w, window)))
    }

    /// Whether [`Index::title_score`] matches, without scoring (see [`score::text_matches`]).
    #[inline]
    fn title_matches(&self, m: &Matcher, w: &Word, walk: Option<&Walk>, t: TextRef, i: usize) -> bool {
        match walk {
            Some(walk) => score::pinyin_may(w, t) && walk.find(self.item_codes(i)).is_some(),
            None => score::text_matches(m, w, t),
        }
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
                if let Some((score, field)) = sum_words(scores.iter().map(|w| (w[i], Field::Name))) {
                    hits.push(Hit { doc: DocRef { kind, index: i as u32 }, score, field, tie: 0 });
                }
            }
        }
        hits
    }

    /// Matches the candidate items, shared with the search helper when there are many
    /// ([`super::share`]), one matcher each: every matched position (ascending) and the
    /// best `keep` hits, best first.
    fn item_pass<C: Sync + Len + ?Sized>(
        &self,
        pass: &Pass,
        m: &Matcher,
        cands: &C,
        keep: usize,
        at: impl Fn(&C, usize) -> u32 + Sync,
    ) -> (Vec<u32>, Vec<Hit>) {
        let n = cands.len();
        // The matched positions among candidates `r`, offering the scored ones to `best`.
        let run = |m: &Matcher, r: std::ops::Range<usize>, best: &mut Best| -> Vec<u32> {
            let mut items = Vec::new();
            for k in r {
                let i = at(cands, k);
                match self.score_item(pass, m, i as usize, best.bar()) {
                    Scored::No => {}
                    Scored::Counted => items.push(i),
                    Scored::Hit(score, field) => {
                        items.push(i);
                        let tie = self.cols.num[i as usize];
                        best.offer(Hit { doc: DocRef { kind: ResultKind::Item, index: i }, score, field, tie });
                    }
                }
            }
            items
        };
        let mut best = Best::new(keep);
        if n < PARALLEL_MIN {
            let items = run(m, 0..n, &mut best);
            return (items, best.into_sorted());
        }
        // A matcher is one thread's (its memo is not shared): the helper makes its own.
        let (theirs, chunks) = share(
            n,
            CHUNK,
            |r| run(m, r, &mut best),
            || (Matcher::new(), Best::new(keep)),
            |(m, best), r| run(m, r, best),
        );
        let items = chunks.concat();
        if let Some((_, other)) = theirs {
            best.merge(other);
        }
        (items, best.into_sorted())
    }

    pub(crate) fn entity_scores(&self, q: &Query, m: &Matcher) -> EntityScores {
        let named = |list: &Vec<NamedEntry>, w: &Word| -> Vec<i64> {
            list.iter()
                .map(|e| {
                    let a = score::name(m, w, self.text_ref(&e.name), self.pair(e.name_primary));
                    let b = e.alts.iter().filter_map(|(t, p)| score::name(m, w, self.text_ref(t), self.pair(*p))).max();
                    a.max(b).unwrap_or(NO)
                })
                .collect()
        };
        let plain = |list: &Vec<Text>, w: &Word| -> Vec<i64> {
            list.iter().map(|t| score::text(m, w, self.text_ref(t)).unwrap_or(NO)).collect()
        };
        let people: Vec<Vec<i64>> = q.words.iter().map(|w| named(&self.people, w)).collect();
        let units: Vec<Vec<i64>> = q.words.iter().map(|w| named(&self.units, w)).collect();
        let meetings: Vec<Vec<i64>> = q.words.iter().map(|w| plain(&self.meetings, w)).collect();
        let topics: Vec<Vec<i64>> = q.words.iter().map(|w| plain(&self.topics, w)).collect();
        let any = (0..q.words.len())
            .map(|i| {
                [
                    people[i].iter().any(|&x| x != NO),
                    units[i].iter().any(|&x| x != NO),
                    meetings[i].iter().any(|&x| x != NO),
                    topics[i].iter().any(|&x| x != NO),
                ]
            })
            .collect();
        let numbers = q.words.iter().any(|w| w.number.is_some());
        let best = |v: &Vec<i64>| v.iter().copied().max().unwrap_or(NO);
        let linked_ceiling = (0..q.words.len())
            .map(|i| {
                let weak = |v: &Vec<i64>| linked_weak(best(v));
                linked_person(best(&people[i]), 0)
                    .max(linked_unit(best(&units[i])))
                    .max(weak(&meetings[i]))
                    .max(weak(&topics[i]))
            })
            .collect();
        EntityScores { people, units, meetings, topics, any, numbers, linked_ceiling }
    }

    /// One item's score: for each word the best of its own fields and the things it
    /// points at; every word must match something. The columns are asked first whether
    /// each word can match at all (an item rejected there costs a few bytes read). With
    /// `bar` (the worst of the best kept, once full), an item whose words' best possible
    /// scores cannot beat it is only matched, not scored.
    #[inline]
    fn score_item(&self, pass: &Pass, m: &Matcher, i: usize, bar: Option<Hit>) -> Scored {
        let Pass { q, ents, filters, walks, .. } = *pass;
        let c = &self.cols;
        if !c.alive(i) {
            return Scored::No;
        }
        let l = c.links[i];
        let (from, n_people) = (l.refs as usize, l.n_proposers as usize);
        let refs = &self.refs[from..from + n_people + l.n_units as usize];
        let (people, units) = refs.split_at(n_people);
        // Whether a word that may match the title reads its text: until then the arena is
        // not touched (at 1M items, a read there is a cache miss per item).
        let mut text = filters.is_none();
        let mut title_may = [filters.is_none(); MAX_WORDS];
        // Words whose title was turned away and that matched a link (so match).
        let mut via_link = [false; MAX_WORDS];
        let link_may = |wi: usize| self.link_may(pass, wi, i, (people, units));
        for (wi, (w, f)) in q.words.iter().zip(filters.unwrap_or_default()).enumerate() {
            if f.may(c, i) {
                text |= f.reads_text;
                title_may[wi] = true;
                continue;
            }
            if w.number.as_deref().is_some_and(|n| number_may(c, i, n)) {
                continue;
            }
            if !link_may(wi) {
                return Scored::No;
            }
            via_link[wi] = true;
        }
        let mut buf = [0u8; 10];
        let number_key = if !ents.numbers {
            ""
        } else if c.flags[i] & CANONICAL != 0 {
            std::str::from_utf8(decimal(c.num[i], &mut buf)).unwrap_or("")
        } else {
            self.s(c.number_key[i])
        };
        // The text is left empty when no word the title may match reads it (the words it
        // may not match are turned away by the bits and signatures, as with the text).
        // Read only when a word's title is walked or scored.
        let title = || self.item_text(i, text);
        let linked = |wi: usize| self.linked(ents, wi, i, people, units);
        if let Some(bar) = bar {
            let mut number = [NO; MAX_WORDS];
            for (wi, w) in q.words.iter().enumerate() {
                number[wi] = score::number(w, number_key).unwrap_or(NO);
            }
            let can_beat = |linked: &dyn Fn(usize) -> i64| -> Option<bool> {
                let mut most = 0i64;
                for (wi, w) in q.words.iter().enumerate() {
                    let t = if title_may[wi] { score::text_ceiling(w) } else { NO };
                    let v = t.max(number[wi]).max(linked(wi));
                    if v == NO {
                        return None;
                    }
                    most += v;
                }
                let tie = c.num[i];
                let doc = DocRef { kind: ResultKind::Item, index: i as u32 };
                Some(rank(&Hit { doc, score: most, field: Field::Title, tie }, &bar) == Ordering::Less)
            };
            // First with the best link any item could have (no link read), then with its own.
            let mut own = [NO; MAX_WORDS];
            let mut own_known = false;
            let beats = match can_beat(&|wi| ents.linked_ceiling[wi]) {
                None => return Scored::No,
                Some(false) => false,
                Some(true) => {
                    own_known = true;
                    for (wi, v) in own.iter_mut().enumerate().take(q.words.len()) {
                        *v = linked(wi).0;
                    }
                    match can_beat(&|wi| own[wi]) {
                        None => return Scored::No,
                        Some(b) => b,
                    }
                }
            };
            if !beats {
                // Counted if every word matches something, cheapest first: a link found above
                // when the title was turned away, a title the prefilter let through on a pair
                // or triple of the word's own (`exact`), one letter whose bits the title has
                // (the prefilter asked all `text` asks of it), its number, a link (a few
                // lookups, unless its score was read above: `NO` is no link), the title (a
                // walk over its codes).
                let matched = q.words.iter().enumerate().all(|(wi, w)| {
                    let exact = title_may[wi] && filters.is_some_and(|f| f[wi].exact);
                    via_link[wi]
                        || exact
                        || title_may[wi] && w.len == 1 && w.ascii && !w.digits
                        || number[wi] != NO
                        || own[wi] != NO
                        || !own_known && link_may(wi)
                        || title_may[wi] && self.title_matches(m, w, walks[wi].as_ref(), title(), i)
                });
                return if matched { Scored::Counted } else { Scored::No };
            }
        }
        let t = title();
        let title = |wi: usize, w: &Word| self.title_score(m, w, walks[wi].as_ref(), t, i);
        match score_words(q, number_key, title, |wi, s| {
            let (v, f) = linked(wi);
            take(s, v, f);
        }) {
            Some((score, field)) => Scored::Hit(score, field),
            None => Scored::No,
        }
    }

    /// The best score word `wi` gets through the item's proposers, units, meeting and topic.
    #[inline]
    fn linked(&self, ents: &EntityScores, wi: usize, i: usize, people: &[u32], units: &[u32]) -> (i64, Field) {
        let [any_person, any_unit, any_meeting, any_topic] = ents.any[wi];
        let mut s = (NO, Field::Proposer);
        // The best of each kind first (no branch per link), then one `take` per kind.
        if any_person {
            let scores = &ents.people[wi];
            let best = people.iter().enumerate().map(|(k, &p)| linked_person(scores[p as usize], k)).max();
            take(&mut s, best.unwrap_or(NO), Field::Proposer);
        }
        if any_unit {
            let scores = &ents.units[wi];
            take(&mut s, units.iter().map(|&u| linked_unit(scores[u as usize])).max().unwrap_or(NO), Field::Unit);
        }
        let (meeting, topic) = (self.cols.meeting[i], self.cols.topic[i]);
        if any_meeting && meeting != NONE {
            take(&mut s, linked_weak(ents.meetings[wi][meeting as usize]), Field::Meeting);
        }
        if any_topic && topic != NONE {
            take(&mut s, linked_weak(ents.topics[wi][topic as usize]), Field::Topic);
        }
        s
    }

    /// Whether word `wi` matched a link of the item at `i`: a marked item did through a
    /// person or unit (see [`Index::linked_items`]), an unmarked one only through its meeting
    /// or topic; without marks, its own links are asked.
    #[inline]
    fn link_may(&self, pass: &Pass, wi: usize, i: usize, links: (&[u32], &[u32])) -> bool {
        match pass.linked.get(wi) {
            Some(Some(b)) => {
                b.has(i as u32) || {
                    let [_, _, meeting, topic] = pass.ents.any[wi];
                    (meeting || topic) && self.linked_may(pass.ents, wi, i, (&[], &[]))
                }
            }
            _ => self.linked_may(pass.ents, wi, i, links),
        }
    }

    /// Whether word `wi` matched a proposer, unit, meeting or topic of the item at `i`.
    #[inline]
    fn linked_may(&self, ents: &EntityScores, wi: usize, i: usize, (people, units): (&[u32], &[u32])) -> bool {
        let [any_person, any_unit, any_meeting, any_topic] = ents.any[wi];
        let c = &self.cols;
        any_person && people.iter().any(|&p| ents.people[wi][p as usize] != NO)
            || any_unit && units.iter().any(|&u| ents.units[wi][u as usize] != NO)
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

/// Scores an item's words: each word's best of the number, the title (`title`, word `wi`'s
/// score there) and what `linked` adds (proposers, units, meeting, topic, via [`take`]);
/// `None` unless every word matched.
#[inline]
pub(crate) fn score_words(
    q: &Query,
    number_key: &str,
    title: impl Fn(usize, &Word) -> Option<i64>,
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
            if let Some(v) = title(wi, w) {
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
    // `NO` is the least i64: it stays `NO`.
    v.saturating_sub(if position == 0 { 10 } else { 20 })
}

/// An item through one of its units: just below the unit's own result.
#[inline]
pub(crate) fn linked_unit(v: i64) -> i64 {
    v.saturating_sub(10)
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

/// A set of positions, a bit each.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn set_all(&mut self, at: &[u32]) {
        for &i in at {
            if let Some(w) = self.0.get_mut(i as usize / 64) {
                *w |= 1 << (i % 64);
            }
        }
    }

    #[inline]
    fn has(&self, i: u32) -> bool {
        self.0.get(i as usize / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// A list of candidates the item pass can split in halves.
trait Len {
    fn len(&self) -> usize;
}

impl Len for [u32] {
    fn len(&self) -> usize {
        <[u32]>::len(self)
    }
}

impl Len for std::ops::Range<u32> {
    fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
}
