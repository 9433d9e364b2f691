//! The one set of figures ([`crate::domain::figures`]) read from the ledger: the facts of
//! every filed item (a handful of whole-table reads joined in memory, never a query per
//! item), and [`FigureBook`], the figures of one scope in every breakdown that the
//! dashboard, report, ranking, notice and statistics export all read. Only filed items
//! (已立案) count; archived meetings are included (they stay reportable).
pub(crate) mod facts;

use super::{Result, Store};
use crate::domain::figures::{FigureSet, Figures, ItemFacts, SetTally, UnitFigures};
use crate::domain::{Kind, Meeting, Unit};
use chrono::NaiveDate;
use facts::load_item_facts;
use std::collections::HashMap;

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

/// Every figure of one scope (one meeting, or every meeting together), computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureBook {
    /// The day the figures stand at.
    pub today: NaiveDate,
    /// `None` for every meeting together.
    pub meeting: Option<i64>,
    /// The scope's items, per kind, per meeting, per unit.
    pub set: FigureSet,
    /// Per meeting with items, newest first, with the meeting.
    pub meetings: Vec<MeetingFigures>,
    /// Per unit with an assignment, with the unit, by name.
    pub units: Vec<UnitRow>,
}

impl FigureBook {
    /// The scope's figures (all its items).
    pub fn all(&self) -> &Figures {
        &self.set.all
    }

    /// Filed items of `kind` in the scope.
    pub fn kind_items(&self, kind: Kind) -> u32 {
        self.set.kind(kind).map_or(0, |f| f.items)
    }
}

impl Store {
    /// The scheme's class codes, in order.
    pub fn class_codes(&self) -> Vec<String> {
        self.data.rules.scheme.classes.iter().map(|c| c.code.clone()).collect()
    }

    /// The facts of every filed item, of one meeting or all.
    pub fn item_facts(&self, meeting: Option<i64>) -> Result<Vec<ItemFacts>> {
        load_item_facts(self.conn(), meeting)
    }

    /// Every figure of one meeting, or of every meeting together: the one place figures
    /// are computed.
    pub fn figure_book(&self, meeting: Option<i64>) -> Result<FigureBook> {
        let (today, codes) = (self.today(), self.class_codes());
        // The facts are counted a chunk at a time: a large ledger's are never held whole.
        let mut tally = SetTally::default();
        facts::each_item_facts(self.conn(), meeting, |f| tally.add(f, &codes, today))?;
        let mut set = tally.finish(&codes);
        if meeting.is_none() {
            for (unit, reminders, interviews) in facts::unit_reminders(self.conn(), None)? {
                set.add_unit_reminders(unit, reminders, interviews);
            }
        }
        let mut meetings = Vec::new();
        for m in self.meetings()? {
            if let Some(f) = set.meeting(m.id) {
                meetings.push(MeetingFigures { kind: m.body.kind(), figures: f.clone(), meeting: m });
            }
        }
        let names: HashMap<i64, Unit> = self.all_units()?.into_iter().map(|u| (u.id, u)).collect();
        let mut units: Vec<UnitRow> = set
            .units
            .iter()
            .filter_map(|f| names.get(&f.unit_id).map(|u| UnitRow { unit: u.clone(), figures: f.clone() }))
            .collect();
        self.sort_by_unit_order(&mut units, |r| r.unit.id)?;
        Ok(FigureBook { today, meeting, set, meetings, units })
    }

    /// The figures of the items of `year`'s meetings (the year-end evaluation's scope), each
    /// item's facts given to `each` as they are counted (a chunk at a time, never held
    /// whole): reminders and interviews logged on a unit as a whole count when they were
    /// logged in that year.
    pub fn year_figures(&self, year: i32, mut each: impl FnMut(&ItemFacts)) -> Result<FigureSet> {
        let meetings: Vec<i64> = self.meetings()?.into_iter().filter(|m| m.year == year).map(|m| m.id).collect();
        let (today, codes) = (self.today(), self.class_codes());
        let mut tally = SetTally::default();
        facts::each_item_facts(self.conn(), None, |f| {
            if meetings.contains(&f.meeting_id) {
                tally.add(f, &codes, today);
                each(f);
            }
        })?;
        let mut set = tally.finish(&codes);
        for (unit, reminders, interviews) in facts::unit_reminders(self.conn(), Some(year))? {
            set.add_unit_reminders(unit, reminders, interviews);
        }
        Ok(set)
    }

    /// The figures of one meeting, or of every meeting together.
    pub fn figures(&self, meeting: Option<i64>) -> Result<Figures> {
        Ok(self.figure_book(meeting)?.set.all)
    }

    /// Figures per meeting (each meeting files one kind), newest meeting first.
    pub fn meeting_figures(&self) -> Result<Vec<MeetingFigures>> {
        Ok(self.figure_book(None)?.meetings)
    }

    /// The per-unit table of one meeting or all, in the office's order of units.
    pub fn unit_figures(&self, meeting: Option<i64>) -> Result<Vec<UnitRow>> {
        Ok(self.figure_book(meeting)?.units)
    }

    /// Every unit, active or not (a retired unit still appears in last year's table).
    fn all_units(&self) -> Result<Vec<Unit>> {
        use super::ledger::{unit_from_row, UNIT_COLUMNS};
        let mut st = self.conn().prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit"))?;
        let rows = st.query_map([], unit_from_row)?;
        Ok(rows.collect::<crate::store::db::DbResult<_>>()?)
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

#[cfg(test)]
mod tests {
    use crate::domain::figures::{FigureSet, SetTally};
    use crate::store::Store;

    #[test]
    fn figures_counted_a_chunk_at_a_time_are_the_figures_of_every_item_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("d.db"), "测试员", crate::data::load(None).unwrap()).unwrap();
        store.set_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        store.load_demo().unwrap();
        let (today, codes) = (store.today(), store.class_codes());
        for meeting in [None, store.meetings().unwrap().first().map(|m| m.id)] {
            let whole = FigureSet::compute(&store.item_facts(meeting).unwrap(), &codes, today);
            assert!(whole.all.items > 0);
            for chunk in [1, 7, 100, 100_000] {
                let mut tally = SetTally::default();
                super::facts::each_item_facts_by(store.conn(), meeting, chunk, |f| tally.add(f, &codes, today))
                    .unwrap();
                assert_eq!(tally.finish(&codes), whole, "chunks of {chunk}, meeting {meeting:?}");
            }
        }
    }
}
