//! Shared by the fuzz tests: case counts (scaled by `BANLI_FUZZ_SCALE`) and mutations of
//! valid texts and bytes.
#![allow(dead_code)]
use proptest::prelude::*;
use proptest::test_runner::Config;

/// `BANLI_FUZZ_SCALE=N` multiplies every test's case count (default 1).
pub fn scale() -> u32 {
    std::env::var("BANLI_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).filter(|n| *n > 0).unwrap_or(1)
}

/// A proptest config running `n` × scale cases, without failure files in the tree.
pub fn config(n: u32) -> Config {
    Config { cases: n.saturating_mul(scale()), failure_persistence: None, ..Config::default() }
}

/// One edit of a text or byte string.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Remove `len` units at a position.
    Delete(usize, usize),
    /// Insert these units at a position.
    Insert(usize, Vec<u8>),
    /// Overwrite one unit.
    Flip(usize, u8),
    /// Repeat a stretch at its end.
    Repeat(usize, usize),
    /// Cut everything from a position.
    Truncate(usize),
}

/// Edits at random positions (taken modulo the length when applied).
pub fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), 1usize..16).prop_map(|(p, l)| Edit::Delete(p, l)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..12)).prop_map(|(p, b)| Edit::Insert(p, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (any::<usize>(), 1usize..64).prop_map(|(p, l)| Edit::Repeat(p, l)),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    proptest::collection::vec(edit, 1..max)
}

/// Applies edits to a sequence of units; `unit` turns an inserted or overwriting byte into a
/// unit.
fn mutate<T: Clone>(mut v: Vec<T>, edits: &[Edit], unit: impl Fn(u8) -> T) -> Vec<T> {
    for e in edits {
        let n = v.len().max(1);
        match e {
            Edit::Delete(p, l) => {
                let p = p % n;
                let end = (p + l).min(v.len());
                if p < end {
                    v.drain(p..end);
                }
            }
            Edit::Insert(p, b) => {
                let p = p % (v.len() + 1);
                v.splice(p..p, b.iter().map(|x| unit(*x)));
            }
            Edit::Flip(p, b) => {
                if !v.is_empty() {
                    let p = p % v.len();
                    v[p] = unit(*b);
                }
            }
            Edit::Repeat(p, l) => {
                let p = p % n;
                let end = (p + l).min(v.len());
                if p < end {
                    let s: Vec<T> = v[p..end].to_vec();
                    v.splice(end..end, s);
                }
            }
            Edit::Truncate(p) => {
                if v.len() > 1 {
                    let p = p % v.len();
                    v.truncate(p);
                }
            }
        }
    }
    v
}

/// Applies edits to bytes.
pub fn mutate_bytes(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    mutate(base.to_vec(), edits, |b| b)
}

/// Applies edits to text, char by char; inserted bytes become characters of the given
/// alphabet so the result stays text.
pub fn mutate_text(base: &str, edits: &[Edit], alphabet: &[char]) -> String {
    mutate(base.chars().collect(), edits, |b| alphabet[b as usize % alphabet.len()]).into_iter().collect()
}

/// Characters a mutation inserts into text: the syntax of TOML, CSV and dates, digits,
/// Chinese, full-width forms, controls and odd code points.
pub const ALPHABET: &[char] = &[
    '[',
    ']',
    '{',
    '}',
    '=',
    '"',
    '\'',
    ',',
    '.',
    '-',
    '/',
    '#',
    '\n',
    '\r',
    '\t',
    ' ',
    '0',
    '1',
    '2',
    '9',
    'a',
    'z',
    'A',
    'q',
    '年',
    '月',
    '日',
    '号',
    '０',
    '９',
    '－',
    '／',
    '—',
    '、',
    '，',
    '编',
    '号',
    '第',
    '\u{0}',
    '\u{7f}',
    '\u{200b}',
    '\u{feff}',
    '\u{10ffff}',
    '😀',
    '\\',
    'e',
    '+',
    ':',
    '_',
];
