//! 销号: the checklist computed from the ledger, closing one entry or a batch in one
//! transaction, force-closing with a reason, and reopening with a reason.
use crate::domain::access::Permission;
use crate::domain::closure::{self, Check, ClosureFacts, Line};
use crate::domain::{Satisfaction, Status};
use crate::store::handling::ymd;
use crate::store::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

/// The outcome of a batch closure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchClosure {
    pub closed: Vec<i64>,
    /// Items left open, with the first line each fails (`None`: changed by someone else,
    /// or not an open filed entry).
    pub left: Vec<(i64, Option<Check>)>,
}

fn facts(c: &rusqlite::Connection, item_id: i64, levels: &[Satisfaction]) -> Result<ClosureFacts> {
    let q = |sql: &str| -> Result<u32> { Ok(c.query_row(sql, [item_id], |r| r.get(0))?) };
    let handlers =
        q("SELECT count(*) FROM assignment WHERE item_id = ?1 AND ended_on IS NULL AND role != 'co_handling'")?;
    let approved =
        q("SELECT count(*) FROM assignment a WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role != 'co_handling'
          AND (SELECT review FROM reply WHERE assignment_id = a.id ORDER BY id DESC LIMIT 1) = 'approved'")?;
    let opinions_missing =
        q("SELECT count(*) FROM assignment a WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role = 'co_handling'
          AND NOT EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = a.id)")?;
    let feedback = q("SELECT count(*) FROM feedback WHERE item_id = ?1")?;
    let latest: Option<(Satisfaction, String)> = c
        .query_row(
            "SELECT level, received_on FROM feedback WHERE item_id = ?1 ORDER BY round DESC, id DESC LIMIT 1",
            [item_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let feedback_needs_second_round = match latest {
        Some((level, on)) if levels.contains(&level) => {
            let finished: u32 = c.query_row(
                "SELECT count(*) FROM second_round WHERE item_id = ?1 AND closed_on IS NOT NULL AND closed_on >= ?2",
                params![item_id, on],
                |r| r.get(0),
            )?;
            finished == 0
        }
        _ => false,
    };
    Ok(ClosureFacts {
        handlers,
        approved,
        opinions_missing,
        feedback,
        feedback_needs_second_round,
        open_second_rounds: q("SELECT count(*) FROM second_round WHERE item_id = ?1 AND closed_on IS NULL")?,
        commitments_open: q(&format!(
            "SELECT count(*) FROM commitment c WHERE c.item_id = ?1 AND c.done_on IS NULL AND c.carried = 0 AND {}",
            super::commitments::LIVE
        ))?,
    })
}

fn status(c: &rusqlite::Connection, item_id: i64) -> Result<Status> {
    let s: Option<Status> = c.query_row("SELECT status FROM item WHERE id = ?1", [item_id], |r| r.get(0)).optional()?;
    s.ok_or(StoreError::NotFound { entity: "item", id: item_id })
}

fn close_in(t: &Tx, item_id: i64, forced_reason: &str, on: NaiveDate) -> Result<()> {
    t.conn().execute(
        "INSERT INTO closure (item_id, closed_on, operator, forced_reason) VALUES (?1,?2,?3,?4)",
        params![item_id, ymd(on), t.operator, forced_reason.trim()],
    )?;
    let id = t.conn().last_insert_rowid();
    t.audit(
        "closure",
        id,
        Some(item_id),
        crate::store::AuditAction::CloseEntry,
        None,
        Some(&serde_json::json!({"on": ymd(on), "forced_reason": forced_reason.trim()})),
    )?;
    t.refresh_item(item_id)
}

impl Store {
    /// The checklist of one item, each line ticked or not.
    pub fn closure_checklist(&self, item_id: i64) -> Result<Vec<Line>> {
        Ok(closure::checklist(&facts(self.conn(), item_id, &self.data.rules.second_round.levels)?))
    }

    /// Closes an entry (销号). One that fails a line needs `forced_reason` (the office's
    /// stated reason), which is recorded and shown.
    pub fn close_entry(
        &mut self,
        item_id: i64,
        item_version: i64,
        forced_reason: Option<&str>,
        on: NaiveDate,
    ) -> Result<()> {
        let levels = self.data.rules.second_round.levels.clone();
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let st = status(t.conn(), item_id)?;
            if !st.is_open() || st == Status::Received {
                return Err(StoreError::rule(
                    format!("该件状态为“{}”,不能销号", st.label(crate::text::Lang::Zh)),
                    format!("an entry in state '{}' cannot be closed", st.label(crate::text::Lang::En)),
                ));
            }
            let reason = forced_reason.unwrap_or("").trim();
            if let Some(check) = closure::first_failing(&facts(t.conn(), item_id, &levels)?) {
                if reason.is_empty() {
                    return Err(StoreError::rule(
                        format!(
                            "不能销号:尚未满足“{}”。如确需销号,请由办公室说明理由",
                            check.label(crate::text::Lang::Zh)
                        ),
                        format!(
                            "not ready to close: not yet \"{}\". The office may close it with a stated reason",
                            check.label(crate::text::Lang::En)
                        ),
                    ));
                }
            }
            close_in(t, item_id, reason, on)
        })
    }

    /// Closes every entry of `items` ((id, version) pairs) that passes the checklist, in one
    /// transaction; lists the rest with the first line each fails.
    pub fn close_many(&mut self, items: &[(i64, i64)], on: NaiveDate) -> Result<BatchClosure> {
        let levels = self.data.rules.second_round.levels.clone();
        self.write(|t| {
            t.require(Permission::Office)?;
            let mut out = BatchClosure::default();
            for &(id, version) in items {
                let st = status(t.conn(), id)?;
                if !st.is_open() || st == Status::Received {
                    out.left.push((id, None));
                    continue;
                }
                if let Some(check) = closure::first_failing(&facts(t.conn(), id, &levels)?) {
                    out.left.push((id, Some(check)));
                    continue;
                }
                match t.claim_item(id, version) {
                    Ok(()) => {}
                    Err(StoreError::Conflict { .. } | StoreError::Archived) => {
                        out.left.push((id, None));
                        continue;
                    }
                    Err(e) => return Err(e),
                }
                close_in(t, id, "", on)?;
                out.closed.push(id);
            }
            Ok(out)
        })
    }

    /// Reopens a closed entry with a reason.
    pub fn reopen_entry(&mut self, item_id: i64, item_version: i64, reason: &str, on: NaiveDate) -> Result<()> {
        crate::store::handling::require_text(reason, "重新打开的理由", "a reason for reopening")?;
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let open: Option<i64> = t
                .conn()
                .query_row(
                    "SELECT id FROM closure WHERE item_id = ?1 AND reopened_on IS NULL ORDER BY id DESC LIMIT 1",
                    [item_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(cid) = open else {
                return Err(StoreError::rule("该件未销号", "the entry is not closed"));
            };
            t.conn().execute(
                "UPDATE closure SET reopened_on = ?2, reopen_reason = ?3, reopened_by = ?4 WHERE id = ?1",
                params![cid, ymd(on), reason.trim(), t.operator],
            )?;
            t.audit(
                "closure",
                cid,
                Some(item_id),
                crate::store::AuditAction::ReopenEntry,
                None,
                Some(&serde_json::json!({"on": ymd(on), "reason": reason.trim()})),
            )?;
            t.refresh_item(item_id)
        })
    }
}
