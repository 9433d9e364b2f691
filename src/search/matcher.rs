//! The one place that uses fuzzy-matcher (`SkimMatcherV2`, last released 2020): a small
//! wrapper, so swapping the algorithm touches this file only.
//!
//! Keep one [`Matcher`] per thread: the skim matcher caches its score matrix in
//! thread-local cells behind an atomic, and sharing one across threads barely scales.
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cell::RefCell;
use std::collections::HashMap;

/// Distinct choices remembered per pattern before the memo is cleared.
const MEMO_LIMIT: usize = 50_000;

/// A fuzzy matcher for one thread.
pub struct Matcher {
    skim: SkimMatcherV2,
    /// pattern → choice → score, for [`Matcher::score_memo`].
    memo: RefCell<HashMap<String, HashMap<Box<str>, Option<i64>>>>,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl Matcher {
    /// A case-insensitive matcher (pinyin keys are CamelCase; queries are lower case).
    pub fn new() -> Matcher {
        Matcher { skim: SkimMatcherV2::default().ignore_case(), memo: RefCell::new(HashMap::new()) }
    }

    /// [`Matcher::score`], remembered: for short choices that repeat across many documents
    /// (the few syllables a pinyin word spells: 住建, 重庆), looking the verdict up costs a
    /// fraction of matching again.
    pub fn score_memo(&self, choice: &str, pattern: &str) -> Option<i64> {
        let mut memo = self.memo.borrow_mut();
        if let Some(v) = memo.get(pattern).and_then(|m| m.get(choice)) {
            return *v;
        }
        let v = self.score(choice, pattern);
        let m = memo.entry(pattern.to_string()).or_default();
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(choice.into(), v);
        v
    }

    /// The score of `pattern` as a subsequence of `choice` (higher is better), or `None`.
    pub fn score(&self, choice: &str, pattern: &str) -> Option<i64> {
        self.skim.fuzzy(choice, pattern, false).map(|(s, _)| s)
    }

    /// The score and the matched positions, as character indices into `choice`.
    pub fn indices(&self, choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        self.skim.fuzzy(choice, pattern, true)
    }
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
            assert_eq!(m.score_memo("ZhuJian", "zj"), m.score("ZhuJian", "zj"));
            assert_eq!(m.score_memo("ZhuJian", "zx"), None);
        }
    }

    #[test]
    fn camel_case_heads_win() {
        let m = Matcher::new();
        let (_, pos) = m.indices("LaoJiuXiaoQu'ou", "ljxq").unwrap();
        assert_eq!(pos, vec![0, 3, 6, 10]);
    }
}
