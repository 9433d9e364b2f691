//! Archiving a meeting at year end (统一归档): its items become read-only. Every write to
//! them is refused by [`Tx::check_writable`](super::Tx::check_writable), the import refuses
//! rows for it, and it stays searchable and reportable. Archiving is an administrator's
//! action, asked for first with the count of open items ([`Store::archive_preview`]), and
//! an administrator can reverse it with a stated reason ([`Store::unarchive_meeting`]);
//! both are in the audit trail.
use super::{AuditAction, Result, Store, StoreError, Tx};
use crate::domain::access::Permission;
use crate::store::db::OptionalExtension;
use rusqlite::params;
use serde_json::json;

/// What archiving did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archived {
    pub meeting_id: i64,
    pub name: String,
    /// Items of the meeting, now read-only.
    pub items: i64,
    /// Items not closed (销号) when it was archived; they stay as they are.
    pub open_items: i64,
}

/// The meeting's id, archived flag and version, or a refusal naming it.
fn meeting_row(c: &crate::store::db::Db, name: &str) -> Result<(i64, bool, i64)> {
    let row: Option<(i64, bool, i64)> = c
        .query_row("SELECT id, archived, version FROM meeting WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    row.ok_or_else(|| StoreError::rule(format!("没有名为“{name}”的会议"), format!("no meeting named '{name}'")))
}

/// The meeting's items, and how many of them are not closed.
fn counts(c: &crate::store::db::Db, id: i64) -> Result<(i64, i64)> {
    Ok(c.query_row(
        // Open vs closed: the view `item_state` (domain::closure::is_open).
        "SELECT count(*), count(*) FILTER (WHERE st.is_open)
         FROM item i JOIN item_state st ON st.item_id = i.id WHERE i.meeting_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

impl Store {
    /// What archiving the meeting named `name` would freeze, asked before
    /// [`Store::archive_meeting`]: refused for an unknown or archived meeting, or for an
    /// operator who is not an administrator, so the question is never asked in vain.
    pub fn archive_preview(&self, name: &str) -> Result<Archived> {
        let name = name.trim().to_string();
        if !self.actor().allows(Permission::Admin) {
            return Err(if self.actor().can_write() { StoreError::Forbidden } else { StoreError::ReadOnly });
        }
        let (id, archived, _) = meeting_row(self.conn(), &name)?;
        if archived {
            return Err(StoreError::Archived);
        }
        let (items, open_items) = counts(self.conn(), id)?;
        Ok(Archived { meeting_id: id, name, items, open_items })
    }

    /// Archives the meeting named `name` (an administrator's action). Refuses an unknown or
    /// already archived meeting.
    pub fn archive_meeting(&mut self, name: &str) -> Result<Archived> {
        let name = name.trim().to_string();
        self.write(|t| {
            t.require(Permission::Admin)?;
            let c = t.conn();
            let (id, archived, version) = meeting_row(c, &name)?;
            if archived {
                return Err(StoreError::Archived);
            }
            let (items, open) = counts(c, id)?;
            set_archived(t, id, version, true, json!({ "archived": true, "items": items, "open_items": open }))?;
            Ok(Archived { meeting_id: id, name: name.clone(), items, open_items: open })
        })
    }

    /// Reverses the archiving of the meeting named `name` (an administrator's action, with
    /// a stated reason kept in the audit trail): its items can be changed again.
    pub fn unarchive_meeting(&mut self, name: &str, reason: &str) -> Result<Archived> {
        let name = name.trim().to_string();
        crate::store::handling::require_text(
            reason,
            "撤销归档的理由(--reason)",
            "a reason for reversing it (--reason)",
        )?;
        self.write(|t| {
            t.require(Permission::Admin)?;
            let c = t.conn();
            let (id, archived, version) = meeting_row(c, &name)?;
            if !archived {
                return Err(StoreError::rule(
                    format!("会议“{name}”未归档,无需撤销"),
                    format!("the meeting '{name}' is not archived"),
                ));
            }
            let (items, open) = counts(c, id)?;
            set_archived(t, id, version, false, json!({ "archived": false, "reason": reason.trim() }))?;
            Ok(Archived { meeting_id: id, name: name.clone(), items, open_items: open })
        })
    }
}

/// Archives or unarchives meeting `id` if it is still at `version`, with its audit row
/// (`after` is what the row records): one write for both directions.
fn set_archived(t: &Tx, id: i64, version: i64, archived: bool, after: serde_json::Value) -> Result<()> {
    let n = t.conn().execute(
        "UPDATE meeting SET archived = ?3, version = version + 1 WHERE id = ?1 AND version = ?2",
        params![id, version, archived],
    )?;
    if n != 1 {
        return Err(StoreError::Conflict { entity: "meeting", id });
    }
    let action = if archived { AuditAction::Archive } else { AuditAction::Unarchive };
    t.audit("meeting", id, None, action, Some(&json!({ "archived": !archived })), Some(&after))
}
