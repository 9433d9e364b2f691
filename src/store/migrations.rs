//! Append-only migrations, applied in order and counted in `PRAGMA user_version`.
//! A migration that has shipped is never edited; a change is a new file.
use super::error::{Result, StoreError};
use rusqlite::Connection;

/// The migrations, in order. Index + 1 is the schema version they bring.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_users.sql"),
    include_str!("migrations/003_intake.sql"),
    include_str!("migrations/004_standing_reply.sql"),
    include_str!("migrations/005_followup.sql"),
    include_str!("migrations/006_paperwork.sql"),
    include_str!("migrations/007_published.sql"),
    include_str!("migrations/008_ledger_order.sql"),
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// Brings the database up to [`LATEST`], each migration in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(StoreError::NewerSchema(current));
    }
    if current == 0 {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::NotBanli);
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as u32 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Whether an existing SQLite file is a banli database (or an empty one), read without
/// writing: a schema version and banli's own tables, or no tables at all.
pub fn looks_like_banli(conn: &Connection) -> Result<bool> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    if version == 0 {
        return Ok(count("SELECT count(*) FROM sqlite_master WHERE type = 'table'")? == 0);
    }
    Ok(count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('item', 'meta', 'audit_log')")? == 3)
}
