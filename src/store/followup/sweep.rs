//! The sweep that feeds the second-round queue (二次办理) from the rules: a commitment past due,
//! not done and not carried into follow-up (答完未办完); a lead or split reply returned for
//! redoing (退回重办) without its queue entry; a proposer's feedback at a level rules.toml sends
//! back without a round that is theirs. Idempotent: what is already in the queue is left as
//! it is. Run when the app opens, on the daily tick, after each save, and by `banli report` and
//! `banli export`, so every screen and file reads the same queue. Items assigned late
//! (`assign_within`) are office work: [`super::office_due`].
use super::second_round;
use crate::store::handling::feedback::open_feedback_round;
use crate::store::handling::ymd;
use crate::store::{Result, Store, Tx};
use rusqlite::params;
use serde_json::json;

/// What one sweep put into the queue (items, per reason).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// 答完未办完: items with a commitment past due.
    pub commitments: usize,
    /// Returned replies.
    pub returned: usize,
    /// Unsatisfied feedback.
    pub feedback: usize,
}

impl Swept {
    /// Entries opened in all.
    pub fn total(&self) -> usize {
        self.commitments + self.returned + self.feedback
    }
}

/// Items that can enter the queue: filed, open, in a meeting not archived.
const QUEUEABLE: &str = "JOIN item_state st ON st.item_id = i.id AND st.closable
                         JOIN meeting m ON m.id = i.meeting_id AND m.archived = FALSE";

impl Store {
    /// Puts into the queue what the rules send there and is not there yet (see the module).
    /// A user who may not write sweeps nothing.
    pub fn sweep_queue(&mut self) -> Result<Swept> {
        if !self.actor().can_write() {
            return Ok(Swept::default());
        }
        if !self.sweep_needed()? {
            return Ok(Swept::default());
        }
        self.write(|t| Ok(Swept { commitments: commitments(t)?, returned: returned(t)?, feedback: feedback(t)? }))
    }

    /// Whether a sweep would open anything (read only, so a sweep after every save costs a read).
    fn sweep_needed(&self) -> Result<bool> {
        let c = self.conn();
        let count = |q: &str, p: Vec<String>| -> Result<i64> {
            let q = format!("SELECT count(*) FROM ({}) AS q", sql(q));
            Ok(c.query_row(&q, crate::store::db::params_from_iter(p), |r| r.get(0))?)
        };
        Ok(count(COMMITMENTS, vec![ymd(self.today())])? > 0
            || count(RETURNED, vec![])? > 0
            || count(FEEDBACK, vec![levels_json(&self.data.rules.second_round.levels)])? > 0)
    }
}

fn levels_json(levels: &[crate::domain::Satisfaction]) -> String {
    serde_json::to_string(&levels.iter().map(|l| l.as_str()).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// Items with a live commitment past due (?1 = today), not done, not carried, and no open
/// 答完未办完 entry.
const COMMITMENTS: &str = "SELECT DISTINCT c.item_id FROM commitment c JOIN item i ON i.id = c.item_id QUEUEABLE
     WHERE c.done_on IS NULL AND c.carried = FALSE AND c.due_on < ?1 AND LIVE
       AND NOT EXISTS (SELECT 1 FROM second_round s WHERE s.item_id = c.item_id AND s.reason = 'commitment_overdue' AND s.closed_on IS NULL)";

/// Active lead or split assignments whose latest reply is returned, without an open
/// 答复退回 entry for that unit. Only assignments with a returned reply at all are asked
/// (a necessary condition, read from the reply table: 0.35 s → 0.015 s at 100k items, where
/// this ran after every save).
const RETURNED: &str = "SELECT a.item_id, a.unit_id, a.deadline, (SELECT max(v.reviewed_on) FROM review v JOIN reply r ON r.id = v.reply_id WHERE r.assignment_id = a.id)
     FROM assignment a JOIN item i ON i.id = a.item_id QUEUEABLE
     WHERE a.id IN (SELECT assignment_id FROM reply WHERE review = 'returned')
       AND a.ended_on IS NULL AND a.role != 'co_handling'
       AND (SELECT latest_review FROM standing_reply WHERE assignment_id = a.id) = 'returned'
       AND NOT EXISTS (SELECT 1 FROM second_round s WHERE s.item_id = a.item_id AND s.reason = 'returned'
                       AND s.closed_on IS NULL AND s.unit_id IS a.unit_id)";

/// Proposers whose latest feedback is a first-round answer at a level of ?1 (json), with no
/// round settled by feedback since that is theirs (or that names nobody: an older entry).
const FEEDBACK: &str = "SELECT f.item_id, f.person_id, f.received_on FROM feedback f JOIN item i ON i.id = f.item_id QUEUEABLE
     WHERE f.round = 1 AND f.level IN (SELECT value FROM json_each(?1))
       AND f.id = (SELECT g.id FROM feedback g WHERE g.item_id = f.item_id AND g.person_id IS f.person_id
                   ORDER BY g.round DESC, g.id DESC LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM second_round s WHERE s.item_id = f.item_id
                       AND s.reason IN ('feedback', 'leader', 'attention')
                       AND (s.closed_on IS NULL OR s.closed_on >= f.received_on)
                       AND (EXISTS (SELECT 1 FROM second_round_proposer o WHERE o.second_round_id = s.id AND o.person_id IS f.person_id)
                            OR NOT EXISTS (SELECT 1 FROM second_round_proposer o WHERE o.second_round_id = s.id)))
     ORDER BY f.item_id, f.id";

fn sql(q: &str) -> String {
    q.replace("QUEUEABLE", QUEUEABLE).replace("LIVE", super::commitments::LIVE)
}

/// Opens an entry and records it (version, audit, derived columns).
fn opened(t: &Tx, item: i64, id: i64, reason: &str, deadline: &str) -> Result<()> {
    t.conn().execute("UPDATE item SET version = version + 1 WHERE id = ?1", [item])?;
    t.audit(
        "second_round",
        id,
        Some(item),
        crate::store::AuditAction::OpenSecondRound,
        None,
        Some(&json!({"reason": reason, "deadline": deadline, "by": "sweep"})),
    )?;
    t.refresh_item(item)
}

fn commitments(t: &Tx) -> Result<usize> {
    let today = ymd(t.today);
    let mut st = t.conn().prepare(&sql(COMMITMENTS))?;
    let items: Vec<i64> = st.query_map([&today], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
    drop(st);
    let deadline = ymd(t.data.rules.add(&t.data.calendar, t.today, t.data.rules.second_round.deadline).date);
    for &item in &items {
        t.conn().execute(
            "INSERT INTO second_round (item_id, unit_id, reason, opened_on, deadline)
             VALUES (?1, (SELECT unit_id FROM assignment WHERE item_id = ?1 AND ended_on IS NULL AND role != 'co_handling'
                          ORDER BY role, id LIMIT 1), 'commitment_overdue', ?2, ?3)",
            params![item, today, deadline],
        )?;
        opened(t, item, t.conn().last_insert_rowid(), "commitment_overdue", &deadline)?;
    }
    Ok(items.len())
}

fn returned(t: &Tx) -> Result<usize> {
    let today = ymd(t.today);
    let mut st = t.conn().prepare(&sql(RETURNED))?;
    type Row = (i64, i64, String, Option<String>);
    let rows: Vec<Row> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<crate::store::db::DbResult<_>>()?;
    drop(st);
    for (item, unit, deadline, on) in &rows {
        t.conn().execute(
            "INSERT INTO second_round (item_id, unit_id, reason, opened_on, deadline) VALUES (?1,?2,'returned',?3,?4)",
            params![item, unit, on.clone().unwrap_or_else(|| today.clone()), deadline],
        )?;
        opened(t, *item, t.conn().last_insert_rowid(), "returned", deadline)?;
    }
    Ok(rows.len())
}

fn feedback(t: &Tx) -> Result<usize> {
    let levels = levels_json(&t.data.rules.second_round.levels);
    let mut st = t.conn().prepare(&sql(FEEDBACK))?;
    type Row = (i64, Option<i64>, String);
    let rows: Vec<Row> = st
        .query_map([levels], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<crate::store::db::DbResult<_>>()?;
    drop(st);
    let mut items = std::collections::BTreeSet::new();
    for (item, person, on) in &rows {
        // A proposer of an item that already has an open round of this sweep joins it.
        let open: Option<i64> = crate::store::db::OptionalExtension::optional(t.conn().query_row(
            "SELECT id FROM second_round WHERE item_id = ?1 AND reason = 'feedback' AND closed_on IS NULL ORDER BY id LIMIT 1",
            [item],
            |r| r.get(0),
        ))?;
        let sr = match open {
            Some(sr) => sr,
            None => {
                let (sr, deadline) = open_feedback_round(t, *item, crate::store::date(on))?;
                second_round::add_owner(t.conn(), sr, *person)?;
                opened(t, *item, sr, "feedback", &ymd(deadline))?;
                items.insert(*item);
                continue;
            }
        };
        second_round::add_owner(t.conn(), sr, *person)?;
    }
    Ok(items.len())
}
