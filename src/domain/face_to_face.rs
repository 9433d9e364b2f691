//! The head-reply rule of seed 003: a unit with `threshold` items or fewer has its head
//! reply face to face to all of them; with more, to at least `threshold`.

/// How a unit stands against the head-reply rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadRule {
    /// Items the unit handles as lead or split.
    pub items: u32,
    /// Of those, items its head replied to face to face.
    pub head_items: u32,
    /// How many the rule asks of the head.
    pub required: u32,
}

impl HeadRule {
    /// Applies the rule with the threshold from rules.toml.
    pub fn new(items: u32, head_items: u32, threshold: u32) -> HeadRule {
        HeadRule { items, head_items, required: items.min(threshold) }
    }

    /// Whether the unit complies.
    pub fn complies(&self) -> bool {
        self.head_items >= self.required
    }
}

/// 面复率: items with any face-to-face reply over items, as a percentage; `None` with no items.
pub fn rate(with_face_to_face: u32, items: u32) -> Option<f64> {
    (items > 0).then(|| f64::from(with_face_to_face) * 100.0 / f64::from(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_or_fewer_items_need_the_head_on_all() {
        assert!(HeadRule::new(3, 3, 3).complies());
        assert!(!HeadRule::new(3, 2, 3).complies());
        assert!(HeadRule::new(1, 1, 3).complies());
        assert!(HeadRule::new(0, 0, 3).complies());
    }

    #[test]
    fn more_items_need_the_head_on_at_least_the_threshold() {
        assert!(HeadRule::new(10, 3, 3).complies());
        assert!(!HeadRule::new(10, 2, 3).complies());
        assert_eq!(HeadRule::new(10, 2, 3).required, 3);
    }

    #[test]
    fn the_rate_is_computed() {
        assert_eq!(rate(1, 4), Some(25.0));
        assert_eq!(rate(0, 0), None);
    }
}
