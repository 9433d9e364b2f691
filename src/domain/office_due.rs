//! The office's own deadlines: work the congress office owes (assigning an item filed between
//! sessions, answering a unit's reassignment request, publishing a public reply) or waits for
//! (the proposer's feedback form). Each is one rule of `data/rules.toml`, counted here and
//! nowhere else: the supervision screen's office pane, the dashboard and the item's detail
//! all read [`OfficeWork::due`] (through `Store::office_work`); `banli publish` records the
//! publishing that ends the last kind.
//!
//! | work | rule | counted from |
//! |---|---|---|
//! | 交办 (between sessions) | `deadlines.between_session.assign_within` | the filing date |
//! | 答复调整申请 | `windows.reassignment_answer` | the request date |
//! | 回收反馈 | `windows.feedback_return` | the reply date that completed the item's replies |
//! | 答复公开 | `windows.publish_reply` | the public reply's date |
use super::calendar::{Calendar, Counted};
use super::rules::{Period, Rules};
use chrono::NaiveDate;

crate::coded_enum! {
    /// A kind of office work with a deadline.
    pub enum OfficeWork {
        /// An item filed between sessions (闭会期间) waiting for its assignment.
        Assign = ("assign", "闭会期间交办", "Assign (between sessions)"),
        /// A unit's reassignment request (申请调整) waiting for the office's answer.
        ReassignmentAnswer = ("reassignment_answer", "答复调整申请", "Answer a reassignment request"),
        /// A replied item waiting for its proposers' feedback forms (征询意见表).
        FeedbackReturn = ("feedback_return", "回收反馈", "Feedback form back"),
        /// A reply marked public (公开) waiting to be published (统一公开).
        PublishReply = ("publish_reply", "答复公开", "Publish the reply"),
    }
}

/// Every kind, in the order the supervision screen lists them.
pub const ALL: [OfficeWork; 4] =
    [OfficeWork::Assign, OfficeWork::ReassignmentAnswer, OfficeWork::FeedbackReturn, OfficeWork::PublishReply];

impl OfficeWork {
    /// The rule's period, or `None` when the rules set none (an office without an
    /// `assign_within` has no assignment deadline for items filed between sessions).
    pub fn period(self, rules: &Rules) -> Option<Period> {
        match self {
            OfficeWork::Assign => rules.deadlines.between_session.assign_within,
            OfficeWork::ReassignmentAnswer => Some(rules.windows.reassignment_answer),
            OfficeWork::FeedbackReturn => Some(rules.windows.feedback_return),
            OfficeWork::PublishReply => Some(rules.windows.publish_reply),
        }
    }

    /// The deadline of work that started on `from` (see the module's table).
    pub fn due(self, rules: &Rules, cal: &Calendar, from: NaiveDate) -> Option<Counted> {
        self.period(rules).map(|p| rules.add(cal, from, p))
    }

    /// The word a tight line uses (the dashboard): 交办, 调整, 反馈, 公开.
    pub fn short(self, lang: crate::text::Lang) -> &'static str {
        use crate::text::Lang::{En, Zh};
        match (self, lang) {
            (OfficeWork::Assign, Zh) => "交办",
            (OfficeWork::Assign, En) => "assign",
            (OfficeWork::ReassignmentAnswer, Zh) => "调整",
            (OfficeWork::ReassignmentAnswer, En) => "requests",
            (OfficeWork::FeedbackReturn, Zh) => "反馈",
            (OfficeWork::FeedbackReturn, En) => "feedback",
            (OfficeWork::PublishReply, Zh) => "公开",
            (OfficeWork::PublishReply, En) => "publish",
        }
    }

    /// The date the work started, as its form names it.
    pub fn from_label(self, lang: crate::text::Lang) -> &'static str {
        use crate::text::Lang::{En, Zh};
        match (self, lang) {
            (OfficeWork::Assign, Zh) => "提出日期",
            (OfficeWork::Assign, En) => "filed",
            (OfficeWork::ReassignmentAnswer, Zh) => "申请日期",
            (OfficeWork::ReassignmentAnswer, En) => "requested",
            (OfficeWork::FeedbackReturn | OfficeWork::PublishReply, Zh) => "答复日期",
            (OfficeWork::FeedbackReturn | OfficeWork::PublishReply, En) => "replied",
        }
    }
}

/// Whether work done on `done` (or still open, `None`, as of `today`) missed its deadline.
pub fn late(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> bool {
    done.unwrap_or(today) > due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn each_rule_counts_its_own_period() {
        let data = crate::data::load(None).unwrap();
        let (r, c) = (&data.rules, &data.calendar);
        // 2026-09-28 + 5 working days runs through the National Day holiday (10-01..10-07).
        let assign = OfficeWork::Assign.due(r, c, d("2026-09-28")).unwrap().date;
        assert_eq!(assign, c.add_working_days(d("2026-09-28"), 5).date);
        assert!(assign > d("2026-10-07"), "the holiday is skipped: {assign}");
        assert_eq!(OfficeWork::ReassignmentAnswer.due(r, c, d("2026-03-02")).unwrap().date, d("2026-03-09"));
        assert_eq!(
            OfficeWork::FeedbackReturn.due(r, c, d("2026-03-02")).unwrap().date,
            c.add_working_days(d("2026-03-02"), 15).date
        );
        assert_eq!(
            OfficeWork::PublishReply.due(r, c, d("2026-03-02")).unwrap().date,
            c.add_working_days(d("2026-03-02"), 20).date
        );
    }

    #[test]
    fn lateness_is_against_the_day_done_or_today() {
        assert!(!late(d("2026-03-09"), Some(d("2026-03-09")), d("2026-12-01")));
        assert!(late(d("2026-03-09"), Some(d("2026-03-10")), d("2026-03-10")));
        assert!(late(d("2026-03-09"), None, d("2026-03-10")));
        assert!(!late(d("2026-03-09"), None, d("2026-03-09")));
    }
}
