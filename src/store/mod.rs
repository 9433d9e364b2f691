//! SQLite: schema and migrations, queries, the audit log, the demo loader.
//!
//! Every connection: WAL, `foreign_keys=ON`, `synchronous=FULL`, a busy timeout. Every
//! user action is one `BEGIN IMMEDIATE` transaction ([`Store::write`]) that checks the
//! item's `version`, writes an `audit_log` row and refreshes the item's derived columns,
//! all or nothing.
//!
//! | module | holds |
//! |---|---|
//! | [`audit`] | walking the hash-chained audit trail |
//! | [`audit_action`] | `AuditAction`: what an audit row records, in one enum |
//! | [`codes`] | `FromSql`/`ToSql` for the coded enums; an unknown code is an error |
//! | [`error`] | `StoreError` and the clerk's message for each |
//! | [`migrations`] | append-only schema migrations |
//! | [`users`] | users and roles (`banli user`) |
//! | [`tx`] | the write transaction: version check, audit row, derived columns |
//! | [`ledger`] | the ledger's rows, filters and sorting |
//! | [`detail`] | everything recorded on one item |
//! | [`demo`] | building the demo database from `data/demo/` |
//! | [`handling`] | the first-round actions: assign, receive, reassignment, opinions, contacts, face-to-face, reply, review, feedback |
//! | [`intake`] | registering and editing items, filing review, merging, withdrawal, undo |
//! | [`followup`] | closure and reopening, commitments, the second-round queue |
//! | [`search_docs`] | what the search index loads, stored pinyin keys, index refresh |
//! | [`quick_search`] | `banli search`: one query straight from the database |
//! | [`gen`] | `banli gen`: a synthetic ledger of any size, for benchmarks and tests |
//! | [`stats`] | the figures of every report, per meeting, kind and unit |
//! | [`archive`] | archiving a meeting at year end (read-only) |
//! | [`ranking`] | the unit ranking and the ranking notice (排名通报) |
//! | [`dashboard`] | the dashboard's figures (总览) |
//! | [`import_read`] / [`import_write`] | what the importer checks against, and its one-transaction write |
//! | [`export_rows`] | the rows the ledger and public-reply exports write |

pub mod audit;
pub mod audit_action;
pub mod codes;

pub mod archive;
pub mod dashboard;
pub mod demo;
pub mod detail;
pub mod error;
pub mod export_rows;
pub mod followup;
pub mod gen;
pub mod handling;
pub mod history_words;
pub mod import_read;
pub mod import_write;
pub mod intake;
pub mod ledger;
pub mod migrations;
pub mod quick_search;
pub mod ranking;
pub mod search_docs;
pub mod stats;
pub mod tx;
pub mod users;

pub use audit_action::AuditAction;
pub use error::{Result, StoreError};
pub use tx::Tx;

use crate::data::DataSet;
use crate::domain::access::Actor;
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another clerk's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open ledger database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who is making the changes (the OS user, or `--operator`).
    pub operator: String,
    /// The rules and calendar in force.
    pub data: DataSet,
    /// Fixed "today" for tests; `None` means the system date.
    clock: Option<NaiveDate>,
    /// The operator's role, from the users table.
    actor: Actor,
    /// The clerk's last undoable change in this session.
    undo: Option<intake::undo::Undo>,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path, operator: &str, data: DataSet) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        let actor = users::load_actor(&conn, operator)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            operator: operator.to_string(),
            data,
            clock: None,
            actor,
            undo: None,
        })
    }

    /// Opens an existing database only; refuses to create one.
    pub fn open_existing(path: &Path, operator: &str, data: DataSet) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::rule(
                format!("数据库文件不存在:{}", path.display()),
                format!("no database at {}", path.display()),
            ));
        }
        Store::open(path, operator, data)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Fixes "today" (tests, and the demo's relative dates).
    pub fn set_today(&mut self, d: NaiveDate) {
        self.clock = Some(d);
    }

    /// Today's date for deadlines and new records.
    pub fn today(&self) -> NaiveDate {
        self.clock.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Who is using the store and what they may do.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The connection, for read queries in this layer.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: committed when `f` returns `Ok`,
    /// rolled back (nothing changed) otherwise.
    pub fn write<R>(&mut self, f: impl FnOnce(&mut Tx) -> Result<R>) -> Result<R> {
        let today = self.today();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut t = Tx::new(tx, &self.actor, today, &self.data);
        let r = f(&mut t)?;
        t.commit()?;
        Ok(r)
    }

    /// A counter that changes when another connection commits (`PRAGMA data_version`).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: "ok" or the problems found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows.join("; "))
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        return Err(StoreError::rule(
            format!("无法启用 WAL 日志模式(当前 {mode}),数据库可能在网络共享上"),
            format!("could not switch to WAL (got {mode}); is the database on a network share?"),
        ));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// The default database path: `<user data dir>/banli/banli.db`.
pub fn default_path() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("banli").join("banli.db")
}

/// Reads a date column.
/// Reads an item's `kind` column (建议 or 提案).
pub(crate) fn kind_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<crate::domain::Kind> {
    r.get(i)
}

pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

/// Reads an optional date column.
pub(crate) fn opt_date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().map(date)
}
