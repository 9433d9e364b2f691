//! The one place that uses fuzzy-matcher (`SkimMatcherV2`, last released 2020): a small
//! wrapper, so swapping the algorithm touches this file only.
//!
//! Keep one [`Matcher`] per thread: the skim matcher caches its score matrix in
//! thread-local cells behind an atomic, and sharing one across threads barely scales.
use fuzzy_matcher::skim::SkimMatcherV2;

/// A fuzzy matcher for one thread.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl Matcher {
    /// A case-insensitive matcher (pinyin keys are CamelCase; queries are lower case).
    pub fn new() -> Matcher {
        Matcher { skim: SkimMatcherV2::default().ignore_case() }
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
    fn camel_case_heads_win() {
        let m = Matcher::new();
        let (_, pos) = m.indices("LaoJiuXiaoQu'ou", "ljxq").unwrap();
        assert_eq!(pos, vec![0, 3, 6, 10]);
    }
}
