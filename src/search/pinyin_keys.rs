//! Pinyin search keys.
//!
//! A key spells a text in pinyin, the usual reading of each character in CamelCase and
//! its other readings after an apostrophe: 老旧小区 → `LaoJiuXiaoQu'ou`. Every reading of a
//! polyphonic character is written (区 is qu and ou); the correct reading of an office word
//! is the usual one when `data/pinyin_overrides.toml` knows it (银行 → `YinHang'xing'heng`).
//! The fuzzy matcher skips readings a query does not use with a small gap penalty and gives
//! its camel-case bonus to syllable starts, so one key serves initials (ljxq), full pinyin
//! (laojiu) and mixtures (laojxq); [`initials`] (ljxq) ranks initials typed in a row.
//!
//! ASCII letters and digits are kept (lower case); any other character becomes a space.
use pinyin::ToPinyinMulti;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Bumped when the key format changes, so stored keys are recomputed.
const FORMAT: u32 = 3;

/// The override table: word → one reading per character.
struct Overrides {
    words: HashMap<Vec<char>, Vec<String>>,
    longest: usize,
    /// The first characters of the words, sorted: most characters start none, and this
    /// check is cheaper than hashing a slice per length.
    firsts: Vec<char>,
}

fn overrides() -> &'static Overrides {
    static TABLE: OnceLock<Overrides> = OnceLock::new();
    TABLE.get_or_init(|| parse_overrides(crate::data::PINYIN_OVERRIDES))
}

/// Reads the override file; entries whose reading count differs from the word's length
/// are skipped (the test `shipped_overrides_are_all_used` keeps the shipped file clean).
fn parse_overrides(text: &str) -> Overrides {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        words: HashMap<String, String>,
    }
    let file: File = toml::from_str(text).unwrap_or(File { words: HashMap::new() });
    let mut words = HashMap::new();
    let mut longest = 0;
    for (word, reading) in file.words {
        let chars: Vec<char> = word.chars().collect();
        let syllables: Vec<String> =
            reading.split_whitespace().map(|s| s.to_ascii_lowercase().replace('ü', "v")).collect();
        if chars.len() == syllables.len() && !chars.is_empty() {
            longest = longest.max(chars.len());
            words.insert(chars, syllables);
        }
    }
    let mut firsts: Vec<char> = words.keys().map(|w| w[0]).collect();
    firsts.sort_unstable();
    firsts.dedup();
    Overrides { words, longest, firsts }
}

/// The number of override words in use (for tests and `doctor`).
pub fn override_count() -> usize {
    overrides().words.len()
}

/// The tag stored before a key: the format and a hash of the override table, so a
/// changed table makes every stored key stale.
pub fn stored_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        // FNV-1a: stable across builds and platforms, unlike std's hasher.
        let mut h: u32 = 0x811c_9dc5;
        for b in crate::data::PINYIN_OVERRIDES.bytes().chain(FORMAT.to_le_bytes()) {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
        format!("k{h:08x}:")
    })
}

/// The key of `text` as stored in a `search_keys` column.
pub fn stored(text: &str) -> String {
    let mut s = String::from(stored_tag());
    s.push_str(&key(text));
    s
}

/// The key inside a stored value, or `None` when it was written by another format or
/// override table and must be recomputed.
pub fn from_stored(stored: &str) -> Option<&str> {
    stored.strip_prefix(stored_tag())
}

/// The stored key when there is one, else the key of `text`, made now.
pub fn key_or<'a>(stored: Option<&'a str>, text: &str) -> std::borrow::Cow<'a, str> {
    match stored {
        Some(k) => std::borrow::Cow::Borrowed(k),
        None => std::borrow::Cow::Owned(key(text)),
    }
}

/// The pinyin key of `text`.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    build(text, &mut out, None);
    out
}

/// The key of `text` and, for each byte of the key, the index of the character of `text`
/// it came from (to turn matched key positions into highlighted characters).
pub fn key_with_origin(text: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len() * 2);
    let mut origin = Vec::with_capacity(text.len() * 2);
    build(text, &mut out, Some(&mut origin));
    (out, origin)
}

/// Full-width ASCII (ＡＢ１２, what a Chinese IME types) as ASCII.
pub fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

fn build(text: &str, out: &mut String, mut origin: Option<&mut Vec<u32>>) {
    let chars: Vec<char> = text.chars().map(half_width).collect();
    let table = overrides();
    // The override reading for each position, longest word first.
    let mut forced: Vec<Option<&str>> = vec![None; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let mut step = 1;
        if table.firsts.binary_search(&chars[i]).is_err() {
            i += 1;
            continue;
        }
        for len in (2..=table.longest.min(chars.len() - i)).rev() {
            if let Some(r) = table.words.get(&chars[i..i + len]) {
                for (k, s) in r.iter().enumerate() {
                    forced[i + k] = Some(s.as_str());
                }
                step = len;
                break;
            }
        }
        i += step;
    }
    let mut push = |out: &mut String, s: &str, at: usize| {
        out.push_str(s);
        if let Some(o) = origin.as_deref_mut() {
            o.extend(std::iter::repeat_n(at as u32, s.len()));
        }
    };
    // Readings as written for this character; Cow because only readings with ü need a copy.
    let mut seen: Vec<Cow<'_, str>> = Vec::with_capacity(4);
    for (at, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            // A space after a syllable keeps "住a" from reading as the syllable "zhua".
            if out.as_bytes().last().is_some_and(|b| b.is_ascii_alphabetic()) && at > 0 && !chars[at - 1].is_ascii() {
                push(out, " ", at);
            }
            let mut b = [0u8; 4];
            push(out, c.to_ascii_lowercase().encode_utf8(&mut b), at);
            continue;
        }
        let Some(multi) = c.to_pinyin_multi() else {
            if !out.ends_with(' ') && !out.is_empty() {
                push(out, " ", at);
            }
            continue;
        };
        seen.clear();
        if let Some(f) = forced[at] {
            seen.push(Cow::Borrowed(f));
        }
        for p in multi {
            let plain = p.plain();
            let plain = if plain.contains('ü') { Cow::Owned(plain.replace('ü', "v")) } else { Cow::Borrowed(plain) };
            // A key is ASCII (the slicing below relies on it); skip any odd reading.
            if plain.is_ascii() && !plain.is_empty() && !seen.contains(&plain) {
                seen.push(plain);
            }
        }
        for (k, s) in seen.iter().enumerate() {
            if k == 0 {
                // The usual reading in CamelCase: a syllable start the matcher rewards.
                let first = [s.as_bytes()[0].to_ascii_uppercase()];
                push(out, std::str::from_utf8(&first).unwrap_or(""), at);
                push(out, &s[1..], at);
            } else {
                // Other readings after an apostrophe (pinyin's own syllable mark), in lower
                // case: still matched, but not taken for syllable starts, so the usual
                // readings of neighbouring characters stay side by side (小区改 → XiaoQu'ouGai).
                push(out, "'", at);
                push(out, s, at);
            }
        }
    }
}

/// The initials of a key, lower case: one letter per character (LaoJiuXiaoQu'ou → ljxq), with
/// the text's own letters and digits kept. Matched beside the key so that an initials
/// query (yshj) prefers four syllable starts in a row over scattered letters.
pub fn initials(key: &str) -> String {
    initial_bytes(key).map(|i| key.as_bytes()[i].to_ascii_lowercase() as char).collect()
}

/// The byte positions in `key` that [`initials`] keeps, in order.
pub fn initial_bytes(key: &str) -> impl Iterator<Item = usize> + '_ {
    let mut in_syllable = false;
    key.bytes().enumerate().filter_map(move |(i, b)| {
        if b.is_ascii_uppercase() {
            in_syllable = true;
            Some(i)
        } else if b.is_ascii_lowercase() {
            (!in_syllable).then_some(i)
        } else if b == b'\'' {
            // Another reading of the same character: not an initial.
            None
        } else {
            in_syllable = false;
            b.is_ascii_digit().then_some(i)
        }
    })
}

/// One half of [`primary`] read off a key (no pinyin lookups), appended to `out`: the usual
/// reading, or its initials. The usual readings are the CamelCase syllables, the others follow
/// an apostrophe and are left out.
pub fn push_primary_of_key(key: &str, initials: bool, out: &mut String) {
    let mut other = false;
    let mut in_syllable = false;
    for b in key.bytes() {
        match b {
            b'\'' => other = true,
            b'A'..=b'Z' => {
                other = false;
                in_syllable = true;
                out.push(b.to_ascii_lowercase() as char);
            }
            b'a'..=b'z' if other => {}
            b'a'..=b'z' => {
                if !(initials && in_syllable) {
                    out.push(b as char);
                }
            }
            b'0'..=b'9' => {
                other = false;
                in_syllable = false;
                out.push(b as char);
            }
            _ => {
                other = false;
                in_syllable = false;
            }
        }
    }
}

/// The usual reading of `text` (override, else the crate's first reading), lower case
/// without separators, and its initials: 马均侠 → ("majunxia", "mjx"). Names are ranked
/// by these (an exact or prefix match of a name outranks a fuzzy one).
pub fn primary(text: &str) -> (String, String) {
    let (key, origin) = key_with_origin(text);
    let bytes = key.as_bytes();
    let (mut full, mut init) = (String::new(), String::new());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_uppercase() {
            // The first syllable written for a character is its usual reading; skip the others.
            let at = origin[i];
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_lowercase() {
                j += 1;
            }
            full.push_str(&key[i..j].to_ascii_lowercase());
            init.push(b.to_ascii_lowercase() as char);
            while j < bytes.len() && (bytes[j].is_ascii_lowercase() || bytes[j] == b'\'') && origin[j] == at {
                j += 1;
            }
            i = j;
        } else {
            if b != b' ' {
                full.push(b as char);
                init.push(b as char);
            }
            i += 1;
        }
    }
    (full, init)
}

/// A pinyin word cut from the key of `title` (letters only, from byte `from`, up to `len`
/// letters), or `None` when nothing is left: words that match often, for property tests.
#[cfg(test)]
pub(crate) fn word_from_key(title: &str, from: usize, len: usize) -> Option<String> {
    let k = key(title).to_ascii_lowercase().replace(['\'', ' '], "");
    let from = from.min(k.len().saturating_sub(1));
    Some(k[from..(from + len).min(k.len())].to_string()).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_is_written_in_camel_case() {
        assert_eq!(key("老旧"), "LaoJiu");
        // 区 reads qu and ou; both are kept.
        let k = key("小区");
        assert_eq!(k, "XiaoQu'ou");
    }

    #[test]
    fn overrides_put_the_office_reading_first() {
        // The override reading comes first for its character, the crate's readings follow.
        assert_eq!(primary("重庆").0, "chongqing");
        assert_eq!(primary("银行").0, "yinhang");
        assert_eq!(primary("长江").0, "changjiang");
        assert_eq!(primary("行长").0, "hangzhang");
        assert!(key("银行").starts_with("YinHang"), "{}", key("银行"));
        assert!(key("长江").starts_with("Chang"), "{}", key("长江"));
        // Without the word around it, 行 keeps the crate's first reading and the others.
        let k = key("行");
        assert_eq!(k, "Xing'hang'heng");
        assert!(primary("行").0 == "xing");
    }

    #[test]
    fn shipped_overrides_are_all_used() {
        let file: toml::Value = toml::from_str(crate::data::PINYIN_OVERRIDES).unwrap();
        let n = file["words"].as_table().unwrap().len();
        assert_eq!(override_count(), n, "an entry's reading count differs from its word length");
    }

    #[test]
    fn ascii_and_punctuation() {
        assert_eq!(key("5G基站"), "5gJiZhan");
        let k = key("（关于）");
        assert!(k.starts_with("GuanYu") && k.ends_with(' '), "{k}");
        assert_eq!(key("ＡＢ１"), "ab1");
    }

    #[test]
    fn initials_keep_one_letter_per_reading() {
        assert_eq!(initials("LaoJiuXiaoQu'ouGai"), "ljxqg");
        assert_eq!(initials("5gJiZhan"), "5gjz");
        assert_eq!(initials(&key("住a")), "za");
    }

    #[test]
    fn origin_maps_key_bytes_to_characters() {
        let (k, o) = key_with_origin("老旧");
        assert_eq!(k.len(), o.len());
        assert_eq!(o[0], 0);
        assert_eq!(o[k.find('J').unwrap()], 1);
    }

    #[test]
    fn stored_keys_round_trip_and_go_stale() {
        let s = stored("住建局");
        assert_eq!(from_stored(&s), Some(key("住建局").as_str()));
        assert_eq!(from_stored("k00000000:ZhuJianJu"), None);
    }

    #[test]
    fn primary_from_the_key_is_the_same() {
        for t in ["马均侠", "重庆市银行行长", "区住房和城乡建设局", "5G基站", "长江ABC路", "（关于）"]
        {
            let k = key(t);
            let (mut full, mut init) = (String::new(), String::new());
            push_primary_of_key(&k, false, &mut full);
            push_primary_of_key(&k, true, &mut init);
            assert_eq!((full, init), primary(t), "{t}");
        }
    }

    #[test]
    fn primary_reading_and_initials() {
        assert_eq!(primary("马均侠"), ("majunxia".to_string(), "mjx".to_string()));
        assert_eq!(primary("重庆").0, "chongqing");
    }
}
