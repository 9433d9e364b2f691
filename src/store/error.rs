//! What can go wrong in the store, and what the clerk reads about it. A raw SQLite
//! message never reaches the screen; it goes to the log instead.
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
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: i64 },
    /// A rule of the domain or of rules.toml refused the change.
    #[error("{en}")]
    Rule { zh: String, en: String },
    #[error(transparent)]
    Role(#[from] RoleError),
    #[error(transparent)]
    Date(#[from] DateError),
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
    /// A coded column holds a code its enum does not know (see `store::codes`).
    #[error(transparent)]
    UnknownCode(#[from] super::codes::UnknownCode),
    #[error("sqlite: {0}")]
    Db(rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        if let Some(u) = super::codes::UnknownCode::within(&e) {
            return StoreError::UnknownCode(u.clone());
        }
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy,
            Some(NotADatabase) => StoreError::NotBanli,
            _ => StoreError::Db(e),
        }
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
            StoreError::NotFound { .. } => T::ErrNotFound.get(lang).to_string(),
            StoreError::Rule { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            StoreError::Role(e) => e.message(lang),
            StoreError::Date(e) => e.message(lang),
            StoreError::ReadOnly => T::ErrReadOnly.get(lang).into(),
            StoreError::Forbidden => T::ErrForbidden.get(lang).into(),
            StoreError::Archived => T::ErrArchived.get(lang).into(),
            StoreError::NewerSchema(_) => return T::ErrNewerSchema.get(lang).into(),
            StoreError::NotBanli => return T::ErrNotBanli.get(lang).into(),
            StoreError::UnknownCode(u) => u.message(lang),
            StoreError::Db(_) => return T::ErrDatabase.get(lang).into(),
            StoreError::Io(e) => e.to_string(),
        };
        crate::text::with_nothing_changed(lang, &msg)
    }
}
