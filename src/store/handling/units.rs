//! Per-unit views of handling: the units screen (items, face-to-face by the head and the
//! rule of seed 003) and the co-handling tracker (opinions due, overdue, received).
use crate::domain::face_to_face::HeadRule;
use crate::domain::Kind;
use crate::store::{date, opt_date, Result, Store};
use chrono::NaiveDate;

/// One row of the units screen.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub unit_id: i64,
    pub name: String,
    pub short_name: String,
    pub head: String,
    pub lead: u32,
    pub split: u32,
    pub co_handling: u32,
    /// Items with any face-to-face reply by this unit.
    pub face_to_face: u32,
    pub head_rule: HeadRule,
}

impl UnitRow {
    /// 面复率 of this unit, in percent.
    pub fn face_to_face_rate(&self) -> Option<f64> {
        crate::domain::face_to_face::rate(self.face_to_face, self.lead + self.split)
    }
}

/// One co-handling assignment in the tracker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoHandlingRow {
    pub assignment_id: i64,
    pub item_id: i64,
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub unit_short: String,
    pub deadline: NaiveDate,
    /// The date the opinion came in, if it has.
    pub received_on: Option<NaiveDate>,
}

impl Store {
    /// Every unit with its counts and the face-to-face head rule (active assignments on
    /// filed items).
    pub fn unit_rows(&self) -> Result<Vec<UnitRow>> {
        let threshold = self.data.rules.face_to_face.head_threshold;
        let mut st = self.conn().prepare(
            "SELECT u.id, u.name, u.short_name, u.head,
                (SELECT count(*) FROM assignment a JOIN item i ON i.id = a.item_id
                   WHERE a.unit_id = u.id AND a.ended_on IS NULL AND a.role = 'lead' AND i.filing = 'filed'),
                (SELECT count(*) FROM assignment a JOIN item i ON i.id = a.item_id
                   WHERE a.unit_id = u.id AND a.ended_on IS NULL AND a.role = 'split' AND i.filing = 'filed'),
                (SELECT count(*) FROM assignment a JOIN item i ON i.id = a.item_id
                   WHERE a.unit_id = u.id AND a.ended_on IS NULL AND a.role = 'co_handling' AND i.filing = 'filed'),
                (SELECT count(DISTINCT f.item_id) FROM face_to_face f
                   JOIN assignment a ON a.item_id = f.item_id AND a.unit_id = f.unit_id AND a.ended_on IS NULL AND a.role != 'co_handling'
                   JOIN item i ON i.id = f.item_id WHERE f.unit_id = u.id AND i.filing = 'filed'),
                (SELECT count(DISTINCT f.item_id) FROM face_to_face f
                   JOIN assignment a ON a.item_id = f.item_id AND a.unit_id = f.unit_id AND a.ended_on IS NULL AND a.role != 'co_handling'
                   JOIN item i ON i.id = f.item_id WHERE f.unit_id = u.id AND f.rank = 'head' AND i.filing = 'filed')
             FROM unit u WHERE u.active = TRUE ORDER BY u.name",
        )?;
        // The head rule is the ranking's (over each unit's items due), from the one set of
        // figures, so the units screen, the dashboard and the ranking agree.
        let rules: std::collections::HashMap<i64, HeadRule> =
            self.figure_book(None)?.set.units.iter().map(|f| (f.unit_id, f.head_rule(threshold))).collect();
        let rows = st.query_map([], |r| {
            let (lead, split): (u32, u32) = (r.get(4)?, r.get(5)?);
            Ok(UnitRow {
                unit_id: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                head: r.get(3)?,
                lead,
                split,
                co_handling: r.get(6)?,
                face_to_face: r.get(7)?,
                head_rule: match rules.get(&r.get(0)?) {
                    Some(rule) => *rule,
                    None => HeadRule::new(lead + split, r.get(8)?, threshold),
                },
            })
        })?;
        let mut rows: Vec<UnitRow> = rows.collect::<crate::store::db::DbResult<_>>()?;
        self.sort_by_unit_order(&mut rows, |r| r.unit_id)?;
        Ok(rows)
    }

    /// Every active co-handling assignment with its opinion's date, by deadline.
    pub fn co_handling_tracker(&self) -> Result<Vec<CoHandlingRow>> {
        let mut st = self.conn().prepare(
            "SELECT a.id, i.id, i.number, i.title, u.short_name, a.deadline,
                    (SELECT min(received_on) FROM co_opinion o WHERE o.assignment_id = a.id), i.kind
             FROM assignment a JOIN item i ON i.id = a.item_id JOIN unit u ON u.id = a.unit_id
             WHERE a.role = 'co_handling' AND a.ended_on IS NULL AND i.filing = 'filed'
             ORDER BY a.deadline, i.number_key",
        )?;
        let rows = st.query_map([], |r| {
            Ok(CoHandlingRow {
                assignment_id: r.get(0)?,
                item_id: r.get(1)?,
                kind: crate::store::kind_at(r, 7)?,
                number: r.get(2)?,
                title: r.get(3)?,
                unit_short: r.get(4)?,
                deadline: date(&r.get::<_, String>(5)?),
                received_on: opt_date(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
    }
}
