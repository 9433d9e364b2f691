//! Records that hang on an item without changing its stage: contacts with the proposer
//! (沟通), face-to-face replies (面复) and co-handling opinions (会办意见).
use super::{assignment_row, require_active, require_text, require_unique_doc, ymd};
use crate::domain::access::Permission;
use crate::domain::{ContactMethod, ContactStage, ReplierRank, Role};
use crate::store::{Result, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::params;

/// A contact to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub unit_id: Option<i64>,
    pub stage: ContactStage,
    pub method: ContactMethod,
    pub on: NaiveDate,
    pub participants: String,
    pub notes: String,
}

/// A face-to-face reply to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFaceToFace {
    pub unit_id: i64,
    pub on: NaiveDate,
    pub place: String,
    pub rank: ReplierRank,
    pub replier: String,
    pub office_present: bool,
    pub proposers_present: String,
    pub reaction: String,
}

impl Store {
    /// Logs a contact with the proposer (沟通).
    pub fn log_contact(&mut self, item_id: i64, item_version: i64, c: &NewContact) -> Result<i64> {
        self.write(|t| {
            t.require(c.unit_id.map_or(Permission::Office, Permission::Unit))?;
            t.claim_item(item_id, item_version)?;
            t.conn().execute(
                "INSERT INTO contact (item_id, unit_id, stage, method, contacted_on, participants, notes) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                params![item_id, c.unit_id, c.stage.as_str(), c.method.as_str(), ymd(c.on), c.participants.trim(), c.notes.trim()],
            )?;
            let id = t.conn().last_insert_rowid();
            t.audit(
                "contact",
                id,
                Some(item_id),
                crate::store::AuditAction::LogContact,
                None,
                Some(&serde_json::json!({"stage": c.stage.as_str(), "method": c.method.as_str(), "on": ymd(c.on),
                    "participants": c.participants.trim(), "notes": c.notes.trim()})),
            )?;
            t.refresh_item(item_id)?;
            Ok(id)
        })
    }

    /// Logs a face-to-face reply (面复) by a unit handling the item as lead or split.
    pub fn log_face_to_face(&mut self, item_id: i64, item_version: i64, f: &NewFaceToFace) -> Result<i64> {
        require_text(&f.replier, "面复人姓名", "the name of who replied")?;
        self.write(|t| {
            t.require(Permission::Unit(f.unit_id))?;
            t.claim_item(item_id, item_version)?;
            let handles: i64 = t.conn().query_row(
                "SELECT count(*) FROM assignment WHERE item_id = ?1 AND unit_id = ?2 AND role != 'co_handling'",
                params![item_id, f.unit_id],
                |r| r.get(0),
            )?;
            if handles == 0 {
                return Err(StoreError::rule("面复单位须是该件的主办或分办单位", "the unit must handle the item as lead or split"));
            }
            t.conn().execute(
                "INSERT INTO face_to_face (item_id, unit_id, met_on, place, rank, replier, office_present, proposers_present, reaction)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                params![item_id, f.unit_id, ymd(f.on), f.place.trim(), f.rank.as_str(), f.replier.trim(), f.office_present,
                        f.proposers_present.trim(), f.reaction.trim()],
            )?;
            let id = t.conn().last_insert_rowid();
            t.audit(
                "face_to_face",
                id,
                Some(item_id),
                crate::store::AuditAction::LogFaceToFace,
                None,
                Some(&serde_json::json!({"unit_id": f.unit_id, "on": ymd(f.on), "place": f.place.trim(), "rank": f.rank.as_str(),
                    "replier": f.replier.trim(), "office_present": f.office_present, "reaction": f.reaction.trim()})),
            )?;
            t.refresh_item(item_id)?;
            Ok(id)
        })
    }

    /// Records a co-handling unit's opinion (会办意见) to the lead unit.
    pub fn record_co_opinion(
        &mut self,
        assignment_id: i64,
        item_version: i64,
        on: NaiveDate,
        doc_number: &str,
        text: &str,
    ) -> Result<i64> {
        if doc_number.trim().is_empty() && text.trim().is_empty() {
            return Err(StoreError::rule("请填写会办意见的文号或内容", "give the opinion's document number or text"));
        }
        self.write(|t| {
            t.require_unit_of(assignment_id)?;
            let a = assignment_row(t, assignment_id)?;
            require_active(&a)?;
            if a.role != Role::CoHandling {
                return Err(StoreError::rule("只有会办单位提出会办意见", "only a co-handling unit sends an opinion"));
            }
            t.claim_item(a.item_id, item_version)?;
            super::require_not_before(on, a.assigned_on, "会办意见日期", "the opinion date")?;
            if !doc_number.trim().is_empty() {
                require_unique_doc(t, doc_number)?;
            }
            t.conn().execute(
                "INSERT INTO co_opinion (assignment_id, received_on, doc_number, text) VALUES (?1,?2,?3,?4)",
                params![assignment_id, ymd(on), doc_number.trim(), text.trim()],
            )?;
            let id = t.conn().last_insert_rowid();
            t.audit(
                "co_opinion",
                id,
                Some(a.item_id),
                crate::store::AuditAction::RecordCoOpinion,
                None,
                Some(&serde_json::json!({"unit": a.unit_short, "on": ymd(on), "doc_number": doc_number.trim()})),
            )?;
            t.refresh_item(a.item_id)?;
            Ok(id)
        })
    }
}
