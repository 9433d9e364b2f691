//! The queries that fill the report figures ([`crate::domain::figures`]): a handful of
//! whole-table reads joined in memory, never a query per item. Only filed items (已立案)
//! count; archived meetings are included (they stay reportable).
use super::{date, opt_date, Result, Store};
use crate::domain::figures::{per_unit, Figures, ItemFacts, UnitFigures, UnitPart};
use crate::domain::{Kind, Meeting, Role, Satisfaction, Timing, Unit};
use std::collections::{HashMap, HashSet};

/// Figures for one meeting (and so one kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFigures {
    pub meeting: Meeting,
    pub kind: Kind,
    pub figures: Figures,
}

/// One row of the per-unit table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    pub unit: Unit,
    pub figures: UnitFigures,
}

impl Store {
    /// The scheme's class codes, in order.
    pub fn class_codes(&self) -> Vec<String> {
        self.data.rules.scheme.classes.iter().map(|c| c.code.clone()).collect()
    }

    /// The facts of every filed item, of one meeting or all.
    pub fn item_facts(&self, meeting: Option<i64>) -> Result<Vec<ItemFacts>> {
        let c = self.conn();
        let mut items: Vec<ItemFacts> = Vec::new();
        let mut index: HashMap<i64, usize> = HashMap::new();
        {
            let mut st = c.prepare(
                "SELECT id, meeting_id, kind, timing FROM item
                 WHERE filing = 'filed' AND (?1 IS NULL OR meeting_id = ?1) ORDER BY id",
            )?;
            let rows = st.query_map([meeting], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Kind>(2)?, r.get::<_, Timing>(3)?))
            })?;
            for r in rows {
                let (id, m, kind, timing) = r?;
                index.insert(id, items.len());
                items.push(ItemFacts {
                    item_id: id,
                    meeting_id: m,
                    kind,
                    timing,
                    units: Vec::new(),
                    first_feedback: None,
                    final_feedback: None,
                    second_round: false,
                    turned_satisfied: false,
                });
            }
        }
        let f2f: HashSet<(i64, i64)> = {
            let mut st = c.prepare("SELECT item_id, unit_id FROM face_to_face")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        {
            // A reply counts unless review returned it; the first such date is when the unit
            // replied, the latest one's class is its result.
            let mut st = c.prepare(
                "SELECT a.item_id, a.unit_id, a.role, a.deadline,
                        (SELECT min(replied_on) FROM reply WHERE assignment_id = a.id AND review != 'returned'),
                        (SELECT result_class FROM reply WHERE assignment_id = a.id AND review != 'returned'
                         ORDER BY round DESC, id DESC LIMIT 1)
                 FROM assignment a WHERE a.ended_on IS NULL ORDER BY a.item_id, a.id",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Role>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?;
            for r in rows {
                let (item, unit, role, deadline, replied, class) = r?;
                let Some(&i) = index.get(&item) else { continue };
                let replies = role.replies();
                items[i].units.push(UnitPart {
                    unit_id: unit,
                    role,
                    deadline: date(&deadline),
                    replied_on: if replies { opt_date(replied) } else { None },
                    class: if replies { class.filter(|c| !c.is_empty()) } else { None },
                    face_to_face: replies && f2f.contains(&(item, unit)),
                });
            }
        }
        {
            // Per item and round, the least satisfied opinion (several proposers may answer).
            let mut st = c.prepare("SELECT item_id, round, level FROM feedback ORDER BY item_id, round, id")?;
            let rows =
                st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Satisfaction>(2)?)))?;
            let mut rounds: HashMap<i64, (i64, Satisfaction, i64, Satisfaction)> = HashMap::new();
            for r in rows {
                let (item, round, level) = r?;
                let e = rounds.entry(item).or_insert((round, level, round, level));
                if round == e.0 {
                    e.1 = e.1.max(level);
                }
                if round > e.2 {
                    (e.2, e.3) = (round, level);
                } else if round == e.2 {
                    e.3 = e.3.max(level);
                }
            }
            for (item, (_, first, _, last)) in rounds {
                if let Some(&i) = index.get(&item) {
                    items[i].first_feedback = Some(first);
                    items[i].final_feedback = Some(last);
                }
            }
        }
        {
            let mut st = c.prepare("SELECT item_id, outcome FROM second_round")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<Satisfaction>>(1)?)))?;
            for r in rows {
                let (item, outcome) = r?;
                let Some(&i) = index.get(&item) else { continue };
                items[i].second_round = true;
                let turned = outcome.is_some_and(|s| s != Satisfaction::Unsatisfied);
                items[i].turned_satisfied |= turned;
            }
        }
        Ok(items)
    }

    /// The figures of one meeting, or of every meeting together.
    pub fn figures(&self, meeting: Option<i64>) -> Result<Figures> {
        Ok(Figures::compute(&self.item_facts(meeting)?, &self.class_codes(), self.today()))
    }

    /// Figures per meeting (each meeting files one kind), newest meeting first.
    pub fn meeting_figures(&self) -> Result<Vec<MeetingFigures>> {
        let facts = self.item_facts(None)?;
        let codes = self.class_codes();
        let today = self.today();
        let mut out = Vec::new();
        for m in self.meetings()? {
            let items: Vec<ItemFacts> = facts.iter().filter(|f| f.meeting_id == m.id).cloned().collect();
            if items.is_empty() {
                continue;
            }
            out.push(MeetingFigures {
                kind: m.body.kind(),
                figures: Figures::compute(&items, &codes, today),
                meeting: m,
            });
        }
        Ok(out)
    }

    /// The per-unit table of one meeting or all, by unit name.
    pub fn unit_figures(&self, meeting: Option<i64>) -> Result<Vec<UnitRow>> {
        let figures = per_unit(&self.item_facts(meeting)?, &self.class_codes(), self.today());
        let units: HashMap<i64, Unit> = self.all_units()?.into_iter().map(|u| (u.id, u)).collect();
        let mut rows: Vec<UnitRow> = figures
            .into_iter()
            .filter_map(|f| units.get(&f.unit_id).map(|u| UnitRow { unit: u.clone(), figures: f }))
            .collect();
        rows.sort_by(|a, b| a.unit.name.cmp(&b.unit.name));
        Ok(rows)
    }

    /// Every unit, active or not (a retired unit still appears in last year's table).
    fn all_units(&self) -> Result<Vec<Unit>> {
        use super::ledger::{unit_from_row, UNIT_COLUMNS};
        let mut st = self.conn().prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit"))?;
        let rows = st.query_map([], unit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The meeting with this name.
    pub fn meeting_by_name(&self, name: &str) -> Result<Option<Meeting>> {
        let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        Ok(self
            .meetings()?
            .into_iter()
            .find(|m| m.name.chars().filter(|c| !c.is_whitespace()).collect::<String>() == key))
    }
}
