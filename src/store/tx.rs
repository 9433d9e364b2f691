//! The write transaction every user action runs in.
use super::error::{Result, StoreError};
use super::opt_date;
use super::AuditAction;
use crate::data::DataSet;
use crate::domain::access::{Actor, Permission};
use crate::domain::status::{self, Facts, HandlerFacts};
use crate::domain::{Filing, ReviewState, Role, Satisfaction};
use crate::store::db::{Db, OptionalExtension};
use chrono::NaiveDate;
use rusqlite::params;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// An active lead or split assignment as the status sees it: deadline, receipt date, the
/// latest reply's review, the unit's short name, the role.
pub type HandlerRow = (String, Option<String>, Option<ReviewState>, String, Role);

/// One `BEGIN IMMEDIATE` transaction, with who and when.
pub struct Tx<'a> {
    tx: &'a Db,
    pub operator: &'a str,
    actor: &'a Actor,
    pub today: NaiveDate,
    pub data: &'a DataSet,
    now: String,
}

impl<'a> Tx<'a> {
    pub(super) fn new(tx: &'a Db, actor: &'a Actor, operator: &'a str, today: NaiveDate, data: &'a DataSet) -> Self {
        let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
        Tx { tx, operator, actor, today, data, now }
    }

    /// Refuses the action unless the operator's role allows `p`.
    pub fn require(&self, p: Permission) -> Result<()> {
        super::permit(self.actor, p)
    }

    /// Refuses the action unless the operator may work on the assignment's unit.
    pub fn require_unit_of(&self, assignment_id: i64) -> Result<()> {
        let unit: i64 = self
            .tx
            .query_row("SELECT unit_id FROM assignment WHERE id = ?1", [assignment_id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound { entity: "assignment", id: assignment_id })?;
        self.require(Permission::Unit(unit))
    }

    /// The connection inside the transaction.
    pub fn conn(&self) -> &crate::store::db::Db {
        self.tx
    }

    /// The timestamp of this transaction.
    pub fn now(&self) -> &str {
        &self.now
    }

    /// Claims the item for this change: its version must still be `expected`, and moves on
    /// by one. Zero rows changed means someone else saved first.
    pub fn claim_item(&self, item_id: i64, expected: i64) -> Result<()> {
        self.check_writable(item_id)?;
        let n = self.tx.execute(
            "UPDATE item SET version = version + 1 WHERE id = ?1 AND version = ?2",
            params![item_id, expected],
        )?;
        if n == 1 {
            return Ok(());
        }
        let exists: bool =
            self.tx.query_row("SELECT count(*) FROM item WHERE id = ?1", [item_id], |r| r.get::<_, i64>(0))? > 0;
        Err(if exists {
            StoreError::Conflict { entity: "item", id: item_id }
        } else {
            StoreError::NotFound { entity: "item", id: item_id }
        })
    }

    /// Refuses any change to an item of an archived meeting.
    pub fn check_writable(&self, item_id: i64) -> Result<()> {
        let archived: Option<bool> = self
            .tx
            .query_row(
                "SELECT m.archived FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = ?1",
                [item_id],
                |r| r.get(0),
            )
            .optional()?;
        match archived {
            None => Err(StoreError::NotFound { entity: "item", id: item_id }),
            Some(true) => Err(StoreError::Archived),
            Some(false) => Ok(()),
        }
    }

    /// Appends an audit row, chained to the previous one by hash.
    pub fn audit(
        &self,
        entity: &str,
        entity_id: i64,
        item_id: Option<i64>,
        action: AuditAction,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<()> {
        self.audit_chain()?.push(entity, entity_id, item_id, action, before, after)
    }

    /// Recomputes the item's derived columns (status, due date, lead proposer, units).
    pub fn refresh_item(&self, item_id: i64) -> Result<()> {
        let c = self.tx;
        let filing: Filing = c.query_row("SELECT filing FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
        let closed: bool =
            c.query_row("SELECT count(*) FROM closure WHERE item_id = ?1 AND reopened_on IS NULL", [item_id], |r| {
                r.get::<_, i64>(0)
            })? > 0;
        let second: Option<String> = c.query_row(
            "SELECT min(deadline) FROM second_round WHERE item_id = ?1 AND closed_on IS NULL",
            [item_id],
            |r| r.get(0),
        )?;
        let mut st = c.prepare_cached(
            "SELECT a.deadline, a.received_on,
                    (SELECT latest_review FROM standing_reply WHERE assignment_id = a.id),
                    u.short_name, a.role
             FROM assignment a JOIN unit u ON u.id = a.unit_id
             WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role != 'co_handling'
             ORDER BY a.role, u.short_name",
        )?;
        let rows: Vec<HandlerRow> = st
            .query_map([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<crate::store::db::DbResult<_>>()?;
        let feedback: Option<Satisfaction> = c
            .query_row(
                "SELECT level FROM feedback WHERE item_id = ?1 ORDER BY round DESC, id DESC LIMIT 1",
                [item_id],
                |r| r.get(0),
            )
            .optional()?;
        let (status, due, units_label) = derive_columns(filing, closed, second, &rows, feedback);
        let lead_name: String = c
            .query_row(
                "SELECT p.name FROM item_proposer ip JOIN person p ON p.id = ip.person_id
                 WHERE ip.item_id = ?1 ORDER BY ip.position LIMIT 1",
                [item_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        c.execute(
            "UPDATE item SET status = ?2, due_on = ?3, lead_name = ?4, units_label = ?5 WHERE id = ?1",
            params![item_id, status.as_str(), due, lead_name, units_label],
        )?;
        super::search_docs::store_item_keys(c, item_id)?;
        Ok(())
    }

    /// Reads a date column of one row (helper for the actions).
    pub fn date_of(&self, sql: &str, id: i64) -> Result<Option<NaiveDate>> {
        let s: Option<Option<String>> = self.tx.query_row(sql, [id], |r| r.get(0)).optional()?;
        Ok(opt_date(s.flatten()))
    }
}

/// The hash of one audit row: sha256 over the previous hash and the row's fields.
#[allow(clippy::too_many_arguments)]
/// An item's derived status, due date and units label from its records: the filing, whether
/// it is closed, the deadline of an open second round, its active lead and split
/// assignments (ordered by role, then short name) and its latest feedback. The one rule
/// behind [`Tx::refresh_item`] and the importer's inserts.
pub fn derive_columns(
    filing: Filing,
    closed: bool,
    second: Option<String>,
    rows: &[HandlerRow],
    feedback: Option<Satisfaction>,
) -> (crate::domain::Status, Option<String>, String) {
    let handlers: Vec<HandlerFacts> =
        rows.iter().map(|(_, rec, rev, _, _)| HandlerFacts { received: rec.is_some(), reply: *rev }).collect();
    let facts = Facts { filing, closed, open_second_round: second.is_some(), handlers, feedback };
    let status = status::derive(&facts);
    let due: Option<String> = if !status.is_open() || closed {
        None
    } else if let Some(d) = second {
        Some(d)
    } else {
        rows.iter()
            .filter(|(_, _, rev, _, _)| matches!(rev, None | Some(ReviewState::Returned)))
            .map(|(d, _, _, _, _)| d.clone())
            .min()
    };
    let units_label = rows
        .iter()
        .filter(|(.., role)| role.replies())
        .map(|(_, _, _, short, _)| short.as_str())
        .collect::<Vec<_>>()
        .join("、");
    (status, due, units_label)
}

/// The audit path: appends rows to the hash chain in one transaction. [`Tx::audit`] writes
/// one row through it; a bulk writer (the import) keeps one for all its rows, so the
/// previous hash is read once and kept in memory. Nothing else may write audit rows while
/// it is in use.
pub struct AuditChain<'a, 't> {
    t: &'a Tx<'t>,
    prev: String,
}

impl<'t> Tx<'t> {
    /// An audit chain starting from the last audit row.
    pub fn audit_chain(&self) -> Result<AuditChain<'_, 't>> {
        if self.tx.is_postgres() {
            // The server appends under its chain lock and reads the previous hash itself.
            return Ok(AuditChain { t: self, prev: String::new() });
        }
        let prev: Option<String> =
            self.tx.query_row("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).optional()?;
        Ok(AuditChain { t: self, prev: prev.unwrap_or_default() })
    }
}

impl AuditChain<'_, '_> {
    /// Appends one audit row.
    pub fn push(
        &mut self,
        entity: &str,
        entity_id: i64,
        item_id: Option<i64>,
        action: AuditAction,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<()> {
        let t = self.t;
        let before = before.map(Value::to_string);
        let after = after.map(Value::to_string);
        if t.tx.is_postgres() {
            t.tx.query_row(
                "SELECT banli_audit_append(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![t.now, t.operator, entity, entity_id, item_id, action, before, after],
                |_| Ok(()),
            )?;
            return Ok(());
        }
        let hash = audit_hash(
            &self.prev,
            &t.now,
            t.operator,
            entity,
            entity_id,
            item_id,
            action.as_str(),
            before.as_deref(),
            after.as_deref(),
        );
        t.tx.prepare_cached(
            "INSERT INTO audit_log (at, operator, entity, entity_id, item_id, action, before, after, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![t.now, t.operator, entity, entity_id, item_id, action, before, after, self.prev, hash])?;
        self.prev = hash;
        Ok(())
    }
}

/// An audit row's hash: over the previous row's hash and each column of this row, in order.
// One argument a column: a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn audit_hash(
    prev: &str,
    at: &str,
    operator: &str,
    entity: &str,
    entity_id: i64,
    item_id: Option<i64>,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        at,
        operator,
        entity,
        &entity_id.to_string(),
        &item_id.map(|i| i.to_string()).unwrap_or_default(),
        action,
        before.unwrap_or(""),
        after.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
