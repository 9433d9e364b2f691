//! 交办: assigning items to units as lead, split or co-handling, with deadlines from the
//! rules. Re-assigning never deletes: assignments that leave the plan are ended.
use super::{kind_and_timing, require_text, ymd};
use crate::domain::access::Permission;
use crate::domain::assignment::check_roles;
use crate::domain::calendar::Counted;
use crate::domain::{Period, Role};
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

impl Store {
    /// The deadlines `plan` would get on `item_id` if assigned on `on`.
    pub fn preview_deadlines(&self, item_id: i64, plan: &[UnitRole], on: NaiveDate) -> Result<Vec<DeadlinePreview>> {
        // Read inside a transaction that is dropped (rolled back): the same code path as the save.
        let t = Tx::new(self.conn().unchecked_transaction()?, self.actor(), self.today(), &self.data);
        previews(&t, item_id, plan, on)
    }

    /// Assigns every item in `items` ((id, version) pairs) to the units of `plan`, in one
    /// transaction. Assignments not in the plan are ended, identical ones are kept.
    pub fn assign(&mut self, items: &[(i64, i64)], plan: &[UnitRole], on: NaiveDate) -> Result<usize> {
        let pairs: Vec<(i64, Role)> = plan.iter().map(|u| (u.unit_id, u.role)).collect();
        check_roles(&pairs)?;
        self.write(|t| {
            t.require(Permission::Office)?;
            for u in plan {
                let ok: i64 =
                    t.conn().query_row("SELECT count(*) FROM unit WHERE id = ?1 AND active = 1", [u.unit_id], |r| {
                        r.get(0)
                    })?;
                if ok == 0 {
                    return Err(StoreError::rule("承办单位不存在或已停用", "unknown or inactive unit"));
                }
            }
            for &(item_id, version) in items {
                t.claim_item(item_id, version)?;
                assign_one(t, item_id, plan, on)?;
                t.refresh_item(item_id)?;
            }
            Ok(items.len())
        })
    }
}

fn assign_one(t: &Tx, item_id: i64, plan: &[UnitRole], on: NaiveDate) -> Result<()> {
    let filing: String = t.conn().query_row("SELECT filing FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
    if filing != "filed" {
        return Err(StoreError::rule("该件未立案,不能交办", "the item is not filed and cannot be assigned"));
    }
    let filed_on: String = t.conn().query_row("SELECT filed_on FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
    super::require_not_before(on, crate::store::date(&filed_on), "交办日期", "the assignment date")?;
    let previews = previews(t, item_id, plan, on)?;
    let mut st =
        t.conn().prepare_cached("SELECT id, unit_id, role FROM assignment WHERE item_id = ?1 AND ended_on IS NULL")?;
    let active: Vec<(i64, i64, String)> =
        st.query_map([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    for (id, unit, role) in &active {
        let kept = plan.iter().any(|u| u.unit_id == *unit && u.role.as_str() == role && u.deadline_override.is_none());
        if !kept {
            t.conn().execute(
                "UPDATE assignment SET ended_on = ?2, end_reason = '重新交办 reassigned', version = version + 1 WHERE id = ?1",
                params![id, ymd(on)],
            )?;
            t.audit(
                "assignment",
                *id,
                Some(item_id),
                crate::store::AuditAction::EndAssignment,
                None,
                Some(&serde_json::json!({"ended_on": ymd(on)})),
            )?;
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
        t.audit(
            "assignment",
            id,
            Some(item_id),
            crate::store::AuditAction::Assign,
            None,
            Some(&serde_json::json!({"unit_id": u.unit_id, "role": u.role.as_str(), "assigned_on": ymd(on),
                "deadline": ymd(p.deadline), "computed": ymd(p.computed.date), "deadline_note": note})),
        )?;
    }
    Ok(())
}
