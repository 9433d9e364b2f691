//! The query parser: words separated by spaces, each with what the prefilters need.
use super::pinyin_keys::half_width;
use crate::domain::item::normalize_number;

/// Words beyond this are ignored (a pasted paragraph must not stall the screen).
pub const MAX_WORDS: usize = 8;
/// Characters of one word beyond this are ignored.
pub const MAX_WORD_CHARS: usize = 48;

/// One word of a query. Every word must match some field of a result, in any order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower case, full-width ASCII turned half-width.
    pub text: String,
    /// Characters in `text`.
    pub len: usize,
    /// Only ASCII: matched against pinyin keys (and ASCII in the text) instead of the text.
    pub ascii: bool,
    /// Only ASCII digits: matched against the text's own digits.
    pub digits: bool,
    /// The word read as an item number (`第025号` → `25`), when it holds a digit.
    pub number: Option<String>,
    /// Prefilter bits of its characters (see [`char_bits`]).
    pub bits: u128,
    /// Prefilter bits of its ASCII letters and digits (see [`ascii_bits`]).
    pub letters: u64,
}

impl Word {
    fn new(text: String) -> Word {
        let len = text.chars().count();
        let ascii = text.is_ascii();
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        let number =
            text.chars().any(|c| c.is_ascii_digit()).then(|| normalize_number(&text)).filter(|n| !n.is_empty());
        let bits = char_bits(&text);
        let letters = ascii_bits(&text);
        Word { text, len, ascii, digits, number, bits, letters }
    }

    /// Whether every document this word matches is also matched by `shorter` (so the
    /// hits of `shorter` can be searched for this word).
    pub fn narrows(&self, shorter: &Word) -> bool {
        if !self.text.starts_with(&shorter.text) || self.ascii != shorter.ascii {
            return false;
        }
        match (&self.number, &shorter.number) {
            (_, None) => self.number.is_none(),
            (Some(a), Some(b)) => a.contains(b.as_str()),
            (None, Some(_)) => false,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub words: Vec<Word>,
}

impl Query {
    /// Parses what the clerk typed. Never fails: control characters are dropped, and
    /// words and characters beyond the limits are ignored.
    pub fn parse(input: &str) -> Query {
        let mut words = Vec::new();
        let mut cur = String::new();
        let mut n = 0;
        let flush = |cur: &mut String, n: &mut usize, words: &mut Vec<Word>| {
            if !cur.is_empty() && words.len() < MAX_WORDS {
                words.push(Word::new(std::mem::take(cur)));
            }
            cur.clear();
            *n = 0;
        };
        for c in input.chars().map(half_width) {
            if c.is_whitespace() {
                flush(&mut cur, &mut n, &mut words);
            } else if !c.is_control() && n < MAX_WORD_CHARS {
                cur.push(c.to_ascii_lowercase());
                n += 1;
            }
            if words.len() >= MAX_WORDS {
                break;
            }
        }
        flush(&mut cur, &mut n, &mut words);
        Query { words }
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every result of this query is a result of `shorter`: each of its words
    /// narrows the word at the same place (this query may add words).
    pub fn narrows(&self, shorter: &Query) -> bool {
        !shorter.is_empty()
            && self.words.len() >= shorter.words.len()
            && self.words.iter().zip(&shorter.words).all(|(a, b)| a.narrows(b))
    }

    /// The words, for comparing two queries ("住建 " is the same query as "住建").
    pub fn same_as(&self, other: &Query) -> bool {
        self.words.len() == other.words.len() && self.words.iter().zip(&other.words).all(|(a, b)| a.text == b.text)
    }
}

/// A 128-bit set of a text's characters (hashed): if a word's bits are not all in a
/// field's bits, the field cannot contain the word's characters and the matcher is skipped.
pub fn char_bits(text: &str) -> u128 {
    text.chars().fold(0u128, |acc, c| acc | char_bit(c))
}

/// The bit of one character (ASCII letters by their lower case).
#[inline]
pub fn char_bit(c: char) -> u128 {
    let c = half_width(c).to_ascii_lowercase() as u32;
    // Multiplicative hashing spreads neighbouring code points (CJK are dense) over the bits.
    1u128 << (c.wrapping_mul(0x9E37_79B1) >> 25)
}

/// A 64-bit set of ASCII letters (bits 0–25) and digits (bits 26–35) in a text.
pub fn ascii_bits(text: &str) -> u64 {
    text.bytes().fold(0u64, |acc, b| match b {
        b'a'..=b'z' => acc | 1 << (b - b'a'),
        b'A'..=b'Z' => acc | 1 << (b - b'A'),
        b'0'..=b'9' => acc | 1 << (26 + b - b'0'),
        _ => acc,
    })
}

/// The bits of a pinyin key: [`ascii_bits`], and in bits 36–61 the letters that start a
/// reading (a syllable start, a reading after `'`, a letter of the text itself): a pinyin
/// word's first letter must be one of them.
pub fn key_bits(key: &str) -> u64 {
    let mut bits = ascii_bits(key);
    let mut in_syllable = false;
    let mut prev = b' ';
    for b in key.bytes() {
        let start = if b.is_ascii_uppercase() {
            in_syllable = true;
            true
        } else if b.is_ascii_lowercase() {
            prev == b'\'' || !in_syllable
        } else {
            if b != b'\'' {
                in_syllable = false;
            }
            false
        };
        if start {
            bits |= 1 << (36 + (b.to_ascii_lowercase() - b'a'));
        }
        prev = b;
    }
    bits
}

/// The digit bits [`key_bits`] would give the key of `text` (its digits, full-width ones
/// included), read from the text alone.
pub fn digit_bits(text: &str) -> u64 {
    text.chars().map(super::pinyin_keys::half_width).fold(0u64, |acc, c| match c {
        '0'..='9' => acc | 1 << (26 + c as u8 - b'0'),
        _ => acc,
    })
}

/// The bit [`key_bits`] sets when a reading starts with `first` (digits: always set).
#[inline]
pub fn start_bit(first: u8) -> u64 {
    if first.is_ascii_lowercase() {
        1 << (36 + (first - b'a'))
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_any_space() {
        let q = Query::parse(" 住建\u{3000}老旧  ");
        assert_eq!(q.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["住建", "老旧"]);
        assert!(Query::parse("住建 ").same_as(&Query::parse("住建")));
    }

    #[test]
    fn numbers_are_read_from_any_form() {
        assert_eq!(Query::parse("第025号").words[0].number.as_deref(), Some("25"));
        assert_eq!(Query::parse("０２５").words[0].number.as_deref(), Some("25"));
        assert_eq!(Query::parse("老旧").words[0].number, None);
    }

    #[test]
    fn narrowing_is_only_allowed_when_safe() {
        let p = Query::parse;
        assert!(p("ljx").narrows(&p("lj")));
        assert!(p("住建 老").narrows(&p("住建")));
        assert!(!p("lj").narrows(&p("ljx")));
        // 0 → 02 reads as number 2, which is no narrowing of 0.
        assert!(!p("02").narrows(&p("0")));
        assert!(p("25").narrows(&p("2")));
        assert!(!p("第2").narrows(&p("第")));
        assert!(!p("zhu住").narrows(&p("zhu")));
    }

    #[test]
    fn digit_bits_agree_with_the_key() {
        for t in ["第25号", "第２５号", "5G基站", "无"] {
            let k = crate::search::pinyin_keys::key(t);
            assert_eq!(digit_bits(t), key_bits(&k) & (0x3ff << 26), "{t}");
        }
    }

    #[test]
    fn reading_starts() {
        let k = crate::search::pinyin_keys::key("小区5g");
        let b = key_bits(&k);
        for c in [b'x', b'q', b'o', b'g'] {
            assert_ne!(b & start_bit(c), 0, "{}", c as char);
        }
        for c in [b'i', b'u', b'a'] {
            assert_eq!(b & start_bit(c), 0, "{}", c as char);
        }
    }

    #[test]
    fn control_characters_and_huge_input() {
        let q = Query::parse("\u{7}老\u{1b}[旧");
        assert_eq!(q.words[0].text, "老[旧");
        let big = "很".repeat(100_000) + " a b c d e f g h i j k";
        let q = Query::parse(&big);
        assert_eq!(q.words.len(), MAX_WORDS);
        assert_eq!(q.words[0].len, MAX_WORD_CHARS);
    }
}
