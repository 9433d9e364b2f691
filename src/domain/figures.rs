//! The one set of figures (DOMAIN.md "Figures every report needs"). The dashboard, the
//! report's paragraph and tables, the ranking, the ranking notice and the statistics export
//! all read what [`FigureSet::compute`] computes here from per-item facts, so a figure is
//! the same wherever it is shown and the parts always add up.
//!
//! ## Definitions (also in the README)
//!
//! Items are filed items (已立案). A *replying unit* is a lead (主办) or split (分办) unit with
//! an active assignment; a co-handling unit (会办) sends an opinion, not a reply. A unit's
//! *standing reply* is its latest reply that review has not returned (the `standing_reply`
//! view of migration 004); it *replied* on the date of its first such reply.
//!
//! | figure | counts | over |
//! |---|---|---|
//! | 答复 replied / 答复率 | items whose every replying unit replied | items |
//! | 按时答复 on time / 按时答复率 | replied items whose every reply came by its unit's deadline | items due: replied or overdue |
//! | 逾期 overdue (逾期未答复) | items with a replying unit that has not replied and whose deadline is before today | — |
//! | 超期答复 late | replied items with a reply after its unit's deadline | — |
//! | 面复 / 面复率 | items a replying unit replied to face to face | items |
//! | 负责人面复 / 负责人面复率 | items the head (主要负责人) of a replying unit replied to face to face | items |
//! | 满意率 | items whose latest round of feedback counts as satisfied ([`counts_as_satisfied`]) | items with feedback |
//! | 初次满意率 | the same for the first round | items with first-round feedback |
//! | 二次办理 / 转为满意 | items with a second round / of those, a round that turned satisfied ([`turned_satisfied`]) | — |
//! | 催办 / 约谈 | reminders / interviews logged on the items (件次) | — |
//! | 重点 / 领导包案 | key items / items with a leader named or a second round a leader took; each with replied and satisfied | — |
//!
//! 逾期 means only "past the deadline without a reply": a reply that came after its deadline
//! is 超期答复, never 逾期. Per unit ([`UnitFigures`]) the same definitions apply to each of
//! its lead and split assignments (个次: a unit counted once per item it handles).
//! Rounding is described in [`super::rate`].
pub use super::rate::{fmt_tenths, shares, Rate};
pub use super::unit_figures::{per_unit, UnitFigures};
use super::{Kind, Role, Satisfaction, SecondReason, Timing};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// "Counts as satisfied": 满意 or 基本满意. Every satisfaction rate, the second rounds turned
/// satisfied and the closure checklist's "feedback not unsatisfied" use this one rule.
pub fn counts_as_satisfied(level: Satisfaction) -> bool {
    level != Satisfaction::Unsatisfied
}

/// One second-round entry (二次办理) as the figures read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondRoundFacts {
    pub reason: SecondReason,
    /// The outcome recorded when the round finished; `None` while it runs.
    pub outcome: Option<Satisfaction>,
}

/// 转为满意: the second round finished with an outcome that counts as satisfied. The one
/// definition the dashboard, queue, report and export read.
pub fn turned_satisfied(round: &SecondRoundFacts) -> bool {
    round.outcome.is_some_and(counts_as_satisfied)
}

/// One commitment (承诺事项) of a unit's reply that review has not returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitmentFacts {
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl CommitmentFacts {
    /// Counted by "commitments kept": done, or past its date (`due_on` before `today`).
    /// A commitment not yet due and not done is not counted either way.
    pub fn due(&self, today: NaiveDate) -> bool {
        self.done_on.is_some() || self.due_on < today
    }

    /// 按期兑现: done on or before its date.
    pub fn kept(&self) -> bool {
        self.done_on.is_some_and(|d| d <= self.due_on)
    }
}

/// One lead, split or co-handling unit on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPart {
    pub unit_id: i64,
    pub role: Role,
    pub deadline: NaiveDate,
    /// The date of its first reply that review did not return; `None` while unanswered.
    /// Always `None` for co-handling units (they send an opinion, not a reply).
    pub replied_on: Option<NaiveDate>,
    /// The result class of its standing reply.
    pub class: Option<String>,
    /// It replied face to face (面复); never for co-handling units.
    pub face_to_face: bool,
    /// Its head (主要负责人) replied face to face.
    pub head_face_to_face: bool,
    /// Reminders (催办) and interviews (约谈) logged on this item to this unit.
    pub reminders: u32,
    pub interviews: u32,
    /// The commitments of its replies that review has not returned (none for co-handling).
    pub commitments: Vec<CommitmentFacts>,
}

impl UnitPart {
    /// Replied, every reply by the deadline.
    pub fn on_time(&self) -> bool {
        self.replied_on.is_some_and(|d| d <= self.deadline)
    }

    /// Replied after the deadline (超期答复).
    pub fn late(&self) -> bool {
        self.replied_on.is_some_and(|d| d > self.deadline)
    }

    /// 逾期: a replying unit, no reply, and the deadline is before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.role.replies() && self.replied_on.is_none() && self.deadline < today
    }
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
    /// Its second-round entries.
    pub second_rounds: Vec<SecondRoundFacts>,
    /// A key item (重点).
    pub key_item: bool,
    /// A leader is named on it (牵头领导).
    pub leader: bool,
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
        self.replied() && self.replying().all(UnitPart::on_time)
    }

    /// 逾期: a replying unit has not replied and its deadline is before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.replying().any(|u| u.overdue(today))
    }

    /// Counted by the on-time rate: replied, or overdue. An item still within its deadline
    /// is not yet due, so newly assigned work never lowers the rate.
    pub fn due(&self, today: NaiveDate) -> bool {
        self.replied() || self.overdue(today)
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

    /// Some replying unit replied face to face.
    pub fn face_to_face(&self) -> bool {
        self.units.iter().any(|u| u.face_to_face)
    }

    /// The head of some replying unit replied face to face.
    pub fn head_face_to_face(&self) -> bool {
        self.units.iter().any(|u| u.head_face_to_face)
    }

    /// The latest feedback counts as satisfied.
    pub fn satisfied(&self) -> bool {
        self.final_feedback.is_some_and(counts_as_satisfied)
    }

    /// A second round turned satisfied.
    pub fn turned_satisfied(&self) -> bool {
        self.second_rounds.iter().any(turned_satisfied)
    }

    /// 领导包案: a leader is named on it, or a leader took a second round of it.
    pub fn leader_case(&self) -> bool {
        self.leader || self.second_rounds.iter().any(|r| r.reason == SecondReason::Leader)
    }
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

/// A group of items followed on its own (重点, 领导包案): how many, replied, satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Subset {
    pub items: u32,
    pub replied: u32,
    pub with_feedback: u32,
    /// Latest feedback counts as satisfied.
    pub satisfied: u32,
}

impl Subset {
    fn add(&mut self, it: &ItemFacts) {
        self.items += 1;
        self.replied += u32::from(it.replied());
        self.with_feedback += u32::from(it.final_feedback.is_some());
        self.satisfied += u32::from(it.satisfied());
    }

    /// 满意率 of the group: satisfied over its items with feedback.
    pub fn satisfaction_rate(&self) -> Rate {
        Rate { num: self.satisfied, den: self.with_feedback }
    }
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
    /// Unit assignments by role (个次: one item may count several split or co-handling units).
    pub lead: u32,
    pub split: u32,
    pub co_handling: u32,
    /// Result classes in scheme order; a last entry with an empty code counts items with no
    /// class yet, present only when there are some. Shares sum to 100.0%.
    pub classes: Vec<ClassShare>,
    pub replied: u32,
    pub on_time: u32,
    /// 超期答复: replied after a deadline.
    pub late: u32,
    /// 逾期 (逾期未答复): not replied and past a deadline.
    pub overdue: u32,
    /// Items the on-time rate counts: replied or overdue.
    pub due: u32,
    pub face_to_face: u32,
    pub head_face_to_face: u32,
    pub with_feedback: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// First-round feedback: items with it, and of those counting as satisfied.
    pub first_with_feedback: u32,
    pub first_satisfied: u32,
    /// Items with a second round, and of those turned satisfied.
    pub second_rounds: u32,
    pub turned_satisfied: u32,
    /// Reminders (催办) and interviews (约谈), 件次.
    pub reminders: u32,
    pub interviews: u32,
    /// Key items (重点) and leader cases (领导包案).
    pub key: Subset,
    pub leader: Subset,
}

impl Figures {
    /// The figures of `items` (borrowed: a breakdown never copies the facts); `codes` are
    /// the scheme's class codes in order.
    pub fn compute<'a>(items: impl IntoIterator<Item = &'a ItemFacts>, codes: &[String], today: NaiveDate) -> Figures {
        let mut f = Figures::default();
        let mut units = BTreeSet::new();
        let mut class_counts = vec![0u32; codes.len()];
        let mut unclassified = 0;
        for it in items {
            f.items += 1;
            match it.timing {
                Timing::During => f.during += 1,
                Timing::Between => f.between += 1,
            }
            let n = |r: Role| it.units.iter().filter(|u| u.role == r).count() as u32;
            let (l, s, c) = (n(Role::Lead), n(Role::Split), n(Role::CoHandling));
            (f.lead, f.split, f.co_handling) = (f.lead + l, f.split + s, f.co_handling + c);
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
            f.due += u32::from(it.due(today));
            f.face_to_face += u32::from(it.face_to_face());
            f.head_face_to_face += u32::from(it.head_face_to_face());
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
                f.first_satisfied += u32::from(counts_as_satisfied(level));
            }
            f.second_rounds += u32::from(!it.second_rounds.is_empty());
            f.turned_satisfied += u32::from(it.turned_satisfied());
            f.reminders += it.units.iter().map(|u| u.reminders).sum::<u32>();
            f.interviews += it.units.iter().map(|u| u.interviews).sum::<u32>();
            if it.key_item {
                f.key.add(it);
            }
            if it.leader_case() {
                f.leader.add(it);
            }
        }
        f.units = units.len() as u32;
        let mut counts = class_counts.clone();
        if unclassified > 0 {
            counts.push(unclassified);
        }
        f.classes = counts
            .iter()
            .zip(shares(&counts))
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

    /// 按时答复率: items replied by every deadline, over items due (replied or overdue).
    /// Items still within their deadline are not counted.
    pub fn on_time_rate(&self) -> Rate {
        Rate { num: self.on_time, den: self.due }
    }

    /// 面复率: items with a face-to-face reply, over items.
    pub fn face_to_face_rate(&self) -> Rate {
        self.of(self.face_to_face)
    }

    /// 负责人面复率: items the head of a replying unit met face to face, over items.
    pub fn head_face_to_face_rate(&self) -> Rate {
        self.of(self.head_face_to_face)
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

/// Every figure of a set of items, computed once: all together, per kind, per meeting and
/// per unit. The store's `figure_book` fills it from the ledger; every screen, report and
/// export reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FigureSet {
    pub all: Figures,
    /// Per kind with items, suggestions first.
    pub kinds: Vec<(Kind, Figures)>,
    /// Per meeting with items, by meeting id.
    pub meetings: Vec<(i64, Figures)>,
    /// Per unit with an assignment, by unit id.
    pub units: Vec<UnitFigures>,
}

impl FigureSet {
    /// The figures of `items` in every breakdown.
    pub fn compute(items: &[ItemFacts], codes: &[String], today: NaiveDate) -> FigureSet {
        let of = |keep: &dyn Fn(&ItemFacts) -> bool| {
            let some: Vec<&ItemFacts> = items.iter().filter(|i| keep(i)).collect();
            (!some.is_empty()).then(|| Figures::compute(some, codes, today))
        };
        let meeting_ids: BTreeSet<i64> = items.iter().map(|i| i.meeting_id).collect();
        FigureSet {
            all: Figures::compute(items, codes, today),
            kinds: Kind::ALL.iter().filter_map(|k| of(&|i| i.kind == *k).map(|f| (*k, f))).collect(),
            meetings: meeting_ids.into_iter().filter_map(|m| of(&|i| i.meeting_id == m).map(|f| (m, f))).collect(),
            units: per_unit(items, codes, today),
        }
    }

    /// The figures of one meeting.
    pub fn meeting(&self, id: i64) -> Option<&Figures> {
        self.meetings.iter().find(|(m, _)| *m == id).map(|(_, f)| f)
    }

    /// The figures of one kind.
    pub fn kind(&self, kind: Kind) -> Option<&Figures> {
        self.kinds.iter().find(|(k, _)| *k == kind).map(|(_, f)| f)
    }

    /// Reminders and interviews logged on a unit as a whole (no item): they count in the
    /// figures of every meeting together and in the unit's own, not in a meeting's.
    pub fn add_unit_reminders(&mut self, unit_id: i64, reminders: u32, interviews: u32) {
        self.all.reminders += reminders;
        self.all.interviews += interviews;
        if let Some(u) = self.units.iter_mut().find(|u| u.unit_id == unit_id) {
            u.reminders += reminders;
            u.interviews += interviews;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(crate) fn part(unit: i64, role: Role, replied: Option<&str>, class: Option<&str>) -> UnitPart {
        UnitPart {
            unit_id: unit,
            role,
            deadline: d("2026-06-10"),
            replied_on: replied.map(d),
            class: class.map(String::from),
            face_to_face: false,
            head_face_to_face: false,
            reminders: 0,
            interviews: 0,
            commitments: Vec::new(),
        }
    }

    fn item(id: i64, units: Vec<UnitPart>) -> ItemFacts {
        ItemFacts {
            item_id: id,
            meeting_id: 1,
            kind: Kind::Proposal,
            timing: Timing::During,
            units,
            first_feedback: None,
            final_feedback: None,
            second_rounds: Vec::new(),
            key_item: false,
            leader: false,
        }
    }

    #[test]
    fn split_items_take_the_least_favourable_class() {
        let codes: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        let it = item(
            1,
            vec![
                part(1, Role::Split, Some("2026-05-01"), Some("A")),
                part(2, Role::Split, Some("2026-07-01"), Some("C")),
                part(3, Role::CoHandling, None, None),
            ],
        );
        assert_eq!(it.class(&codes).as_deref(), Some("C"));
        assert!(it.replied() && !it.on_time());
        let f = Figures::compute(std::slice::from_ref(&it), &codes, d("2026-11-22"));
        assert_eq!((f.split_items, f.split, f.co_handled_items, f.units, f.late), (1, 2, 1, 3, 1));
        let u = per_unit(&[it], &codes, d("2026-11-22"));
        assert_eq!((u[0].on_time, u[1].late, u[2].co_handling), (1, 1, 1));
    }

    #[test]
    fn items_not_yet_due_leave_the_on_time_rate_alone() {
        let codes: Vec<String> = vec!["A".into()];
        let today = d("2026-07-01");
        let mut items = vec![
            item(1, vec![part(1, Role::Lead, Some("2026-06-01"), Some("A"))]),
            item(2, vec![part(1, Role::Lead, None, None)]),
        ];
        let before = Figures::compute(&items, &codes, today);
        assert_eq!((before.on_time, before.due, before.overdue), (1, 2, 1));
        assert_eq!(before.on_time_rate().percent(), "50.0%");
        for id in 3..8 {
            let mut p = part(1, Role::Lead, None, None);
            p.deadline = d("2026-09-30");
            items.push(item(id, vec![p]));
        }
        let after = Figures::compute(&items, &codes, today);
        assert_eq!(after.on_time_rate(), before.on_time_rate());
        assert_eq!(after.overdue, before.overdue, "not yet due is not 逾期");
        assert_eq!(
            per_unit(&items, &codes, today)[0].on_time_rate(),
            per_unit(&items[..2], &codes, today)[0].on_time_rate()
        );
    }

    #[test]
    fn key_items_and_leader_cases_are_counted_with_their_replies_and_feedback() {
        let codes: Vec<String> = vec!["A".into()];
        let mut a = item(1, vec![part(1, Role::Lead, Some("2026-06-01"), Some("A"))]);
        a.key_item = true;
        a.final_feedback = Some(Satisfaction::Basic);
        let mut b = item(2, vec![part(1, Role::Lead, None, None)]);
        b.second_rounds.push(SecondRoundFacts { reason: SecondReason::Leader, outcome: None });
        let mut c = item(3, vec![part(2, Role::Lead, Some("2026-06-01"), Some("A"))]);
        c.leader = true;
        c.key_item = true;
        c.final_feedback = Some(Satisfaction::Unsatisfied);
        c.units[0].head_face_to_face = true;
        c.units[0].face_to_face = true;
        let f = Figures::compute(&[a, b, c], &codes, d("2026-07-01"));
        assert_eq!(f.key, Subset { items: 2, replied: 2, with_feedback: 2, satisfied: 1 });
        assert_eq!(f.leader, Subset { items: 2, replied: 1, with_feedback: 1, satisfied: 0 });
        assert_eq!((f.head_face_to_face, f.head_face_to_face_rate().percent()), (1, "33.3%".to_string()));
    }

    #[test]
    fn a_second_round_turns_satisfied_only_on_a_satisfied_outcome() {
        let r = |outcome| SecondRoundFacts { reason: SecondReason::Feedback, outcome };
        assert!(turned_satisfied(&r(Some(Satisfaction::Satisfied))));
        assert!(turned_satisfied(&r(Some(Satisfaction::Basic))));
        assert!(!turned_satisfied(&r(Some(Satisfaction::Unsatisfied))));
        assert!(!turned_satisfied(&r(None)), "still running");
    }
}
