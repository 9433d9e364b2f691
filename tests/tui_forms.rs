//! Forms driven by the keys of the live keymap, headless, on a real SQLite file: an item
//! taken from unassigned to feedback (issue 3), closure by keys (issue 4), intake (issue 8),
//! and a save that lost a race (issue 7). On the SQLite file also in the PostgreSQL pass: the
//! tests open it behind the store's back.
mod common;

use banli::domain::{Role, SecondReason, Status};
use banli::store::detail::ItemDetail;
use banli::tui::app::Screen;
use banli::tui::dialogs::import::ImportConfirm;
use banli::tui::dialogs::Open;
use banli::tui::{Action, Mode, Options, Session};
use common::tui::{press, type_text};
use common::{d, file_fixture as fixture, version, Fixture};
use crossterm::event::{KeyCode, KeyEvent};

fn session(f: Fixture) -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(140, 40));
    (f._dir, f.path, s)
}

fn tab(s: &mut Session, n: usize) {
    for _ in 0..n {
        s.press(KeyEvent::from(KeyCode::Tab));
    }
}

/// The screen as text, on a 140×40 terminal.
fn screen(s: &Session) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 40)).unwrap();
    terminal.draw(|f| s.draw(f)).unwrap();
    common::tui::screen_text(terminal.backend().buffer())
}

fn enter(s: &mut Session) {
    s.press(KeyEvent::from(KeyCode::Enter));
}

/// Tabs to the field `id` of the open form.
fn to_field(s: &mut Session, id: &str) {
    for _ in 0..30 {
        let f = s.app.form().expect("a form");
        if f.fields[f.focus].id == id {
            return;
        }
        tab(s, 1);
    }
    panic!("no field {id}");
}

fn detail(s: &Session, item: i64) -> ItemDetail {
    s.store().item_detail(item).unwrap()
}

fn form_error(s: &Session) -> String {
    s.app.form().and_then(|f| f.error.clone()).unwrap_or_default()
}

fn message(s: &Session) -> String {
    s.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

/// Esc on a form: a form with typed text asks first (the message says it is not saved), a
/// second Esc closes it.
fn cancel_form(s: &mut Session) {
    press(s, Action::Back);
    if s.app.form().is_some_and(|f| f.confirm.is_some()) {
        assert!(form_error(s).contains("尚未保存"), "{}", form_error(s));
        press(s, Action::Back);
    }
    assert_eq!(s.app.form(), None);
}

fn open_item(s: &mut Session, item: i64) {
    if s.app.screen == Screen::Detail {
        press(s, Action::Back);
    }
    let i = s.app.ledger.position(item).expect("item listed");
    s.app.ledger.selected = i;
    press(s, Action::OpenEntry);
    assert_eq!(s.app.screen, Screen::Detail);
}

#[test]
fn an_item_goes_from_unassigned_to_feedback_with_keys_only() {
    let f = fixture(1);
    let (units, item) = (f.units.clone(), f.items[0]);
    let (_d, _p, mut s) = session(f);
    open_item(&mut s, item);

    // 交办: one lead and two co-handling units found by pinyin, short name and name.
    press(&mut s, Action::AssignUnits);
    assert_eq!(s.app.mode(), Mode::Form);
    // 住建 in full pinyin: "zj" also fits 区自然资源局 (q-z-r-z-y-j), which the office's
    // order (pinyin, zi before zhu) now lists first.
    type_text(&mut s, "zhujian");
    enter(&mut s);
    type_text(&mut s, "财政");
    enter(&mut s);
    type_text(&mut s, "zrzy");
    enter(&mut s);
    let info = s.app.form().unwrap().info.clone();
    assert!(info.iter().any(|(_, l)| l.contains("区住建局") && l.contains("→")), "{info:?}");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", message(&s));
    let dt = detail(&s, item);
    let mut roles: Vec<(i64, Role)> =
        dt.assignments.iter().map(|a| (a.assignment.unit_id, a.assignment.role)).collect();
    roles.sort_by_key(|r| r.0);
    assert_eq!(roles, vec![(units[0], Role::Lead), (units[1], Role::CoHandling), (units[2], Role::CoHandling)]);

    // 签收.
    press(&mut s, Action::RecordReceipt);
    enter(&mut s);
    assert!(detail(&s, item).assignments.iter().any(|a| a.assignment.received_on.is_some()));

    // The lead's reply is refused while co-handling opinions are missing; nothing is saved.
    press(&mut s, Action::RecordReply);
    to_field(&mut s, "signer");
    type_text(&mut s, "张局长");
    let before = version(s.store(), item);
    enter(&mut s);
    assert!(form_error(&s).contains("会办"), "{}", form_error(&s));
    assert_eq!(version(s.store(), item), before);
    cancel_form(&mut s);
    assert_eq!(s.app.form(), None);

    // 会办意见 from both co-handling units: the form offers the unit still awaited.
    for (unit, doc) in [("区财政局", "财会〔2026〕1号"), ("区自然资源局", "自然资源会〔2026〕2号")]
    {
        press(&mut s, Action::RecordCoOpinion);
        let offered = s.app.form().unwrap().fields[0].choice_code().to_string();
        let awaited = detail(&s, item).assignments.iter().find(|a| a.unit_short == unit).unwrap().assignment.id;
        assert_eq!(offered, awaited.to_string(), "the form offers {unit}");
        to_field(&mut s, "doc");
        type_text(&mut s, doc);
        enter(&mut s);
        assert_eq!(s.app.form(), None, "{}", form_error(&s));
    }

    // 面复 by the head (the first rank offered).
    press(&mut s, Action::LogFaceToFace);
    to_field(&mut s, "place");
    type_text(&mut s, "城关代表联络站");
    to_field(&mut s, "replier");
    type_text(&mut s, "张局长");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(detail(&s, item).face_to_face.len(), 1);

    // A class B reply with two commitments.
    press(&mut s, Action::RecordReply);
    to_field(&mut s, "signer");
    type_text(&mut s, "张局长");
    to_field(&mut s, "class");
    type_text(&mut s, "B");
    to_field(&mut s, "commitments");
    type_text(&mut s, "2026-12-31 完成道路改造");
    press(&mut s, Action::NewLine);
    type_text(&mut s, "建立长效机制 2027-03-31");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    let dt = detail(&s, item);
    let lead = dt.assignments.iter().find(|a| a.assignment.role == Role::Lead).unwrap();
    assert_eq!(lead.replies[0].result_class, "B");
    assert_eq!(dt.commitments.len(), 2);
    assert_eq!(dt.commitments[1].due_on, d("2027-03-31"));

    // Returned by review, with a reason; then a second reply, approved.
    press(&mut s, Action::ReviewReply);
    press(&mut s, Action::NextField);
    press(&mut s, Action::CursorRight);
    enter(&mut s);
    assert!(form_error(&s).contains("理由"), "a return needs a reason: {}", form_error(&s));
    to_field(&mut s, "reason");
    type_text(&mut s, "答复过于笼统");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(detail(&s, item).status, Status::Returned);
    // The new reply starts from the returned one, with the reason on top.
    press(&mut s, Action::RecordReply);
    let form = s.app.form().unwrap();
    assert!(form.info.iter().any(|(_, l)| l.contains("被退回重办:答复过于笼统")), "{:?}", form.info);
    assert_eq!(form.text("signer"), "张局长");
    assert_eq!(form.choice("class"), "B");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    press(&mut s, Action::ReviewReply);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));

    // An unsatisfied feedback puts the item in the second-round queue.
    press(&mut s, Action::RecordFeedback);
    to_field(&mut s, "level");
    press(&mut s, Action::CursorLeft);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    let dt = detail(&s, item);
    assert_eq!(dt.feedback.len(), 1);
    // The returned reply opened one round; the unsatisfied feedback is why it is in the queue now.
    let open: Vec<_> = dt.second_rounds.iter().filter(|r| r.closed_on.is_none()).collect();
    assert!(open.iter().any(|r| r.reason == SecondReason::Feedback), "{:?}", dt.second_rounds);
    assert!(message(&s).contains("二次办理"), "{}", message(&s));
}

#[test]
fn invalid_roles_get_a_message_and_change_nothing() {
    let f = fixture(1);
    let item = f.items[0];
    let (_d, _p, mut s) = session(f);
    open_item(&mut s, item);
    let before = version(s.store(), item);
    // Two leads.
    press(&mut s, Action::AssignUnits);
    // 住建 in full pinyin: "zj" also fits 区自然资源局 (q-z-r-z-y-j), which the office's
    // order (pinyin, zi before zhu) now lists first.
    type_text(&mut s, "zhujian");
    enter(&mut s);
    type_text(&mut s, "财政");
    enter(&mut s);
    press(&mut s, Action::CursorLeft);
    press(&mut s, Action::CursorLeft);
    assert!(s.app.form().unwrap().info.iter().any(|(ok, _)| *ok == Some(false)));
    enter(&mut s);
    assert!(form_error(&s).contains("主办单位只能有一个"), "{}", form_error(&s));
    // One split unit alone.
    press(&mut s, Action::DeleteChar);
    press(&mut s, Action::CursorRight);
    enter(&mut s);
    assert!(form_error(&s).contains("分办"), "{}", form_error(&s));
    cancel_form(&mut s);
    assert_eq!(version(s.store(), item), before);
    assert!(detail(&s, item).assignments.is_empty());
}

#[test]
fn a_deadline_changed_by_hand_needs_a_reason_and_is_kept() {
    let mut f = fixture(1);
    // Today is inside the request window of an assignment made on 2026-09-29 (never in the future).
    f.store.set_today(d("2026-10-09"));
    let item = f.items[0];
    let (_d, _p, mut s) = session(f);
    open_item(&mut s, item);
    press(&mut s, Action::AssignUnits);
    to_field(&mut s, "on");
    for _ in 0..10 {
        press(&mut s, Action::DeleteChar);
    }
    // Assigned just before 国庆: the working-day window of a reassignment request crosses it.
    type_text(&mut s, "2026-09-29");
    to_field(&mut s, "units");
    type_text(&mut s, "住建");
    enter(&mut s);
    to_field(&mut s, "deadline");
    type_text(&mut s, "2026-10-31");
    enter(&mut s);
    assert!(form_error(&s).contains("理由"), "{}", form_error(&s));
    to_field(&mut s, "reason");
    type_text(&mut s, "区长交办,限期办结");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    let a = &detail(&s, item).assignments[0].assignment;
    assert_eq!(a.deadline, d("2026-10-31"));
    // The request window is counted in working days over the holiday calendar.
    press(&mut s, Action::RequestReassignment);
    let info = s.app.form().unwrap().info.clone();
    let data = banli::data::load(None).unwrap();
    let end = data.rules.add(&data.calendar, d("2026-09-29"), data.rules.windows.reassignment_request).date;
    assert!(end > d("2026-10-07"), "the window skips the National Day holiday: {end}");
    assert!(info[0].1.contains(&end.format("%Y-%m-%d").to_string()), "{info:?}");
}

/// The closure checklist's lines are all ticked.
fn eligible(s: &Session, item: i64) -> bool {
    s.store().closure_checklist(item).unwrap().iter().all(|l| l.ok)
}

fn demo_session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let data = banli::data::load(None).unwrap();
    let mut store = banli::store::Store::open(&dir.path().join("d.db"), "测试员", data).unwrap();
    store.set_today(d("2026-11-22"));
    store.load_demo().unwrap();
    let mut s = Session::new(store, &Options::default());
    s.dispatch(Action::Resize(140, 40));
    (dir, s)
}

#[test]
fn closing_takes_two_keys_a_batch_lists_the_rest_and_forced_closure_and_reopen_work() {
    let (_d, mut s) = demo_session();
    let ids: Vec<i64> = s.ledger_rows().iter().map(|r| r.id).collect();
    let ok: Vec<i64> = ids.iter().copied().filter(|i| eligible(&s, *i)).collect();
    let not: Vec<i64> = ids.iter().copied().filter(|i| !eligible(&s, *i)).collect();
    assert!(ok.len() >= 6, "the demo has entries ready to close ({})", ok.len());

    // One at a time: x, Enter.
    let first = ok[0];
    s.app.ledger.selected = s.app.ledger.position(first).unwrap();
    press(&mut s, Action::CloseEntry);
    enter(&mut s);
    assert_eq!(detail(&s, first).status, Status::Closed, "{}", message(&s));
    // Closed entries leave the default ledger view.
    assert!(s.ledger_rows().iter().all(|r| r.id != first));

    // A batch on marked entries: four eligible and one not.
    let mut marked = ok[1..5].to_vec();
    marked.push(not[0]);
    for id in &marked {
        s.app.ledger.selected = s.app.ledger.position(*id).unwrap();
        press(&mut s, Action::ToggleSelect);
    }
    press(&mut s, Action::CloseEntry);
    assert!(matches!(s.app.form().unwrap().dialog, Open::CloseMany(_)));
    // Before Enter, the form says how many qualify and which do not, with the reason
    // (issue 13: it used to say only "close every one that qualifies").
    let shown = screen(&s);
    assert!(shown.contains("已标记共 5 件:4 件符合销号条件"), "the batch says what it will do:\n{shown}");
    assert!(shown.contains("1 件未满足"), "the one that does not qualify, with why:\n{shown}");
    enter(&mut s);
    let report = s.app.form().cloned().expect("a report");
    assert!(report.info[0].1.contains("已销号 4 件"), "{:?}", report.info);
    assert!(report.info.iter().any(|(ok, _)| *ok == Some(false)), "{:?}", report.info);
    // Every line of the report is on screen, the one left open with its reason.
    let shown = screen(&s);
    for (_, line) in &report.info {
        assert!(shown.contains(line.as_str()), "{line} not shown in\n{shown}");
    }
    enter(&mut s);
    assert_eq!(s.app.form(), None);
    for id in &ok[1..5] {
        assert_eq!(detail(&s, *id).status, Status::Closed);
    }

    // The ineligible one: the checklist says why; the office closes it with a reason.
    let bad = not[0];
    s.app.ledger.selected = s.app.ledger.position(bad).unwrap();
    press(&mut s, Action::CloseEntry);
    let form = s.app.form().cloned().expect("close form");
    assert!(form.info.iter().any(|(ok, _)| *ok == Some(false)));
    enter(&mut s);
    assert!(form_error(&s).contains("不能销号"), "{}", form_error(&s));
    type_text(&mut s, "经主任会议研究同意销号");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    let dt = detail(&s, bad);
    assert_eq!(dt.status, Status::Closed);
    assert_eq!(dt.closures.last().unwrap().forced_reason, "经主任会议研究同意销号");

    // Reopen it with a reason, from its detail (closed entries are shown with `c`).
    press(&mut s, Action::ToggleClosed);
    open_item(&mut s, bad);
    press(&mut s, Action::ReopenEntry);
    type_text(&mut s, "代表再次反映");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_ne!(detail(&s, bad).status, Status::Closed);
}

#[test]
fn a_save_that_lost_a_race_shows_both_versions_and_can_be_reapplied() {
    let f = fixture(1);
    let (item, path) = (f.items[0], f.path.clone());
    let (_d, _p, mut s) = session(f);
    open_item(&mut s, item);
    press(&mut s, Action::LogContact);
    to_field(&mut s, "notes");
    type_text(&mut s, "电话沟通,代表同意");
    // Another clerk saves on the same item meanwhile.
    let mut other = banli::store::Store::open(&path, "另一位", banli::data::load(None).unwrap()).unwrap();
    other.set_today(d("2026-09-20"));
    let v = version(&other, item);
    let c = banli::store::handling::contact::NewContact {
        unit_id: None,
        stage: banli::domain::ContactStage::Before,
        method: banli::domain::ContactMethod::Visit,
        on: d("2026-09-19"),
        participants: "王主任".into(),
        notes: "走访".into(),
    };
    other.log_contact(item, v, &c).unwrap();
    enter(&mut s);
    let conflict = s.app.form().and_then(|f| f.conflict.clone()).expect("a conflict");
    assert!(conflict.theirs.iter().any(|h| h.operator == "另一位"), "{:?}", conflict.theirs);
    assert_eq!(detail(&s, item).contacts.len(), 1, "nothing of ours saved yet");
    // Typing does nothing now; Enter saves ours on top of theirs.
    type_text(&mut s, "x");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    let contacts = detail(&s, item).contacts;
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts.iter().filter(|c| c.notes == "电话沟通,代表同意").count(), 1);
}

#[test]
fn intake_by_keys_register_file_merge_refuse_opinion_withdraw_and_undo() {
    let f = fixture(1);
    let (first, people) = (f.items[0], f.people.clone());
    let (_d, path, mut s) = session(f);
    let count = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p).unwrap().query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap()
    };

    // Register a suggestion-shaped proposal with two co-signers, one of them new.
    let register = |s: &mut Session, title: &str, new_person: Option<&str>| {
        press(s, Action::NewEntry);
        assert_eq!(s.app.mode(), Mode::Form);
        to_field(s, "title");
        type_text(s, title);
        to_field(s, "proposers");
        type_text(s, "马均");
        enter(s);
        type_text(s, "王立");
        enter(s);
        if let Some(name) = new_person {
            type_text(s, name);
            // The new name is the last line offered.
            for _ in 0..6 {
                press(s, Action::MoveDown);
            }
            enter(s);
            to_field(s, "delegation");
            type_text(s, "经济界");
            type_text(s, "");
        }
        enter(s);
        assert_eq!(s.app.form(), None, "{}", form_error(s));
        s.app.detail.as_ref().expect("the new item is open").detail.item.id
    };
    let n0 = count(&path);
    let a = register(&mut s, "关于完善社区养老服务的提案", Some("赵新民"));
    let da = detail(&s, a);
    assert_eq!(da.status, Status::Received);
    assert_eq!(da.proposers.len(), 3);
    assert_eq!(da.proposers[0].person.id, people[0]);
    assert_eq!(da.proposers[2].person.name, "赵新民");
    assert_eq!(count(&path), n0 + 1);

    // A taken number and a missing title are refused; nothing is written.
    press(&mut s, Action::NewEntry);
    to_field(&mut s, "number");
    for _ in 0..6 {
        press(&mut s, Action::DeleteChar);
    }
    type_text(&mut s, "001");
    to_field(&mut s, "title");
    type_text(&mut s, "关于重复编号的提案");
    enter(&mut s);
    assert!(!form_error(&s).is_empty());
    // The cursor goes to the field the message names, so the next keys correct it.
    let f = s.app.form().expect("the form stays open");
    assert_eq!(f.fields[f.focus].id, "proposers", "{}", form_error(&s));
    to_field(&mut s, "number");
    for _ in 0..6 {
        press(&mut s, Action::DeleteChar);
    }
    type_text(&mut s, "900");
    to_field(&mut s, "title");
    for _ in 0..20 {
        press(&mut s, Action::DeleteChar);
    }
    enter(&mut s);
    assert!(form_error(&s).contains("标题"), "{}", form_error(&s));
    cancel_form(&mut s);
    assert_eq!(count(&path), n0 + 1);

    // File the first.
    press(&mut s, Action::ReviewFiling);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(detail(&s, a).item.filing, banli::domain::Filing::Filed);

    // A duplicate merged into the first.
    let b = register(&mut s, "关于完善社区养老服务的提案", None);
    assert!(message(&s).contains("标题相同"), "a likely duplicate is pointed out: {}", message(&s));
    press(&mut s, Action::ReviewFiling);
    type_text(&mut s, "并");
    to_field(&mut s, "merge");
    let number = detail(&s, a).item.number;
    type_text(&mut s, &number);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(detail(&s, b).item.filing, banli::domain::Filing::Merged);

    // A third refused with a configured ground.
    let c = register(&mut s, "关于解决个人劳动纠纷的提案", None);
    press(&mut s, Action::ReviewFiling);
    type_text(&mut s, "不");
    enter(&mut s);
    assert!(form_error(&s).contains("请从配置的理由中选择"), "no ground chosen: {}", form_error(&s));
    to_field(&mut s, "ground");
    press(&mut s, Action::CursorRight);
    press(&mut s, Action::CursorRight);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert!(message(&s).contains("涉及个人或家庭私事"), "{}", message(&s));
    assert_eq!(detail(&s, c).item.filing, banli::domain::Filing::NotFiled);

    // A fourth turned into an opinion letter to a unit.
    let e = register(&mut s, "关于优化营商环境的提案", None);
    press(&mut s, Action::ReviewFiling);
    type_text(&mut s, "转");
    to_field(&mut s, "unit");
    // 住建 in full pinyin: "zj" also fits 区自然资源局 (q-z-r-z-y-j), which the office's
    // order (pinyin, zi before zhu) now lists first.
    type_text(&mut s, "zhujian");
    enter(&mut s);
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(detail(&s, e).item.filing, banli::domain::Filing::Opinion);

    // The original first item withdrawn; it stays in the ledger's records.
    open_item(&mut s, first);
    press(&mut s, Action::Withdraw);
    type_text(&mut s, "领衔委员书面申请撤回");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(detail(&s, first).item.filing, banli::domain::Filing::Withdrawn);

    // Edit a title, then undo it with one key.
    open_item(&mut s, a);
    let title = detail(&s, a).item.title;
    press(&mut s, Action::EditEntry);
    to_field(&mut s, "title");
    type_text(&mut s, "(修改)");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_ne!(detail(&s, a).item.title, title);
    assert!(detail(&s, a).history.iter().any(|h| h.action == banli::store::AuditAction::EditEntry));
    // Undo names the step and the item first (issue 13); Enter undoes it.
    press(&mut s, Action::Undo);
    let asked = s.app.form().expect("undo asks first").info[0].1.clone();
    assert!(asked.contains("撤销修改") && asked.contains(&detail(&s, a).item.number), "{asked}");
    enter(&mut s);
    assert_eq!(detail(&s, a).item.title, title, "{}", message(&s));

    // Every decision is in the report's figures.
    let rep = banli::transfer::report::build(s.store(), None, banli::text::Lang::Zh).unwrap();
    let filing = rep.paragraphs.last().unwrap();
    assert_eq!(filing, "共收到提案5件，经审查，已立案1件，已并案1件，转为意见1件，不予立案1件，已撤回1件。");
}

#[test]
fn import_shows_the_dry_run_first_and_writes_only_on_enter() {
    let f = fixture(1);
    let path = f.path.clone();
    let (dir, _p, mut s) = session(f);
    let count = || -> i64 {
        rusqlite::Connection::open(&path).unwrap().query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap()
    };
    let file = dir.path().join("list.csv");
    let text = "提案号,案由,领衔委员,主办单位\n\
                101,关于增设公交线路的提案,马均侠,区住建局\n\
                102,关于改善农村饮水的提案,王立新,区水务局\n";
    std::fs::write(&file, text).unwrap();
    let n0 = count();

    press(&mut s, Action::ImportFile);
    type_text(&mut s, &file.display().to_string());
    to_field(&mut s, "meeting");
    type_text(&mut s, "区政协十五届二次会议");
    enter(&mut s);
    s.wait_for_job();
    // The dry run: an unknown unit, with its row and column; nothing written.
    let preview = s.app.form().cloned().expect("the dry run's report");
    assert!(matches!(preview.dialog, Open::ImportConfirm(ImportConfirm { ok: false, .. })), "{:?}", preview.info);
    assert!(preview.info.iter().any(|(bad, l)| *bad == Some(false) && l.contains("区水务局")), "{:?}", preview.info);
    enter(&mut s);
    assert!(!form_error(&s).is_empty());
    cancel_form(&mut s);
    assert_eq!(count(), n0);

    // Again, creating the unknown unit: the form remembers the file.
    press(&mut s, Action::ImportFile);
    to_field(&mut s, "create_units");
    type_text(&mut s, " ");
    enter(&mut s);
    s.wait_for_job();
    assert!(matches!(s.app.form().unwrap().dialog, Open::ImportConfirm(ImportConfirm { ok: true, .. })));
    assert_eq!(count(), n0, "the dry run writes nothing");
    enter(&mut s);
    s.wait_for_job();
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(count(), n0 + 2, "{}", message(&s));
    assert!(message(&s).contains("新增 2 件"), "{}", message(&s));
}

#[test]
fn export_and_report_write_their_files() {
    let f = fixture(2);
    let (dir, _p, mut s) = session(f);
    let xlsx = dir.path().join("台账.xlsx");
    press(&mut s, Action::ExportFile);
    to_field(&mut s, "path");
    type_text(&mut s, &xlsx.display().to_string());
    enter(&mut s);
    s.wait_for_job();
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    let docx = dir.path().join("报告.docx");
    press(&mut s, Action::WriteReport);
    to_field(&mut s, "path");
    type_text(&mut s, &docx.display().to_string());
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert!(std::fs::metadata(&docx).unwrap().len() > 1000);
    assert!(message(&s).contains("报告"), "{}", message(&s));
}

#[test]
fn the_list_screens_open_forms_on_their_selected_row() {
    let (dir, mut s) = demo_session();
    let notes = |s: &Session| -> i64 {
        rusqlite::Connection::open(s.store().path())
            .unwrap()
            .query_row("SELECT count(*) FROM progress_note", [], |r| r.get(0))
            .unwrap()
    };
    let before = notes(&s);
    press(&mut s, Action::ShowQueue);
    assert_eq!(s.app.screen, Screen::Queue);
    press(&mut s, Action::LogProgress);
    assert!(matches!(s.app.form().map(|f| &f.dialog), Some(Open::Progress(_))), "{}", message(&s));
    to_field(&mut s, "text");
    type_text(&mut s, "已召开现场协调会");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    assert_eq!(notes(&s), before + 1);
    assert_eq!(s.app.screen, Screen::Queue, "the clerk stays on the queue");
    // A reminder from the supervision list.
    press(&mut s, Action::ShowSupervision);
    press(&mut s, Action::LogReminder);
    assert!(matches!(s.app.form().map(|f| &f.dialog), Some(Open::Reminder(_))), "{}", message(&s));
    to_field(&mut s, "to");
    type_text(&mut s, "办公室主任");
    to_field(&mut s, "note");
    type_text(&mut s, "请于本周内答复");
    enter(&mut s);
    assert_eq!(s.app.form(), None, "{}", form_error(&s));
    drop(dir);
}
