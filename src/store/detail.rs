//! Everything recorded on one item, for the detail screen.
use super::{date, opt_date, Result, Store, StoreError};
use crate::domain::*;
use crate::store::db::OptionalExtension;
use rusqlite::params;

/// A proposer as listed on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemProposer {
    pub person: Proposer,
    /// 0 is the lead proposer.
    pub position: u32,
}

/// An assignment with its unit's names and the records that hang on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentView {
    pub assignment: Assignment,
    pub unit_name: String,
    pub unit_short: String,
    pub co_opinions: Vec<CoOpinion>,
    pub replies: Vec<Reply>,
}

/// A unit's request to be relieved (申请调整) and the office's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestView {
    pub id: i64,
    pub assignment_id: i64,
    pub unit_short: String,
    pub requested_on: chrono::NaiveDate,
    pub reason: String,
    /// `approved` or `refused`; empty while waiting.
    pub decision: String,
    pub decided_on: Option<chrono::NaiveDate>,
    pub note: String,
    pub override_reason: String,
}

/// One row of the item's history, from the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub at: String,
    pub operator: String,
    pub entity: String,
    pub action: super::AuditAction,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Where the filing review sent the item: merged into which item, which items merged into
/// it, the refusal ground, the unit an opinion letter went to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilingFacts {
    /// (number, title) of the item this one was merged into.
    pub merged_into: Option<(String, String)>,
    /// Numbers of the items merged into this one.
    pub merged_from: Vec<String>,
    /// 不予立案 ground, empty when none.
    pub ground: String,
    /// Short name of the unit an opinion letter (转为意见) went to.
    pub opinion_unit: Option<String>,
}

/// Everything recorded on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDetail {
    pub item: Item,
    pub meeting: Meeting,
    pub status: Status,
    pub due_on: Option<chrono::NaiveDate>,
    pub proposers: Vec<ItemProposer>,
    /// Active assignments first, then ended ones.
    pub assignments: Vec<AssignmentView>,
    pub contacts: Vec<Contact>,
    pub face_to_face: Vec<FaceToFace>,
    pub reviews: Vec<Review>,
    pub feedback: Vec<Feedback>,
    pub second_rounds: Vec<SecondRound>,
    /// Commitments of replies still standing.
    pub commitments: Vec<Commitment>,
    /// Commitments of replies returned for redoing (退回重办): on record, no longer counted.
    pub returned_commitments: Vec<Commitment>,
    pub closures: Vec<Closure>,
    pub reminders: Vec<Reminder>,
    pub requests: Vec<RequestView>,
    /// The office's own deadlines on this item ([`crate::domain::office_due`]): open work,
    /// and an assignment between sessions that came late.
    pub office: Vec<super::followup::office_due::OfficeDueRow>,
    pub history: Vec<HistoryRow>,
    pub filing_facts: FilingFacts,
}

impl ItemDetail {
    /// The unit's short name for a unit id on this item.
    pub fn unit_short(&self, unit_id: i64) -> &str {
        self.assignments.iter().find(|a| a.assignment.unit_id == unit_id).map(|a| a.unit_short.as_str()).unwrap_or("")
    }
}

/// Keys whose value is an item id; the store turns them into the item's number.
pub const ITEM_KEYS: &[&str] = &["merged_into", "from", "into"];
/// Keys whose value is a unit id; the store turns them into the unit's short name.
pub const UNIT_KEYS: &[&str] = &["opinion_unit", "unit_id"];

impl Store {
    /// The item with `id` and everything recorded on it.
    pub fn item_detail(&self, id: i64) -> Result<ItemDetail> {
        let c = self.conn();
        let row = c
            .query_row(
                "SELECT i.id, i.meeting_id, i.kind, i.number, i.title, i.body_text, i.topic, i.filed_on, i.timing,
                        i.key_item, i.leader, i.filing, i.version, i.status, i.due_on,
                        m.body, m.level, m.term, m.session, m.year, m.name, m.opened_on, m.closed_on, m.archived
                 FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = ?1",
                [id],
                |r| {
                    let item = Item {
                        id: r.get(0)?,
                        meeting_id: r.get(1)?,
                        kind: crate::store::kind_at(r, 2)?,
                        number: r.get(3)?,
                        title: r.get(4)?,
                        body_text: r.get(5)?,
                        topic: r.get(6)?,
                        filed_on: date(&r.get::<_, String>(7)?),
                        timing: r.get(8)?,
                        key: r.get(9)?,
                        leader: r.get(10)?,
                        filing: r.get(11)?,
                        version: r.get(12)?,
                    };
                    let status = r.get(13)?;
                    let due = opt_date(r.get(14)?);
                    let meeting = Meeting {
                        id: item.meeting_id,
                        body: r.get(15)?,
                        level: r.get(16)?,
                        term: r.get(17)?,
                        session: r.get(18)?,
                        year: r.get(19)?,
                        name: r.get(20)?,
                        opened_on: opt_date(r.get(21)?),
                        closed_on: opt_date(r.get(22)?),
                        archived: r.get(23)?,
                    };
                    Ok((item, status, due, meeting))
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound { entity: "item", id })?;
        let (item, status, due_on, meeting) = row;
        Ok(ItemDetail {
            proposers: self.item_proposers(id)?,
            assignments: self.assignment_views(id)?,
            contacts: self.contacts(id)?,
            face_to_face: self.face_to_face(id)?,
            reviews: self.reviews(id)?,
            feedback: self.feedback(id)?,
            second_rounds: self.second_rounds(id)?,
            commitments: self.commitments(id, true)?,
            returned_commitments: self.commitments(id, false)?,
            closures: self.closures(id)?,
            reminders: self.item_reminders(id)?,
            office: [self.late_assignments(Some(id))?, self.office_work(Some(id))?].concat(),
            requests: self.requests(id)?,
            history: self.history_for_reading(id)?,
            filing_facts: self.filing_facts(id)?,
            item,
            meeting,
            status,
            due_on,
        })
    }

    fn item_proposers(&self, id: i64) -> Result<Vec<ItemProposer>> {
        let mut st = self.conn().prepare_cached(
            "SELECT p.id, p.name, p.body, p.collective, p.delegation, p.phone, ip.position
             FROM item_proposer ip JOIN person p ON p.id = ip.person_id WHERE ip.item_id = ?1 ORDER BY ip.position",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(ItemProposer {
                person: Proposer {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    body: r.get(2)?,
                    collective: r.get(3)?,
                    delegation: r.get(4)?,
                    phone: r.get(5)?,
                },
                position: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn assignment_views(&self, id: i64) -> Result<Vec<AssignmentView>> {
        let mut st = self.conn().prepare_cached(
            "SELECT a.id, a.item_id, a.unit_id, a.role, a.assigned_on, a.deadline, a.deadline_note, a.received_on,
                    a.ended_on, a.end_reason, u.name, u.short_name
             FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE a.item_id = ?1
             ORDER BY a.ended_on IS NOT NULL, a.role, a.id",
        )?;
        let rows: Vec<(Assignment, String, String)> = st
            .query_map([id], |r| {
                Ok((
                    Assignment {
                        id: r.get(0)?,
                        item_id: r.get(1)?,
                        unit_id: r.get(2)?,
                        role: r.get(3)?,
                        assigned_on: date(&r.get::<_, String>(4)?),
                        deadline: date(&r.get::<_, String>(5)?),
                        deadline_note: r.get(6)?,
                        received_on: opt_date(r.get(7)?),
                        ended_on: opt_date(r.get(8)?),
                        end_reason: r.get(9)?,
                    },
                    r.get(10)?,
                    r.get(11)?,
                ))
            })?
            .collect::<crate::store::db::DbResult<_>>()?;
        let mut out = Vec::new();
        for (a, unit_name, unit_short) in rows {
            let mut st = self.conn().prepare_cached(
                "SELECT id, assignment_id, received_on, doc_number, text FROM co_opinion WHERE assignment_id = ?1 ORDER BY id",
            )?;
            let co_opinions = st
                .query_map([a.id], |r| {
                    Ok(CoOpinion {
                        id: r.get(0)?,
                        assignment_id: r.get(1)?,
                        received_on: date(&r.get::<_, String>(2)?),
                        doc_number: r.get(3)?,
                        text: r.get(4)?,
                    })
                })?
                .collect::<crate::store::db::DbResult<_>>()?;
            let mut st = self.conn().prepare_cached(
                "SELECT id, assignment_id, round, replied_on, doc_number, signer, result_class, disclosure, text, review
                 FROM reply WHERE assignment_id = ?1 ORDER BY id",
            )?;
            let replies = st
                .query_map([a.id], |r| {
                    Ok(Reply {
                        id: r.get(0)?,
                        assignment_id: r.get(1)?,
                        round: r.get(2)?,
                        replied_on: date(&r.get::<_, String>(3)?),
                        doc_number: r.get(4)?,
                        signer: r.get(5)?,
                        result_class: r.get(6)?,
                        disclosure: r.get(7)?,
                        text: r.get(8)?,
                        review: r.get(9)?,
                    })
                })?
                .collect::<crate::store::db::DbResult<_>>()?;
            out.push(AssignmentView { assignment: a, unit_name, unit_short, co_opinions, replies });
        }
        Ok(out)
    }

    fn contacts(&self, id: i64) -> Result<Vec<Contact>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, item_id, unit_id, stage, method, contacted_on, participants, notes FROM contact WHERE item_id = ?1 ORDER BY contacted_on, id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(Contact {
                id: r.get(0)?,
                item_id: r.get(1)?,
                unit_id: r.get(2)?,
                stage: r.get(3)?,
                method: r.get(4)?,
                contacted_on: date(&r.get::<_, String>(5)?),
                participants: r.get(6)?,
                notes: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn face_to_face(&self, id: i64) -> Result<Vec<FaceToFace>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, item_id, unit_id, met_on, place, rank, replier, office_present, proposers_present, reaction
             FROM face_to_face WHERE item_id = ?1 ORDER BY met_on, id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(FaceToFace {
                id: r.get(0)?,
                item_id: r.get(1)?,
                unit_id: r.get(2)?,
                met_on: date(&r.get::<_, String>(3)?),
                place: r.get(4)?,
                rank: r.get(5)?,
                replier: r.get(6)?,
                office_present: r.get(7)?,
                proposers_present: r.get(8)?,
                reaction: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn reviews(&self, id: i64) -> Result<Vec<Review>> {
        let mut st = self.conn().prepare_cached(
            "SELECT v.id, v.reply_id, v.decision, v.reviewed_on, v.reason FROM review v
             JOIN reply r ON r.id = v.reply_id JOIN assignment a ON a.id = r.assignment_id
             WHERE a.item_id = ?1 ORDER BY v.id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(Review {
                id: r.get(0)?,
                reply_id: r.get(1)?,
                decision: r.get(2)?,
                reviewed_on: date(&r.get::<_, String>(3)?),
                reason: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn feedback(&self, id: i64) -> Result<Vec<Feedback>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, item_id, person_id, round, level, received_on, comments FROM feedback WHERE item_id = ?1 ORDER BY round, id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(Feedback {
                id: r.get(0)?,
                item_id: r.get(1)?,
                person_id: r.get(2)?,
                round: r.get(3)?,
                level: r.get(4)?,
                received_on: date(&r.get::<_, String>(5)?),
                comments: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn second_rounds(&self, id: i64) -> Result<Vec<SecondRound>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, item_id, unit_id, reason, leader, opened_on, deadline, closed_on, outcome, escalation
             FROM second_round WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(SecondRound {
                id: r.get(0)?,
                item_id: r.get(1)?,
                unit_id: r.get(2)?,
                reason: r.get(3)?,
                leader: r.get(4)?,
                opened_on: date(&r.get::<_, String>(5)?),
                deadline: date(&r.get::<_, String>(6)?),
                closed_on: opt_date(r.get(7)?),
                outcome: r.get(8)?,
                escalation: r.get(9)?,
                owners: Vec::new(),
                progress: Vec::new(),
            })
        })?;
        let mut rounds: Vec<SecondRound> = rows.collect::<crate::store::db::DbResult<_>>()?;
        drop(st);
        for s in &mut rounds {
            s.owners = crate::store::followup::second_round::owners(self.conn(), s.id)?;
            s.progress = crate::store::followup::second_round::progress(self.conn(), s.id)?;
        }
        Ok(rounds)
    }

    /// The item's commitments: `live`, those of replies still standing; otherwise those of
    /// returned replies, superseded by the new reply's.
    fn commitments(&self, id: i64, live: bool) -> Result<Vec<Commitment>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT c.id, c.item_id, c.reply_id, c.description, c.due_on, c.done_on, c.carried FROM commitment c
             WHERE c.item_id = ?1 AND {}({}) ORDER BY c.due_on, c.id",
            if live { "" } else { "NOT " },
            crate::store::followup::commitments::LIVE
        ))?;
        let rows = st.query_map([id], |r| {
            Ok(Commitment {
                id: r.get(0)?,
                item_id: r.get(1)?,
                reply_id: r.get(2)?,
                description: r.get(3)?,
                due_on: date(&r.get::<_, String>(4)?),
                done_on: opt_date(r.get(5)?),
                carried: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn closures(&self, id: i64) -> Result<Vec<Closure>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, item_id, closed_on, operator, forced_reason, reopened_on, reopen_reason FROM closure WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(Closure {
                id: r.get(0)?,
                item_id: r.get(1)?,
                closed_on: date(&r.get::<_, String>(2)?),
                operator: r.get(3)?,
                forced_reason: r.get(4)?,
                reopened_on: opt_date(r.get(5)?),
                reopen_reason: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn item_reminders(&self, id: i64) -> Result<Vec<Reminder>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, unit_id, item_id, kind, reminded_on, method, to_whom, note FROM reminder WHERE item_id = ?1 ORDER BY reminded_on, id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(Reminder {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                item_id: r.get(2)?,
                kind: r.get(3)?,
                reminded_on: date(&r.get::<_, String>(4)?),
                method: r.get(5)?,
                to_whom: r.get(6)?,
                note: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    fn requests(&self, id: i64) -> Result<Vec<RequestView>> {
        let mut st = self.conn().prepare_cached(
            "SELECT q.id, q.assignment_id, u.short_name, q.requested_on, q.reason, coalesce(q.decision, ''), q.decided_on,
                    q.decision_note, q.override_reason
             FROM reassignment_request q JOIN assignment a ON a.id = q.assignment_id JOIN unit u ON u.id = a.unit_id
             WHERE a.item_id = ?1 ORDER BY q.id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(RequestView {
                id: r.get(0)?,
                assignment_id: r.get(1)?,
                unit_short: r.get(2)?,
                requested_on: date(&r.get::<_, String>(3)?),
                reason: r.get(4)?,
                decision: r.get(5)?,
                decided_on: opt_date(r.get(6)?),
                note: r.get(7)?,
                override_reason: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// Where the filing review sent the item (see [`FilingFacts`]).
    pub fn filing_facts(&self, id: i64) -> Result<FilingFacts> {
        let c = self.conn();
        let (into, ground, opinion_unit): (Option<(String, String)>, String, Option<String>) = c
            .query_row(
                "SELECT m.number, m.title, i.filing_ground, u.short_name
                 FROM item i LEFT JOIN item m ON m.id = i.merged_into AND i.filing = 'merged'
                 LEFT JOIN unit u ON u.id = i.opinion_unit_id AND i.filing = 'opinion'
                 WHERE i.id = ?1",
                [id],
                |r| {
                    let number: Option<String> = r.get(0)?;
                    let title: Option<String> = r.get(1)?;
                    Ok((number.map(|n| (n, title.unwrap_or_default())), r.get(2)?, r.get(3)?))
                },
            )
            .optional()?
            .unwrap_or_default();
        let mut st = c.prepare_cached(
            "SELECT number FROM item WHERE merged_into = ?1 AND filing = 'merged' ORDER BY number_key, id",
        )?;
        let merged_from = st.query_map([id], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
        Ok(FilingFacts { merged_into: into, merged_from, ground, opinion_unit })
    }

    /// The item's history from the audit log, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<HistoryRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT at, operator, entity, action, before, after FROM audit_log WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map(params![id], |r| {
            Ok(HistoryRow {
                at: r.get(0)?,
                operator: r.get(1)?,
                entity: r.get(2)?,
                action: r.get(3)?,
                before: r.get(4)?,
                after: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }

    /// The history as the detail shows it: ids pointing to items and units replaced by the
    /// item's number and the unit's short name (the audit log itself keeps the ids).
    pub fn history_for_reading(&self, id: i64) -> Result<Vec<HistoryRow>> {
        let mut rows = self.history(id)?;
        for h in &mut rows {
            for json in [&mut h.before, &mut h.after].into_iter().flatten() {
                if let Some(resolved) = self.resolve_refs(json)? {
                    *json = resolved;
                }
            }
        }
        Ok(rows)
    }

    /// An audit row's JSON with ids pointing to items replaced by the item's number, and ids
    /// pointing to units by the unit's short name; `None` when nothing to replace.
    fn resolve_refs(&self, json: &str) -> Result<Option<String>> {
        let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str::<serde_json::Value>(json) else {
            return Ok(None);
        };
        let mut changed = false;
        for (k, v) in map.iter_mut() {
            let Some(id) = v.as_i64() else { continue };
            let sql = if ITEM_KEYS.contains(&k.as_str()) {
                "SELECT number FROM item WHERE id = ?1"
            } else if UNIT_KEYS.contains(&k.as_str()) {
                "SELECT short_name FROM unit WHERE id = ?1"
            } else {
                continue;
            };
            let name: Option<String> = self.conn().query_row(sql, [id], |r| r.get(0)).optional()?;
            if let Some(name) = name {
                *v = serde_json::Value::String(name);
                changed = true;
            }
        }
        Ok(changed.then(|| serde_json::Value::Object(map).to_string()))
    }
}
