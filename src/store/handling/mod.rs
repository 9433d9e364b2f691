//! The first round of handling (DOMAIN.md steps 2 to 7): assignment, receipt and
//! reassignment requests, co-handling opinions, contacts, face-to-face replies, replies,
//! review and feedback. Each public function is one user action: one transaction that
//! claims the item's version, writes its rows, appends an audit row and refreshes the
//! item's derived columns.

pub mod assign;
pub mod contact;
pub mod feedback;
pub mod receipt;
pub mod reply;
pub mod units;

use super::{date, Result, StoreError, Tx};
use crate::domain::{Kind, Role, Timing};
use crate::store::db::OptionalExtension;
use chrono::NaiveDate;
use rusqlite::params;

/// Formats a date for a TEXT column.
pub fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// An assignment as the actions need it.
#[derive(Debug, Clone)]
pub(crate) struct AssignmentRow {
    pub item_id: i64,
    pub role: Role,
    pub assigned_on: NaiveDate,
    /// 签收 date, once received.
    pub received_on: Option<NaiveDate>,
    pub active: bool,
    pub unit_short: String,
}

pub(crate) fn assignment_row(t: &Tx, id: i64) -> Result<AssignmentRow> {
    t.conn()
        .query_row(
            "SELECT a.item_id, a.role, a.assigned_on, a.ended_on IS NULL, u.short_name, a.received_on
             FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE a.id = ?1",
            [id],
            |r| {
                Ok(AssignmentRow {
                    item_id: r.get(0)?,
                    role: r.get(1)?,
                    assigned_on: date(&r.get::<_, String>(2)?),
                    active: r.get(3)?,
                    unit_short: r.get(4)?,
                    received_on: crate::store::opt_date(r.get(5)?),
                })
            },
        )
        .optional()?
        .ok_or(StoreError::NotFound { entity: "assignment", id })
}

/// Refuses a change to an ended assignment.
pub(crate) fn require_active(a: &AssignmentRow) -> Result<()> {
    if a.active {
        Ok(())
    } else {
        Err(StoreError::rule("该交办已结束(已重新交办或调整)", "this assignment has ended (re-assigned or relieved)"))
    }
}

/// The item's kind and filing time, which pick its deadline rules.
pub(crate) fn kind_and_timing(t: &Tx, item_id: i64) -> Result<(Kind, Timing)> {
    Ok(t.conn().query_row("SELECT kind, timing FROM item WHERE id = ?1", [item_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Refuses an empty reason where the rules demand one.
pub fn require_text(s: &str, zh_what: &str, en_what: &str) -> Result<()> {
    if s.trim().is_empty() {
        Err(StoreError::rule(format!("请填写{zh_what}"), format!("{en_what} is required")))
    } else {
        Ok(())
    }
}

/// Refuses a document number already used by a reply or a co-handling opinion.
pub(crate) fn require_unique_doc(t: &Tx, doc: &str) -> Result<()> {
    let used: i64 = t.conn().query_row(
        "SELECT (SELECT count(*) FROM reply WHERE doc_number = ?1) + (SELECT count(*) FROM co_opinion WHERE doc_number = ?1)",
        params![doc.trim()],
        |r| r.get(0),
    )?;
    if used > 0 {
        Err(StoreError::rule(format!("文号“{doc}”已被使用"), format!("document number '{doc}' is already used")))
    } else {
        Ok(())
    }
}

/// Refuses a date before another (e.g. a reply before the assignment).
pub(crate) fn require_not_before(d: NaiveDate, earliest: NaiveDate, zh_what: &str, en_what: &str) -> Result<()> {
    if d < earliest {
        Err(StoreError::rule(
            format!("{zh_what}({d})不能早于 {earliest}"),
            format!("{en_what} ({d}) cannot be before {earliest}"),
        ))
    } else {
        Ok(())
    }
}
