//! Scoring one word against one field. Scores are tiers plus the fuzzy score inside a
//! tier, so an exact item number ranks first, then exact names, then name prefixes, then
//! fuzzy matches by the matcher's score. A query's score is the sum over its words.
use super::matcher::Matcher;
use super::query::Word;

/// The word is the item's number (25 = 第25号 = 025 = 0025).
pub const NUMBER_EXACT: i64 = 9_000_000;
/// The item's number starts with the word.
pub const NUMBER_PREFIX: i64 = 8_000_000;
/// The word is a person's or unit's name (or its pinyin, or its initials).
pub const NAME_EXACT: i64 = 7_000_000;
/// A person's or unit's name starts with the word.
pub const NAME_PREFIX: i64 = 6_000_000;
/// Fuzzy scores stay below this, so they never reach a tier.
pub const FUZZY_CEILING: i64 = 1_000_000;
/// A pinyin match of a name tier ranks just below the same tier typed in characters.
const PINYIN_TIER_PENALTY: i64 = 1_000;
/// The number contains the word somewhere (125 for 25): ranked like a good fuzzy match.
const NUMBER_CONTAINS: i64 = 200;

/// A text field as the scorer sees it: the text, its pinyin key and prefilter bits.
#[derive(Debug, Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub key: &'a str,
    /// The key's initials; whatever matches them also matches the key.
    pub initials: &'a str,
    pub bits: u128,
    pub letters: u64,
}

/// The score of `w` in a text field: characters against the text, an ASCII word against
/// the pinyin key (which also holds the text's own letters and digits). A one-character
/// word is a plain "contains": scoring it fuzzily would cost the most and tell the least.
#[inline]
pub fn text(m: &Matcher, w: &Word, f: TextRef) -> Option<i64> {
    if w.len == 1 {
        return contains(w, f);
    }
    if w.ascii {
        if w.letters & !f.letters != 0 || !subsequence_ascii(f.key.as_bytes(), w.text.as_bytes()) {
            return None;
        }
        let full = m.score(f.key, &w.text);
        // Syllable starts in a row (yshj on ysHJ…) beat letters the key happens to hold in order.
        let initials = if w.len <= f.initials.len() && subsequence_ascii(f.initials.as_bytes(), w.text.as_bytes()) {
            m.score(f.initials, &w.text)
        } else {
            None
        };
        full.max(initials)
    } else {
        if w.bits & !f.bits != 0 {
            return None;
        }
        m.score(f.text, &w.text)
    }
}

/// One character: where it first occurs (earlier is better; a syllable start beats the
/// middle of a syllable).
fn contains(w: &Word, f: TextRef) -> Option<i64> {
    if w.ascii {
        let b = w.text.as_bytes()[0];
        if w.letters & !f.letters != 0 {
            return None;
        }
        let key = f.key.as_bytes();
        let head = b.to_ascii_uppercase();
        if head != b {
            if let Some(i) = key.iter().position(|&k| k == head) {
                return Some(48 - (i as i64 / 4).min(16));
            }
        }
        key.iter().position(|&k| k == b).map(|i| 24 - (i as i64 / 4).min(16))
    } else {
        if w.bits & !f.bits != 0 {
            return None;
        }
        let c = w.text.chars().next()?;
        f.text.chars().position(|x| x == c).map(|i| 48 - (i as i64).min(32))
    }
}

/// Whether `pattern` (lower case) is a subsequence of `key`, ignoring case: the matcher's
/// own first check, without its conversion of the key to a vector of chars.
#[inline]
fn subsequence_ascii(key: &[u8], pattern: &[u8]) -> bool {
    let mut p = pattern.iter().peekable();
    for &k in key {
        match p.peek() {
            Some(&&c) if c == k.to_ascii_lowercase() => {
                p.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    p.peek().is_none()
}

/// The score of `w` against a name (person, unit): the text score, lifted to the exact
/// or prefix tier when the name (or its usual pinyin, or its initials) is or starts with
/// the word. `primary` is [`super::pinyin_keys::primary`] of the name.
pub fn name(m: &Matcher, w: &Word, f: TextRef, primary: (&str, &str)) -> Option<i64> {
    let base = text(m, w, f)?;
    let tier = if w.ascii {
        // Initials are a guess shared by many names (zj: 邹杰, 住建局): a prefix, not exact.
        if primary.0 == w.text {
            NAME_EXACT - PINYIN_TIER_PENALTY
        } else if primary.0.starts_with(&w.text) || primary.1.starts_with(&w.text) {
            NAME_PREFIX - PINYIN_TIER_PENALTY
        } else {
            0
        }
    } else if f.text == w.text {
        NAME_EXACT
    } else if f.text.starts_with(&w.text) {
        NAME_PREFIX
    } else {
        0
    };
    Some(tier + base.min(FUZZY_CEILING - 1))
}

/// The score of `w` against an item's normalised number (`number_key`).
#[inline]
pub fn number(w: &Word, number_key: &str) -> Option<i64> {
    let n = w.number.as_deref()?;
    if number_key == n {
        Some(NUMBER_EXACT)
    } else if number_key.starts_with(n) {
        Some(NUMBER_PREFIX - (number_key.len() - n.len()) as i64)
    } else if number_key.contains(n) {
        Some(NUMBER_CONTAINS)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pinyin_keys::{initials, key, primary};
    use crate::search::query::{ascii_bits, char_bits, Query};

    fn score(word: &str, text_: &str) -> Option<i64> {
        let k = key(text_);
        let i = initials(&k);
        let f = TextRef { text: text_, key: &k, initials: &i, bits: char_bits(text_), letters: ascii_bits(&k) };
        text(&Matcher::new(), &Query::parse(word).words[0], f)
    }

    fn name_score(word: &str, n: &str) -> Option<i64> {
        let k = key(n);
        let i = initials(&k);
        let f = TextRef { text: n, key: &k, initials: &i, bits: char_bits(n), letters: ascii_bits(&k) };
        let (full, init) = primary(n);
        name(&Matcher::new(), &Query::parse(word).words[0], f, (&full, &init))
    }

    #[test]
    fn chinese_and_pinyin_find_the_same_title() {
        let t = "关于加快老旧小区改造的提案";
        for w in ["老旧", "ljxq", "laojiu", "laojxq", "老", "l", "旧小区"] {
            assert!(score(w, t).is_some(), "{w}");
        }
        assert!(score("旧老", t).is_none());
        assert!(score("yshj", t).is_none());
        assert!(score("yshj", "关于优化营商环境的建议").is_some());
        assert!(score("zhujian", "区住建局").is_some());
        assert!(score("zj", "区住建局").is_some());
    }

    #[test]
    fn initials_in_a_row_beat_scattered_letters() {
        let good = score("yshj", "关于优化营商环境的建议").unwrap();
        let scattered = score("yshj", "关于高校毕业生就业的建议").unwrap();
        assert!(good > scattered, "{good} {scattered}");
    }

    #[test]
    fn polyphonic_readings_all_match() {
        // 行 reads xing and hang; 重 reads zhong and chong.
        assert!(score("yinhang", "农业银行").is_some());
        assert!(score("yinxing", "农业银行").is_some());
        assert!(score("chongqing", "重庆").is_some());
        assert!(score("cq", "重庆").is_some());
        assert!(score("zhongdian", "重点项目").is_some());
    }

    #[test]
    fn names_rank_exact_then_prefix_then_fuzzy() {
        let exact = name_score("马均侠", "马均侠").unwrap();
        let prefix = name_score("马均", "马均侠").unwrap();
        let pinyin_prefix = name_score("majun", "马均侠").unwrap();
        let initials = name_score("mjx", "马均侠").unwrap();
        let fuzzy = name_score("马侠", "马均侠").unwrap();
        assert!(
            exact > prefix && prefix > pinyin_prefix && pinyin_prefix > fuzzy,
            "{exact} {prefix} {pinyin_prefix} {fuzzy}"
        );
        assert!(initials >= NAME_PREFIX - PINYIN_TIER_PENALTY);
        assert!(name_score("majunxia", "马均侠").unwrap() >= NAME_EXACT - PINYIN_TIER_PENALTY);
    }

    #[test]
    fn numbers_exact_first() {
        let w = &Query::parse("第025号").words[0];
        assert_eq!(number(w, "25"), Some(NUMBER_EXACT));
        assert!(number(w, "251").unwrap() >= NUMBER_PREFIX - 10);
        assert_eq!(number(w, "125"), Some(NUMBER_CONTAINS));
        assert_eq!(number(w, "52"), None);
        assert_eq!(number(&Query::parse("0025").words[0], "25"), Some(NUMBER_EXACT));
    }

    #[test]
    fn ascii_subsequence_ignores_case() {
        assert!(subsequence_ascii(b"LaoJiuXiaoQu", b"ljxq"));
        assert!(!subsequence_ascii(b"LaoJiu", b"ljx"));
        assert!(subsequence_ascii(b"abc", b""));
    }
}
