//! The handling status of an item (the ledger's 状态 column), derived from its records.
use super::{Filing, ReviewState, Satisfaction};

crate::coded_enum! {
    /// Where an item stands; derived, never typed.
    pub enum Status {
        Received = ("received", "待立案", "Received"),
        NotFiled = ("not_filed", "不予立案", "Not filed"),
        Opinion = ("opinion", "转为意见", "Opinion letter"),
        Merged = ("merged", "已并案", "Merged"),
        Withdrawn = ("withdrawn", "已撤回", "Withdrawn"),
        Unassigned = ("unassigned", "待交办", "Unassigned"),
        /// Assigned, not yet received (签收) by every unit.
        Assigned = ("assigned", "待签收", "Awaiting receipt"),
        Handling = ("handling", "办理中", "Handling"),
        /// A reply is waiting for the office's review.
        Replied = ("replied", "待审核", "Reply in review"),
        /// A reply was returned for redoing (退回重办).
        Returned = ("returned", "退回重办", "Returned"),
        AwaitingFeedback = ("awaiting_feedback", "待反馈", "Awaiting feedback"),
        FeedbackIn = ("feedback_in", "已反馈", "Feedback in"),
        SecondRound = ("second_round", "二次办理", "Second round"),
        Closed = ("closed", "已销号", "Closed"),
    }
}

impl Status {
    /// Whether the entry is still being worked on (shown in the default ledger view); the rule
    /// is [`super::closure::is_open`].
    pub fn is_open(self) -> bool {
        super::closure::is_open(self)
    }
}

/// What a lead or split unit's active assignment has reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandlerFacts {
    pub received: bool,
    /// Review state of the unit's latest reply, if it has replied.
    pub reply: Option<ReviewState>,
}

/// Everything the status depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub filing: Filing,
    pub closed: bool,
    pub open_second_round: bool,
    /// Active lead and split assignments.
    pub handlers: Vec<HandlerFacts>,
    /// The latest feedback level, if any.
    pub feedback: Option<Satisfaction>,
}

/// Derives the status from the facts.
pub fn derive(f: &Facts) -> Status {
    match f.filing {
        Filing::Received => return Status::Received,
        Filing::NotFiled => return Status::NotFiled,
        Filing::Opinion => return Status::Opinion,
        Filing::Merged => return Status::Merged,
        Filing::Withdrawn => return Status::Withdrawn,
        Filing::Filed => {}
    }
    if f.closed {
        return Status::Closed;
    }
    let replies: Vec<_> = f.handlers.iter().map(|h| h.reply).collect();
    // A returned reply is the more specific state of the second round it opens.
    if replies.contains(&Some(ReviewState::Returned)) {
        return Status::Returned;
    }
    if f.open_second_round {
        return Status::SecondRound;
    }
    if f.handlers.is_empty() {
        return Status::Unassigned;
    }
    if replies.contains(&None) {
        return if f.handlers.iter().any(|h| !h.received) { Status::Assigned } else { Status::Handling };
    }
    if replies.contains(&Some(ReviewState::Pending)) {
        return Status::Replied;
    }
    match f.feedback {
        Some(_) => Status::FeedbackIn,
        None => Status::AwaitingFeedback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(handlers: Vec<HandlerFacts>) -> Facts {
        Facts { filing: Filing::Filed, closed: false, open_second_round: false, handlers, feedback: None }
    }
    const fn h(received: bool, reply: Option<ReviewState>) -> HandlerFacts {
        HandlerFacts { received, reply }
    }

    #[test]
    fn walks_the_lifecycle() {
        assert_eq!(derive(&facts(vec![])), Status::Unassigned);
        assert_eq!(derive(&facts(vec![h(false, None)])), Status::Assigned);
        assert_eq!(derive(&facts(vec![h(true, None)])), Status::Handling);
        assert_eq!(derive(&facts(vec![h(true, Some(ReviewState::Pending))])), Status::Replied);
        assert_eq!(derive(&facts(vec![h(true, Some(ReviewState::Returned))])), Status::Returned);
        let mut f = facts(vec![h(true, Some(ReviewState::Approved))]);
        assert_eq!(derive(&f), Status::AwaitingFeedback);
        f.feedback = Some(Satisfaction::Unsatisfied);
        assert_eq!(derive(&f), Status::FeedbackIn);
        f.open_second_round = true;
        assert_eq!(derive(&f), Status::SecondRound);
        f.closed = true;
        assert_eq!(derive(&f), Status::Closed);
        f.filing = Filing::Withdrawn;
        assert_eq!(derive(&f), Status::Withdrawn);
    }

    #[test]
    fn split_items_wait_for_every_unit() {
        let f = facts(vec![h(true, Some(ReviewState::Approved)), h(true, None)]);
        assert_eq!(derive(&f), Status::Handling);
    }
}
