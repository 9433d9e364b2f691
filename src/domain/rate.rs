//! Rates and shares as the reports write them.
//!
//! **Rounding.** A single rate (面复率, 满意率…) is rounded half up to one decimal. The
//! shares of a breakdown (result classes) use the largest-remainder method (Hamilton): each
//! share is first cut down to a tenth of a percent, then the tenths still missing from
//! 100.0% go, one each, to the shares that lost the most in the cut (ties: the larger
//! count, then the earlier class). So a breakdown always sums to exactly 100.0%, and no
//! share is ever more than 0.1 away from its true value. Seed 000's published
//! 71.7% / 22.6% / 5.7% (162, 51, 13 of 226) is exactly what this gives; plain rounding
//! would give 5.8% and a total of 100.1%.

/// A rate: `num` of `den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub num: u32,
    pub den: u32,
}

impl Rate {
    /// Tenths of a percent, rounded half up; `None` when there is nothing to divide by.
    pub fn tenths(self) -> Option<u32> {
        (self.den > 0).then(|| ((self.num as u64 * 2000 + self.den as u64) / (2 * self.den as u64)) as u32)
    }

    /// "71.7%", or "—" when the rate has no base.
    pub fn percent(self) -> String {
        self.tenths().map(fmt_tenths).unwrap_or_else(|| "—".into())
    }
}

/// Tenths of a percent as written in the reports: 717 → "71.7%".
pub fn fmt_tenths(t: u32) -> String {
    format!("{}.{}%", t / 10, t % 10)
}

/// Largest-remainder shares of `counts`, in tenths of a percent summing to exactly 1000
/// (all zero when the counts are).
pub fn shares(counts: &[u32]) -> Vec<u32> {
    let total: u64 = counts.iter().map(|c| *c as u64).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<u32> = counts.iter().map(|c| (*c as u64 * 1000 / total) as u32).collect();
    let missing = 1000 - out.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; then the larger count; then the earlier entry.
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i] as u64 * 1000 % total), std::cmp::Reverse(counts[i]), i));
    for &i in order.iter().take(missing as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_reproduces_seed_000() {
        // 162, 51, 13 of 226: published 71.7%, 22.6%, 5.7%.
        assert_eq!(shares(&[162, 51, 13]), [717, 226, 57]);
        // Plain rounding would give 71.7 + 22.6 + 5.8 = 100.1.
        assert_eq!(Rate { num: 13, den: 226 }.tenths(), Some(58));
    }

    #[test]
    fn shares_always_sum_to_a_hundred() {
        for counts in [vec![1, 1, 1], vec![115, 54, 1], vec![2, 3, 5, 7, 11, 13], vec![0, 0, 4], vec![999, 1]] {
            let s = shares(&counts);
            assert_eq!(s.iter().sum::<u32>(), 1000, "{counts:?} → {s:?}");
            let total: u32 = counts.iter().sum();
            for (c, t) in counts.iter().zip(&s) {
                let exact = *c as f64 * 1000.0 / total as f64;
                assert!((exact - *t as f64).abs() < 1.0, "{counts:?}: {t} vs {exact}");
            }
        }
        assert_eq!(shares(&[1, 1, 1]), [334, 333, 333], "ties go to the earlier entry");
        assert_eq!(shares(&[0, 0]), [0, 0]);
    }

    #[test]
    fn rates_round_half_up_and_say_when_empty() {
        assert_eq!(Rate { num: 115, den: 170 }.percent(), "67.6%");
        assert_eq!(Rate { num: 1, den: 8 }.percent(), "12.5%");
        assert_eq!(Rate { num: 1, den: 16 }.percent(), "6.3%", "6.25 rounds up");
        assert_eq!(Rate { num: 3, den: 3 }.percent(), "100.0%");
        assert_eq!(Rate { num: 0, den: 0 }.percent(), "—");
    }
}
