//! Dates that can be true (DOMAIN.md, "Dates that can be true"). An event that happened —
//! a receipt, a request and its decision, a contact, a face-to-face reply, a reply, its
//! review, feedback, a closure, a commitment done… — happened on a day that is neither after
//! today nor before the event it follows (a receipt is not before its assignment, a review
//! not before its reply). Planned dates (deadlines, commitment due dates) may be in the
//! future and are not checked here. [`check`] is the one rule every store write calls.
use crate::text::Lang;
use chrono::NaiveDate;

crate::coded_enum! {
    /// A dated event of an item's handling, named as the form names its date.
    pub enum Event {
        Filed = ("filed", "提出日期", "filing date"),
        FilingReview = ("filing_review", "立案审查日期", "filing review date"),
        Withdrawal = ("withdrawal", "撤回日期", "withdrawal date"),
        Assignment = ("assignment", "交办日期", "assignment date"),
        Receipt = ("receipt", "签收日期", "receipt date"),
        ReassignmentRequest = ("reassignment_request", "申请调整日期", "reassignment request date"),
        ReassignmentDecision = ("reassignment_decision", "调整审定日期", "reassignment decision date"),
        CoOpinion = ("co_opinion", "会办意见日期", "co-handling opinion date"),
        Contact = ("contact", "沟通日期", "contact date"),
        FaceToFace = ("face_to_face", "面复日期", "face-to-face reply date"),
        Reply = ("reply", "答复日期", "reply date"),
        Review = ("review", "审核日期", "review date"),
        Published = ("published", "公开日期", "publishing date"),
        Feedback = ("feedback", "反馈日期", "feedback date"),
        SecondRound = ("second_round", "二次办理开始日期", "second round's start date"),
        SecondRoundEnd = ("second_round_end", "二次办理结束日期", "second round's end date"),
        Progress = ("progress", "进展日期", "progress note date"),
        Reminder = ("reminder", "催办日期", "reminder date"),
        CommitmentDone = ("commitment_done", "承诺完成日期", "date the commitment was done"),
        Closure = ("closure", "销号日期", "closure date"),
        Reopening = ("reopening", "重新打开日期", "reopening date"),
    }
}

/// Why a date cannot be true.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum EventDateError {
    /// The event is dated after today.
    AfterToday { event: Event, on: NaiveDate, today: NaiveDate },
    /// The event is dated before the event it follows.
    BeforeEarlier { event: Event, on: NaiveDate, earlier: Event, earlier_on: NaiveDate },
}

impl EventDateError {
    /// The message a clerk reads, naming both dates.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EventDateError::AfterToday { event, on, today }, Lang::Zh) => {
                format!("{} {on} 晚于今天 {today}", event.label(lang))
            }
            (EventDateError::AfterToday { event, on, today }, Lang::En) => {
                format!("the {} {on} is after today, {today}", event.label(lang))
            }
            (EventDateError::BeforeEarlier { event, on, earlier, earlier_on }, Lang::Zh) => {
                format!("{} {on} 早于{} {earlier_on}", event.label(lang), earlier.label(lang))
            }
            (EventDateError::BeforeEarlier { event, on, earlier, earlier_on }, Lang::En) => {
                format!("the {} {on} is before the {} {earlier_on}", event.label(lang), earlier.label(lang))
            }
        }
    }
}

/// Checks the date `on` of `event`: not after `today`, and not before any of the events it
/// follows (`follows`: each earlier event with its date). When it precedes several, the
/// latest of them is named.
pub fn check(
    event: Event,
    on: NaiveDate,
    today: NaiveDate,
    follows: &[(Event, NaiveDate)],
) -> Result<(), EventDateError> {
    if on > today {
        return Err(EventDateError::AfterToday { event, on, today });
    }
    match follows.iter().filter(|(_, d)| on < *d).max_by_key(|(_, d)| *d) {
        Some(&(earlier, earlier_on)) => Err(EventDateError::BeforeEarlier { event, on, earlier, earlier_on }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_date_after_today_names_both_dates() {
        let e = check(Event::Receipt, d("2027-05-01"), d("2026-12-06"), &[(Event::Assignment, d("2026-03-01"))])
            .unwrap_err();
        assert_eq!(e.message(Lang::Zh), "签收日期 2027-05-01 晚于今天 2026-12-06");
        assert_eq!(e.message(Lang::En), "the receipt date 2027-05-01 is after today, 2026-12-06");
    }

    #[test]
    fn a_date_before_the_event_it_follows_names_the_latest_one() {
        let follows = [(Event::Assignment, d("2026-03-01")), (Event::Receipt, d("2026-03-10"))];
        let e = check(Event::Reply, d("2026-03-05"), d("2026-12-06"), &follows).unwrap_err();
        assert_eq!(e.message(Lang::Zh), "答复日期 2026-03-05 早于签收日期 2026-03-10");
        assert_eq!(e.message(Lang::En), "the reply date 2026-03-05 is before the receipt date 2026-03-10");
        let e = check(Event::Reply, d("2026-02-05"), d("2026-12-06"), &follows).unwrap_err();
        assert!(e.message(Lang::Zh).contains("早于签收日期 2026-03-10"));
    }

    #[test]
    fn today_and_the_same_day_as_the_earlier_event_are_fine() {
        let today = d("2026-12-06");
        assert_eq!(check(Event::Review, today, today, &[(Event::Reply, today)]), Ok(()));
        assert_eq!(check(Event::Contact, d("2026-01-01"), today, &[]), Ok(()));
        assert!(check(Event::Contact, d("2100-01-01"), today, &[]).is_err());
    }
}
