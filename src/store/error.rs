//! What can go wrong in the store, and what the clerk reads about it. A raw SQLite
//! message never reaches the screen; it goes to the log instead.
use super::db::DbError;
use crate::domain::event_dates::EventDateError;
use crate::domain::{dates::DateError, RoleError};
use crate::text::{Lang, T};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row's version moved on: someone else saved first.
    #[error("{entity} {id} was changed by someone else")]
    Conflict { entity: &'static str, id: i64 },
    /// The busy timeout ran out.
    #[error("database busy")]
    Busy,
    /// The clerk cancelled a long write (an import); it was rolled back whole.
    #[error("cancelled")]
    Cancelled,
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: i64 },
    /// A rule of the domain or of rules.toml refused the change.
    #[error("{en}")]
    Rule { zh: String, en: String },
    #[error(transparent)]
    Role(#[from] RoleError),
    #[error(transparent)]
    Date(#[from] DateError),
    /// An event dated after today or before the event it follows.
    #[error(transparent)]
    EventDate(#[from] EventDateError),
    #[error("read-only")]
    ReadOnly,
    /// The operator's role does not allow the action.
    #[error("not allowed for this role")]
    Forbidden,
    #[error("meeting archived")]
    Archived,
    #[error("database schema {0} is newer than this banli")]
    NewerSchema(u32),
    #[error("not a banli database")]
    NotBanli,
    /// An existing file of 0 bytes: not turned into a ledger.
    #[error("{0} is an empty file")]
    EmptyFile(std::path::PathBuf),
    /// A failure of the file or the disk under SQLite, by kind; the detail is in the log.
    #[error("{kind:?}: {detail}")]
    File { kind: FileFailure, detail: String },
    /// A coded column holds a code its enum does not know (see `store::codes`).
    #[error(transparent)]
    UnknownCode(#[from] super::codes::UnknownCode),
    #[error("database: {0}")]
    Db(super::db::DbError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What kind of failure of the database file the clerk is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFailure {
    /// The file or its folder cannot be written (permissions, a read-only mount).
    ReadOnly,
    /// The disk is full.
    DiskFull,
    /// The file is damaged.
    Damaged,
    /// The file cannot be opened (missing folder, no permission to read).
    CannotOpen,
    /// Reading or writing the disk failed.
    Disk,
}

impl FileFailure {
    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FileFailure::ReadOnly, Lang::Zh) => "数据库文件只读(没有写权限),本次未保存",
            (FileFailure::ReadOnly, Lang::En) => {
                "the database file is read-only (no write permission); nothing was saved"
            }
            (FileFailure::DiskFull, Lang::Zh) => "磁盘已满,本次未保存;请清理磁盘空间",
            (FileFailure::DiskFull, Lang::En) => "the disk is full; nothing was saved. Free some space",
            (FileFailure::Damaged, Lang::Zh) => "数据库文件已损坏,请停止使用并从备份恢复",
            (FileFailure::Damaged, Lang::En) => "the database file is damaged; stop using it and restore a backup",
            (FileFailure::CannotOpen, Lang::Zh) => "无法打开数据库文件(没有权限或目录不存在)",
            (FileFailure::CannotOpen, Lang::En) => {
                "cannot open the database file (no permission, or the folder is missing)"
            }
            (FileFailure::Disk, Lang::Zh) => "读写磁盘出错,本次未保存",
            (FileFailure::Disk, Lang::En) => "a disk read or write failed; nothing was saved",
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        if let Some(u) = super::codes::UnknownCode::within(&e) {
            return StoreError::UnknownCode(u.clone());
        }
        let kind = match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => return StoreError::Busy,
            Some(NotADatabase) => return StoreError::NotBanli,
            Some(ReadOnly) => Some(FileFailure::ReadOnly),
            Some(DiskFull) => Some(FileFailure::DiskFull),
            Some(DatabaseCorrupt) => Some(FileFailure::Damaged),
            Some(CannotOpen | PermissionDenied) => Some(FileFailure::CannotOpen),
            Some(SystemIoFailure) => Some(FileFailure::Disk),
            _ => None,
        };
        tracing::error!(sqlite = %e, kind = ?kind, "database failure");
        match kind {
            Some(kind) => StoreError::File { kind, detail: e.to_string() },
            None => StoreError::Db(DbError::Sqlite(e)),
        }
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Sqlite(e) | DbError::Value(e) => e.into(),
            DbError::Postgres(e) => from_postgres(e),
            DbError::NoRows => StoreError::Db(DbError::NoRows),
        }
    }
}

/// What the server's refusal means for the clerk: a serialization failure, a deadlock or a
/// lock wait is "busy", a refused privilege or policy is the role's refusal.
fn from_postgres(e: postgres::Error) -> StoreError {
    use super::db::pg::sqlstate;
    let state = sqlstate(&e).unwrap_or("");
    tracing::error!(postgres = %e, sqlstate = state, "database failure");
    match state {
        "40001" | "40P01" | "55P03" | "57014" => StoreError::Busy,
        // insufficient_privilege, and a row-level policy's refusal.
        "42501" => StoreError::Forbidden,
        "53100" => StoreError::File { kind: FileFailure::DiskFull, detail: e.to_string() },
        "25006" => StoreError::ReadOnly,
        _ if e.is_closed() => StoreError::File { kind: FileFailure::Disk, detail: e.to_string() },
        _ => StoreError::Db(DbError::Postgres(e)),
    }
}

impl StoreError {
    /// A refusal with its message in both languages.
    pub fn rule(zh: impl Into<String>, en: impl Into<String>) -> Self {
        StoreError::Rule { zh: zh.into(), en: en.into() }
    }

    /// What the clerk reads. Always says that nothing was changed.
    pub fn message(&self, lang: Lang) -> String {
        let msg = match self {
            StoreError::Conflict { .. } => return T::ErrConflict.get(lang).into(),
            StoreError::Busy => return T::ErrBusy.get(lang).into(),
            StoreError::Cancelled => return T::ErrCancelled.get(lang).into(),
            StoreError::NotFound { .. } => T::ErrNotFound.get(lang).to_string(),
            StoreError::Rule { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            StoreError::Role(e) => e.message(lang),
            StoreError::Date(e) => e.message(lang),
            StoreError::EventDate(e) => e.message(lang),
            StoreError::ReadOnly => T::ErrReadOnly.get(lang).into(),
            StoreError::Forbidden => T::ErrForbidden.get(lang).into(),
            StoreError::Archived => T::ErrArchived.get(lang).into(),
            StoreError::NewerSchema(_) => return T::ErrNewerSchema.get(lang).into(),
            StoreError::NotBanli => return T::ErrNotBanli.get(lang).into(),
            StoreError::UnknownCode(u) => u.message(lang),
            StoreError::Db(_) => return with_log(lang, T::ErrDatabase.get(lang)),
            StoreError::File { kind, .. } => return with_log(lang, kind.words(lang)),
            StoreError::EmptyFile(p) => match lang {
                Lang::Zh => format!(
                    "{} 是一个空文件(0 字节),不是 banli 数据库;新建请用 banli init --db 另一个路径",
                    p.display()
                ),
                Lang::En => format!(
                    "{} is an empty file (0 bytes), not a banli database; to create one: banli init --db ANOTHER_PATH",
                    p.display()
                ),
            },
            StoreError::Io(e) => e.to_string(),
        };
        crate::text::with_nothing_changed(lang, &msg)
    }
}

/// A failure's message with where the log holding SQLite's detail is.
fn with_log(lang: Lang, msg: &str) -> String {
    match (crate::logging::log_file(), lang) {
        (Some(p), Lang::Zh) => format!("{msg}(详情见日志 {})", p.display()),
        (Some(p), Lang::En) => format!("{msg} (details in the log {})", p.display()),
        (None, _) => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_failure_keeps_its_cause() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        drop(c);
        let ro = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let e: StoreError = ro.execute("INSERT INTO t VALUES (2)", []).unwrap_err().into();
        assert!(matches!(e, StoreError::File { kind: FileFailure::ReadOnly, .. }), "{e:?}");
        assert!(e.message(Lang::Zh).contains("只读"), "{}", e.message(Lang::Zh));
        assert!(e.message(Lang::En).contains("read-only"), "{}", e.message(Lang::En));
        let full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(13), None);
        assert!(StoreError::from(full).message(Lang::Zh).contains("磁盘已满"));
        let corrupt = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(11), None);
        assert!(StoreError::from(corrupt).message(Lang::En).contains("damaged"));
    }
}
