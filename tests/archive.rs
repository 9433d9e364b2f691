//! Issue 13, "irreversible actions ask first": `banli archive` shows how many items are open
//! and asks; with no terminal it needs --yes; it is an administrator's action; and
//! `--undo --reason` reverses it, audited.
mod common;
use banli::domain::access::AccountRole;
use banli::store::{Store, StoreError};
use common::{d, fixture};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const MEETING: &str = "区政协十五届二次会议";

fn banli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banli"))
        .arg("--db")
        .arg(db)
        .args(["--operator", "tester"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn archived(db: &Path) -> bool {
    let c = common::raw(db);
    c.query_row("SELECT archived FROM meeting WHERE name = ?1", [MEETING], |r| r.get(0)).unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn archive_asks_first_and_refuses_without_a_terminal_or_yes() {
    let f = fixture(3);
    let db = f.path.clone();
    drop(f.store);
    let o = banli(&db, &["archive", "--meeting", MEETING]);
    assert!(!o.status.success());
    let said = text(&o);
    assert!(said.contains("共 3 件,其中未销号 3 件"), "{said}");
    assert!(said.contains("--yes") && said.contains("未作任何改动"), "{said}");
    assert!(!archived(&db));

    let o = banli(&db, &["archive", "--meeting", MEETING, "--yes"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("未销号 3 件"), "{}", text(&o));
    assert!(archived(&db));

    // Reversed only with a reason, and the reversal is in the audit trail.
    let o = banli(&db, &["archive", "--undo", "--meeting", MEETING]);
    assert!(!o.status.success());
    assert!(text(&o).contains("理由"), "{}", text(&o));
    assert!(archived(&db));
    let o = banli(&db, &["archive", "--undo", "--meeting", MEETING, "--reason", "误归档,年度尚未结束"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!archived(&db));
    let c = common::raw(&db);
    let after: String = c
        .query_row("SELECT after FROM audit_log WHERE action = 'unarchive' ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(after.contains("误归档"), "{after}");
    let o = banli(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn only_an_administrator_archives_or_reverses_it() {
    let mut f = fixture(1);
    f.store.add_user("tester", AccountRole::Admin, &[]).unwrap();
    f.store.add_user("clerk1", AccountRole::Clerk, &[]).unwrap();
    let mut clerk = Store::open(&f.path, "clerk1", banli::data::load(None).unwrap()).unwrap();
    clerk.set_today(d("2026-09-20"));
    assert!(matches!(clerk.archive_preview(MEETING), Err(StoreError::Forbidden)));
    assert!(matches!(clerk.archive_meeting(MEETING), Err(StoreError::Forbidden)));
    let a = f.store.archive_preview(MEETING).unwrap();
    assert_eq!((a.items, a.open_items), (1, 1));
    assert!(!archived(&f.path), "the preview changes nothing");
    f.store.archive_meeting(MEETING).unwrap();
    assert!(matches!(clerk.unarchive_meeting(MEETING, "想改"), Err(StoreError::Forbidden)));
    assert!(f.store.unarchive_meeting(MEETING, " ").is_err(), "a reason is required");
    f.store.unarchive_meeting(MEETING, "年度报表需补录").unwrap();
    assert!(!archived(&f.path));
    assert!(f.store.unarchive_meeting(MEETING, "再来").is_err(), "not archived any more");
}
