//! The one place that uses fuzzy-matcher (`SkimMatcherV2`, last released 2020): a small
//! wrapper, so swapping the algorithm touches this file only.
//!
//! Keep one [`Matcher`] per thread: the skim matcher caches its score matrix in
//! thread-local cells behind an atomic, and sharing one across threads barely scales.
use super::codes::Code;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Distinct choices remembered per pattern before the memo is cleared.
const MEMO_LIMIT: usize = 50_000;

/// A fuzzy matcher for one thread.
pub struct Matcher {
    skim: SkimMatcherV2,
    /// (pattern, choice → score) for [`Matcher::memo`]; a query has a few words, so a
    /// list beats hashing the pattern on every lookup.
    memo: Memos<str>,
    /// The same for choices given as the codes of a title key ([`Matcher::memo_codes`]).
    memo_codes: Memos<[Code]>,
}

/// Remembered scores of one pattern, by choice.
type Memo<C> = HashMap<Box<C>, Option<i64>, Fx>;
/// Per pattern, its remembered scores.
type Memos<C> = RefCell<Vec<(Box<str>, Memo<C>)>>;

/// A multiply-rotate hasher for the memo's short keys: the standard SipHash costs more
/// than the lookups it serves. Not for data an attacker chooses (the keys are ours).
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, v: u128) {
        self.write_u64(v as u64);
        self.write_u64((v >> 64) as u64);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v.into());
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type Fx = BuildHasherDefault<FxHasher>;

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl Matcher {
    /// A case-insensitive matcher (pinyin keys are CamelCase; queries are lower case).
    pub fn new() -> Matcher {
        Matcher {
            skim: SkimMatcherV2::default().ignore_case(),
            memo: RefCell::new(Vec::new()),
            memo_codes: RefCell::new(Vec::new()),
        }
    }

    /// The score of `pattern` as a subsequence of `choice` (higher is better), or `None`.
    pub fn score(&self, choice: &str, pattern: &str) -> Option<i64> {
        self.skim.fuzzy(choice, pattern, false).map(|(s, _)| s)
    }

    /// A score computed by `compute` from `choice` and `pattern` (with this matcher),
    /// remembered: for short choices that repeat across many documents (the few syllables
    /// a pinyin word spells: 住建, 重庆) the lookup costs a fraction of matching again.
    pub fn memo(&self, choice: &str, pattern: &str, compute: impl FnOnce(&Matcher) -> Option<i64>) -> Option<i64> {
        remembered(&self.memo, choice, pattern, || compute(self))
    }

    /// [`Matcher::memo`] for a choice given as codes (the stretch of a title key a pinyin
    /// word spells, [`super::codes`]): no text is made for a choice seen before.
    pub fn memo_codes(
        &self,
        choice: &[Code],
        pattern: &str,
        compute: impl FnOnce(&Matcher) -> Option<i64>,
    ) -> Option<i64> {
        remembered(&self.memo_codes, choice, pattern, || compute(self))
    }

    /// The score and the matched positions, as character indices into `choice`.
    pub fn indices(&self, choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        self.skim.fuzzy(choice, pattern, true)
    }
}

/// The score of `choice` for `pattern` in `memo`, or `compute`d and remembered.
fn remembered<C: ?Sized + Eq + std::hash::Hash>(
    memo: &Memos<C>,
    choice: &C,
    pattern: &str,
    compute: impl FnOnce() -> Option<i64>,
) -> Option<i64>
where
    Box<C>: for<'a> From<&'a C>,
{
    let at = {
        let mut memo = memo.borrow_mut();
        let at = match memo.iter().position(|(p, _)| &**p == pattern) {
            Some(at) => at,
            None => {
                memo.push((pattern.into(), HashMap::default()));
                memo.len() - 1
            }
        };
        if let Some(v) = memo[at].1.get(choice) {
            return *v;
        }
        at
    };
    // Computed with the memo released, so `compute` may use the matcher freely.
    let v = compute();
    let mut memo = memo.borrow_mut();
    let m = &mut memo[at].1;
    if m.len() >= MEMO_LIMIT {
        m.clear();
    }
    m.insert(choice.into(), v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_fragments_in_order_with_gaps() {
        let m = Matcher::new();
        let (_, pos) = m.indices("关于加快老旧小区改造的提案", "老旧").unwrap();
        assert_eq!(pos, vec![4, 5]);
        assert!(m.score("关于加快老旧小区改造的提案", "旧老").is_none());
    }

    #[test]
    fn remembered_scores_are_the_same() {
        let m = Matcher::new();
        for _ in 0..3 {
            assert_eq!(m.memo("ZhuJian", "zj", |m| m.score("ZhuJian", "zj")), m.score("ZhuJian", "zj"));
            assert_eq!(m.memo("ZhuJian", "zx", |m| m.score("ZhuJian", "zx")), None);
        }
    }

    #[test]
    fn camel_case_heads_win() {
        let m = Matcher::new();
        let (_, pos) = m.indices("LaoJiuXiaoQu'ou", "ljxq").unwrap();
        assert_eq!(pos, vec![0, 3, 6, 10]);
    }
}
