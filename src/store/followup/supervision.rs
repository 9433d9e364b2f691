//! 督办: overdue and due-soon lists by unit and role, reminders (催办) and interviews (约谈)
//! logged per unit, and the unit ranking (排名通报) computed from the ledger.
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::{Kind, ReminderKind, Role};
use crate::store::by_id::{in_ids, rows_by_id};
use crate::store::handling::{require_text, ymd};
use crate::store::{date, Result, Store};
use chrono::{Days, NaiveDate};
use rusqlite::params;

/// An assignment whose work is due: a lead/split reply not yet in (or returned), or a
/// co-handling opinion not yet in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    /// The assignment the work is due on (the row's key).
    pub assignment_id: i64,
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub unit_id: i64,
    pub unit_short: String,
    pub role: Role,
    pub deadline: NaiveDate,
    pub key: bool,
    pub leader: String,
    /// Reminders and interviews already logged on this item for this unit.
    pub reminders: u32,
}

/// A reminder or interview to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder {
    pub unit_id: i64,
    pub item_id: Option<i64>,
    pub kind: ReminderKind,
    pub on: NaiveDate,
    pub method: String,
    pub to_whom: String,
    pub note: String,
}

/// The columns of a [`DueRow`], in the order [`due_row`] reads them.
const DUE_COLUMNS: &str = "a.id, i.id, i.number, i.title, u.id, u.short_name, a.role, a.deadline, i.key_item, i.leader,
    (SELECT count(*) FROM reminder r WHERE r.item_id = i.id AND r.unit_id = u.id), i.kind";

/// The assignments and their items and units.
const DUE_FROM: &str = "FROM assignment a JOIN item i ON i.id = a.item_id JOIN unit u ON u.id = a.unit_id";

/// Which assignments have work due by `?1`: open, closable entries whose lead/split reply is
/// not in (or returned) or whose co-handling opinion is not in.
const DUE_WHERE: &str = "JOIN item_state st ON st.item_id = i.id
     WHERE a.ended_on IS NULL AND st.closable
       AND a.deadline <= ?1
       AND CASE WHEN a.role = 'co_handling'
                THEN NOT EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = a.id)
                ELSE coalesce((SELECT latest_review FROM standing_reply WHERE assignment_id = a.id), 'returned') = 'returned' END";

/// By deadline (the store's order), or by unit, then role (主办, 分办, 会办), then deadline.
fn due_order(by_unit: bool) -> &'static str {
    if by_unit {
        "ORDER BY u.short_name, CASE a.role WHEN 'lead' THEN 0 WHEN 'split' THEN 1 ELSE 2 END,
                  a.deadline, i.number_key, a.id"
    } else {
        "ORDER BY a.deadline, u.short_name, i.number_key, a.id"
    }
}

/// A due row from a row selected with [`DUE_COLUMNS`].
fn due_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<DueRow> {
    Ok(DueRow {
        assignment_id: r.get(0)?,
        item_id: r.get(1)?,
        kind: crate::store::kind_at(r, 11)?,
        number: r.get(2)?,
        title: r.get(3)?,
        unit_id: r.get(4)?,
        unit_short: r.get(5)?,
        role: r.get(6)?,
        deadline: date(&r.get::<_, String>(7)?),
        key: r.get(8)?,
        leader: r.get(9)?,
        reminders: r.get(10)?,
    })
}

/// The assignments with work due (ids, as [`Store::due_work`] lists them), split into the
/// overdue (deadline before today) and those due from today on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueIds {
    pub overdue: Vec<i64>,
    pub due_soon: Vec<i64>,
}

impl Store {
    /// Work due on or before today + `days` (overdue included), by deadline.
    pub fn due_work(&self, days: u32) -> Result<Vec<DueRow>> {
        let until = ymd(self.today() + Days::new(days.into()));
        let mut st =
            self.conn().prepare(&format!("SELECT {DUE_COLUMNS} {DUE_FROM} {DUE_WHERE} {}", due_order(false)))?;
        let rows = st.query_map([until], due_row)?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The ids of [`Store::due_work`] (assignments), by deadline or by unit: what the
    /// supervision screen holds of a list of any size (its rows on screen are read by id,
    /// [`Store::due_rows_by_id`]).
    pub fn due_work_ids(&self, days: u32, by_unit: bool) -> Result<DueIds> {
        let until = ymd(self.today() + Days::new(days.into()));
        let mut st = self
            .conn()
            .prepare(&format!("SELECT a.id, a.deadline < ?2 {DUE_FROM} {DUE_WHERE} {}", due_order(by_unit)))?;
        let mut out = DueIds::default();
        let rows =
            st.query_map(params![until, ymd(self.today())], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))?;
        for row in rows {
            let (id, overdue) = row?;
            if overdue {
                out.overdue.push(id)
            } else {
                out.due_soon.push(id)
            }
        }
        Ok(out)
    }

    /// How many items have work past its deadline, and how many have work due from today
    /// to today + `days` (an item counts in both when it has both): the dashboard's figures
    /// of [`Store::due_work`].
    pub fn due_work_items(&self, days: u32) -> Result<(u32, u32)> {
        let until = ymd(self.today() + Days::new(days.into()));
        let sql = format!(
            "SELECT count(DISTINCT CASE WHEN a.deadline < ?2 THEN i.id END),
                    count(DISTINCT CASE WHEN a.deadline >= ?2 THEN i.id END) {DUE_FROM} {DUE_WHERE}"
        );
        Ok(self.conn().query_row(&sql, params![until, ymd(self.today())], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// The due rows of assignments `ids`, in that order, in one query (a page of the
    /// supervision screen); an id no longer readable is left out.
    pub fn due_rows_by_id(&self, ids: &[i64]) -> Result<Vec<DueRow>> {
        let sql = format!("SELECT {DUE_COLUMNS} {DUE_FROM} WHERE {}", in_ids("a.id"));
        rows_by_id(self.conn(), &sql, ids, due_row, |r| r.assignment_id)
    }

    /// Logs a reminder (催办) or interview (约谈) with a unit, on an item or on the unit as a whole.
    pub fn log_reminder(&mut self, r: &NewReminder, item_version: Option<i64>) -> Result<i64> {
        require_text(&r.to_whom, "催办对象", "who was reminded")?;
        self.write(|t| {
            t.require(Permission::Office)?;
            if let (Some(item), Some(v)) = (r.item_id, item_version) {
                t.claim_item(item, v)?;
            }
            let follows = match r.item_id {
                Some(item) => t.unit_follows(item, Some(r.unit_id))?,
                None => Vec::new(),
            };
            t.check_event_date(Event::Reminder, r.on, &follows)?;
            t.conn().execute(
                "INSERT INTO reminder (unit_id, item_id, kind, reminded_on, method, to_whom, note) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                params![r.unit_id, r.item_id, r.kind.as_str(), ymd(r.on), r.method.trim(), r.to_whom.trim(), r.note.trim()],
            )?;
            let id = t.conn().last_insert_rowid();
            t.audit(
                "reminder",
                id,
                r.item_id,
                crate::store::AuditAction::LogReminder,
                None,
                Some(&serde_json::json!({"unit_id": r.unit_id, "kind": r.kind.as_str(), "on": ymd(r.on), "method": r.method.trim(),
                    "to": r.to_whom.trim(), "note": r.note.trim()})),
            )?;
            if let Some(item) = r.item_id {
                t.refresh_item(item)?;
            }
            Ok(id)
        })
    }
}
