//! Undo (action `undo`): the clerk's own last edit or filing decision in this session,
//! undone as a new audited change that restores the previous values. Refused when someone
//! else changed the record since.
use super::entry::{restore, ItemDraft};
use super::filing::set_filing_state;
use crate::store::{Result, Store, StoreError};
use serde::{Deserialize, Serialize};

/// The filing columns of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingState {
    pub filing: String,
    pub ground: String,
    pub note: String,
    pub on: Option<String>,
    pub opinion_unit: Option<i64>,
    pub merged_into: Option<i64>,
}

/// What the last undoable action changed, and the item version it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    Edit { item_id: i64, version: i64, before: ItemDraft },
    Filing { item_id: i64, version: i64, before: FilingState },
}

impl Store {
    pub(super) fn set_undo(&mut self, u: Undo) {
        self.undo = Some(u);
    }

    /// Whether there is something to undo, and on which item.
    pub fn undo_target(&self) -> Option<i64> {
        match &self.undo {
            Some(Undo::Edit { item_id, .. } | Undo::Filing { item_id, .. }) => Some(*item_id),
            None => None,
        }
    }

    /// Undoes the last edit or filing decision of this session.
    pub fn undo_last(&mut self) -> Result<i64> {
        let Some(u) = self.undo.clone() else {
            return Err(StoreError::rule("本次没有可撤销的操作", "nothing to undo in this session"));
        };
        let r = self.write(|t| {
            let (item_id, version) = match &u {
                Undo::Edit { item_id, version, .. } | Undo::Filing { item_id, version, .. } => (*item_id, *version),
            };
            t.claim_item(item_id, version).map_err(|e| match e {
                StoreError::Conflict { .. } => StoreError::rule(
                    "该件此后已被他人修改,无法撤销",
                    "someone else has changed the item since; it cannot be undone",
                ),
                e => e,
            })?;
            let before = match &u {
                Undo::Edit { before, .. } => serde_json::to_value(before),
                Undo::Filing { before, .. } => serde_json::to_value(before),
            };
            t.audit(
                "item",
                item_id,
                Some(item_id),
                crate::store::AuditAction::Undo,
                None,
                Some(&before.unwrap_or_default()),
            )?;
            match &u {
                Undo::Edit { before, .. } => restore(t, item_id, before)?,
                Undo::Filing { before, .. } => set_filing_state(t, item_id, before)?,
            }
            t.refresh_item(item_id)?;
            Ok(item_id)
        });
        if r.is_ok() {
            self.undo = None;
        }
        r
    }
}
