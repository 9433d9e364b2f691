//! Frames that cost what changed (issue 19): an idle tick is not drawn; a tick that brings
//! another clerk's commit, or a key, is.
mod common;

use banli::tui::{Action, Options, Session};
use common::tui::{demo_store, press, retitle_by_another_clerk};

#[test]
fn an_idle_tick_says_nothing_changed_and_another_clerks_commit_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(demo_store(&dir), &Options::default());
    s.dispatch(Action::Resize(100, 30));
    s.tick();
    assert!(!s.tick(), "nothing changed: the loop does not draw");
    assert!(!s.tick());
    press(&mut s, Action::MoveDown);
    let r = s.app.ledger.selected_row().unwrap().clone();
    retitle_by_another_clerk(&dir, r.id, r.version, "关于另一位经办人改的标题的提案");
    assert!(s.tick(), "another clerk's commit is drawn");
    assert_eq!(s.app.ledger.selected_row().unwrap().title, "关于另一位经办人改的标题的提案");
    assert!(!s.tick());
}
