//! The letter-pair signature of a title's pinyin key, and which of its 128 bits each pair
//! sets.
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

/// A 128-bit set of the letter pairs a title's pinyin can begin a word with.
pub(super) type PairSig = u128;

/// Letters and digits: the 36 symbols a pair is made of.
const SYMBOLS: usize = 36;
/// Titles counted before the map is tuned.
pub(super) const SAMPLE: usize = 4096;

/// Which bit each letter pair sets.
#[derive(Debug, Clone)]
pub(super) struct PairMap {
    bit: Vec<u8>,
}

impl Default for PairMap {
    /// The fixed hash, until the index has counted its titles.
    fn default() -> PairMap {
        PairMap { bit: (0..SYMBOLS * SYMBOLS).map(hashed).collect() }
    }
}

impl PairMap {
    /// A map that spreads the pairs of `keys` (a sample of titles' keys) evenly over the bits.
    pub fn tuned<'a>(keys: impl Iterator<Item = &'a str>) -> PairMap {
        let mut count = vec![0u32; SYMBOLS * SYMBOLS];
        let mut seen: Vec<usize> = Vec::new();
        for key in keys {
            seen.clear();
            for_each_pair(key, |a, b| seen.extend(slot_pair(a, b)));
            seen.sort_unstable();
            seen.dedup();
            for &p in &seen {
                count[p] += 1;
            }
        }
        let mut order: Vec<usize> = (0..count.len()).filter(|&p| count[p] > 0).collect();
        order.sort_by_key(|&p| (std::cmp::Reverse(count[p]), p));
        // Each pair, most frequent first, to the bit with the least load so far (the load of
        // a bit: how many of the sampled titles its pairs were in, summed).
        let mut load = [0u64; 128];
        let mut bit: Vec<u8> = (0..SYMBOLS * SYMBOLS).map(hashed).collect();
        for p in order {
            let b = (0..128).min_by_key(|&b| (load[b], b)).unwrap_or(0);
            bit[p] = b as u8;
            load[b] += u64::from(count[p]);
        }
        // Pairs no sampled title has: spread over the lighter half of the bits.
        let mut light: Vec<u8> = (0..128u8).collect();
        light.sort_by_key(|&b| (load[b as usize], b));
        light.truncate(64);
        for (p, b) in bit.iter_mut().enumerate() {
            if count[p] == 0 {
                *b = light[hashed(p) as usize % light.len()];
            }
        }
        PairMap { bit }
    }

    /// The bit of the letter pair `a`, `b` (ASCII letters or digits, any case), or 0.
    #[inline]
    pub fn bit(&self, a: u8, b: u8) -> PairSig {
        match slot_pair(a, b) {
            Some(p) => 1 << self.bit[p],
            None => 0,
        }
    }

    /// The pairs a pinyin word can begin with in `key`.
    pub fn signature(&self, key: &str) -> PairSig {
        let mut sig: PairSig = 0;
        for_each_pair(key, |a, b| sig |= self.bit(a, b));
        sig
    }
}

/// The fixed hash of pair `p` (a multiply-shift into 7 bits).
fn hashed(p: usize) -> u8 {
    let (a, b) = ((p / SYMBOLS) as u32, (p % SYMBOLS) as u32);
    ((a * 37 + b + 1).wrapping_mul(0x9E37_79B1) >> 25) as u8
}

/// The pair's place in the map (letters any case, digits), or `None`.
#[inline]
fn slot_pair(a: u8, b: u8) -> Option<usize> {
    let slot = |x: u8| match x {
        b'a'..=b'z' => Some((x - b'a') as usize),
        b'A'..=b'Z' => Some((x - b'A') as usize),
        b'0'..=b'9' => Some((x - b'0') as usize + 26),
        _ => None,
    };
    Some(slot(a)? * SYMBOLS + slot(b)?)
}

/// Every letter pair a pinyin word can begin with in `key`: the first two letters of each
/// reading, and the first letters of the readings of two characters side by side. Characters
/// are grouped exactly as [`super::score::in_a_row`] groups them.
pub(super) fn for_each_pair(key: &str, mut f: impl FnMut(u8, u8)) {
    let key = key.as_bytes();
    // First letters of the readings of the group before (cleared at a space).
    let mut prev: [u8; 8] = [0; 8];
    let mut n_prev = 0usize;
    let mut i = 0;
    while i < key.len() {
        let b = key[i];
        if b == b' ' || b == b'\'' {
            n_prev = 0;
            i += 1;
            continue;
        }
        let mut firsts: [u8; 8] = [0; 8];
        let mut n = 0usize;
        let mut reading = |from: usize, to: usize, firsts: &mut [u8; 8], n: &mut usize| {
            if to > from + 1 {
                f(key[from], key[from + 1]);
            }
            if to > from {
                for &p in &prev[..n_prev] {
                    f(p, key[from]);
                }
                if *n < firsts.len() {
                    firsts[*n] = key[from];
                    *n += 1;
                }
            }
        };
        let mut j = i + 1;
        if b.is_ascii_uppercase() {
            while j < key.len() && key[j].is_ascii_lowercase() {
                j += 1;
            }
            reading(i, j, &mut firsts, &mut n);
            while j < key.len() && key[j] == b'\'' {
                let start = j + 1;
                j = start;
                while j < key.len() && key[j].is_ascii_lowercase() {
                    j += 1;
                }
                reading(start, j, &mut firsts, &mut n);
            }
        } else {
            reading(i, j, &mut firsts, &mut n);
        }
        prev = firsts;
        n_prev = n;
        i = j;
    }
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
                    assert_ne!(sig & tuned.bit(w.as_bytes()[0], w.as_bytes()[1]), 0, "{w} in {k}");
                }
            }
        }
    }

    #[test]
    fn a_rare_pair_no_longer_shares_the_bit_of_a_common_one() {
        // With the fixed hash ys and sh share a bit; tuned on titles where sh is everywhere,
        // they do not.
        let d = PairMap::default();
        assert_eq!(d.bit(b'y', b's'), d.bit(b's', b'h'));
        let keys: Vec<String> = TITLES.iter().map(|t| key(t)).collect();
        let tuned = PairMap::tuned(keys.iter().map(|k| k.as_str()));
        assert_ne!(tuned.bit(b'y', b's'), tuned.bit(b's', b'h'));
        assert_eq!(tuned.bit(b'Y', b'S'), tuned.bit(b'y', b's'));
        assert_eq!(tuned.bit(b'-', b's'), 0);
    }
}
