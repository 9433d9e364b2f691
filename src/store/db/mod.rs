//! The one seam between the store and its database. Every query of the store goes through
//! [`Db`]: the SQLite file (the embedded default) or a PostgreSQL server (`postgres://…`).
//! The store's functions are written once, in SQLite's SQL with `?N` placeholders and
//! rusqlite's value model (`ToSql`, `FromSql`, `params!`); for PostgreSQL, [`dialect`]
//! rewrites each statement once (placeholders, string aggregation, JSON arrays, null-safe
//! equality) and [`pg`] converts values in and out by the column's type (DATE, BOOLEAN,
//! BIGINT, TIMESTAMPTZ). Transactions are explicit `BEGIN`/`COMMIT` on both.
pub mod dialect;
pub mod pg;

pub use rusqlite::types::{ToSql, Value, ValueRef};
use std::fmt;

/// What a query of either backend can fail with.
#[derive(Debug)]
pub enum DbError {
    /// SQLite said no (the file, the disk, a constraint).
    Sqlite(rusqlite::Error),
    /// The PostgreSQL server said no (a role, a policy, a serialization failure).
    Postgres(postgres::Error),
    /// A value read or bound does not fit (a coded column holding an unknown code…).
    Value(rusqlite::Error),
    /// `query_row` found nothing.
    NoRows,
}

pub type DbResult<T> = std::result::Result<T, DbError>;

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) | DbError::Value(e) => write!(f, "{e}"),
            DbError::Postgres(e) => match e.as_db_error() {
                Some(d) => write!(f, "{}: {}", d.code().code(), d.message()),
                None => write!(f, "{e}"),
            },
            DbError::NoRows => f.write_str("query returned no rows"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::Error as E;
        match e {
            E::QueryReturnedNoRows => DbError::NoRows,
            E::FromSqlConversionFailure(..)
            | E::InvalidColumnType(..)
            | E::IntegralValueOutOfRange(..)
            | E::ToSqlConversionFailure(..) => DbError::Value(e),
            e => DbError::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> Self {
        DbError::Postgres(e)
    }
}

/// `query_row(…).optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> DbResult<Option<T>>;
}

impl<T> OptionalExtension<T> for DbResult<T> {
    fn optional(self) -> DbResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Parameters of a statement: positional (`[a, b]`, `params![…]`) or named (`:ids`).
pub trait Params {
    /// Binds them to a SQLite statement.
    fn bind_sqlite(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()>;
    /// Their values in order, with their names when named.
    fn values(&self) -> Vec<(Option<&str>, Value)>;
}

fn owned(v: &dyn ToSql) -> Value {
    use rusqlite::types::ToSqlOutput;
    match v.to_sql() {
        Ok(ToSqlOutput::Borrowed(r)) => match r {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        },
        Ok(ToSqlOutput::Owned(v)) => v,
        _ => Value::Null,
    }
}

fn bind_positional<'a>(
    st: &mut rusqlite::Statement<'_>,
    vals: impl ExactSizeIterator<Item = &'a dyn ToSql>,
) -> rusqlite::Result<()> {
    let expected = st.parameter_count();
    if vals.len() != expected {
        return Err(rusqlite::Error::InvalidParameterCount(vals.len(), expected));
    }
    for (i, v) in vals.enumerate() {
        st.raw_bind_parameter(i + 1, v)?;
    }
    Ok(())
}

impl Params for &[&dyn ToSql] {
    fn bind_sqlite(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
        bind_positional(st, self.iter().copied())
    }
    fn values(&self) -> Vec<(Option<&str>, Value)> {
        self.iter().map(|v| (None, owned(*v))).collect()
    }
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn bind_sqlite(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
        bind_positional(st, std::iter::empty())
    }
    fn values(&self) -> Vec<(Option<&str>, Value)> {
        Vec::new()
    }
}

impl Params for &[(&str, &dyn ToSql)] {
    fn bind_sqlite(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
        for (name, v) in self.iter() {
            let i = st.parameter_index(name)?.ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_string()))?;
            st.raw_bind_parameter(i, v)?;
        }
        Ok(())
    }
    fn values(&self) -> Vec<(Option<&str>, Value)> {
        self.iter().map(|(n, v)| (Some(*n), owned(*v))).collect()
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn bind_sqlite(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
                bind_positional(st, self.iter().map(|v| v as &dyn ToSql))
            }
            fn values(&self) -> Vec<(Option<&str>, Value)> {
                self.iter().map(|v| (None, owned(v))).collect()
            }
        }
    )+};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Any number of positional parameters from an iterator (`rusqlite::params_from_iter`).
pub struct ParamsFromIter<T>(Vec<T>);

pub fn params_from_iter<T: ToSql>(it: impl IntoIterator<Item = T>) -> ParamsFromIter<T> {
    ParamsFromIter(it.into_iter().collect())
}

impl<T: ToSql> Params for ParamsFromIter<T> {
    fn bind_sqlite(&self, st: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
        bind_positional(st, self.0.iter().map(|v| v as &dyn ToSql))
    }
    fn values(&self) -> Vec<(Option<&str>, Value)> {
        self.0.iter().map(|v| (None, owned(v))).collect()
    }
}

/// A column index (only positions: every query names its columns in order).
pub trait RowIndex {
    fn position(&self) -> usize;
}

impl RowIndex for usize {
    fn position(&self) -> usize {
        *self
    }
}

/// One row of a result.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    /// A PostgreSQL row, its values already converted to SQLite's model.
    Postgres(&'a [Value]),
}

impl Row<'_> {
    /// The column's value as `T`.
    pub fn get<I: RowIndex, T: rusqlite::types::FromSql>(&self, i: I) -> DbResult<T> {
        let i = i.position();
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(vals) => {
                let v = vals.get(i).ok_or(DbError::Value(rusqlite::Error::InvalidColumnIndex(i)))?;
                T::column_result(ValueRef::from(v)).map_err(|e| DbError::Value(from_sql_error(i, v, e)))
            }
        }
    }

    /// The column's value, borrowed.
    pub fn get_ref<I: RowIndex>(&self, i: I) -> DbResult<ValueRef<'_>> {
        let i = i.position();
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(i)?),
            Row::Postgres(vals) => {
                vals.get(i).map(ValueRef::from).ok_or(DbError::Value(rusqlite::Error::InvalidColumnIndex(i)))
            }
        }
    }

    /// A text column's bytes, borrowed and not checked as UTF-8 (for a caller that checks a
    /// whole buffer of them at once).
    pub fn text_bytes<I: RowIndex>(&self, i: I) -> DbResult<&[u8]> {
        let i = i.position();
        match self.get_ref(i)? {
            ValueRef::Text(t) => Ok(t),
            v => Err(DbError::Value(rusqlite::Error::InvalidColumnType(i, String::new(), v.data_type()))),
        }
    }

    /// A text column, borrowed (checked as UTF-8; an error names the column).
    pub fn text<I: RowIndex>(&self, i: I) -> DbResult<&str> {
        let i = i.position();
        self.get_ref(i)?.as_str().map_err(|e| {
            DbError::Value(rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into()))
        })
    }
}

fn from_sql_error(i: usize, v: &Value, e: rusqlite::types::FromSqlError) -> rusqlite::Error {
    use rusqlite::types::FromSqlError as F;
    match e {
        F::InvalidType => rusqlite::Error::InvalidColumnType(i, String::new(), v.data_type()),
        F::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
        e => rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)),
    }
}

/// An open database: the SQLite file or a PostgreSQL session.
// One Db per store, never in a collection: the PostgreSQL session's size costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(pg::PgConn),
}

impl Db {
    /// Whether this is a PostgreSQL server.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// The SQLite connection to change, for what only SQLite has (its busy handler).
    pub fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match self {
            Db::Sqlite(c) => Some(c),
            Db::Postgres(_) => None,
        }
    }

    /// The SQLite connection, for what only SQLite has (backups, PRAGMAs).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(c) => Some(c),
            Db::Postgres(_) => None,
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, p: P) -> DbResult<usize> {
        self.prepare(sql)?.execute(p)
    }

    /// The first row of a query, through `f`; [`DbError::NoRows`] when there is none.
    pub fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> DbResult<T>>(&self, sql: &str, p: P, f: F) -> DbResult<T> {
        self.prepare(sql)?.query_row(p, f)
    }

    /// A statement to run.
    pub fn prepare(&self, sql: &str) -> DbResult<Stmt<'_>> {
        match self {
            Db::Sqlite(c) => Ok(Stmt::Sqlite(SqliteStmt::Plain(c.prepare(sql)?))),
            Db::Postgres(c) => Ok(Stmt::Postgres { conn: c, sql: sql.to_string() }),
        }
    }

    /// A statement kept prepared for the next call with the same text.
    pub fn prepare_cached(&self, sql: &str) -> DbResult<Stmt<'_>> {
        match self {
            Db::Sqlite(c) => Ok(Stmt::Sqlite(SqliteStmt::Cached(c.prepare_cached(sql)?))),
            Db::Postgres(c) => Ok(Stmt::Postgres { conn: c, sql: sql.to_string() }),
        }
    }

    /// Runs several statements without parameters (a migration, a temporary view).
    pub fn execute_batch(&self, sql: &str) -> DbResult<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Postgres(c) => c.batch(sql),
        }
    }

    /// The id the last INSERT made (a row with an `id` column).
    pub fn last_insert_rowid(&self) -> i64 {
        match self {
            Db::Sqlite(c) => c.last_insert_rowid(),
            Db::Postgres(c) => c.last_insert_id(),
        }
    }

    /// How many rows this connection has changed since it opened.
    pub fn total_changes(&self) -> u64 {
        match self {
            Db::Sqlite(c) => c.total_changes(),
            Db::Postgres(c) => c.total_changes(),
        }
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE` on SQLite: the write lock
    /// first): committed when it returns `Ok`, rolled back (nothing changed) otherwise, or
    /// when the commit fails. A failed rollback leaves the error as it is.
    pub(crate) fn atomically<R, E: From<DbError>>(&self, f: impl FnOnce() -> Result<R, E>) -> Result<R, E> {
        self.execute_batch(if self.is_postgres() { "BEGIN" } else { "BEGIN IMMEDIATE" })?;
        let done = f().and_then(|v| self.execute_batch("COMMIT").map(|_| v).map_err(E::from));
        if done.is_err() {
            let _ = self.execute_batch("ROLLBACK");
        }
        done
    }
}

enum SqliteStmt<'c> {
    Plain(rusqlite::Statement<'c>),
    Cached(rusqlite::CachedStatement<'c>),
}

impl<'c> SqliteStmt<'c> {
    fn get(&mut self) -> &mut rusqlite::Statement<'c> {
        match self {
            SqliteStmt::Plain(s) => s,
            SqliteStmt::Cached(s) => s,
        }
    }
}

/// A prepared statement.
pub enum Stmt<'c> {
    #[allow(private_interfaces)]
    Sqlite(SqliteStmt<'c>),
    Postgres {
        conn: &'c pg::PgConn,
        sql: String,
    },
}

impl Stmt<'_> {
    /// Runs it; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, p: P) -> DbResult<usize> {
        match self {
            Stmt::Sqlite(s) => {
                let st = s.get();
                p.bind_sqlite(st)?;
                Ok(st.raw_execute()?)
            }
            Stmt::Postgres { conn, sql } => conn.execute(sql, p.values()),
        }
    }

    /// Its rows, each through `f`.
    pub fn query_map<T, P: Params, F: FnMut(&Row<'_>) -> DbResult<T>>(
        &mut self,
        p: P,
        f: F,
    ) -> DbResult<MappedRows<'_, F>> {
        Ok(MappedRows { rows: self.query(p)?, f })
    }

    /// Its rows, one at a time (`while let Some(r) = rows.next()?`).
    pub fn query<P: Params>(&mut self, p: P) -> DbResult<Rows<'_>> {
        match self {
            Stmt::Sqlite(s) => {
                let st = s.get();
                p.bind_sqlite(st)?;
                Ok(Rows::Sqlite(st.raw_query()))
            }
            Stmt::Postgres { conn, sql } => {
                Ok(Rows::Postgres { rows: conn.query(sql, p.values())?.into_iter(), current: Vec::new() })
            }
        }
    }

    /// The first row, through `f`.
    pub fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> DbResult<T>>(&mut self, p: P, f: F) -> DbResult<T> {
        let mut rows = self.query(p)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(DbError::NoRows),
        }
    }

    /// How many parameters it takes.
    pub fn parameter_count(&self) -> usize {
        match self {
            Stmt::Sqlite(SqliteStmt::Plain(s)) => s.parameter_count(),
            Stmt::Sqlite(SqliteStmt::Cached(s)) => s.parameter_count(),
            Stmt::Postgres { conn, sql } => conn.parameter_count(sql),
        }
    }

    /// Whether it returns any row.
    pub fn exists<P: Params>(&mut self, p: P) -> DbResult<bool> {
        Ok(self.query(p)?.next()?.is_some())
    }
}

/// Rows of a query, read one at a time.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres { rows: std::vec::IntoIter<Vec<Value>>, current: Vec<Value> },
}

impl Rows<'_> {
    /// The next row, or `None` after the last.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> DbResult<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(r) => Ok(r.next()?.map(Row::Sqlite)),
            Rows::Postgres { rows, current } => match rows.next() {
                Some(v) => {
                    *current = v;
                    Ok(Some(Row::Postgres(current)))
                }
                None => Ok(None),
            },
        }
    }
}

/// Rows of a query mapped through a function, as an iterator.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> DbResult<T>> Iterator for MappedRows<'_, F> {
    type Item = DbResult<T>;

    fn next(&mut self) -> Option<DbResult<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
