//! 督办: overdue and due-soon lists by unit and role, reminders (催办) and interviews (约谈)
//! logged per unit, and the unit ranking (排名通报) computed from the ledger.
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::{Kind, ReminderKind, Role};
use crate::store::handling::{require_text, ymd};
use crate::store::{date, Result, Store};
use chrono::{Days, NaiveDate};
use rusqlite::params;

/// An assignment whose work is due: a lead/split reply not yet in (or returned), or a
/// co-handling opinion not yet in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
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

impl Store {
    /// Work due on or before today + `days` (overdue included), by deadline.
    pub fn due_work(&self, days: u32) -> Result<Vec<DueRow>> {
        let until = ymd(self.today() + Days::new(days.into()));
        let mut st = self.conn().prepare(
            "SELECT i.id, i.number, i.title, u.id, u.short_name, a.role, a.deadline, i.key_item, i.leader,
                    (SELECT count(*) FROM reminder r WHERE r.item_id = i.id AND r.unit_id = u.id), i.kind
             FROM assignment a JOIN item i ON i.id = a.item_id JOIN unit u ON u.id = a.unit_id
                  JOIN item_state st ON st.item_id = i.id
             WHERE a.ended_on IS NULL AND st.closable
               AND a.deadline <= ?1
               AND CASE WHEN a.role = 'co_handling'
                        THEN NOT EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = a.id)
                        ELSE coalesce((SELECT latest_review FROM standing_reply WHERE assignment_id = a.id), 'returned') = 'returned' END
             ORDER BY a.deadline, u.short_name, i.number_key",
        )?;
        let rows = st.query_map([until], |r| {
            Ok(DueRow {
                item_id: r.get(0)?,
                kind: crate::store::kind_at(r, 10)?,
                number: r.get(1)?,
                title: r.get(2)?,
                unit_id: r.get(3)?,
                unit_short: r.get(4)?,
                role: r.get(5)?,
                deadline: date(&r.get::<_, String>(6)?),
                key: r.get(7)?,
                leader: r.get(8)?,
                reminders: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
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
