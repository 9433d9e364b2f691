//! The office's own deadlines ([`crate::domain::office_due`]) read from the ledger, and the
//! record of publishing public replies (统一公开) that ends the `publish_reply` work.
//!
//! What is office work, one query each (items of archived meetings are left out):
//! - 闭会期间交办: an item filed between sessions and still unassigned (待交办); done ones
//!   that were assigned after their deadline are read by [`Store::late_assignments`];
//! - 答复调整申请: a reassignment request on an active assignment with no decision;
//! - 回收反馈: an open item whose lead and split replies all stand approved (待反馈 or 已反馈)
//!   with proposers who have not answered (only the lead proposer when
//!   `feedback.through_lead_proposer`), counted from the latest of those replies;
//! - 答复公开: a standing, approved reply marked 公开 on an active assignment, not yet published.
use crate::domain::access::Permission;
use crate::domain::calendar::Counted;
use crate::domain::event_dates::Event;
use crate::domain::office_due::{late, OfficeWork};
use crate::domain::Kind;
use crate::store::handling::ymd;
use crate::store::{date, AuditAction, Result, Store, StoreError};
use chrono::{Days, NaiveDate};
use rusqlite::params;
use rusqlite::types::Value as SqlValue;

/// One piece of office work and its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeDueRow {
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub work: OfficeWork,
    /// Whom it concerns: the unit (a request, a reply to publish) or the proposers who have
    /// not answered (feedback); empty for an assignment.
    pub whom: String,
    /// The day the work started (filing, request, reply).
    pub from: NaiveDate,
    /// The deadline, with whether the holiday calendar covers it.
    pub due: Counted,
    /// When the work was done, for done work shown because it was late.
    pub done: Option<NaiveDate>,
    /// The row's key within its kind of work: the item (an assignment, feedback), the
    /// request (an answer) or the reply (publishing).
    pub key: i64,
}

/// What names one row of office work (what a paged list holds of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OfficeKey {
    pub work: OfficeWork,
    pub key: i64,
}

impl OfficeDueRow {
    /// The row's [`OfficeKey`].
    pub fn office_key(&self) -> OfficeKey {
        OfficeKey { work: self.work, key: self.key }
    }
}

const ITEM: &str = "i.id, i.kind, i.number, i.title";
const LIVE: &str = "JOIN meeting m ON m.id = i.meeting_id AND m.archived = FALSE";

/// A reply waiting to be published: the standing, approved reply marked 公开 of an active
/// lead or split assignment, with no publishing date (tables `a`, `s`, `r`). The office pane
/// and [`Store::record_published`] both ask this.
const PUBLISHABLE: &str =
    "assignment a JOIN standing_reply s ON s.assignment_id = a.id JOIN reply r ON r.id = s.reply_id";
const PUBLISHABLE_WHERE: &str = "a.ended_on IS NULL AND a.role != 'co_handling' AND s.disclosure = 'public'
    AND s.review = 'approved' AND r.published_on IS NULL";

/// Which rows an office-work query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    /// Every row (`?1` bound to NULL).
    All,
    /// One item's (`?1` the item id).
    Item,
    /// The rows of these keys (`?1` a JSON array of the query's keys).
    Keys,
}

/// The condition on `i` (or on the query's key `key`) for `which`. Not `?1 IS NULL OR
/// i.id = ?1`, which SQLite cannot answer from the key: the detail asks for one item on
/// every open.
fn filter(which: Which, key: &str) -> String {
    match which {
        Which::All => "?1 IS NULL".into(),
        Which::Item => "i.id = ?1".into(),
        Which::Keys => crate::store::by_id::in_ids(key),
    }
}

/// (work, query of `ITEM, whom, from, key` with `?1` as [`Which`] says (the key named `k`:
/// PostgreSQL refuses `w.id` over a subquery with two columns named `id`); the feedback
/// query's `?2` = whether feedback goes through the lead proposer only).
fn queries(which: Which) -> [(OfficeWork, String); 4] {
    let (item, request) = (filter(which, "i.id"), filter(which, "q.id"));
    // The replies of `?1`'s keys: through their assignments too, or SQLite reads the view
    // `standing_reply` for every assignment to find them.
    let reply = match which {
        Which::Keys => format!(
            "{} AND a.id IN (SELECT k.assignment_id FROM reply k WHERE {})",
            filter(which, "r.id"),
            filter(which, "k.id")
        ),
        _ => filter(which, "r.id"),
    };
    [
        (
            OfficeWork::Assign,
            format!(
                "SELECT {ITEM}, '', i.filed_on, i.id AS k FROM item i {LIVE}
                 WHERE i.timing = 'between' AND i.status = 'unassigned' AND {item}"
            ),
        ),
        (
            OfficeWork::ReassignmentAnswer,
            format!(
                "SELECT {ITEM}, u.short_name, q.requested_on, q.id AS k
                 FROM reassignment_request q JOIN assignment a ON a.id = q.assignment_id
                      JOIN unit u ON u.id = a.unit_id JOIN item i ON i.id = a.item_id {LIVE}
                 WHERE q.decision IS NULL AND a.ended_on IS NULL AND {request}"
            ),
        ),
        (
            OfficeWork::FeedbackReturn,
            format!(
                "SELECT * FROM (
                   SELECT {ITEM},
                     (SELECT group_concat(p.name, '、') FROM item_proposer ip JOIN person p ON p.id = ip.person_id
                       WHERE ip.item_id = i.id AND (?2 = 0 OR ip.position = 0)
                         AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.item_id = i.id
                                         AND (f.person_id = ip.person_id OR f.person_id IS NULL))) AS whom,
                     (SELECT max(s.replied_on) FROM assignment a JOIN standing_reply s ON s.assignment_id = a.id
                       WHERE a.item_id = i.id AND a.ended_on IS NULL AND a.role != 'co_handling') AS from_on,
                     i.id AS k
                   FROM item i {LIVE} JOIN item_state st ON st.item_id = i.id AND st.closable
                   WHERE i.status IN ('awaiting_feedback', 'feedback_in') AND {item}) AS q
                 WHERE whom IS NOT NULL AND from_on IS NOT NULL"
            ),
        ),
        (
            OfficeWork::PublishReply,
            format!(
                "SELECT {ITEM}, u.short_name, s.replied_on, r.id AS k
                 FROM {PUBLISHABLE} JOIN unit u ON u.id = a.unit_id JOIN item i ON i.id = a.item_id {LIVE}
                 WHERE {PUBLISHABLE_WHERE} AND {reply}"
            ),
        ),
    ]
}

/// What a publishing record did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// Replies recorded as published.
    pub replies: usize,
    /// Items with nothing to publish (no approved public reply not yet published), by number.
    pub left_alone: Vec<String>,
}

impl Store {
    /// Every open piece of office work (of one item, or of all), by deadline.
    pub fn office_work(&self, item: Option<i64>) -> Result<Vec<OfficeDueRow>> {
        let which = if item.is_some() { Which::Item } else { Which::All };
        let arg = item.map_or(SqlValue::Null, SqlValue::Integer);
        let mut out = self.office_rows(which, &arg, None)?;
        // By deadline, then kind of work, item and key (office_keys orders the same).
        out.sort_by_key(|w| (w.due.date, w.work, w.item_id, w.key));
        Ok(out)
    }

    /// The rows of the queries for `which` (`arg` is their `?1`), of `only` one kind of work
    /// or of all, each with its deadline; in no order.
    fn office_rows(&self, which: Which, arg: &SqlValue, only: Option<OfficeWork>) -> Result<Vec<OfficeDueRow>> {
        let (rules, cal) = (&self.data.rules, &self.data.calendar);
        let mut out = Vec::new();
        for (work, q) in queries(which).into_iter().filter(|(w, _)| only.is_none_or(|o| o == *w)) {
            let mut st = self.conn().prepare_cached(&q)?;
            // Only the feedback query asks whether feedback goes through the lead proposer.
            let lead_only = rules.feedback.through_lead_proposer;
            let p = if st.parameter_count() == 2 { params![arg, lead_only] } else { params![arg] };
            let rows = st.query_map(p, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    crate::store::kind_at(r, 1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })?;
            for row in rows {
                let (item_id, kind, number, title, whom, from, key) = row?;
                let from = date(&from);
                let Some(due) = work.due(rules, cal, from) else { continue };
                out.push(OfficeDueRow { item_id, kind, number, title, work, whom, from, due, done: None, key });
            }
        }
        Ok(out)
    }

    /// The keys of every open piece of office work due on or before `until` (all, with
    /// `None`), by deadline as [`Store::office_work`] orders them, each with its deadline:
    /// what the supervision screen holds of a list of any size (its rows on screen are read
    /// by key, [`Store::office_rows_by_key`]), and what the dashboard counts.
    pub fn office_keys(&self, until: Option<NaiveDate>) -> Result<Vec<(OfficeKey, NaiveDate)>> {
        let (rules, cal) = (&self.data.rules, &self.data.calendar);
        let mut out = Vec::new();
        for (work, q) in queries(Which::All) {
            let mut st = self.conn().prepare_cached(&q)?;
            let lead_only = rules.feedback.through_lead_proposer;
            let p = if st.parameter_count() == 2 { params![None::<i64>, lead_only] } else { params![None::<i64>] };
            let rows = st.query_map(p, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(5)?, r.get::<_, i64>(6)?)))?;
            for row in rows {
                let (item, from, key) = row?;
                let Some(due) = work.due(rules, cal, date(&from)) else { continue };
                if until.is_none_or(|u| due.date <= u) {
                    out.push((due.date, work, item, key));
                }
            }
        }
        // (deadline, work, item, key): the order of office_work.
        out.sort_unstable();
        Ok(out.into_iter().map(|(due, work, _, key)| (OfficeKey { work, key }, due)).collect())
    }

    /// The office work of `keys`, in that order (a page of the supervision screen); a key
    /// no longer listed (the work was done) is left out.
    pub fn office_rows_by_key(&self, keys: &[OfficeKey]) -> Result<Vec<OfficeDueRow>> {
        let mut by_key = std::collections::HashMap::new();
        for work in crate::domain::office_due::ALL {
            let ids: Vec<i64> = keys.iter().filter(|k| k.work == work).map(|k| k.key).collect();
            if ids.is_empty() {
                continue;
            }
            let json = SqlValue::Text(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()));
            for row in self.office_rows(Which::Keys, &json, Some(work))? {
                by_key.insert(row.office_key(), row);
            }
        }
        Ok(keys.iter().filter_map(|k| by_key.remove(k)).collect())
    }

    /// Office work due on or before today + `days`, overdue included (the supervision pane).
    pub fn office_due(&self, days: u32) -> Result<Vec<OfficeDueRow>> {
        let until = self.today() + Days::new(days.into());
        Ok(self.office_work(None)?.into_iter().filter(|w| w.due.date <= until).collect())
    }

    /// Items filed between sessions whose first assignment came after `assign_within` (of one
    /// item, or of all): done, but late, for the dashboard and the detail.
    pub fn late_assignments(&self, item: Option<i64>) -> Result<Vec<OfficeDueRow>> {
        let (rules, cal) = (&self.data.rules, &self.data.calendar);
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT * FROM (SELECT {ITEM}, i.filed_on,
                    (SELECT min(a.assigned_on) FROM assignment a WHERE a.item_id = i.id) AS first
             FROM item i {LIVE} WHERE i.timing = 'between' AND {}) AS q
             WHERE first IS NOT NULL",
            filter(if item.is_some() { Which::Item } else { Which::All }, "i.id")
        ))?;
        let rows = st.query_map([item], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                crate::store::kind_at(r, 1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (item_id, kind, number, title, filed, first) = row?;
            let (from, done) = (date(&filed), date(&first));
            let Some(due) = OfficeWork::Assign.due(rules, cal, from) else { return Ok(out) };
            if late(due.date, Some(done), self.today()) {
                let work = OfficeWork::Assign;
                out.push(OfficeDueRow {
                    item_id,
                    kind,
                    number,
                    title,
                    work,
                    whom: String::new(),
                    from,
                    due,
                    done: Some(done),
                    key: item_id,
                });
            }
        }
        Ok(out)
    }

    /// The items `numbers` names (in `meeting`, or in any meeting when `None`) and the numbers
    /// that name none; with no numbers, every item (of the meeting) with a reply to publish.
    pub fn items_for_publishing(&self, meeting: Option<i64>, numbers: &[String]) -> Result<(Vec<i64>, Vec<String>)> {
        if numbers.is_empty() {
            let q = &queries(Which::All)[3].1;
            let mut st = self.conn().prepare(&format!(
                "SELECT DISTINCT w.id FROM ({q}) w JOIN item i ON i.id = w.id WHERE (?2 IS NULL OR i.meeting_id = ?2)"
            ))?;
            let ids = st
                .query_map(params![None::<i64>, meeting], |r| r.get(0))?
                .collect::<crate::store::db::DbResult<_>>()?;
            return Ok((ids, Vec::new()));
        }
        let (mut ids, mut unknown) = (Vec::new(), Vec::new());
        for n in numbers {
            let key = crate::domain::item::normalize_number(n);
            let mut st = self.conn().prepare_cached(
                "SELECT id FROM item WHERE number_key = ?1 AND (?2 IS NULL OR meeting_id = ?2) ORDER BY meeting_id",
            )?;
            let found: Vec<i64> =
                st.query_map(params![key, meeting], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
            if found.is_empty() {
                unknown.push(n.clone());
            }
            ids.extend(found);
        }
        Ok((ids, unknown))
    }

    /// Records the items' approved public replies as published (统一公开) on `on`. Items with
    /// nothing to publish are left alone and named; none at all is an error that changes
    /// nothing. Each reply's publishing date is neither after today nor before its reply.
    pub fn record_published(&mut self, items: &[i64], on: NaiveDate) -> Result<Published> {
        self.write(|t| {
            t.require(Permission::Office)?;
            let mut done = Published::default();
            for &item in items {
                t.check_writable(item)?;
                let mut st = t.conn().prepare_cached(&format!(
                    "SELECT r.id, r.replied_on FROM {PUBLISHABLE} WHERE a.item_id = ?1 AND {PUBLISHABLE_WHERE}"
                ))?;
                let replies: Vec<(i64, String)> =
                    st.query_map([item], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::store::db::DbResult<_>>()?;
                if replies.is_empty() {
                    let number: String =
                        t.conn().query_row("SELECT number FROM item WHERE id = ?1", [item], |r| r.get(0))?;
                    done.left_alone.push(number);
                    continue;
                }
                for (reply, replied_on) in replies {
                    t.check_event_date(Event::Published, on, &[(Event::Reply, date(&replied_on))])?;
                    t.conn().execute("UPDATE reply SET published_on = ?1 WHERE id = ?2", params![ymd(on), reply])?;
                    t.audit(
                        "reply",
                        reply,
                        Some(item),
                        AuditAction::PublishReply,
                        None,
                        Some(&serde_json::json!({"published_on": ymd(on)})),
                    )?;
                    done.replies += 1;
                }
            }
            if done.replies == 0 {
                return Err(StoreError::Rule {
                    zh: "所选的件没有待公开的答复(须为已审核通过、标为公开且尚未公开的答复)".into(),
                    en: "none of these items has a reply to publish (approved, marked public, not yet published)"
                        .into(),
                });
            }
            Ok(done)
        })
    }
}
