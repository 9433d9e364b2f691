//! Per-unit views of handling: the units screen (items, face-to-face by the head and the
//! rule of seed 003) and the co-handling tracker (opinions due, overdue, received).
use crate::domain::face_to_face::HeadRule;
use crate::domain::Kind;
use crate::store::by_id::{in_ids, rows_by_id};
use crate::store::handling::ymd;
use crate::store::{date, opt_date, Result, Store};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One row of the units screen.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub unit_id: i64,
    pub name: String,
    pub short_name: String,
    pub head: String,
    pub lead: u32,
    pub split: u32,
    pub co_handling: u32,
    /// Items with any face-to-face reply by this unit.
    pub face_to_face: u32,
    pub head_rule: HeadRule,
}

impl UnitRow {
    /// 面复率 of this unit, in percent.
    pub fn face_to_face_rate(&self) -> Option<f64> {
        crate::domain::face_to_face::rate(self.face_to_face, self.lead + self.split)
    }
}

/// One co-handling assignment in the tracker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoHandlingRow {
    pub assignment_id: i64,
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub unit_short: String,
    pub deadline: NaiveDate,
    /// The date the opinion came in, if it has.
    pub received_on: Option<NaiveDate>,
}

impl Store {
    /// Every unit with its counts and the face-to-face head rule (active assignments on
    /// filed items).
    pub fn unit_rows(&self) -> Result<Vec<UnitRow>> {
        let threshold = self.data.rules.face_to_face.head_threshold;
        // Each count in one pass over its table, grouped by unit (not a query per unit).
        let mut st = self.conn().prepare(
            "SELECT a.unit_id, count(CASE WHEN a.role = 'lead' THEN 1 END),
                    count(CASE WHEN a.role = 'split' THEN 1 END), count(CASE WHEN a.role = 'co_handling' THEN 1 END)
             FROM assignment a JOIN item i ON i.id = a.item_id
             WHERE a.ended_on IS NULL AND i.filing = 'filed' GROUP BY a.unit_id",
        )?;
        let roles: HashMap<i64, (u32, u32, u32)> = st
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<crate::store::db::DbResult<_>>()?;
        let mut st = self.conn().prepare(
            "SELECT f.unit_id, count(DISTINCT f.item_id), count(DISTINCT CASE WHEN f.rank = 'head' THEN f.item_id END)
             FROM face_to_face f
             JOIN assignment a ON a.item_id = f.item_id AND a.unit_id = f.unit_id AND a.ended_on IS NULL AND a.role != 'co_handling'
             JOIN item i ON i.id = f.item_id WHERE i.filing = 'filed' GROUP BY f.unit_id",
        )?;
        let met: HashMap<i64, (u32, u32)> = st
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<crate::store::db::DbResult<_>>()?;
        // The head rule is the ranking's (over each unit's items due), from the one set of
        // figures, so the units screen, the dashboard and the ranking agree.
        let rules: HashMap<i64, HeadRule> =
            self.figure_book(None)?.set.units.iter().map(|f| (f.unit_id, f.head_rule(threshold))).collect();
        let mut st =
            self.conn().prepare("SELECT id, name, short_name, head FROM unit WHERE active = TRUE ORDER BY name")?;
        let rows = st.query_map([], |r| {
            let id: i64 = r.get(0)?;
            let (lead, split, co_handling) = roles.get(&id).copied().unwrap_or_default();
            let (face_to_face, head) = met.get(&id).copied().unwrap_or_default();
            Ok(UnitRow {
                unit_id: id,
                name: r.get(1)?,
                short_name: r.get(2)?,
                head: r.get(3)?,
                lead,
                split,
                co_handling,
                face_to_face,
                head_rule: match rules.get(&id) {
                    Some(rule) => *rule,
                    None => HeadRule::new(lead + split, head, threshold),
                },
            })
        })?;
        let mut rows: Vec<UnitRow> = rows.collect::<crate::store::db::DbResult<_>>()?;
        self.sort_by_unit_order(&mut rows, |r| r.unit_id)?;
        Ok(rows)
    }

    /// Every active co-handling assignment with its opinion's date, by deadline.
    pub fn co_handling_tracker(&self) -> Result<Vec<CoHandlingRow>> {
        let mut st =
            self.conn().prepare(&format!("SELECT {CO_COLUMNS} {CO_FROM} ORDER BY a.deadline, i.number_key"))?;
        let rows = st.query_map([], co_row)?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The ids (assignments) of the tracker's rows that `filter` keeps on `today`, in the
    /// tracker's order: opinions still awaited first (by deadline), then those in; item
    /// numbers in numeric order ("9" before "10"). What the units screen holds of a list of
    /// any size; its rows on screen are read by id ([`Store::co_handling_by_id`]).
    pub fn co_handling_ids(&self, filter: CoFilter) -> Result<Vec<i64>> {
        let mut st = self.conn().prepare(&format!(
            "SELECT id FROM (SELECT a.id, a.deadline, i.number, i.number_key, {RECEIVED} AS received_on {CO_FROM}) t
             WHERE {}
             ORDER BY received_on IS NOT NULL, deadline, {NUMERIC} IS NULL, {NUMERIC}, number, number_key, id",
            filter.condition()
        ))?;
        let today = ymd(self.today());
        // Only the filters on the deadline take today.
        let p: &[&dyn crate::store::db::ToSql] = if st.parameter_count() == 1 { &[&today] } else { &[] };
        let ids = st.query_map(p, |r| r.get(0))?;
        Ok(ids.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The tracker rows of assignments `ids`, in that order (a page of the units screen); an
    /// id no longer readable is left out.
    pub fn co_handling_by_id(&self, ids: &[i64]) -> Result<Vec<CoHandlingRow>> {
        let sql = format!("SELECT {CO_COLUMNS} {CO_FROM} AND {}", in_ids("a.id"));
        rows_by_id(self.conn(), &sql, ids, co_row, |r| r.assignment_id)
    }

    /// How many opinions the tracker lists, and how many of them are overdue (not in, past
    /// the deadline) on `today`.
    pub fn co_handling_counts(&self) -> Result<(u32, u32)> {
        let sql = format!(
            "SELECT count(*), count(CASE WHEN received_on IS NULL AND deadline < ?1 THEN 1 END)
             FROM (SELECT a.deadline, {RECEIVED} AS received_on {CO_FROM}) t"
        );
        Ok(self.conn().query_row(&sql, [ymd(self.today())], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }
}

/// Which co-handling opinions the tracker lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CoFilter {
    #[default]
    All,
    /// Not in, past the deadline.
    Overdue,
    /// Not in, deadline today or later.
    Due,
    Received,
}

impl CoFilter {
    /// The next filter, for a key that cycles.
    pub fn next(self) -> CoFilter {
        match self {
            CoFilter::All => CoFilter::Overdue,
            CoFilter::Overdue => CoFilter::Due,
            CoFilter::Due => CoFilter::Received,
            CoFilter::Received => CoFilter::All,
        }
    }

    /// Whether `row` passes on `today`.
    pub fn keeps(self, row: &CoHandlingRow, today: NaiveDate) -> bool {
        match self {
            CoFilter::All => true,
            CoFilter::Overdue => row.received_on.is_none() && row.deadline < today,
            CoFilter::Due => row.received_on.is_none() && row.deadline >= today,
            CoFilter::Received => row.received_on.is_some(),
        }
    }

    /// [`CoFilter::keeps`] in SQL, on `received_on` and `deadline`, today as `?1`.
    fn condition(self) -> &'static str {
        match self {
            CoFilter::All => "TRUE",
            CoFilter::Overdue => "received_on IS NULL AND deadline < ?1",
            CoFilter::Due => "received_on IS NULL AND deadline >= ?1",
            CoFilter::Received => "received_on IS NOT NULL",
        }
    }
}

/// The columns of a [`CoHandlingRow`], in the order [`co_row`] reads them.
const CO_COLUMNS: &str = "a.id, i.id, i.number, i.title, u.short_name, a.deadline,
    (SELECT min(received_on) FROM co_opinion o WHERE o.assignment_id = a.id), i.kind";

/// The date the opinion came in.
const RECEIVED: &str = "(SELECT min(received_on) FROM co_opinion o WHERE o.assignment_id = a.id)";

/// An item number as a number, NULL when it is not all digits (such numbers sort last).
const NUMERIC: &str = "CASE WHEN trim(number) <> '' AND ltrim(trim(number), '0123456789') = ''
    THEN CAST(trim(number) AS INTEGER) END";

/// The tracker's assignments: active co-handling on filed items.
const CO_FROM: &str = "FROM assignment a JOIN item i ON i.id = a.item_id JOIN unit u ON u.id = a.unit_id
     WHERE a.role = 'co_handling' AND a.ended_on IS NULL AND i.filing = 'filed'";

/// A tracker row from a row selected with [`CO_COLUMNS`].
fn co_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<CoHandlingRow> {
    Ok(CoHandlingRow {
        assignment_id: r.get(0)?,
        item_id: r.get(1)?,
        kind: crate::store::kind_at(r, 7)?,
        number: r.get(2)?,
        title: r.get(3)?,
        unit_short: r.get(4)?,
        deadline: date(&r.get::<_, String>(5)?),
        received_on: opt_date(r.get(6)?),
    })
}
