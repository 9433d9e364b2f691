//! 二次办理: the second-round queue. Entries open by themselves (unsatisfied feedback, a
//! returned reply, a commitment past due) or by hand (领导包案 / 挂牌督办, public attention),
//! each with its own deadline, unit, progress log, second reply and second feedback.
use crate::domain::access::Permission;
use crate::domain::{Escalation, Kind, Satisfaction, SecondReason};
use crate::store::handling::{require_text, ymd};
use crate::store::{date, opt_date, Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

/// One row of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub reason: SecondReason,
    pub unit_id: Option<i64>,
    pub unit_short: String,
    pub leader: String,
    pub opened_on: NaiveDate,
    pub deadline: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<Satisfaction>,
    pub escalation: Option<Escalation>,
    pub progress_notes: u32,
}

/// The queue's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub reason: Option<SecondReason>,
    pub unit: Option<i64>,
    /// Include finished entries.
    pub include_closed: bool,
}

impl Store {
    /// Puts an item into the queue by hand: a leader takes the case, or public attention.
    pub fn open_second_round(
        &mut self,
        item_id: i64,
        item_version: i64,
        reason: SecondReason,
        leader: &str,
        unit_id: Option<i64>,
        on: NaiveDate,
    ) -> Result<i64> {
        if !matches!(reason, SecondReason::Leader | SecondReason::Attention) {
            return Err(StoreError::rule("该原因由系统自动进入二次办理", "that reason enters the queue by itself"));
        }
        if reason == SecondReason::Leader {
            require_text(leader, "包案领导", "the leader taking the case")?;
        }
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let status: String = t.conn().query_row("SELECT status FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
            if matches!(status.as_str(), "closed" | "received" | "not_filed" | "opinion" | "merged" | "withdrawn") {
                return Err(StoreError::rule("已销号或未立案的件不能进入二次办理,请先重新打开", "closed or unfiled entries cannot enter the queue; reopen first"));
            }
            let deadline = ymd(t.data.rules.add(&t.data.calendar, on, t.data.rules.second_round.deadline).date);
            t.conn().execute(
                "INSERT INTO second_round (item_id, unit_id, reason, leader, opened_on, deadline) VALUES (?1,?2,?3,?4,?5,?6)",
                params![item_id, unit_id, reason.as_str(), leader.trim(), ymd(on), deadline],
            )?;
            let id = t.conn().last_insert_rowid();
            t.audit(
                "second_round",
                id,
                Some(item_id),
                crate::store::AuditAction::OpenSecondRound,
                None,
                Some(&serde_json::json!({"reason": reason.as_str(), "leader": leader.trim(), "unit_id": unit_id, "deadline": deadline})),
            )?;
            t.refresh_item(item_id)?;
            Ok(id)
        })
    }

    /// Adds a line to a queue entry's progress log.
    pub fn log_progress(&mut self, second_round_id: i64, item_version: i64, on: NaiveDate, text: &str) -> Result<()> {
        require_text(text, "进展情况", "the progress note")?;
        let item_id: i64 = self
            .conn()
            .query_row("SELECT item_id FROM second_round WHERE id = ?1", [second_round_id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound { entity: "second_round", id: second_round_id })?;
        let unit: Option<i64> =
            self.conn().query_row("SELECT unit_id FROM second_round WHERE id = ?1", [second_round_id], |r| r.get(0))?;
        self.write(|t| {
            t.require(unit.map_or(Permission::Office, Permission::Unit))?;
            t.claim_item(item_id, item_version)?;
            t.conn().execute(
                "INSERT INTO progress_note (second_round_id, noted_on, text) VALUES (?1,?2,?3)",
                params![second_round_id, ymd(on), text.trim()],
            )?;
            t.audit(
                "second_round",
                second_round_id,
                Some(item_id),
                crate::store::AuditAction::LogProgress,
                None,
                Some(&serde_json::json!({"on": ymd(on), "text": text.trim()})),
            )?;
            t.refresh_item(item_id)
        })
    }

    /// The queue, by deadline.
    pub fn second_round_queue(&self, f: &QueueFilter) -> Result<Vec<QueueRow>> {
        let mut st = self.conn().prepare(
            "SELECT s.id, i.id, i.number, i.title, s.reason, s.unit_id, coalesce(u.short_name, ''), s.leader, s.opened_on,
                    s.deadline, s.closed_on, s.outcome, s.escalation,
                    (SELECT count(*) FROM progress_note p WHERE p.second_round_id = s.id), i.kind
             FROM second_round s JOIN item i ON i.id = s.item_id LEFT JOIN unit u ON u.id = s.unit_id
             WHERE (?1 IS NULL OR s.reason = ?1) AND (?2 IS NULL OR s.unit_id = ?2) AND (?3 OR s.closed_on IS NULL)
             ORDER BY s.closed_on IS NOT NULL, s.deadline, i.number_key",
        )?;
        let rows = st.query_map(params![f.reason.map(|r| r.as_str()), f.unit, f.include_closed], |r| {
            Ok(QueueRow {
                id: r.get(0)?,
                item_id: r.get(1)?,
                kind: crate::store::kind_at(r, 14)?,
                number: r.get(2)?,
                title: r.get(3)?,
                reason: r.get(4)?,
                unit_id: r.get(5)?,
                unit_short: r.get(6)?,
                leader: r.get(7)?,
                opened_on: date(&r.get::<_, String>(8)?),
                deadline: date(&r.get::<_, String>(9)?),
                closed_on: opt_date(r.get(10)?),
                outcome: r.get(11)?,
                escalation: r.get(12)?,
                progress_notes: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many finished queue entries turned satisfied (满意 or 基本满意), of those finished
    /// with a feedback outcome.
    pub fn queue_turned(&self) -> Result<(u32, u32)> {
        Ok(self.conn().query_row(
            "SELECT count(*) FILTER (WHERE outcome IN ('satisfied', 'basic')), count(*) FILTER (WHERE outcome IS NOT NULL)
             FROM second_round WHERE closed_on IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
