//! The closure checklist (销号, DOMAIN.md step 9): an item is closed when its replies are
//! sent and approved, every co-handling opinion is in, feedback is in and not at a level
//! that needs a second round (or that round is finished), no second round is open, and its
//! commitments are done (one carried into follow-up, 回头看, is tracked there but still
//! has to be met), a reply of a follow-up class (`follow_up` of the scheme) included.
//!
//! Also the one answer to "is the entry open" and "can it go through closure": [`is_open`] and
//! [`closable`], mirrored for SQL by the view `item_state` (migration 005).
use super::Status;

crate::coded_enum! {
    /// One line of the checklist.
    pub enum Check {
        RepliesApproved = ("replies_approved", "主办/分办答复已审核通过", "Every lead or split reply recorded and approved"),
        OpinionsIn = ("opinions_in", "会办意见已到齐", "Every co-handling opinion in"),
        FeedbackIn = ("feedback_in", "满意度已反馈且无需二次办理", "Feedback in, at a level that needs no second round"),
        NoOpenSecondRound = ("no_open_second_round", "无未结的二次办理", "No open second round"),
        CommitmentsDone = ("commitments_done", "承诺事项已完成(转入回头看的也须完成)", "Commitments done (those carried into follow-up too)"),
        /// The scheme's follow-up classes (回头看, e.g. B and C) stay open until a commitment is met.
        FollowUpMet = ("follow_up_met", "回头看:跟踪类答复已有承诺并已兑现", "Follow-up: a follow-up class reply has its commitments met"),
    }
}

/// What the checklist looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosureFacts {
    /// Active lead or split assignments.
    pub handlers: u32,
    /// Of those, how many have an approved latest reply.
    pub approved: u32,
    /// Active co-handling assignments without an opinion.
    pub opinions_missing: u32,
    /// Feedback rows recorded.
    pub feedback: u32,
    /// The latest feedback sends the item back, and no second round has finished since.
    pub feedback_needs_second_round: bool,
    pub open_second_rounds: u32,
    /// Live commitments (of replies not returned) not done, carried into follow-up or not.
    pub commitments_open: u32,
    /// Live commitments in all.
    pub commitments: u32,
    /// A standing approved reply is of a class the scheme follows up (回头看).
    pub follow_up_class: bool,
}

/// One line of the checklist, ticked or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub check: Check,
    pub ok: bool,
}

/// The checklist, in order.
pub fn checklist(f: &ClosureFacts) -> Vec<Line> {
    let line = |check, ok| Line { check, ok };
    vec![
        line(Check::RepliesApproved, f.handlers > 0 && f.approved == f.handlers),
        line(Check::OpinionsIn, f.opinions_missing == 0),
        line(Check::FeedbackIn, f.feedback > 0 && !f.feedback_needs_second_round),
        line(Check::NoOpenSecondRound, f.open_second_rounds == 0),
        line(Check::CommitmentsDone, f.commitments_open == 0),
        line(Check::FollowUpMet, !f.follow_up_class || (f.commitments > 0 && f.commitments_open == 0)),
    ]
}

/// Whether an entry in this status is open: still being worked on (the ledger's default view,
/// archive's count of open items, the queue sweep). SQL: `item_state.is_open`.
pub fn is_open(s: Status) -> bool {
    !matches!(s, Status::Closed | Status::NotFiled | Status::Opinion | Status::Merged | Status::Withdrawn)
}

/// Whether an entry in this status is filed and open, so it can be closed (销号), enter the
/// second-round queue and appear in supervision. SQL: `item_state.closable`.
pub fn closable(s: Status) -> bool {
    is_open(s) && s != Status::Received
}

/// The first line the item fails, if any.
pub fn first_failing(f: &ClosureFacts) -> Option<Check> {
    checklist(f).into_iter().find(|l| !l.ok).map(|l| l.check)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done() -> ClosureFacts {
        ClosureFacts { handlers: 1, approved: 1, feedback: 1, ..Default::default() }
    }

    #[test]
    fn a_finished_item_passes_every_line() {
        assert!(checklist(&done()).iter().all(|l| l.ok));
        assert_eq!(first_failing(&done()), None);
    }

    #[test]
    fn each_gap_fails_its_line() {
        let cases = [
            (ClosureFacts { approved: 0, ..done() }, Check::RepliesApproved),
            (ClosureFacts { handlers: 0, approved: 0, ..done() }, Check::RepliesApproved),
            (ClosureFacts { opinions_missing: 1, ..done() }, Check::OpinionsIn),
            (ClosureFacts { feedback: 0, ..done() }, Check::FeedbackIn),
            (ClosureFacts { feedback_needs_second_round: true, ..done() }, Check::FeedbackIn),
            (ClosureFacts { open_second_rounds: 1, ..done() }, Check::NoOpenSecondRound),
            (ClosureFacts { commitments_open: 2, commitments: 2, ..done() }, Check::CommitmentsDone),
            (ClosureFacts { follow_up_class: true, ..done() }, Check::FollowUpMet),
        ];
        for (f, check) in cases {
            assert_eq!(first_failing(&f), Some(check), "{f:?}");
        }
    }

    #[test]
    fn a_follow_up_class_closes_once_its_commitments_are_met() {
        let met = ClosureFacts { follow_up_class: true, commitments: 2, ..done() };
        assert_eq!(first_failing(&met), None);
        let carried = ClosureFacts { commitments_open: 1, ..met.clone() };
        assert_eq!(first_failing(&carried), Some(Check::CommitmentsDone));
    }

    #[test]
    fn open_and_closable_by_status() {
        for s in Status::ALL {
            let open =
                !matches!(s, Status::Closed | Status::NotFiled | Status::Opinion | Status::Merged | Status::Withdrawn);
            assert_eq!(is_open(*s), open, "{s:?}");
            assert_eq!(closable(*s), open && *s != Status::Received, "{s:?}");
        }
    }
}
