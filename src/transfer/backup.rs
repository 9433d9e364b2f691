//! `banli backup DEST`: a consistent copy through SQLite's online backup API, safe while
//! clerks are working (never a file copy of a live database), and the start-up warning
//! when the last backup is older than `rules.backup.warn_after_days`.
use super::{Result, TransferError};
use crate::store::{Store, StoreError};
use crate::text::Lang;
use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The `meta` key holding the time of the last backup.
pub const LAST_BACKUP: &str = "last_backup";
/// The `meta` key of a backup holding the audit chain's head when it was copied.
pub const AUDIT_HEAD: &str = "audit_head";
const TIME: &str = "%Y-%m-%d %H:%M:%S";

impl Store {
    /// When the last backup was made, from the `meta` table.
    pub fn last_backup(&self) -> crate::store::Result<Option<NaiveDateTime>> {
        let stamp: Option<String> = self.meta(LAST_BACKUP)?;
        Ok(stamp.and_then(|s| NaiveDateTime::parse_from_str(&s, TIME).ok()))
    }
}

/// The audit chain head a backup file recorded (`meta.audit_head`).
pub fn backup_head(path: &Path) -> Option<String> {
    let c = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    c.query_row("SELECT value FROM meta WHERE key = ?1", [AUDIT_HEAD], |r| r.get(0)).ok()
}

/// [`Store::last_backup`] on a bare connection (`banli doctor` opens the file read-only).
pub fn last_backup_in(c: &Connection) -> Option<NaiveDateTime> {
    let stamp: String = c.query_row("SELECT value FROM meta WHERE key = ?1", [LAST_BACKUP], |r| r.get(0)).ok()?;
    NaiveDateTime::parse_from_str(&stamp, TIME).ok()
}

/// Copies the open database to `dest` in one backup step and records the time. `dest` may
/// be a folder (the file is named banli-YYYYMMDD-HHMMSS.db) or a new file; an existing file
/// is never overwritten. Returns the file written.
pub fn backup(store: &mut Store, dest: &Path) -> Result<PathBuf> {
    store.require(crate::domain::access::Permission::Office)?;
    let now = chrono::Local::now().naive_local();
    let target = if dest.is_dir() {
        let stem = format!("banli-{}", now.format("%Y%m%d-%H%M%S"));
        // Two backups in the same second get -2, -3…: a folder backup never fails on a name.
        (1..100)
            .map(|n| dest.join(if n == 1 { format!("{stem}.db") } else { format!("{stem}-{n}.db") }))
            .find(|p| !p.exists())
            .unwrap_or_else(|| dest.join(format!("{stem}.db")))
    } else {
        dest.to_path_buf()
    };
    if target.exists() {
        return Err(TransferError::file(
            format!("{} 已存在,备份不会覆盖它;请换一个文件名或目录", target.display()),
            format!("{} exists; a backup never overwrites a file: choose another name or a folder", target.display()),
        ));
    }
    if same_file(store.path(), &target) {
        return Err(TransferError::file("不能备份到数据库自身", "cannot back up onto the database itself"));
    }
    let io = |e: &dyn std::fmt::Display| {
        TransferError::file(
            format!("无法写入备份 {}:{e}", target.display()),
            format!("cannot write the backup {}: {e}", target.display()),
        )
    };
    let Some(live) = store.conn().sqlite() else {
        return Err(TransferError::file(
            "服务器上的台账用 pg_dump 备份(见 README「PostgreSQL」):pg_dump -Fc -f 文件 数据库地址",
            "a ledger on a server is backed up with pg_dump (see the README, PostgreSQL): pg_dump -Fc -f FILE URL",
        ));
    };
    let mut dst = Connection::open(&target).map_err(|e| io(&e))?;
    copy(live, &mut dst).inspect_err(|_| {
        drop(std::fs::remove_file(&target));
    })?;
    let check: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| io(&e))?;
    // The copy's own chain head goes into the copy: a later `banli audit verify --head`
    // with it finds a tail cut from the ledger after the backup.
    let dst = crate::store::db::Db::Sqlite(dst);
    if let Some(head) = crate::store::audit::head_in(&dst)? {
        dst.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![AUDIT_HEAD, head.to_string()],
        )
        .map_err(|e| io(&e))?;
    }
    drop(dst);
    if check != "ok" {
        return Err(io(&check));
    }
    let stamp = now.format(TIME).to_string();
    let shown = target.display().to_string();
    store.write(|t| {
        t.conn().execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![LAST_BACKUP, stamp],
        )?;
        t.audit("database", 0, None, crate::store::AuditAction::Backup, None, Some(&serde_json::json!({ "to": shown })))
    })?;
    Ok(target)
}

/// The whole database in one step (-1 pages), retried while another clerk holds a lock.
fn copy(live: &Connection, dst: &mut Connection) -> Result<()> {
    let b = Backup::new(live, dst).map_err(StoreError::from)?;
    for _ in 0..50 {
        match b.step(-1).map_err(StoreError::from)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => std::thread::sleep(Duration::from_millis(100)),
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    Err(StoreError::Busy.into())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.parent().and_then(|p| p.canonicalize().ok())) {
        (Ok(a), Some(dir)) => b.file_name().is_some_and(|n| dir.join(n) == a),
        _ => false,
    }
}

/// How old the last backup is, when old enough to warn about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// The ledger holds items and was never backed up.
    Never,
    /// The last backup is this many days old.
    Days(i64),
}

impl Stale {
    /// The warning the clerk reads.
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Stale::Never, Lang::Zh) => "台账从未备份:请运行 banli backup 目录".into(),
            (Stale::Never, Lang::En) => "This ledger has never been backed up: run banli backup FOLDER".into(),
            (Stale::Days(d), Lang::Zh) => format!("上次备份是 {d} 天前:请运行 banli backup 目录"),
            (Stale::Days(d), Lang::En) => format!("The last backup is {d} days old: run banli backup FOLDER"),
        }
    }
}

/// Whether the TUI should warn at start: the last backup is older than
/// `rules.backup.warn_after_days`, or there is none and the ledger holds items. A server's
/// ledger is backed up with pg_dump, which banli does not see: no warning there.
pub fn backup_is_stale(store: &Store) -> Option<Stale> {
    if store.conn().is_postgres() {
        return None;
    }
    let limit = i64::from(store.data.rules.backup.warn_after_days);
    match store.last_backup().ok().flatten() {
        Some(t) => {
            let days = (store.today() - t.date()).num_days();
            (days > limit).then_some(Stale::Days(days))
        }
        None => (store.item_count().unwrap_or(0) > 0).then_some(Stale::Never),
    }
}
