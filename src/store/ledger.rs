//! The ledger (台账): one row per item, filtered and sorted.
use super::{opt_date, Result, Store};
use crate::domain::{Kind, Meeting, Status, Unit};
use crate::store::by_id::{in_ids, rows_by_id};
use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: i64,
    pub meeting_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    /// 领衔 (lead proposer).
    pub lead_name: String,
    /// 主办 (the lead unit) or the split units, joined with 、.
    pub units_label: String,
    pub due_on: Option<NaiveDate>,
    pub status: Status,
    pub key: bool,
    pub version: i64,
}

/// Which entries the ledger shows. The default shows open entries of every kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerFilter {
    pub kind: Option<Kind>,
    pub meeting: Option<i64>,
    pub status: Option<Status>,
    /// Items where this unit has an active assignment in any role.
    pub unit: Option<i64>,
    /// Only entries past their deadline.
    pub overdue: bool,
    /// Include closed, merged, withdrawn and unfiled entries.
    pub include_closed: bool,
    /// Only these items (a person's or a unit's items opened from search).
    pub ids: Option<Vec<i64>>,
    /// Only key items (重点).
    pub key_item: bool,
    /// Only leader cases (领导包案): a leader named on the item, or a second round for a leader.
    pub leader: bool,
}

impl LedgerFilter {
    /// Whether any filter beyond the default is on.
    pub fn is_default(&self) -> bool {
        *self == LedgerFilter::default()
    }
}

/// The ledger's sort orders; SQL comes from here, never from user text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Number,
    Deadline,
    Status,
}

impl Sort {
    /// The next order, for a key that cycles through them.
    pub fn next(self) -> Sort {
        match self {
            Sort::Number => Sort::Deadline,
            Sort::Deadline => Sort::Status,
            Sort::Status => Sort::Number,
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::Number => "i.meeting_id, CAST(i.number_key AS INTEGER), i.number_key",
            Sort::Deadline => "i.due_on IS NULL, i.due_on, i.meeting_id, CAST(i.number_key AS INTEGER)",
            Sort::Status => "i.status, i.due_on IS NULL, i.due_on, CAST(i.number_key AS INTEGER)",
        }
    }
}

impl Store {
    /// The ledger rows that pass `filter`, in `sort` order.
    pub fn ledger(&self, filter: &LedgerFilter, sort: Sort) -> Result<Vec<LedgerRow>> {
        ledger_rows(self.conn(), self.today(), filter, sort, None)
    }

    /// The first `limit` rows of [`Store::ledger`] (the first page, drawn before the rest
    /// is read).
    pub fn ledger_first(&self, filter: &LedgerFilter, sort: Sort, limit: usize) -> Result<Vec<LedgerRow>> {
        ledger_rows(self.conn(), self.today(), filter, sort, Some(limit))
    }
}

/// The columns of a [`LedgerRow`], in the order [`row_from`] reads them.
const ROW_COLUMNS: &str = "i.id, i.meeting_id, i.kind, i.number, i.title, i.lead_name, i.units_label,
                    i.due_on, i.status, i.key_item, i.version";

/// A ledger row from a row selected with [`ROW_COLUMNS`].
fn row_from(r: &crate::store::db::Row) -> crate::store::db::DbResult<LedgerRow> {
    Ok(LedgerRow {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        kind: crate::store::kind_at(r, 2)?,
        number: r.get(3)?,
        title: r.get(4)?,
        lead_name: r.get(5)?,
        units_label: r.get(6)?,
        due_on: opt_date(r.get(7)?),
        status: r.get(8)?,
        key: r.get(9)?,
        version: r.get(10)?,
    })
}

/// The `FROM … WHERE …` of the ledger for `filter`, with its arguments, and the
/// `ORDER BY` of `sort`: one definition for the rows, the ids and the open entries.
fn from_where(today: NaiveDate, filter: &LedgerFilter, sort: Sort) -> (String, Vec<SqlValue>) {
    let mut sql = String::from(" FROM item i JOIN item_state st ON st.item_id = i.id WHERE 1 = 1");
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(k) = filter.kind {
        sql.push_str(" AND i.kind = ?");
        args.push(SqlValue::Text(k.as_str().into()));
    }
    if let Some(m) = filter.meeting {
        sql.push_str(" AND i.meeting_id = ?");
        args.push(SqlValue::Integer(m));
    }
    if let Some(s) = filter.status {
        sql.push_str(" AND i.status = ?");
        args.push(SqlValue::Text(s.as_str().into()));
    } else if !filter.include_closed {
        // Open vs closed: the view `item_state` (domain::closure::is_open).
        sql.push_str(" AND st.is_open");
    }
    if let Some(u) = filter.unit {
        sql.push_str(" AND i.id IN (SELECT item_id FROM assignment WHERE unit_id = ? AND ended_on IS NULL)");
        args.push(SqlValue::Integer(u));
    }
    if filter.overdue {
        sql.push_str(" AND i.due_on < ?");
        args.push(SqlValue::Text(today.format("%Y-%m-%d").to_string()));
    }
    if filter.key_item {
        sql.push_str(" AND i.key_item = TRUE");
    }
    if filter.leader {
        sql.push_str(" AND (i.leader <> '' OR i.id IN (SELECT item_id FROM second_round WHERE reason = 'leader'))");
    }
    if let Some(ids) = &filter.ids {
        sql.push_str(" AND i.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))");
        args.push(SqlValue::Text(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())));
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(sort.order_by());
    (sql, args)
}

/// [`Store::ledger`] on any connection, at most `limit` rows.
pub fn ledger_rows(
    c: &crate::store::db::Db,
    today: NaiveDate,
    filter: &LedgerFilter,
    sort: Sort,
    limit: Option<usize>,
) -> Result<Vec<LedgerRow>> {
    let (from, args) = from_where(today, filter, sort);
    let mut sql = format!("SELECT {ROW_COLUMNS}{from}");
    if let Some(n) = limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let mut st = c.prepare(&sql)?;
    let rows = st
        .query_map(crate::store::db::params_from_iter(args), row_from)?
        .collect::<crate::store::db::DbResult<Vec<_>>>()?;
    Ok(rows)
}

/// The ids of the ledger for `filter`, in `sort` order, on any connection: what the
/// ledger screen holds of a list of any size (8 bytes a row; the rows on screen are read
/// by id, [`Store::ledger_rows_by_id`]). A second thread reads them at start.
pub fn ledger_ids(c: &crate::store::db::Db, today: NaiveDate, filter: &LedgerFilter, sort: Sort) -> Result<Vec<i64>> {
    let (from, args) = from_where(today, filter, sort);
    let mut st = c.prepare(&format!("SELECT i.id{from}"))?;
    let ids = st
        .query_map(crate::store::db::params_from_iter(args), |r| r.get(0))?
        .collect::<crate::store::db::DbResult<Vec<_>>>()?;
    Ok(ids)
}

impl Store {
    /// [`ledger_ids`] on the store's connection.
    pub fn ledger_ids(&self, filter: &LedgerFilter, sort: Sort) -> Result<Vec<i64>> {
        ledger_ids(self.conn(), self.today(), filter, sort)
    }

    /// The ledger rows of `ids`, in that order, in one query (a page of the ledger screen).
    /// An id no longer readable (another clerk's change of scope) is left out.
    pub fn ledger_rows_by_id(&self, ids: &[i64]) -> Result<Vec<LedgerRow>> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM item i WHERE {}", in_ids("i.id"));
        rows_by_id(self.conn(), &sql, ids, row_from, |r| r.id)
    }

    /// The open entries among the ledger for `filter` (what Ctrl-X closes), with their
    /// versions as they stand now, in `sort` order.
    pub fn ledger_open_versions(&self, filter: &LedgerFilter, sort: Sort) -> Result<Vec<(i64, i64)>> {
        let (from, args) = from_where(self.today(), filter, sort);
        let from = from.replacen(" WHERE 1 = 1", " WHERE st.is_open", 1);
        let mut st = self.conn().prepare(&format!("SELECT i.id, i.version{from}"))?;
        let rows = st
            .query_map(crate::store::db::params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::store::db::DbResult<Vec<_>>>()?;
        Ok(rows)
    }

    /// The current versions of `ids`, in that order (a batch form opened on marked rows
    /// that are not on screen); an id not found is left out.
    pub fn item_versions(&self, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
        let mut st = self.conn().prepare_cached("SELECT version FROM item WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            use crate::store::db::OptionalExtension;
            if let Some(v) = st.query_row([id], |r| r.get(0)).optional()? {
                out.push((id, v));
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Every meeting, newest first.
    pub fn meetings(&self) -> Result<Vec<Meeting>> {
        let mut st = self.conn().prepare(
            "SELECT id, body, level, term, session, year, name, opened_on, closed_on, archived
             FROM meeting ORDER BY year DESC, body, id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(Meeting {
                    id: r.get(0)?,
                    body: r.get(1)?,
                    level: r.get(2)?,
                    term: r.get(3)?,
                    session: r.get(4)?,
                    year: r.get(5)?,
                    name: r.get(6)?,
                    opened_on: opt_date(r.get(7)?),
                    closed_on: opt_date(r.get(8)?),
                    archived: r.get(9)?,
                })
            })?
            .collect::<crate::store::db::DbResult<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every active unit, in the office's order (its numbers, then pinyin).
    pub fn units(&self) -> Result<Vec<Unit>> {
        let mut st =
            self.conn().prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE active = TRUE ORDER BY name"))?;
        let mut rows = st.query_map([], unit_from_row)?.collect::<crate::store::db::DbResult<Vec<_>>>()?;
        self.sort_by_unit_order(&mut rows, |u| u.id)?;
        Ok(rows)
    }

    /// The ids of the items numbered `number` (any meeting; 25 finds 025 and 第25号).
    pub fn items_by_number(&self, number: &str) -> Result<Vec<i64>> {
        let key = crate::domain::item::normalize_number(number);
        let mut st = self.conn().prepare("SELECT id FROM item WHERE number_key = ?1 ORDER BY meeting_id")?;
        let ids = st.query_map([key], |r| r.get(0))?.collect::<crate::store::db::DbResult<Vec<i64>>>()?;
        Ok(ids)
    }

    /// The item's current version (what a form reads before it saves).
    pub fn item_detail_version(&self, id: i64) -> Result<i64> {
        use crate::store::db::OptionalExtension;
        self.conn()
            .query_row("SELECT version FROM item WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(super::StoreError::NotFound { entity: "item", id })
    }

    /// How many items the database holds, in every state.
    pub fn item_count(&self) -> Result<i64> {
        Ok(self.conn().query_row("SELECT count(*) FROM item", [], |r| r.get(0))?)
    }
}

/// The unit columns [`unit_from_row`] reads, in order.
pub const UNIT_COLUMNS: &str = "id, name, short_name, head, deputy_head, clerk, phone";

/// A unit from a row selected with [`UNIT_COLUMNS`].
pub fn unit_from_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        head: r.get(3)?,
        deputy_head: r.get(4)?,
        clerk: r.get(5)?,
        phone: r.get(6)?,
    })
}
