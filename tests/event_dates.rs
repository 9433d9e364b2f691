//! Issue 13, "Dates that can be true": an event that happened is never dated after today nor
//! before the event it follows; the refusal names both dates and changes nothing. Planned
//! dates (deadlines, commitment due dates) may be in the future. Today is 2026-09-20.
mod common;
use banli::domain::{ContactMethod, ContactStage, Disclosure, ReplierRank, Role, Satisfaction};
use banli::store::handling::assign::UnitRole;
use banli::store::handling::contact::{NewContact, NewFaceToFace};
use banli::store::handling::reply::NewReply;
use banli::store::{Store, StoreError};
use banli::text::Lang;
use common::{d, fixture, version, Fixture};

fn audit_rows(f: &Fixture) -> i64 {
    common::raw(&f.path).query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// Refused as an impossible date, with both messages as given; returns nothing changed.
fn refused(f: &Fixture, r: Result<impl std::fmt::Debug, StoreError>, zh: &str, en: &str) {
    let before = audit_rows(f);
    let e = r.unwrap_err();
    assert!(matches!(e, StoreError::EventDate(_)), "{e:?}");
    assert!(e.message(Lang::Zh).starts_with(zh), "{}", e.message(Lang::Zh));
    assert!(e.message(Lang::En).starts_with(en), "{}", e.message(Lang::En));
    assert_eq!(audit_rows(f), before);
}

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

/// Assigns the first item to unit 0 as lead on `on`; returns the assignment id.
fn assigned(f: &mut Fixture, on: &str) -> i64 {
    let (item, unit) = (f.items[0], f.units[0]);
    let s = &mut f.store;
    let plan = [UnitRole { unit_id: unit, role: Role::Lead, deadline_override: None }];
    s.assign(&[(item, version(s, item))], &plan, d(on)).unwrap();
    s.item_detail(item).unwrap().assignments[0].assignment.id
}

fn item_version(f: &Fixture) -> i64 {
    version(&f.store, f.items[0])
}

#[test]
fn a_receipt_five_months_ahead_is_refused_naming_today() {
    let mut f = fixture(1);
    let a = assigned(&mut f, "2026-09-01");
    let v = item_version(&f);
    let r = f.store.receive(a, v, d("2027-02-20"));
    refused(&f, r, "签收日期 2027-02-20 晚于今天 2026-09-20", "the receipt date 2027-02-20 is after today, 2026-09-20");
    let r = f.store.receive(a, v, d("2026-08-31"));
    refused(
        &f,
        r,
        "签收日期 2026-08-31 早于交办日期 2026-09-01",
        "the receipt date 2026-08-31 is before the assignment date",
    );
    f.store.receive(a, v, d("2026-09-20")).unwrap();
    assert_eq!(f.store.item_detail(f.items[0]).unwrap().assignments[0].assignment.received_on, Some(d("2026-09-20")));
}

#[test]
fn an_assignment_cannot_be_dated_in_the_future() {
    let mut f = fixture(1);
    let (item, unit) = (f.items[0], f.units[0]);
    let v = item_version(&f);
    let plan = [UnitRole { unit_id: unit, role: Role::Lead, deadline_override: None }];
    let r = f.store.assign(&[(item, v)], &plan, d("2026-10-01"));
    refused(&f, r, "交办日期 2026-10-01 晚于今天 2026-09-20", "the assignment date 2026-10-01 is after today");
    let r = f.store.assign(&[(item, v)], &plan, d("2026-01-01"));
    refused(
        &f,
        r,
        "交办日期 2026-01-01 早于提出日期 2026-01-12",
        "the assignment date 2026-01-01 is before the filing date",
    );
}

#[test]
fn a_reassignment_decision_before_its_request_is_refused() {
    let mut f = fixture(1);
    let a = assigned(&mut f, "2026-09-14");
    let v = item_version(&f);
    let r = f.store.request_reassignment(a, v, d("2026-09-21"), "不属于本单位职责", None);
    refused(&f, r, "申请调整日期 2026-09-21 晚于今天", "the reassignment request date 2026-09-21 is after today");
    let req = f.store.request_reassignment(a, v, d("2026-09-16"), "不属于本单位职责", None).unwrap();
    let v = item_version(&f);
    let r = f.store.decide_reassignment(req, v, true, "改由区财政局主办", d("2026-09-15"));
    refused(
        &f,
        r,
        "调整审定日期 2026-09-15 早于申请调整日期 2026-09-16",
        "the reassignment decision date 2026-09-15 is before the reassignment request date 2026-09-16",
    );
    let r = f.store.decide_reassignment(req, v, true, "改由区财政局主办", d("2026-12-01"));
    refused(&f, r, "调整审定日期 2026-12-01 晚于今天 2026-09-20", "the reassignment decision date 2026-12-01");
    f.store.decide_reassignment(req, v, true, "改由区财政局主办", d("2026-09-16")).unwrap();
}

#[test]
fn a_reply_before_its_receipt_is_refused_and_a_review_and_feedback_follow_the_reply() {
    let mut f = fixture(1);
    let a = assigned(&mut f, "2026-06-01");
    let item = f.items[0];
    f.store.receive(a, item_version(&f), d("2026-06-10")).unwrap();
    let v = item_version(&f);
    let r = f.store.record_reply(a, v, &reply("区住建局提〔2026〕1号", "2026-06-05", vec![]), None);
    refused(
        &f,
        r,
        "答复日期 2026-06-05 早于签收日期 2026-06-10",
        "the reply date 2026-06-05 is before the receipt date 2026-06-10",
    );
    let r = f.store.record_reply(a, v, &reply("区住建局提〔2026〕1号", "2026-09-21", vec![]), None);
    refused(&f, r, "答复日期 2026-09-21 晚于今天 2026-09-20", "the reply date 2026-09-21 is after today");
    // A commitment's due date is planned: it may be in the future.
    let promise = vec![("完成道路改造".to_string(), d("2027-06-30"))];
    let reply_id = f.store.record_reply(a, v, &reply("区住建局提〔2026〕1号", "2026-07-01", promise), None).unwrap();

    let v = item_version(&f);
    let r = f.store.review_reply(reply_id, v, true, "", d("2026-06-30"));
    refused(
        &f,
        r,
        "审核日期 2026-06-30 早于答复日期 2026-07-01",
        "the review date 2026-06-30 is before the reply date 2026-07-01",
    );
    let r = f.store.review_reply(reply_id, v, true, "", d("2026-09-30"));
    refused(&f, r, "审核日期 2026-09-30 晚于今天", "the review date 2026-09-30 is after today");
    f.store.review_reply(reply_id, v, true, "", d("2026-07-03")).unwrap();

    let v = item_version(&f);
    let r = f.store.record_feedback(item, v, None, Satisfaction::Satisfied, d("2026-06-20"), "");
    refused(
        &f,
        r,
        "反馈日期 2026-06-20 早于答复日期 2026-07-01",
        "the feedback date 2026-06-20 is before the reply date",
    );
    let r = f.store.record_feedback(item, v, None, Satisfaction::Satisfied, d("2026-10-20"), "");
    refused(&f, r, "反馈日期 2026-10-20 晚于今天", "the feedback date 2026-10-20 is after today");

    let c = f.store.item_detail(item).unwrap().commitments[0].id;
    let r = f.store.commitment_done(c, v, d("2026-06-30"));
    refused(&f, r, "承诺完成日期 2026-06-30 早于答复日期 2026-07-01", "the date the commitment was done 2026-06-30");
    let r = f.store.commitment_done(c, v, d("2027-06-30"));
    refused(&f, r, "承诺完成日期 2027-06-30 晚于今天", "the date the commitment was done 2027-06-30 is after today");
    f.store.commitment_done(c, v, d("2026-09-01")).unwrap();
}

#[test]
fn a_contact_in_2100_and_a_face_to_face_before_the_assignment_are_refused() {
    let mut f = fixture(1);
    let item = f.items[0];
    let unit = f.units[0];
    let v = item_version(&f);
    let contact = |on: &str| NewContact {
        unit_id: None,
        stage: ContactStage::During,
        method: ContactMethod::Phone,
        on: d(on),
        participants: "马均侠".into(),
        notes: String::new(),
    };
    let r = f.store.log_contact(item, v, &contact("2100-01-01"));
    refused(&f, r, "沟通日期 2100-01-01 晚于今天 2026-09-20", "the contact date 2100-01-01 is after today, 2026-09-20");
    let r = f.store.log_contact(item, v, &contact("2026-01-05"));
    refused(
        &f,
        r,
        "沟通日期 2026-01-05 早于提出日期 2026-01-12",
        "the contact date 2026-01-05 is before the filing date",
    );
    f.store.log_contact(item, v, &contact("2026-01-12")).unwrap();

    assigned(&mut f, "2026-05-01");
    let v = item_version(&f);
    let meeting = |on: &str| NewFaceToFace {
        unit_id: unit,
        on: d(on),
        place: "区住建局".into(),
        rank: ReplierRank::Head,
        replier: "张局长".into(),
        office_present: true,
        proposers_present: "马均侠".into(),
        reaction: String::new(),
    };
    let r = f.store.log_face_to_face(item, v, &meeting("2026-04-30"));
    refused(
        &f,
        r,
        "面复日期 2026-04-30 早于交办日期 2026-05-01",
        "the face-to-face reply date 2026-04-30 is before the assignment date",
    );
    let r = f.store.log_face_to_face(item, v, &meeting("2026-09-21"));
    refused(&f, r, "面复日期 2026-09-21 晚于今天", "the face-to-face reply date 2026-09-21 is after today");
    f.store.log_face_to_face(item, v, &meeting("2026-05-20")).unwrap();
}

#[test]
fn a_closure_is_not_before_the_last_event_nor_a_reopening_before_the_closure() {
    let mut f = fixture(1);
    let a = assigned(&mut f, "2026-08-01");
    let item = f.items[0];
    let s: &mut Store = &mut f.store;
    let reply_id =
        s.record_reply(a, version(s, item), &reply("区住建局提〔2026〕9号", "2026-08-20", vec![]), None).unwrap();
    s.review_reply(reply_id, version(s, item), true, "", d("2026-08-22")).unwrap();
    s.record_feedback(item, version(s, item), None, Satisfaction::Satisfied, d("2026-09-02"), "").unwrap();
    let v = version(s, item);
    let r = f.store.close_entry(item, v, None, d("2026-09-01"));
    refused(
        &f,
        r,
        "销号日期 2026-09-01 早于反馈日期 2026-09-02",
        "the closure date 2026-09-01 is before the feedback date 2026-09-02",
    );
    let r = f.store.close_entry(item, v, None, d("2026-09-21"));
    refused(&f, r, "销号日期 2026-09-21 晚于今天", "the closure date 2026-09-21 is after today");
    f.store.close_entry(item, v, None, d("2026-09-10")).unwrap();
    let v = item_version(&f);
    let r = f.store.reopen_entry(item, v, "提出人要求继续办理", d("2026-09-09"));
    refused(
        &f,
        r,
        "重新打开日期 2026-09-09 早于销号日期 2026-09-10",
        "the reopening date 2026-09-09 is before the closure date",
    );
    f.store.reopen_entry(item, v, "提出人要求继续办理", d("2026-09-10")).unwrap();
}

/// In the receipt form: a date after today is refused with both dates named, the form stays
/// open with the date as typed, and nothing is saved; the same form then saves a true date.
#[test]
fn the_receipt_form_shows_the_refusal_and_keeps_what_was_typed() {
    use banli::tui::{Action, Options, Session};
    use common::tui::{press, type_text};
    use crossterm::event::{KeyCode, KeyEvent};
    let mut f = fixture(1);
    let a = assigned(&mut f, "2026-09-01");
    let item = f.items[0];
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(120, 30));
    s.app.ledger.selected = s.app.ledger.position(item).unwrap();
    press(&mut s, Action::OpenEntry);
    press(&mut s, Action::RecordReceipt);
    let focus_on = |s: &mut Session| {
        while s.app.form().map(|f| f.fields[f.focus].id) != Some("on") {
            s.press(KeyEvent::from(KeyCode::Tab));
        }
    };
    focus_on(&mut s);
    for _ in 0..10 {
        s.press(KeyEvent::from(KeyCode::Backspace));
    }
    type_text(&mut s, "2027-05-01");
    s.press(KeyEvent::from(KeyCode::Enter));
    let form = s.app.form().expect("the form stays open");
    let error = form.error.clone().unwrap_or_default();
    assert!(error.starts_with("签收日期 2027-05-01 晚于今天 2026-09-20"), "{error}");
    assert_eq!(form.text("on"), "2027-05-01", "what was typed is kept");
    let received = |s: &Session| {
        s.store()
            .item_detail(item)
            .unwrap()
            .assignments
            .iter()
            .find(|x| x.assignment.id == a)
            .unwrap()
            .assignment
            .received_on
    };
    assert_eq!(received(&s), None);
    focus_on(&mut s);
    for _ in 0..10 {
        s.press(KeyEvent::from(KeyCode::Backspace));
    }
    type_text(&mut s, "9-18");
    s.press(KeyEvent::from(KeyCode::Enter));
    assert!(s.app.form().is_none(), "{:?}", s.app.form().and_then(|f| f.error.clone()));
    assert_eq!(received(&s), Some(d("2026-09-18")));
}
