//! Store tests on temporary files: migrations from zero, the version conflict, the audit row
//! written in the same transaction and rolled back with it, kill-safety basics.
use banli::store::{Store, StoreError};
use chrono::NaiveDate;
use rusqlite::Connection;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn open(path: &std::path::Path, who: &str) -> Store {
    let mut s = Store::open(path, who, banli::data::load(None).unwrap()).unwrap();
    s.set_today(today());
    s
}

fn demo(dir: &tempfile::TempDir) -> (std::path::PathBuf, Store) {
    let path = dir.path().join("t.db");
    let mut s = open(&path, "clerk1");
    s.load_demo().unwrap();
    (path, s)
}

fn audit_count(path: &std::path::Path) -> i64 {
    Connection::open(path).unwrap().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

#[test]
fn migrations_run_from_zero_and_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let s = open(&path, "x");
    assert_eq!(s.schema_version().unwrap(), banli::store::migrations::LATEST);
    drop(s);
    let s = open(&path, "x");
    assert_eq!(s.schema_version().unwrap(), banli::store::migrations::LATEST);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let c = Connection::open(&path).unwrap();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path).unwrap().execute_batch("CREATE TABLE x (a); INSERT INTO x VALUES (1);").unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path, "x", banli::data::load(None).unwrap()).err().unwrap();
    assert!(matches!(e, StoreError::NotBanli), "{e:?}");
    // Not a byte written: not switched to WAL, no WAL file beside it.
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("other.db-wal").exists());
    let n: i64 = Connection::open(&path).unwrap().query_row("SELECT count(*) FROM x", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.db");
    drop(open(&path, "x"));
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let e = Store::open(&path, "x", banli::data::load(None).unwrap()).err().unwrap();
    assert!(matches!(e, StoreError::NewerSchema(999)));
    assert!(e.message(banli::text::Lang::Zh).contains("更新版本"));
}

#[test]
fn the_second_save_of_the_same_item_gets_a_conflict_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut a) = demo(&dir);
    let mut b = open(&path, "clerk2");
    let row = a.ledger(&Default::default(), Default::default()).unwrap()[0].clone();
    // Both clerks read version v; A saves first.
    a.write(|t| {
        t.claim_item(row.id, row.version)?;
        t.audit(
            "item",
            row.id,
            Some(row.id),
            banli::store::AuditAction::EditEntry,
            None,
            Some(&serde_json::json!({"leader": "A"})),
        )?;
        t.conn().execute("UPDATE item SET leader = 'A' WHERE id = ?1", [row.id])?;
        Ok(())
    })
    .unwrap();
    let before = audit_count(&path);
    let e = b
        .write(|t| {
            t.claim_item(row.id, row.version)?;
            t.conn().execute("UPDATE item SET leader = 'B' WHERE id = ?1", [row.id])?;
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict { .. }), "{e:?}");
    assert!(e.message(banli::text::Lang::Zh).contains("已被他人修改"));
    assert!(e.message(banli::text::Lang::En).contains("Someone else"));
    let d = b.item_detail(row.id).unwrap();
    assert_eq!(d.item.leader, "A");
    assert_eq!(d.item.version, row.version + 1);
    assert_eq!(audit_count(&path), before);
}

#[test]
fn the_audit_row_is_rolled_back_with_its_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = demo(&dir);
    let row = s.ledger(&Default::default(), Default::default()).unwrap()[0].clone();
    let before = audit_count(&path);
    let r: Result<(), StoreError> = s.write(|t| {
        t.claim_item(row.id, row.version)?;
        t.audit("item", row.id, Some(row.id), banli::store::AuditAction::EditEntry, None, None)?;
        Err(StoreError::rule("测试", "test refusal"))
    });
    assert!(r.is_err());
    assert_eq!(audit_count(&path), before);
    assert_eq!(s.item_detail(row.id).unwrap().item.version, row.version);
}

#[test]
fn audit_rows_are_chained_by_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = demo(&dir);
    let row = s.ledger(&Default::default(), Default::default()).unwrap()[0].clone();
    s.write(|t| {
        t.claim_item(row.id, row.version)?;
        t.audit("item", row.id, Some(row.id), banli::store::AuditAction::EditEntry, None, None)
    })
    .unwrap();
    let c = Connection::open(&path).unwrap();
    let rows: Vec<(String, String)> = c
        .prepare("SELECT prev_hash, hash FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() >= 2);
    assert_eq!(rows[0].0, "");
    for w in rows.windows(2) {
        assert_eq!(w[1].0, w[0].1);
    }
}

#[test]
fn writes_to_a_missing_item_say_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = demo(&dir);
    let e = s.write(|t| t.claim_item(999_999, 1)).unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }));
}
