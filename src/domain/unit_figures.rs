//! Per-unit figures (个次): the definitions of [`super::figures`] applied to each lead and
//! split assignment of a unit, so that a unit is counted once per item it handles. The
//! report's per-unit table, the ranking and the statistics export read these.
use super::face_to_face::HeadRule;
use super::figures::{counts_as_satisfied, ItemFacts};
use super::rate::Rate;
use super::Role;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One unit's figures (the per-unit table).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitFigures {
    pub unit_id: i64,
    pub lead: u32,
    pub split: u32,
    pub co_handling: u32,
    /// Its lead and split assignments replied, on time, late (超期答复), and overdue
    /// (逾期: no reply, past the deadline).
    pub replied: u32,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
    /// Replied or overdue: what its on-time rate counts.
    pub due: u32,
    /// Its lead and split assignments replied face to face, and by its head.
    pub face_to_face: u32,
    pub head_face_to_face: u32,
    /// Items it leads or splits with feedback, and of those counting as satisfied.
    pub with_feedback: u32,
    pub satisfied: u32,
    /// The same for the first round of feedback.
    pub first_with_feedback: u32,
    pub first_satisfied: u32,
    /// Items it leads or splits that went to a second round (二次办理).
    pub second_rounds: u32,
    /// Commitments of its replies that are due (done, or past their date), and of those
    /// done by their date (按期兑现).
    pub commitments_due: u32,
    pub commitments_kept: u32,
    /// Reminders (催办) and interviews (约谈) logged to it.
    pub reminders: u32,
    pub interviews: u32,
    /// Its replies by class, in scheme order.
    pub classes: Vec<u32>,
}

impl UnitFigures {
    /// Its lead and split assignments.
    pub fn replying(&self) -> u32 {
        self.lead + self.split
    }

    /// 按时答复率: on time over its assignments due (replied or overdue).
    pub fn on_time_rate(&self) -> Rate {
        Rate { num: self.on_time, den: self.due }
    }

    /// 面复率 over its lead and split assignments.
    pub fn face_to_face_rate(&self) -> Rate {
        Rate { num: self.face_to_face, den: self.replying() }
    }

    /// 满意率 over its items with feedback.
    pub fn satisfaction_rate(&self) -> Rate {
        Rate { num: self.satisfied, den: self.with_feedback }
    }

    /// 初次满意率 over its items with first-round feedback.
    pub fn first_satisfaction_rate(&self) -> Rate {
        Rate { num: self.first_satisfied, den: self.first_with_feedback }
    }

    /// Its lead and split items that went to no second round, over them.
    pub fn no_second_round_rate(&self) -> Rate {
        Rate { num: self.replying() - self.second_rounds, den: self.replying() }
    }

    /// 承诺按期兑现率: commitments done by their date, over commitments due.
    pub fn commitments_kept_rate(&self) -> Rate {
        Rate { num: self.commitments_kept, den: self.commitments_due }
    }

    /// The head-reply rule of seed 003 (`threshold` from rules.toml) over its items due:
    /// an item still within its deadline does not yet ask for the head.
    pub fn head_rule(&self, threshold: u32) -> HeadRule {
        HeadRule::new(self.due, self.head_face_to_face, threshold)
    }
}

/// Per-unit figures of `items`, ordered by unit id.
pub fn per_unit(items: &[ItemFacts], codes: &[String], today: NaiveDate) -> Vec<UnitFigures> {
    let mut by: BTreeMap<i64, UnitFigures> = BTreeMap::new();
    for it in items {
        add_to_units(&mut by, it, codes, today);
    }
    by.into_values().collect()
}

/// Counts one item in the figures of each of its units (by unit id): [`per_unit`] one item
/// at a time.
pub fn add_to_units(by: &mut BTreeMap<i64, UnitFigures>, it: &ItemFacts, codes: &[String], today: NaiveDate) {
    for u in &it.units {
        let f = by.entry(u.unit_id).or_insert_with(|| UnitFigures {
            unit_id: u.unit_id,
            classes: vec![0; codes.len()],
            ..UnitFigures::default()
        });
        f.reminders += u.reminders;
        f.interviews += u.interviews;
        match u.role {
            Role::Lead => f.lead += 1,
            Role::Split => f.split += 1,
            Role::CoHandling => {
                f.co_handling += 1;
                continue;
            }
        }
        f.replied += u32::from(u.replied_on.is_some());
        f.on_time += u32::from(u.on_time());
        f.late += u32::from(u.late());
        f.overdue += u32::from(u.overdue(today));
        f.due += u32::from(u.replied_on.is_some() || u.overdue(today));
        f.face_to_face += u32::from(u.face_to_face);
        f.head_face_to_face += u32::from(u.head_face_to_face);
        if let Some(level) = it.final_feedback {
            f.with_feedback += 1;
            f.satisfied += u32::from(counts_as_satisfied(level));
        }
        if let Some(level) = it.first_feedback {
            f.first_with_feedback += 1;
            f.first_satisfied += u32::from(counts_as_satisfied(level));
        }
        f.second_rounds += u32::from(!it.second_rounds.is_empty());
        f.commitments_due += u.commitments.iter().filter(|c| c.due(today)).count() as u32;
        f.commitments_kept += u.commitments.iter().filter(|c| c.kept()).count() as u32;
        if let Some(i) = u.class.as_ref().and_then(|c| codes.iter().position(|k| k == c)) {
            f.classes[i] += 1;
        }
    }
}
