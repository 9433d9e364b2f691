//! Append-only migrations, applied in order: SQLite's in `migrations/`, PostgreSQL's in
//! `migrations_pg/`, side by side with the same numbers (file N brings schema version N on
//! both). SQLite counts them in `PRAGMA user_version`, PostgreSQL in `schema_version`.
//! A migration that has shipped is never edited; a change is a new file in both folders.
use super::db::Db;
use super::error::{Result, StoreError};

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
    include_str!("migrations/009_search_pack.sql"),
];

/// The same schema for PostgreSQL, one file per SQLite file.
const MIGRATIONS_PG: &[&str] = &[
    include_str!("migrations_pg/001_init.sql"),
    include_str!("migrations_pg/002_users.sql"),
    include_str!("migrations_pg/003_intake.sql"),
    include_str!("migrations_pg/004_standing_reply.sql"),
    include_str!("migrations_pg/005_followup.sql"),
    include_str!("migrations_pg/006_paperwork.sql"),
    include_str!("migrations_pg/007_published.sql"),
    include_str!("migrations_pg/008_ledger_order.sql"),
    include_str!("migrations_pg/009_search_pack.sql"),
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

const _SAME_COUNT: () = assert!(MIGRATIONS.len() == MIGRATIONS_PG.len());

/// The schema version of the database (0: nothing yet).
pub fn version(db: &Db) -> Result<u32> {
    match db {
        Db::Sqlite(c) => Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?),
        Db::Postgres(_) => {
            let has: bool = db.query_row("SELECT to_regclass('schema_version') IS NOT NULL", [], |r| r.get(0))?;
            if !has {
                return Ok(0);
            }
            let v: i64 = db.query_row("SELECT coalesce(max(version), 0) FROM schema_version", [], |r| r.get(0))?;
            Ok(v as u32)
        }
    }
}

/// How many tables the database has (banli's or anyone's).
fn table_count(db: &Db) -> Result<i64> {
    let sql = match db {
        Db::Sqlite(_) => "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        Db::Postgres(_) => {
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    Ok(db.query_row(sql, [], |r| r.get(0))?)
}

/// Brings the database up to [`LATEST`], each migration in its own transaction. On
/// PostgreSQL the roles and policies are put in place again after the last one.
pub fn migrate(db: &Db) -> Result<()> {
    let current = version(db)?;
    if current > LATEST {
        return Err(StoreError::NewerSchema(current));
    }
    if current == 0 && table_count(db)? > 0 {
        return Err(StoreError::NotBanli);
    }
    let files = if db.is_postgres() { MIGRATIONS_PG } else { MIGRATIONS };
    for (i, sql) in files.iter().enumerate().skip(current as usize) {
        db.atomically(|| -> Result<()> {
            if db.is_postgres() {
                // One migrator at a time; the others wait here, then find the work done.
                db.execute_batch(
                    "SELECT pg_advisory_xact_lock(7361);
                     CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)",
                )?;
            }
            // Another process may have migrated while we waited for the lock.
            if version(db)? > i as u32 {
                return Ok(());
            }
            apply(db, i, sql)
        })?;
    }
    if db.is_postgres() && current < LATEST {
        super::server::grant_roles(db)?;
    }
    Ok(())
}

/// Runs migration `i` (0-based) and records the version it brings, inside the caller's transaction.
fn apply(db: &Db, i: usize, sql: &str) -> Result<()> {
    db.execute_batch(sql)?;
    match db {
        Db::Sqlite(c) => c.pragma_update(None, "user_version", i as u32 + 1)?,
        Db::Postgres(_) => {
            db.execute("INSERT INTO schema_version (version) VALUES (?1)", [i as i64 + 1])?;
        }
    }
    Ok(())
}

/// Every migration of an empty PostgreSQL database, inside the caller's transaction (`banli migrate`).
pub fn apply_all(db: &Db) -> Result<()> {
    db.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    for (i, sql) in MIGRATIONS_PG.iter().enumerate() {
        apply(db, i, sql)?;
    }
    Ok(())
}

/// Whether an existing database is a banli database (or an empty one), read without
/// writing: a schema version and banli's own tables, or no tables at all.
pub fn looks_like_banli(db: &Db) -> Result<bool> {
    let version = version(db)?;
    if version == 0 {
        return Ok(table_count(db)? == 0);
    }
    let sql = match db {
        Db::Sqlite(_) => {
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('item', 'meta', 'audit_log')"
        }
        Db::Postgres(_) => {
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()
             AND table_name IN ('item', 'meta', 'audit_log')"
        }
    };
    Ok(db.query_row(sql, [], |r| r.get::<_, i64>(0))? == 3)
}
