//! The ledger's optional cells (会办, 答复文号, 办理结果, 满意度), read only for the rows on
//! screen and only when the clerk's columns show them: the ledger query itself stays as
//! cheap as before.
use crate::domain::figures::{ItemFacts, UnitPart};
use crate::domain::{Role, Satisfaction};
use crate::store::{Result, Store};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The cells of one item the ledger query does not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerCells {
    /// Co-handling units (会办), short names in assignment order.
    pub co_units: Vec<String>,
    /// The document numbers of the standing replies (答复文号).
    pub docs: Vec<String>,
    /// The item's result class (办理结果): [`ItemFacts::class`], once every replying unit
    /// has a standing reply.
    pub class: Option<String>,
    /// The least satisfied opinion of the latest round of feedback (满意度), as the figures
    /// count it.
    pub satisfaction: Option<Satisfaction>,
}

impl Store {
    /// The optional cells of the items `ids` (those on screen).
    pub fn ledger_cells(&self, ids: &[i64]) -> Result<HashMap<i64, LedgerCells>> {
        let c = self.conn();
        let mut units = c.prepare_cached(
            "SELECT a.role, u.short_name, s.doc_number, s.result_class
             FROM assignment a JOIN unit u ON u.id = a.unit_id
             LEFT JOIN standing_reply s ON s.assignment_id = a.id
             WHERE a.item_id = ?1 AND a.ended_on IS NULL ORDER BY a.id",
        )?;
        // The same rule as the figures (stats/facts.rs add_feedback): the latest round's
        // least satisfied opinion.
        let mut feedback = c.prepare_cached(
            "SELECT level FROM feedback WHERE item_id = ?1
               AND round = (SELECT max(round) FROM feedback WHERE item_id = ?1)",
        )?;
        let codes = self.class_codes();
        let mut out = HashMap::with_capacity(ids.len());
        for &id in ids {
            let mut cells = LedgerCells::default();
            let mut parts = Vec::new();
            let rows = units.query_map([id], |r| {
                Ok((
                    r.get::<_, Role>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for r in rows {
                let (role, unit, doc, class) = r?;
                if !role.replies() {
                    cells.co_units.push(unit);
                    continue;
                }
                cells.docs.extend(doc.filter(|d| !d.is_empty()));
                parts.push(part(role, class));
            }
            cells.class = facts(parts).class(&codes);
            let levels = feedback.query_map([id], |r| r.get::<_, Satisfaction>(0))?;
            cells.satisfaction = levels.collect::<crate::store::db::DbResult<Vec<_>>>()?.into_iter().max();
            out.insert(id, cells);
        }
        Ok(out)
    }
}

/// A replying unit as [`ItemFacts::class`] reads it (its class; the rest does not matter).
fn part(role: Role, class: Option<String>) -> UnitPart {
    UnitPart {
        unit_id: 0,
        role,
        deadline: NaiveDate::MIN,
        replied_on: None,
        class: class.filter(|c| !c.is_empty()),
        face_to_face: false,
        head_face_to_face: false,
        reminders: 0,
        interviews: 0,
        commitments: Vec::new(),
    }
}

fn facts(units: Vec<UnitPart>) -> ItemFacts {
    ItemFacts {
        item_id: 0,
        meeting_id: 0,
        kind: crate::domain::Kind::Suggestion,
        timing: crate::domain::Timing::During,
        units,
        first_feedback: None,
        final_feedback: None,
        second_rounds: Vec::new(),
        key_item: false,
        leader: false,
    }
}
