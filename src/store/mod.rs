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
//! | [`event_dates`] | the dates an event follows, handed to the one date rule |
//! | [`error`] | `StoreError` and the clerk's message for each |
//! | [`migrations`] | append-only schema migrations |
//! | [`users`] | users and roles (`banli user`) |
//! | [`identity`] | who is acting: the real OS account, never `$USER` |
//! | [`inspect`] | reading a database without writing anything (`banli doctor`) |
//! | [`scope`] | a unit clerk's reads: only their units' items |
//! | [`tx`] | the write transaction: version check, audit row, derived columns |
//! | [`ledger`] | the ledger's rows, filters and sorting |
//! | [`ledger_cells`] | the ledger's optional cells (会办, 答复文号, 办理结果, 满意度) for the rows on screen |
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
//! | [`unit_order`] | the office's order of units, read by every list of units; `banli unit order` |
//! | [`paperwork`] | what the office's documents read: each unit's work, each proposer's items |
//! | [`import_read`] / [`import_write`] | what the importer checks against, and its one-transaction write |
//! | [`export_rows`] | the rows the ledger and public-reply exports write |
//! | [`evaluation`] | the year-end evaluation of the units, marks by hand, excellent-item candidates, the commendation list |

pub mod audit;
pub mod audit_action;
mod by_id;
pub mod codes;
pub mod copy;

pub mod archive;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod detail;
pub mod error;
pub mod evaluation;
pub mod event_dates;
pub mod export_rows;
pub mod followup;
pub mod gen;
pub mod handling;
pub mod identity;
pub mod import_read;
pub mod import_write;
pub mod inspect;
pub mod intake;
pub mod ledger;
pub mod ledger_cells;
pub mod migrations;
pub mod paperwork;
pub mod quick_search;
pub mod ranking;
mod read_ahead;
pub mod scope;
pub mod search_docs;
mod search_pack;
pub mod server;
pub mod stats;
pub mod tx;
pub mod unit_order;
pub mod users;

pub use audit_action::AuditAction;
pub use error::{Result, StoreError};
pub use tx::Tx;

use crate::data::DataSet;
use crate::domain::access::Actor;
use chrono::NaiveDate;
use db::Db;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many times an action runs on PostgreSQL before a deadlock or serialization failure is "busy".
const SERVER_ATTEMPTS: usize = 3;

/// How long a write waits for another clerk's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The first wait for a lock; each next one doubles, up to [`LOCK_WAIT_MAX`].
const LOCK_WAIT_FIRST: Duration = Duration::from_micros(25);
const LOCK_WAIT_MAX: Duration = Duration::from_millis(50);

/// Makes `conn` wait up to [`BUSY_TIMEOUT`] for another connection's lock. SQLite's own
/// busy timeout sleeps a whole millisecond first: when the two connections of one
/// `banli search` opened the file at once, the second waited out the first's rebuilding
/// of the WAL index (a tenth of that) in one run out of three. Here the waits begin at
/// 25 µs and double.
pub(crate) fn wait_for_locks(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(lock_wait))
}

/// SQLite's busy handler: `tries` waits so far; false gives up.
fn lock_wait(tries: i32) -> bool {
    match next_lock_wait(tries.max(0) as u32) {
        Some(wait) => {
            std::thread::sleep(wait);
            true
        }
        None => false,
    }
}

/// The wait after `tries` waits, or `None` once they add up to [`BUSY_TIMEOUT`].
fn next_lock_wait(tries: u32) -> Option<Duration> {
    let wait = |n: u32| LOCK_WAIT_FIRST.saturating_mul(1 << n.min(20)).min(LOCK_WAIT_MAX);
    let waited: Duration = (0..tries).map(wait).sum();
    (waited < BUSY_TIMEOUT).then(|| wait(tries))
}

/// An open ledger database.
pub struct Store {
    conn: Db,
    path: PathBuf,
    /// Who is making the changes (the OS user, or `--operator`).
    pub operator: String,
    /// The rules and calendar in force.
    pub data: DataSet,
    /// Fixed "today" for tests; `None` means the system date.
    clock: Option<NaiveDate>,
    /// The operator's role, from the users table.
    actor: Actor,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`, acting as `account`.
    /// An existing file is checked first, before anything is written to it: a 0-byte file
    /// or a file that is not a banli database is refused as it is.
    pub fn open(path: &Path, account: &str, data: DataSet) -> Result<Store> {
        let (conn, account) = match server_url(path) {
            Some(url) => server::open(url, account)?,
            None => (open_file(path, true)?, account.to_string()),
        };
        let actor = users::load_actor(&conn, &account)?;
        scope::apply(&conn, &actor)?;
        Ok(Store { conn, path: path.to_path_buf(), operator: account, data, clock: None, actor })
    }

    /// A second connection to the same database, acting as the same account on the same day:
    /// for work that runs off the screen thread (a long import or export in the TUI).
    pub fn reopen(&self) -> Result<Store> {
        let conn = match server_url(&self.path) {
            Some(url) => server::connect(url)?,
            None => open_file(&self.path, false)?,
        };
        scope::apply(&conn, &self.actor)?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            operator: self.operator.clone(),
            data: self.data.clone(),
            clock: self.clock,
            actor: self.actor.clone(),
        })
    }

    /// Opens an existing database only; refuses to create one.
    pub fn open_existing(path: &Path, account: &str, data: DataSet) -> Result<Store> {
        if server_url(path).is_none() && !path.is_file() {
            return Err(StoreError::rule(
                format!("数据库文件不存在:{}(新建请用 banli init --db {})", path.display(), path.display()),
                format!("no database at {} (to create one: banli init --db {})", path.display(), path.display()),
            ));
        }
        Store::open(path, account, data)
    }

    /// Acts as another account from now on (tests of the command line, `BANLI_ACT_AS`).
    /// Only an administrator may: it lends nothing an administrator could not do anyway.
    pub fn act_as(&mut self, account: &str) -> Result<()> {
        if self.actor.role != Some(crate::domain::access::AccountRole::Admin) {
            return Err(StoreError::rule(
                format!("只有管理员可以使用 {}", identity::ACT_AS_VAR),
                format!("only an administrator may use {}", identity::ACT_AS_VAR),
            ));
        }
        let actor = users::load_actor(&self.conn, account.trim())?;
        self.operator = actor.account.clone();
        self.set_actor(actor)
    }

    /// Records changes as made on behalf of `name` (`--operator`): the audit trail keeps
    /// both, `wangfang 代 李明`. Only office administrators and clerks enter for others;
    /// who acts does not change.
    pub fn set_on_behalf(&mut self, name: &str) -> Result<()> {
        use crate::domain::access::AccountRole::{Admin, Clerk};
        if !matches!(self.actor.role, Some(Admin | Clerk)) {
            return Err(StoreError::rule(
                format!("只有办公室管理员和经办人可以代他人录入(--operator);{} 不能", self.actor.account),
                format!(
                    "only office administrators and clerks enter on behalf of others (--operator); {} cannot",
                    self.actor.account
                ),
            ));
        }
        self.operator = identity::recorded_name(&self.actor.account, Some(name));
        Ok(())
    }

    /// Replaces the actor and puts the matching read scope on the connection.
    pub(crate) fn set_actor(&mut self, actor: Actor) -> Result<()> {
        scope::lift(&self.conn)?;
        scope::apply(&self.conn, &actor)?;
        self.actor = actor;
        Ok(())
    }

    /// The role check of [`Tx::require`], for actions that check before they write anything
    /// (a backup, before the file is made).
    pub fn require(&self, p: crate::domain::access::Permission) -> Result<()> {
        permit(&self.actor, p)
    }

    /// Whether this actor's reads are limited to their units' items.
    pub fn is_scoped(&self) -> bool {
        scope::is_scoped(&self.actor)
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

    /// The database itself, for tests and tools that set up or check behind the store's back.
    #[doc(hidden)]
    pub fn raw_db(&self) -> &Db {
        &self.conn
    }

    /// The connection, to change its settings (its busy handler).
    pub(crate) fn conn_mut(&mut self) -> &mut Db {
        &mut self.conn
    }

    /// The connection, for read queries in this layer.
    pub(crate) fn conn(&self) -> &Db {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: committed when `f` returns `Ok`,
    /// rolled back (nothing changed) otherwise.
    pub fn write<R>(&mut self, f: impl FnMut(&mut Tx) -> Result<R>) -> Result<R> {
        let scoped = scope::is_scoped(&self.actor);
        if scoped {
            scope::lift(&self.conn)?;
        }
        let r = self.write_unscoped(f);
        if scoped {
            scope::apply(&self.conn, &self.actor)?;
        }
        r
    }

    /// On PostgreSQL a deadlock or a serialization failure (another clerk's transaction in
    /// the way) runs the action again, a bounded number of times; then it is "busy".
    fn write_unscoped<R>(&mut self, mut f: impl FnMut(&mut Tx) -> Result<R>) -> Result<R> {
        let attempts = if self.conn.is_postgres() { SERVER_ATTEMPTS } else { 1 };
        let mut attempt = 1;
        loop {
            match self.write_once(&mut f) {
                Err(StoreError::Busy) if attempt < attempts => {
                    std::thread::sleep(Duration::from_millis(20 * attempt as u64));
                    attempt += 1;
                }
                r => return r,
            }
        }
    }

    fn write_once<R>(&mut self, f: &mut impl FnMut(&mut Tx) -> Result<R>) -> Result<R> {
        let today = self.today();
        let (conn, actor, operator, data) = (&self.conn, &self.actor, &self.operator, &self.data);
        conn.atomically(|| f(&mut Tx::new(conn, actor, operator, today, data)))
    }

    /// A counter that changes when another connection commits (`PRAGMA data_version`; on
    /// PostgreSQL, a change notification).
    pub fn data_version(&self) -> Result<i64> {
        match &self.conn {
            Db::Sqlite(c) => Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?),
            Db::Postgres(c) => Ok(c.data_version()?),
        }
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        migrations::version(&self.conn)
    }

    /// `PRAGMA integrity_check`: "ok" or the problems found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(rows.join("; "))
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use crate::store::db::OptionalExtension;
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses an existing file that is empty or does not start as an SQLite database does,
/// before SQLite is allowed to open it for writing (a read/write open would turn a 0-byte
/// file into a database). Whether the file is there: a missing file passes, `open`
/// creates it.
fn check_file(path: &Path) -> Result<bool> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(StoreError::Io(e)),
    };
    if meta.len() == 0 {
        return Err(StoreError::EmptyFile(path.to_path_buf()));
    }
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)?.read(&mut head)?;
    if n < 16 || &head != SQLITE_HEADER {
        return Err(StoreError::NotBanli);
    }
    Ok(true)
}

/// The one role check: `Ok` when the actor may do what `p` needs; a leader or an account
/// that is no user reads only ([`StoreError::ReadOnly`]), another role is
/// [`StoreError::Forbidden`].
pub(crate) fn permit(actor: &Actor, p: crate::domain::access::Permission) -> Result<()> {
    if actor.allows(p) {
        Ok(())
    } else if !actor.can_write() {
        Err(StoreError::ReadOnly)
    } else {
        Err(StoreError::Forbidden)
    }
}

/// Opens the SQLite file (`create`: migrating it, or making it when missing).
fn open_file(path: &Path, create: bool) -> Result<Db> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let existing = !create || check_file(path)?;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = Connection::open_with_flags(path, flags)?;
    wait_for_locks(&mut conn)?;
    let db = Db::Sqlite(conn);
    // Asked before anything is written: a foreign database is not switched to WAL (a
    // read writes nothing to it).
    if create && existing && !migrations::looks_like_banli(&db)? {
        return Err(StoreError::NotBanli);
    }
    if let Db::Sqlite(conn) = &db {
        configure(conn)?;
    }
    if create {
        migrations::migrate(&db)?;
    }
    Ok(db)
}

/// The PostgreSQL address when `--db` names a server (`postgres://…`, `postgresql://…`).
pub fn server_url(path: &Path) -> Option<&str> {
    let s = path.to_str()?;
    (s.starts_with("postgres://") || s.starts_with("postgresql://")).then_some(s)
}

fn configure(conn: &Connection) -> Result<()> {
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

/// Reads an item's `kind` column (建议 or 提案).
pub(crate) fn kind_at(r: &crate::store::db::Row, i: usize) -> crate::store::db::DbResult<crate::domain::Kind> {
    r.get(i)
}

/// Reads a date column.
pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

/// Reads an optional date column.
pub(crate) fn opt_date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().map(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_waits_begin_short_and_give_up_after_the_busy_timeout() {
        assert_eq!(next_lock_wait(0), Some(LOCK_WAIT_FIRST));
        assert_eq!(next_lock_wait(1), Some(LOCK_WAIT_FIRST * 2));
        let waits: Vec<Duration> = (0..).map_while(next_lock_wait).collect();
        assert!(waits.iter().all(|&w| w <= LOCK_WAIT_MAX));
        let total: Duration = waits.iter().sum();
        // Every wait is taken while the waits so far are short of the timeout.
        assert!(total >= BUSY_TIMEOUT && total < BUSY_TIMEOUT + LOCK_WAIT_MAX, "{total:?}");
    }
}
