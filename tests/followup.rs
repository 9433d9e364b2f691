//! Issue 4 in the store: closure checklist, batch closure, force-closing and reopening,
//! the second-round queue (entering and leaving), commitments past due.
mod common;
use banli::domain::closure::Check;
use banli::domain::{Disclosure, Role, Satisfaction, SecondReason, Status};
use banli::store::followup::second_round::QueueFilter;
use banli::store::handling::assign::UnitRole;
use banli::store::handling::reply::NewReply;
use common::{d, fixture, version, Fixture};

fn reply(doc: &str, on: &str, commitments: Vec<(String, chrono::NaiveDate)>) -> NewReply {
    NewReply {
        on: d(on),
        doc_number: doc.into(),
        signer: "张局长".into(),
        result_class: "A".into(),
        disclosure: Disclosure::Public,
        consent: true,
        text: String::new(),
        commitments,
    }
}

/// Assigns item `i` to unit 0 as lead, replies, approves; returns the assignment id.
fn replied(f: &mut Fixture, i: usize) -> i64 {
    let item = f.items[i];
    let s = &mut f.store;
    s.assign(
        &[(item, version(s, item))],
        &[UnitRole { unit_id: f.units[0], role: Role::Lead, deadline_override: None }],
        d("2026-02-01"),
    )
    .unwrap();
    let aid = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let r = s
        .record_reply(
            aid,
            version(s, item),
            &reply(&format!("区住建局提〔2026〕{}号", i + 1), "2026-04-01", vec![]),
            None,
        )
        .unwrap();
    s.review_reply(r, version(s, item), true, "", d("2026-04-03")).unwrap();
    aid
}

#[test]
fn an_eligible_entry_closes_and_an_ineligible_one_says_why() {
    let mut f = fixture(2);
    replied(&mut f, 0);
    let (a, b) = (f.items[0], f.items[1]);
    let s = &mut f.store;
    s.record_feedback(a, version(s, a), None, Satisfaction::Satisfied, d("2026-04-20"), "").unwrap();
    assert!(s.closure_checklist(a).unwrap().iter().all(|l| l.ok));
    s.close_entry(a, version(s, a), None, d("2026-09-20")).unwrap();
    assert_eq!(s.item_detail(a).unwrap().status, Status::Closed);
    // Closed entries leave the default ledger view but stay in the full one.
    assert!(!s.ledger(&Default::default(), Default::default()).unwrap().iter().any(|r| r.id == a));
    let all = banli::store::ledger::LedgerFilter { include_closed: true, ..Default::default() };
    assert!(s.ledger(&all, Default::default()).unwrap().iter().any(|r| r.id == a));

    // b is unassigned: refused with the line it fails, then force-closed with a reason, then reopened.
    let lines = s.closure_checklist(b).unwrap();
    assert!(!lines[0].ok);
    let e = s.close_entry(b, version(s, b), None, d("2026-09-20")).unwrap_err();
    assert!(e.message(banli::text::Lang::Zh).contains("答复已审核通过"), "{}", e.message(banli::text::Lang::Zh));
    s.close_entry(b, version(s, b), Some("提出人已调离,经主任会议同意销号"), d("2026-09-20")).unwrap();
    let det = s.item_detail(b).unwrap();
    assert_eq!(det.status, Status::Closed);
    assert_eq!(det.closures[0].forced_reason, "提出人已调离,经主任会议同意销号");
    assert!(s.reopen_entry(b, version(s, b), "", d("2026-09-20")).is_err());
    s.reopen_entry(b, version(s, b), "提出人要求继续办理", d("2026-09-20")).unwrap();
    assert_eq!(s.item_detail(b).unwrap().status, Status::Unassigned);
}

#[test]
fn batch_closure_closes_what_qualifies_and_lists_the_rest() {
    let mut f = fixture(4);
    for i in 0..3 {
        replied(&mut f, i);
    }
    let items = f.items.clone();
    let s = &mut f.store;
    for &i in &items[..2] {
        s.record_feedback(i, version(s, i), None, Satisfaction::Basic, d("2026-04-20"), "").unwrap();
    }
    let sel: Vec<_> = items.iter().map(|&i| (i, version(s, i))).collect();
    let out = s.close_many(&sel, d("2026-09-20")).unwrap();
    assert_eq!(out.closed, items[..2].to_vec());
    assert_eq!(out.left, vec![(items[2], Some(Check::FeedbackIn)), (items[3], Some(Check::RepliesApproved))]);
}

#[test]
fn unsatisfied_feedback_enters_the_queue_and_a_satisfied_second_round_turns() {
    let mut f = fixture(1);
    let aid = replied(&mut f, 0);
    let item = f.items[0];
    let s = &mut f.store;
    s.record_feedback(item, version(s, item), None, Satisfaction::Unsatisfied, d("2026-04-20"), "没解决").unwrap();
    let q = s.second_round_queue(&QueueFilter::default()).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].reason, SecondReason::Feedback);
    assert_eq!(q[0].deadline, d("2026-06-22"), "2 months from 04-20 is Sat 06-20 (端午 weekend) → Mon 06-22");
    assert_eq!(s.closure_checklist(item).unwrap().iter().find(|l| !l.ok).unwrap().check, Check::FeedbackIn);
    s.log_progress(q[0].id, version(s, item), d("2026-05-01"), "现场查看,制定整改方案").unwrap();
    let r2 =
        s.record_reply(aid, version(s, item), &reply("区住建局提〔2026〕50号", "2026-05-20", vec![]), None).unwrap();
    s.review_reply(r2, version(s, item), true, "", d("2026-05-21")).unwrap();
    s.record_feedback(item, version(s, item), None, Satisfaction::Satisfied, d("2026-06-01"), "").unwrap();
    let q = s.second_round_queue(&QueueFilter { include_closed: true, ..Default::default() }).unwrap();
    assert_eq!(q[0].outcome, Some(Satisfaction::Satisfied));
    assert_eq!(q[0].progress_notes, 1);
    assert_eq!(s.queue_turned().unwrap(), (1, 1));
    assert!(s.closure_checklist(item).unwrap().iter().all(|l| l.ok));
    // The first round's record stays.
    let det = s.item_detail(item).unwrap();
    assert_eq!(det.feedback.len(), 2);
    assert_eq!(det.feedback[0].level, Satisfaction::Unsatisfied);
}

#[test]
fn a_returned_reply_and_an_overdue_commitment_enter_the_queue() {
    let mut f = fixture(2);
    let item = f.items[0];
    let u0 = f.units[0];
    let s = &mut f.store;
    s.assign(
        &[(item, version(s, item))],
        &[UnitRole { unit_id: u0, role: Role::Lead, deadline_override: None }],
        d("2026-02-01"),
    )
    .unwrap();
    let aid = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let r = s
        .record_reply(aid, version(s, item), &reply("X1", "2026-04-01", vec![("旧承诺".into(), d("2026-05-31"))]), None)
        .unwrap();
    s.review_reply(r, version(s, item), false, "内容不实", d("2026-04-03")).unwrap();
    assert_eq!(s.second_round_queue(&QueueFilter::default()).unwrap()[0].reason, SecondReason::Returned);
    assert_eq!(s.item_detail(item).unwrap().status, Status::Returned);
    // The redone reply's commitment counts; the returned one's does not.
    let r = s
        .record_reply(aid, version(s, item), &reply("X2", "2026-04-20", vec![("修路".into(), d("2026-08-31"))]), None)
        .unwrap();
    s.review_reply(r, version(s, item), true, "", d("2026-04-21")).unwrap();
    assert!(s.second_round_queue(&QueueFilter::default()).unwrap().is_empty());
    // Today is 2026-09-20: the commitment due 08-31 is past due.
    assert_eq!(s.sweep_queue().unwrap().commitments, 1);
    assert_eq!(s.sweep_queue().unwrap().commitments, 0, "once");
    let q = s.second_round_queue(&QueueFilter::default()).unwrap();
    assert_eq!(q[0].reason, SecondReason::CommitmentOverdue);
    let c = s.item_detail(item).unwrap().commitments[0].id;
    s.commitment_done(c, version(s, item), d("2026-09-20")).unwrap();
    assert!(s.second_round_queue(&QueueFilter::default()).unwrap().is_empty());
    // By hand: a leader takes the case.
    let other = f.items[1];
    let s = &mut f.store;
    assert!(s.open_second_round(other, version(s, other), SecondReason::Leader, "", None, d("2026-09-20")).is_err());
    s.open_second_round(other, version(s, other), SecondReason::Leader, "王副区长", Some(u0), d("2026-09-20")).unwrap();
    let q = s.second_round_queue(&QueueFilter { reason: Some(SecondReason::Leader), ..Default::default() }).unwrap();
    assert_eq!(q[0].leader, "王副区长");
}
