//! Issue 13: the four office rules that were read and never applied (`assign_within`,
//! `reassignment_answer`, `feedback_return`, `publish_reply`) each give a deadline that the
//! supervision screen's office pane, the dashboard and the detail show, from one function.
mod common;
use banli::domain::access::AccountRole;
use banli::domain::office_due::OfficeWork;
use banli::domain::{Disclosure, Role, Satisfaction};
use banli::store::followup::office_due::OfficeDueRow;
use banli::store::handling::assign::UnitRole;
use banli::store::handling::reply::NewReply;
use banli::store::Store;
use common::{d, fixture, version, Fixture};

fn lead(unit_id: i64) -> Vec<UnitRole> {
    vec![UnitRole { unit_id, role: Role::Lead, deadline_override: None }]
}

/// Assigns item `i` to unit 0 as lead on 2026-08-03, replies on `on` with `disclosure` and
/// approves it three days later; returns the reply id.
fn replied(f: &mut Fixture, i: usize, on: &str, disclosure: Disclosure) -> i64 {
    let (item, unit) = (f.items[i], f.units[0]);
    let s = &mut f.store;
    s.assign(&[(item, version(s, item))], &lead(unit), d("2026-08-03")).unwrap();
    let aid = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let reply = NewReply {
        on: d(on),
        doc_number: format!("区住建局提〔2026〕{}号", i + 1),
        signer: "张局长".into(),
        result_class: "A".into(),
        disclosure,
        consent: true,
        text: String::new(),
        commitments: vec![],
    };
    let r = s.record_reply(aid, version(s, item), &reply, None).unwrap();
    s.review_reply(r, version(s, item), true, "", d(on) + chrono::Days::new(3)).unwrap();
    r
}

fn of(rows: &[OfficeDueRow], work: OfficeWork) -> Vec<&OfficeDueRow> {
    rows.iter().filter(|w| w.work == work).collect()
}

fn to_between_session(f: &Fixture, i: usize, filed: &str) {
    let c = common::raw(&f.path);
    c.execute("UPDATE item SET timing = 'between', filed_on = ?2 WHERE id = ?1", rusqlite::params![f.items[i], filed])
        .unwrap();
}

#[test]
fn an_item_filed_between_sessions_is_due_for_assignment_and_a_late_one_is_named() {
    let mut f = fixture(2);
    to_between_session(&f, 0, "2026-09-10");
    to_between_session(&f, 1, "2026-08-20");
    let (a, b, unit) = (f.items[0], f.items[1], f.units[0]);
    let s = &mut f.store;
    let rows = s.office_work(None).unwrap();
    let assign = of(&rows, OfficeWork::Assign);
    assert_eq!(assign.len(), 2, "{rows:?}");
    // 2026-09-10 (Thu) + 5 working days = 2026-09-17 (Thu); in the window of 7 days from 09-20.
    let row_a = assign.iter().find(|w| w.item_id == a).unwrap();
    assert_eq!((row_a.from, row_a.due.date), (d("2026-09-10"), d("2026-09-17")));
    assert_eq!(s.office_due(7).unwrap().len(), 2, "both are overdue on 09-20");
    assert_eq!(s.dashboard(7).unwrap().office_overdue[0], (OfficeWork::Assign, 2));
    // Assigned within the window: gone, and not late. Assigned after it: gone, and late.
    s.assign(&[(a, version(s, a))], &lead(unit), d("2026-09-16")).unwrap();
    s.assign(&[(b, version(s, b))], &lead(unit), d("2026-09-18")).unwrap();
    assert!(of(&s.office_work(None).unwrap(), OfficeWork::Assign).is_empty());
    let late = s.late_assignments(None).unwrap();
    assert_eq!(late.iter().map(|w| w.item_id).collect::<Vec<_>>(), vec![b]);
    assert_eq!(late[0].done, Some(d("2026-09-18")));
    assert_eq!(s.dashboard(7).unwrap().late_assigned, 1);
    // The detail shows it on the item it concerns, and only there.
    assert_eq!(s.item_detail(b).unwrap().office.len(), 1);
    assert!(s.item_detail(a).unwrap().office.is_empty());
}

#[test]
fn a_reassignment_request_waits_seven_days_for_the_office_answer() {
    let mut f = fixture(1);
    let (item, unit) = (f.items[0], f.units[0]);
    let s = &mut f.store;
    s.assign(&[(item, version(s, item))], &lead(unit), d("2026-09-14")).unwrap();
    let aid = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let req = s.request_reassignment(aid, version(s, item), d("2026-09-15"), "不属本单位职能", None).unwrap();
    let rows = s.office_work(None).unwrap();
    let answer = of(&rows, OfficeWork::ReassignmentAnswer);
    assert_eq!(answer.len(), 1);
    assert_eq!(
        (answer[0].from, answer[0].due.date, answer[0].whom.as_str()),
        (d("2026-09-15"), d("2026-09-22"), "区住建局")
    );
    // Due soon, not overdue: in the supervision pane, not in the dashboard's overdue count.
    assert_eq!(s.office_due(7).unwrap().len(), 1);
    assert_eq!(s.dashboard(7).unwrap().office_overdue[1], (OfficeWork::ReassignmentAnswer, 0));
    s.decide_reassignment(req, version(s, item), false, "职能相关,请继续办理", d("2026-09-18")).unwrap();
    assert!(of(&s.office_work(None).unwrap(), OfficeWork::ReassignmentAnswer).is_empty());
}

#[test]
fn feedback_is_awaited_from_each_proposer_who_has_not_answered() {
    let mut f = fixture(1);
    replied(&mut f, 0, "2026-08-20", Disclosure::NotPublic);
    let item = f.items[0];
    let (ma, wang) = (f.people[0], f.people[1]);
    let s = &mut f.store;
    let rows = s.office_work(None).unwrap();
    let back = of(&rows, OfficeWork::FeedbackReturn);
    assert_eq!(back.len(), 1, "{rows:?}");
    assert_eq!(back[0].whom, "马均侠、王立新");
    assert_eq!(back[0].from, d("2026-08-20"));
    // 2026-08-20 + 15 working days.
    assert_eq!(back[0].due.date, d("2026-09-10"));
    s.record_feedback(item, version(s, item), Some(ma), Satisfaction::Satisfied, d("2026-09-01"), "").unwrap();
    let rows = s.office_work(None).unwrap();
    assert_eq!(of(&rows, OfficeWork::FeedbackReturn)[0].whom, "王立新");
    s.record_feedback(item, version(s, item), Some(wang), Satisfaction::Basic, d("2026-09-02"), "").unwrap();
    assert!(of(&s.office_work(None).unwrap(), OfficeWork::FeedbackReturn).is_empty());
}

#[test]
fn through_the_lead_proposer_only_the_lead_is_awaited() {
    let f = fixture(1);
    let dir = tempfile::tempdir().unwrap();
    let rules =
        include_str!("../data/rules.toml").replace("through_lead_proposer = false", "through_lead_proposer = true");
    std::fs::write(dir.path().join("rules.toml"), rules).unwrap();
    drop(f.store);
    let mut s = Store::open(&f.path, "tester", banli::data::load(Some(dir.path())).unwrap()).unwrap();
    s.set_today(d("2026-09-20"));
    let mut f = Fixture { store: s, ..f };
    replied(&mut f, 0, "2026-08-20", Disclosure::NotPublic);
    let rows = f.store.office_work(None).unwrap();
    assert_eq!(of(&rows, OfficeWork::FeedbackReturn)[0].whom, "马均侠");
}

#[test]
fn a_public_reply_is_due_for_publishing_until_recorded_and_bad_dates_change_nothing() {
    let mut f = fixture(3);
    replied(&mut f, 0, "2026-08-20", Disclosure::Public);
    replied(&mut f, 1, "2026-09-01", Disclosure::NotPublic);
    let (a, b, c) = (f.items[0], f.items[1], f.items[2]);
    let s = &mut f.store;
    let rows = s.office_work(None).unwrap();
    let publish = of(&rows, OfficeWork::PublishReply);
    assert_eq!(publish.len(), 1);
    assert_eq!((publish[0].item_id, publish[0].due.date), (a, d("2026-09-17")));
    // A day before the reply, or after today: refused, nothing recorded.
    let e = s.record_published(&[a], d("2026-08-19")).unwrap_err().message(banli::text::Lang::Zh);
    assert!(e.contains("公开日期") && e.contains("答复日期"), "{e}");
    assert!(s.record_published(&[a], d("2026-09-21")).is_err());
    assert_eq!(of(&s.office_work(None).unwrap(), OfficeWork::PublishReply).len(), 1);
    // Nothing to publish on b or c: an error that changes nothing.
    let e = s.record_published(&[b, c], d("2026-09-10")).unwrap_err().message(banli::text::Lang::Zh);
    assert!(e.contains("没有待公开的答复"), "{e}");
    // A mixed selection: a is published, b and c are named as left alone.
    let done = s.record_published(&[a, b, c], d("2026-09-10")).unwrap();
    assert_eq!(done.replies, 1);
    assert_eq!(done.left_alone, vec!["002".to_string(), "003".to_string()]);
    assert!(of(&s.office_work(None).unwrap(), OfficeWork::PublishReply).is_empty());
    let history = s.item_detail(a).unwrap().history;
    assert!(history.iter().any(|h| h.action == banli::store::AuditAction::PublishReply), "{history:?}");
    assert!(s.verify_audit().unwrap().is_ok(), "the audit chain holds");
}

#[test]
fn only_the_office_records_publishing() {
    let mut f = fixture(1);
    replied(&mut f, 0, "2026-08-20", Disclosure::Public);
    let item = f.items[0];
    f.store.add_user("tester", AccountRole::Admin, &[]).unwrap();
    f.store.add_user("zjj", AccountRole::UnitClerk, &["区住建局".into()]).unwrap();
    f.store.add_user("boss", AccountRole::Leader, &[]).unwrap();
    for who in ["zjj", "boss"] {
        let mut s = Store::open(&f.path, who, banli::data::load(None).unwrap()).unwrap();
        s.set_today(d("2026-09-20"));
        assert!(s.record_published(&[item], d("2026-09-10")).is_err(), "{who}");
    }
    let rows = f.store.office_work(None).unwrap();
    assert_eq!(of(&rows, OfficeWork::PublishReply).len(), 1, "nothing changed");
}

#[test]
fn banli_publish_records_the_meeting_and_refuses_an_unknown_number() {
    let mut f = fixture(2);
    replied(&mut f, 0, "2026-08-20", Disclosure::Public);
    let me = common::cli_account(&f.path);
    f.store.add_user(&me, AccountRole::Admin, &[]).unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_banli"))
            .arg("--db")
            .arg(&f.path)
            .args(args)
            .env_remove("BANLI_ACT_AS")
            .env("BANLI_LOG", "off")
            .output()
            .unwrap();
        (o.status.success(), format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
    };
    let (ok, text) = run(&["publish", "7", "001"]);
    assert!(!ok && text.contains("没有这些编号的件:7"), "{text}");
    let (ok, text) = run(&["publish", "--on", "2026-13-01"]);
    assert!(!ok && text.contains("--on"), "{text}");
    assert_eq!(of(&f.store.office_work(None).unwrap(), OfficeWork::PublishReply).len(), 1, "nothing changed");
    let (ok, text) = run(&["publish", "--meeting", "区政协十五届二次会议"]);
    assert!(ok && text.contains("答复 1 份"), "{text}");
    assert!(of(&f.store.office_work(None).unwrap(), OfficeWork::PublishReply).is_empty());
    let (ok, text) = run(&["publish"]);
    assert!(!ok && text.contains("没有待公开的答复"), "{text}");
}
