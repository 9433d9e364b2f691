//! What the importer checks a file against: the meetings, units and people the database
//! knows, an item already imported under a number, and reply numbers already used. Read
//! through the caller's connection (a plain read for the dry run, the write transaction for
//! the real import), so the check and the write see the same database.
use super::Result;
use crate::domain::{Body, Unit};
use crate::store::db::{Db, OptionalExtension};
use rusqlite::params;

/// A meeting as the importer matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingKey {
    pub id: i64,
    pub name: String,
    pub body: Body,
    pub archived: bool,
}

/// Every meeting.
pub fn meetings(c: &Db) -> Result<Vec<MeetingKey>> {
    let mut st = c.prepare("SELECT id, name, body, archived FROM meeting ORDER BY id")?;
    let rows =
        st.query_map([], |r| Ok(MeetingKey { id: r.get(0)?, name: r.get(1)?, body: r.get(2)?, archived: r.get(3)? }))?;
    Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
}

/// The active units, oldest first.
pub fn active_units(c: &Db) -> Result<Vec<Unit>> {
    let mut st =
        c.prepare(&format!("SELECT {} FROM unit WHERE active = TRUE ORDER BY id", super::ledger::UNIT_COLUMNS))?;
    let units = st.query_map([], super::ledger::unit_from_row)?.collect::<crate::store::db::DbResult<_>>()?;
    Ok(units)
}

/// Every person as (id, body, name), newest first (so, put in a map, the oldest of a name wins).
pub fn people(c: &Db) -> Result<Vec<(i64, Body, String)>> {
    let mut st = c.prepare("SELECT id, body, name FROM person ORDER BY id DESC")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
}

/// The item of `meeting` with the normalised number `key`: (id, title).
pub fn item_by_number(c: &Db, meeting: i64, key: &str) -> Result<Option<(i64, String)>> {
    let mut st = c.prepare_cached("SELECT id, title FROM item WHERE meeting_id = ?1 AND number_key = ?2")?;
    Ok(st.query_row(params![meeting, key], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

/// The fingerprint of the row the item was last imported from, if it was imported.
pub fn import_fingerprint(c: &Db, item_id: i64) -> Result<Option<String>> {
    let mut st =
        c.prepare_cached("SELECT after FROM audit_log WHERE item_id = ?1 AND action = ?2 ORDER BY id DESC LIMIT 1")?;
    let after: Option<Option<String>> =
        st.query_row(params![item_id, super::AuditAction::Import], |r| r.get(0)).optional()?;
    Ok(after
        .flatten()
        .and_then(|a| serde_json::from_str::<serde_json::Value>(&a).ok())
        .and_then(|v| v.get("fingerprint").and_then(|f| f.as_str()).map(String::from)))
}

/// Whether a reply already carries the document number `doc`.
pub fn reply_doc_used(c: &Db, doc: &str) -> Result<bool> {
    let mut st = c.prepare_cached("SELECT 1 FROM reply WHERE doc_number = ?1 LIMIT 1")?;
    Ok(st.query_row([doc], |_| Ok(())).optional()?.is_some())
}
