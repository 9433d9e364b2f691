//! Issue 13, follow-up: second rounds per proposer, the queue fed by the rules (the sweep),
//! commitments and follow-up at closure, one open/closed rule. A regression test per defect.
mod common;
use banli::domain::closure::{self, Check};
use banli::domain::{Disclosure, Role, Satisfaction, SecondReason, Status};
use banli::store::followup::second_round::QueueFilter;
use banli::store::handling::assign::UnitRole;
use banli::store::handling::reply::NewReply;
use banli::store::Store;
use banli::tui::{Action, Options, Session};
use common::{d, fixture, version, Fixture};
use rusqlite::params;

fn reply(doc: &str, on: &str, class: &str, commitments: Vec<(String, chrono::NaiveDate)>) -> NewReply {
    NewReply {
        on: d(on),
        doc_number: doc.into(),
        signer: "张局长".into(),
        result_class: class.into(),
        disclosure: Disclosure::Public,
        consent: true,
        text: String::new(),
        commitments,
    }
}

/// Assigns item `i` to unit 0 as lead and gets its reply (class, commitments) approved.
fn replied(f: &mut Fixture, i: usize, class: &str, commitments: Vec<(String, chrono::NaiveDate)>) -> i64 {
    let item = f.items[i];
    let s = &mut f.store;
    s.assign(
        &[(item, version(s, item))],
        &[UnitRole { unit_id: f.units[0], role: Role::Lead, deadline_override: None }],
        d("2026-02-01"),
    )
    .unwrap();
    let aid = s.item_detail(item).unwrap().assignments[0].assignment.id;
    let doc = format!("区住建局提〔2026〕{}号", i + 1);
    let r = s.record_reply(aid, version(s, item), &reply(&doc, "2026-04-01", class, commitments), None).unwrap();
    s.review_reply(r, version(s, item), true, "", d("2026-04-03")).unwrap();
    aid
}

/// Adds two more co-signers to item `i` (four proposers in all).
fn four_proposers(f: &Fixture, i: usize) -> Vec<i64> {
    let c = common::raw(&f.path);
    let item = f.items[i];
    for (pos, name) in [(2, "梁振琪"), (3, "叶伟")] {
        c.execute("INSERT INTO person (name, body, delegation) VALUES (?1, 'cppcc', '经济界')", [name]).unwrap();
        c.execute("INSERT INTO item_proposer VALUES (?1, ?2, ?3)", params![item, c.last_insert_rowid(), pos]).unwrap();
    }
    let mut st = c.prepare("SELECT person_id FROM item_proposer WHERE item_id = ?1 ORDER BY position").unwrap();
    st.query_map([item], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn open_rounds(s: &Store) -> Vec<banli::store::followup::second_round::QueueRow> {
    s.second_round_queue(&QueueFilter::default()).unwrap()
}

#[test]
fn a_second_round_belongs_to_the_unsatisfied_proposer_and_turns_only_on_their_answer() {
    let mut f = fixture(1);
    replied(&mut f, 0, "A", vec![]);
    let p = four_proposers(&f, 0);
    let (liang, ye) = (p[2], p[3]);
    let item = f.items[0];
    let s = &mut f.store;
    s.record_feedback(item, version(s, item), Some(liang), Satisfaction::Satisfied, d("2026-04-20"), "").unwrap();
    s.record_feedback(item, version(s, item), Some(ye), Satisfaction::Unsatisfied, d("2026-04-21"), "").unwrap();
    let q = open_rounds(s);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].owners, "叶伟");
    assert_eq!(s.item_detail(item).unwrap().second_rounds[0].owners, vec![Some(ye)]);
    // The defect: 梁振琪's 满意 closed 叶伟's round. Now it is refused, naming whose it is.
    let e = s
        .record_feedback(item, version(s, item), Some(liang), Satisfaction::Satisfied, d("2026-05-01"), "")
        .unwrap_err();
    assert!(e.message(banli::text::Lang::Zh).contains("叶伟"), "{}", e.message(banli::text::Lang::Zh));
    assert_eq!(open_rounds(s).len(), 1, "still open");
    assert_eq!(s.queue_turned().unwrap(), (0, 0));
    // Another proposer unsatisfied joins the open round; one answer is not enough.
    s.record_feedback(item, version(s, item), Some(p[0]), Satisfaction::Unsatisfied, d("2026-04-25"), "").unwrap();
    assert_eq!(open_rounds(s).len(), 1, "one round, two proposers");
    s.record_feedback(item, version(s, item), Some(ye), Satisfaction::Satisfied, d("2026-06-01"), "").unwrap();
    assert_eq!(open_rounds(s).len(), 1, "still waits for the lead proposer");
    assert_ne!(
        s.closure_checklist(item).unwrap().iter().find(|l| !l.ok).map(|l| l.check),
        None,
        "not closable while the round is open"
    );
    s.record_feedback(item, version(s, item), Some(p[0]), Satisfaction::Basic, d("2026-06-02"), "").unwrap();
    assert!(open_rounds(s).is_empty());
    let r = &s.item_detail(item).unwrap().second_rounds[0];
    assert_eq!(r.outcome, Some(Satisfaction::Basic), "the least satisfied answer");
    assert_eq!(s.queue_turned().unwrap(), (1, 1));
    assert!(s.closure_checklist(item).unwrap().iter().all(|l| l.ok));
}

#[test]
fn still_unsatisfied_in_the_round_is_not_turned_and_escalates() {
    let mut f = fixture(1);
    replied(&mut f, 0, "A", vec![]);
    let item = f.items[0];
    let ye = f.people[1];
    let s = &mut f.store;
    s.record_feedback(item, version(s, item), Some(ye), Satisfaction::Unsatisfied, d("2026-04-21"), "").unwrap();
    s.record_feedback(item, version(s, item), Some(ye), Satisfaction::Unsatisfied, d("2026-06-01"), "").unwrap();
    let r = &s.item_detail(item).unwrap().second_rounds[0];
    assert_eq!(r.closed_on, Some(d("2026-06-01")));
    assert!(r.escalation.is_some());
    assert_eq!(s.queue_turned().unwrap(), (0, 1));
}

#[test]
fn the_feedback_form_offers_the_rounds_proposers_first() {
    let mut f = fixture(1);
    replied(&mut f, 0, "A", vec![]);
    let p = four_proposers(&f, 0);
    let item = f.items[0];
    let s = &mut f.store;
    s.record_feedback(item, version(s, item), Some(p[2]), Satisfaction::Satisfied, d("2026-04-20"), "").unwrap();
    s.record_feedback(item, version(s, item), Some(p[3]), Satisfaction::Unsatisfied, d("2026-04-21"), "").unwrap();
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(140, 40));
    let i = s.app.ledger.position(item).unwrap();
    s.app.ledger.selected = i;
    common::tui::press(&mut s, Action::OpenEntry);
    common::tui::press(&mut s, Action::RecordFeedback);
    let form = s.app.form().expect("the feedback form");
    assert_eq!(form.choice("person"), p[3].to_string(), "叶伟 first");
    assert!(form.info.iter().any(|(_, l)| l.contains("待 叶伟 反馈")), "{:?}", form.info);
    // Saving it as it opened (满意) turns the round.
    s.press(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter));
    assert_eq!(s.app.form(), None);
    assert!(s.app.message.as_ref().unwrap().text.contains("转为满意"));
    assert!(open_rounds(s.store()).is_empty());
}

#[test]
fn the_sweep_puts_overdue_commitments_returned_replies_and_unsatisfied_feedback_in_the_queue() {
    let mut f = fixture(4);
    replied(&mut f, 0, "B", vec![("修路".into(), d("2026-08-31"))]);
    replied(&mut f, 1, "A", vec![]);
    replied(&mut f, 2, "A", vec![]);
    let (a, b, c) = (f.items[0], f.items[1], f.items[2]);
    // What an import or an older version leaves: feedback and a returned reply with no queue entry.
    let conn = common::raw(&f.path);
    conn.execute(
        "INSERT INTO feedback (item_id, person_id, round, level, received_on) VALUES (?1, ?2, 1, 'unsatisfied', '2026-04-20')",
        params![b, f.people[1]],
    )
    .unwrap();
    conn.execute(
        "UPDATE reply SET review = 'returned' WHERE assignment_id IN (SELECT id FROM assignment WHERE item_id = ?1)",
        [c],
    )
    .unwrap();
    drop(conn);
    let s = &mut f.store;
    assert!(open_rounds(s).is_empty());
    let swept = s.sweep_queue().unwrap();
    assert_eq!((swept.commitments, swept.returned, swept.feedback), (1, 1, 1));
    assert_eq!(s.sweep_queue().unwrap().total(), 0, "idempotent");
    let q = open_rounds(s);
    let reason = |item| q.iter().find(|r| r.item_id == item).map(|r| r.reason);
    assert_eq!(reason(a), Some(SecondReason::CommitmentOverdue));
    assert_eq!(reason(b), Some(SecondReason::Feedback));
    assert_eq!(reason(c), Some(SecondReason::Returned));
    assert_eq!(q.iter().find(|r| r.item_id == b).unwrap().owners, "王立新");
    assert!(s.verify_audit().unwrap().is_ok());
}

#[test]
fn the_app_sweeps_when_it_opens_and_the_cli_before_a_report() {
    let mut f = fixture(1);
    replied(&mut f, 0, "B", vec![("修路".into(), d("2026-08-31"))]);
    let path = f.path.clone();
    let s = Session::new(f.store, &Options::default());
    assert_eq!(open_rounds(s.store())[0].reason, SecondReason::CommitmentOverdue);
    drop(s);

    // The command line: a report on a database nobody opened since a commitment fell due.
    let mut f = fixture(1);
    replied(&mut f, 0, "B", vec![("修路".into(), d("2026-08-31"))]);
    let db = f.path.clone();
    drop(f.store);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_banli"))
        .arg("--db")
        .arg(&db)
        .args(["report", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let n: i64 = common::raw(&db)
        .query_row("SELECT count(*) FROM second_round WHERE reason = 'commitment_overdue'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    drop(path);
}

#[test]
fn a_carried_commitment_is_not_met_at_closure_and_a_follow_up_class_stays_open() {
    let mut f = fixture(2);
    replied(&mut f, 0, "B", vec![("修路".into(), d("2026-12-31"))]);
    replied(&mut f, 1, "C", vec![]);
    let (b, c) = (f.items[0], f.items[1]);
    let s = &mut f.store;
    for i in [b, c] {
        s.record_feedback(i, version(s, i), None, Satisfaction::Satisfied, d("2026-04-20"), "").unwrap();
    }
    let commitment = s.item_detail(b).unwrap().commitments[0].id;
    s.carry_commitment(commitment, version(s, b)).unwrap();
    let failing = |s: &Store, i| s.closure_checklist(i).unwrap().into_iter().find(|l| !l.ok).map(|l| l.check);
    assert_eq!(failing(s, b), Some(Check::CommitmentsDone), "carried is tracked, not met");
    assert!(s.close_entry(b, version(s, b), None, d("2026-09-20")).is_err());
    // A class C reply with no commitment: kept open for 回头看 (follow_up = ["B","C"]).
    assert_eq!(failing(s, c), Some(Check::FollowUpMet));
    let out = s.close_many(&[(c, version(s, c))], d("2026-09-20")).unwrap();
    assert_eq!(out.left, vec![(c, Some(Check::FollowUpMet))]);
    // Once met, it closes.
    s.commitment_done(commitment, version(s, b), d("2026-09-20")).unwrap();
    assert_eq!(failing(s, b), None);
    s.close_entry(b, version(s, b), None, d("2026-09-20")).unwrap();
}

#[test]
fn progress_notes_are_shown_in_the_detail_and_the_queue() {
    let mut f = fixture(1);
    replied(&mut f, 0, "A", vec![]);
    let item = f.items[0];
    let s = &mut f.store;
    s.record_feedback(item, version(s, item), None, Satisfaction::Unsatisfied, d("2026-04-20"), "").unwrap();
    let id = open_rounds(s)[0].id;
    s.log_progress(id, version(s, item), d("2026-05-01"), "现场查看").unwrap();
    s.log_progress(id, version(s, item), d("2026-05-10"), "制定整改方案").unwrap();
    let notes: Vec<String> =
        s.item_detail(item).unwrap().second_rounds[0].progress.iter().map(|n| n.text.clone()).collect();
    assert_eq!(notes, ["现场查看", "制定整改方案"]);
    let q = &open_rounds(s)[0];
    assert_eq!((q.progress_notes, q.latest_note.as_ref().map(|n| n.text.as_str())), (2, Some("制定整改方案")));
    let mut s = Session::new(f.store, &Options::default());
    s.dispatch(Action::Resize(160, 30));
    common::tui::press(&mut s, Action::ShowQueue);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 30)).unwrap();
    term.draw(|fr| s.draw(fr)).unwrap();
    let screen = common::tui::screen_text(term.backend().buffer());
    assert!(screen.contains("制定整改方案"), "{screen}");
}

#[test]
fn the_open_closed_view_agrees_with_the_domain_rule() {
    let f = fixture(1);
    let conn = common::raw(&f.path);
    for st in Status::ALL {
        conn.execute("UPDATE item SET status = ?1 WHERE id = ?2", params![st.as_str(), f.items[0]]).unwrap();
        let (open, closable): (bool, bool) = conn
            .query_row("SELECT is_open, closable FROM item_state WHERE item_id = ?1", [f.items[0]], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(open, closure::is_open(*st), "{st:?}");
        assert_eq!(closable, closure::closable(*st), "{st:?}");
    }
}
