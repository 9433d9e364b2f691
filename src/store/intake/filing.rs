//! The filing review (立案审查) and withdrawal (撤回).
use super::undo::{Change, FilingState, Step, Undo};
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::intake::FilingDecision;
use crate::domain::Filing;
use crate::store::db::OptionalExtension;
use crate::store::handling::{require_text, ymd};
use crate::store::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use rusqlite::params;

/// The office's decision on a received item, with what each decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingReview {
    pub decision: FilingDecision,
    /// 不予立案: one of rules.toml's `filing.refusal_grounds`.
    pub ground: String,
    pub note: String,
    /// 转为意见: the unit the opinion letter goes to for reference.
    pub opinion_unit: Option<i64>,
    /// 并案: the item this one merges into.
    pub merge_into: Option<i64>,
    pub on: NaiveDate,
}

pub(super) fn filing_state(t: &Tx, item_id: i64) -> Result<FilingState> {
    Ok(t.conn().query_row(
        "SELECT filing, filing_ground, filing_note, filing_on, opinion_unit_id, merged_into FROM item WHERE id = ?1",
        [item_id],
        |r| {
            Ok(FilingState {
                filing: r.get(0)?,
                ground: r.get(1)?,
                note: r.get(2)?,
                on: r.get(3)?,
                opinion_unit: r.get(4)?,
                merged_into: r.get(5)?,
            })
        },
    )?)
}

pub(super) fn set_filing_state(t: &Tx, item_id: i64, s: &FilingState) -> Result<()> {
    t.conn().execute(
        "UPDATE item SET filing = ?2, filing_ground = ?3, filing_note = ?4, filing_on = ?5, opinion_unit_id = ?6, merged_into = ?7 WHERE id = ?1",
        params![item_id, s.filing, s.ground, s.note, s.on, s.opinion_unit, s.merged_into],
    )?;
    Ok(())
}

impl Store {
    /// Decides a received item's filing: file it (it goes to assignment), refuse it with a
    /// configured ground, turn it into an opinion letter to a unit, or merge it into another
    /// item of the same meeting (both numbers and both sets of proposers stay).
    pub fn review_filing(&mut self, item_id: i64, item_version: i64, r: &FilingReview) -> Result<Undo> {
        let grounds = self.data.rules.filing.refusal_grounds.clone();
        let undo = self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let before = filing_state(t, item_id)?;
            if before.filing != Filing::Received.as_str() {
                return Err(StoreError::rule("该件已作出立案决定", "the filing decision has already been made"));
            }
            t.check_event_date(Event::FilingReview, r.on, &[t.filed_on(item_id)?])?;
            let mut after = FilingState { on: Some(ymd(r.on)), note: r.note.trim().to_string(), ..before.clone() };
            match r.decision {
                FilingDecision::File => after.filing = Filing::Filed.as_str().into(),
                FilingDecision::NotFile => {
                    if !grounds.iter().any(|g| g == r.ground.trim()) {
                        return Err(StoreError::rule(
                            format!("请从配置的理由中选择:{}", grounds.join("、")),
                            "choose one of the configured grounds".to_string(),
                        ));
                    }
                    after.filing = Filing::NotFiled.as_str().into();
                    after.ground = r.ground.trim().into();
                }
                FilingDecision::Opinion => {
                    let unit = r.opinion_unit.ok_or_else(|| {
                        StoreError::rule("请选择转送参考的单位", "choose the unit the opinion goes to")
                    })?;
                    let ok: i64 = t.conn().query_row(
                        "SELECT count(*) FROM unit WHERE id = ?1 AND active = TRUE",
                        [unit],
                        |x| x.get(0),
                    )?;
                    if ok == 0 {
                        return Err(StoreError::rule("承办单位不存在或已停用", "unknown or inactive unit"));
                    }
                    after.filing = Filing::Opinion.as_str().into();
                    after.opinion_unit = Some(unit);
                }
                FilingDecision::Merge => {
                    let into = r
                        .merge_into
                        .ok_or_else(|| StoreError::rule("请选择并入的件", "choose the item to merge into"))?;
                    let target: Option<(i64, Filing)> = t
                        .conn()
                        .query_row("SELECT meeting_id, filing FROM item WHERE id = ?1", [into], |x| {
                            Ok((x.get(0)?, x.get(1)?))
                        })
                        .optional()?;
                    let this_meeting: i64 =
                        t.conn().query_row("SELECT meeting_id FROM item WHERE id = ?1", [item_id], |x| x.get(0))?;
                    match target {
                        Some((m, f))
                            if m == this_meeting
                                && into != item_id
                                && matches!(f, Filing::Filed | Filing::Received) => {}
                        _ => {
                            return Err(StoreError::rule(
                                "只能并入本次会议中已受理的另一件",
                                "merge only into another received or filed item of the same meeting",
                            ))
                        }
                    }
                    after.filing = Filing::Merged.as_str().into();
                    after.merged_into = Some(into);
                }
            }
            set_filing_state(t, item_id, &after)?;
            t.audit(
                "item",
                item_id,
                Some(item_id),
                crate::store::AuditAction::ReviewFiling,
                Some(&serde_json::to_value(&before).unwrap_or_default()),
                Some(&serde_json::to_value(&after).unwrap_or_default()),
            )?;
            if let Some(into) = after.merged_into.filter(|_| r.decision == FilingDecision::Merge) {
                t.conn().execute("UPDATE item SET version = version + 1 WHERE id = ?1", [into])?;
                t.audit(
                    "item",
                    into,
                    Some(into),
                    crate::store::AuditAction::MergedIn,
                    None,
                    Some(&serde_json::json!({"from": item_id})),
                )?;
            }
            t.refresh_item(item_id)?;
            Ok(before)
        })?;
        self.undo_record(Step::Filing, vec![(item_id, Change::Filing { before: undo })])
    }

    /// A proposer's written withdrawal (撤回): handling ends, open assignments end, the item
    /// stays in the ledger and the reports, marked withdrawn.
    pub fn withdraw(&mut self, item_id: i64, item_version: i64, on: NaiveDate, reason: &str) -> Result<Undo> {
        require_text(reason, "撤回理由", "the reason for withdrawal")?;
        let change = self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let before = filing_state(t, item_id)?;
            if !matches!(before.filing.as_str(), "received" | "filed") {
                return Err(StoreError::rule("该件已不在办理中,不能撤回", "the item is no longer in handling"));
            }
            let closed: i64 = t.conn().query_row(
                "SELECT count(*) FROM closure WHERE item_id = ?1 AND reopened_on IS NULL",
                [item_id],
                |r| r.get(0),
            )?;
            if closed > 0 {
                return Err(StoreError::rule("该件已销号,不能撤回", "the entry is closed"));
            }
            t.check_event_date(Event::Withdrawal, on, t.last_event(item_id)?.as_slice())?;
            let after = FilingState {
                filing: Filing::Withdrawn.as_str().into(),
                note: reason.trim().into(),
                on: Some(ymd(on)),
                ..before.clone()
            };
            set_filing_state(t, item_id, &after)?;
            // What the withdrawal ends, so that undo can put exactly that back.
            let ids = |sql: &str| -> Result<Vec<i64>> {
                let mut st = t.conn().prepare(sql)?;
                let v = st.query_map([item_id], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
                Ok(v)
            };
            let assignments = ids("SELECT id FROM assignment WHERE item_id = ?1 AND ended_on IS NULL")?;
            let rounds = ids("SELECT id FROM second_round WHERE item_id = ?1 AND closed_on IS NULL")?;
            let ended = t.conn().execute(
                "UPDATE assignment SET ended_on = ?2, end_reason = '提出人撤回 withdrawn', version = version + 1 WHERE item_id = ?1 AND ended_on IS NULL",
                params![item_id, ymd(on)],
            )?;
            t.conn().execute(
                "UPDATE second_round SET closed_on = ?2 WHERE item_id = ?1 AND closed_on IS NULL",
                params![item_id, ymd(on)],
            )?;
            t.audit(
                "item",
                item_id,
                Some(item_id),
                crate::store::AuditAction::Withdraw,
                Some(&serde_json::to_value(&before).unwrap_or_default()),
                Some(&serde_json::json!({"on": ymd(on), "reason": reason.trim(), "assignments_ended": ended})),
            )?;
            t.refresh_item(item_id)?;
            Ok(Change::Withdraw { before, assignments, rounds })
        })?;
        self.undo_record(Step::Withdraw, vec![(item_id, change)])
    }

    /// Counts per filing state, for the report (received, filed, not filed, opinion, merged, withdrawn).
    pub fn filing_counts(&self, meeting_id: Option<i64>) -> Result<Vec<(Filing, u32)>> {
        let mut st = self
            .conn()
            .prepare("SELECT filing, count(*) FROM item WHERE (?1 IS NULL OR meeting_id = ?1) GROUP BY filing")?;
        let rows: Vec<(String, u32)> =
            st.query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(Filing::ALL
            .iter()
            .map(|f| (*f, rows.iter().find(|(s, _)| s == f.as_str()).map_or(0, |(_, n)| *n)))
            .collect())
    }
}
