//! A PostgreSQL session behind [`super::Db`]: statements rewritten once and kept prepared,
//! values converted between PostgreSQL's types and SQLite's value model, and the change
//! notifications (`LISTEN banli_change`) that tell a screen another clerk has committed.
use super::{dialect, DbError, DbResult, Value};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use postgres::types::{FromSql, IsNull, ToSql, Type};
use postgres::{Client, NoTls};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// The channel every committed change is announced on (see the PostgreSQL migrations).
pub const CHANNEL: &str = "banli_change";

/// One PostgreSQL session.
pub struct PgConn {
    client: RefCell<Client>,
    url: String,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    changes: Cell<u64>,
    announced: Cell<i64>,
}

impl PgConn {
    /// Connects to `url` (`postgres://…` or `postgresql://…`) and listens for changes.
    pub fn connect(url: &str) -> DbResult<PgConn> {
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(&format!("SET TIME ZONE LOCAL; SET client_min_messages = warning; LISTEN {CHANNEL}"))?;
        Ok(PgConn {
            client: RefCell::new(client),
            url: url.to_string(),
            statements: RefCell::new(HashMap::new()),
            changes: Cell::new(0),
            announced: Cell::new(0),
        })
    }

    /// The address it was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn statement(&self, sql: &str, names: &[&str], values: &[Value]) -> DbResult<postgres::Statement> {
        let key = if names.is_empty() { sql.to_string() } else { format!("{sql}\u{0}{}", names.join(",")) };
        if let Some(st) = self.statements.borrow().get(&key) {
            return Ok(st.clone());
        }
        let text = dialect::to_postgres(sql, names);
        // A parameter the server cannot type from where it stands (`?1 IS NULL` alone) gets
        // the type of the value bound to it.
        let mut types: Vec<Type> = Vec::new();
        let st = loop {
            match self.client.borrow_mut().prepare_typed(&text, &types) {
                Err(e) if matches!(sqlstate(&e), Some("42P18" | "42P08")) => {
                    let n = match unresolved(&e) {
                        Some(n) if n <= values.len() && types.get(n - 1).is_none_or(|t| *t == Type::UNKNOWN) => n,
                        _ => break Err(e),
                    };
                    types.resize(values.len(), Type::UNKNOWN);
                    types[n - 1] = match values[n - 1] {
                        Value::Integer(_) => Type::INT8,
                        Value::Real(_) => Type::FLOAT8,
                        Value::Blob(_) => Type::BYTEA,
                        Value::Null | Value::Text(_) => Type::TEXT,
                    };
                }
                r => break r,
            }
        };
        let st = st.inspect_err(|e| {
            tracing::error!(error = %e, sql = %text, "PostgreSQL refused a statement");
            if std::env::var_os("BANLI_TRACE_SQL").is_some() {
                eprintln!("PostgreSQL refused: {e}\n{text}");
            }
        })?;
        self.statements.borrow_mut().insert(key, st.clone());
        Ok(st)
    }

    fn bound(&self, sql: &str, values: Vec<(Option<&str>, Value)>) -> DbResult<(postgres::Statement, Vec<PgValue>)> {
        let names: Vec<&str> = values.iter().filter_map(|(n, _)| *n).collect();
        let vals: Vec<Value> = values.iter().map(|(_, v)| v.clone()).collect();
        let st = self.statement(sql, &names, &vals)?;
        Ok((st, vals.into_iter().map(PgValue).collect()))
    }

    /// How many parameters a statement takes.
    pub fn parameter_count(&self, sql: &str) -> usize {
        dialect::param_count(sql)
    }

    /// Runs a query; its rows converted to SQLite's value model.
    pub fn query(&self, sql: &str, values: Vec<(Option<&str>, Value)>) -> DbResult<Vec<Vec<Value>>> {
        let (st, vals) = self.bound(sql, values)?;
        let refs: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = self.client.borrow_mut().query(&st, &refs)?;
        rows.iter().map(row_values).collect()
    }

    /// Runs a statement; the rows it changed.
    pub fn execute(&self, sql: &str, values: Vec<(Option<&str>, Value)>) -> DbResult<usize> {
        let (st, vals) = self.bound(sql, values)?;
        let refs: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let n = self.client.borrow_mut().execute(&st, &refs)?;
        self.changes.set(self.changes.get() + n);
        Ok(n as usize)
    }

    /// Runs statements without parameters, as they are (PostgreSQL's own SQL).
    pub fn batch(&self, sql: &str) -> DbResult<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// The id the last INSERT drew from its sequence in this session.
    pub fn last_insert_id(&self) -> i64 {
        self.client.borrow_mut().query_one("SELECT lastval()", &[]).map(|r| r.get::<_, i64>(0)).unwrap_or(0)
    }

    pub fn total_changes(&self) -> u64 {
        self.changes.get()
    }

    /// A counter that moves when anyone commits a change (a notification arrived).
    pub fn data_version(&self) -> DbResult<i64> {
        let mut client = self.client.borrow_mut();
        // An empty round trip delivers what the server has queued.
        client.batch_execute("")?;
        let n = postgres::fallible_iterator::FallibleIterator::count(client.notifications().iter())? as i64;
        self.announced.set(self.announced.get() + n);
        Ok(self.announced.get())
    }
}

/// The parameter ("$N") a "could not determine data type" error names.
fn unresolved(e: &postgres::Error) -> Option<usize> {
    let m = e.as_db_error()?.message();
    let at = m.find('$')?;
    m[at + 1..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// The SQLSTATE of a server error, if it is one.
pub fn sqlstate(e: &postgres::Error) -> Option<&str> {
    e.code().map(|c| c.code())
}

fn row_values(row: &postgres::Row) -> DbResult<Vec<Value>> {
    (0..row.len()).map(|i| cell(row, i).map_err(DbError::Postgres)).collect()
}

fn cell(row: &postgres::Row, i: usize) -> Result<Value, postgres::Error> {
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::VOID => None,
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|b| Value::Integer(b as i64)),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|n| Value::Integer(n.into())),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|n| Value::Integer(n.into())),
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Integer),
        Type::OID => row.try_get::<_, Option<u32>>(i)?.map(|n| Value::Integer(n.into())),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|n| Value::Real(n.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::NUMERIC => row.try_get::<_, Option<Numeric>>(i)?.map(|n| n.0),
        Type::DATE => row.try_get::<_, Option<NaiveDate>>(i)?.map(|d| Value::Text(d.format("%Y-%m-%d").to_string())),
        Type::TIMESTAMPTZ => row
            .try_get::<_, Option<DateTime<Utc>>>(i)?
            .map(|t| Value::Text(t.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string())),
        Type::TIMESTAMP => {
            row.try_get::<_, Option<NaiveDateTime>>(i)?.map(|t| Value::Text(t.format("%Y-%m-%d %H:%M:%S").to_string()))
        }
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        Type::JSON | Type::JSONB => row.try_get::<_, Option<serde_json::Value>>(i)?.map(|j| Value::Text(j.to_string())),
        _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
    };
    Ok(v.unwrap_or(Value::Null))
}

/// A NUMERIC (what `sum` of a BIGINT and `avg` give) as an integer when whole, else a real.
struct Numeric(Value);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let word = |k: usize| -> i64 { i16::from_be_bytes([raw[2 * k], raw[2 * k + 1]]) as i64 };
        if raw.len() < 8 {
            return Err("short numeric".into());
        }
        let (ndigits, weight, sign, scale) = (word(0), word(1), word(2) as u16, word(3));
        if sign == 0xC000 {
            return Ok(Numeric(Value::Real(f64::NAN)));
        }
        let mut v = 0f64;
        for k in 0..ndigits as usize {
            let d = u16::from_be_bytes([raw[8 + 2 * k], raw[9 + 2 * k]]) as f64;
            v += d * 10000f64.powi((weight - k as i64) as i32);
        }
        if sign == 0x4000 {
            v = -v;
        }
        Ok(Numeric(if scale == 0 && v.abs() < 9.0e15 { Value::Integer(v as i64) } else { Value::Real(v) }))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// A bound value, written as the type the server expects for its parameter.
#[derive(Debug)]
struct PgValue(Value);

type BoxError = Box<dyn std::error::Error + Sync + Send>;

fn local_time(s: &str) -> Result<DateTime<Utc>, BoxError> {
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default()))?;
    Ok(Local.from_local_datetime(&t).earliest().ok_or("no such local time")?.with_timezone(&Utc))
}

impl ToSql for PgValue {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match (&self.0, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(n), &Type::INT8) => n.to_sql(ty, out),
            (Value::Integer(n), &Type::INT4) => i32::try_from(*n)?.to_sql(ty, out),
            (Value::Integer(n), &Type::INT2) => i16::try_from(*n)?.to_sql(ty, out),
            (Value::Integer(n), &Type::BOOL) => (*n != 0).to_sql(ty, out),
            (Value::Integer(n), &Type::FLOAT8) => (*n as f64).to_sql(ty, out),
            (Value::Integer(n), &Type::FLOAT4) => (*n as f32).to_sql(ty, out),
            (Value::Integer(n), _) => n.to_string().as_str().to_sql(&Type::TEXT, out),
            (Value::Real(f), &Type::FLOAT8) => f.to_sql(ty, out),
            (Value::Real(f), &Type::FLOAT4) => (*f as f32).to_sql(ty, out),
            (Value::Real(f), _) => f.to_string().as_str().to_sql(&Type::TEXT, out),
            (Value::Text(s), &Type::DATE) => NaiveDate::parse_from_str(s, "%Y-%m-%d")?.to_sql(ty, out),
            (Value::Text(s), &Type::TIMESTAMPTZ) => local_time(s)?.to_sql(ty, out),
            (Value::Text(s), &Type::TIMESTAMP) => local_time(s)?.with_timezone(&Local).naive_local().to_sql(ty, out),
            (Value::Text(s), &Type::INT8) => s.trim().parse::<i64>()?.to_sql(ty, out),
            (Value::Text(s), &Type::INT4) => s.trim().parse::<i32>()?.to_sql(ty, out),
            (Value::Text(s), &Type::BOOL) => matches!(s.as_str(), "1" | "true" | "t").to_sql(ty, out),
            (Value::Text(s), &Type::JSON | &Type::JSONB) => {
                serde_json::from_str::<serde_json::Value>(s)?.to_sql(ty, out)
            }
            (Value::Text(s), _) => s.as_str().to_sql(&Type::TEXT, out),
            (Value::Blob(b), _) => b.as_slice().to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}
