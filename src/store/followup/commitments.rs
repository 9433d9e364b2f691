//! 承诺事项 and 回头看: commitments made in replies, done or carried into follow-up, and the
//! follow-up list of commitments due and overdue. A commitment past due opens a second
//! round ("答完未办完"); doing it closes that round.
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::Kind;
use crate::store::by_id::{in_ids, rows_by_id};
use crate::store::db::OptionalExtension;
use crate::store::handling::ymd;
use crate::store::{date, Result, Store, StoreError};
use chrono::{Days, NaiveDate};
use rusqlite::params;

/// One row of the follow-up list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub commitment_id: i64,
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub units_label: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub carried: bool,
}

/// SQL condition, on a commitment aliased `c`: it still counts, i.e. its reply was not
/// returned for redoing (退回重办). A returned reply's commitments stay on record but are
/// superseded by the new reply's.
pub(crate) const LIVE: &str = "NOT EXISTS (SELECT 1 FROM reply r WHERE r.id = c.reply_id AND r.review = 'returned')";

impl Store {
    fn commitment_item(&self, id: i64) -> Result<i64> {
        let (item, live): (i64, bool) = self
            .conn()
            .query_row(&format!("SELECT c.item_id, {LIVE} FROM commitment c WHERE c.id = ?1"), [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or(StoreError::NotFound { entity: "commitment", id })?;
        if !live {
            return Err(StoreError::rule(
                "该承诺事项所属答复已退回重办,以新答复的承诺事项为准",
                "this commitment's reply was returned for redoing; the new reply's commitments count",
            ));
        }
        Ok(item)
    }

    /// Marks a commitment done; closes the item's "答完未办完" second round when none is left overdue.
    pub fn commitment_done(&mut self, commitment_id: i64, item_version: i64, on: NaiveDate) -> Result<()> {
        let item_id = self.commitment_item(commitment_id)?;
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let replied = t.date_of("SELECT r.replied_on FROM commitment c JOIN reply r ON r.id = c.reply_id WHERE c.id = ?1", commitment_id)?;
            t.check_event_date(Event::CommitmentDone, on, replied.map(|d| (Event::Reply, d)).as_slice())?;
            let n = t.conn().execute(
                "UPDATE commitment SET done_on = ?2 WHERE id = ?1 AND done_on IS NULL",
                params![commitment_id, ymd(on)],
            )?;
            if n == 0 {
                return Err(StoreError::rule("该承诺事项已完成", "the commitment is already done"));
            }
            let overdue: i64 = t.conn().query_row(
                &format!(
                    "SELECT count(*) FROM commitment c WHERE c.item_id = ?1 AND c.done_on IS NULL AND c.carried = FALSE AND c.due_on < ?2 AND {LIVE}"
                ),
                params![item_id, ymd(t.today)],
                |r| r.get(0),
            )?;
            if overdue == 0 {
                t.conn().execute(
                    "UPDATE second_round SET closed_on = ?2 WHERE item_id = ?1 AND reason = 'commitment_overdue' AND closed_on IS NULL",
                    params![item_id, ymd(on)],
                )?;
            }
            t.audit("commitment", commitment_id, Some(item_id), crate::store::AuditAction::CommitmentDone, None, Some(&serde_json::json!({"on": ymd(on)})))?;
            t.refresh_item(item_id)
        })
    }

    /// Carries a commitment into follow-up (回头看): the entry may close while it is tracked.
    pub fn carry_commitment(&mut self, commitment_id: i64, item_version: i64) -> Result<()> {
        let item_id = self.commitment_item(commitment_id)?;
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            t.conn().execute("UPDATE commitment SET carried = TRUE WHERE id = ?1", [commitment_id])?;
            t.audit(
                "commitment",
                commitment_id,
                Some(item_id),
                crate::store::AuditAction::CarryCommitment,
                None,
                None,
            )?;
            t.refresh_item(item_id)
        })
    }

    /// Commitments not done, due within `days` of today or overdue, by due date.
    pub fn follow_up(&self, days: u32) -> Result<Vec<FollowUpRow>> {
        let until = self.today() + Days::new(days.into());
        let mut st = self.conn().prepare(&format!("SELECT {FOLLOW_COLUMNS} {} {FOLLOW_ORDER}", follow_from()))?;
        let rows = st.query_map([ymd(until)], follow_row)?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The ids (commitments) of [`Store::follow_up`], in its order, and how many of them are
    /// overdue: what the queue screen holds of a list of any size (its rows on screen are read
    /// by id, [`Store::follow_up_by_id`]).
    pub fn follow_up_ids(&self, days: u32) -> Result<(Vec<i64>, u32)> {
        let until = self.today() + Days::new(days.into());
        let mut st = self.conn().prepare(&format!("SELECT c.id, c.due_on < ?2 {} {FOLLOW_ORDER}", follow_from()))?;
        let (mut ids, mut overdue) = (Vec::new(), 0);
        for row in st.query_map(params![ymd(until), ymd(self.today())], |r| Ok((r.get(0)?, r.get::<_, bool>(1)?)))? {
            let (id, late) = row?;
            ids.push(id);
            overdue += u32::from(late);
        }
        Ok((ids, overdue))
    }

    /// The follow-up rows of commitments `ids`, in that order (a page of the queue screen);
    /// an id no longer listed is left out.
    pub fn follow_up_by_id(&self, ids: &[i64]) -> Result<Vec<FollowUpRow>> {
        let sql = format!(
            "SELECT {FOLLOW_COLUMNS} FROM commitment c JOIN item i ON i.id = c.item_id WHERE {}",
            in_ids("c.id")
        );
        rows_by_id(self.conn(), &sql, ids, follow_row, |r| r.commitment_id)
    }
}

/// The columns of a [`FollowUpRow`], in the order [`follow_row`] reads them.
const FOLLOW_COLUMNS: &str = "c.id, i.id, i.number, i.title, i.units_label, c.description, c.due_on, c.carried, i.kind";

/// Commitments not done, due by `?1`, of replies review did not return ([`LIVE`]).
fn follow_from() -> String {
    format!("FROM commitment c JOIN item i ON i.id = c.item_id WHERE c.done_on IS NULL AND c.due_on <= ?1 AND {LIVE}")
}

/// By due date.
const FOLLOW_ORDER: &str = "ORDER BY c.due_on, i.number_key, c.id";

/// A follow-up row from a row selected with [`FOLLOW_COLUMNS`].
fn follow_row(r: &crate::store::db::Row) -> crate::store::db::DbResult<FollowUpRow> {
    Ok(FollowUpRow {
        commitment_id: r.get(0)?,
        item_id: r.get(1)?,
        kind: crate::store::kind_at(r, 8)?,
        number: r.get(2)?,
        title: r.get(3)?,
        units_label: r.get(4)?,
        description: r.get(5)?,
        due_on: date(&r.get::<_, String>(6)?),
        carried: r.get(7)?,
    })
}
