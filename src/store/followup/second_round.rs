//! 二次办理: the second-round queue. Entries open by themselves (unsatisfied feedback, a
//! returned reply, a commitment past due) or by hand (领导包案 / 挂牌督办, public attention),
//! each with its own deadline, unit, progress log, second reply and second feedback.
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::figures::{turned_satisfied, SecondRoundFacts};
use crate::domain::records::ProgressNote;
use crate::domain::{Escalation, Kind, Satisfaction, SecondReason, Status};
use crate::store::by_id::{in_ids, rows_by_id};
use crate::store::db::OptionalExtension;
use crate::store::handling::{require_text, ymd};
use crate::store::{date, opt_date, Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::params;

/// The columns of a [`QueueRow`], in the order [`queue_row`] reads them.
const QUEUE_COLUMNS: &str =
    "s.id, i.id, i.number, i.title, s.reason, s.unit_id, coalesce(u.short_name, ''), s.leader, s.opened_on,
     s.deadline, s.closed_on, s.outcome, s.escalation,
     (SELECT count(*) FROM progress_note p WHERE p.second_round_id = s.id), i.kind,
     (SELECT group_concat(p.name, '、') FROM second_round_proposer o JOIN person p ON p.id = o.person_id
       WHERE o.second_round_id = s.id)";

/// The second rounds with their items and units.
const QUEUE_FROM: &str = "FROM second_round s JOIN item i ON i.id = s.item_id LEFT JOIN unit u ON u.id = s.unit_id";

/// A [`QueueFilter`]: `?1` the reason, `?2` the unit, `?3` whether finished entries show.
const QUEUE_WHERE: &str =
    "WHERE (?1 IS NULL OR s.reason = ?1) AND (?2 IS NULL OR s.unit_id = ?2) AND (?3 OR s.closed_on IS NULL)";

/// Open entries first, by deadline.
const QUEUE_ORDER: &str = "ORDER BY s.closed_on IS NOT NULL, s.deadline, i.number_key, s.id";

/// A queue row from a row selected with [`QUEUE_COLUMNS`] (its latest note not read yet).
fn queue_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<QueueRow> {
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
        latest_note: None,
        owners: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
    })
}

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
    /// The latest progress note, if any.
    pub latest_note: Option<ProgressNote>,
    /// The proposers the round belongs to, by name (、-joined).
    pub owners: String,
}

/// The proposers a second round belongs to (person ids; `None` for an item without a proposer
/// on record), in the item's proposer order.
pub(crate) fn owners(c: &crate::store::db::Db, second_round_id: i64) -> Result<Vec<Option<i64>>> {
    let mut st = c.prepare_cached(
        "SELECT o.person_id FROM second_round_proposer o JOIN second_round s ON s.id = o.second_round_id
         LEFT JOIN item_proposer ip ON ip.item_id = s.item_id AND ip.person_id = o.person_id
         WHERE o.second_round_id = ?1 ORDER BY ip.position, o.rowid",
    )?;
    let rows = st.query_map([second_round_id], |r| r.get(0))?;
    Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
}

/// A second round's progress log, oldest first.
pub(crate) fn progress(c: &crate::store::db::Db, second_round_id: i64) -> Result<Vec<ProgressNote>> {
    let mut st =
        c.prepare_cached("SELECT noted_on, text FROM progress_note WHERE second_round_id = ?1 ORDER BY noted_on, id")?;
    let rows = st.query_map([second_round_id], |r| {
        Ok(ProgressNote { noted_on: date(&r.get::<_, String>(0)?), text: r.get(1)? })
    })?;
    Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
}

/// Records that a second round belongs to `person` too (once).
pub(crate) fn add_owner(c: &crate::store::db::Db, second_round_id: i64, person: Option<i64>) -> Result<()> {
    c.execute(
        "INSERT INTO second_round_proposer (second_round_id, person_id)
         SELECT ?1, ?2 WHERE NOT EXISTS
           (SELECT 1 FROM second_round_proposer WHERE second_round_id = ?1 AND person_id IS ?2)",
        params![second_round_id, person],
    )?;
    Ok(())
}

/// The proposers a round belongs to, recording them first when none is on record (a round
/// entered by the demo loader or an older version): for a round opened by feedback, who
/// answered at a level of `sends_back` in the first round by the day it opened; otherwise, or
/// when none did, as for a round opened by hand.
pub(crate) fn adopt_owners(
    c: &crate::store::db::Db,
    second_round_id: i64,
    sends_back: &[Satisfaction],
    through_lead: bool,
) -> Result<Vec<Option<i64>>> {
    let known = owners(c, second_round_id)?;
    if !known.is_empty() {
        return Ok(known);
    }
    let (item_id, reason, opened): (i64, String, String) =
        c.query_row("SELECT item_id, reason, opened_on FROM second_round WHERE id = ?1", [second_round_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut found: Vec<Option<i64>> = Vec::new();
    if reason == SecondReason::Feedback.as_str() {
        let levels = serde_json::to_string(&sends_back.iter().map(|l| l.as_str()).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".into());
        let mut st = c.prepare_cached(
            "SELECT DISTINCT person_id FROM feedback WHERE item_id = ?1 AND round = 1 AND received_on <= ?2
               AND level IN (SELECT value FROM json_each(?3))",
        )?;
        found =
            st.query_map(params![item_id, opened, levels], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    }
    if found.is_empty() {
        found = hand_owners(c, item_id, through_lead)?;
    }
    for p in &found {
        add_owner(c, second_round_id, *p)?;
    }
    owners(c, second_round_id)
}

/// The proposers a round opened by hand belongs to: every proposer, or the lead proposer alone
/// when the rules take feedback through the lead proposer.
pub(crate) fn hand_owners(c: &crate::store::db::Db, item_id: i64, through_lead: bool) -> Result<Vec<Option<i64>>> {
    let mut st = c.prepare_cached("SELECT person_id FROM item_proposer WHERE item_id = ?1 ORDER BY position")?;
    let mut all: Vec<Option<i64>> =
        st.query_map([item_id], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    if through_lead {
        all.truncate(1);
    }
    if all.is_empty() {
        all.push(None);
    }
    Ok(all)
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
            let status: Status = t.conn().query_row("SELECT status FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
            if !crate::domain::closure::closable(status) {
                return Err(StoreError::rule("已销号或未立案的件不能进入二次办理,请先重新打开", "closed or unfiled entries cannot enter the queue; reopen first"));
            }
            t.check_event_date(Event::SecondRound, on, &[t.filed_on(item_id)?])?;
            let deadline = ymd(t.data.rules.add(&t.data.calendar, on, t.data.rules.second_round.deadline).date);
            t.conn().execute(
                "INSERT INTO second_round (item_id, unit_id, reason, leader, opened_on, deadline) VALUES (?1,?2,?3,?4,?5,?6)",
                params![item_id, unit_id, reason.as_str(), leader.trim(), ymd(on), deadline],
            )?;
            let id = t.conn().last_insert_rowid();
            for person in hand_owners(t.conn(), item_id, t.data.rules.feedback.through_lead_proposer)? {
                add_owner(t.conn(), id, person)?;
            }
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
            let opened = t.date_of("SELECT opened_on FROM second_round WHERE id = ?1", second_round_id)?;
            t.check_event_date(Event::Progress, on, opened.map(|d| (Event::SecondRound, d)).as_slice())?;
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
        let mut st =
            self.conn().prepare(&format!("SELECT {QUEUE_COLUMNS} {QUEUE_FROM} {QUEUE_WHERE} {QUEUE_ORDER}"))?;
        let rows = st.query_map(params![f.reason.map(|r| r.as_str()), f.unit, f.include_closed], queue_row)?;
        let rows: Vec<QueueRow> = rows.collect::<crate::store::db::DbResult<_>>()?;
        drop(st);
        self.with_latest_notes(rows)
    }

    /// The ids of [`Store::second_round_queue`], in its order: what the queue screen holds of
    /// a list of any size (its rows on screen are read by id, [`Store::queue_rows_by_id`]).
    pub fn second_round_ids(&self, f: &QueueFilter) -> Result<Vec<i64>> {
        let mut st = self.conn().prepare(&format!("SELECT s.id {QUEUE_FROM} {QUEUE_WHERE} {QUEUE_ORDER}"))?;
        let ids = st.query_map(params![f.reason.map(|r| r.as_str()), f.unit, f.include_closed], |r| r.get(0))?;
        Ok(ids.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The queue rows of second rounds `ids`, in that order (a page of the queue screen); an
    /// id no longer readable is left out.
    pub fn queue_rows_by_id(&self, ids: &[i64]) -> Result<Vec<QueueRow>> {
        let sql = format!("SELECT {QUEUE_COLUMNS} {QUEUE_FROM} WHERE {}", in_ids("s.id"));
        self.with_latest_notes(rows_by_id(self.conn(), &sql, ids, queue_row, |r| r.id)?)
    }

    /// Open queue entries, and of those past their deadline (the dashboard's figures).
    pub fn queue_open_counts(&self) -> Result<(u32, u32)> {
        Ok(self.conn().query_row(
            "SELECT count(*), count(CASE WHEN deadline < ?1 THEN 1 END) FROM second_round WHERE closed_on IS NULL",
            [ymd(self.today())],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// The rows with the latest note of those that have notes.
    fn with_latest_notes(&self, mut rows: Vec<QueueRow>) -> Result<Vec<QueueRow>> {
        for row in rows.iter_mut().filter(|r| r.progress_notes > 0) {
            row.latest_note = progress(self.conn(), row.id)?.pop();
        }
        Ok(rows)
    }

    /// How many finished queue entries turned satisfied ([`turned_satisfied`]; the round's
    /// outcome is the least satisfied answer of the proposers it belongs to), of those
    /// finished with a feedback outcome.
    pub fn queue_turned(&self) -> Result<(u32, u32)> {
        let mut st = self
            .conn()
            .prepare("SELECT reason, outcome FROM second_round WHERE closed_on IS NOT NULL AND outcome IS NOT NULL")?;
        let rounds: Vec<SecondRoundFacts> = st
            .query_map([], |r| Ok(SecondRoundFacts { reason: r.get(0)?, outcome: r.get(1)? }))?
            .collect::<crate::store::db::DbResult<_>>()?;
        let turned = rounds.iter().filter(|r| turned_satisfied(r)).count();
        Ok((turned as u32, rounds.len() as u32))
    }
}
