//! The dialogs of their own files (`tui/dialogs/`): opened through the registry by their
//! action, saved with their typed state, opened again after a conflict, undone.
mod common;

use banli::domain::Status;
use banli::tui::dialogs::Open;
use banli::tui::{Action, Options, Session};
use common::tui::{demo_store, press, type_text};
use crossterm::event::{KeyCode, KeyEvent};

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(demo_store(&dir), &Options::default());
    s.dispatch(Action::Resize(120, 36));
    (dir, s)
}

fn enter(s: &mut Session) {
    s.press(KeyEvent::from(KeyCode::Enter));
}

fn select_first(s: &mut Session, want_eligible: bool) -> i64 {
    let rows: Vec<i64> = s.ledger_rows().iter().map(|r| r.id).collect();
    let id = rows
        .into_iter()
        .find(|&id| s.store().closure_checklist(id).unwrap().iter().all(|l| l.ok) == want_eligible)
        .expect("such an entry in the demo");
    s.app.ledger.selected = s.app.ledger.position(id).unwrap();
    id
}

#[test]
fn x_opens_the_close_dialog_from_the_registry_and_a_conflict_opens_it_again() {
    let (dir, mut s) = session();
    let id = select_first(&mut s, false);
    press(&mut s, Action::CloseEntry);
    let f = s.app.form().expect("the close dialog");
    let d @ Open::CloseEntry(_) = &f.dialog else { panic!("{:?}", f.dialog) };
    let (item, version) = d.item().expect("on one item");
    assert_eq!((d.action(), item), (Some(Action::CloseEntry), id));
    assert_eq!(f.fields[f.focus].id, "reason", "a failing checklist asks the reason first");
    // Another clerk changes the item meanwhile.
    common::tui::retitle_by_another_clerk(&dir, id, version, "关于另一位同事改过标题的建议");
    type_text(&mut s, "经主任会议研究同意销号");
    enter(&mut s);
    assert!(s.app.form().unwrap().conflict.is_some(), "{:?}", s.app.form().unwrap().error);
    // Reload: the dialog opens again on the new version, from the same registry entry.
    press(&mut s, Action::ReloadItem);
    let f = s.app.form().expect("the dialog again");
    let d = &f.dialog;
    assert_eq!(d.action(), Some(Action::CloseEntry));
    assert!(d.item().is_some_and(|(i, v)| i == id && v > version), "the new version: {:?}", d.item());
    assert!(f.title.contains("另一位同事改过标题"), "{}", f.title);
    type_text(&mut s, "经主任会议研究同意销号");
    enter(&mut s);
    assert!(s.app.form().is_none(), "{:?}", s.app.form().and_then(|f| f.error.clone()));
    assert_eq!(s.store().item_detail(id).unwrap().status, Status::Closed);
}

#[test]
fn a_closure_from_the_dialog_can_be_undone_and_reopen_asks_its_reason() {
    let (_d, mut s) = session();
    let id = select_first(&mut s, true);
    press(&mut s, Action::CloseEntry);
    enter(&mut s);
    assert_eq!(s.store().item_detail(id).unwrap().status, Status::Closed);
    press(&mut s, Action::Undo);
    assert!(matches!(s.app.form().map(|f| &f.dialog), Some(Open::UndoConfirm(_))));
    enter(&mut s);
    assert_ne!(s.store().item_detail(id).unwrap().status, Status::Closed, "undone");
    // Close again, then reopen from the closed ledger: no reason, no reopening.
    s.app.ledger.selected = s.app.ledger.position(id).unwrap();
    press(&mut s, Action::CloseEntry);
    enter(&mut s);
    press(&mut s, Action::ToggleClosed);
    s.app.ledger.selected = s.app.ledger.position(id).unwrap();
    press(&mut s, Action::ReopenEntry);
    assert!(matches!(s.app.form().map(|f| &f.dialog), Some(Open::ReopenEntry(_))));
    enter(&mut s);
    let err = s.app.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(err.contains("理由"), "{err}");
    assert_eq!(s.app.form().map(|f| f.fields[f.focus].id), Some("reason"), "the failed save focuses the reason");
    type_text(&mut s, "代表再次反映");
    enter(&mut s);
    assert!(s.app.form().is_none());
    assert_ne!(s.store().item_detail(id).unwrap().status, Status::Closed);
}
