//! 满意度: the proposer's feedback. A level that rules.toml sends back opens a second round
//! (二次办理); feedback in an open second round closes it, escalating when still
//! unsatisfied.
use super::{require_not_before, ymd};
use crate::domain::access::Permission;
use crate::domain::Satisfaction;
use crate::store::{Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Records a proposer's feedback. `person_id` `None` means the lead proposer.
    pub fn record_feedback(
        &mut self,
        item_id: i64,
        item_version: i64,
        person_id: Option<i64>,
        level: Satisfaction,
        on: NaiveDate,
        comments: &str,
    ) -> Result<i64> {
        self.write(|t| {
            t.require(Permission::Office)?;
            t.claim_item(item_id, item_version)?;
            let approved: Option<String> = t.conn().query_row(
                "SELECT max(r.replied_on) FROM reply r JOIN assignment a ON a.id = r.assignment_id
                 WHERE a.item_id = ?1 AND r.review = 'approved'",
                [item_id],
                |x| x.get(0),
            )?;
            let Some(replied) = approved else {
                return Err(StoreError::rule("该件尚无审核通过的答复,不能录入满意度", "no approved reply yet: feedback comes after the reply"));
            };
            require_not_before(on, crate::store::date(&replied), "反馈日期", "the feedback date")?;
            let lead: Option<i64> = t
                .conn()
                .query_row("SELECT person_id FROM item_proposer WHERE item_id = ?1 ORDER BY position LIMIT 1", [item_id], |x| x.get(0))
                .optional()?;
            let person = person_id.or(lead);
            if let Some(p) = person {
                let position: Option<i64> = t
                    .conn()
                    .query_row("SELECT position FROM item_proposer WHERE item_id = ?1 AND person_id = ?2", params![item_id, p], |x| x.get(0))
                    .optional()?;
                match position {
                    None => return Err(StoreError::rule("该人不是本件的提出人", "this person is not a proposer of the item")),
                    Some(pos) if pos != 0 && t.data.rules.feedback.through_lead_proposer => {
                        return Err(StoreError::rule("按规定,满意度由领衔人反馈", "the rules take feedback through the lead proposer"))
                    }
                    _ => {}
                }
            }
            let open: Option<i64> = t
                .conn()
                .query_row("SELECT id FROM second_round WHERE item_id = ?1 AND closed_on IS NULL ORDER BY id LIMIT 1", [item_id], |x| x.get(0))
                .optional()?;
            let round: u32 = if open.is_some() { 2 } else { 1 };
            let dup: i64 = t.conn().query_row(
                "SELECT count(*) FROM feedback WHERE item_id = ?1 AND person_id IS ?2 AND round = ?3",
                params![item_id, person, round],
                |x| x.get(0),
            )?;
            if dup > 0 {
                return Err(StoreError::rule("该提出人本轮已反馈", "this proposer has already given feedback in this round"));
            }
            t.conn().execute(
                "INSERT INTO feedback (item_id, person_id, round, level, received_on, comments) VALUES (?1,?2,?3,?4,?5,?6)",
                params![item_id, person, round, level.as_str(), ymd(on), comments.trim()],
            )?;
            let id = t.conn().last_insert_rowid();
            let mut after = serde_json::json!({"person_id": person, "round": round, "level": level.as_str(), "on": ymd(on), "comments": comments.trim()});
            let sends_back = t.data.rules.sends_to_second_round(level);
            match open {
                Some(sr) => {
                    let escalation = sends_back.then(|| t.data.rules.second_round.still_unsatisfied.as_str());
                    t.conn().execute(
                        "UPDATE second_round SET closed_on = ?2, outcome = ?3, escalation = ?4 WHERE id = ?1",
                        params![sr, ymd(on), level.as_str(), escalation],
                    )?;
                    after["second_round_closed"] = serde_json::json!(sr);
                    after["escalation"] = serde_json::json!(escalation);
                }
                None if sends_back => {
                    let deadline = t.data.rules.add(&t.data.calendar, on, t.data.rules.second_round.deadline).date;
                    let unit: Option<i64> = t
                        .conn()
                        .query_row(
                            "SELECT unit_id FROM assignment WHERE item_id = ?1 AND ended_on IS NULL AND role != 'co_handling' ORDER BY role, id LIMIT 1",
                            [item_id],
                            |x| x.get(0),
                        )
                        .optional()?;
                    t.conn().execute(
                        "INSERT INTO second_round (item_id, unit_id, reason, opened_on, deadline) VALUES (?1,?2,'feedback',?3,?4)",
                        params![item_id, unit, ymd(on), ymd(deadline)],
                    )?;
                    after["second_round_opened"] = serde_json::json!({"id": t.conn().last_insert_rowid(), "deadline": ymd(deadline)});
                }
                None => {}
            }
            t.audit("feedback", id, Some(item_id), crate::store::AuditAction::RecordFeedback, None, Some(&after))?;
            t.refresh_item(item_id)?;
            Ok(id)
        })
    }
}
