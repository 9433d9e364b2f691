//! The items' searchable columns, one contiguous array per field (a struct of arrays),
//! and the prefilter that rejects an item from them.
//!
//! A key press walks every candidate item. Kept in one 130-byte entry each, the fields a
//! rejected item needs (a few bits) came with everything else: at 1M items a walk read
//! 130 MB. Here each field is its own array, so a word touches only what it tests: the
//! title's character bits (16 bytes) for Chinese, its letter bits (8), reading-pair
//! signature (16) and, from three letters, triple signature (16) for pinyin, the number (4)
//! for digits. The title's text (in the arena) and key codes ([`super::codes`]) are read
//! only for items the prefilter lets through.
use super::index::Span;
use super::pairs::{cuts, PairMap, TripleMap, MAX_CUTS};
use super::query::{start_bit, Word};

pub(super) use super::pairs::PairSig;

/// Where an item's proposers and units sit in the index's `refs`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Links {
    /// Start in `refs`: `n_proposers` person indices, then `n_units` unit indices.
    pub refs: u32,
    pub n_proposers: u16,
    pub n_units: u16,
}

/// The item is in the results (not removed).
pub(super) const ALIVE: u8 = 1;
/// The normalised number is the decimal of `num` (so tests on `num` stand for it).
pub(super) const CANONICAL: u8 = 2;

/// One item's searchable fields, as [`Columns::push`] and [`Columns::set`] take them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Row {
    pub bits: u128,
    pub letters: u64,
    pub pairs: PairSig,
    pub triples: PairSig,
    pub title: Span,
    pub key: Span,
    pub number_key: Span,
    pub num: u32,
    pub links: Links,
    pub meeting: u32,
    pub topic: u32,
    pub flags: u8,
}

/// Every item's searchable fields, a column each, indexed by item position.
#[derive(Debug, Default)]
pub(super) struct Columns {
    /// The title's [`super::query::char_bits`].
    pub bits: Vec<u128>,
    /// The title key's [`super::query::key_bits`].
    pub letters: Vec<u64>,
    /// The title key's pair signature ([`PairMap::signature`]).
    pub pairs: Vec<PairSig>,
    /// The title key's triple signature ([`TripleMap::signature`]).
    pub triples: Vec<PairSig>,
    pub title: Vec<Span>,
    /// The title key's stretch of the index's codes ([`super::codes`]).
    pub key: Vec<Span>,
    pub number_key: Vec<Span>,
    /// The number as an integer, for ordering equal scores (`u32::MAX` when not numeric).
    pub num: Vec<u32>,
    pub links: Vec<Links>,
    pub meeting: Vec<u32>,
    pub topic: Vec<u32>,
    /// [`ALIVE`], [`CANONICAL`].
    pub flags: Vec<u8>,
}

impl Columns {
    /// Items held (removed ones included).
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// Room for `n` more items.
    pub fn reserve(&mut self, n: usize) {
        self.bits.reserve(n);
        self.letters.reserve(n);
        self.pairs.reserve(n);
        self.triples.reserve(n);
        self.title.reserve(n);
        self.key.reserve(n);
        self.number_key.reserve(n);
        self.num.reserve(n);
        self.links.reserve(n);
        self.meeting.reserve(n);
        self.topic.reserve(n);
        self.flags.reserve(n);
    }

    /// Appends an item.
    pub fn push(&mut self, r: Row) {
        self.bits.push(r.bits);
        self.letters.push(r.letters);
        self.pairs.push(r.pairs);
        self.triples.push(r.triples);
        self.title.push(r.title);
        self.key.push(r.key);
        self.number_key.push(r.number_key);
        self.num.push(r.num);
        self.links.push(r.links);
        self.meeting.push(r.meeting);
        self.topic.push(r.topic);
        self.flags.push(r.flags);
    }

    /// Replaces the item at `i`.
    pub fn set(&mut self, i: usize, r: Row) {
        self.bits[i] = r.bits;
        self.letters[i] = r.letters;
        self.pairs[i] = r.pairs;
        self.triples[i] = r.triples;
        self.title[i] = r.title;
        self.key[i] = r.key;
        self.number_key[i] = r.number_key;
        self.num[i] = r.num;
        self.links[i] = r.links;
        self.meeting[i] = r.meeting;
        self.topic[i] = r.topic;
        self.flags[i] = r.flags;
    }

    /// Whether the item at `i` is in the results.
    #[inline]
    pub fn alive(&self, i: usize) -> bool {
        self.flags[i] & ALIVE != 0
    }

    /// Bytes held, from the capacities.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        self.bits.capacity() * 16
            + self.letters.capacity() * 8
            + (self.pairs.capacity() + self.triples.capacity()) * size_of::<PairSig>()
            + (self.title.capacity() + self.key.capacity() + self.number_key.capacity()) * size_of::<Span>()
            + (self.num.capacity() + self.meeting.capacity() + self.topic.capacity()) * 4
            + self.links.capacity() * size_of::<Links>()
            + self.flags.capacity()
    }
}

/// Item ids to positions: a vector by id (4 bytes an item) while ids stay dense, as a
/// ledger's do; an id far outside that range goes into a hash map instead.
#[derive(Debug, Default)]
pub(super) struct ItemIds {
    min: i64,
    /// By `id - min`; `u32::MAX` for none.
    at: Vec<u32>,
    others: std::collections::HashMap<i64, u32, super::matcher::Fx>,
    len: usize,
}

impl ItemIds {
    /// The position of `id`.
    #[inline]
    pub fn get(&self, id: i64) -> Option<u32> {
        let k = id.wrapping_sub(self.min);
        if (0..self.at.len() as i64).contains(&k) && id >= self.min && self.at[k as usize] != u32::MAX {
            return Some(self.at[k as usize]);
        }
        // (An id put here before the vector reached it stays here.)
        self.others.get(&id).copied()
    }

    /// Notes that `id` sits at `pos`.
    pub fn insert(&mut self, id: i64, pos: u32) {
        if self.at.is_empty() && self.others.is_empty() {
            self.min = id;
        }
        let k = id.checked_sub(self.min).filter(|&k| k >= 0 && k < (2 * self.len as i64 + 4096));
        match k {
            Some(k) => {
                let k = k as usize;
                if k >= self.at.len() {
                    self.at.resize(k + 1, u32::MAX);
                }
                self.at[k] = pos;
            }
            None => {
                self.others.insert(id, pos);
            }
        }
        self.len += 1;
    }

    /// Room for `n` more ids.
    pub fn reserve(&mut self, n: usize) {
        self.at.reserve(n);
    }

    /// Bytes held, from the capacities.
    pub fn memory_bytes(&self) -> usize {
        self.at.capacity() * 4 + self.others.capacity() * 13
    }
}

/// The pinyin words asked for their [`cuts`]: the fourth and fifth letters, where the
/// triple lets through every title with the word's first syllable (`zhuj` after `zhu`). A
/// longer word searches the few hits of the shorter one, where asking costs more than it
/// saves.
const CUT_WORDS: std::ops::RangeInclusive<usize> = 4..=5;

/// What one word needs of an item's title, read off the prefilter columns: the same
/// early rejections [`super::score::text`] makes, so an item it rejects is one `text`
/// would reject.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WordFilter {
    /// No title can match (a one-character word that is no letter or digit, …).
    never: bool,
    bits: u128,
    letters: u64,
    /// A reading must start with the word's first letter (0: no such test).
    start: u64,
    pair: PairSig,
    /// The bit of the word's first three letters (0: no such test).
    triple: PairSig,
    /// Scoring the word reads the title's text (Chinese, digits; pinyin of two or more
    /// letters walks the title's codes, one letter reads only the letter bits).
    pub reads_text: bool,
    /// A title that passes spells the word: a pinyin word of two or three letters whose
    /// pair or triple has a bit of its own ([`super::pairs::GramMap::exact`]).
    pub exact: bool,
    /// For a pinyin word of [`CUT_WORDS`] letters: the pair signature must hold one of these
    /// ([`cuts`]; `n_cuts` 0: no such test).
    cuts: [PairSig; MAX_CUTS],
    n_cuts: u8,
}

impl WordFilter {
    /// The filter of `w`; `begins` tells the pieces a pinyin word can be cut into (see
    /// [`super::codes::Groups::begins_reading`]).
    pub fn new(w: &Word, pairs: &PairMap, triples: &TripleMap, begins: &dyn Fn(&[u8]) -> bool) -> WordFilter {
        let first = w.text.as_bytes().first().copied().unwrap_or(0);
        let mut f = WordFilter { reads_text: !w.ascii || w.digits, ..WordFilter::default() };
        if w.digits {
            f.letters = w.letters;
        } else if w.len == 1 && w.ascii {
            f.never = !first.is_ascii_alphanumeric();
            f.letters = w.letters;
            f.start = start_bit(first);
        } else if w.ascii {
            f.letters = w.letters;
            if !first.is_ascii_digit() {
                f.start = start_bit(first);
                // A first byte that is no letter or digit starts no reading.
                f.never = f.start == 0;
            }
            f.pair = pairs.bit(w.text.as_bytes());
            f.triple = triples.bit(w.text.as_bytes());
            let t = w.text.as_bytes();
            f.exact = !f.never && (pairs.exact(t) || triples.exact(t));
            if CUT_WORDS.contains(&t.len()) {
                let c = cuts(t, begins, pairs);
                f.cuts[..c.len()].copy_from_slice(&c);
                f.n_cuts = c.len() as u8;
            }
        } else {
            f.bits = w.bits;
        }
        f
    }

    /// Whether the title of item `i` may match the word.
    #[inline]
    pub fn may(&self, c: &Columns, i: usize) -> bool {
        if self.never {
            return false;
        }
        if self.bits != 0 && self.bits & !c.bits[i] != 0 {
            return false;
        }
        if self.letters != 0 || self.start != 0 {
            let l = c.letters[i];
            if self.letters & !l != 0 || (self.start != 0 && l & self.start == 0) {
                return false;
            }
        }
        let p = c.pairs[i];
        (self.pair == 0 || p & self.pair != 0)
            && (self.triple == 0 || c.triples[i] & self.triple != 0)
            && (self.n_cuts == 0 || self.cuts[..self.n_cuts as usize].iter().any(|&k| k & !p == 0))
    }
}

/// Whether a normalised number `n` could be found in item `i`'s number (exactly, as a
/// prefix or inside it), from the `num` column when the number is canonical.
#[inline]
pub(super) fn number_may(c: &Columns, i: usize, n: &str) -> bool {
    if c.flags[i] & CANONICAL == 0 {
        return true;
    }
    let mut buf = [0u8; 10];
    super::score::holds(decimal(c.num[i], &mut buf), n.as_bytes())
}

/// The decimal digits of `v`, written into the end of `buf`.
#[inline]
pub(super) fn decimal(mut v: u32, buf: &mut [u8; 10]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    &buf[at..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::codes::Groups;
    use crate::search::pinyin_keys::key;
    use crate::search::query::{char_bits, key_bits, Query};
    use crate::search::score::{self, in_a_row, TextRef};
    use proptest::prelude::*;

    fn columns(titles: &[&str]) -> (Columns, Vec<String>, Groups) {
        let mut c = Columns::default();
        let keys: Vec<String> = titles.iter().map(|t| key(t)).collect();
        let mut groups = Groups::default();
        for k in &keys {
            groups.encode(k, &mut Vec::new());
        }
        for (t, k) in titles.iter().zip(&keys) {
            c.push(Row {
                bits: char_bits(t),
                letters: key_bits(k),
                pairs: PairMap::default().signature(k),
                triples: TripleMap::default().signature(k),
                flags: ALIVE,
                ..Row::default()
            });
        }
        (c, keys, groups)
    }

    const TITLES: &[&str] = &[
        "关于加快老旧小区改造的提案",
        "关于优化营商环境的建议",
        "区住建局",
        "建设5G基站",
        "重庆农业银行",
        "abc路口ＡＢ",
        "（关于）",
        "",
    ];

    #[test]
    fn a_word_in_a_row_has_its_pair_in_the_signature() {
        for t in TITLES {
            let k = key(t);
            let sig = PairMap::default().signature(&k);
            for w in ["ljxq", "laojiu", "yshj", "zj", "zhuj", "5gj", "cq", "yinxing", "ab", "bc", "gz", "ougz"] {
                if in_a_row(k.as_bytes(), w.as_bytes()).is_some() {
                    let b = PairMap::default().bit(w.as_bytes());
                    assert_ne!(sig & b, 0, "{w} in {k}");
                }
            }
        }
    }

    #[test]
    fn a_word_cut_into_readings_turns_away_titles_the_triple_lets_through() {
        let titles = ["区住建局", "关于住房的建议", "在湖建设步道", "关于主干道改造的建议"];
        let (c, _, groups) = columns(&titles);
        let f = WordFilter::new(&Query::parse("zhuj").words[0], &PairMap::default(), &TripleMap::default(), &|p| {
            groups.begins_reading(p)
        });
        assert!(f.n_cuts > 0);
        // 住建 (zhu|j) and 在湖建 (z|hu|j) spell it; 住房…建议 and 主干道 only begin it.
        let may: Vec<bool> = (0..titles.len()).map(|i| f.may(&c, i)).collect();
        assert_eq!(may, [true, false, true, false]);
        assert!(groups.begins_reading(b"zhu") && !groups.begins_reading(b"zhuj") && !groups.begins_reading(b"u"));
    }

    #[test]
    fn item_ids_dense_and_sparse() {
        let mut ids = ItemIds::default();
        let all = [5i64, 6, 7, 9, 4, 1_000_000_000, -3, 8, i64::MAX, i64::MIN, 5000, 12, 3000];
        for (p, &id) in all.iter().enumerate() {
            ids.insert(id, p as u32);
        }
        for (p, &id) in all.iter().enumerate() {
            assert_eq!(ids.get(id), Some(p as u32), "{id}");
        }
        for id in [0, 10, 3, 999_999_999, -2, i64::MAX - 1] {
            assert_eq!(ids.get(id), None, "{id}");
        }
        assert!(ids.memory_bytes() > 0);
        // An id put in the map before the vector grew past it is still found.
        let mut ids = ItemIds::default();
        ids.insert(1, 0);
        ids.insert(9000, 1);
        for (p, id) in (2..=3000).enumerate() {
            ids.insert(id, p as u32 + 2);
        }
        ids.insert(9500, 9);
        assert_eq!(ids.get(9000), Some(1));
        assert_eq!(ids.get(9500), Some(9));
        assert_eq!(ids.get(9001), None);
    }

    #[test]
    fn numbers_from_the_column() {
        let mut c = Columns::default();
        c.push(Row { num: 125, flags: ALIVE | CANONICAL, ..Row::default() });
        c.push(Row { num: u32::MAX, flags: ALIVE, ..Row::default() });
        assert!(number_may(&c, 0, "25") && number_may(&c, 0, "12") && number_may(&c, 0, "125"));
        assert!(!number_may(&c, 0, "52") && !number_may(&c, 0, "1250"));
        assert!(number_may(&c, 1, "7"), "not canonical: always a candidate");
        let mut b = [0; 10];
        assert_eq!(decimal(0, &mut b), b"0");
        assert_eq!(decimal(u32::MAX - 1, &mut b), b"4294967294");
    }

    /// The prefilter never rejects a title `score::text` matches.
    fn check(title: &str, word: &str) -> Result<(), TestCaseError> {
        let (c, keys, groups) = columns(&[title]);
        let q = Query::parse(word);
        let m = crate::search::matcher::Matcher::new();
        for w in &q.words {
            let k = &keys[0];
            let f = TextRef { text: title, key: k, bits: char_bits(title), letters: key_bits(k) };
            if score::text(&m, w, f).is_some() {
                prop_assert!(
                    WordFilter::new(w, &PairMap::default(), &TripleMap::default(), &|p| groups.begins_reading(p))
                        .may(&c, 0),
                    "{:?} in {title} ({k})",
                    w.text
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn prefilter_keeps_every_match(
            title in "[老旧小区住建局重庆银行行长营商环境改造5Gab 、（）]{0,12}",
            word in "[a-z0-9老旧住建行'\\- ]{1,6}",
        ) {
            check(&title, &word)?;
        }

        #[test]
        fn prefilter_keeps_every_match_of_a_word_from_the_key(
            title in "[老旧小区住建局重庆银行行长营商环境改造5Gab 、]{1,12}",
            from in 0usize..60,
            len in 1usize..8,
        ) {
            // Words cut from the title's own key match often, so the test sees matches.
            if let Some(word) = crate::search::pinyin_keys::word_from_key(&title, from, len) {
                check(&title, &word)?;
            }
        }
    }
}
