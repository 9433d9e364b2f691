//! The closure checklist (销号, DOMAIN.md step 9): an item is closed when its replies are
//! sent and approved, every co-handling opinion is in, feedback is in and not at a level
//! that needs a second round (or that round is finished), no second round is open, and its
//! commitments are done or carried into follow-up.

crate::coded_enum! {
    /// One line of the checklist.
    pub enum Check {
        RepliesApproved = ("replies_approved", "主办/分办答复已审核通过", "Every lead or split reply recorded and approved"),
        OpinionsIn = ("opinions_in", "会办意见已到齐", "Every co-handling opinion in"),
        FeedbackIn = ("feedback_in", "满意度已反馈且无需二次办理", "Feedback in, at a level that needs no second round"),
        NoOpenSecondRound = ("no_open_second_round", "无未结的二次办理", "No open second round"),
        CommitmentsDone = ("commitments_done", "承诺事项已完成或转入跟踪", "Commitments done or carried into follow-up"),
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
    /// Commitments neither done nor carried.
    pub commitments_open: u32,
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
    ]
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
            (ClosureFacts { commitments_open: 2, ..done() }, Check::CommitmentsDone),
        ];
        for (f, check) in cases {
            assert_eq!(first_failing(&f), Some(check), "{f:?}");
        }
    }
}
