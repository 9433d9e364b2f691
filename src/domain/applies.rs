//! Which items an action applies to: one function per action. The batch forms call them to
//! say, before anything is saved, which marked items the action will touch and why it
//! leaves the others; the store calls the same functions to refuse a save that would touch
//! an item the action does not apply to (so a batch never rewrites work under way).
use super::Status;

/// What the rules need to know of one item to say whether an action applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    /// The derived status (the ledger's 状态).
    pub status: Status,
    /// A unit has signed for an active assignment (签收) or replied on it: the handling is
    /// under way, and a new plan would end work the unit has done.
    pub under_way: bool,
    /// An active assignment is waiting for its unit's receipt.
    pub awaiting_receipt: bool,
}

crate::coded_enum! {
    /// Why an action leaves an item alone.
    pub enum Skip {
        /// Not filed yet (待立案): the filing review comes first.
        NotFiled = ("not_filed", "尚未立案", "not filed yet"),
        /// Closed, withdrawn, merged, refused or turned into an opinion.
        NotInHandling = ("not_in_handling", "已不在办理中", "no longer in handling"),
        /// A unit has signed for it or replied: assigning again would end that work.
        UnderWay = ("under_way", "已在办理中,不会重新交办", "already under way, not reassigned"),
        /// No unit handles it yet.
        NotAssigned = ("not_assigned", "尚未交办", "not assigned yet"),
        /// Every active assignment has been signed for.
        AllReceived = ("all_received", "各单位均已签收", "every unit has signed for it"),
    }
}

/// In handling: what [`super::closure::closable`] says, with why not.
fn in_handling(status: Status) -> Result<(), Skip> {
    match (super::closure::closable(status), status) {
        (true, _) => Ok(()),
        (false, Status::Received) => Err(Skip::NotFiled),
        (false, _) => Err(Skip::NotInHandling),
    }
}

/// 交办: an item no unit handles yet, or one whose units have neither signed nor replied
/// (the plan can still be changed). Work under way is re-assigned only by [`reassign`],
/// one item at a time, with a reason.
pub fn assign(f: &ItemFacts) -> Result<(), Skip> {
    in_handling(f.status)?;
    match f.status {
        Status::Unassigned => Ok(()),
        Status::Assigned if !f.under_way => Ok(()),
        _ => Err(Skip::UnderWay),
    }
}

/// 重新交办: an item in handling that already has units. Taken on one item, with a reason.
pub fn reassign(f: &ItemFacts) -> Result<(), Skip> {
    in_handling(f.status)?;
    if f.status == Status::Unassigned {
        return Err(Skip::NotAssigned);
    }
    Ok(())
}

/// 签收: an item with an active assignment waiting for its unit's receipt.
pub fn receipt(f: &ItemFacts) -> Result<(), Skip> {
    in_handling(f.status)?;
    if f.status == Status::Unassigned {
        return Err(Skip::NotAssigned);
    }
    if !f.awaiting_receipt {
        return Err(Skip::AllReceived);
    }
    Ok(())
}

/// 销号: an open, filed entry (whether it passes the checklist is the closure rule's
/// question, asked next).
pub fn close(status: Status) -> Result<(), Skip> {
    in_handling(status)
}

/// 催办 / 约谈: an item in handling with units to remind.
pub fn remind(f: &ItemFacts) -> Result<(), Skip> {
    in_handling(f.status)?;
    if f.status == Status::Unassigned {
        return Err(Skip::NotAssigned);
    }
    Ok(())
}

/// Splits `items` into those `rule` applies to and the others with the reason.
pub fn split<T: Clone>(
    items: &[(T, ItemFacts)],
    rule: impl Fn(&ItemFacts) -> Result<(), Skip>,
) -> (Vec<T>, Vec<(T, Skip)>) {
    let mut yes = Vec::new();
    let mut no = Vec::new();
    for (t, f) in items {
        match rule(f) {
            Ok(()) => yes.push(t.clone()),
            Err(s) => no.push((t.clone(), s)),
        }
    }
    (yes, no)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(status: Status, under_way: bool, awaiting_receipt: bool) -> ItemFacts {
        ItemFacts { status, under_way, awaiting_receipt }
    }

    #[test]
    fn assignment_never_takes_work_under_way() {
        assert_eq!(assign(&f(Status::Unassigned, false, false)), Ok(()));
        assert_eq!(assign(&f(Status::Assigned, false, true)), Ok(()));
        assert_eq!(assign(&f(Status::Assigned, true, true)), Err(Skip::UnderWay));
        for s in [Status::Handling, Status::Replied, Status::Returned, Status::AwaitingFeedback, Status::SecondRound] {
            assert_eq!(assign(&f(s, true, false)), Err(Skip::UnderWay), "{s:?}");
        }
        assert_eq!(assign(&f(Status::Received, false, false)), Err(Skip::NotFiled));
        assert_eq!(assign(&f(Status::Closed, true, false)), Err(Skip::NotInHandling));
        assert_eq!(assign(&f(Status::Withdrawn, false, false)), Err(Skip::NotInHandling));
    }

    #[test]
    fn reassignment_takes_assigned_items_only() {
        assert_eq!(reassign(&f(Status::AwaitingFeedback, true, false)), Ok(()));
        assert_eq!(reassign(&f(Status::Assigned, false, true)), Ok(()));
        assert_eq!(reassign(&f(Status::Unassigned, false, false)), Err(Skip::NotAssigned));
        assert_eq!(reassign(&f(Status::Closed, true, false)), Err(Skip::NotInHandling));
    }

    #[test]
    fn receipt_closure_and_reminders() {
        assert_eq!(receipt(&f(Status::Assigned, false, true)), Ok(()));
        assert_eq!(receipt(&f(Status::Handling, true, false)), Err(Skip::AllReceived));
        assert_eq!(close(Status::AwaitingFeedback), Ok(()));
        assert_eq!(close(Status::Received), Err(Skip::NotFiled));
        assert_eq!(close(Status::Closed), Err(Skip::NotInHandling));
        assert_eq!(remind(&f(Status::Unassigned, false, false)), Err(Skip::NotAssigned));
        assert_eq!(remind(&f(Status::Handling, true, false)), Ok(()));
    }

    #[test]
    fn split_keeps_the_order_and_the_reasons() {
        let items = [(1, f(Status::Unassigned, false, false)), (2, f(Status::Handling, true, false))];
        let (yes, no) = split(&items, assign);
        assert_eq!(yes, vec![1]);
        assert_eq!(no, vec![(2, Skip::UnderWay)]);
    }
}
