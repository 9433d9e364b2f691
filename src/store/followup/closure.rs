//! 销号: the checklist computed from the ledger, closing one entry or a batch in one
//! transaction, force-closing with a reason, and reopening with a reason.
use crate::domain::access::Permission;
use crate::domain::applies;
use crate::domain::closure::{self, Check, ClosureFacts, Line};
use crate::domain::event_dates::Event;
use crate::domain::rules::Rules;
use crate::domain::Status;
use crate::store::db::OptionalExtension;
use crate::store::handling::ymd;
use crate::store::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use rusqlite::params;

/// The outcome of a batch closure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchClosure {
    pub closed: Vec<i64>,
    /// Items left open, with the first line each fails (`None`: changed by someone else,
    /// or not an open filed entry).
    pub left: Vec<(i64, Option<Check>)>,
}

fn facts(c: &crate::store::db::Db, item_id: i64, rules: &Rules) -> Result<ClosureFacts> {
    let q = |sql: &str| -> Result<u32> { Ok(c.query_row(sql, [item_id], |r| r.get(0))?) };
    let handlers =
        q("SELECT count(*) FROM assignment WHERE item_id = ?1 AND ended_on IS NULL AND role != 'co_handling'")?;
    let approved =
        q("SELECT count(*) FROM assignment a WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role != 'co_handling'
          AND (SELECT latest_review FROM standing_reply WHERE assignment_id = a.id) = 'approved'")?;
    let opinions_missing =
        q("SELECT count(*) FROM assignment a WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role = 'co_handling'
          AND NOT EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = a.id)")?;
    let feedback = q("SELECT count(*) FROM feedback WHERE item_id = ?1")?;
    let json = |v: Vec<&str>| serde_json::to_string(&v).unwrap_or_else(|_| "[]".into());
    let levels = json(rules.second_round.levels.iter().map(|l| l.as_str()).collect());
    // Per proposer: the latest answer sends the item back and no second round finished since.
    let unsettled: u32 = c.query_row(
        "SELECT count(*) FROM feedback f WHERE f.item_id = ?1 AND f.level IN (SELECT value FROM json_each(?2))
           AND f.id = (SELECT g.id FROM feedback g WHERE g.item_id = f.item_id AND g.person_id IS f.person_id
                       ORDER BY g.round DESC, g.id DESC LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM second_round s WHERE s.item_id = f.item_id AND s.closed_on IS NOT NULL
                           AND s.closed_on >= f.received_on)",
        params![item_id, levels],
        |r| r.get(0),
    )?;
    let classes = json(rules.scheme.follow_up.iter().map(String::as_str).collect());
    let follow_up_class: bool = c.query_row(
        "SELECT count(*) > 0 FROM assignment a WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role != 'co_handling'
           AND (SELECT CASE WHEN r.review = 'approved' THEN r.result_class END FROM reply r
                WHERE r.assignment_id = a.id ORDER BY r.id DESC LIMIT 1) IN (SELECT value FROM json_each(?2))",
        params![item_id, classes],
        |r| r.get(0),
    )?;
    let live = super::commitments::LIVE;
    Ok(ClosureFacts {
        handlers,
        approved,
        opinions_missing,
        feedback,
        feedback_needs_second_round: unsettled > 0,
        open_second_rounds: q("SELECT count(*) FROM second_round WHERE item_id = ?1 AND closed_on IS NULL")?,
        commitments_open: q(&format!(
            "SELECT count(*) FROM commitment c WHERE c.item_id = ?1 AND c.done_on IS NULL AND {live}"
        ))?,
        commitments: q(&format!("SELECT count(*) FROM commitment c WHERE c.item_id = ?1 AND {live}"))?,
        follow_up_class,
    })
}

fn status(c: &crate::store::db::Db, item_id: i64) -> Result<Status> {
    let s: Option<Status> = c.query_row("SELECT status FROM item WHERE id = ?1", [item_id], |r| r.get(0)).optional()?;
    s.ok_or(StoreError::NotFound { entity: "item", id: item_id })
}

fn close_in(t: &Tx, item_id: i64, forced_reason: &str, on: NaiveDate) -> Result<()> {
    t.check_event_date(Event::Closure, on, t.last_event(item_id)?.as_slice())?;
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
        Ok(closure::checklist(&facts(self.conn(), item_id, &self.data.rules)?))
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
        let rules = self.data.rules.clone();
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let st = status(t.conn(), item_id)?;
            if applies::close(st).is_err() {
                return Err(StoreError::rule(
                    format!("该件状态为“{}”,不能销号", st.label(crate::text::Lang::Zh)),
                    format!("an entry in state '{}' cannot be closed", st.label(crate::text::Lang::En)),
                ));
            }
            let reason = forced_reason.unwrap_or("").trim();
            if let Some(check) = closure::first_failing(&facts(t.conn(), item_id, &rules)?) {
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
        let rules = self.data.rules.clone();
        self.write(|t| {
            t.require(Permission::Office)?;
            let mut out = BatchClosure::default();
            for &(id, version) in items {
                let st = status(t.conn(), id)?;
                if applies::close(st).is_err() {
                    out.left.push((id, None));
                    continue;
                }
                if let Some(check) = closure::first_failing(&facts(t.conn(), id, &rules)?) {
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
            let open: Option<(i64, String)> = t
                .conn()
                .query_row(
                    "SELECT id, closed_on FROM closure WHERE item_id = ?1 AND reopened_on IS NULL ORDER BY id DESC LIMIT 1",
                    [item_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((cid, closed_on)) = open else {
                return Err(StoreError::rule("该件未销号", "the entry is not closed"));
            };
            t.check_event_date(Event::Reopening, on, &[(Event::Closure, crate::store::date(&closed_on))])?;
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
