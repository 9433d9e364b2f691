//! 签收 and 申请调整: a unit acknowledges its assignment, or asks within the window to be
//! relieved; the office approves (the assignment ends, the item goes back to assignment)
//! or refuses. Requests and decisions are kept.
use super::{assignment_row, require_active, require_text, ymd};
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::store::db::OptionalExtension;
use crate::store::{Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::params;

impl Store {
    /// Records the unit's receipt (签收) of an assignment.
    pub fn receive(&mut self, assignment_id: i64, item_version: i64, on: NaiveDate) -> Result<()> {
        self.write(|t| {
            t.require_unit_of(assignment_id)?;
            let a = assignment_row(t, assignment_id)?;
            require_active(&a)?;
            t.claim_item(a.item_id, item_version)?;
            t.check_event_date(Event::Receipt, on, &[(Event::Assignment, a.assigned_on)])?;
            let n = t.conn().execute(
                "UPDATE assignment SET received_on = ?2, version = version + 1 WHERE id = ?1 AND received_on IS NULL",
                params![assignment_id, ymd(on)],
            )?;
            if n == 0 {
                return Err(StoreError::rule("该单位已签收", "the unit has already received this assignment"));
            }
            t.audit(
                "assignment",
                assignment_id,
                Some(a.item_id),
                crate::store::AuditAction::Receive,
                None,
                Some(&serde_json::json!({"received_on": ymd(on)})),
            )?;
            t.refresh_item(a.item_id)
        })
    }

    /// The last day a unit may ask to be relieved of an assignment made on `assigned_on`.
    pub fn reassignment_window_end(&self, assigned_on: NaiveDate) -> NaiveDate {
        self.data.rules.add(&self.data.calendar, assigned_on, self.data.rules.windows.reassignment_request).date
    }

    /// A unit asks to be relieved (申请调整). After the window it is refused with the rule
    /// quoted, unless the office overrides with a reason.
    pub fn request_reassignment(
        &mut self,
        assignment_id: i64,
        item_version: i64,
        on: NaiveDate,
        reason: &str,
        office_override: Option<&str>,
    ) -> Result<i64> {
        require_text(reason, "申请调整的理由", "a reason for the request")?;
        let window = self.data.rules.windows.reassignment_request;
        self.write(|t| {
            t.require_unit_of(assignment_id)?;
            let a = assignment_row(t, assignment_id)?;
            require_active(&a)?;
            t.claim_item(a.item_id, item_version)?;
            t.check_event_date(Event::ReassignmentRequest, on, &[(Event::Assignment, a.assigned_on)])?;
            let last = t.data.rules.add(&t.data.calendar, a.assigned_on, window).date;
            let override_reason = office_override.unwrap_or("").trim();
            if on > last && override_reason.is_empty() {
                return Err(StoreError::rule(
                    format!("已超过申请调整期限({window},截至 {last})。逾期未提出退办申请的,不作调整"),
                    format!("the request window ({window}, until {last}) has passed: no reassignment after it"),
                ));
            }
            let pending: Option<i64> = t
                .conn()
                .query_row(
                    "SELECT id FROM reassignment_request WHERE assignment_id = ?1 AND decision IS NULL",
                    [assignment_id],
                    |r| r.get(0),
                )
                .optional()?;
            if pending.is_some() {
                return Err(StoreError::rule("该交办已有待处理的调整申请", "a request for this assignment is already pending"));
            }
            t.conn().execute(
                "INSERT INTO reassignment_request (assignment_id, requested_on, reason, override_reason) VALUES (?1,?2,?3,?4)",
                params![assignment_id, ymd(on), reason.trim(), override_reason],
            )?;
            let id = t.conn().last_insert_rowid();
            t.audit(
                "reassignment_request",
                id,
                Some(a.item_id),
                crate::store::AuditAction::RequestReassignment,
                None,
                Some(&serde_json::json!({"assignment_id": assignment_id, "reason": reason.trim(), "override": override_reason})),
            )?;
            t.refresh_item(a.item_id)?;
            Ok(id)
        })
    }

    /// The office decides a reassignment request. Approving ends the assignment.
    pub fn decide_reassignment(
        &mut self,
        request_id: i64,
        item_version: i64,
        approve: bool,
        note: &str,
        on: NaiveDate,
    ) -> Result<()> {
        if !approve {
            require_text(note, "不予调整的理由", "a reason for refusing")?;
        }
        self.write(|t| {
            t.require(Permission::Office)?;
            let (aid, decided, requested): (i64, Option<String>, String) = t
                .conn()
                .query_row(
                    "SELECT assignment_id, decision, requested_on FROM reassignment_request WHERE id = ?1",
                    [request_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound { entity: "reassignment_request", id: request_id })?;
            if decided.is_some() {
                return Err(StoreError::rule("该申请已处理", "the request has already been decided"));
            }
            let a = assignment_row(t, aid)?;
            t.claim_item(a.item_id, item_version)?;
            let requested = (Event::ReassignmentRequest, crate::store::date(&requested));
            t.check_event_date(Event::ReassignmentDecision, on, &[requested])?;
            let decision = if approve { "approved" } else { "refused" };
            t.conn().execute(
                "UPDATE reassignment_request SET decision = ?2, decided_on = ?3, decision_note = ?4 WHERE id = ?1",
                params![request_id, decision, ymd(on), note.trim()],
            )?;
            if approve {
                t.conn().execute(
                    "UPDATE assignment SET ended_on = ?2, end_reason = ?3, version = version + 1 WHERE id = ?1 AND ended_on IS NULL",
                    params![aid, ymd(on), format!("申请调整获准 relieved: {}", note.trim())],
                )?;
            }
            t.audit(
                "reassignment_request",
                request_id,
                Some(a.item_id),
                crate::store::AuditAction::DecideReassignment,
                None,
                Some(&serde_json::json!({"decision": decision, "note": note.trim()})),
            )?;
            t.refresh_item(a.item_id)
        })
    }
}
