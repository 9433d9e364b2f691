//! The letter-pair and letter-triple signatures of a title's pinyin key, and which of their
//! 128 bits each pair or triple sets.
//!
//! A pinyin word of two or more letters spells characters side by side
//! ([`super::score::in_a_row`]), each by a prefix of one reading, so its first two letters are
//! the first two letters of a reading or the first letters of two readings side by side. A
//! title whose signature lacks the word's pair cannot match, and is turned away before its key
//! is read.
//!
//! With a fixed hash, a rare pair shares its bit with pairs nearly every title has (`ys`
//! with the `sh` of 是 and 商: 82% of titles let `ys` through, 6% match). So the index counts
//! the pairs of its first titles and gives each bit an even share: the most frequent pairs
//! a bit each, the rest to the least loaded bits ([`PairMap::tuned`]). Then `ys` lets through
//! the titles that spell it and about one in five of the others.
//!
//! A word of three letters or more is also asked for its first three ([`TripleMap`]). On a
//! generated 100k ledger, `ch` (城, 产, 重…) lets 46% of the titles through and `cho`, by the
//! pair alone, the same 46%; by the triple, 29%, of which 13% spell it. The key went from
//! 9–11 to 6–7 ms. A title has many more triples than pairs, so each bit is shared more
//! widely; the cost is one more 16-byte column, signed in the same pass over the key.

/// A 128-bit set of the letter pairs (or triples) a title's pinyin can begin a word with.
pub(super) type PairSig = u128;

/// Letters and digits: the 36 symbols a pair is made of.
const SYMBOLS: usize = 36;
/// Titles counted before the maps are tuned.
pub(super) const SAMPLE: usize = 4096;

/// Which bit each letter pair sets.
pub(super) type PairMap = GramMap<2>;
/// Which bit each letter triple sets: the first three letters of a word of three or more,
/// for the third and fourth key of a pinyin word (`cho` after `ch`, where nearly every title
/// has the pair and the triple sets apart the titles that can spell it).
pub(super) type TripleMap = GramMap<3>;

/// Which bit of a signature each run of `N` letters (a pair, a triple) sets.
#[derive(Debug, Clone)]
pub(super) struct GramMap<const N: usize> {
    bit: Vec<u8>,
    /// The bits that one run alone sets (see [`GramMap::exact`]).
    alone: PairSig,
}

impl<const N: usize> Default for GramMap<N> {
    /// The fixed hash, until the index has counted its titles.
    fn default() -> Self {
        Self::new((0..Self::SLOTS).map(Self::hashed).collect())
    }
}

impl<const N: usize> GramMap<N> {
    /// Every run of `N` symbols.
    const SLOTS: usize = SYMBOLS.pow(N as u32);

    /// A map that spreads the runs of `keys` (a sample of titles' keys) evenly over the bits.
    pub fn tuned<'a>(keys: impl Iterator<Item = &'a str>) -> Self {
        let count = count_slots(keys, Self::SLOTS, |key, f| Self::for_each(key, f));
        Self::new(spread(&count, Self::hashed))
    }

    fn new(bit: Vec<u8>) -> Self {
        let mut runs = [0u32; 128];
        for &b in &bit {
            runs[b as usize] += 1;
        }
        let alone = (0..128).filter(|&b| runs[b] == 1).fold(0, |a, b| a | 1 << b);
        GramMap { bit, alone }
    }

    /// Whether `letters` is a whole word of `N` letters whose bit no other run sets: then a
    /// signature with the bit is a title that spells the word (its runs are the shapes
    /// [`super::score::in_a_row`] finds a word of `N` letters in), and counting the title
    /// needs no walk over it. A tuned map gives the most frequent runs a bit each.
    #[inline]
    pub fn exact(&self, letters: &[u8]) -> bool {
        letters.len() == N && self.bit(letters) & self.alone != 0
    }

    /// The bit of the first `N` bytes of `letters` (ASCII letters or digits, any case), or 0
    /// (fewer, or one is no letter or digit).
    #[inline]
    pub fn bit(&self, letters: &[u8]) -> PairSig {
        let slot = letters.get(..N).and_then(|l| l.iter().try_fold(0, |s, &x| Some(s * SYMBOLS + symbol(x)?)));
        slot.map_or(0, |p| 1 << self.bit[p])
    }

    /// The runs a pinyin word can begin with in `key` (the index signs both at once with
    /// [`signatures`]).
    #[cfg(test)]
    pub fn signature(&self, key: &str) -> PairSig {
        let mut sig: PairSig = 0;
        Self::for_each(key, &mut |p| sig |= 1 << self.bit[p]);
        sig
    }

    /// [`for_each_gram`]'s pairs or triples.
    fn for_each(key: &str, f: &mut dyn FnMut(usize)) {
        match N {
            2 => for_each_gram(key, f, |_| {}),
            _ => for_each_gram(key, |_| {}, f),
        }
    }

    /// The fixed hash of slot `p` (a multiply-shift into 7 bits).
    fn hashed(p: usize) -> u8 {
        let x = match N {
            2 => ((p / SYMBOLS) * 37 + p % SYMBOLS + 1) as u32,
            _ => p as u32 + 1,
        };
        (x.wrapping_mul(0x9E37_79B1) >> 25) as u8
    }
}

/// In how many of `keys` each of `slots` slots occurs (`per_key` calls back with a key's
/// slots, repeats included).
fn count_slots<'a>(
    keys: impl Iterator<Item = &'a str>,
    slots: usize,
    per_key: impl Fn(&str, &mut dyn FnMut(usize)),
) -> Vec<u32> {
    let mut count = vec![0u32; slots];
    // The last key each slot was counted for (a slot counts once per key).
    let mut last = vec![u32::MAX; slots];
    for (k, key) in keys.enumerate() {
        let k = k as u32;
        per_key(key, &mut |p| {
            if last[p] != k {
                last[p] = k;
                count[p] += 1;
            }
        });
    }
    count
}

/// A bit for each slot, spread by `count`: each slot, most frequent first, to the bit with
/// the least load so far (the load of a bit: how many of the sampled titles its slots were
/// in, summed); slots no sampled title has, by `hashed` over the lighter half of the bits.
fn spread(count: &[u32], hashed: fn(usize) -> u8) -> Vec<u8> {
    use std::cmp::Reverse;
    let mut order: Vec<usize> = (0..count.len()).filter(|&p| count[p] > 0).collect();
    order.sort_by_key(|&p| (Reverse(count[p]), p));
    // The bits by (load, bit), least first.
    let mut bits: std::collections::BinaryHeap<Reverse<(u64, u8)>> = (0..128u8).map(|b| Reverse((0, b))).collect();
    let mut bit: Vec<u8> = (0..count.len()).map(hashed).collect();
    for p in order {
        if let Some(Reverse((load, b))) = bits.pop() {
            bit[p] = b;
            bits.push(Reverse((load + u64::from(count[p]), b)));
        }
    }
    let mut light: Vec<(u64, u8)> = bits.into_iter().map(|Reverse(x)| x).collect();
    light.sort_unstable();
    light.truncate(64);
    for (p, b) in bit.iter_mut().enumerate() {
        if count[p] == 0 {
            *b = light[hashed(p) as usize % light.len()].1;
        }
    }
    bit
}

/// A letter's or digit's place among the symbols (letters any case), or `None`.
#[inline]
fn symbol(x: u8) -> Option<usize> {
    match x {
        b'a'..=b'z' => Some((x - b'a') as usize),
        b'A'..=b'Z' => Some((x - b'A') as usize),
        b'0'..=b'9' => Some((x - b'0') as usize + 26),
        _ => None,
    }
}

/// Readings a group holds at most (as [`super::score::in_a_row`] reads them).
const READINGS: usize = 8;
/// No symbol: past a reading's end, or a byte that is no letter or digit.
const NO: u8 = u8::MAX;

/// The readings of one character group: the first three letters of each as symbols
/// ([`symbol`], [`NO`] for none).
#[derive(Clone, Copy)]
struct Group {
    heads: [[u8; 3]; READINGS],
    n: u8,
}

impl Group {
    const EMPTY: Group = Group { heads: [[NO; 3]; READINGS], n: 0 };

    #[inline]
    fn heads(&self) -> &[[u8; 3]] {
        &self.heads[..self.n as usize]
    }

    #[inline]
    fn push(&mut self, key: &[u8], from: usize, to: usize) {
        if (self.n as usize) < READINGS && to > from {
            let at = |k: usize| if from + k < to { symbol(key[from + k]).map_or(NO, |s| s as u8) } else { NO };
            self.heads[self.n as usize] = [at(0), at(1), at(2)];
            self.n += 1;
        }
    }
}

/// Every letter pair (`pair`, as its slot) and triple (`triple`) a pinyin word can begin
/// with in `key`. A word spells characters side by side, each by a prefix of a reading
/// ([`super::score::in_a_row`], whose grouping of the key this follows), so its first two
/// letters are two of one reading or the first letters of two characters side by side, and
/// its first three are three of one reading, two of one and the first of the next, the
/// first of one and two of the next, or the first letters of three characters side by side.
fn for_each_gram(key: &str, mut pair: impl FnMut(usize), mut triple: impl FnMut(usize)) {
    let key = key.as_bytes();
    let s = |x: u8| x as usize;
    let slot2 = |a: u8, b: u8| s(a) * SYMBOLS + s(b);
    let slot3 = |a: u8, b: u8, c: u8| (s(a) * SYMBOLS + s(b)) * SYMBOLS + s(c);
    // The groups one and two before this one (emptied at a space or a lone apostrophe,
    // which no word spans).
    let (mut p1, mut p2) = (Group::EMPTY, Group::EMPTY);
    let mut i = 0;
    while i < key.len() {
        let b = key[i];
        if b == b' ' || b == b'\'' {
            (p1.n, p2.n) = (0, 0);
            i += 1;
            continue;
        }
        // One group: its usual reading and any 'others, or a letter or digit of the text.
        let mut g = Group::EMPTY;
        let mut j = i + 1;
        if b.is_ascii_uppercase() {
            while j < key.len() && key[j].is_ascii_lowercase() {
                j += 1;
            }
            g.push(key, i, j);
            while j < key.len() && key[j] == b'\'' {
                let start = j + 1;
                j = start;
                while j < key.len() && key[j].is_ascii_lowercase() {
                    j += 1;
                }
                g.push(key, start, j);
            }
        } else {
            g.push(key, i, j);
        }
        for &[r0, r1, r2] in g.heads() {
            if r0 == NO {
                continue;
            }
            if r1 != NO {
                pair(slot2(r0, r1));
                if r2 != NO {
                    triple(slot3(r0, r1, r2));
                }
            }
            for &[q0, q1, _] in p1.heads() {
                if q0 == NO {
                    continue;
                }
                pair(slot2(q0, r0));
                if q1 != NO {
                    triple(slot3(q0, q1, r0));
                }
                if r1 != NO {
                    triple(slot3(q0, r0, r1));
                }
                for &[o0, _, _] in p2.heads() {
                    if o0 != NO {
                        triple(slot3(o0, q0, r0));
                    }
                }
            }
        }
        p2 = p1;
        p1 = g;
        i = j;
    }
}

/// Ways of cutting a word that [`cuts`] keeps at most (beyond, the test is left out).
pub(super) const MAX_CUTS: usize = 16;
/// Pieces [`cuts`] asks `begins` about at most, so a long word costs a search little.
const MAX_PIECES: usize = 256;

/// What the pair signature of a title that spells `word` must hold, one set of bits per way
/// of cutting the word into pieces that each begin a reading (`begins`): every piece's
/// first two letters (two letters of one reading) and every two pieces' first letters side
/// by side (the first letters of two characters side by side), as [`for_each_gram`] signs
/// them. A title that holds none of the sets cannot spell the word: `zhuj` is 住|建 (zj) or
/// 在|湖|建 (hj), where the pair and the triple let through every title with 住 or 主.
/// Empty (no test) when some way asks nothing, when there is none, or more than
/// [`MAX_CUTS`] (or [`MAX_PIECES`] pieces were asked about).
pub(super) fn cuts(word: &[u8], begins: &dyn Fn(&[u8]) -> bool, pairs: &PairMap) -> Vec<PairSig> {
    let asked = std::cell::Cell::new(0usize);
    let begins = |piece: &[u8]| {
        asked.set(asked.get() + 1);
        begins(piece)
    };
    #[allow(clippy::too_many_arguments)]
    fn go(
        word: &[u8],
        at: usize,
        last: Option<u8>,
        sig: PairSig,
        begins: &dyn Fn(&[u8]) -> bool,
        asked: &std::cell::Cell<usize>,
        pairs: &PairMap,
        out: &mut Vec<PairSig>,
    ) -> bool {
        if at == word.len() {
            out.push(sig);
            return out.len() <= MAX_CUTS;
        }
        for end in at + 1..=word.len() {
            let piece = &word[at..end];
            if asked.get() > MAX_PIECES {
                return false;
            }
            if !begins(piece) {
                // No reading begins with a longer piece either.
                break;
            }
            let mut s = sig | pairs.bit(piece);
            if let Some(l) = last {
                s |= pairs.bit(&[l, piece[0]]);
            }
            if !go(word, end, Some(piece[0]), s, begins, asked, pairs, out) {
                return false;
            }
        }
        true
    }
    let mut out = Vec::new();
    if !go(word, 0, None, 0, &begins, &asked, pairs, &mut out) {
        return Vec::new();
    }
    // A set that holds another asks more of a title for nothing.
    out.sort_unstable_by_key(|s| s.count_ones());
    let mut kept: Vec<PairSig> = Vec::new();
    for s in out {
        if !kept.iter().any(|&k| k & !s == 0) {
            kept.push(s);
        }
    }
    if kept.len() < 2 && kept.first().is_none_or(|&k| k == 0) || kept.contains(&0) {
        return Vec::new();
    }
    kept
}

/// Both signatures of `key` in one pass: ([`PairMap::signature`], [`TripleMap::signature`]).
pub(super) fn signatures(pairs: &PairMap, triples: &TripleMap, key: &str) -> (PairSig, PairSig) {
    let (mut p, mut t): (PairSig, PairSig) = (0, 0);
    for_each_gram(key, |s| p |= 1 << pairs.bit[s], |s| t |= 1 << triples.bit[s]);
    (p, t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pinyin_keys::key;
    use crate::search::score::in_a_row;

    const TITLES: &[&str] = &[
        "关于加快老旧小区改造的提案",
        "关于优化营商环境的建议",
        "关于是否加强商业管理的建议",
        "区住建局",
        "建设5G基站",
        "重庆农业银行",
        "abc路口ＡＢ",
    ];

    #[test]
    fn a_tuned_map_keeps_every_pair_a_word_begins_with() {
        let keys: Vec<String> = TITLES.iter().map(|t| key(t)).collect();
        let tuned = PairMap::tuned(keys.iter().map(|k| k.as_str()));
        for k in &keys {
            let sig = tuned.signature(k);
            for w in ["ljxq", "yshj", "zj", "zhuj", "5gj", "cq", "yinxing", "ab", "gz", "sh", "ys", "qz"] {
                if in_a_row(k.as_bytes(), w.as_bytes()).is_some() {
                    assert_ne!(sig & tuned.bit(w.as_bytes()), 0, "{w} in {k}");
                }
            }
        }
    }

    #[test]
    fn a_tuned_map_keeps_every_triple_a_word_begins_with() {
        let keys: Vec<String> = TITLES.iter().map(|t| key(t)).collect();
        let tuned = TripleMap::tuned(keys.iter().map(|k| k.as_str()));
        for map in [TripleMap::default(), tuned] {
            for k in &keys {
                let sig = map.signature(k);
                for w in
                    ["ljxq", "yshj", "zhuj", "5gj", "cqn", "yinxing", "abc", "bcl", "zjj", "chon", "qzj", "ljx", "gyj"]
                {
                    if in_a_row(k.as_bytes(), w.as_bytes()).is_some() {
                        let w = w.as_bytes();
                        assert_ne!(sig & map.bit(w), 0, "{} in {k}", String::from_utf8_lossy(w));
                    }
                }
            }
        }
    }

    #[test]
    fn a_triple_tells_titles_apart_that_the_pair_does_not() {
        // ch: 重 (chong) and 城 (cheng) both; cho: only 重.
        let (a, b) = (key("重庆农业银行"), key("城市建设"));
        let pairs = PairMap::default();
        assert_ne!(pairs.signature(&a) & pairs.bit(b"ch"), 0);
        assert_ne!(pairs.signature(&b) & pairs.bit(b"ch"), 0);
        let t = TripleMap::tuned([a.as_str(), b.as_str()].into_iter());
        assert_ne!(t.signature(&a) & t.bit(b"cho"), 0);
        assert_eq!(t.signature(&b) & t.bit(b"cho"), 0);
        assert_eq!(t.bit(b"CHO"), t.bit(b"cho"));
        assert_eq!(t.bit(b"c-o"), 0);
    }

    /// A word of two or three letters whose bit is its own is in a signature exactly when
    /// `in_a_row` spells it (every run of every title, with the map tuned on those titles).
    #[test]
    fn a_bit_of_its_own_is_a_match() {
        let titles =
            [TITLES, &["长江路交通", "城市出行", "住房和城乡建设局", "重点项目", "营商环境优化", "ab 路"]].concat();
        let keys: Vec<String> = titles.iter().map(|t| key(t)).collect();
        let pairs = PairMap::tuned(keys.iter().map(|k| k.as_str()));
        let triples = TripleMap::tuned(keys.iter().map(|k| k.as_str()));
        let letters: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').collect();
        let (mut exact, mut checked) = (0, 0);
        for k in &keys {
            let (p, t) = signatures(&pairs, &triples, k);
            for &a in &letters {
                for &b in &letters {
                    let w = [a, b];
                    if pairs.exact(&w) {
                        exact += 1;
                        assert_eq!(p & pairs.bit(&w) != 0, in_a_row(k.as_bytes(), &w).is_some(), "{w:?} in {k}");
                    }
                    for &c in &letters[..26] {
                        let w = [a, b, c];
                        if triples.exact(&w) {
                            checked += 1;
                            assert_eq!(t & triples.bit(&w) != 0, in_a_row(k.as_bytes(), &w).is_some(), "{w:?} in {k}");
                        }
                    }
                }
            }
        }
        assert!(exact > 0 && checked > 0, "{exact} {checked}");
        assert!(!PairMap::default().exact(b"zj"), "the fixed hash shares every bit");
        assert!(!pairs.exact(b"zjx") && !pairs.exact(b"z"));
    }

    #[test]
    fn a_rare_pair_no_longer_shares_the_bit_of_a_common_one() {
        // With the fixed hash ys and sh share a bit; tuned on titles where sh is everywhere,
        // they do not.
        let d = PairMap::default();
        assert_eq!(d.bit(b"ys"), d.bit(b"sh"));
        let keys: Vec<String> = TITLES.iter().map(|t| key(t)).collect();
        let tuned = PairMap::tuned(keys.iter().map(|k| k.as_str()));
        assert_ne!(tuned.bit(b"ys"), tuned.bit(b"sh"));
        assert_eq!(tuned.bit(b"YS"), tuned.bit(b"ys"));
        assert_eq!(tuned.bit(b"-s"), 0);
    }
}
