//! Archiving a meeting at year end (统一归档): its items become read-only. Every write to
//! them is refused by [`Tx::check_writable`](super::Tx::check_writable), the import refuses
//! rows for it, and it stays searchable and reportable. Archiving is final: there is no
//! command to undo it, so a closed year's figures cannot drift.
use super::{Result, Store, StoreError};
use rusqlite::{params, OptionalExtension};
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

impl Store {
    /// Archives the meeting named `name`. Refuses an unknown or already archived meeting.
    pub fn archive_meeting(&mut self, name: &str) -> Result<Archived> {
        let name = name.trim().to_string();
        self.write(|t| {
            let c = t.conn();
            let row: Option<(i64, bool, i64)> = c
                .query_row("SELECT id, archived, version FROM meeting WHERE name = ?1", [&name], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let Some((id, archived, version)) = row else {
                return Err(StoreError::rule(format!("没有名为“{name}”的会议"), format!("no meeting named '{name}'")));
            };
            if archived {
                return Err(StoreError::Archived);
            }
            let (items, open): (i64, i64) = c.query_row(
                "SELECT count(*), coalesce(sum(status NOT IN ('closed', 'not_filed', 'opinion', 'merged', 'withdrawn')), 0)
                 FROM item WHERE meeting_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let n = c.execute(
                "UPDATE meeting SET archived = 1, version = version + 1 WHERE id = ?1 AND version = ?2",
                params![id, version],
            )?;
            if n != 1 {
                return Err(StoreError::Conflict { entity: "meeting", id });
            }
            t.audit(
                "meeting",
                id,
                None,
                crate::store::AuditAction::Archive,
                Some(&json!({ "archived": false })),
                Some(&json!({ "archived": true, "items": items, "open_items": open })),
            )?;
            Ok(Archived { meeting_id: id, name: name.clone(), items, open_items: open })
        })
    }
}
