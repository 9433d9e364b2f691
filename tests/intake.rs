//! Issue 8 in the store: registering, filing review, merging, withdrawal and undo.
mod common;
use banli::domain::intake::FilingDecision;
use banli::domain::{Body, Filing, Status, Timing};
use banli::store::intake::entry::{ItemDraft, NewPerson};
use banli::store::intake::filing::FilingReview;
use common::{d, fixture, version};

fn draft(lead: i64, number: &str, title: &str, proposers: Vec<i64>) -> ItemDraft {
    ItemDraft {
        meeting_id: 1,
        number: number.into(),
        title: title.into(),
        body_text: "问题\n建议".into(),
        topic: "城建环资".into(),
        filed_on: d("2026-05-10"),
        timing: None,
        key: false,
        leader: String::new(),
        proposers: if proposers.is_empty() { vec![lead] } else { proposers },
    }
}

fn review(decision: FilingDecision) -> FilingReview {
    FilingReview {
        decision,
        ground: String::new(),
        note: String::new(),
        opinion_unit: None,
        merge_into: None,
        on: d("2026-05-12"),
    }
}

fn audit_rows(f: &common::Fixture) -> i64 {
    common::raw(&f.path).query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

#[test]
fn register_file_merge_refuse_turn_withdraw_and_undo() {
    let mut f = fixture(0);
    let p0 = f.people[0];
    let new = f
        .store
        .new_person(&NewPerson {
            name: "赵新委员".into(),
            body: Body::Cppcc,
            collective: false,
            delegation: "科技界".into(),
            phone: String::new(),
        })
        .unwrap();
    let p = vec![f.people[0], f.people[1], new];
    let s = &mut f.store;
    assert_eq!(s.next_number(1).unwrap(), "001");
    let first = s.new_entry(&draft(p0, "001", "关于加快老旧小区改造的提案", p.clone())).unwrap();
    let s = &mut f.store;
    let det = s.item_detail(first).unwrap();
    assert_eq!(det.status, Status::Received);
    assert_eq!(det.item.timing, Timing::Between, "filed 05-10, after the session closed 01-13");
    assert_eq!(det.proposers.len(), 3);
    assert_eq!(s.next_number(1).unwrap(), "002");
    s.review_filing(first, version(s, first), &review(FilingDecision::File)).unwrap();
    assert_eq!(s.item_detail(first).unwrap().status, Status::Unassigned);

    let people = f.people.clone();
    let items: Vec<i64> = (2..=5)
        .map(|n| {
            s.new_entry(&ItemDraft {
                proposers: vec![people[n % 3]],
                ..draft(p0, &format!("{n:03}"), "关于加快老旧小区改造的提案", vec![])
            })
            .unwrap()
        })
        .collect();
    let s = &mut f.store;
    // Merge the duplicate into the first: both numbers and proposers stay.
    s.review_filing(
        items[0],
        version(s, items[0]),
        &FilingReview { merge_into: Some(first), ..review(FilingDecision::Merge) },
    )
    .unwrap();
    assert_eq!(s.item_detail(items[0]).unwrap().item.filing, Filing::Merged);
    // The history points to the item by its number, not its row id.
    let after = |s: &banli::store::Store, item: i64, action: banli::store::AuditAction| -> serde_json::Value {
        let h = s.item_detail(item).unwrap().history;
        let row = h.iter().rev().find(|h| h.action == action).unwrap();
        serde_json::from_str(row.after.as_deref().unwrap()).unwrap()
    };
    assert_eq!(after(s, items[0], banli::store::AuditAction::ReviewFiling)["merged_into"], "001");
    assert_eq!(after(s, first, banli::store::AuditAction::MergedIn)["from"], "002");
    // The header knows where it went, and the target what came in.
    let facts = s.item_detail(items[0]).unwrap().filing_facts;
    assert_eq!(facts.merged_into, Some(("001".to_string(), "关于加快老旧小区改造的提案".to_string())));
    assert_eq!(s.item_detail(first).unwrap().filing_facts.merged_from, ["002"]);
    // Refuse with a configured ground only.
    assert!(s
        .review_filing(
            items[1],
            version(s, items[1]),
            &FilingReview { ground: "看不顺眼".into(), ..review(FilingDecision::NotFile) }
        )
        .is_err());
    s.review_filing(
        items[1],
        version(s, items[1]),
        &FilingReview { ground: "涉及个人或家庭私事".into(), ..review(FilingDecision::NotFile) },
    )
    .unwrap();
    s.review_filing(
        items[2],
        version(s, items[2]),
        &FilingReview { opinion_unit: Some(f.units[0]), ..review(FilingDecision::Opinion) },
    )
    .unwrap();
    assert_eq!(after(s, items[2], banli::store::AuditAction::ReviewFiling)["opinion_unit"], "区住建局");
    assert_eq!(s.item_detail(items[2]).unwrap().filing_facts.opinion_unit.as_deref(), Some("区住建局"));
    assert_eq!(s.item_detail(items[1]).unwrap().filing_facts.ground, "涉及个人或家庭私事");
    // A decided item cannot be decided again.
    assert!(s.review_filing(items[2], version(s, items[2]), &review(FilingDecision::File)).is_err());
    s.review_filing(items[3], version(s, items[3]), &review(FilingDecision::File)).unwrap();
    s.withdraw(items[3], version(s, items[3]), d("2026-06-01"), "提出人书面申请撤回").unwrap();
    assert_eq!(s.item_detail(items[3]).unwrap().status, Status::Withdrawn);
    let counts = s.filing_counts(Some(1)).unwrap();
    let n = |f: Filing| counts.iter().find(|(x, _)| *x == f).unwrap().1;
    assert_eq!(
        (n(Filing::Filed), n(Filing::Merged), n(Filing::NotFiled), n(Filing::Opinion), n(Filing::Withdrawn)),
        (1, 1, 1, 1, 1)
    );

    // Edit, then undo the edit.
    let mut edited = draft(p0, "001", "关于加快老旧小区加装电梯的提案", p.clone());
    edited.leader = "王副区长".into();
    let s = &mut f.store;
    let undo = s.edit_entry(first, version(s, first), &edited).unwrap();
    assert_eq!(s.item_detail(first).unwrap().item.title, "关于加快老旧小区加装电梯的提案");
    assert_eq!(undo.items.iter().map(|t| t.item_id).collect::<Vec<_>>(), vec![first]);
    s.undo(&undo).unwrap();
    let det = s.item_detail(first).unwrap();
    assert_eq!(det.item.title, "关于加快老旧小区改造的提案");
    assert!(det.history.iter().any(|h| h.action == banli::store::AuditAction::Undo));
    assert!(s.undo(&undo).is_err(), "the same step is not undone twice");
}

#[test]
fn bad_drafts_are_refused_and_nothing_is_written() {
    let mut f = fixture(1);
    let p0 = f.people[0];
    let npc_deputy = {
        let c = common::raw(&f.path);
        c.execute("INSERT INTO person (name, body, delegation) VALUES ('人大代表甲', 'npc', '第一代表团')", [])
            .unwrap();
        c.last_insert_rowid()
    };
    let before = audit_rows(&f);
    let s = &mut f.store;
    for bad in [
        draft(p0, "001", "关于重复编号的提案", vec![]),
        draft(p0, "9", "  ", vec![]),
        draft(p0, "9", "关于跨界的提案", vec![npc_deputy]),
        ItemDraft { topic: "不存在的类别".into(), ..draft(p0, "9", "关于的提案", vec![]) },
    ] {
        assert!(s.new_entry(&bad).is_err(), "{bad:?}");
    }
    assert_eq!(audit_rows(&f), before);
}

#[test]
fn undo_is_refused_when_someone_else_changed_the_item() {
    let mut f = fixture(1);
    let item = f.items[0];
    let s = &mut f.store;
    let mut dr = s.item_draft(item).unwrap();
    dr.leader = "甲".into();
    let undo = s.edit_entry(item, version(s, item), &dr).unwrap();
    let mut other = banli::store::Store::open(&f.path, "tester", banli::data::load(None).unwrap()).unwrap();
    dr.leader = "乙".into();
    other.edit_entry(item, version(&other, item), &dr).unwrap();
    let e = f.store.undo(&undo).unwrap_err();
    assert!(e.message(banli::text::Lang::Zh).contains("无法撤销"));
    assert_eq!(f.store.item_detail(item).unwrap().item.leader, "乙");
}
