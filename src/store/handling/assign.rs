//! 交办: assigning items to units as lead, split or co-handling, with deadlines from the
//! rules. Re-assigning never deletes: assignments that leave the plan are ended. A batch
//! assignment touches only items the rule [`applies::assign`] allows; work under way is
//! re-assigned by [`Store::reassign`], one item at a time, with a reason.
use super::{kind_and_timing, require_text, ymd};
use crate::domain::access::Permission;
use crate::domain::applies::{self, ItemFacts, Skip};
use crate::domain::assignment::check_roles;
use crate::domain::calendar::Counted;
use crate::domain::event_dates::Event;
use crate::domain::Status;
use crate::domain::{Period, Role};
use crate::store::intake::undo::{Change, Step, Undo};
use crate::store::AuditAction;
use crate::store::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use rusqlite::params;

/// One unit and its role in an assignment plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRole {
    pub unit_id: i64,
    pub role: Role,
    /// A deadline set by hand instead of the computed one, with the reason.
    pub deadline_override: Option<(NaiveDate, String)>,
}

/// A deadline as it will be saved, shown to the clerk before saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlinePreview {
    pub unit_id: i64,
    pub role: Role,
    pub period: Period,
    /// The computed date (before any override).
    pub computed: Counted,
    /// The date that will be saved.
    pub deadline: NaiveDate,
}

fn previews(t: &Tx, item_id: i64, plan: &[UnitRole], on: NaiveDate) -> Result<Vec<DeadlinePreview>> {
    let (kind, timing) = kind_and_timing(t, item_id)?;
    plan.iter()
        .map(|u| {
            let period = t.data.rules.deadline_period(kind, timing, u.role);
            let computed = t.data.rules.add(&t.data.calendar, on, period);
            let deadline = match &u.deadline_override {
                Some((d, reason)) => {
                    require_text(reason, "改动期限的理由", "a reason for the changed deadline")?;
                    *d
                }
                None => computed.date,
            };
            Ok(DeadlinePreview { unit_id: u.unit_id, role: u.role, period, computed, deadline })
        })
        .collect()
}

/// One item as the batch forms list it: what it is, and the facts the action rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub title: String,
    pub facts: ItemFacts,
}

/// The facts of one item that [`applies`] reads.
pub(crate) fn item_facts(c: &crate::store::db::Db, item_id: i64) -> Result<ItemFacts> {
    let (status, under_way, awaiting): (String, bool, bool) = c.query_row(
        "SELECT i.status,
                EXISTS (SELECT 1 FROM assignment a WHERE a.item_id = i.id AND a.ended_on IS NULL
                        AND (a.received_on IS NOT NULL OR EXISTS (SELECT 1 FROM reply r WHERE r.assignment_id = a.id)
                             OR EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = a.id))),
                EXISTS (SELECT 1 FROM assignment a WHERE a.item_id = i.id AND a.ended_on IS NULL AND a.received_on IS NULL)
         FROM item i WHERE i.id = ?1",
        [item_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let status = Status::from_code(&status).ok_or_else(|| {
        StoreError::rule(format!("状态代码无法识别:{status}"), format!("unknown status code: {status}"))
    })?;
    Ok(ItemFacts { status, under_way, awaiting_receipt: awaiting })
}

fn number_of(c: &crate::store::db::Db, item_id: i64) -> Result<String> {
    Ok(c.query_row("SELECT number FROM item WHERE id = ?1", [item_id], |r| r.get(0))?)
}

/// The refusal for an item `rule` does not apply to, naming the item.
fn skipped(number: &str, skip: Skip) -> StoreError {
    let hint = if skip == Skip::UnderWay {
        "(如需重新交办,请对该件单独使用“重新交办”并说明理由)"
    } else {
        ""
    };
    let hint_en = if skip == Skip::UnderWay { " (re-assign it alone with 'reassign', stating why)" } else { "" };
    StoreError::rule(
        format!("第{number}号{}{hint}", skip.label(crate::text::Lang::Zh)),
        format!("No. {number}: {}{hint_en}", skip.label(crate::text::Lang::En)),
    )
}

impl Store {
    /// The items `ids` with the facts the action rules read, in the order given.
    pub fn candidates(&self, ids: &[i64]) -> Result<Vec<Candidate>> {
        let mut st = self.conn().prepare_cached("SELECT version, number, title FROM item WHERE id = ?1")?;
        ids.iter()
            .map(|&id| {
                let (version, number, title) = st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                Ok(Candidate { id, version, number, title, facts: item_facts(self.conn(), id)? })
            })
            .collect()
    }

    /// The deadlines `plan` would get on `item_id` if assigned on `on`.
    pub fn preview_deadlines(&self, item_id: i64, plan: &[UnitRole], on: NaiveDate) -> Result<Vec<DeadlinePreview>> {
        // Read through a Tx that writes nothing: the same code path as the save.
        let t = Tx::new(self.conn(), self.actor(), &self.operator, self.today(), &self.data);
        previews(&t, item_id, plan, on)
    }

    /// Assigns every item in `items` ((id, version) pairs) to the units of `plan`, in one
    /// transaction. Assignments not in the plan are ended, identical ones are kept. Returns
    /// the step's undo record (one entry per item assigned).
    pub fn assign(&mut self, items: &[(i64, i64)], plan: &[UnitRole], on: NaiveDate) -> Result<Undo> {
        let pairs: Vec<(i64, Role)> = plan.iter().map(|u| (u.unit_id, u.role)).collect();
        check_roles(&pairs)?;
        let changes = self.write(|t| {
            t.require(Permission::Office)?;
            check_units(t, plan)?;
            let mut changes = Vec::new();
            for &(item_id, version) in items {
                t.claim_item(item_id, version)?;
                if let Err(skip) = applies::assign(&item_facts(t.conn(), item_id)?) {
                    return Err(skipped(&number_of(t.conn(), item_id)?, skip));
                }
                changes.push((item_id, assign_one(t, item_id, plan, on, None)?));
                t.refresh_item(item_id)?;
            }
            Ok(changes)
        })?;
        self.undo_record(Step::Assign, changes)
    }

    /// Re-assigns one item whose handling is under way (重新交办), with the office's reason.
    /// Assignments that stay in the plan are kept with their replies; the others are ended
    /// (never deleted), so the earlier reply and the history stay on the item.
    pub fn reassign(
        &mut self,
        item_id: i64,
        item_version: i64,
        plan: &[UnitRole],
        on: NaiveDate,
        reason: &str,
    ) -> Result<Undo> {
        require_text(reason, "重新交办的理由", "a reason for re-assigning")?;
        let pairs: Vec<(i64, Role)> = plan.iter().map(|u| (u.unit_id, u.role)).collect();
        check_roles(&pairs)?;
        let change = self.write(|t| {
            t.require(Permission::Office)?;
            check_units(t, plan)?;
            t.claim_item(item_id, item_version)?;
            if let Err(skip) = applies::reassign(&item_facts(t.conn(), item_id)?) {
                return Err(skipped(&number_of(t.conn(), item_id)?, skip));
            }
            let change = assign_one(t, item_id, plan, on, Some(reason.trim()))?;
            t.refresh_item(item_id)?;
            Ok(change)
        })?;
        self.undo_record(Step::Reassign, vec![(item_id, change)])
    }
}

fn check_units(t: &Tx, plan: &[UnitRole]) -> Result<()> {
    for u in plan {
        let ok: i64 =
            t.conn()
                .query_row("SELECT count(*) FROM unit WHERE id = ?1 AND active = TRUE", [u.unit_id], |r| r.get(0))?;
        if ok == 0 {
            return Err(StoreError::rule("承办单位不存在或已停用", "unknown or inactive unit"));
        }
    }
    Ok(())
}

/// Puts `plan` on the item. `reason`: a re-assignment's reason (重新交办), recorded on each
/// ended assignment and in the audit trail.
fn assign_one(t: &Tx, item_id: i64, plan: &[UnitRole], on: NaiveDate, reason: Option<&str>) -> Result<Change> {
    let (mut added, mut ended) = (Vec::new(), Vec::new());
    let filing: String = t.conn().query_row("SELECT filing FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
    if filing != "filed" {
        return Err(StoreError::rule("该件未立案,不能交办", "the item is not filed and cannot be assigned"));
    }
    t.check_event_date(Event::Assignment, on, &[t.filed_on(item_id)?])?;
    let previews = previews(t, item_id, plan, on)?;
    let mut st =
        t.conn().prepare_cached("SELECT id, unit_id, role FROM assignment WHERE item_id = ?1 AND ended_on IS NULL")?;
    let active: Vec<(i64, i64, String)> = st
        .query_map([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<crate::store::db::DbResult<_>>()?;
    for (id, unit, role) in &active {
        let kept = plan.iter().any(|u| u.unit_id == *unit && u.role.as_str() == role && u.deadline_override.is_none());
        if !kept {
            let why = match reason {
                Some(r) => format!("重新交办 reassigned: {r}"),
                None => "重新交办 reassigned".to_string(),
            };
            t.conn().execute(
                "UPDATE assignment SET ended_on = ?2, end_reason = ?3, version = version + 1 WHERE id = ?1",
                params![id, ymd(on), why],
            )?;
            let mut after = serde_json::json!({"ended_on": ymd(on)});
            if let Some(r) = reason {
                after["reason"] = serde_json::json!(r);
            }
            let action = if reason.is_some() { AuditAction::Reassign } else { AuditAction::EndAssignment };
            t.audit("assignment", *id, Some(item_id), action, None, Some(&after))?;
            ended.push(*id);
        }
    }
    for (u, p) in plan.iter().zip(&previews) {
        let kept = u.deadline_override.is_none()
            && active.iter().any(|(_, unit, role)| *unit == u.unit_id && role == u.role.as_str());
        if kept {
            continue;
        }
        let note = u.deadline_override.as_ref().map(|(_, r)| r.clone()).unwrap_or_default();
        t.conn().execute(
            "INSERT INTO assignment (item_id, unit_id, role, assigned_on, deadline, deadline_note) VALUES (?1,?2,?3,?4,?5,?6)",
            params![item_id, u.unit_id, u.role.as_str(), ymd(on), ymd(p.deadline), note],
        )?;
        let id = t.conn().last_insert_rowid();
        added.push(id);
        t.audit(
            "assignment",
            id,
            Some(item_id),
            AuditAction::Assign,
            None,
            Some(&serde_json::json!({"unit_id": u.unit_id, "role": u.role.as_str(), "assigned_on": ymd(on),
                "deadline": ymd(p.deadline), "computed": ymd(p.computed.date), "deadline_note": note})),
        )?;
    }
    Ok(Change::Assign { added, ended })
}
