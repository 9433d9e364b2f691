//! The figures every report needs (DOMAIN.md "Figures every report needs"), computed from
//! per-item facts so that they always add up.
//!
//! **Rounding.** A single rate (面复率, 满意率…) is rounded half up to one decimal. The
//! shares of a breakdown (result classes) use the largest-remainder method (Hamilton): each
//! share is first cut down to a tenth of a percent, then the tenths still missing from
//! 100.0% go, one each, to the shares that lost the most in the cut (ties: the larger
//! count, then the earlier class). So a breakdown always sums to exactly 100.0%, and no
//! share is ever more than 0.1 away from its true value. Seed 000's published
//! 71.7% / 22.6% / 5.7% (162, 51, 13 of 226) is exactly what this gives; plain rounding
//! would give 5.8% and a total of 100.1%.
use super::{Kind, Role, Satisfaction, Timing};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// One lead, split or co-handling unit on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPart {
    pub unit_id: i64,
    pub role: Role,
    pub deadline: NaiveDate,
    /// The date of its first reply that was not returned; `None` while unanswered.
    /// Always `None` for co-handling units (they send an opinion, not a reply).
    pub replied_on: Option<NaiveDate>,
    /// The result class of its latest reply that was not returned.
    pub class: Option<String>,
    /// It replied face to face (面复).
    pub face_to_face: bool,
}

/// What the figures need to know about one filed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFacts {
    pub item_id: i64,
    pub meeting_id: i64,
    pub kind: Kind,
    pub timing: Timing,
    /// Active assignments.
    pub units: Vec<UnitPart>,
    /// The least satisfied opinion of the first round of feedback.
    pub first_feedback: Option<Satisfaction>,
    /// The least satisfied opinion of the latest round (after a second round, if any).
    pub final_feedback: Option<Satisfaction>,
    /// It went through a second round (二次办理).
    pub second_round: bool,
    /// A second round closed with the proposer satisfied or basically satisfied.
    pub turned_satisfied: bool,
}

impl ItemFacts {
    fn replying(&self) -> impl Iterator<Item = &UnitPart> {
        self.units.iter().filter(|u| u.role.replies())
    }

    /// Every lead or split unit has replied.
    pub fn replied(&self) -> bool {
        self.replying().count() > 0 && self.replying().all(|u| u.replied_on.is_some())
    }

    /// Replied, and every reply by its deadline.
    pub fn on_time(&self) -> bool {
        self.replied() && self.replying().all(|u| u.replied_on.is_some_and(|d| d <= u.deadline))
    }

    /// Not yet replied, and a deadline of an unanswered unit has passed.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.replying().any(|u| u.replied_on.is_none() && u.deadline < today)
    }

    /// The item's result class: the lead unit's; for split items the least favourable of
    /// the split units' classes (the item is only as solved as its least-solved part).
    /// `None` until every replying unit has a class.
    pub fn class(&self, codes: &[String]) -> Option<String> {
        let classes: Vec<&str> = self.replying().map(|u| u.class.as_deref().unwrap_or("")).collect();
        if classes.is_empty() || classes.iter().any(|c| c.is_empty()) {
            return None;
        }
        classes.into_iter().max_by_key(|c| codes.iter().position(|k| k == c).unwrap_or(usize::MAX)).map(String::from)
    }

    /// Some unit replied face to face.
    pub fn face_to_face(&self) -> bool {
        self.units.iter().any(|u| u.face_to_face)
    }
}

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

/// One result class's count and share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassShare {
    /// The class code; empty for items without a class yet (not replied).
    pub code: String,
    pub count: u32,
    /// Tenths of a percent of all items.
    pub tenths: u32,
}

/// The figures of a set of items (one meeting, one kind, or all).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    pub items: u32,
    /// Distinct units with an assignment in any role.
    pub units: u32,
    pub during: u32,
    pub between: u32,
    /// Items with a lead unit, with split units, with at least one co-handling unit.
    pub lead_items: u32,
    pub split_items: u32,
    pub co_handled_items: u32,
    /// Unit assignments by role (one item may count several split or co-handling units).
    pub lead: u32,
    pub split: u32,
    pub co_handling: u32,
    /// Result classes in scheme order; a last entry with an empty code counts items with no
    /// class yet, present only when there are some. Shares sum to 100.0%.
    pub classes: Vec<ClassShare>,
    pub replied: u32,
    pub on_time: u32,
    /// Replied after a deadline.
    pub late: u32,
    /// Not replied and past a deadline.
    pub overdue: u32,
    pub face_to_face: u32,
    pub with_feedback: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// First-round feedback: items with it, and satisfied or basically satisfied.
    pub first_with_feedback: u32,
    pub first_satisfied: u32,
    pub second_rounds: u32,
    pub turned_satisfied: u32,
}

impl Figures {
    /// The figures of `items`; `codes` are the scheme's class codes in order.
    pub fn compute(items: &[ItemFacts], codes: &[String], today: NaiveDate) -> Figures {
        let mut f = Figures { items: items.len() as u32, ..Figures::default() };
        let mut units = BTreeSet::new();
        let mut class_counts = vec![0u32; codes.len()];
        let mut unclassified = 0;
        for it in items {
            match it.timing {
                Timing::During => f.during += 1,
                Timing::Between => f.between += 1,
            }
            let n = |r: Role| it.units.iter().filter(|u| u.role == r).count() as u32;
            let (l, s, c) = (n(Role::Lead), n(Role::Split), n(Role::CoHandling));
            f.lead += l;
            f.split += s;
            f.co_handling += c;
            f.lead_items += u32::from(l > 0);
            f.split_items += u32::from(s > 0);
            f.co_handled_items += u32::from(c > 0);
            units.extend(it.units.iter().map(|u| u.unit_id));
            match it.class(codes).and_then(|c| codes.iter().position(|k| *k == c)) {
                Some(i) => class_counts[i] += 1,
                None => unclassified += 1,
            }
            f.replied += u32::from(it.replied());
            f.on_time += u32::from(it.on_time());
            f.late += u32::from(it.replied() && !it.on_time());
            f.overdue += u32::from(it.overdue(today));
            f.face_to_face += u32::from(it.face_to_face());
            if let Some(level) = it.final_feedback {
                f.with_feedback += 1;
                match level {
                    Satisfaction::Satisfied => f.satisfied += 1,
                    Satisfaction::Basic => f.basic += 1,
                    Satisfaction::Unsatisfied => f.unsatisfied += 1,
                }
            }
            if let Some(level) = it.first_feedback {
                f.first_with_feedback += 1;
                f.first_satisfied += u32::from(level != Satisfaction::Unsatisfied);
            }
            f.second_rounds += u32::from(it.second_round);
            f.turned_satisfied += u32::from(it.turned_satisfied);
        }
        f.units = units.len() as u32;
        let mut counts = class_counts.clone();
        if unclassified > 0 {
            counts.push(unclassified);
        }
        let tenths = shares(&counts);
        f.classes = counts
            .iter()
            .zip(tenths)
            .enumerate()
            .map(|(i, (count, tenths))| ClassShare {
                code: codes.get(i).cloned().unwrap_or_default(),
                count: *count,
                tenths,
            })
            .collect();
        f
    }

    fn of(&self, num: u32) -> Rate {
        Rate { num, den: self.items }
    }

    /// 答复率: items replied by every lead or split unit, over items.
    pub fn reply_rate(&self) -> Rate {
        self.of(self.replied)
    }

    /// 按时答复率: items replied by every deadline, over items.
    pub fn on_time_rate(&self) -> Rate {
        self.of(self.on_time)
    }

    /// 面复率: items with a face-to-face reply, over items.
    pub fn face_to_face_rate(&self) -> Rate {
        self.of(self.face_to_face)
    }

    /// 满意率: satisfied and basically satisfied, over items with feedback (latest round).
    pub fn satisfaction_rate(&self) -> Rate {
        Rate { num: self.satisfied + self.basic, den: self.with_feedback }
    }

    /// 初次满意率: the same over the first round's feedback.
    pub fn first_satisfaction_rate(&self) -> Rate {
        Rate { num: self.first_satisfied, den: self.first_with_feedback }
    }
}

/// One unit's figures (the per-unit table).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitFigures {
    pub unit_id: i64,
    pub lead: u32,
    pub split: u32,
    pub co_handling: u32,
    /// Its lead and split assignments replied, on time, late, and overdue unanswered.
    pub replied: u32,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
    pub face_to_face: u32,
    /// Items it leads or splits with feedback, and of those satisfied or basically satisfied.
    pub with_feedback: u32,
    pub satisfied: u32,
    /// Its replies by class, in scheme order.
    pub classes: Vec<u32>,
}

impl UnitFigures {
    /// Its lead and split assignments.
    pub fn replying(&self) -> u32 {
        self.lead + self.split
    }

    /// 面复率 over its lead and split assignments.
    pub fn face_to_face_rate(&self) -> Rate {
        Rate { num: self.face_to_face, den: self.replying() }
    }

    /// 满意率 over its items with feedback.
    pub fn satisfaction_rate(&self) -> Rate {
        Rate { num: self.satisfied, den: self.with_feedback }
    }
}

/// Per-unit figures of `items`, ordered by unit id.
pub fn per_unit(items: &[ItemFacts], codes: &[String], today: NaiveDate) -> Vec<UnitFigures> {
    let mut by: BTreeMap<i64, UnitFigures> = BTreeMap::new();
    for it in items {
        for u in &it.units {
            let f = by.entry(u.unit_id).or_insert_with(|| UnitFigures {
                unit_id: u.unit_id,
                classes: vec![0; codes.len()],
                ..UnitFigures::default()
            });
            match u.role {
                Role::Lead => f.lead += 1,
                Role::Split => f.split += 1,
                Role::CoHandling => {
                    f.co_handling += 1;
                    continue;
                }
            }
            match u.replied_on {
                Some(d) => {
                    f.replied += 1;
                    if d <= u.deadline {
                        f.on_time += 1;
                    } else {
                        f.late += 1;
                    }
                }
                None if u.deadline < today => f.overdue += 1,
                None => {}
            }
            f.face_to_face += u32::from(u.face_to_face);
            if let Some(level) = it.final_feedback {
                f.with_feedback += 1;
                f.satisfied += u32::from(level != Satisfaction::Unsatisfied);
            }
            if let Some(i) = u.class.as_ref().and_then(|c| codes.iter().position(|k| k == c)) {
                f.classes[i] += 1;
            }
        }
    }
    by.into_values().collect()
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

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn part(unit: i64, role: Role, replied: Option<&str>, class: Option<&str>) -> UnitPart {
        UnitPart {
            unit_id: unit,
            role,
            deadline: d("2026-06-10"),
            replied_on: replied.map(d),
            class: class.map(String::from),
            face_to_face: false,
        }
    }

    #[test]
    fn split_items_take_the_least_favourable_class() {
        let codes: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        let it = ItemFacts {
            item_id: 1,
            meeting_id: 1,
            kind: Kind::Proposal,
            timing: Timing::During,
            units: vec![
                part(1, Role::Split, Some("2026-05-01"), Some("A")),
                part(2, Role::Split, Some("2026-07-01"), Some("C")),
                part(3, Role::CoHandling, None, None),
            ],
            first_feedback: None,
            final_feedback: None,
            second_round: false,
            turned_satisfied: false,
        };
        assert_eq!(it.class(&codes).as_deref(), Some("C"));
        assert!(it.replied() && !it.on_time());
        let f = Figures::compute(&[it.clone()], &codes, d("2026-11-22"));
        assert_eq!((f.split_items, f.split, f.co_handled_items, f.units, f.late), (1, 2, 1, 3, 1));
        let u = per_unit(&[it], &codes, d("2026-11-22"));
        assert_eq!((u[0].on_time, u[1].late, u[2].co_handling), (1, 1, 1));
    }
}
