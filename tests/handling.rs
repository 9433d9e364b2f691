//! Issue 3: one item taken from unassigned to feedback through the store, and every
//! invalid step refused with nothing changed.
mod common;
use banli::domain::{ContactMethod, ContactStage, Disclosure, ReplierRank, Role, Satisfaction, Status};
use banli::store::handling::assign::UnitRole;
use banli::store::handling::contact::{NewContact, NewFaceToFace};
use banli::store::handling::reply::NewReply;
use banli::store::StoreError;
use common::{d, fixture, version};

fn plan(units: &[(i64, Role)]) -> Vec<UnitRole> {
    units.iter().map(|&(unit_id, role)| UnitRole { unit_id, role, deadline_override: None }).collect()
}

fn audit_rows(f: &common::Fixture) -> i64 {
    common::raw(&f.path).query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

fn reply(doc: &str, class: &str, on: &str) -> NewReply {
    NewReply {
        on: d(on),
        doc_number: doc.into(),
        signer: "张局长".into(),
        result_class: class.into(),
        disclosure: Disclosure::Public,
        consent: true,
        text: "答复正文".into(),
        commitments: vec![],
    }
}

#[test]
fn an_item_goes_from_unassigned_to_feedback() {
    let mut f = fixture(1);
    let (item, u) = (f.items[0], f.units.clone());
    let s = &mut f.store;
    assert_eq!(s.item_detail(item).unwrap().status, Status::Unassigned);

    // 交办: one lead, two co-handling units. Assigned 2026-07-03: 3 months → 10-03 (国庆) → 10-08.
    let p = plan(&[(u[0], Role::Lead), (u[1], Role::CoHandling), (u[2], Role::CoHandling)]);
    let pre = s.preview_deadlines(item, &p, d("2026-07-03")).unwrap();
    assert_eq!(pre[0].deadline, d("2026-10-08"));
    assert_eq!(pre[1].deadline, d("2026-08-03"));
    s.assign(&[(item, version(s, item))], &p, d("2026-07-03")).unwrap();
    let det = s.item_detail(item).unwrap();
    assert_eq!(det.status, Status::Assigned);
    assert_eq!(det.due_on, Some(d("2026-10-08")));
    let aid = |det: &banli::store::detail::ItemDetail, unit: i64| {
        det.assignments
            .iter()
            .find(|a| a.assignment.unit_id == unit && a.assignment.ended_on.is_none())
            .unwrap()
            .assignment
            .id
    };
    let (lead, co1, co2) = (aid(&det, u[0]), aid(&det, u[1]), aid(&det, u[2]));

    s.receive(lead, version(s, item), d("2026-07-06")).unwrap();
    assert_eq!(s.item_detail(item).unwrap().status, Status::Handling);

    s.log_contact(
        item,
        version(s, item),
        &NewContact {
            unit_id: Some(u[0]),
            stage: ContactStage::Before,
            method: ContactMethod::Phone,
            on: d("2026-07-08"),
            participants: "王芳".into(),
            notes: "了解诉求".into(),
        },
    )
    .unwrap();
    s.record_co_opinion(co1, version(s, item), d("2026-07-20"), "区财政局提函〔2026〕1号", "同意").unwrap();

    // A missing co-handling opinion blocks the lead's reply.
    let mut r = reply("区住建局提〔2026〕1号", "B", "2026-08-20");
    r.commitments = vec![("完成管网改造".into(), d("2026-12-31")), ("加装电梯".into(), d("2027-06-30"))];
    let before = audit_rows(&f);
    let s = &mut f.store;
    let e = s.record_reply(lead, version(s, item), &r, None).unwrap_err();
    assert!(e.message(banli::text::Lang::Zh).contains("区自然资源局"), "{}", e.message(banli::text::Lang::Zh));
    assert_eq!(audit_rows(&f), before);
    let s = &mut f.store;
    s.record_co_opinion(co2, version(s, item), d("2026-08-01"), "", "原则同意").unwrap();

    s.log_face_to_face(
        item,
        version(s, item),
        &NewFaceToFace {
            unit_id: u[0],
            on: d("2026-08-18"),
            place: "第三代表联络站".into(),
            rank: ReplierRank::Head,
            replier: "张局长".into(),
            office_present: true,
            proposers_present: "马均侠".into(),
            reaction: "满意".into(),
        },
    )
    .unwrap();
    let first = s.record_reply(lead, version(s, item), &r, None).unwrap();
    assert_eq!(s.item_detail(item).unwrap().status, Status::Replied);
    assert_eq!(s.item_detail(item).unwrap().commitments.len(), 2);

    // A second reply while the first waits for review is refused.
    assert!(s.record_reply(lead, version(s, item), &reply("区住建局提〔2026〕9号", "A", "2026-08-21"), None).is_err());

    // 退回重办 with a reason: new deadline one month from the return, 09-25, which is 中秋节
    // (09-25..27 off), so it rolls to Monday 09-28.
    assert!(s.review_reply(first, version(s, item), false, "", d("2026-08-25")).is_err());
    s.review_reply(first, version(s, item), false, "答复过于笼统", d("2026-08-25")).unwrap();
    let det = s.item_detail(item).unwrap();
    assert_eq!(det.status, Status::Returned);
    assert_eq!(det.due_on, Some(d("2026-09-28")));

    // The same document number is refused; a new one is accepted.
    assert!(s.record_reply(lead, version(s, item), &r, None).is_err());
    assert_eq!(
        s.next_doc_number("区住建局", banli::domain::Kind::Proposal, 2026, false).unwrap(),
        "区住建局提〔2026〕2号"
    );
    let second =
        s.record_reply(lead, version(s, item), &reply("区住建局提〔2026〕2号", "B", "2026-09-01"), None).unwrap();
    s.review_reply(second, version(s, item), true, "", d("2026-09-03")).unwrap();
    assert_eq!(s.item_detail(item).unwrap().status, Status::AwaitingFeedback);

    // Unsatisfied feedback: recorded, and the item enters the second round.
    s.record_feedback(item, version(s, item), None, Satisfaction::Unsatisfied, d("2026-09-10"), "进度太慢").unwrap();
    let det = s.item_detail(item).unwrap();
    assert_eq!(det.status, Status::SecondRound);
    // The return's queue entry closed when the redone reply was approved; the feedback's is open.
    assert_eq!(det.second_rounds.len(), 2);
    assert!(det.second_rounds[0].closed_on.is_some() && det.second_rounds[1].closed_on.is_none());
    assert_eq!(det.reviews.len(), 2);
    assert!(det.history.iter().any(|h| h.action == banli::store::AuditAction::RecordFeedback));
    // The face-to-face head rule on the units screen: 1 item, head replied to it.
    let row = s.unit_rows().unwrap().into_iter().find(|r| r.unit_id == u[0]).unwrap();
    assert_eq!((row.lead, row.face_to_face, row.head_rule.head_items), (1, 1, 1));
    assert!(row.head_rule.complies());
}

#[test]
fn invalid_assignments_are_refused_and_change_nothing() {
    let mut f = fixture(1);
    let (item, u) = (f.items[0], f.units.clone());
    let before = audit_rows(&f);
    let s = &mut f.store;
    let v = version(s, item);
    for p in [
        plan(&[(u[0], Role::Lead), (u[1], Role::Lead)]),
        plan(&[(u[0], Role::Lead), (u[1], Role::Split)]),
        plan(&[(u[0], Role::Split)]),
        plan(&[(u[0], Role::CoHandling)]),
        plan(&[(u[0], Role::Lead), (u[0], Role::CoHandling)]),
    ] {
        let e = s.assign(&[(item, v)], &p, d("2026-07-03")).unwrap_err();
        assert!(matches!(e, StoreError::Role(_)), "{e:?}");
    }
    // An overridden deadline needs a reason.
    let mut p = plan(&[(u[0], Role::Lead)]);
    p[0].deadline_override = Some((d("2026-12-01"), " ".into()));
    assert!(s.assign(&[(item, v)], &p, d("2026-07-03")).is_err());
    assert_eq!(version(s, item), v);
    assert_eq!(audit_rows(&f), before);
}

#[test]
fn reassigning_ends_the_old_assignment_and_keeps_it() {
    let mut f = fixture(2);
    let u = f.units.clone();
    let items = f.items.clone();
    let s = &mut f.store;
    let sel: Vec<_> = items.iter().map(|&i| (i, version(s, i))).collect();
    s.assign(&sel, &plan(&[(u[0], Role::Split), (u[1], Role::Split)]), d("2026-07-03")).unwrap();
    s.assign(
        &[(items[0], version(s, items[0]))],
        &plan(&[(u[2], Role::Lead), (u[0], Role::CoHandling)]),
        d("2026-07-10"),
    )
    .unwrap();
    let det = s.item_detail(items[0]).unwrap();
    assert_eq!(det.assignments.len(), 4);
    assert_eq!(det.assignments.iter().filter(|a| a.assignment.ended_on.is_some()).count(), 2);
    assert_eq!(s.item_detail(items[1]).unwrap().assignments.len(), 2, "batch assignment reached both items");
}

#[test]
fn a_reassignment_request_after_the_window_is_refused_unless_overridden() {
    let mut f = fixture(1);
    let (item, u) = (f.items[0], f.units.clone());
    let s = &mut f.store;
    // Today is after the decision: events are never dated in the future.
    s.set_today(d("2026-10-14"));
    // Assigned Tue 2026-09-29; 5 working days → 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    s.assign(&[(item, version(s, item))], &plan(&[(u[0], Role::Lead)]), d("2026-09-29")).unwrap();
    assert_eq!(s.reassignment_window_end(d("2026-09-29")), d("2026-10-12"));
    let a = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let e = s.request_reassignment(a, version(s, item), d("2026-10-13"), "不属于本单位职责", None).unwrap_err();
    assert!(e.message(banli::text::Lang::Zh).contains("逾期未提出退办申请的,不作调整"));
    let req =
        s.request_reassignment(a, version(s, item), d("2026-10-13"), "不属于本单位职责", Some("区领导同意")).unwrap();
    s.decide_reassignment(req, version(s, item), true, "改由区自然资源局主办", d("2026-10-14")).unwrap();
    let det = s.item_detail(item).unwrap();
    assert_eq!(det.status, Status::Unassigned);
    assert_eq!(det.assignments[0].assignment.ended_on, Some(d("2026-10-14")));
}

#[test]
fn a_second_clerk_with_a_stale_version_is_refused() {
    let mut f = fixture(1);
    let (item, u) = (f.items[0], f.units.clone());
    let s = &mut f.store;
    let stale = version(s, item);
    s.assign(&[(item, stale)], &plan(&[(u[0], Role::Lead)]), d("2026-07-03")).unwrap();
    let e = s.log_contact(
        item,
        stale,
        &NewContact {
            unit_id: None,
            stage: ContactStage::During,
            method: ContactMethod::Visit,
            on: d("2026-07-05"),
            participants: String::new(),
            notes: String::new(),
        },
    );
    assert!(matches!(e, Err(StoreError::Conflict { .. })));
}

#[test]
fn a_returned_replys_commitments_no_longer_count() {
    use banli::domain::closure::Check;
    let mut f = fixture(1);
    let (item, u) = (f.items[0], f.units.clone());
    let s = &mut f.store;
    s.assign(&[(item, version(s, item))], &plan(&[(u[0], Role::Lead)]), d("2026-07-03")).unwrap();
    let lead = s.item_detail(item).unwrap().assignments[0].assignment.id;
    s.receive(lead, version(s, item), d("2026-07-06")).unwrap();
    // The first reply's commitments are already past due on 2026-09-20.
    let mut r = reply("区住建局提〔2026〕1号", "B", "2026-08-20");
    r.commitments = vec![("完成管网改造".into(), d("2026-09-01")), ("加装电梯".into(), d("2026-09-10"))];
    let first = s.record_reply(lead, version(s, item), &r, None).unwrap();
    let old: Vec<i64> = s.item_detail(item).unwrap().commitments.iter().map(|c| c.id).collect();
    s.review_reply(first, version(s, item), false, "答复过于笼统", d("2026-08-25")).unwrap();
    assert!(s.item_detail(item).unwrap().commitments.is_empty(), "a returned reply's commitments are not shown");

    let mut r = reply("区住建局提〔2026〕2号", "B", "2026-09-01");
    r.commitments = vec![("完成管网改造(新)".into(), d("2026-12-31")), ("加装电梯(新)".into(), d("2027-06-30"))];
    let second = s.record_reply(lead, version(s, item), &r, None).unwrap();
    s.review_reply(second, version(s, item), true, "", d("2026-09-03")).unwrap();

    let det = s.item_detail(item).unwrap();
    let shown: Vec<&str> = det.commitments.iter().map(|c| c.description.as_str()).collect();
    assert_eq!(shown, ["完成管网改造(新)", "加装电梯(新)"]);
    // The returned reply's are kept apart, to be shown as 已随答复退回.
    let returned: Vec<i64> = det.returned_commitments.iter().map(|c| c.id).collect();
    assert_eq!(returned, old);
    // Still on record: the rows are kept.
    let rows: i64 = common::raw(&f.path).query_row("SELECT count(*) FROM commitment", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4);
    let s = &mut f.store;
    // Not overdue (the old ones were), not in the follow-up list, not in the queue.
    assert!(s.follow_up(30).unwrap().is_empty());
    assert_eq!(s.sweep_queue().unwrap().commitments, 0);
    assert!(s.follow_up(400).unwrap().iter().all(|row| !old.contains(&row.commitment_id)));
    assert_eq!(s.follow_up(400).unwrap().len(), 2);
    // The checklist counts only the new two; once done, the line is met.
    let open = |s: &banli::store::Store| {
        s.closure_checklist(item).unwrap().into_iter().find(|l| l.check == Check::CommitmentsDone).unwrap().ok
    };
    assert!(!open(s));
    for c in s.item_detail(item).unwrap().commitments {
        s.commitment_done(c.id, version(s, item), d("2026-09-20")).unwrap();
    }
    assert!(open(s));
    // A returned reply's commitment cannot be marked done or carried.
    assert!(s.commitment_done(old[0], version(s, item), d("2026-09-20")).is_err());
    assert!(s.carry_commitment(old[0], version(s, item)).is_err());
}
