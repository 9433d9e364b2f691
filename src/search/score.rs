//! Scoring one word against one field. Scores are tiers plus the fuzzy score inside a
//! tier, so an exact item number ranks first, then exact names, then name prefixes, then
//! fuzzy matches by the matcher's score. A query's score is the sum over its words.
use super::matcher::Matcher;
use super::query::{start_bit, Word};

/// The word is the item's number (25 = 第25号 = 025 = 0025).
pub const NUMBER_EXACT: i64 = 9_000_000;
/// The item's number starts with the word.
pub const NUMBER_PREFIX: i64 = 8_000_000;
/// The word is a person's or unit's name, or its full pinyin (initials count as a prefix).
pub const NAME_EXACT: i64 = 7_000_000;
/// A person's or unit's name starts with the word.
pub const NAME_PREFIX: i64 = 6_000_000;
/// Fuzzy scores stay below this, so they never reach a tier.
pub const FUZZY_CEILING: i64 = 1_000_000;
/// A pinyin match of a name tier ranks just below the same tier typed in characters.
const PINYIN_TIER_PENALTY: i64 = 10_000;
/// The number contains the word somewhere (125 for 25): ranked like a good fuzzy match.
const NUMBER_CONTAINS: i64 = 200;

/// A text field as the scorer sees it: the text, its pinyin key and prefilter bits.
#[derive(Debug, Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub key: &'a str,
    pub bits: u128,
    /// [`super::query::key_bits`] of the key.
    pub letters: u64,
}

/// The score of `w` in a text field: characters against the text, an ASCII word against
/// the pinyin key (which also holds the text's own letters and digits). A one-character
/// word is a plain "contains": scoring it fuzzily would cost the most and tell the least.
#[inline]
pub fn text(m: &Matcher, w: &Word, f: TextRef) -> Option<i64> {
    if w.digits {
        // Digits in a key come only from the text itself, side by side as in the text: the
        // text answers without the key (the command line then need not read keys for 25).
        if w.letters & !f.letters != 0 || !digits_in(f.text, &w.text) {
            return None;
        }
        return if w.len == 1 { Some(40) } else { m.memo(&w.text, &w.text, |m| m.score(&w.text, &w.text)) };
    }
    if w.len == 1 {
        return contains(w, f);
    }
    if w.ascii {
        // Pinyin spells characters side by side (ljxq, laojiu, zhuj); letters scattered over
        // unrelated syllables are no match: a title's key is a hundred letters long, and any
        // two letters occur in it in order.
        if !pinyin_may(w, f) {
            return None;
        }
        let (from, to) = in_a_row(f.key.as_bytes(), w.text.as_bytes())?;
        pinyin(m, w, &f.key[from..to])
    } else {
        if w.bits & !f.bits != 0 {
            return None;
        }
        m.score(f.text, &w.text)
    }
}

/// Whether the pinyin word `w` (ASCII, two letters or more) may be spelled in `f`, from
/// its letter bits: every letter is there, and a reading starts with the first.
#[inline]
pub fn pinyin_may(w: &Word, f: TextRef) -> bool {
    let first = w.text.as_bytes()[0];
    w.letters & !f.letters == 0 && (f.letters & start_bit(first) != 0 || first.is_ascii_digit())
}

/// The score of the pinyin word `w` spelled in `window`, the stretch of a key
/// [`in_a_row`] found. The matcher scores the characters the word spells (not the whole
/// key: same best alignment, a fraction of the work), and their initials, where initials
/// typed in a row (yshj on 营商环境) beat the same letters spread over full syllables.
pub fn pinyin(m: &Matcher, w: &Word, window: &str) -> Option<i64> {
    m.memo(window, &w.text, |m| {
        let full = m.score(window, &w.text);
        let mut buf = [0u8; 128];
        let mut n = 0;
        for i in super::pinyin_keys::initial_bytes(window) {
            if n < buf.len() {
                buf[n] = window.as_bytes()[i].to_ascii_lowercase();
                n += 1;
            }
        }
        let initials = std::str::from_utf8(&buf[..n]).unwrap_or("");
        let initials =
            if subsequence_ascii(initials.as_bytes(), w.text.as_bytes()) { m.score(initials, &w.text) } else { None };
        full.max(initials)
    })
}

/// The most [`text`] can give `w`: one character scores by position (at most 48); the
/// matcher (skim's v2 scores) adds per pattern character at most 16 for the match and 16
/// of bonus (a word start, doubled on the first column and carried along a run), so 32
/// per character bounds it. An item whose bound cannot reach the shown results is only
/// counted ([`text_matches`]).
pub fn text_ceiling(w: &Word) -> i64 {
    if w.len == 1 {
        48
    } else {
        32 * w.len as i64
    }
}

/// Whether [`text`] matches `w` in `f` at all, without scoring it: a pinyin word is
/// spelled side by side, anything else is asked of `text` itself.
pub fn text_matches(m: &Matcher, w: &Word, f: TextRef) -> bool {
    if w.ascii && !w.digits && w.len > 1 {
        return pinyin_may(w, f) && in_a_row(f.key.as_bytes(), w.text.as_bytes()).is_some();
    }
    text(m, w, f).is_some()
}

/// Whether `text` holds the ASCII `digits` side by side (full-width digits count).
fn digits_in(text: &str, digits: &str) -> bool {
    if text.contains(digits) {
        return true;
    }
    if !text.chars().any(|c| ('０'..='９').contains(&c)) {
        return false;
    }
    let half: String = text.chars().map(super::pinyin_keys::half_width).collect();
    half.contains(digits)
}

/// One character: where it first occurs (earlier is better).
fn contains(w: &Word, f: TextRef) -> Option<i64> {
    if w.ascii {
        // Any character with a reading that starts with the letter (what a longer pinyin
        // word would need), known from the key's bits alone: a letter is the cheapest
        // query and the one with the most hits.
        let first = w.text.as_bytes()[0];
        if !first.is_ascii_alphanumeric()
            || w.letters & !f.letters != 0
            || first.is_ascii_lowercase() && f.letters & start_bit(first) == 0
        {
            return None;
        }
        Some(40)
    } else {
        if w.bits & !f.bits != 0 {
            return None;
        }
        let c = w.text.chars().next()?;
        f.text.chars().position(|x| x == c).map(|i| 48 - (i as i64).min(32))
    }
}

/// Whether `word` spells characters that stand side by side, each by a prefix of one of
/// its readings: ljxq, laojiu, laojxq, zhuj and zj all spell 老旧小区 or 住建 this way.
/// A word is at most [`super::query::MAX_WORD_CHARS`] letters, so the positions of the word
/// reached so far fit in the bits of a u64.
pub fn syllables_in_a_row(key: &[u8], word: &[u8]) -> bool {
    in_a_row(key, word).is_some()
}

/// Where [`syllables_in_a_row`] first succeeds: the key's bytes from the first character
/// the match can have used to the end of the last one (a word of n letters spans at most
/// n characters).
pub fn in_a_row(key: &[u8], word: &[u8]) -> Option<(usize, usize)> {
    let n = word.len();
    if n == 0 || n > 63 {
        return None;
    }
    // Where the current run of characters began (a match never reaches back before it).
    let mut run = 0usize;
    let done = 1u64 << n;
    let mut reach = 0u64;
    let mut i = 0;
    // One group per character: its usual reading (upper case start) and any 'others, or a
    // single letter or digit of the text itself.
    let mut readings: [(u32, u32); 8] = [(0, 0); 8];
    while i < key.len() {
        if reach == 0 {
            // Nothing under way: jump to the next character that can start the word.
            i = next_start(key, i, word[0])?;
        }
        let b = key[i];
        if b == b' ' || b == b'\'' {
            reach = 0;
            i += 1;
            continue;
        }
        if reach == 0 {
            run = i;
        }
        let mut count;
        let mut j = i + 1;
        if b.is_ascii_uppercase() {
            while j < key.len() && key[j].is_ascii_lowercase() {
                j += 1;
            }
            readings[0] = (i as u32, j as u32);
            count = 1;
            while j < key.len() && key[j] == b'\'' {
                let start = j + 1;
                j = start;
                while j < key.len() && key[j].is_ascii_lowercase() {
                    j += 1;
                }
                if count < readings.len() && j > start {
                    readings[count] = (start as u32, j as u32);
                    count += 1;
                }
            }
        } else {
            readings[0] = (i as u32, j as u32);
            count = 1;
        }
        // A match may start at any character (bit 0), or go on from the one before.
        let from = reach | 1;
        let mut next = 0u64;
        for &(a, z) in &readings[..count] {
            let r = &key[a as usize..z as usize];
            let mut bits = from;
            while bits != 0 {
                let p = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let mut l = 0;
                while l < r.len() && p + l < n && r[l].to_ascii_lowercase() == word[p + l] {
                    l += 1;
                    next |= 1 << (p + l);
                }
            }
        }
        if next & done != 0 {
            // A word of n letters spans at most n characters: this one and n - 1 before.
            let mut start = i;
            for _ in 1..n {
                match previous_group(key, start) {
                    Some(p) if p >= run => start = p,
                    _ => break,
                }
            }
            return Some((start, j));
        }
        reach = next;
        i = j;
    }
    None
}

/// The start of the character group before the one starting at `at`, if there is one
/// and no space lies between them.
fn previous_group(key: &[u8], at: usize) -> Option<usize> {
    let mut p = at.checked_sub(1)?;
    match key[p] {
        b' ' => None,
        b if b.is_ascii_lowercase() || b == b'\'' => {
            // Back over the syllable (and other readings) to its upper case start; a run
            // of lower case letters with none is the text's own letters, one per group.
            let end = p;
            loop {
                if key[p].is_ascii_uppercase() {
                    return Some(p);
                }
                if !(key[p].is_ascii_lowercase() || key[p] == b'\'') || p == 0 {
                    return Some(end);
                }
                p -= 1;
            }
        }
        _ => Some(p),
    }
}

/// The start of the next character group at or after `from` (a group boundary) with a
/// reading that begins with `first`: a syllable start, another reading after `'`, or a
/// letter or digit of the text itself, never the middle of a syllable.
fn next_start(key: &[u8], from: usize, first: u8) -> Option<usize> {
    let upper = first.to_ascii_uppercase();
    let mut at = from;
    // memchr2 looks at 16 or 32 bytes at a time: most of a key is other letters.
    while let Some(d) = memchr::memchr2(first, upper, &key[at..]) {
        let k = at + d;
        at = k + 1;
        if key[k] == upper && upper != first {
            return Some(k);
        }
        let mut s = k;
        while s > from && key[s - 1].is_ascii_lowercase() {
            s -= 1;
        }
        match s.checked_sub(1).map(|p| key[p]) {
            // Another reading: its group starts at the usual reading before the apostrophes.
            Some(b'\'') if s == k => {
                let mut g = s - 1;
                while g > from && !key[g].is_ascii_uppercase() {
                    g -= 1;
                }
                return Some(g);
            }
            Some(b'\'') => {}
            Some(p) if p.is_ascii_uppercase() => {}
            // A letter or digit of the text: a group of its own.
            _ => return Some(k),
        }
    }
    None
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
    let (key, n) = (number_key.as_bytes(), n.as_bytes());
    if key.len() >= n.len() && same(&key[..n.len()], n) {
        Some(if key.len() == n.len() { NUMBER_EXACT } else { NUMBER_PREFIX - (key.len() - n.len()) as i64 })
    } else if holds(key, n) {
        Some(NUMBER_CONTAINS)
    } else {
        None
    }
}

/// Whether `hay` holds `needle` side by side: for an item's number (a few digits), where
/// a string search's set-up or a `memcmp` call per place costs more than the comparing
/// (at 1M items the number of every candidate is asked for a digit typed).
#[inline]
pub(super) fn holds(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| same(w, needle))
}

/// `a == b` for short slices of the same length, compared here rather than in `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pinyin_keys::{key, primary};
    use crate::search::query::{char_bits, key_bits, Query};
    use crate::search::score::{in_a_row, syllables_in_a_row};

    fn score(word: &str, text_: &str) -> Option<i64> {
        let k = key(text_);
        let f = TextRef { text: text_, key: &k, bits: char_bits(text_), letters: key_bits(&k) };
        text(&Matcher::new(), &Query::parse(word).words[0], f)
    }

    fn name_score(word: &str, n: &str) -> Option<i64> {
        let k = key(n);
        let f = TextRef { text: n, key: &k, bits: char_bits(n), letters: key_bits(&k) };
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
    fn syllables_side_by_side() {
        let k = key("关于加快老旧小区改造的提案");
        for w in ["ljxq", "laojiu", "laojxq", "lao", "xqg", "xiaoqugai", "xiaouga", "ljxqgz"] {
            assert!(syllables_in_a_row(k.as_bytes(), w.as_bytes()), "{w} in {k}");
        }
        for w in ["ljq", "laoxiao", "lja", "yshj"] {
            assert!(!syllables_in_a_row(k.as_bytes(), w.as_bytes()), "{w} in {k}");
        }
        assert!(syllables_in_a_row(key("5G基站").as_bytes(), b"5gjz"));
        // The window is the characters spelled, other readings included.
        let win = |t: &str, w: &str| {
            let k = key(t);
            in_a_row(k.as_bytes(), w.as_bytes()).map(|(a, b)| k[a..b].to_string())
        };
        assert_eq!(win("关于加快老旧小区改造", "ljxq").as_deref(), Some("LaoJiuXiaoQu'ou"));
        assert_eq!(win("关于加快老旧小区改造", "laoj").as_deref(), Some("LaoJiu"));
        assert_eq!(win("小区改造", "ougz").as_deref(), Some("Qu'ouGaiZao'cao"));
        assert_eq!(win("建设5G基站", "5gj").as_deref(), Some("5gJi"));
        assert_eq!(win("建设5G基站", "szj"), None);
        assert!(syllables_in_a_row(key("银行").as_bytes(), b"yinxing"));
    }

    #[test]
    fn scattered_letters_are_no_match() {
        assert!(score("yshj", "关于优化营商环境的建议").is_some());
        assert!(score("yshj", "关于优化税收和就业的建议").is_none());
        // 业生就 spells y|sh|j side by side too: a real (if unlikely) reading, ranked lower.
        let good = score("yshj", "关于优化营商环境的建议").unwrap();
        let odd = score("yshj", "关于高校毕业生就业的建议").unwrap();
        assert!(good > odd, "{good} {odd}");
    }

    #[test]
    fn digits_match_the_text_side_by_side() {
        assert!(score("25", "关于第25号路段的建议").is_some());
        assert!(score("25", "关于第２５号路段的建议").is_some());
        assert!(score("25", "关于2路5段的建议").is_none());
        assert!(score("5", "关于5G的建议").is_some());
        assert!(score("5g", "关于5G的建议").is_some());
    }

    proptest::proptest! {
        #[test]
        fn the_ceiling_bounds_every_score_and_matching_agrees(
            title in "[老旧小区改造住建局营商环境重庆银行5G关于的建议 a-zA-Z0-9]{1,30}",
            from in 0usize..30,
            len in 1usize..7,
            pinyin: bool,
        ) {
            let k = key(&title);
            let word: String = if pinyin {
                k.to_ascii_lowercase().replace(['\'', ' '], "").chars().skip(from).take(len).collect()
            } else {
                title.chars().skip(from % 20).take(len).collect()
            };
            let q = Query::parse(&word);
            let Some(w) = q.words.first() else { return Ok(()) };
            let f = TextRef { text: &title, key: &k, bits: char_bits(&title), letters: key_bits(&k) };
            let m = Matcher::new();
            let scored = text(&m, w, f);
            proptest::prop_assert_eq!(scored.is_some(), text_matches(&m, w, f), "{} in {}", word, title);
            if let Some(v) = scored {
                proptest::prop_assert!(v <= text_ceiling(w), "{} in {}: {} > {}", word, title, v, text_ceiling(w));
            }
        }
    }

    #[test]
    fn ascii_subsequence_ignores_case() {
        assert!(subsequence_ascii(b"LaoJiuXiaoQu", b"ljxq"));
        assert!(!subsequence_ascii(b"LaoJiu", b"ljx"));
        assert!(subsequence_ascii(b"abc", b""));
    }
}
