//! The items' title keys as codes, one per character, and the walk that finds a pinyin
//! word spelled over them: [`super::score::in_a_row`] with a table lookup per character
//! where `in_a_row` compares letters.
//!
//! `in_a_row` reads a key group by group: a character's usual reading in upper case with
//! its other readings after apostrophes (`Chong'zhong`), or one byte (a letter or digit of
//! the text, a space). Titles use a few thousand such groups. Each is kept once here, and an
//! item holds its groups' codes: 4 bytes a character, against about 6 bytes of key.
//!
//! A word is turned into a [`Walk`]: for every group, the positions in the word that each
//! position reaches through one of its readings. Walking a title is then one lookup per
//! character. Where `in_a_row` spends 100–170 ns a title on a key's letters, the walk
//! spends a few ns a character.
use super::matcher::Fx;
use std::collections::HashMap;

/// One character of a title key: a byte or a group.
pub(super) type Code = u32;

/// Codes below this are one byte of the key, the byte itself; the others are groups.
const BYTES: usize = 128;
/// A group's readings taken, as [`super::score::in_a_row`] takes them.
const MAX_READINGS: usize = 8;

/// Every group the items' keys are made of, each once.
#[derive(Debug, Default)]
pub(super) struct Groups {
    /// The groups' text, side by side.
    text: String,
    /// Per group (its code less [`BYTES`]): its stretch of `text`.
    spans: Vec<(u32, u32)>,
    /// Per group: its readings in lower case, each followed by an apostrophe.
    readings: Vec<Box<[u8]>>,
    /// Groups of up to 16 bytes by their bytes as a number (read without hashing a
    /// string: an index build looks up every character of every title).
    short: HashMap<u128, Code, Fx>,
    /// Longer groups by their text.
    long: HashMap<Box<str>, Code, Fx>,
    /// Every reading of every group, lower case (for [`Groups::begins_reading`]).
    all_readings: std::collections::BTreeSet<Box<[u8]>>,
    /// The ASCII bytes seen as a code of their own (the text's letters and digits), a bit each.
    loose: u128,
}

impl Groups {
    /// Codes there are: bytes and groups.
    pub fn len(&self) -> usize {
        BYTES + self.spans.len()
    }

    /// Appends the codes of `key` to `out`, the groups `in_a_row` reads: an upper-case
    /// letter with the lower-case letters and apostrophes after it, else one ASCII byte
    /// (a non-ASCII character, which no key holds, is one group that spells nothing).
    pub fn encode(&mut self, key: &str, out: &mut Vec<Code>) {
        let b = key.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let mut j = i + 1;
            if b[i].is_ascii_uppercase() {
                // The group's bytes as a number while they are read (see `short`).
                let mut k = u128::from(b[i]);
                while j < b.len() && (b[j].is_ascii_lowercase() || b[j] == b'\'') {
                    if j - i < 16 {
                        k |= u128::from(b[j]) << (8 * (j - i));
                    }
                    j += 1;
                }
                let short = (j - i <= 16).then_some(k);
                out.push(self.intern(&key[i..j], short));
                i = j;
                continue;
            } else if b[i].is_ascii() {
                self.loose |= 1 << b[i];
                out.push(b[i] as Code);
                i = j;
                continue;
            } else {
                while !key.is_char_boundary(j) {
                    j += 1;
                }
            }
            out.push(self.intern(&key[i..j], None));
            i = j;
        }
    }

    /// The code of `group`; `short`: its bytes as a little-endian number when at most 16.
    fn intern(&mut self, group: &str, short: Option<u128>) -> Code {
        let known = match short {
            Some(k) => self.short.get(&k),
            None => self.long.get(group),
        };
        if let Some(&c) = known {
            return c;
        }
        let code = (BYTES + self.spans.len()) as Code;
        self.spans.push((self.text.len() as u32, group.len() as u32));
        self.text.push_str(group);
        let mut r = Vec::new();
        if group.as_bytes()[0].is_ascii_uppercase() {
            // The usual reading, then each other one that is not empty, as `in_a_row` reads them.
            for (k, s) in group.split('\'').enumerate() {
                if k == 0 || !s.is_empty() {
                    r.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
                    r.push(b'\'');
                }
            }
            let cut = r.iter().enumerate().filter(|(_, &b)| b == b'\'').nth(MAX_READINGS - 1).map(|(at, _)| at + 1);
            r.truncate(cut.unwrap_or(r.len()));
            for reading in r.split(|&b| b == b'\'').filter(|x| !x.is_empty()) {
                self.all_readings.insert(reading.into());
            }
        }
        self.readings.push(r.into_boxed_slice());
        match short {
            Some(k) => self.short.insert(k, code),
            None => self.long.insert(group.into(), code),
        };
        code
    }

    /// Whether some character of the items' keys spells `piece` (lower case) by a prefix of
    /// one of its readings, or by itself (a letter or digit of the text).
    pub fn begins_reading(&self, piece: &[u8]) -> bool {
        if let [b] = piece {
            if *b < 128 && self.loose & (1 << b) != 0 {
                return true;
            }
        }
        self.all_readings
            .range::<[u8], _>((std::ops::Bound::Included(piece), std::ops::Bound::Unbounded))
            .next()
            .is_some_and(|r| r.starts_with(piece))
    }

    /// The text of `code`.
    pub fn text(&self, code: Code) -> &str {
        let c = code as usize;
        if c < BYTES {
            // An ASCII byte is its own one-byte text.
            return std::str::from_utf8(&ASCII[c..c + 1]).unwrap_or("");
        }
        let (start, len) = self.spans[c - BYTES];
        &self.text[start as usize..(start + len) as usize]
    }

    /// The key the codes were made from, appended to `out`.
    pub fn write(&self, codes: &[Code], out: &mut String) {
        for &c in codes {
            out.push_str(self.text(c));
        }
    }

    /// `f` of the text of `codes` (made in a buffer on the stack when it fits).
    #[inline]
    pub fn with_text<R>(&self, codes: &[Code], f: impl FnOnce(&str) -> R) -> R {
        let mut buf = [0u8; 256];
        let mut n = 0;
        for &c in codes {
            let t = self.text(c).as_bytes();
            if n + t.len() > buf.len() {
                let mut s = String::new();
                self.write(codes, &mut s);
                return f(&s);
            }
            buf[n..n + t.len()].copy_from_slice(t);
            n += t.len();
        }
        f(std::str::from_utf8(&buf[..n]).unwrap_or(""))
    }

    /// The readings of `code`, lower case (a byte is its own reading; a space or
    /// apostrophe spells nothing).
    fn each_reading(&self, code: usize, mut f: impl FnMut(&[u8])) {
        if code < BYTES {
            let b = code as u8;
            if b != b' ' && b != b'\'' {
                f(&[b.to_ascii_lowercase()]);
            }
            return;
        }
        for r in self.readings[code - BYTES].split(|&b| b == b'\'') {
            if !r.is_empty() {
                f(r);
            }
        }
    }

    /// Bytes held, from the capacities.
    pub fn memory_bytes(&self) -> usize {
        self.text.capacity()
            + self.spans.capacity() * 8
            + self.readings.iter().map(|r| r.len() + 16).sum::<usize>()
            + self.short.capacity() * 24
            + self.long.capacity() * 24
            + self.all_readings.iter().map(|r| r.len() + 40).sum::<usize>()
            + self.long.keys().map(|k| k.len()).sum::<usize>()
    }
}

/// Every ASCII byte in order: the text of each byte code is its one-byte stretch.
const ASCII: [u8; BYTES] = {
    let mut a = [0u8; BYTES];
    let mut i = 0;
    while i < BYTES {
        a[i] = i as u8;
        i += 1;
    }
    a
};

/// One pinyin word made into a table over the index's groups (see the module comment).
#[derive(Debug)]
pub(super) struct Walk {
    /// The word's length in bytes (letters).
    n: usize,
    /// Per code: the word positions reached from none matched (where a match may start);
    /// bit `p` is "the first `p` letters are spelled".
    first: Vec<u64>,
    /// Per code, per position `p` below `n`: the positions reached from `p`.
    next: Vec<u64>,
}

impl Walk {
    /// The table of `word` (lower case ASCII) over `groups`. A word of more than 63
    /// letters spells nothing, as in `in_a_row`.
    pub fn new(word: &[u8], groups: &Groups) -> Walk {
        let n = if word.len() > 63 { 0 } else { word.len() };
        let codes = if n == 0 { 0 } else { groups.len() };
        let mut w = Walk { n, first: vec![0; codes], next: vec![0; codes * n] };
        for code in 0..codes {
            let row = &mut w.next[code * n..(code + 1) * n];
            groups.each_reading(code, |r| {
                for (p, slot) in row.iter_mut().enumerate() {
                    let l = r.iter().zip(&word[p..]).take_while(|(a, b)| a == b).count();
                    // Positions p+1 ..= p+l.
                    *slot |= ((1u64 << l) - 1) << (p + 1);
                }
            });
            w.first[code] = row.first().copied().unwrap_or(0);
        }
        w
    }

    /// Where the word is first spelled in `codes`, as `in_a_row` finds it: the codes from
    /// the first character the match can have used to the last one, end exclusive.
    #[inline]
    pub fn find(&self, codes: &[Code]) -> Option<(usize, usize)> {
        let n = self.n;
        if n == 0 {
            return None;
        }
        let done = 1u64 << n;
        let (mut reach, mut run, mut k) = (0u64, 0usize, 0usize);
        while k < codes.len() {
            let next = if reach == 0 {
                // Nothing under way: skip to the next character that can start the word.
                while k < codes.len() && self.first.get(codes[k] as usize).is_none_or(|&f| f == 0) {
                    k += 1;
                }
                let Some(&c) = codes.get(k) else { break };
                run = k;
                self.first[c as usize]
            } else {
                let c = codes[k] as usize;
                let row = self.next.get(c * n..(c + 1) * n).unwrap_or_default();
                let mut from = reach | 1;
                let mut next = 0;
                while from != 0 {
                    let p = from.trailing_zeros() as usize;
                    from &= from - 1;
                    next |= row.get(p).copied().unwrap_or(0);
                }
                next
            };
            if next & done != 0 {
                return Some((run.max((k + 1).saturating_sub(n)), k + 1));
            }
            reach = next;
            k += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pinyin_keys::key;
    use crate::search::score::in_a_row;
    use proptest::prelude::*;

    /// The walk finds what `in_a_row` finds, and the same window of the key.
    fn same(title: &str, word: &str) -> Result<(), TestCaseError> {
        let k = key(title);
        let mut g = Groups::default();
        let mut codes = Vec::new();
        g.encode(&k, &mut codes);
        let mut back = String::new();
        g.write(&codes, &mut back);
        prop_assert_eq!(&back, &k);
        let walk = Walk::new(word.as_bytes(), &g);
        let by_key = in_a_row(k.as_bytes(), word.as_bytes()).map(|(a, b)| &k[a..b]);
        let by_codes = walk.find(&codes).map(|(a, b)| {
            let mut s = String::new();
            g.write(&codes[a..b], &mut s);
            s
        });
        prop_assert_eq!(by_key, by_codes.as_deref(), "{} in {} ({})", word, title, k);
        Ok(())
    }

    #[test]
    fn known_words() {
        for (t, w) in [
            ("关于加快老旧小区改造的提案", "ljxq"),
            ("关于加快老旧小区改造的提案", "laojiu"),
            ("关于加快老旧小区改造的提案", "xqg"),
            ("区住建局", "zhuj"),
            ("区住建局", "zj"),
            ("重庆农业银行", "chongqing"),
            ("重庆农业银行", "yinxing"),
            ("建设5G基站", "5gj"),
            ("abc路口ＡＢ", "bc"),
            ("abc路口ＡＢ", "ab"),
            ("", "ab"),
            ("区住建局", ""),
        ] {
            same(t, w).unwrap();
        }
    }

    #[test]
    fn groups_are_kept_once() {
        let mut g = Groups::default();
        let mut codes = Vec::new();
        g.encode(&key("住建住建"), &mut codes);
        assert_eq!(codes.len(), 4);
        assert_eq!(codes[0], codes[2]);
        assert_eq!(g.len(), BYTES + 2);
        g.encode("中é", &mut codes);
        assert_eq!(g.text(codes[5]), "é");
        assert!(Walk::new(b"e", &g).find(&codes[5..]).is_none(), "a character that is no reading spells nothing");
    }

    proptest! {
        #[test]
        fn walk_is_in_a_row(
            title in "[老旧小区住建局重庆银行行长营商环境改造长乐5Gab 、（）]{0,14}",
            word in "[a-z0-9]{1,7}",
        ) {
            same(&title, &word)?;
        }

        #[test]
        fn walk_is_in_a_row_for_words_from_the_key(
            title in "[老旧小区住建局重庆银行行长营商环境改造长乐5Gab 、]{1,14}",
            from in 0usize..80,
            len in 1usize..9,
        ) {
            if let Some(word) = crate::search::pinyin_keys::word_from_key(&title, from, len) {
                same(&title, &word)?;
            }
        }
    }
}
