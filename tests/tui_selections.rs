//! Issue 13, by keys: batch actions touch only the items they apply to and say so before
//! saving; re-assigning work under way is its own action on one item; undo names what it
//! undoes, covers withdrawal and batch closure, and names who changed an item since. On a
//! SQLite file always, also in the PostgreSQL pass (the session outlives the fixture that
//! would drop a server's database).
mod common;

use banli::domain::{Disclosure, Filing, Role, Satisfaction, Status};
use banli::store::handling::assign::UnitRole;
use banli::store::handling::reply::NewReply;
use banli::tui::app::Screen;
use banli::tui::dialogs::Open;
use banli::tui::{Action, Mode, Options, Session};
use common::tui::{press, screen_text, type_text};
use common::{d, file_fixture as fixture, version, Fixture};
use crossterm::event::{KeyCode, KeyEvent};

fn session(f: Fixture) -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(140, 40));
    (f._dir, f.path, s)
}

fn screen(s: &Session) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 40)).unwrap();
    terminal.draw(|f| s.draw(f)).unwrap();
    screen_text(terminal.backend().buffer())
}

fn enter(s: &mut Session) {
    s.press(KeyEvent::from(KeyCode::Enter));
}

fn message(s: &Session) -> String {
    s.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

fn select(s: &mut Session, item: i64) {
    if s.app.screen == Screen::Detail {
        press(s, Action::Back);
    }
    s.app.ledger.selected = s.app.ledger.position(item).expect("item listed");
}

fn mark(s: &mut Session, item: i64) {
    select(s, item);
    press(s, Action::ToggleSelect);
}

/// Item `i` assigned to unit 0 as lead, replied and the reply approved: 待反馈.
fn replied(f: &mut Fixture, i: usize) {
    let item = f.items[i];
    let s = &mut f.store;
    let plan = [UnitRole { unit_id: f.units[0], role: Role::Lead, deadline_override: None }];
    s.assign(&[(item, version(s, item))], &plan, d("2026-02-01")).unwrap();
    let aid = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let reply = NewReply {
        on: d("2026-04-01"),
        doc_number: format!("区住建局提〔2026〕{}号", i + 1),
        signer: "张局长".into(),
        result_class: "A".into(),
        disclosure: Disclosure::Public,
        consent: true,
        text: "已完成改造。".into(),
        commitments: vec![],
    };
    let r = s.record_reply(aid, version(s, item), &reply, None).unwrap();
    s.review_reply(r, version(s, item), true, "", d("2026-04-03")).unwrap();
}

#[test]
fn a_batch_assignment_leaves_work_under_way_alone_and_says_so_before_saving() {
    let mut f = fixture(3);
    replied(&mut f, 0);
    let (busy, a, b) = (f.items[0], f.items[1], f.items[2]);
    let before = f.store.item_detail(busy).unwrap();
    assert_eq!(before.status, Status::AwaitingFeedback);
    let (_d, _p, mut s) = session(f);
    for id in [busy, a, b] {
        mark(&mut s, id);
    }
    press(&mut s, Action::AssignUnits);
    let form = s.app.form().cloned().expect("the batch form");
    let Open::Assign(assign) = &form.dialog else { panic!("{:?}", form.dialog) };
    let items = assign.items();
    assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), vec![a, b], "only the items assignment applies to");
    let shown = screen(&s);
    assert!(shown.contains("已标记 3 件:2 件将交办"), "{shown}");
    assert!(shown.contains("1 件已在办理中,不会重新交办"), "{shown}");
    assert!(shown.contains("第001号"), "the item left alone is named:\n{shown}");
    type_text(&mut s, "财政");
    enter(&mut s);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    assert!(message(&s).contains("已交办 2 件"), "{}", message(&s));

    // The replied item is exactly as it was: its lead not ended, its status 待反馈.
    let after = s.store().item_detail(busy).unwrap();
    assert_eq!(after.status, Status::AwaitingFeedback);
    assert_eq!(after.item.version, before.item.version);
    assert!(after.assignments.iter().all(|x| x.assignment.ended_on.is_none()));
    for id in [a, b] {
        assert_eq!(s.store().item_detail(id).unwrap().status, Status::Assigned);
    }
    // The store refuses it too, naming the item, whoever calls it.
    let mut st = banli::store::Store::open(&_p, "tester", banli::data::load(None).unwrap()).unwrap();
    let plan = [UnitRole { unit_id: 2, role: Role::Lead, deadline_override: None }];
    let e = st.assign(&[(busy, version(&st, busy))], &plan, d("2026-09-20")).unwrap_err();
    assert!(e.message(banli::text::Lang::Zh).contains("第001号已在办理中"), "{}", e.message(banli::text::Lang::Zh));
}

#[test]
fn reassigning_work_under_way_is_its_own_action_on_one_item_with_a_reason() {
    let mut f = fixture(2);
    replied(&mut f, 0);
    let (busy, other) = (f.items[0], f.items[1]);
    let (_d, _p, mut s) = session(f);

    // `a` on the replied item refuses and names the key that re-assigns.
    select(&mut s, busy);
    press(&mut s, Action::AssignUnits);
    assert_eq!(s.app.form(), None);
    let key = s.app.keymap.hint_key(Mode::Ledger, &Action::ReassignItem).unwrap();
    assert!(message(&s).contains("已在办理中") && message(&s).contains(&key), "{}", message(&s));

    // With another row marked, the re-assignment still takes one item and says which.
    mark(&mut s, other);
    select(&mut s, busy);
    press(&mut s, Action::ReassignItem);
    let form = s.app.form().cloned().expect("the re-assign form");
    assert!(matches!(&form.dialog, Open::Reassign(a) if a.items() == [(busy, version(s.store(), busy))]));
    assert!(screen(&s).contains("本操作只登记光标所在的第001号"), "{}", screen(&s));

    // Without a reason nothing is saved.
    let v = version(s.store(), busy);
    for _ in 0..2 {
        s.press(KeyEvent::from(KeyCode::Tab));
    }
    // Replace the lead: remove 区住建局, add 区财政局.
    s.press(KeyEvent::from(KeyCode::Backspace));
    type_text(&mut s, "财政");
    enter(&mut s);
    enter(&mut s);
    let err = s.app.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(err.contains("重新交办的理由"), "{err}");
    assert_eq!(version(s.store(), busy), v);
    // The failed save put the cursor on the field the message names.
    assert_eq!(s.app.form().and_then(|f| f.fields.get(f.focus)).map(|f| f.id), Some("why"));
    type_text(&mut s, "原单位职能调整");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{:?}", s.app.form().map(|f| (&f.error, f.focus)));

    let dt = s.store().item_detail(busy).unwrap();
    let old = dt.assignments.iter().find(|x| x.unit_short == "区住建局").unwrap();
    assert!(old.assignment.end_reason.contains("原单位职能调整"), "{}", old.assignment.end_reason);
    assert_eq!(old.replies.len(), 1, "the earlier reply stays on the item");
    assert!(dt.assignments.iter().any(|x| x.unit_short == "区财政局" && x.assignment.ended_on.is_none()));
    assert!(dt.history.iter().any(|h| h.action == banli::store::AuditAction::Reassign));
}

#[test]
fn undo_after_a_withdrawal_names_it_and_restores_that_item_only() {
    let mut f = fixture(2);
    let (edited, gone) = (f.items[0], f.items[1]);
    let plan = [UnitRole { unit_id: f.units[0], role: Role::Lead, deadline_override: None }];
    let st = &mut f.store;
    st.assign(&[(gone, version(st, gone))], &plan, d("2026-09-01")).unwrap();
    let (_d, _p, mut s) = session(f);

    // An edit of one item, then a withdrawal of another.
    select(&mut s, edited);
    press(&mut s, Action::EditEntry);
    while s.app.form().unwrap().fields[s.app.form().unwrap().focus].id != "title" {
        s.press(KeyEvent::from(KeyCode::Tab));
    }
    type_text(&mut s, "(修改)");
    enter(&mut s);
    assert_eq!(s.app.form(), None);
    let edited_title = s.store().item_detail(edited).unwrap().item.title;
    select(&mut s, gone);
    press(&mut s, Action::Withdraw);
    type_text(&mut s, "领衔委员书面申请撤回");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    assert_eq!(s.store().item_detail(gone).unwrap().item.filing, Filing::Withdrawn);

    // Undo names the withdrawal of that item before it acts.
    press(&mut s, Action::Undo);
    let shown = screen(&s);
    assert!(shown.contains("撤销撤回:第002号"), "{shown}");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    let dt = s.store().item_detail(gone).unwrap();
    assert_eq!(dt.item.filing, Filing::Filed);
    assert_eq!(dt.status, Status::Assigned, "its assignment is active again");
    assert!(dt.assignments.iter().all(|a| a.assignment.ended_on.is_none()));
    assert_eq!(s.store().item_detail(edited).unwrap().item.title, edited_title, "the other item is untouched");

    // Nothing further to undo: it never reaches back to the edit of the other item.
    press(&mut s, Action::Undo);
    assert_eq!(s.app.form(), None);
    assert!(message(&s).contains("没有可撤销"), "{}", message(&s));
    assert_eq!(s.store().item_detail(edited).unwrap().item.title, edited_title);
}

#[test]
fn a_save_undo_does_not_cover_clears_it() {
    let f = fixture(2);
    let (a, b) = (f.items[0], f.items[1]);
    let (_d, _p, mut s) = session(f);
    select(&mut s, a);
    press(&mut s, Action::EditEntry);
    type_text(&mut s, "");
    enter(&mut s);
    assert!(s.undo_target() == Some(a), "{}", message(&s));
    // A contact on another item: a step undo does not cover.
    select(&mut s, b);
    press(&mut s, Action::LogContact);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    press(&mut s, Action::Undo);
    assert_eq!(s.app.form(), None, "no undo form");
    assert!(message(&s).contains("没有可撤销"), "{}", message(&s));
}

#[test]
fn a_batch_closure_is_counted_before_enter_and_undone_as_one_step() {
    let mut f = fixture(4);
    for i in 0..3 {
        replied(&mut f, i);
        let item = f.items[i];
        let st = &mut f.store;
        st.record_feedback(item, version(st, item), None, Satisfaction::Satisfied, d("2026-04-20"), "").unwrap();
    }
    let ids = f.items.clone();
    let (_d, _p, mut s) = session(f);
    // Ctrl-X: every entry shown; three qualify, the unassigned one does not.
    press(&mut s, Action::CloseShown);
    let shown = screen(&s);
    assert!(shown.contains("当前列表共 4 件:3 件符合销号条件"), "{shown}");
    assert!(shown.contains("1 件未满足"), "{shown}");
    enter(&mut s);
    enter(&mut s);
    assert_eq!(s.app.form(), None);
    for id in &ids[..3] {
        assert_eq!(s.store().item_detail(*id).unwrap().status, Status::Closed);
    }

    press(&mut s, Action::Undo);
    let shown = screen(&s);
    assert!(shown.contains("撤销批量销号 3 件:第001号、第002号、第003号"), "{shown}");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    for id in &ids[..3] {
        let dt = s.store().item_detail(*id).unwrap();
        assert_eq!(dt.status, Status::FeedbackIn, "reopened");
        let c = dt.closures.last().unwrap();
        assert!(c.reopened_on.is_some() && c.reopen_reason.contains("撤销销号"), "the reopening is recorded");
    }
    assert!(s.store().verify_audit().unwrap().is_ok(), "the audit chain verifies");
}

#[test]
fn undo_refused_names_who_changed_the_item_even_the_same_clerk() {
    let f = fixture(1);
    let item = f.items[0];
    let path = f.path.clone();
    let (_d, _p, mut s) = session(f);
    select(&mut s, item);
    press(&mut s, Action::EditEntry);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    // The same clerk (same account), in another window, changes the item.
    let mut other = banli::store::Store::open(&path, "tester", banli::data::load(None).unwrap()).unwrap();
    let mut dr = other.item_draft(item).unwrap();
    dr.leader = "李副区长".into();
    other.edit_entry(item, version(&other, item), &dr).unwrap();
    s.dispatch(Action::Tick);
    press(&mut s, Action::Undo);
    enter(&mut s);
    let said = format!("{}{}", message(&s), s.app.form().and_then(|f| f.error.clone()).unwrap_or_default());
    assert!(said.contains("你本人(tester)") && said.contains("修改"), "{said}");
    assert!(!said.contains("他人"), "{said}");
    assert_eq!(s.store().item_detail(item).unwrap().item.leader, "李副区长");

    // Another clerk is named by account.
    let mut colleague = banli::store::Store::open(&path, "同事甲", banli::data::load(None).unwrap()).unwrap();
    let mut dr = colleague.item_draft(item).unwrap();
    dr.leader = "王副区长".into();
    colleague.edit_entry(item, version(&colleague, item), &dr).unwrap();
    s.dispatch(Action::Tick);
    if s.app.form().is_some() {
        enter(&mut s);
    }
    let said = format!("{}{}", message(&s), s.app.form().and_then(|f| f.error.clone()).unwrap_or_default());
    assert!(said.contains("同事甲"), "{said}");
}

#[test]
fn a_batch_assignment_starts_empty_and_is_undone_as_one_step() {
    let mut f = fixture(3);
    let (a, b, c) = (f.items[0], f.items[1], f.items[2]);
    // `a` already assigned (not yet received) to 区民政局: the batch is not pre-filled from it.
    let st = &mut f.store;
    let plan = [UnitRole { unit_id: f.units[4], role: Role::Lead, deadline_override: None }];
    st.assign(&[(a, version(st, a))], &plan, d("2026-09-01")).unwrap();
    let (_d, _p, mut s) = session(f);
    for id in [a, b] {
        mark(&mut s, id);
    }
    press(&mut s, Action::AssignUnits);
    let form = s.app.form().cloned().expect("the batch form");
    assert!(form.field("units").and_then(|f| f.picks()).unwrap().picked.is_empty(), "starts empty");
    type_text(&mut s, "zj");
    enter(&mut s);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    for id in [a, b] {
        let dt = s.store().item_detail(id).unwrap();
        assert!(dt.assignments.iter().any(|x| x.unit_short == "区住建局" && x.assignment.ended_on.is_none()));
    }

    // Receipt on an item no unit handles says why and which key assigns it.
    select(&mut s, c);
    press(&mut s, Action::RecordReceipt);
    assert_eq!(s.app.form(), None);
    assert!(message(&s).contains("第003号尚未交办"), "{}", message(&s));

    // Undo: the batch, named, undone as one step; 区民政局 is back on `a`.
    press(&mut s, Action::Undo);
    assert!(screen(&s).contains("撤销批量交办 2 件:第001号、第002号"), "{}", screen(&s));
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    let active = |s: &Session, id: i64| -> Vec<String> {
        let dt = s.store().item_detail(id).unwrap();
        dt.assignments.iter().filter(|x| x.assignment.ended_on.is_none()).map(|x| x.unit_short.clone()).collect()
    };
    assert_eq!(active(&s, a), vec!["区民政局".to_string()]);
    assert!(active(&s, b).is_empty());
    assert_eq!(s.store().item_detail(b).unwrap().status, Status::Unassigned);
}
