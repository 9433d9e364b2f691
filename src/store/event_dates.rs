//! Where the store checks the dates of events that happened: each write hands its date and
//! the dates of the events it follows to [`crate::domain::event_dates::check`] (the one
//! rule), through [`Tx::check_event_date`]. The dates it needs and does not already have
//! are read here.
use super::error::Result;
use super::{opt_date, Tx};
use crate::domain::event_dates::{self, Event};
use chrono::NaiveDate;
use rusqlite::params;
use std::sync::LazyLock;

/// Where each event of an item is dated: (event, a query for its latest date on item `?1`).
const DATED: &[(Event, &str)] = &[
    (Event::Filed, "SELECT filed_on FROM item WHERE id = ?1"),
    (Event::FilingReview, "SELECT filing_on FROM item WHERE id = ?1"),
    (Event::Assignment, "SELECT max(assigned_on) FROM assignment WHERE item_id = ?1"),
    (Event::Receipt, "SELECT max(received_on) FROM assignment WHERE item_id = ?1"),
    (
        Event::ReassignmentRequest,
        "SELECT max(r.requested_on) FROM reassignment_request r JOIN assignment a ON a.id = r.assignment_id WHERE a.item_id = ?1",
    ),
    (
        Event::ReassignmentDecision,
        "SELECT max(r.decided_on) FROM reassignment_request r JOIN assignment a ON a.id = r.assignment_id WHERE a.item_id = ?1",
    ),
    (
        Event::CoOpinion,
        "SELECT max(o.received_on) FROM co_opinion o JOIN assignment a ON a.id = o.assignment_id WHERE a.item_id = ?1",
    ),
    (Event::Contact, "SELECT max(contacted_on) FROM contact WHERE item_id = ?1"),
    (Event::FaceToFace, "SELECT max(met_on) FROM face_to_face WHERE item_id = ?1"),
    (Event::Reply, "SELECT max(r.replied_on) FROM reply r JOIN assignment a ON a.id = r.assignment_id WHERE a.item_id = ?1"),
    (
        Event::Review,
        "SELECT max(v.reviewed_on) FROM review v JOIN reply r ON r.id = v.reply_id JOIN assignment a ON a.id = r.assignment_id
         WHERE a.item_id = ?1",
    ),
    (
        Event::Published,
        "SELECT max(r.published_on) FROM reply r JOIN assignment a ON a.id = r.assignment_id WHERE a.item_id = ?1",
    ),
    (Event::Feedback, "SELECT max(received_on) FROM feedback WHERE item_id = ?1"),
    (Event::SecondRound, "SELECT max(opened_on) FROM second_round WHERE item_id = ?1"),
    (Event::SecondRoundEnd, "SELECT max(closed_on) FROM second_round WHERE item_id = ?1"),
    (
        Event::Progress,
        "SELECT max(p.noted_on) FROM progress_note p JOIN second_round s ON s.id = p.second_round_id WHERE s.item_id = ?1",
    ),
    (Event::Reminder, "SELECT max(reminded_on) FROM reminder WHERE item_id = ?1"),
    (Event::CommitmentDone, "SELECT max(done_on) FROM commitment WHERE item_id = ?1"),
    (Event::Reopening, "SELECT max(reopened_on) FROM closure WHERE item_id = ?1"),
];

/// One query for every event's latest date on an item: rows of (index into [`DATED`], date).
static LATEST: LazyLock<String> = LazyLock::new(|| {
    DATED.iter().enumerate().map(|(i, (_, q))| format!("SELECT {i}, ({q})")).collect::<Vec<_>>().join(" UNION ALL ")
});

impl Tx<'_> {
    /// Refuses `on` as the date of `event` when it is after today or before one of the
    /// events it follows (`follows`: each earlier event and its date).
    pub fn check_event_date(&self, event: Event, on: NaiveDate, follows: &[(Event, NaiveDate)]) -> Result<()> {
        Ok(event_dates::check(event, on, self.today, follows)?)
    }

    /// The latest event recorded on an item, and its date (what a closure follows).
    pub fn last_event(&self, item_id: i64) -> Result<Option<(Event, NaiveDate)>> {
        let mut st = self.conn().prepare_cached(&LATEST)?;
        let rows = st.query_map([item_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)))?;
        let mut last: Option<(Event, NaiveDate)> = None;
        for r in rows {
            let (i, on) = r?;
            if let (Some(on), Some((event, _))) = (opt_date(on), usize::try_from(i).ok().and_then(|i| DATED.get(i))) {
                if last.is_none_or(|(_, d)| on > d) {
                    last = Some((*event, on));
                }
            }
        }
        Ok(last)
    }

    /// The item's filing date (提出日期).
    pub fn filed_on(&self, item_id: i64) -> Result<(Event, NaiveDate)> {
        let on: String = self.conn().query_row("SELECT filed_on FROM item WHERE id = ?1", [item_id], |r| r.get(0))?;
        Ok((Event::Filed, super::date(&on)))
    }

    /// The earliest assignment of a unit on an item, if it has one (what its contacts,
    /// face-to-face replies and reminders follow), with the item's filing date.
    pub fn unit_follows(&self, item_id: i64, unit_id: Option<i64>) -> Result<Vec<(Event, NaiveDate)>> {
        let mut out = vec![self.filed_on(item_id)?];
        if let Some(unit) = unit_id {
            let on: Option<String> = self.conn().query_row(
                "SELECT min(assigned_on) FROM assignment WHERE item_id = ?1 AND unit_id = ?2",
                params![item_id, unit],
                |r| r.get(0),
            )?;
            out.extend(opt_date(on).map(|d| (Event::Assignment, d)));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_latest_event_query_runs_on_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = crate::store::Store::open(&dir.path().join("a.db"), "t", crate::data::load(None).unwrap()).unwrap();
        s.generate(20, 3).unwrap();
        let ids: Vec<i64> = {
            let mut st = s.conn().prepare("SELECT id FROM item").unwrap();
            st.query_map([], |r| r.get(0)).unwrap().collect::<crate::store::db::DbResult<_>>().unwrap()
        };
        for id in ids {
            let (filed, last) = s.write(|t| Ok((t.filed_on(id)?, t.last_event(id)?))).unwrap();
            let (_, on) = last.expect("every item has a filing date");
            assert!(on >= filed.1);
        }
    }
}
