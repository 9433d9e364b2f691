//! 满意度: the proposer's feedback. A level that rules.toml sends back opens a second round
//! (二次办理) that belongs to that proposer (a second unsatisfied proposer joins the open
//! round). The round's proposers answer again in it (round 2); it is finished when each of
//! them has answered, turned satisfied only when none is at a level that sends back, and
//! escalated otherwise.
use super::ymd;
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::records::round_outcome;
use crate::domain::Satisfaction;
use crate::store::db::OptionalExtension;
use crate::store::followup::second_round;
use crate::store::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use rusqlite::params;

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
            t.check_event_date(Event::Feedback, on, &[(Event::Reply, crate::store::date(&replied))])?;
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
            // A round settled by feedback belongs to its proposers: they answer in round 2;
            // anyone else answers in round 1.
            let open: Option<(i64, String)> = t
                .conn()
                .query_row(
                    "SELECT id, opened_on FROM second_round WHERE item_id = ?1 AND closed_on IS NULL
                       AND reason IN ('feedback', 'leader', 'attention') ORDER BY id LIMIT 1",
                    [item_id],
                    |x| Ok((x.get(0)?, x.get(1)?)),
                )
                .optional()?;
            let owners = match &open {
                Some((sr, _)) => second_round::adopt_owners(
                    t.conn(),
                    *sr,
                    &t.data.rules.second_round.levels,
                    t.data.rules.feedback.through_lead_proposer,
                )?,
                None => Vec::new(),
            };
            let round: u32 = if owners.contains(&person) { 2 } else { 1 };
            let dup: i64 = t.conn().query_row(
                "SELECT count(*) FROM feedback WHERE item_id = ?1 AND person_id IS ?2 AND round = ?3",
                params![item_id, person, round],
                |x| x.get(0),
            )?;
            if dup > 0 {
                return Err(already_answered(t.conn(), round, &owners)?);
            }
            t.conn().execute(
                "INSERT INTO feedback (item_id, person_id, round, level, received_on, comments) VALUES (?1,?2,?3,?4,?5,?6)",
                params![item_id, person, round, level.as_str(), ymd(on), comments.trim()],
            )?;
            let id = t.conn().last_insert_rowid();
            let mut after = serde_json::json!({"person_id": person, "round": round, "level": level.as_str(), "on": ymd(on), "comments": comments.trim()});
            let sends_back = t.data.rules.sends_to_second_round(level);
            match open {
                Some((sr, opened)) if round == 2 => {
                    // Finished once each of its proposers has answered in it.
                    let mut answers = Vec::new();
                    for p in &owners {
                        let a: Option<Satisfaction> = t
                            .conn()
                            .query_row(
                                "SELECT level FROM feedback WHERE item_id = ?1 AND person_id IS ?2 AND round = 2 AND received_on >= ?3
                                 ORDER BY id DESC LIMIT 1",
                                params![item_id, p, opened],
                                |x| x.get(0),
                            )
                            .optional()?;
                        answers.push(a);
                    }
                    match round_outcome(&answers) {
                        Some(outcome) => {
                            let escalation = t
                                .data
                                .rules
                                .sends_to_second_round(outcome)
                                .then(|| t.data.rules.second_round.still_unsatisfied.as_str());
                            t.conn().execute(
                                "UPDATE second_round SET closed_on = ?2, outcome = ?3, escalation = ?4 WHERE id = ?1",
                                params![sr, ymd(on), outcome.as_str(), escalation],
                            )?;
                            after["second_round_closed"] = serde_json::json!(sr);
                            after["outcome"] = serde_json::json!(outcome.as_str());
                            after["escalation"] = serde_json::json!(escalation);
                        }
                        None => {
                            let waiting = answers.iter().filter(|a| a.is_none()).count();
                            after["second_round_waiting"] = serde_json::json!({"id": sr, "proposers": waiting});
                        }
                    }
                }
                Some((sr, _)) if sends_back => {
                    // Another proposer unsatisfied while a round is open: the round is theirs too.
                    second_round::add_owner(t.conn(), sr, person)?;
                    after["second_round_joined"] = serde_json::json!(sr);
                }
                None if sends_back => {
                    let (sr, deadline) = open_feedback_round(t, item_id, on)?;
                    second_round::add_owner(t.conn(), sr, person)?;
                    after["second_round_opened"] = serde_json::json!({"id": sr, "deadline": ymd(deadline)});
                }
                _ => {}
            }
            t.audit("feedback", id, Some(item_id), crate::store::AuditAction::RecordFeedback, None, Some(&after))?;
            t.refresh_item(item_id)?;
            Ok(id)
        })
    }
}

/// Opens a second round for unsatisfied feedback; returns its id and deadline.
pub(crate) fn open_feedback_round(t: &Tx, item_id: i64, on: NaiveDate) -> Result<(i64, NaiveDate)> {
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
    Ok((t.conn().last_insert_rowid(), deadline))
}

/// The refusal of a second answer in the same round; when a second round is open and the
/// proposer is not one it belongs to, names whose it is.
fn already_answered(c: &crate::store::db::Db, round: u32, owners: &[Option<i64>]) -> Result<StoreError> {
    if round == 2 || owners.is_empty() {
        return Ok(StoreError::rule("该提出人本轮已反馈", "this proposer has already given feedback in this round"));
    }
    let mut names = Vec::new();
    for p in owners.iter().flatten() {
        let n: Option<String> = c.query_row("SELECT name FROM person WHERE id = ?1", [p], |x| x.get(0)).optional()?;
        names.extend(n);
    }
    let names = names.join("、");
    Ok(StoreError::rule(
        format!("该提出人首轮已反馈;进行中的二次办理属于{names},请录入他们的反馈"),
        format!("this proposer has already answered the first round; the open second round belongs to {names}: record theirs"),
    ))
}
