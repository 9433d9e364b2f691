//! 答复 and 审核: a lead or split unit's reply letter, with its commitments, and the
//! office's review (approve, or return for redoing with a new deadline).
use super::{assignment_row, require_active, require_not_before, require_text, require_unique_doc, ymd};
use crate::domain::access::Permission;
use crate::domain::event_dates::Event;
use crate::domain::{Disclosure, Kind, ReviewState, Role};
use crate::store::db::OptionalExtension;
use crate::store::{Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::params;

/// A reply to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReply {
    pub on: NaiveDate,
    pub doc_number: String,
    pub signer: String,
    /// A code of the result-class scheme in rules.toml.
    pub result_class: String,
    pub disclosure: Disclosure,
    /// The proposer agreed to publication.
    pub consent: bool,
    pub text: String,
    /// 承诺事项: what the unit promises, and by when.
    pub commitments: Vec<(String, NaiveDate)>,
}

impl Store {
    /// The next document number of a unit's numbering pattern in rules.toml
    /// (`numbering.reply`, or `numbering.co_opinion` for co-handling opinions) for an item of
    /// `kind` (`{kind}`: 建 or 提).
    pub fn next_doc_number(&self, unit_short: &str, kind: Kind, year: i32, co_opinion: bool) -> Result<String> {
        let pattern = if co_opinion { &self.data.rules.numbering.co_opinion } else { &self.data.rules.numbering.reply };
        let base = pattern
            .replace("{unit}", unit_short)
            .replace("{kind}", kind.tag(crate::text::Lang::Zh))
            .replace("{year}", &year.to_string());
        let (prefix, suffix) = base.split_once("{seq}").unwrap_or((base.as_str(), ""));
        let table = if co_opinion { "co_opinion" } else { "reply" };
        let sql = format!("SELECT doc_number FROM {table} WHERE doc_number LIKE ?1 || '%'");
        let mut st = self.conn().prepare(&sql)?;
        let used: Vec<String> = st.query_map([prefix], |r| r.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
        let max = used
            .iter()
            .filter_map(|d| d.strip_prefix(prefix)?.strip_suffix(suffix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        Ok(format!("{prefix}{}{suffix}", max + 1))
    }

    /// Records a reply (答复) on a lead or split assignment. The lead's reply waits for every
    /// co-handling opinion unless the office overrides with a reason.
    pub fn record_reply(
        &mut self,
        assignment_id: i64,
        item_version: i64,
        r: &NewReply,
        override_missing: Option<&str>,
    ) -> Result<i64> {
        require_text(&r.doc_number, "答复文号", "the document number")?;
        require_text(&r.signer, "签发人", "the signer")?;
        if self.data.rules.find_class(&r.result_class).is_none() {
            let codes: Vec<_> = self.data.rules.scheme.classes.iter().map(|c| c.code.as_str()).collect();
            return Err(StoreError::rule(
                format!("办理结果“{}”不在方案中(可选:{})", r.result_class, codes.join("/")),
                format!("result class '{}' is not in the scheme ({})", r.result_class, codes.join("/")),
            ));
        }
        for (what, due) in &r.commitments {
            require_text(what, "承诺事项内容", "the commitment")?;
            require_not_before(*due, r.on, "承诺完成日期", "the commitment's due date")?;
        }
        let class = self.data.rules.find_class(&r.result_class).map(|c| c.code.clone()).unwrap_or_default();
        self.write(|t| {
            t.require_unit_of(assignment_id)?;
            let a = assignment_row(t, assignment_id)?;
            require_active(&a)?;
            if !a.role.replies() {
                return Err(StoreError::rule("会办单位不直接答复提出人,请录入会办意见", "a co-handling unit does not reply; record its opinion"));
            }
            t.claim_item(a.item_id, item_version)?;
            let mut follows = vec![(Event::Assignment, a.assigned_on)];
            follows.extend(a.received_on.map(|d| (Event::Receipt, d)));
            t.check_event_date(Event::Reply, r.on, &follows)?;
            let second_open: bool = t.conn().query_row(
                "SELECT count(*) FROM second_round WHERE item_id = ?1 AND closed_on IS NULL",
                [a.item_id],
                |x| x.get::<_, i64>(0),
            )? > 0;
            let last: Option<(ReviewState, u32)> = t
                .conn()
                .query_row("SELECT review, round FROM reply WHERE assignment_id = ?1 ORDER BY id DESC LIMIT 1", [assignment_id], |x| {
                    Ok((x.get(0)?, x.get(1)?))
                })
                .optional()?;
            let round = match (&last, second_open) {
                (Some((ReviewState::Pending, _)), _) => {
                    return Err(StoreError::rule("该单位已有待审核的答复", "this unit already has a reply waiting for review"))
                }
                (Some((ReviewState::Approved, _)), false) => {
                    return Err(StoreError::rule("该单位的答复已审核通过", "this unit's reply is already approved"));
                }
                (Some((ReviewState::Approved, n)), true) if *n >= 2 => {
                    return Err(StoreError::rule("二次办理的答复已审核通过", "the second-round reply is already approved"));
                }
                (Some(_), true) => 2,
                (Some((_, n)), false) => *n,
                (None, _) => 1,
            };
            let override_reason = override_missing.unwrap_or("").trim();
            if a.role == Role::Lead {
                let mut st = t.conn().prepare_cached(
                    "SELECT u.short_name FROM assignment c JOIN unit u ON u.id = c.unit_id
                     WHERE c.item_id = ?1 AND c.role = 'co_handling' AND c.ended_on IS NULL
                       AND NOT EXISTS (SELECT 1 FROM co_opinion o WHERE o.assignment_id = c.id)",
                )?;
                let missing: Vec<String> = st.query_map([a.item_id], |x| x.get(0))?.collect::<crate::store::db::DbResult<_>>()?;
                if !missing.is_empty() && override_reason.is_empty() {
                    return Err(StoreError::rule(
                        format!("会办意见未到:{}。请待会办意见到齐后答复,或由办公室说明理由后录入", missing.join("、")),
                        format!("co-handling opinions missing from {}; wait for them, or the office overrides with a reason", missing.join(", ")),
                    ));
                }
            }
            require_unique_doc(t, &r.doc_number)?;
            t.conn().execute(
                "INSERT INTO reply (assignment_id, round, replied_on, doc_number, signer, result_class, disclosure, consent, text)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                params![assignment_id, round, ymd(r.on), r.doc_number.trim(), r.signer.trim(), class, r.disclosure.as_str(), r.consent, r.text.trim()],
            )?;
            let reply_id = t.conn().last_insert_rowid();
            for (what, due) in &r.commitments {
                t.conn().execute(
                    "INSERT INTO commitment (item_id, reply_id, description, due_on) VALUES (?1,?2,?3,?4)",
                    params![a.item_id, reply_id, what.trim(), ymd(*due)],
                )?;
            }
            t.audit(
                "reply",
                reply_id,
                Some(a.item_id),
                crate::store::AuditAction::RecordReply,
                None,
                Some(&serde_json::json!({"unit": a.unit_short, "round": round, "on": ymd(r.on), "doc_number": r.doc_number.trim(),
                    "signer": r.signer.trim(), "class": class, "disclosure": r.disclosure.as_str(),
                    "commitments": r.commitments.iter().map(|(w, d)| serde_json::json!({"what": w, "due": ymd(*d)})).collect::<Vec<_>>(),
                    "override_missing_opinions": override_reason})),
            )?;
            t.refresh_item(a.item_id)?;
            Ok(reply_id)
        })
    }

    /// The office reviews a reply (审核): approve, or return it for redoing (退回重办) with a
    /// reason, which gives the assignment a new deadline from rules.toml.
    pub fn review_reply(
        &mut self,
        reply_id: i64,
        item_version: i64,
        approve: bool,
        reason: &str,
        on: NaiveDate,
    ) -> Result<()> {
        if !approve {
            require_text(reason, "退回重办的理由", "a reason for returning the reply")?;
        }
        self.write(|t| {
            t.require(Permission::Office)?;
            let (aid, review, replied): (i64, String, String) = t
                .conn()
                .query_row("SELECT assignment_id, review, replied_on FROM reply WHERE id = ?1", [reply_id], |x| {
                    Ok((x.get(0)?, x.get(1)?, x.get(2)?))
                })
                .optional()?
                .ok_or(StoreError::NotFound { entity: "reply", id: reply_id })?;
            if review != "pending" {
                return Err(StoreError::rule("该答复已审核", "this reply has already been reviewed"));
            }
            let a = assignment_row(t, aid)?;
            t.claim_item(a.item_id, item_version)?;
            t.check_event_date(Event::Review, on, &[(Event::Reply, crate::store::date(&replied))])?;
            let decision = if approve { "approved" } else { "returned" };
            t.conn().execute("UPDATE reply SET review = ?2 WHERE id = ?1", params![reply_id, decision])?;
            t.conn().execute(
                "INSERT INTO review (reply_id, decision, reviewed_on, reason) VALUES (?1,?2,?3,?4)",
                params![reply_id, decision, ymd(on), reason.trim()],
            )?;
            let mut after = serde_json::json!({"decision": decision, "on": ymd(on), "reason": reason.trim()});
            if !approve {
                let new = t.data.rules.add(&t.data.calendar, on, t.data.rules.windows.returned_reply).date;
                t.conn().execute(
                    "UPDATE assignment SET deadline = ?2, deadline_note = ?3, version = version + 1 WHERE id = ?1",
                    params![aid, ymd(new), format!("退回重办 returned {}", ymd(on))],
                )?;
                after["new_deadline"] = serde_json::json!(ymd(new));
                // A returned reply enters the second-round queue with the new deadline.
                let unit: i64 = t.conn().query_row("SELECT unit_id FROM assignment WHERE id = ?1", [aid], |x| x.get(0))?;
                t.conn().execute(
                    "INSERT INTO second_round (item_id, unit_id, reason, opened_on, deadline) VALUES (?1,?2,'returned',?3,?4)",
                    params![a.item_id, unit, ymd(on), ymd(new)],
                )?;
            } else {
                // The redone reply is approved: its "returned" queue entry is finished.
                t.conn().execute(
                    "UPDATE second_round SET closed_on = ?3 WHERE item_id = ?1 AND reason = 'returned' AND closed_on IS NULL
                       AND unit_id = (SELECT unit_id FROM assignment WHERE id = ?2)",
                    params![a.item_id, aid, ymd(on)],
                )?;
            }
            t.audit("reply", reply_id, Some(a.item_id), crate::store::AuditAction::ReviewReply, None, Some(&after))?;
            t.refresh_item(a.item_id)
        })
    }
}
